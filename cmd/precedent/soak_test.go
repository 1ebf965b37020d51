//go:build soak

package main

// The soak test: 32 clients for 60 s (PRECEDENT_SOAK_SECONDS) against the
// real server while three reindexes swap in, alternately by `precedent index`
// into the served data directory + SIGHUP, and by POST /api/admin/import.
//
//	go test -tags soak -run TestSoak -count=1 -v ./cmd/precedent
//	scripts/soak.sh

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/govreply/precedent/indexer"
)

const soakClients = 32

var soakEndpoints = []string{"search", "probe", "proposal", "similar", "suggest"}

type soakStats struct {
	mu        sync.Mutex
	lat       map[string][]time.Duration // by endpoint
	failures  int
	failMsgs  []string
	probeSeen map[uint64]int
	requests  atomic.Int64
}

func (st *soakStats) fail(format string, args ...any) {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.failures++
	if len(st.failMsgs) < 30 {
		st.failMsgs = append(st.failMsgs, time.Now().Format("15:04:05.000")+" "+fmt.Sprintf(format, args...))
	}
}

func soakSeconds(t *testing.T) time.Duration {
	s := os.Getenv("PRECEDENT_SOAK_SECONDS")
	if s == "" {
		return 60 * time.Second
	}
	n, err := strconv.ParseFloat(s, 64)
	if err != nil || n <= 0 {
		t.Fatalf("PRECEDENT_SOAK_SECONDS=%q: want a positive number of seconds", s)
	}
	return time.Duration(n * float64(time.Second))
}

func TestSoak(t *testing.T) {
	dur := soakSeconds(t)
	tmp := t.TempDir()
	served := filepath.Join(tmp, "data")

	// Data set A: the seed. Data set B: the seed and 40 made-up 2021 proposals.
	buildIndex(t, served, seedFile)
	seedBytes, err := os.ReadFile(seedFile)
	if err != nil {
		t.Fatal(err)
	}
	psB := append(seed(t), generated(t, 40)...)
	fileB := filepath.Join(tmp, "b.jsonl")
	writeJSONL(t, fileB, psB)
	nA, nB := seedSuggestions, countSuggestions(psB)
	scratchB := filepath.Join(tmp, "scratch-b")
	buildIndex(t, scratchB, fileB)
	totA, totB := searchCLI(t, served, probeQuery).Total, searchCLI(t, scratchB, probeQuery).Total
	if totA == totB || nA == nB {
		t.Fatalf("the data sets do not differ: probe totals %d/%d, suggestions %d/%d", totA, totB, nA, nB)
	}
	t.Logf("data set A: %d suggestions, %q → %d; B: %d suggestions, %q → %d", nA, probeQuery, totA, nB, probeQuery, totB)

	const token = "soak-token"
	// One slot for each client: the soak is about swaps under load, not
	// about overload (TestOverload is).
	s := startServer(t, served, token, "-max-concurrent", strconv.Itoa(soakClients))
	var first searchResp
	if code, body := s.get(t, "/api/search?q="+url.QueryEscape(probeQuery), &first); code != 200 || first.Total != totA {
		t.Fatalf("served probe before the soak: %d total %d, want %d\n%s", code, first.Total, totA, body)
	}
	rssStart, err := rssKB(s.pid())
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("server pid %d, RSS at start %d kB", s.pid(), rssStart)

	st := &soakStats{lat: map[string][]time.Duration{}, probeSeen: map[uint64]int{}}
	client := &http.Client{Timeout: 30 * time.Second,
		Transport: &http.Transport{MaxIdleConnsPerHost: soakClients * 2, MaxIdleConns: soakClients * 2}}
	defer client.CloseIdleConnections()
	draft := longDraft(t, 3000)

	stop := make(chan struct{})
	var wg sync.WaitGroup
	for c := range soakClients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			soakClient(c, s.base, client, st, draft, totA, totB, stop)
		}()
	}
	var rssPeak atomic.Int64
	rssPeak.Store(int64(rssStart))
	rssDone := make(chan struct{})
	go func() {
		defer close(rssDone)
		tk := time.NewTicker(500 * time.Millisecond)
		defer tk.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tk.C:
				if kb, err := rssKB(s.pid()); err == nil && int64(kb) > rssPeak.Load() {
					rssPeak.Store(int64(kb))
				}
			}
		}
	}()

	// The three swaps, at 1/4, 2/4 and 3/4 of the run.
	begin := time.Now()
	type swap struct {
		how  string
		took time.Duration
	}
	var swaps []swap
	stopOnce := sync.OnceFunc(func() { close(stop) })
	defer func() { stopOnce(); wg.Wait() }() // on t.Fatal too
	for i := 1; i <= 3; i++ {
		if d := time.Until(begin.Add(dur * time.Duration(i) / 4)); d > 0 {
			time.Sleep(d)
		}
		before := s.health(t)
		t0 := time.Now()
		var how string
		if i%2 == 1 {
			how = "index -o + SIGHUP"
			buildIndex(t, served, fileB)
			if err := s.cmd.Process.Signal(syscall.SIGHUP); err != nil {
				t.Fatalf("SIGHUP: %v", err)
			}
			s.waitHealth(t, 60*time.Second, "the SIGHUP swap", func(h health) bool {
				return h.Status == "ok" && h.Suggestions == nB && h.BuiltAt.After(before.BuiltAt)
			})
		} else {
			how = "POST /api/admin/import"
			code, body, err := s.importFiles(&http.Client{Timeout: 120 * time.Second}, map[string][]byte{filepath.Base(seedFile): seedBytes})
			if err != nil || code != http.StatusOK {
				t.Fatalf("import: %d %s %v", code, body, err)
			}
			if h := s.health(t); h.Status != "ok" || h.Suggestions != nA || !h.BuiltAt.After(before.BuiltAt) {
				t.Fatalf("after the import /healthz says %+v, want %d suggestions", h, nA)
			}
		}
		swaps = append(swaps, swap{how, time.Since(t0)})
		t.Logf("swap %d at %.1f s: %s, %.2f s until served", i, time.Since(begin).Seconds(), how, time.Since(t0).Seconds())
	}
	if d := time.Until(begin.Add(dur)); d > 0 {
		time.Sleep(d)
	}
	stopOnce()
	wg.Wait()
	<-rssDone
	elapsed := time.Since(begin)

	rssEnd, err := rssKB(s.pid())
	if err != nil {
		t.Fatalf("server gone at the end: %v\n%s", err, tail(s.stderr.String(), 3000))
	}
	deleted := deletedFDs(s.pid())

	// Latencies.
	var all []time.Duration
	for _, ep := range soakEndpoints {
		l := st.lat[ep]
		all = append(all, l...)
		if len(l) > 0 {
			slices.Sort(l)
			t.Logf("%-9s %6d requests  p50 %6.1f ms  p99 %7.1f ms  max %7.1f ms", ep, len(l), ms(pct(l, 50)), ms(pct(l, 99)), ms(l[len(l)-1]))
		}
	}
	slices.Sort(all)
	total := st.requests.Load()
	var seen []string
	for k, v := range st.probeSeen {
		seen = append(seen, fmt.Sprintf("%d×%d", k, v))
	}
	sort.Strings(seen)
	t.Logf("probe %q totals seen (total×answers): %s", probeQuery, strings.Join(seen, " "))
	t.Logf("old-index files still open after the run: %d %v", len(deleted), deleted)

	summary := fmt.Sprintf("SOAK SUMMARY: %.0f s, %d clients, %d requests (%.0f/s), %d failures, p50 %.1f ms, p99 %.1f ms, "+
		"RSS start %.1f MB, end %.1f MB, peak %.1f MB, swaps %d (%s)",
		elapsed.Seconds(), soakClients, total, float64(total)/elapsed.Seconds(), st.failures,
		ms(pct(all, 50)), ms(pct(all, 99)), float64(rssStart)/1024, float64(rssEnd)/1024, float64(rssPeak.Load())/1024,
		len(swaps), swapList(swaps, func(s swap) string { return fmt.Sprintf("%s %.1fs", s.how, s.took.Seconds()) }))
	t.Log(summary)
	fmt.Println(summary)

	// Verdict.
	if st.failures > 0 {
		t.Errorf("%d of %d requests failed; first ones:\n%s", st.failures, total, strings.Join(st.failMsgs, "\n"))
	}
	if total == 0 {
		t.Errorf("no requests made")
	}
	if len(swaps) != 3 {
		t.Errorf("%d swaps, want 3", len(swaps))
	}
	if st.probeSeen[totA] == 0 || st.probeSeen[totB] == 0 {
		t.Errorf("probe answers did not see both indexes: %v", st.probeSeen)
	}
	if h := s.health(t); h.Status != "ok" || h.Suggestions != nB {
		t.Errorf("/healthz at the end: %+v, want %d suggestions (B)", h, nB)
	}
	if got := indexer.Indexes(served); len(got) != 1 {
		t.Errorf("indexes left in the data dir: %v, want 1", got)
	}
	if left := globTmp(t, served); len(left) > 0 {
		t.Errorf("tmp-* left: %v", left)
	}
	if len(deleted) > 0 {
		t.Errorf("the server still holds %d files of removed indexes", len(deleted))
	}
	if s.exited() {
		t.Errorf("server exited: %v", s.err)
	}
	if log := s.stderr.String(); strings.Contains(log, "panic") || strings.Contains(log, "level=ERROR") {
		t.Errorf("server logged errors:\n%s", tail(log, 4000))
	}
}

func swapList[T any](xs []T, f func(T) string) string {
	var out []string
	for _, x := range xs {
		out = append(out, f(x))
	}
	return strings.Join(out, ", ")
}

// soakClient sends requests until stop, one at a time.
func soakClient(c int, base string, client *http.Client, st *soakStats, draft string, totA, totB uint64, stop <-chan struct{}) {
	rng := rand.New(rand.NewPCG(uint64(c), 0x50a6))
	lat := map[string][]time.Duration{}
	defer func() {
		st.mu.Lock()
		for k, v := range lat {
			st.lat[k] = append(st.lat[k], v...)
		}
		st.mu.Unlock()
	}()
	probeSeen := map[uint64]int{}
	defer func() {
		st.mu.Lock()
		for k, v := range probeSeen {
			st.probeSeen[k] += v
		}
		st.mu.Unlock()
	}()
	for {
		select {
		case <-stop:
			return
		default:
		}
		var ep, method, target string
		var body []byte
		switch n := rng.IntN(100); {
		case n < 30:
			ep, method = "search", http.MethodGet
			target = "/api/search?q=" + url.QueryEscape(soakQueries[rng.IntN(len(soakQueries))])
			if f := soakFilters[rng.IntN(len(soakFilters))]; f != "" {
				target += "&" + f
			}
		case n < 45:
			ep, method = "probe", http.MethodGet
			target = "/api/search?q=" + url.QueryEscape(probeQuery)
		case n < 65:
			ep, method = "proposal", http.MethodGet
			target = "/api/proposals/" + soakIDs[rng.IntN(len(soakIDs))]
		case n < 80:
			ep = "similar"
			if rng.IntN(2) == 0 {
				method = http.MethodGet
				target = fmt.Sprintf("/api/similar?id=%s-1&size=%d", soakIDs[rng.IntN(len(soakIDs))], 1+rng.IntN(20))
			} else {
				method, target = http.MethodPost, "/api/similar"
				r := []rune(draft)
				from := rng.IntN(len(r) - 1000)
				body, _ = json.Marshal(map[string]any{"text": string(r[from : from+200+rng.IntN(800)]), "size": 10})
			}
		default:
			ep, method = "suggest", http.MethodGet
			target = "/api/suggest?q=" + url.QueryEscape(soakPrefixes[rng.IntN(len(soakPrefixes))])
		}
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		var rd io.Reader
		if body != nil {
			rd = bytes.NewReader(body)
		}
		req, _ := http.NewRequestWithContext(ctx, method, base+target, rd)
		if body != nil {
			req.Header.Set("Content-Type", "application/json")
		}
		t0 := time.Now()
		resp, err := client.Do(req)
		var data []byte
		if err == nil {
			data, err = io.ReadAll(resp.Body)
			resp.Body.Close()
		}
		took := time.Since(t0)
		cancel()
		st.requests.Add(1)
		lat[ep] = append(lat[ep], took)
		switch {
		case err != nil:
			st.fail("%s %s: %v", method, target, err)
		case resp.StatusCode != http.StatusOK:
			st.fail("%s %s: status %d: %.300s", method, target, resp.StatusCode, data)
		case !json.Valid(data):
			st.fail("%s %s: invalid JSON: %.300s", method, target, data)
		case ep == "probe":
			var r searchResp
			json.Unmarshal(data, &r)
			probeSeen[r.Total]++
			if r.Total != totA && r.Total != totB {
				st.fail("probe %q: total %d is neither index's (%d, %d)", probeQuery, r.Total, totA, totB)
			}
		}
	}
}

// deletedFDs lists the open files of pid that have been removed (an old
// index the server did not close).
func deletedFDs(pid int) []string {
	fdDir := fmt.Sprintf("/proc/%d/fd", pid)
	ents, _ := os.ReadDir(fdDir)
	var out []string
	for _, e := range ents {
		if l, err := os.Readlink(filepath.Join(fdDir, e.Name())); err == nil && strings.HasSuffix(l, "(deleted)") {
			out = append(out, l)
		}
	}
	// mmapped segments hold no fd: look at the mappings too.
	if b, err := os.ReadFile(fmt.Sprintf("/proc/%d/maps", pid)); err == nil {
		for _, ln := range strings.Split(string(b), "\n") {
			if strings.HasSuffix(ln, "(deleted)") && strings.Contains(ln, "/idx-") {
				f := strings.Fields(ln)
				out = append(out, "mmap "+strings.Join(f[5:], " "))
			}
		}
	}
	return out
}

// rssKB reads VmRSS of pid from /proc, in kB.
func rssKB(pid int) (int, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	for _, ln := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(ln, "VmRSS:"); ok {
			f := strings.Fields(rest)
			if len(f) >= 1 {
				return strconv.Atoi(f[0])
			}
		}
	}
	return 0, errors.New("no VmRSS line")
}
