package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/govreply/precedent/indexer"
	"github.com/govreply/precedent/ingest"
	"github.com/govreply/precedent/record"
	"github.com/govreply/precedent/search"
)

// jsonError answers with {"error": msg, "param": param} and stops the chain.
func jsonError(c *gin.Context, code int, param, msg string) {
	body := gin.H{"error": msg}
	if param != "" {
		body["param"] = param
	}
	c.AbortWithStatusJSON(code, body)
}

// fail maps an error to its HTTP answer: a bad request names the parameter,
// an unknown id is a 404, overload a 503 with Retry-After.
func (s *Server) fail(c *gin.Context, err error) {
	var re *search.RequestError
	switch {
	case errors.As(err, &re):
		jsonError(c, http.StatusBadRequest, re.Param, re.Error())
	case errors.Is(err, search.ErrNotFound):
		jsonError(c, http.StatusNotFound, "id", "not found")
	case errors.Is(err, ErrOverloaded):
		s.metrics.rejected.Inc()
		c.Header("Retry-After", "1")
		jsonError(c, http.StatusServiceUnavailable, "", "the search is busy; try again in a moment")
	case errors.Is(err, context.DeadlineExceeded):
		c.Header("Retry-After", "1")
		jsonError(c, http.StatusServiceUnavailable, "", "the search took too long; try a narrower query")
	case errors.Is(err, context.Canceled):
		c.Abort() // the client went away
	default:
		s.log.Error("request failed", "path", c.Request.URL.Path, "err", err)
		jsonError(c, http.StatusInternalServerError, "", "internal error")
	}
}

// withIndex runs fn with a search slot, a deadline and the current index.
func (s *Server) withIndex(c *gin.Context, fn func(ctx context.Context, sr *search.Searcher) error) {
	release, err := s.slot(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	defer release()
	h := s.acquire()
	defer h.release()
	c.Header(SnapshotHeader, h.s.Meta().Snapshot)
	ctx, cancel := context.WithTimeout(c.Request.Context(), s.cfg.Timeout)
	defer cancel()
	if err := fn(ctx, h.s); err != nil {
		s.fail(c, err)
	}
}

func (s *Server) handleSearch(c *gin.Context) {
	r, err := parseSearch(c.Request.URL.Query())
	if err != nil {
		s.fail(c, err)
		return
	}
	s.withIndex(c, func(ctx context.Context, sr *search.Searcher) error {
		resp, err := sr.Search(ctx, r)
		if err != nil {
			return err
		}
		c.JSON(http.StatusOK, resp)
		return nil
	})
}

func (s *Server) handleProposal(c *gin.Context) {
	id := strings.TrimSpace(c.Param("id"))
	if id == "" || len(id) > 256 {
		jsonError(c, http.StatusBadRequest, "id", fmt.Sprintf("%q is not a record id", id))
		return
	}
	s.withIndex(c, func(ctx context.Context, sr *search.Searcher) error {
		p, err := sr.Proposal(ctx, id)
		if errors.Is(err, search.ErrNotFound) {
			jsonError(c, http.StatusNotFound, "id", "no record "+id)
			return nil
		}
		if err != nil {
			return err
		}
		c.JSON(http.StatusOK, p)
		return nil
	})
}

func (s *Server) handleSimilarGet(c *gin.Context) {
	q := c.Request.URL.Query()
	for k := range q {
		if k != "id" && k != "size" && k != "text" {
			jsonError(c, http.StatusBadRequest, k, k+": unknown parameter")
			return
		}
	}
	size, err := optInt(q, "size", 1, search.MaxSize)
	if err != nil {
		s.fail(c, err)
		return
	}
	req := search.SimilarRequest{ID: q.Get("id"), Text: q.Get("text"), Size: size}
	if req.ID == "" && req.Text == "" {
		jsonError(c, http.StatusBadRequest, "id", "id: give a suggestion id (like 20190720-1), or POST a draft text")
		return
	}
	s.similar(c, req)
}

func (s *Server) handleSimilarPost(c *gin.Context) {
	var body struct {
		Text string `json:"text"`
		ID   string `json:"id"`
		Size int    `json:"size"`
	}
	dec := json.NewDecoder(http.MaxBytesReader(c.Writer, c.Request.Body, s.cfg.MaxBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&body); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			jsonError(c, http.StatusRequestEntityTooLarge, "text", fmt.Sprintf("body larger than %d bytes", s.cfg.MaxBody))
			return
		}
		jsonError(c, http.StatusBadRequest, "body", "want JSON {\"text\": \"…\", \"size\": 5}: "+err.Error())
		return
	}
	s.similar(c, search.SimilarRequest{Text: body.Text, ID: body.ID, Size: body.Size})
}

func (s *Server) similar(c *gin.Context, req search.SimilarRequest) {
	s.withIndex(c, func(ctx context.Context, sr *search.Searcher) error {
		resp, err := sr.Similar(ctx, req)
		if errors.Is(err, search.ErrNotFound) {
			jsonError(c, http.StatusNotFound, "id", "no suggestion "+req.ID)
			return nil
		}
		if err != nil {
			return err
		}
		c.JSON(http.StatusOK, resp)
		return nil
	})
}

func (s *Server) handleSuggest(c *gin.Context) {
	q := c.Request.URL.Query()
	for k := range q {
		if k != "q" {
			jsonError(c, http.StatusBadRequest, k, k+": unknown parameter")
			return
		}
	}
	s.withIndex(c, func(ctx context.Context, sr *search.Searcher) error {
		out, err := sr.Suggest(ctx, q.Get("q"))
		if err != nil {
			return err
		}
		c.JSON(http.StatusOK, gin.H{"suggestions": out})
		return nil
	})
}

// handleExport writes the search's hits as CSV in the import format (UTF-8
// with a byte-order mark, so Excel opens it), every matching suggestion up
// to search.MaxExport.
func (s *Server) handleExport(c *gin.Context) {
	v := c.Request.URL.Query()
	v.Del("page")
	v.Del("size")
	r, err := parseSearch(v)
	if err != nil {
		s.fail(c, err)
		return
	}
	r.NoFacets = true
	s.withIndex(c, func(ctx context.Context, sr *search.Searcher) error {
		c.Header("Content-Type", "text/csv; charset=utf-8")
		c.Header("Content-Disposition", `attachment; filename="precedent-export.csv"`)
		c.Status(http.StatusOK)
		// The header needs the extra fields' names, which only the records
		// tell: they are gathered first (export is bounded by MaxExport).
		var ps []record.Proposal
		err := sr.Export(ctx, r, search.MaxExport, func(p *search.ProposalRecord) error {
			ps = append(ps, p.Proposal())
			return nil
		})
		if err == nil {
			err = ingest.WriteCSV(c.Writer, ps)
		}
		if err != nil {
			s.log.Warn("export stopped", "err", err) // headers are gone: the truncated file shows it
		}
		return nil
	})
}

// SnapshotHeader names, on every answer from an index (and /healthz), the
// snapshot that answered (indexer.Snapshot): behind a load balancer it says
// which replica's copy a client got.
const SnapshotHeader = "X-Precedent-Snapshot"

// handleHealth says whether this replica should get traffic: 200 when it
// serves the snapshot its data directory announces (its CURRENT file), 503
// "stale" when the two differ, so that a load balancer takes it out until
// it does: a roll-out or a build replaced CURRENT and the index has not been
// reloaded yet (SIGHUP), or the reload failed. It reads the CURRENT file(s)
// and nothing else. While the server loads, its Gate answers 503 "loading".
func (s *Server) handleHealth(c *gin.Context) {
	h := s.acquire()
	defer h.release()
	m := h.s.Meta()
	body := gin.H{"status": "ok", "snapshot": m.Snapshot, "suggestions": h.s.DocCount(), "proposals": m.Proposals,
		"built_at": m.BuiltAt, "analysis_version": m.AnalysisVersion, "partitions": h.s.Partitions()}
	code := http.StatusOK
	announced, err := indexer.Snapshot(s.cfg.DataDir)
	body["announced"] = announced
	switch {
	case err != nil:
		code = http.StatusServiceUnavailable
		body["status"] = "stale"
		body["error"] = "the data directory announces no snapshot: its CURRENT file is missing or unreadable"
	case announced != m.Snapshot:
		code = http.StatusServiceUnavailable
		body["status"] = "stale"
		body["error"] = "serving " + m.Snapshot + ", the data directory announces " + announced + ": not reloaded yet (SIGHUP), or the reload failed (see the log)"
	}
	c.Header("Cache-Control", "no-store")
	c.Header(SnapshotHeader, m.Snapshot)
	c.JSON(code, body)
}

// maxImport bounds an uploaded import.
const maxImport = 64 << 20

// handleImport takes one or more files (multipart field "file"), checks them
// all, and only when every one parses builds a new index and swaps it in.
func (s *Server) handleImport(c *gin.Context) {
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, maxImport)
	form, err := c.MultipartForm()
	if err != nil {
		jsonError(c, http.StatusBadRequest, "file", "want a multipart form with one or more \"file\" fields: "+err.Error())
		return
	}
	files := form.File["file"]
	if len(files) == 0 {
		jsonError(c, http.StatusBadRequest, "file", "no \"file\" field in the form")
		return
	}
	opts, err := importOptions(form.Value)
	if err != nil {
		jsonError(c, http.StatusBadRequest, "map", err.Error())
		return
	}
	coll := &ingest.Collection{}
	var errs []string
	var names []string
	for _, fh := range files {
		f, err := fh.Open()
		if err != nil {
			errs = append(errs, fh.Filename+": "+err.Error())
			continue
		}
		data, err := io.ReadAll(f)
		f.Close()
		if err != nil {
			errs = append(errs, fh.Filename+": "+err.Error())
			continue
		}
		srcs, err := ingest.ParseBytes(fh.Filename, data, opts)
		if err != nil {
			errs = append(errs, strings.Split(err.Error(), "\n")...)
			continue
		}
		for _, src := range srcs {
			coll.Add(src)
		}
		names = append(names, fh.Filename)
	}
	if len(errs) > 0 {
		c.AbortWithStatusJSON(http.StatusBadRequest, gin.H{"error": "import refused; the served index is unchanged", "param": "file", "details": errs})
		return
	}
	start := time.Now()
	st, err := s.Import(coll.Proposals, names)
	if err != nil {
		s.log.Error("import failed", "err", err)
		jsonError(c, http.StatusInternalServerError, "", "building the index failed; the served index is unchanged")
		return
	}
	var sources []gin.H
	for _, src := range coll.Sources {
		sh := gin.H{"name": src.Name, "rows": src.Rows, "records": len(src.Proposals), "suggestions": src.Suggestions()}
		if src.Mapping != nil {
			sh["columns"] = src.Mapping.String()
			sh["kept"] = src.Mapping.Unmapped()
		}
		if len(src.Skipped) > 0 {
			sh["skipped"] = src.Skipped
		}
		sources = append(sources, sh)
	}
	c.JSON(http.StatusOK, gin.H{"proposals": st.Proposals, "suggestions": st.Suggestions, "warnings": coll.Warnings, "sources": sources,
		"seconds": strconv.FormatFloat(time.Since(start).Seconds(), 'f', 2, 64)})
}

// importOptions reads the import form's optional fields: "map" (header=field,
// …, as the -map flag) and "kind" (the kind of records whose file names none).
func importOptions(v map[string][]string) (ingest.Options, error) {
	var opts ingest.Options
	for k := range v {
		if k != "map" && k != "kind" {
			return opts, fmt.Errorf("unknown form field %q (want file, map, kind)", k)
		}
	}
	if m := v["map"]; len(m) > 0 {
		cm, err := ingest.ParseColumnMap(strings.Join(m, ","))
		if err != nil {
			return opts, err
		}
		opts.Map = cm
	}
	if k := v["kind"]; len(k) > 0 {
		opts.Kind = record.NormalizeKind(k[0])
	}
	return opts, nil
}

func (s *Server) handleReload(c *gin.Context) {
	if err := s.ReloadThesaurus(); err != nil {
		jsonError(c, http.StatusBadRequest, "thesaurus", err.Error())
		return
	}
	if err := s.Reload(); err != nil {
		jsonError(c, http.StatusInternalServerError, "", "reload failed; the served index is unchanged: "+err.Error())
		return
	}
	c.JSON(http.StatusOK, gin.H{"status": "reloaded", "suggestions": s.Searcher().DocCount()})
}
