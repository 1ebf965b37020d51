// Package web serves the search over HTTP: the JSON API, the Chinese web
// page and the embeddable search box, with metrics, CORS for the origins an
// operator allows, bounded concurrency and live index swaps.
package web

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"runtime"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/govreply/precedent/dict"
	"github.com/govreply/precedent/indexer"
	"github.com/govreply/precedent/record"
	"github.com/govreply/precedent/search"
)

//go:embed ui openapi.json
var assets embed.FS

// Config configures a Server. The zero value of each field but DataDir works.
type Config struct {
	DataDir       string         // the data directory whose current index is served
	Analyzer      *dict.Analyzer // default dict.Preload()
	CORSOrigins   []string       // origins allowed to call the API from their pages
	AdminToken    string         // enables /api/admin/*; empty: the routes do not exist
	MaxConcurrent int            // searches at once; default 4 × GOMAXPROCS
	QueueWait     time.Duration  // how long a request waits for a slot; default 200 ms
	Timeout       time.Duration  // per request; default 10 s
	MaxBody       int64          // request body bytes; default 1 MiB, imports 64 MiB
	Logger        *slog.Logger
	ThesaurusFile string // a synonym file to load and reload instead of the built-in one
	// BasePath is the path the service is published under when a proxy
	// puts it below the root of a site, e.g. "/precedent" (see
	// CleanBasePath); "" for the root.
	BasePath string
}

// A Server serves one data directory. Its index can be swapped while it
// serves: requests in flight finish on the index they started with, which is
// closed after them.
type Server struct {
	cfg     Config
	a       *dict.Analyzer
	engine  *gin.Engine
	page    []byte // the page, its links under the base path
	metrics *metrics
	slots   chan struct{}
	log     *slog.Logger

	mu  sync.RWMutex
	cur *handle

	importMu sync.Mutex // one import at a time
}

// handle is one open index and the requests using it.
type handle struct {
	s    *search.Searcher
	refs sync.WaitGroup
}

// New opens the current index of cfg.DataDir and builds the server.
func New(cfg Config) (*Server, error) {
	if cfg.Analyzer == nil {
		a, err := dict.Preload()
		if err != nil {
			return nil, err
		}
		cfg.Analyzer = a
	}
	if cfg.MaxConcurrent <= 0 {
		cfg.MaxConcurrent = 4 * runtime.GOMAXPROCS(0)
	}
	if cfg.QueueWait <= 0 {
		cfg.QueueWait = 200 * time.Millisecond
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 10 * time.Second
	}
	if cfg.MaxBody <= 0 {
		cfg.MaxBody = 1 << 20
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	base, err := CleanBasePath(cfg.BasePath)
	if err != nil {
		return nil, err
	}
	cfg.BasePath = base
	page, err := renderPage(base)
	if err != nil {
		return nil, err
	}
	s := &Server{page: page, cfg: cfg, a: cfg.Analyzer, slots: make(chan struct{}, cfg.MaxConcurrent), log: cfg.Logger}
	if cfg.ThesaurusFile != "" {
		if err := s.ReloadThesaurus(); err != nil {
			return nil, err
		}
	}
	// The index opens while the analyzer's dictionary may still be loading
	// (dict.Preload); the server is ready when both are.
	sr, err := search.Open(cfg.DataDir, cfg.Analyzer)
	if err != nil {
		return nil, err
	}
	if err := cfg.Analyzer.Ready(); err != nil {
		sr.Close()
		return nil, err
	}
	s.cur = &handle{s: sr}
	s.metrics = newMetrics(s)
	s.engine = s.routes()
	return s, nil
}

// Handler is the server's HTTP handler; under Config.BasePath when set.
func (s *Server) Handler() http.Handler {
	if s.cfg.BasePath == "" {
		return s.engine
	}
	return underBasePath(s.cfg.BasePath, s.engine)
}

// acquire returns the current index, held until release.
func (s *Server) acquire() *handle {
	s.mu.RLock()
	h := s.cur
	h.refs.Add(1)
	s.mu.RUnlock()
	return h
}

func (h *handle) release() { h.refs.Done() }

// Searcher returns the searcher now serving (for logs and tests).
func (s *Server) Searcher() *search.Searcher {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.cur.s
}

// swap makes sr the served index and closes the old one once the requests
// using it are done.
func (s *Server) swap(sr *search.Searcher) {
	s.mu.Lock()
	old := s.cur
	s.cur = &handle{s: sr}
	s.mu.Unlock()
	go func() {
		old.refs.Wait()
		old.s.Close()
	}()
	m := sr.Meta()
	s.log.Info("index swapped in", "snapshot", m.Snapshot, "suggestions", sr.DocCount(), "built_at", m.BuiltAt, "proposals", m.Proposals, "partitions", sr.Partitions())
}

// Reload opens the data directory's current index (after `precedent index`
// wrote a new one) and swaps it in. On error the served index stays.
func (s *Server) Reload() error {
	sr, err := search.Open(s.cfg.DataDir, s.a)
	if err != nil {
		return err
	}
	s.swap(sr)
	return nil
}

// ReloadThesaurus reads the configured synonym file again; searches that
// start afterwards use it. Without a file it does nothing.
func (s *Server) ReloadThesaurus() error {
	if s.cfg.ThesaurusFile == "" {
		return nil
	}
	t, err := s.a.LoadThesaurusFile(s.cfg.ThesaurusFile)
	if err != nil {
		return fmt.Errorf("thesaurus: %w", err)
	}
	s.a.SetThesaurus(t)
	s.log.Info("thesaurus loaded", "file", s.cfg.ThesaurusFile, "groups", t.Groups)
	return nil
}

// Import builds a new index from the proposals and swaps it in. The files
// have been parsed already: a bad file never gets here.
func (s *Server) Import(ps []record.Proposal, sources []string) (indexer.BuildStats, error) {
	s.importMu.Lock()
	defer s.importMu.Unlock()
	st, err := indexer.Build(s.cfg.DataDir, ps, indexer.BuildOptions{Analyzer: s.a, Sources: sources})
	if err != nil {
		return st, err
	}
	return st, s.Reload()
}

// Close closes the served index once requests using it are done.
func (s *Server) Close() error {
	s.mu.Lock()
	h := s.cur
	s.mu.Unlock()
	h.refs.Wait()
	return h.s.Close()
}

// ErrOverloaded is returned when no search slot frees up in time.
var ErrOverloaded = errors.New("too many searches at once")

// slot waits for a search slot; release with the returned func.
func (s *Server) slot(ctx context.Context) (func(), error) {
	select {
	case s.slots <- struct{}{}:
		return func() { <-s.slots }, nil
	default:
	}
	t := time.NewTimer(s.cfg.QueueWait)
	defer t.Stop()
	select {
	case s.slots <- struct{}{}:
		return func() { <-s.slots }, nil
	case <-t.C:
		return nil, ErrOverloaded
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func uiFS() fs.FS {
	f, _ := fs.Sub(assets, "ui")
	return staticFS{f}
}
