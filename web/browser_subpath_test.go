package web

// The page and the search box published under a path of an intranet site,
// as a proxy or load balancer does it: the server runs with BasePath
// /precedent behind a reverse proxy on another port that strips the prefix
// (nginx's proxy_pass http://upstream/;), the hardest case, as the server
// never sees the path its links must carry.

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/govreply/precedent/indexer"
	"github.com/govreply/precedent/ingest"
	"github.com/govreply/precedent/search"
)

const subPath = "/precedent"

// subPathStack is a server under subPath, the proxy in front of it and a
// page of another origin that embeds the search box from the proxy.
type subPathStack struct {
	site string // the proxy, http://127.0.0.1:port; the service is at site+subPath
	host *httptest.Server
}

func newSubPathStack(t *testing.T, s *browserSuite) *subPathStack {
	t.Helper()
	dir := t.TempDir()
	ps, err := ingest.ReadRecords(ingest.Options{}, "../testdata/000_8b6b214a39f4da34.txt")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := indexer.Build(dir, ps, indexer.BuildOptions{Analyzer: s.analyzer}); err != nil {
		t.Fatal(err)
	}
	// The proxy's address goes into the host page, the host page's into
	// the server's CORS list.
	proxy := httptest.NewUnstartedServer(nil)
	st := &subPathStack{site: "http://" + proxy.Listener.Addr().String()}
	st.host = httptest.NewServer(browserHostPage(st.site + subPath))
	t.Cleanup(st.host.Close)
	srv, err := New(Config{DataDir: dir, Analyzer: s.analyzer, BasePath: subPath, CORSOrigins: []string{st.host.URL},
		Logger: slog.New(slog.NewTextHandler(browserLogWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))})
	if err != nil {
		proxy.Listener.Close()
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	backend := httptest.NewServer(srv.Handler())
	t.Cleanup(backend.Close)
	target, _ := url.Parse(backend.URL)
	rp := &httputil.ReverseProxy{Rewrite: func(r *httputil.ProxyRequest) {
		r.SetURL(target)
		r.Out.URL.Path = strings.TrimPrefix(r.In.URL.Path, subPath)
		r.Out.URL.RawPath = ""
		r.Out.Host = r.In.Host // as a proxy must: the server compares Origin with Host
	}}
	proxy.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.URL.Path, subPath+"/") && r.URL.Path != subPath {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.WriteHeader(http.StatusNotFound)
			io.WriteString(w, "<!doctype html><title>intranet</title><p>not the search service")
			return
		}
		rp.ServeHTTP(w, r)
	})
	proxy.Start()
	t.Cleanup(proxy.Close)
	return st
}

func (s *browserSuite) testSubPath(t *testing.T) {
	st := newSubPathStack(t, s)
	svc := st.site + subPath
	want := browserGet[search.Response](t, svc, searchPath(url.Values{"q": {browserQuery}}))
	if want.Total != 4 {
		t.Fatalf("API through the proxy: %d hits for %s, want 4", want.Total, browserQuery)
	}

	b := newTab(t, s.browser)
	b.open(svc + "/")
	b.waitJS("the search page under "+subPath, searchSettled+` && document.querySelectorAll('#results .hit').length > 0`)
	v := s.typeSearch(b, browserQuery)
	if v.Path != subPath+"/" || v.Error != "" || !slices.Equal(v.HitIDs, hitIDs(want.Hits)) {
		t.Errorf("search under %s: path %q error %q hits %v; want %s/ and %v", subPath, v.Path, v.Error, v.HitIDs, subPath, hitIDs(want.Hits))
	}
	if exp := browserEval[string](b, `document.querySelector('#export').getAttribute('href')`); !strings.HasPrefix(exp, subPath+"/api/export?") {
		t.Errorf("export link %q is not under %s", exp, subPath)
	}

	// A hit opens the proposal page under the path, with its related
	// replies, and the way back to the search.
	first := want.Hits[0]
	b.do("click the first hit", chromedp.Click(chromedp.CSS("#results .hit .hit-link")))
	b.waitJS("the proposal page under "+subPath, `location.pathname === '`+subPath+`/proposal/`+first.ProposalID+`' && `+proposalSettled)
	pv := browserEval[browserProposalView](b, readProposalView)
	if len(pv.Suggestions) == 0 || len(pv.RelatedIDs) == 0 || !strings.HasPrefix(pv.BackHref, subPath+"/?") {
		t.Errorf("proposal page: %d suggestions, related %v, back link %q", len(pv.Suggestions), pv.RelatedIDs, pv.BackHref)
	}
	b.do("click 返回检索", chromedp.Click(chromedp.ID("back-link")))
	b.waitJS("the results again", urlHasQ(browserQuery)+` && `+searchSettled+` && location.pathname === '`+subPath+`/'`)

	// The draft panel POSTs through the proxy.
	b.do("paste a draft", chromedp.Focus(chromedp.ID("draft")), insertText("建议推广时间银行互助养老模式"), chromedp.Click(chromedp.ID("draft-submit")))
	b.waitJS("the related replies", `document.querySelector('#similar-results .similar-title') !== null &&
		!document.querySelector('#similar-results').hasAttribute('aria-busy') && document.querySelectorAll('#similar-results .hit').length > 0`)
	b.screenshot(s.shots, "8-subpath")
	b.expectCleanConsole()

	// The search box embedded from the path calls the API under it and
	// links to pages under it.
	w := newTab(t, s.browser)
	wv := widgetSearch(w, st.host.URL, browserQuery)
	if wv.Error != "" || len(wv.HitIDs) == 0 {
		t.Fatalf("the box under %s: error %q, hits %v", subPath, wv.Error, wv.HitIDs)
	}
	if wantStatus := "共 " + strconv.FormatUint(want.Total, 10) + " 条结果"; wv.Status != wantStatus {
		t.Errorf("box status %q, want %q", wv.Status, wantStatus)
	}
	for i, link := range wv.Links {
		h := want.Hits[i]
		if wantLink := svc + "/proposal/" + h.ProposalID + "#s" + strconv.Itoa(h.SuggestionNo); link != wantLink {
			t.Errorf("box hit %d links %q, want %q", i, link, wantLink)
		}
	}
	w.expectCleanConsole()
}
