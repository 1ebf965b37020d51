package main

// The real `precedent serve` as a replica behind a load balancer sees it:
// /healthz answers 503 "loading" from the moment the process listens until
// its index is open, 503 "stale" while DIR/CURRENT names another snapshot
// than the one served, and 200 once SIGHUP has swapped it in; every answer
// names its snapshot in a header.

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/govreply/precedent/web"
)

func TestServeHealthLoadingStaleReload(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	// Files to index at start: the process listens, loads the dictionaries
	// and indexes them (seconds) before it serves.
	files := filepath.Join(t.TempDir(), "start.jsonl")
	writeJSONL(t, files, append(seed(t), generated(t, 600)...))
	addr := "127.0.0.1:" + strconv.Itoa(freePort(t))
	p := start(t, "serve", "-index", dir, "-addr", addr, "-base-path", "/precedent", files)
	base := "http://" + addr
	client := &http.Client{Timeout: 60 * time.Second}

	// The first answer of /healthz: loading.
	var first *http.Response
	deadline := time.Now().Add(30 * time.Second)
	for first == nil {
		if p.exited() {
			t.Fatalf("serve exited: %v\n%s", p.err, tail(p.stderr.String(), 2000))
		}
		resp, err := client.Get(base + "/healthz")
		if err == nil {
			first = resp
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve did not listen in 30 s: %v", err)
		}
		time.Sleep(5 * time.Millisecond)
	}
	body, _ := io.ReadAll(first.Body)
	first.Body.Close()
	var h health
	json.Unmarshal(body, &h)
	if first.StatusCode != http.StatusServiceUnavailable || h.Status != "loading" {
		t.Fatalf("first /healthz: %d %s; want 503 loading (the index is being built)", first.StatusCode, body)
	}
	// A search sent now is answered once the index is there.
	resp, err := client.Get(base + "/precedent/api/search?q=" + url.QueryEscape("养老"))
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	snapA := resp.Header.Get(web.SnapshotHeader)
	if resp.StatusCode != http.StatusOK || snapA != currentName(t, dir) {
		t.Fatalf("search sent while loading: %d from snapshot %q, want 200 from %s", resp.StatusCode, snapA, currentName(t, dir))
	}
	s := &server{proc: p, base: base, dir: dir, client: client}
	if h := s.health(t); h.Status != "ok" || h.Snapshot != snapA || h.Announced != snapA {
		t.Fatalf("/healthz once serving: %+v, want ok on %s", h, snapA)
	}

	// A new snapshot announced (`precedent index` into the served
	// directory): stale until SIGHUP.
	buildIndex(t, dir, seedFile)
	snapB := currentName(t, dir)
	if h := s.health(t); h.Status != "stale" || h.Snapshot != snapA || h.Announced != snapB {
		t.Fatalf("/healthz after the build: %+v, want stale serving %s, announcing %s", h, snapA, snapB)
	}
	var sub health
	if code, body := s.get(t, "/precedent/healthz", nil); code != http.StatusServiceUnavailable || json.Unmarshal(body, &sub) != nil || sub.Announced != snapB {
		t.Errorf("/precedent/healthz: %d %s", code, body)
	}
	if err := p.cmd.Process.Signal(syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	h = s.waitHealth(t, 60*time.Second, "the reload", func(h health) bool { return h.Status == "ok" })
	if h.Snapshot != snapB || h.Suggestions != seedSuggestions {
		t.Errorf("/healthz after SIGHUP: %+v, want %s with %d suggestions", h, snapB, seedSuggestions)
	}
	resp, err = client.Get(base + "/api/proposals/20190720")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got := resp.Header.Get(web.SnapshotHeader); resp.StatusCode != 200 || got != snapB {
		t.Errorf("proposal after SIGHUP: %d from %q, want %s", resp.StatusCode, got, snapB)
	}
}
