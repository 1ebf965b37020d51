package web

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"strings"
)

// An intranet may publish the service under a path of its own, e.g.
// http://intranet.example/precedent/, through a reverse proxy or a load
// balancer. Config.BasePath names that path: the page and its links use it,
// and the server answers both with it (a proxy that passes the path on) and
// without it (a proxy that strips it).

// CleanBasePath checks a base path and returns it in the form the server
// uses: "" for the root, else "/" and segments without a trailing slash
// ("/precedent", "/apps/precedent"). Only letters, digits and - . _ ~ are
// allowed in a segment, so that the path is safe in a URL and in HTML as is.
func CleanBasePath(p string) (string, error) {
	p = strings.TrimRight(p, "/")
	if p == "" {
		return "", nil
	}
	if !strings.HasPrefix(p, "/") {
		return "", fmt.Errorf("base path %q: want it to start with /, e.g. /precedent", p)
	}
	for _, seg := range strings.Split(p[1:], "/") {
		if seg == "" || seg == "." || seg == ".." {
			return "", fmt.Errorf("base path %q: empty, . or .. segment", p)
		}
		for _, r := range seg {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-._~", r)) {
				return "", fmt.Errorf("base path %q: %q is not allowed (letters, digits, - . _ ~ and /)", p, r)
			}
		}
	}
	return p, nil
}

// underBasePath serves h under base: a request for base/x is served as /x,
// one for /x as is (the proxy stripped the prefix), one for base alone is
// redirected to base/. The redirects h answers with (a trailing slash
// removed, a directory's slash added) get the prefix back.
func underBasePath(base string, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == base {
			target := base + "/"
			if r.URL.RawQuery != "" {
				target += "?" + r.URL.RawQuery
			}
			http.Redirect(w, r, target, http.StatusMovedPermanently)
			return
		}
		if rest, ok := strings.CutPrefix(r.URL.Path, base+"/"); ok {
			r2 := new(http.Request)
			*r2 = *r
			u := *r.URL
			u.Path = "/" + rest
			if u.RawPath != "" {
				u.RawPath = "/" + strings.TrimPrefix(u.RawPath, base+"/")
			}
			r2.URL = &u
			r = r2
		}
		h.ServeHTTP(prefixRedirects{w, base}, r)
	})
}

// prefixRedirects adds the base path to the root-relative Location of a
// redirect.
type prefixRedirects struct {
	http.ResponseWriter
	base string
}

func (w prefixRedirects) WriteHeader(code int) {
	if code >= 300 && code < 400 {
		loc := w.Header().Get("Location")
		if strings.HasPrefix(loc, "/") && !strings.HasPrefix(loc, "//") && loc != w.base && !strings.HasPrefix(loc, w.base+"/") {
			w.Header().Set("Location", w.base+loc)
		}
	}
	w.ResponseWriter.WriteHeader(code)
}

// Flush passes a flush on (gin's writer asks its writer for http.Flusher).
func (w prefixRedirects) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// Unwrap lets http.ResponseController reach the connection's writer.
func (w prefixRedirects) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// renderPage fills the page's template (ui/index.html) with the base path:
// its own links and the <meta name="precedent-base"> that app.js reads (the
// page's CSP allows no inline script to pass it otherwise).
func renderPage(base string) ([]byte, error) {
	src, err := assetBytes("index.html")
	if err != nil {
		return nil, fmt.Errorf("page template: %w", err)
	}
	t, err := template.New("index.html").Parse(string(src))
	if err != nil {
		return nil, fmt.Errorf("page template: %w", err)
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, struct{ Base string }{base}); err != nil {
		return nil, fmt.Errorf("page template: %w", err)
	}
	return buf.Bytes(), nil
}

// staticFS is the page's files under /ui/, without the page's template,
// which is served rendered at / only.
type staticFS struct{ fs.FS }

func (f staticFS) Open(name string) (fs.File, error) {
	if name == "index.html" {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return f.FS.Open(name)
}
