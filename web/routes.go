package web

import (
	"crypto/subtle"
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-contrib/gzip"
	"github.com/gin-gonic/gin"
	"github.com/rs/cors"
)

// contentSecurityPolicy allows nothing inline and nothing from elsewhere: the
// page is static files of this server and the API.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'"

func (s *Server) routes() *gin.Engine {
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.HandleMethodNotAllowed = true
	// Record ids may hold any character, "/" too: the page and the API
	// escape them (encodeURIComponent), and routes match the escaped path,
	// so that /proposal/a%2Fb is one id, a/b.
	r.UseRawPath = true
	r.Use(s.recovery, s.metrics.middleware, securityHeaders, wholeAnswers, gzip.Gzip(gzip.DefaultCompression, gzip.WithExcludedPaths([]string{"/metrics"})))
	r.NoRoute(func(c *gin.Context) {
		jsonError(c, http.StatusNotFound, "", "no such page or API route: "+c.Request.URL.Path)
	})
	r.NoMethod(func(c *gin.Context) {
		jsonError(c, http.StatusMethodNotAllowed, "", "method "+c.Request.Method+" not allowed here")
	})

	api := r.Group("/api", s.corsMiddleware())
	api.GET("/search", s.handleSearch)
	api.GET("/proposals/:id", s.handleProposal)
	api.GET("/similar", s.handleSimilarGet)
	api.POST("/similar", s.handleSimilarPost)
	api.GET("/suggest", s.handleSuggest)
	api.GET("/export", s.handleExport)
	api.GET("/openapi.json", s.handleOpenAPI)
	for _, p := range []string{"/search", "/proposals/:id", "/similar", "/suggest", "/export", "/openapi.json"} {
		api.OPTIONS(p, func(c *gin.Context) { c.Status(http.StatusNoContent) })
	}
	if s.cfg.AdminToken != "" {
		admin := r.Group("/api/admin", s.requireToken)
		admin.POST("/import", s.handleImport)
		admin.POST("/reload", s.handleReload)
	}
	r.GET("/healthz", s.handleHealth)
	r.GET("/metrics", s.metrics.handler())

	r.GET("/", s.handlePage)
	r.GET("/proposal/:id", s.handlePage)
	r.GET("/embed.js", s.handleAsset("embed.js"))
	r.StaticFS("/ui", http.FS(uiFS()))
	return r
}

func securityHeaders(c *gin.Context) {
	h := c.Writer.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("Content-Security-Policy", contentSecurityPolicy)
	c.Next()
}

// corsMiddleware lets the allowed origins call the API from their pages
// (the embeddable search box) and refuses every other cross-origin call
// with 403, so that it fails loudly rather than by a browser's silence.
func (s *Server) corsMiddleware() gin.HandlerFunc {
	allowed := map[string]bool{}
	for _, o := range s.cfg.CORSOrigins {
		allowed[strings.TrimRight(o, "/")] = true
	}
	c := cors.New(cors.Options{
		AllowedOrigins: s.cfg.CORSOrigins,
		AllowedMethods: []string{http.MethodGet, http.MethodPost},
		AllowedHeaders: []string{"Content-Type"},
		MaxAge:         600,
	})
	return func(ctx *gin.Context) {
		origin := ctx.GetHeader("Origin")
		if origin != "" && !sameOrigin(origin, ctx.Request) && !allowed[origin] {
			jsonError(ctx, http.StatusForbidden, "Origin", "origin "+origin+" is not allowed to use this API (see -cors-origin)")
			return
		}
		c.HandlerFunc(ctx.Writer, ctx.Request)
		if ctx.Request.Method == http.MethodOptions {
			ctx.AbortWithStatus(http.StatusNoContent)
			return
		}
		ctx.Next()
	}
}

func sameOrigin(origin string, r *http.Request) bool {
	u, err := url.Parse(origin)
	return err == nil && u.Host == r.Host
}

func (s *Server) requireToken(c *gin.Context) {
	tok := c.GetHeader("X-Admin-Token")
	if a := c.GetHeader("Authorization"); strings.HasPrefix(a, "Bearer ") {
		tok = strings.TrimPrefix(a, "Bearer ")
	}
	if subtle.ConstantTimeCompare([]byte(tok), []byte(s.cfg.AdminToken)) != 1 {
		jsonError(c, http.StatusUnauthorized, "token", "admin token missing or wrong")
		return
	}
	c.Next()
}

func (s *Server) recovery(c *gin.Context) {
	defer func() {
		if v := recover(); v != nil {
			s.log.Error("panic serving request", "path", c.Request.URL.Path, "panic", v)
			jsonError(c, http.StatusInternalServerError, "", "internal error")
		}
	}()
	c.Next()
}

func (s *Server) handlePage(c *gin.Context) {
	c.Header("Cache-Control", "no-cache")
	c.Data(http.StatusOK, "text/html; charset=utf-8", s.page)
}

func (s *Server) handleAsset(name string) gin.HandlerFunc {
	return func(c *gin.Context) {
		data, err := assetBytes(name)
		if err != nil {
			jsonError(c, http.StatusNotFound, "", name+" missing")
			return
		}
		c.Header("Cache-Control", "no-cache")
		// The box is loaded by other origins' pages with a script tag.
		c.Header("Cross-Origin-Resource-Policy", "cross-origin")
		c.Data(http.StatusOK, "text/javascript; charset=utf-8", data)
	}
}

func (s *Server) handleOpenAPI(c *gin.Context) {
	data, _ := assets.ReadFile("openapi.json")
	c.Data(http.StatusOK, "application/json; charset=utf-8", data)
}

func assetBytes(name string) ([]byte, error) { return assets.ReadFile("ui/" + name) }
