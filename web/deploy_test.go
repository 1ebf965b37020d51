package web

// Tests of what replicas behind a load balancer rely on: /healthz says which
// snapshot a replica serves and answers 503 while it is not the one its data
// directory announces (or while the server loads), every answer names its
// snapshot, and the service works under a base path.

import (
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/govreply/precedent/dict"
	"github.com/govreply/precedent/indexer"
	"github.com/govreply/precedent/ingest"
	"github.com/govreply/precedent/record"
)

// healthAnswer is /healthz's body.
type healthAnswer struct {
	Status      string `json:"status"`
	Snapshot    string `json:"snapshot"`
	Announced   string `json:"announced"`
	Suggestions int    `json:"suggestions"`
	Error       string `json:"error"`
}

// fetch GETs u without following redirects and returns the answer and its
// body.
func fetch(t *testing.T, u string) (*http.Response, []byte) {
	t.Helper()
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: %v", u, err)
	}
	return resp, body
}

func healthOf(t *testing.T, base string) (int, healthAnswer, http.Header) {
	t.Helper()
	resp, body := fetch(t, base+"/healthz")
	var h healthAnswer
	if err := json.Unmarshal(body, &h); err != nil {
		t.Fatalf("/healthz: %d %v: %s", resp.StatusCode, err, body)
	}
	return resp.StatusCode, h, resp.Header
}

// ownServer serves a data directory of the test's own on loopback.
func ownServer(t *testing.T, dir string, cfg Config) (*Server, *httptest.Server) {
	t.Helper()
	cfg.DataDir = dir
	cfg.Analyzer = dict.MustDefault()
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(func() { ts.Close(); s.Close() })
	return s, ts
}

func seedProposals(t *testing.T) []record.Proposal {
	t.Helper()
	ps, err := ingest.ReadRecords(ingest.Options{}, "../testdata/000_8b6b214a39f4da34.txt")
	if err != nil {
		t.Fatal(err)
	}
	return ps
}

// A replica's health follows its data directory: 200 while it serves what
// CURRENT names, 503 "stale" from the moment a new snapshot is announced
// until it is reloaded, and on answers the snapshot that answered.
func TestHealthFollowsAnnouncedSnapshot(t *testing.T) {
	a := dict.MustDefault()
	dir := t.TempDir()
	ps := seedProposals(t)
	first, err := indexer.Build(dir, ps, indexer.BuildOptions{Analyzer: a})
	if err != nil {
		t.Fatal(err)
	}
	snapA := filepath.Base(first.Path)
	s, ts := ownServer(t, dir, Config{})

	code, h, hdr := healthOf(t, ts.URL)
	if code != 200 || h.Status != "ok" || h.Snapshot != snapA || h.Announced != snapA || hdr.Get(SnapshotHeader) != snapA || h.Suggestions != 70 {
		t.Fatalf("healthz %d %+v header %q; want 200 ok serving and announcing %s", code, h, hdr.Get(SnapshotHeader), snapA)
	}
	searchSnap := func() (int, string) {
		resp, _ := fetch(t, ts.URL+"/api/search?q="+url.QueryEscape("时间银行"))
		return resp.StatusCode, resp.Header.Get(SnapshotHeader)
	}
	if code, snap := searchSnap(); code != 200 || snap != snapA {
		t.Fatalf("search: %d from snapshot %q, want 200 from %s", code, snap, snapA)
	}

	// A new snapshot is announced (a build into the directory, as a
	// roll-out's CURRENT would be): the replica still answers from A, and
	// says it should be taken out.
	second, err := indexer.Build(dir, ps[:5], indexer.BuildOptions{Analyzer: a})
	if err != nil {
		t.Fatal(err)
	}
	snapB := filepath.Base(second.Path)
	code, h, _ = healthOf(t, ts.URL)
	if code != http.StatusServiceUnavailable || h.Status != "stale" || h.Snapshot != snapA || h.Announced != snapB || !strings.Contains(h.Error, snapB) {
		t.Fatalf("healthz after the announcement: %d %+v; want 503 stale serving %s, announcing %s", code, h, snapA, snapB)
	}
	if code, snap := searchSnap(); code != 200 || snap != snapA {
		t.Errorf("search while stale: %d from %q, want 200 from %s", code, snap, snapA)
	}

	if err := s.Reload(); err != nil {
		t.Fatal(err)
	}
	code, h, _ = healthOf(t, ts.URL)
	if code != 200 || h.Snapshot != snapB || h.Announced != snapB || h.Suggestions >= 70 {
		t.Fatalf("healthz after the reload: %d %+v; want 200 serving %s", code, h, snapB)
	}
	if code, snap := searchSnap(); code != 200 || snap != snapB {
		t.Errorf("search after the reload: %d from %q, want %s", code, snap, snapB)
	}

	// No announcement at all (CURRENT gone): out, and the answer says why
	// without naming server paths.
	cur := filepath.Join(dir, "CURRENT")
	saved, err := os.ReadFile(cur)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(cur); err != nil {
		t.Fatal(err)
	}
	code, h, _ = healthOf(t, ts.URL)
	if code != http.StatusServiceUnavailable || h.Status != "stale" || h.Snapshot != snapB || h.Announced != "" || strings.Contains(h.Error, dir) {
		t.Errorf("healthz without CURRENT: %d %+v", code, h)
	}
	if err := os.WriteFile(cur, saved, 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, _ := healthOf(t, ts.URL); code != 200 {
		t.Errorf("healthz with CURRENT back: %d", code)
	}
}

// Over year shards, rebuilding one year announces a new snapshot too.
func TestHealthShards(t *testing.T) {
	a := dict.MustDefault()
	dir := t.TempDir()
	ps := seedProposals(t)
	if _, err := indexer.BuildShards(dir, ps, indexer.BuildOptions{Analyzer: a}); err != nil {
		t.Fatal(err)
	}
	s, ts := ownServer(t, dir, Config{})
	code, h, _ := healthOf(t, ts.URL)
	if code != 200 || !strings.HasPrefix(h.Snapshot, "shards-") || h.Snapshot != h.Announced {
		t.Fatalf("healthz over shards: %d %+v", code, h)
	}
	var y2019 []record.Proposal
	for _, p := range ps {
		if p.Year == 2019 {
			y2019 = append(y2019, p)
		}
	}
	if _, err := indexer.BuildShards(dir, y2019[:3], indexer.BuildOptions{Analyzer: a}); err != nil {
		t.Fatal(err)
	}
	if code, h2, _ := healthOf(t, ts.URL); code != http.StatusServiceUnavailable || h2.Snapshot != h.Snapshot || h2.Announced == h.Snapshot {
		t.Errorf("healthz after rebuilding 2019: %d %+v", code, h2)
	}
	if err := s.Reload(); err != nil {
		t.Fatal(err)
	}
	if code, h3, _ := healthOf(t, ts.URL); code != 200 || h3.Snapshot == h.Snapshot || h3.Snapshot != h3.Announced {
		t.Errorf("healthz after the reload: %d %+v", code, h3)
	}
}

// While the server loads, its gate says "loading" on /healthz (under the
// base path too) and holds every other request for the server.
func TestGate(t *testing.T) {
	g := NewGate("/precedent")
	ts := httptest.NewServer(g)
	defer ts.Close()
	for _, p := range []string{"/healthz", "/precedent/healthz"} {
		resp, body := fetch(t, ts.URL+p)
		if resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(string(body), `"loading"`) {
			t.Errorf("%s while loading: %d %s", p, resp.StatusCode, body)
		}
	}

	// A search sent before the server is there is answered by it.
	type answer struct {
		code int
		snap string
		err  error
	}
	got := make(chan answer, 1)
	go func() {
		resp, err := http.Get(ts.URL + "/precedent/api/search?q=" + url.QueryEscape("时间银行"))
		if err != nil {
			got <- answer{err: err}
			return
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		got <- answer{code: resp.StatusCode, snap: resp.Header.Get(SnapshotHeader)}
	}()
	s, err := New(Config{DataDir: apiDataDir(t), BasePath: "/precedent"})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	g.Open(s.Handler())
	if a := <-got; a.err != nil || a.code != 200 || a.snap != s.Searcher().Meta().Snapshot {
		t.Errorf("search held by the gate: %+v, want 200 from %s", a, s.Searcher().Meta().Snapshot)
	}
	if code, h, _ := healthOf(t, ts.URL+"/precedent"); code != 200 || h.Status != "ok" {
		t.Errorf("healthz once open: %d %+v", code, h)
	}

	// A server that never comes: the wait ends with 503 and Retry-After.
	never := NewGate("")
	never.MaxWait = 1
	ts2 := httptest.NewServer(never)
	defer ts2.Close()
	if resp, body := fetch(t, ts2.URL+"/api/search?q=x"); resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" {
		t.Errorf("search through a gate that never opens: %d %s", resp.StatusCode, body)
	}
}

func TestCleanBasePath(t *testing.T) {
	for in, want := range map[string]string{"": "", "/": "", "/precedent": "/precedent", "/precedent/": "/precedent", "/apps/search-1.v2/": "/apps/search-1.v2"} {
		if got, err := CleanBasePath(in); err != nil || got != want {
			t.Errorf("CleanBasePath(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"precedent", "/a//b", "/a/../b", "/./a", "/a b", `/a"b`, "/检索", "/a?b", "/a#b"} {
		if got, err := CleanBasePath(bad); err == nil {
			t.Errorf("CleanBasePath(%q) = %q, want an error", bad, got)
		}
	}
	if _, err := New(Config{DataDir: apiDataDir(t), BasePath: "no-slash"}); err == nil || !strings.Contains(err.Error(), "no-slash") {
		t.Errorf("New with a bad base path: %v", err)
	}
}

// Under a base path the page's links and its <meta> carry it, and every
// route answers with the prefix (a proxy that passes it on) and without it
// (one that strips it); redirects keep it.
func TestBasePath(t *testing.T) {
	_, ts := apiServer(t, Config{BasePath: "/precedent/"})
	for _, p := range []string{"/precedent/", "/", "/precedent/proposal/20190720", "/proposal/20190720"} {
		resp, body := fetch(t, ts.URL+p)
		page := string(body)
		if resp.StatusCode != 200 || !strings.Contains(page, `<meta name="precedent-base" content="/precedent">`) ||
			!strings.Contains(page, `src="/precedent/ui/app.js"`) || !strings.Contains(page, `href="/precedent/ui/style.css"`) ||
			!strings.Contains(page, `action="/precedent/"`) || strings.Contains(page, "{{") {
			t.Errorf("page at %s: %d\n%.600s", p, resp.StatusCode, page)
		}
	}
	for _, p := range []string{"/precedent/api/search?q=" + url.QueryEscape("时间银行"), "/api/search?q=" + url.QueryEscape("时间银行")} {
		resp, body := fetch(t, ts.URL+p)
		var r searchResp
		if err := json.Unmarshal(body, &r); resp.StatusCode != 200 || err != nil || r.Total != 4 {
			t.Errorf("%s: %d total %d %v", p, resp.StatusCode, r.Total, err)
		}
	}
	for _, p := range []string{"/precedent/ui/app.js", "/precedent/ui/style.css", "/precedent/embed.js", "/precedent/healthz", "/precedent/metrics", "/precedent/api/openapi.json"} {
		if resp, _ := fetch(t, ts.URL+p); resp.StatusCode != 200 {
			t.Errorf("%s: %d", p, resp.StatusCode)
		}
	}
	redirects := map[string]string{
		"/precedent":                    "/precedent/",
		"/precedent?q=x":                "/precedent/?q=x",
		"/precedent/proposal/20190720/": "/precedent/proposal/20190720",
		"/proposal/20190720/":           "/precedent/proposal/20190720",
	}
	for from, to := range redirects {
		resp, _ := fetch(t, ts.URL+from)
		if resp.StatusCode < 300 || resp.StatusCode > 399 || resp.Header.Get("Location") != to {
			t.Errorf("%s: %d to %q, want a redirect to %s", from, resp.StatusCode, resp.Header.Get("Location"), to)
		}
	}
	// The page's template is not a file under /ui/.
	if resp, body := fetch(t, ts.URL+"/precedent/ui/index.html"); strings.Contains(string(body), "{{") {
		t.Errorf("/ui/index.html shows the template: %d", resp.StatusCode)
	}
}

// At the root, the page is the one it always was: links from /.
func TestPageAtRoot(t *testing.T) {
	_, ts := apiServer(t, Config{})
	resp, body := fetch(t, ts.URL+"/")
	page := string(body)
	if resp.StatusCode != 200 || !strings.Contains(page, `<meta name="precedent-base" content="">`) || !strings.Contains(page, `src="/ui/app.js"`) ||
		!strings.Contains(page, `href="/api/export"`) || strings.Contains(page, "{{") {
		t.Errorf("page: %d\n%.600s", resp.StatusCode, page)
	}
}

// Under a base path, an id with escaped characters ("/" too) is still one
// id: the prefix comes off the escaped path as well.
func TestBasePathEscapedID(t *testing.T) {
	_, ts := ownServer(t, shapesDataDir(t), Config{BasePath: "/precedent"})
	for _, prefix := range []string{"/precedent", ""} {
		resp, body := fetch(t, ts.URL+prefix+"/api/proposals/"+url.PathEscape(escapedID))
		var rec struct {
			ID string `json:"id"`
		}
		if err := json.Unmarshal(body, &rec); resp.StatusCode != 200 || err != nil || rec.ID != escapedID {
			t.Errorf("%s/api/proposals/%s: %d %q, want the record %q", prefix, url.PathEscape(escapedID), resp.StatusCode, body, escapedID)
		}
	}
}

// Answers go out whole, with their length (compressed or not), so that a
// replica killed mid-answer sends all of it or nothing; the export streams.
func TestWholeAnswers(t *testing.T) {
	_, ts := apiServer(t, Config{})
	for _, gz := range []bool{false, true} {
		for _, p := range []string{"/api/search?q=" + url.QueryEscape("养老") + "&size=100", "/api/proposals/20190720", "/healthz", "/"} {
			req, _ := http.NewRequest(http.MethodGet, ts.URL+p, nil)
			if gz {
				req.Header.Set("Accept-Encoding", "gzip")
			} else {
				req.Header.Set("Accept-Encoding", "identity")
			}
			resp, err := http.DefaultTransport.RoundTrip(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 || resp.ContentLength != int64(len(body)) || len(body) == 0 || len(resp.TransferEncoding) > 0 ||
				(resp.Header.Get("Content-Encoding") == "gzip") != gz {
				t.Errorf("%s (gzip %v): %d, length %d, body %d bytes, transfer %v, encoding %q", p, gz, resp.StatusCode, resp.ContentLength, len(body), resp.TransferEncoding, resp.Header.Get("Content-Encoding"))
			}
		}
	}
	resp, err := http.Get(ts.URL + "/api/export?q=" + url.QueryEscape("养老"))
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.ContentLength != -1 {
		t.Errorf("export: %d, length %d; want it streamed", resp.StatusCode, resp.ContentLength)
	}
}

// countingListener counts the writes made to the connections it accepts.
type countingListener struct {
	net.Listener
	writes *atomic.Int64
}

func (l countingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return countingConn{c, l.writes}, nil
}

type countingConn struct {
	net.Conn
	writes *atomic.Int64
}

func (c countingConn) Write(p []byte) (int, error) {
	c.writes.Add(1)
	return c.Conn.Write(p)
}

// On a listener wrapped by WholeWrites an answer reaches the socket in one
// write, headers and body together, however long it is; the export still
// streams.
func TestWholeWrites(t *testing.T) {
	s, err := New(Config{DataDir: apiDataDir(t)})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewUnstartedServer(s.Handler())
	var writes atomic.Int64
	ts.Listener = WholeWrites(ts.Config, countingListener{ts.Listener, &writes})
	ts.Start()
	t.Cleanup(func() { ts.Close(); s.Close() })

	client := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	cases := []struct {
		name, path, encoding string
		minBody              int
	}{
		{"search", "/api/search?q=" + url.QueryEscape("养老") + "&size=100", "identity", 32 << 10},
		{"search gzip", "/api/search?q=" + url.QueryEscape("养老") + "&size=100", "gzip", 8 << 10},
		{"related", "/api/similar?id=20190720-1&size=20", "identity", 8 << 10},
		{"page", "/", "identity", 4 << 10},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for range 3 { // on a fresh connection and on reused ones
				req, _ := http.NewRequest(http.MethodGet, ts.URL+tc.path, nil)
				req.Header.Set("Accept-Encoding", tc.encoding)
				before := writes.Load()
				resp, err := client.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 || len(body) < tc.minBody || resp.ContentLength != int64(len(body)) {
					t.Fatalf("%d, %d bytes (length %d); want 200 and %d bytes or more", resp.StatusCode, len(body), resp.ContentLength, tc.minBody)
				}
				if n := writes.Load() - before; n != 1 {
					t.Errorf("%d bytes in %d writes, want 1", len(body), n)
				}
			}
		})
	}
	before := writes.Load()
	resp, err := client.Get(ts.URL + "/api/export?q=" + url.QueryEscape("养老"))
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.ContentLength != -1 || writes.Load()-before < 2 {
		t.Errorf("export: %d, length %d, %d writes; want it streamed", resp.StatusCode, resp.ContentLength, writes.Load()-before)
	}
}
