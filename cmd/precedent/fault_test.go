package main

// Fault tests of the real binary: a build killed with SIGKILL, overload and
// hostile queries, and a bad import, each against a running `precedent`
// process.

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/govreply/precedent/indexer"
	"github.com/govreply/precedent/ingest"
)

// TestKill9DuringIndexing kills `precedent index` with SIGKILL while it
// writes a new index into a data directory that already has one, and checks
// that the old index stays current and usable, that the leftover tmp-
// directory is there, and that `precedent serve` removes it at start and
// serves the old index.
func TestKill9DuringIndexing(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	buildIndex(t, dir, seedFile)
	nameA := currentName(t, dir)
	before := searchCLI(t, dir, "养老")
	if before.Total == 0 || len(before.Hits) == 0 {
		t.Fatalf("index A: no hits for 养老: %+v", before)
	}

	// A larger input: ~1000 proposals, several seconds of indexing.
	big := filepath.Join(t.TempDir(), "big.jsonl")
	writeJSONL(t, big, generated(t, 1000))
	p := start(t, "index", "-q", "-o", dir, big)

	// Wait until the build has created its tmp- directory and written to it.
	var tmp []string
	deadline := time.Now().Add(60 * time.Second)
	for {
		if p.exited() {
			t.Fatalf("index exited before it could be killed (%v); make the input larger\n%s", p.err, p.stderr.String())
		}
		if tmp = globTmp(t, dir); len(tmp) > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no tmp-* directory in %s after 60 s\n%s", dir, p.stderr.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
	time.Sleep(300 * time.Millisecond) // mid-build: the first batches are written
	if p.exited() {
		t.Fatalf("index finished before it could be killed (%v); make the input larger", p.err)
	}
	p.kill(t)
	var ee *exec.ExitError
	if !errors.As(p.err, &ee) || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		t.Fatalf("index did not die of SIGKILL: %v", p.err)
	}
	t.Logf("killed the build in %s", filepath.Base(tmp[0]))

	// The old index is current, complete and answers.
	if got := currentName(t, dir); got != nameA {
		t.Fatalf("CURRENT names %q after the killed build, want %q", got, nameA)
	}
	if got := indexer.Indexes(dir); !slices.Equal(got, []string{nameA}) {
		t.Errorf("complete indexes after the killed build: %v, want only %s", got, nameA)
	}
	left := globTmp(t, dir)
	if len(left) == 0 {
		t.Fatalf("no tmp-* directory left by the killed build")
	}
	after := searchCLI(t, dir, "养老")
	if after.Total != before.Total || len(after.Hits) == 0 || after.Hits[0].ID != before.Hits[0].ID {
		t.Errorf("index A answers differently after the killed build: total %d (was %d), hits %v",
			after.Total, before.Total, after.Hits)
	}

	// serve removes the leftover at start and serves index A.
	s := startServer(t, dir, "")
	if left := globTmp(t, dir); len(left) > 0 {
		t.Errorf("tmp-* left after serve started: %v", left)
	}
	if !strings.Contains(s.stderr.String(), "removed what an interrupted build left") {
		t.Errorf("serve did not log the removal:\n%s", s.stderr.String())
	}
	if got := currentName(t, dir); got != nameA {
		t.Errorf("CURRENT names %q after serve started, want %q", got, nameA)
	}
	var r searchResp
	if code, body := s.get(t, "/api/search?q="+url.QueryEscape("养老"), &r); code != http.StatusOK {
		t.Fatalf("/api/search: %d %s", code, body)
	}
	if r.Total != before.Total {
		t.Errorf("served total for 养老 = %d, want %d (index A)", r.Total, before.Total)
	}
	if h := s.health(t); h.Suggestions != seedSuggestions {
		t.Errorf("/healthz suggestions = %d, want %d", h.Suggestions, seedSuggestions)
	}
}

// expensiveWords are 32 everyday words of the proposals: a query of them all
// uses every clause a query may have.
var expensiveWords = strings.Fields("养老 医疗 教育 交通 住房 就业 环境 文化 体育 科技 人才 社区 服务 机构 建设 发展 " +
	"政策 资金 保障 管理 创新 产业 老人 儿童 学校 医院 公园 道路 地铁 垃圾 水务 安全")

// longDraft is a draft of about n characters made of the seed's own text.
func longDraft(t testing.TB, n int) string {
	var b strings.Builder
	for _, p := range seed(t) {
		for _, s := range p.Suggestions {
			b.WriteString(s.Text)
			b.WriteString(s.Reply.Done)
			b.WriteString(s.Reply.InProgress)
		}
	}
	r := []rune(strings.Join(strings.Fields(b.String()), ""))
	for len(r) < n {
		r = append(r, r...)
	}
	return string(r[:n])
}

// TestOverload runs the server with one search slot, fires 64 expensive
// requests at once and checks that the ones that find no slot get a 503
// with Retry-After and a JSON error, and nothing fails otherwise; then the
// bounds on hostile queries.
func TestOverload(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	buildIndex(t, dir, seedFile)
	s := startServer(t, dir, "", "-max-concurrent", "1")
	h0 := s.health(t)

	searchURL := s.base + "/api/search?" + url.Values{"q": {strings.Join(expensiveWords, " ")}, "size": {"100"}}.Encode()
	draft, _ := json.Marshal(map[string]any{"text": longDraft(t, 15000), "size": 100})

	const n = 64
	type result struct {
		code       int
		retryAfter string
		body       []byte
		err        error
		took       time.Duration
	}
	results := make([]result, n)
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: n}}
	defer client.CloseIdleConnections()
	startGun := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-startGun
			t0 := time.Now()
			var resp *http.Response
			var err error
			if i%2 == 0 {
				resp, err = client.Get(searchURL)
			} else {
				resp, err = client.Post(s.base+"/api/similar", "application/json", bytes.NewReader(draft))
			}
			r := &results[i]
			if err != nil {
				r.err = err
				return
			}
			r.body, r.err = io.ReadAll(resp.Body)
			resp.Body.Close()
			r.code, r.retryAfter, r.took = resp.StatusCode, resp.Header.Get("Retry-After"), time.Since(t0)
		}()
	}
	// While the burst runs, /healthz (which takes no slot) still answers.
	healthDuring := make(chan error, 1)
	go func() {
		time.Sleep(100 * time.Millisecond)
		c := &http.Client{Timeout: 5 * time.Second}
		resp, err := c.Get(s.base + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				err = fmt.Errorf("status %d", resp.StatusCode)
			}
		}
		healthDuring <- err
	}()
	close(startGun)
	wg.Wait()
	if err := <-healthDuring; err != nil {
		t.Errorf("/healthz during the burst: %v", err)
	}

	counts := map[int]int{}
	var slowest time.Duration
	for i, r := range results {
		if r.err != nil {
			t.Errorf("request %d: transport error: %v", i, r.err)
			continue
		}
		counts[r.code]++
		slowest = max(slowest, r.took)
		switch r.code {
		case http.StatusOK:
			if !json.Valid(r.body) {
				t.Errorf("request %d: 200 with invalid JSON: %.200s", i, r.body)
			}
		case http.StatusServiceUnavailable:
			if r.retryAfter == "" {
				t.Errorf("request %d: 503 without Retry-After", i)
			}
			var e errResp
			if err := json.Unmarshal(r.body, &e); err != nil || e.Error == "" {
				t.Errorf("request %d: 503 body is not a JSON {\"error\"}: %v %.200s", i, err, r.body)
			}
		default:
			t.Errorf("request %d: status %d: %.300s", i, r.code, r.body)
		}
	}
	t.Logf("%d concurrent expensive requests, 1 slot: %v (status → count), slowest %v", n, counts, slowest.Round(time.Millisecond))
	if counts[http.StatusServiceUnavailable] == 0 {
		t.Errorf("no 503 among %d concurrent requests with one slot", n)
	}
	if counts[http.StatusOK] == 0 {
		t.Errorf("no request answered 200 under overload")
	}

	// Right after: healthy, same index, searches answer.
	if h := s.health(t); h.Status != "ok" || h.Suggestions != h0.Suggestions || !h.BuiltAt.Equal(h0.BuiltAt) {
		t.Errorf("/healthz after the burst: %+v, before %+v", h, h0)
	}
	if code, body := s.get(t, "/api/search?q="+url.QueryEscape("养老"), nil); code != http.StatusOK {
		t.Errorf("search after the burst: %d %s", code, body)
	}

	// Hostile queries are refused before they cost anything.
	bad := []struct{ name, query, param string }{
		{"q of 501 characters", "q=" + url.QueryEscape(strings.Repeat("养", 501)), "q"},
		{"size=1000", "q=" + url.QueryEscape("养老") + "&size=1000", "size"},
		{"page=100000", "q=" + url.QueryEscape("养老") + "&page=100000", "page"},
	}
	for _, c := range bad {
		code, body := s.get(t, "/api/search?"+c.query, nil)
		var e errResp
		json.Unmarshal(body, &e)
		if code != http.StatusBadRequest || e.Param != c.param || e.Error == "" {
			t.Errorf("%s: %d %s, want 400 naming %q", c.name, code, body, c.param)
		}
	}
	// Long but allowed ones answer within the server's 10 s request timeout.
	var words []string
	for i := range 100 {
		words = append(words, expensiveWords[i%len(expensiveWords)]+expensiveWords[(i*7+3)%len(expensiveWords)])
	}
	ok := []struct{ name, query string }{
		{"100 space-separated words", "q=" + url.QueryEscape(strings.Join(words, " ")) + "&size=100"},
		{"q of 500 characters", "q=" + url.QueryEscape(strings.Repeat("养老", 250))},
		{"last page of 100", "q=" + url.QueryEscape("养老") + "&page=1000&size=100"},
	}
	for _, c := range ok {
		t0 := time.Now()
		var r searchResp
		code, body := s.get(t, "/api/search?"+c.query, &r)
		took := time.Since(t0)
		if code != http.StatusOK {
			t.Errorf("%s: %d %.300s, want 200", c.name, code, body)
		}
		if took > 10*time.Second {
			t.Errorf("%s: took %v", c.name, took)
		}
		t.Logf("%s: %d in %v, total %d", c.name, code, took.Round(time.Millisecond), r.Total)
	}
	if s.exited() {
		t.Fatalf("server exited: %v\n%s", s.err, s.stderr.String())
	}
}

// TestBadImportKeepsServing uploads a file with a bad id on line 3, which
// must be refused naming the line with the served index unchanged, then a
// good one, which must be swapped in.
func TestBadImportKeepsServing(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	buildIndex(t, dir, seedFile)
	const token = "test-token-123"
	s := startServer(t, dir, token)
	h0 := s.health(t)
	if h0.Suggestions != seedSuggestions {
		t.Fatalf("/healthz suggestions = %d, want %d", h0.Suggestions, seedSuggestions)
	}
	nameA := currentName(t, dir)
	client := &http.Client{Timeout: 120 * time.Second}

	// Wrong token: 401, nothing read.
	s.token = "wrong"
	code, body, err := s.importFiles(client, map[string][]byte{"x.jsonl": []byte("{}\n")})
	if err != nil || code != http.StatusUnauthorized {
		t.Errorf("import with a wrong token: %d %s %v, want 401", code, body, err)
	}
	s.token = token

	// A CSV table whose line 3 has a bad suggestion number.
	csv := strings.Join([]string{
		"proposal_id,title,proposer,lead_department,co_departments,suggestion_no,suggestion,done,in_progress,planned,not_adopted",
		"20210001,关于加强社区养老服务的提案,张三,市民政局,,1,建设社区养老服务中心,已建成,,,",
		"20210002,关于改善交通的提案,李四,市交通运输局,,二,增开公交线路,,正在研究,,",
		"",
	}, "\n")
	code, body, err = s.importFiles(client, map[string][]byte{"bad.csv": []byte(csv)})
	if err != nil {
		t.Fatalf("bad import: %v", err)
	}
	var e errResp
	if err := json.Unmarshal(body, &e); err != nil {
		t.Fatalf("bad import: body is not JSON: %v %s", err, body)
	}
	if code != http.StatusBadRequest || e.Error == "" || len(e.Details) == 0 {
		t.Fatalf("bad import: %d %s, want 400 with details", code, body)
	}
	if !strings.Contains(strings.Join(e.Details, "\n"), "bad.csv:3") {
		t.Errorf("bad import: the details do not name line 3: %q", e.Details)
	}
	t.Logf("bad import refused: %s %q", e.Error, e.Details)
	if h := s.health(t); h.Suggestions != h0.Suggestions || !h.BuiltAt.Equal(h0.BuiltAt) {
		t.Errorf("/healthz changed by a refused import: %+v, before %+v", h, h0)
	}
	if got := currentName(t, dir); got != nameA {
		t.Errorf("CURRENT changed by a refused import: %q, was %q", got, nameA)
	}
	if left := globTmp(t, dir); len(left) > 0 {
		t.Errorf("a refused import left %v", left)
	}
	if code, _ := s.get(t, "/api/proposals/20210001", nil); code != http.StatusNotFound {
		t.Errorf("proposal 20210001 before the good import: %d, want 404", code)
	}

	// A good JSONL file: the seed and 20 new proposals.
	ps := append(seed(t), generated(t, 20)...)
	var buf bytes.Buffer
	if err := ingest.WriteJSONL(&buf, ps); err != nil {
		t.Fatal(err)
	}
	code, body, err = s.importFiles(client, map[string][]byte{"good.jsonl": buf.Bytes()})
	if err != nil || code != http.StatusOK {
		t.Fatalf("good import: %d %s %v\n%s", code, body, err, tail(s.stderr.String(), 2000))
	}
	var st struct{ Proposals, Suggestions int }
	if err := json.Unmarshal(body, &st); err != nil {
		t.Fatalf("good import: %v %s", err, body)
	}
	want := countSuggestions(ps)
	if st.Proposals != len(ps) || st.Suggestions != want {
		t.Errorf("good import says %d proposals, %d suggestions; want %d, %d", st.Proposals, st.Suggestions, len(ps), want)
	}
	h := s.health(t)
	if h.Suggestions != want || h.Proposals != len(ps) || !h.BuiltAt.After(h0.BuiltAt) {
		t.Errorf("/healthz after the good import: %+v, want %d suggestions, later than %v", h, want, h0.BuiltAt)
	}
	if code, body := s.get(t, "/api/proposals/20210001", nil); code != http.StatusOK {
		t.Errorf("proposal 20210001 after the good import: %d %s", code, body)
	}
	if got := indexer.Indexes(dir); len(got) != 1 || got[0] == nameA {
		t.Errorf("indexes after the good import: %v (old %s)", got, nameA)
	}
	if s.exited() {
		t.Fatalf("server exited: %v", s.err)
	}
}
