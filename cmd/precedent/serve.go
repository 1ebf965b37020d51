package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"syscall"
	"time"

	"github.com/govreply/precedent"
	"github.com/govreply/precedent/dict"
	"github.com/govreply/precedent/indexer"
	"github.com/govreply/precedent/ingest"
	"github.com/govreply/precedent/web"
)

// defaultMemoryLimitMiB bounds the server's heap under bursts of searches.
// Serving needs about 30 MB for the dictionary, the completions (20 MB at
// 300,000 suggestions, built on first use) and some MB for each search in
// flight; without a limit the heap may grow to twice what was live at the
// last collection, searches in flight included, and stay there. The index
// itself is memory-mapped: its pages are the kernel's page cache, counted in
// the RSS but not here.
const defaultMemoryLimitMiB = 160

// bundledSource marks an index built from the seed inside the binary.
const bundledSource = "bundled:" + precedent.SeedName

func runServe(args []string) error {
	fs := flag.NewFlagSet("serve", flag.ExitOnError)
	dir := fs.String("index", defaultDataDir(), "data directory of the index (built from the bundled seed data when empty)")
	imp := addImportFlags(fs)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
	var origins listFlag
	fs.Var(&origins, "cors-origin", "origin allowed to embed the search box and call the API, e.g. http://intranet.example (repeatable)")
	token := fs.String("admin-token", os.Getenv("PRECEDENT_ADMIN_TOKEN"), "token for /api/admin/* (default $PRECEDENT_ADMIN_TOKEN); empty: no admin routes")
	thesaurus := fs.String("thesaurus", "", "synonym file to use instead of the built-in one; reloaded on SIGHUP")
	maxConc := fs.Int("max-concurrent", 0, "searches at once before 503 (default 4 × CPUs)")
	memLimit := fs.Int("memory-limit", defaultMemoryLimitMiB, "soft limit in MiB of the memory the Go runtime holds (heap, stacks): the garbage collector works harder near it; $GOMEMLIMIT wins when set; 0: none")
	basePath := fs.String("base-path", "", "the path a proxy publishes the service under, e.g. /precedent: the page's links use it; requests are served with it and without it")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: precedent serve [flags] [FILE...]\n\nServes the web page and the HTTP API. FILEs, when given, are indexed first.\nSIGHUP reloads the index (after precedent index -o DIR) and the thesaurus.\nGET /healthz answers 503 while the index loads and while the snapshot served\nis not the one DIR/CURRENT names, 200 otherwise.")
		fs.PrintDefaults()
	}
	fs.Parse(args)
	base, err := web.CleanBasePath(*basePath)
	if err != nil {
		return fmt.Errorf("-base-path: %w", err)
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	start := time.Now()
	if os.Getenv("GOMEMLIMIT") == "" && *memLimit > 0 {
		debug.SetMemoryLimit(int64(*memLimit) << 20)
	}
	// Catch signals from the start: a SIGHUP while the index loads must not
	// kill the process; it is acted on once serving.
	sig := make(chan os.Signal, 2)
	signal.Notify(sig, syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP)
	// Serve from the start too: a busy address fails at once, /healthz
	// says "loading" (503) so that a load balancer waits for this replica,
	// and other requests that come while the index loads wait in the gate
	// for the first answer rather than being refused.
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	gate := web.NewGate(base)
	hs := &http.Server{
		Handler:           gate,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       60 * time.Second, // imports upload files
		WriteTimeout:      120 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
	}
	ln = web.WholeWrites(hs, ln)
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	defer hs.Close() // when loading fails; after a graceful shutdown it does nothing
	log.Info("listening; loading the index", "addr", ln.Addr().String(), "data_dir", *dir)

	if removed := indexer.CleanStale(*dir); len(removed) > 0 {
		log.Warn("removed what an interrupted build left", "dir", *dir, "removed", removed)
	}
	// The segmenter's dictionary loads in the background while the index
	// opens (web.New waits for both); indexing waits for it as needed.
	a, err := dict.Preload()
	if err != nil {
		return err
	}
	switch {
	case fs.NArg() > 0:
		c, err := imp.readFiles(fs.Args())
		if err != nil {
			return err
		}
		if _, err := indexer.Build(*dir, c.Proposals, indexer.BuildOptions{Analyzer: a, Sources: fs.Args()}); err != nil {
			return err
		}
	case !indexer.Exists(*dir):
		log.Info("no index yet: indexing the bundled seed data", "dir", *dir)
		if err := buildBundled(*dir, a); err != nil {
			return err
		}
	}
	cfg := web.Config{DataDir: *dir, Analyzer: a, CORSOrigins: origins, AdminToken: *token, Logger: log,
		ThesaurusFile: *thesaurus, MaxConcurrent: *maxConc, BasePath: base}
	srv, err := web.New(cfg)
	if errors.Is(err, indexer.ErrAnalysisVersion) && fs.NArg() == 0 {
		if m, merr := indexer.ReadMeta(*dir); merr == nil && len(m.Sources) == 1 && m.Sources[0] == bundledSource {
			log.Warn("the bundled index was built by another version: rebuilding it", "dir", *dir)
			if err = buildBundled(*dir, a); err == nil {
				srv, err = web.New(cfg)
			}
		}
	}
	if err != nil {
		return err
	}
	defer srv.Close()
	log.Info("index opened and dictionaries loaded", "seconds", time.Since(start).Seconds())

	gate.Open(srv.Handler())
	abs, _ := filepath.Abs(*dir)
	log.Info("serving", "url", "http://"+ln.Addr().String()+base+"/", "snapshot", srv.Searcher().Meta().Snapshot, "data_dir", abs,
		"suggestions", srv.Searcher().DocCount(), "startup_seconds", time.Since(start).Seconds(),
		"memory_limit_mib", debug.SetMemoryLimit(-1)>>20)

	for {
		select {
		case err := <-errc:
			return err
		case s := <-sig:
			if s == syscall.SIGHUP {
				if err := srv.ReloadThesaurus(); err != nil {
					log.Error("SIGHUP: thesaurus not reloaded", "err", err)
				}
				if err := srv.Reload(); err != nil {
					log.Error("SIGHUP: index not reloaded; still serving the old one", "err", err)
				}
				continue
			}
			log.Info("shutting down", "signal", s.String())
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			err := hs.Shutdown(ctx)
			cancel()
			return err
		}
	}
}

func buildBundled(dir string, a *dict.Analyzer) error {
	srcs, err := ingest.ParseBytes(precedent.SeedName, precedent.Seed, ingest.Options{})
	if err != nil {
		return err
	}
	_, err = indexer.Build(dir, srcs[0].Proposals, indexer.BuildOptions{Analyzer: a, Sources: []string{bundledSource}})
	return err
}
