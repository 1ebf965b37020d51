package web

import (
	"net/http"
	"sync"
	"time"
)

// A Gate answers HTTP while a Server is being made (the index opened, the
// dictionaries loaded), so that a process can listen from its first moment.
// GET /healthz answers 503 {"status":"loading"} at once, so a load balancer
// keeps a replica that is starting out of its pool; every other request
// waits until Open hands the server over, and is then served by it, or gets
// 503 with Retry-After after MaxWait.
type Gate struct {
	basePath string
	// MaxWait is how long a request waits for the server; default 1 minute.
	MaxWait time.Duration

	once  sync.Once
	ready chan struct{}
	h     http.Handler
}

// NewGate returns a closed gate for a server published under basePath (see
// CleanBasePath; "" for the root).
func NewGate(basePath string) *Gate {
	return &Gate{basePath: basePath, MaxWait: time.Minute, ready: make(chan struct{})}
}

// Open hands the requests over to h, the waiting ones and all later ones.
// Only the first call counts.
func (g *Gate) Open(h http.Handler) {
	g.once.Do(func() {
		g.h = h
		close(g.ready)
	})
}

// ServeHTTP serves r by the server once open; see Gate.
func (g *Gate) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	select {
	case <-g.ready:
		g.h.ServeHTTP(w, r)
		return
	default:
	}
	if p := r.URL.Path; p == "/healthz" || p == g.basePath+"/healthz" {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write([]byte(`{"status":"loading"}` + "\n"))
		return
	}
	t := time.NewTimer(g.MaxWait)
	defer t.Stop()
	select {
	case <-g.ready:
		g.h.ServeHTTP(w, r)
	case <-t.C:
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Header().Set("Retry-After", "5")
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write([]byte(`{"error":"the server is still loading its index; try again in a moment"}` + "\n"))
	case <-r.Context().Done():
	}
}
