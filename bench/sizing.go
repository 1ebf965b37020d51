package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/govreply/precedent/indexer"
)

// Sizing measures what an operator sizes a box by, at several corpus sizes,
// on the binary as it is deployed: `precedent index` builds the README's
// layout of each generated corpus (partitions, one per 20,000 suggestions
// up to one per core; with Shards, one index a year), `precedent serve`
// serves it, and a client measures it over HTTP. Then it fits how each
// figure grows with the number of suggestions n: the exponent b of
// figure ∝ n^b, the slope of log figure over log n.

// SizingOptions configure RunSizing.
type SizingOptions struct {
	Sizes  []int  // corpus sizes in suggestions
	Seed   uint64 // corpus seed
	Out    string // directory for corpora and indexes; "" = a temporary directory, removed at the end
	Keep   bool   // keep the temporary directory
	Bin    string // the precedent binary; "" = this executable
	Shards bool   // build year shards (precedent index -shard-by-year)
	// Reps is how many times each query of the mix is sent, one request at
	// a time, for the latencies; Warmup rounds go before, unmeasured.
	Reps, Warmup int
	// Clients send the mix at once for LoadTime, for the throughput.
	Clients  int
	LoadTime time.Duration
	// Command is the command line that ran, printed with the tables.
	Command string
}

// A SizingResult is one corpus size's figures.
type SizingResult struct {
	Suggestions int
	Proposals   int
	CorpusBytes int64
	Partitions  int // bleve indexes searched at once
	Shards      int // year shards; 0 when not sharded

	IndexTime    time.Duration // `precedent index`, reading the corpus included
	IndexPeakRSS int64         // its peak resident memory, bytes
	DiskBytes    int64         // the data directory

	FirstAnswer time.Duration // `precedent serve` started → first search answered
	RSSFirst    int64         // serve's resident memory after the first answer, bytes
	RSS         int64         // after the latency and load runs: all of it,
	RSSAnon     int64         // the heap and stacks,
	RSSFile     int64         // and the index's pages (page cache, shared and reclaimable)

	Kinds         []HTTPResult  // latency of each query of the mix, one request at a time
	P50, P95, P99 time.Duration // over the whole mix

	LoadRequests int     // answered 200 by the Clients in LoadTime
	LoadErrors   int     // anything else
	ReqPerSec    float64 // LoadRequests per second
	LoadP50      time.Duration
	LoadP99      time.Duration
}

// SizingMix is the query mix of the sizing: the search page's requests,
// every one with all facets counted and the hits' highlights, as the page
// asks them.
func SizingMix(rare string) []HTTPQuery {
	q := url.QueryEscape
	return []HTTPQuery{
		{Kind: "word", Ours: "/api/search?q=" + q("养老")},
		{Kind: "words", Ours: "/api/search?q=" + q("养老护理人才培养")},
		{Kind: "phrase", Ours: "/api/search?q=" + q(`"居家养老服务"`)},
		{Kind: "rare", Ours: "/api/search?q=" + q(rare)},
		{Kind: "common", Ours: "/api/search?q=" + q("服务")},
		{Kind: "filter", Ours: "/api/search?q=" + q("养老") + "&year=2019&department=" + q("市民政局")},
		{Kind: "browse", Ours: "/api/search?status=done&year_from=2019"},
		{Kind: "page", Ours: "/api/search?q=" + q("教育") + "&page=5&size=20"},
	}
}

// RunSizing measures every size of o, prints the tables to stdout and
// progress to stderr, and returns the figures, smallest size first.
func RunSizing(ctx context.Context, o SizingOptions, stdout, stderr io.Writer) ([]SizingResult, error) {
	sizes := slices.Clone(o.Sizes)
	slices.Sort(sizes)
	sizes = slices.Compact(sizes)
	if len(sizes) == 0 {
		return nil, errors.New("sizing: no sizes")
	}
	if o.Reps <= 0 || o.Clients <= 0 || o.LoadTime <= 0 {
		return nil, fmt.Errorf("sizing: want reps, clients and load time above 0 (have %d, %d, %v)", o.Reps, o.Clients, o.LoadTime)
	}
	logf := func(format string, a ...any) { fmt.Fprintf(stderr, "sizing: "+format+"\n", a...) }
	bin := o.Bin
	if bin == "" {
		var err error
		if bin, err = os.Executable(); err != nil {
			return nil, fmt.Errorf("sizing: the precedent binary: %w", err)
		}
	}
	out := o.Out
	if out == "" {
		tmp, err := os.MkdirTemp("", "precedent-sizing-")
		if err != nil {
			return nil, err
		}
		out = tmp
		if !o.Keep {
			defer os.RemoveAll(tmp)
		}
	} else if err := os.MkdirAll(out, 0o755); err != nil {
		return nil, err
	}
	logf("working in %s with %s", out, bin)
	loadStart := LoadAverage()
	vocab, err := DefaultVocabulary()
	if err != nil {
		return nil, err
	}

	var results []SizingResult
	rare := ""
	for _, n := range sizes {
		corpus := filepath.Join(out, fmt.Sprintf("corpus-%d.jsonl", n))
		f, err := os.Create(corpus)
		if err != nil {
			return nil, err
		}
		st, err := Generate(f, CorpusConfig{Seed: o.Seed, Suggestions: n, Vocab: vocab})
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return nil, fmt.Errorf("sizing: generate %s: %w", corpus, err)
		}
		if rare == "" {
			// The smallest corpus picks the rare term; the larger ones
			// start with it, so it is in them too.
			rare = DefaultRareTerm
			if len(st.RareTerms) > 0 {
				rare = st.RareTerms[0]
			}
		}
		logf("n=%d: %d proposals, %.1f MB generated in %.1f s", n, st.Proposals, float64(st.Bytes)/1e6, st.Took.Seconds())
		r, err := measureSize(ctx, bin, filepath.Join(out, fmt.Sprintf("data-%d", n)), corpus, o, SizingMix(rare), logf)
		if err != nil {
			return nil, fmt.Errorf("sizing n=%d: %w", n, err)
		}
		r.Suggestions, r.Proposals, r.CorpusBytes = st.Suggestions, st.Proposals, st.Bytes
		results = append(results, r)
	}
	WriteSizing(stdout, o, rare, loadStart, LoadAverage(), results)
	return results, nil
}

// measureSize builds the corpus into dir with the binary, serves it and
// measures it.
func measureSize(ctx context.Context, bin, dir, corpus string, o SizingOptions, mix []HTTPQuery, logf func(string, ...any)) (SizingResult, error) {
	var r SizingResult
	if err := os.RemoveAll(dir); err != nil {
		return r, err
	}
	args := []string{"index", "-q", "-o", dir}
	if o.Shards {
		args = append(args, "-shard-by-year")
	}
	cmd := exec.CommandContext(ctx, bin, append(args, corpus)...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	t0 := time.Now()
	if err := cmd.Run(); err != nil {
		return r, fmt.Errorf("precedent %s: %v: %s", strings.Join(args, " "), err, stderr.String())
	}
	r.IndexTime = time.Since(t0)
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		r.IndexPeakRSS = ru.Maxrss * 1024 // kB on Linux
	}
	var err error
	if r.DiskBytes, err = DirSize(dir); err != nil {
		return r, err
	}
	if shards := indexer.ShardDirs(dir); len(shards) > 0 {
		r.Shards = len(shards)
		for _, s := range shards {
			m, err := indexer.ReadMeta(s)
			if err != nil {
				return r, err
			}
			r.Partitions += max(m.Partitions, 1)
		}
	} else {
		m, err := indexer.ReadMeta(dir)
		if err != nil {
			return r, err
		}
		r.Partitions = max(m.Partitions, 1)
	}
	logf("built in %.1f s (peak RSS %.0f MB), %.1f MB on disk, %d partitions, %d shards", r.IndexTime.Seconds(),
		float64(r.IndexPeakRSS)/1e6, float64(r.DiskBytes)/1e6, r.Partitions, r.Shards)

	srv, first, err := StartOurs(ctx, bin, dir)
	if err != nil {
		return r, err
	}
	defer srv.Stop()
	r.FirstAnswer = first
	r.RSSFirst = RSS(srv.PID())
	logf("first answer %d ms after start, RSS %.0f MB", first.Milliseconds(), float64(r.RSSFirst)/1e6)

	if r.Kinds, r.P50, r.P95, r.P99, err = sizingLatency(ctx, srv.URL, mix, o.Reps, o.Warmup); err != nil {
		return r, err
	}
	logf("mix, one at a time: p50 %.1f p95 %.1f p99 %.1f ms", msf(r.P50), msf(r.P95), msf(r.P99))
	ld, err := sizingLoad(ctx, srv.URL, mix, o.Clients, o.LoadTime)
	if err != nil {
		return r, err
	}
	r.LoadRequests, r.LoadErrors, r.ReqPerSec, r.LoadP50, r.LoadP99 = ld.ok, ld.errors, ld.perSec, ld.p50, ld.p99
	logf("%d clients for %v: %.0f req/s, p50 %.1f p99 %.1f ms, %d errors", o.Clients, o.LoadTime, r.ReqPerSec, msf(r.LoadP50), msf(r.LoadP99), r.LoadErrors)
	r.RSS, r.RSSAnon, r.RSSFile = RSS(srv.PID()), procStatusOf(srv.PID(), "RssAnon"), procStatusOf(srv.PID(), "RssFile")
	return r, nil
}

// sizingLatency sends every query of the mix reps times, one request at a
// time over a kept-alive connection, after warmup unmeasured rounds, and
// returns each kind's percentiles and the whole mix's.
func sizingLatency(ctx context.Context, base string, mix []HTTPQuery, reps, warmup int) ([]HTTPResult, time.Duration, time.Duration, time.Duration, error) {
	client := &http.Client{Timeout: 60 * time.Second}
	defer client.CloseIdleConnections()
	lat := make([][]time.Duration, len(mix))
	hits := make([]int64, len(mix))
	var all []time.Duration
	for round := range warmup + reps {
		for k, q := range mix {
			t0 := time.Now()
			body, err := get(ctx, client, base+q.Ours)
			d := time.Since(t0)
			if err != nil {
				return nil, 0, 0, 0, fmt.Errorf("%s: %w", q.Kind, err)
			}
			if round >= warmup {
				lat[k] = append(lat[k], d)
				all = append(all, d)
			}
			hits[k] = countHits(EngineOurs, body)
		}
	}
	var out []HTTPResult
	for k, q := range mix {
		p := percentiles(lat[k])
		out = append(out, HTTPResult{Kind: q.Kind, Engine: EngineOurs, Hits: hits[k], P50: p[0], P95: p[1], P99: p[2]})
	}
	p := percentiles(all)
	return out, p[0], p[1], p[2], nil
}

// get GETs u and returns the body of a 200 answer.
func get(ctx context.Context, client *http.Client, u string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: %d %.200s", u, resp.StatusCode, body)
	}
	return body, nil
}

type loadResult struct {
	ok, errors int
	perSec     float64
	p50, p99   time.Duration
}

// sizingLoad has clients send the mix at once, each from another place in
// it, for dur, and counts what was answered.
func sizingLoad(ctx context.Context, base string, mix []HTTPQuery, clients int, dur time.Duration) (loadResult, error) {
	client := &http.Client{Timeout: 60 * time.Second,
		Transport: &http.Transport{MaxIdleConnsPerHost: clients, MaxIdleConns: clients}}
	defer client.CloseIdleConnections()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		mu     sync.Mutex
		lat    []time.Duration
		errs   int
		wg     sync.WaitGroup
		start  = time.Now()
		endsAt = start.Add(dur)
	)
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			bad := 0
			for i := c; time.Now().Before(endsAt) && ctx.Err() == nil; i++ {
				t0 := time.Now()
				if _, err := get(ctx, client, base+mix[i%len(mix)].Ours); err != nil {
					bad++
					continue
				}
				mine = append(mine, time.Since(t0))
			}
			mu.Lock()
			lat = append(lat, mine...)
			errs += bad
			mu.Unlock()
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	if err := ctx.Err(); err != nil {
		return loadResult{}, err
	}
	if len(lat) == 0 {
		return loadResult{}, fmt.Errorf("no request answered in %v (%d errors)", dur, errs)
	}
	p := percentiles(lat)
	return loadResult{ok: len(lat), errors: errs, perSec: float64(len(lat)) / elapsed.Seconds(), p50: p[0], p99: p[2]}, nil
}

// procStatusOf reads a "kB" line of /proc/PID/status in bytes; 0 if unknown.
func procStatusOf(pid int, key string) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, key+":"); ok {
			var kb int64
			if _, err := fmt.Sscan(rest, &kb); err == nil {
				return kb * 1024
			}
		}
	}
	return 0
}

// GrowthExponent is the exponent b of y ∝ n^b that fits the points best:
// the least-squares slope of log y over log n. Points with n or y not above
// 0 are left out; fewer than two points give NaN.
func GrowthExponent(ns []int, ys []float64) float64 {
	var xs, ls []float64
	for i := range min(len(ns), len(ys)) {
		if ns[i] > 0 && ys[i] > 0 {
			xs = append(xs, math.Log(float64(ns[i])))
			ls = append(ls, math.Log(ys[i]))
		}
	}
	if len(xs) < 2 {
		return math.NaN()
	}
	var mx, my float64
	for i := range xs {
		mx += xs[i]
		my += ls[i]
	}
	mx /= float64(len(xs))
	my /= float64(len(xs))
	var sxy, sxx float64
	for i := range xs {
		sxy += (xs[i] - mx) * (ls[i] - my)
		sxx += (xs[i] - mx) * (xs[i] - mx)
	}
	if sxx == 0 {
		return math.NaN()
	}
	return sxy / sxx
}

// sizingFigure is a figure of the sizing whose growth is fitted.
type sizingFigure struct {
	name string
	of   func(SizingResult) float64
}

var sizingFigures = []sizingFigure{
	{"index time", func(r SizingResult) float64 { return r.IndexTime.Seconds() }},
	{"index peak RSS", func(r SizingResult) float64 { return float64(r.IndexPeakRSS) }},
	{"disk", func(r SizingResult) float64 { return float64(r.DiskBytes) }},
	{"first answer", func(r SizingResult) float64 { return r.FirstAnswer.Seconds() }},
	{"RSS serving", func(r SizingResult) float64 { return float64(r.RSS) }},
	{"RSS serving, heap (anon)", func(r SizingResult) float64 { return float64(r.RSSAnon) }},
	{"RSS serving, index pages (file)", func(r SizingResult) float64 { return float64(r.RSSFile) }},
	{"p50", func(r SizingResult) float64 { return r.P50.Seconds() }},
	{"p95", func(r SizingResult) float64 { return r.P95.Seconds() }},
	{"p99", func(r SizingResult) float64 { return r.P99.Seconds() }},
	{"req/s", func(r SizingResult) float64 { return r.ReqPerSec }},
}

func msf(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func exponent(b float64) string {
	if math.IsNaN(b) {
		return "–"
	}
	return fmt.Sprintf("%.2f", b)
}

// WriteSizing prints the sizing's tables: the figures by size, the growth
// exponents, and the latency of each query kind.
func WriteSizing(w io.Writer, o SizingOptions, rare, loadStart, loadEnd string, rs []SizingResult) {
	layout := "partitions (one per 20,000 suggestions, at most one per core)"
	if o.Shards {
		layout = "year shards (-shard-by-year), each in partitions"
	}
	fmt.Fprintf(w, "## Sizing\n\n")
	if o.Command != "" {
		fmt.Fprintf(w, "```sh\n%s\n```\n\n", o.Command)
	}
	rev := "unknown (built without VCS stamping: go build -buildvcs=true)"
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				if s.Value == "true" {
					rev += " (modified)"
				}
			}
		}
	}
	fmt.Fprintf(w, "- %s %s/%s, %d CPUs; code %s; load average %s at start, %s at end\n", runtime.Version(), runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), rev, loadStart, loadEnd)
	fmt.Fprintf(w, "- corpus seed %d; layout: %s; `precedent index` and `precedent serve` run as deployed, measured from outside\n", o.Seed, layout)
	fmt.Fprintf(w, "- latency: the %d searches of the mix (all facets, highlights; rare term %s) %d times each, one request at a time over HTTP after %d warm-up round(s); throughput: %d clients sending the mix for %v\n",
		len(SizingMix(rare)), rare, o.Reps, o.Warmup, o.Clients, o.LoadTime)
	fmt.Fprintf(w, "- first answer: process start to the first answered search, the index in the page cache (as after a build or a roll-out); RSS serving: after the latency and load runs, the heap (anon) and the index's pages (file: page cache, shared and reclaimable)\n\n")

	fmt.Fprintf(w, "| suggestions | partitions | index s | index peak RSS MB | disk MB | first answer ms | RSS serving MB (heap + index pages) | p50 ms | p95 ms | p99 ms | req/s, %d clients | load p99 ms | errors |\n", o.Clients)
	fmt.Fprintf(w, "|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|\n")
	for _, r := range rs {
		parts := fmt.Sprint(r.Partitions)
		if r.Shards > 0 {
			parts = fmt.Sprintf("%d in %d shards", r.Partitions, r.Shards)
		}
		fmt.Fprintf(w, "| %d | %s | %.1f | %s | %s | %d | %s (%s + %s) | %.1f | %.1f | %.1f | %.0f | %.1f | %d |\n",
			r.Suggestions, parts, r.IndexTime.Seconds(), mb(r.IndexPeakRSS), mb(r.DiskBytes), r.FirstAnswer.Milliseconds(),
			mb(r.RSS), mb(r.RSSAnon), mb(r.RSSFile), msf(r.P50), msf(r.P95), msf(r.P99), r.ReqPerSec, msf(r.LoadP99), r.LoadErrors)
	}

	if len(rs) >= 2 {
		fmt.Fprintf(w, "\n### Growth: the exponent b of figure ∝ n^b\n\n")
		fmt.Fprintf(w, "Between each two sizes, log(figure₂/figure₁) / log(n₂/n₁); the last column fits all sizes at once (least squares on log–log). 1 is linear, 0 flat, below 0 falling.\n\n")
		fmt.Fprintf(w, "| figure |")
		for i := 1; i < len(rs); i++ {
			fmt.Fprintf(w, " %d→%d |", rs[i-1].Suggestions, rs[i].Suggestions)
		}
		fmt.Fprintf(w, " all sizes |\n|---|")
		for i := 1; i <= len(rs); i++ {
			fmt.Fprintf(w, "---:|")
		}
		fmt.Fprintln(w)
		ns := make([]int, len(rs))
		for i, r := range rs {
			ns[i] = r.Suggestions
		}
		for _, f := range sizingFigures {
			ys := make([]float64, len(rs))
			for i, r := range rs {
				ys[i] = f.of(r)
			}
			fmt.Fprintf(w, "| %s |", f.name)
			for i := 1; i < len(rs); i++ {
				fmt.Fprintf(w, " %s |", exponent(GrowthExponent(ns[i-1:i+1], ys[i-1:i+1])))
			}
			fmt.Fprintf(w, " %s |\n", exponent(GrowthExponent(ns, ys)))
		}
	}

	fmt.Fprintf(w, "\n### Latency of each search of the mix (ms, one request at a time)\n\n| kind | request |")
	for _, r := range rs {
		fmt.Fprintf(w, " hits, p50 / p99 at %d |", r.Suggestions)
	}
	fmt.Fprintf(w, "\n|---|---|")
	for range rs {
		fmt.Fprintf(w, "---:|")
	}
	fmt.Fprintln(w)
	for k, q := range SizingMix(rare) {
		req, _ := url.QueryUnescape(q.Ours)
		fmt.Fprintf(w, "| %s | `%s` |", q.Kind, req)
		for _, r := range rs {
			if k < len(r.Kinds) {
				x := r.Kinds[k]
				fmt.Fprintf(w, " %d, %.1f / %.1f |", x.Hits, msf(x.P50), msf(x.P99))
			} else {
				fmt.Fprintf(w, " – |")
			}
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w)
}
