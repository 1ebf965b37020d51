package web

// The fixtures of the browser tests (browser_test.go): headless Chromium,
// the real server over a real index, host pages on other origins for the
// embeddable search box, and helpers that wait for what a user would see.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"

	"github.com/govreply/precedent/dict"
	"github.com/govreply/precedent/indexer"
	"github.com/govreply/precedent/record"
)

const (
	browserExecPath = "/usr/bin/chromium"
	// browserTestTimeout bounds one browser test (one tab); generous for -race.
	browserTestTimeout = 20 * time.Second
	// browserWaitTimeout bounds one wait for the page, shorter than the test
	// so that a failed wait can still read the page's state for the message.
	browserWaitTimeout = 10 * time.Second
	// browserSuiteTimeout bounds the browser process and everything in it.
	browserSuiteTimeout = 3 * time.Minute
)

// requireChromium skips the test when Chromium is missing, unless it runs
// in CI, where a missing browser is a failure: the suite must not pass
// silently there.
func requireChromium(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath(browserExecPath); err == nil {
		return
	}
	msg := browserExecPath + " is not installed (apt-get update && apt-get install -y chromium fonts-noto-cjk)"
	if os.Getenv("CI") == "" {
		t.Skip("browser tests skipped: " + msg)
	}
	t.Fatal("CI is set but the browser tests cannot run: " + msg)
}

// browserLogWriter sends the server's warnings and errors to the test log.
type browserLogWriter struct{ t *testing.T }

func (w browserLogWriter) Write(p []byte) (int, error) {
	w.t.Helper()
	w.t.Log("server: " + strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

// A browserStack is the real server over one index, plus two host pages on
// other origins that embed the search box: one the server allows, one it
// does not.
type browserStack struct {
	srv     *Server
	api     *httptest.Server
	origin  string           // the API's origin, http://127.0.0.1:port
	allowed *httptest.Server // a host page whose origin is in CORSOrigins
	refused *httptest.Server // a host page whose origin is not
}

// newBrowserStack indexes ps into a temporary directory and starts the
// servers on loopback. They stop when t ends.
func newBrowserStack(t *testing.T, a *dict.Analyzer, ps []record.Proposal) *browserStack {
	t.Helper()
	dir := t.TempDir()
	if _, err := indexer.Build(dir, ps, indexer.BuildOptions{Analyzer: a}); err != nil {
		t.Fatalf("build the index: %v", err)
	}
	// The API's address is needed by the host pages, and theirs by the API's
	// CORS list: take the API's listener first, start it last.
	api := httptest.NewUnstartedServer(nil)
	st := &browserStack{api: api, origin: "http://" + api.Listener.Addr().String()}
	st.allowed = httptest.NewServer(browserHostPage(st.origin))
	t.Cleanup(st.allowed.Close)
	st.refused = httptest.NewServer(browserHostPage(st.origin))
	t.Cleanup(st.refused.Close)

	srv, err := New(Config{
		DataDir:     dir,
		Analyzer:    a,
		CORSOrigins: []string{st.allowed.URL},
		Logger:      slog.New(slog.NewTextHandler(browserLogWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn})),
	})
	if err != nil {
		api.Listener.Close()
		t.Fatalf("web.New: %v", err)
	}
	t.Cleanup(func() { srv.Close() })
	st.srv = srv
	api.Config.Handler = srv.Handler()
	api.Start()
	t.Cleanup(api.Close) // runs before srv.Close
	return st
}

// browserHostPage serves an intranet page of another origin that embeds the
// search box, as the embed.js comment tells operators to.
func browserHostPage(apiOrigin string) http.Handler {
	page := `<!doctype html><meta charset=utf-8><title>host page</title><link rel="icon" href="data:,">` +
		`<script src="` + apiOrigin + `/embed.js"></script><precedent-search></precedent-search>`
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, page)
	})
}

// startBrowser starts headless Chromium for the suite in the background (it
// takes seconds, as does loading the dictionaries) and returns a func that
// waits for it. The browser is killed when t ends; once the func has been
// called, before the servers made until then close.
func startBrowser(t *testing.T) func() context.Context {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(browserExecPath),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		// Tabs of a headless browser must not be throttled in the background.
		chromedp.Flag("disable-background-timer-throttling", true),
		chromedp.Flag("disable-backgrounding-occluded-windows", true),
		chromedp.Flag("disable-renderer-backgrounding", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	}
	suite, cancelSuite := context.WithTimeout(context.Background(), browserSuiteTimeout)
	alloc, cancelAlloc := chromedp.NewExecAllocator(suite, opts...)
	browser, cancelBrowser := chromedp.NewContext(alloc)
	var startErr error
	started := make(chan struct{})
	go func() {
		defer close(started)
		startErr = chromedp.Do(browser)
	}()
	var once sync.Once
	stop := func() {
		once.Do(func() {
			<-started
			cancelBrowser()
			cancelAlloc() // waits for the browser process to end
			cancelSuite()
		})
	}
	t.Cleanup(stop) // if setup fails before the browser is used
	return func() context.Context {
		t.Helper()
		<-started
		t.Cleanup(stop)
		if startErr != nil {
			t.Fatalf("start %s: %v", browserExecPath, startErr)
		}
		return browser
	}
}

// A browserTab is one tab of the suite's browser, for one test.
type browserTab struct {
	t      *testing.T
	tabCtx context.Context // the tab, without the test's deadline
	ctx    context.Context // the tab, with the test's deadline

	mu      sync.Mutex
	console []chromedp.ConsoleMessage // console calls, exceptions, browser log entries
}

// newTab opens a tab of 1280×900 CSS pixels that records the page's console
// (exceptions, and errors such as Content-Security-Policy violations).
func newTab(t *testing.T, browser context.Context) *browserTab {
	t.Helper()
	tabCtx, cancelTab := chromedp.NewContext(browser)
	if err := chromedp.Do(tabCtx, chromedp.EmulateViewport(1280, 900)); err != nil {
		cancelTab()
		t.Fatalf("open a tab: %v", err)
	}
	b := &browserTab{t: t, tabCtx: tabCtx}
	messages := chromedp.Console(tabCtx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for m, err := range messages {
			if err != nil {
				return
			}
			b.mu.Lock()
			b.console = append(b.console, m)
			b.mu.Unlock()
		}
	}()
	ctx, cancel := context.WithTimeout(tabCtx, browserTestTimeout)
	b.ctx = ctx
	t.Cleanup(func() {
		cancel()
		cancelTab()
		<-done
	})
	return b
}

// do runs actions, failing the test on error.
func (b *browserTab) do(what string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, actions...); err != nil {
		b.t.Fatalf("%s: %v\npage: %s", what, err, b.state())
	}
}

// open navigates to u and waits for the page to load.
func (b *browserTab) open(u string) {
	b.t.Helper()
	b.do("open "+u, chromedp.Navigate(u))
}

// browserEval evaluates a JavaScript expression in the tab's page and
// decodes its value.
func browserEval[T any](b *browserTab, expr string) T {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		b.t.Fatalf("evaluate %.80q: %v\npage: %s", expr, err, b.state())
	}
	return v
}

// waitJS waits until the JavaScript expression cond is true in the page.
func (b *browserTab) waitJS(what, cond string) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, browserWaitTimeout)
	defer cancel()
	var err error
	for {
		_, err = chromedp.Run(ctx, chromedp.Poll[chromedp.Void](cond,
			chromedp.WithPollingTimeout(browserWaitTimeout), chromedp.WithPollingInterval(20*time.Millisecond)))
		// Right after a navigation the poll may be sent to the old page's
		// JavaScript context, which is gone: ask the new one.
		if err == nil || !strings.Contains(err.Error(), "Cannot find context with specified id") || ctx.Err() != nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		b.t.Fatalf("waiting for %s: %v\npage: %s", what, err, b.state())
	}
}

// state describes the page for failure messages; it works after the test's
// deadline has passed.
func (b *browserTab) state() string {
	ctx, cancel := context.WithTimeout(b.tabCtx, 3*time.Second)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => {
		const text = (sel, root = document) => { const e = root.querySelector(sel); return e ? e.textContent.replace(/\s+/g, ' ').trim().slice(0, 300) : null; };
		const host = document.querySelector('precedent-search');
		const sr = host && host.shadowRoot;
		return JSON.stringify({
			url: location.href,
			total: text('#total'),
			error: text('#error'),
			results: text('#results'),
			proposal: text('#proposal'),
			widget: sr ? text('.ps-box', sr) : null,
		});
	})()`))
	if err != nil {
		s = "(cannot read the page: " + err.Error() + ")"
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, m := range b.console {
		s += "\nconsole " + string(m.Type) + ": " + m.String()
	}
	return s
}

// consoleProblems lists the console's exceptions and errors; a CSP
// violation, a failed request or an uncaught exception shows up here.
func (b *browserTab) consoleProblems() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []string
	for _, m := range b.console {
		if m.IsException() || m.Type == chromedp.ConsoleError {
			out = append(out, fmt.Sprintf("%s %s:%d: %s", m.Type, m.URL, m.Line+1, m.String()))
		}
	}
	return out
}

// expectCleanConsole fails the test on console exceptions and errors.
func (b *browserTab) expectCleanConsole() {
	b.t.Helper()
	if p := b.consoleProblems(); len(p) > 0 {
		b.t.Errorf("the page reported %d problems in its console:\n%s", len(p), strings.Join(p, "\n"))
	}
}

// screenshot saves the whole page as name.png in dir.
func (b *browserTab) screenshot(dir, name string) {
	b.t.Helper()
	png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Fatalf("screenshot %s: %v", name, err)
	}
	path := filepath.Join(dir, name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		b.t.Fatal(err)
	}
	b.t.Logf("screenshot: %s", path)
}

// insertText inserts text at the focused element as a paste or an input
// method does (one input event, no key events).
func insertText(text string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, input.InsertText, input.InsertTextParams{Text: text})
		return err
	})
}

// browserShotsDir is where screenshots go: $PRECEDENT_SCREENSHOTS, or a
// temporary directory.
func browserShotsDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("PRECEDENT_SCREENSHOTS")
	if dir == "" {
		return t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// browserGet fetches an API URL from Go and decodes its JSON answer.
func browserGet[T any](t *testing.T, base, path string) T {
	t.Helper()
	res, err := http.Get(base + path)
	if err != nil {
		t.Fatal(err)
	}
	return browserDecode[T](t, res, path)
}

// browserPost posts JSON to an API URL from Go and decodes the answer.
func browserPost[T any](t *testing.T, base, path string, body any) T {
	t.Helper()
	b, _ := json.Marshal(body)
	res, err := http.Post(base+path, "application/json", bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return browserDecode[T](t, res, path)
}

func browserDecode[T any](t *testing.T, res *http.Response, path string) T {
	t.Helper()
	defer res.Body.Close()
	var v T
	data, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("API %s: %s: %s", path, res.Status, data)
	}
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatalf("API %s: %v", path, err)
	}
	return v
}

// searchPath is the API path of a search with these parameters.
func searchPath(v url.Values) string { return "/api/search?" + v.Encode() }
