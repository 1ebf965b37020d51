package bench

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/govreply/precedent/dict"
	"github.com/govreply/precedent/indexer"
	"github.com/govreply/precedent/ingest"
	"github.com/govreply/precedent/record"
	"github.com/govreply/precedent/search"
)

// Options configure Run.
type Options struct {
	Sizes  []int  // corpus sizes in suggestions
	Seed   uint64 // corpus seed
	Out    string // directory for corpora and indexes; "" = a temporary directory, removed at the end
	Keep   bool   // keep the temporary directory
	Reps   int    // measured repetitions of each query kind per engine
	Warmup int    // unmeasured repetitions before them
	// HTTP runs the mix over HTTP against `precedent serve` (and Groonga's
	// server when installed) and drives both with wrk at the Conns
	// concurrencies for WrkTime each.
	HTTP    bool
	Conns   []int
	WrkTime time.Duration
	// Shards also builds year shards of each corpus and rebuilds the latest
	// year's shard alone (RunShardBench).
	Shards bool
}

// Main is the command
//
//	precedent bench [-n 10000,100000] [-seed 1] [-out DIR] [-queries 200] [-warmup 5] [-keep]
//
// It generates a corpus of each size, indexes it with our engine and with
// the bleve-cjk baseline, runs the query mix against both and prints
// markdown tables to standard output, the summary last. Progress goes to
// standard error.
func Main(args []string) error {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	sizes := fs.String("n", "10000,100000", "corpus sizes in suggestions, comma-separated")
	seed := fs.Uint64("seed", 1, "corpus seed: the same seed gives the same corpus")
	out := fs.String("out", "", "directory for the corpora and indexes (default: a temporary directory, removed at the end)")
	reps := fs.Int("queries", 200, "measured repetitions of each query kind per engine")
	warmup := fs.Int("warmup", 5, "unmeasured repetitions before them")
	keep := fs.Bool("keep", false, "keep the temporary directory")
	httpMode := fs.Bool("http", false, "also run the mix over HTTP against precedent serve and Groonga (if installed), with wrk load at -c")
	conns := fs.String("c", "1,8,32", "wrk concurrencies for -http")
	wrkTime := fs.Duration("wrk-time", 10*time.Second, "how long wrk runs at each concurrency")
	shards := fs.Bool("shards", false, "also build year shards and time rebuilding one year's shard")
	sizing := fs.Bool("sizing", false, "instead: size a box. Per size, build with precedent index, serve with precedent serve and measure index time, disk, RSS, first answer, the latency of the mix (all facets, highlights) over HTTP, req/s at -clients; fit how each grows with the size")
	layout := fs.String("layout", "partitions", "with -sizing: partitions, or shards (one index a year, each in partitions)")
	clients := fs.Int("clients", 8, "with -sizing: concurrent clients for the throughput")
	loadTime := fs.Duration("load-time", 20*time.Second, "with -sizing: how long the clients send")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: precedent bench [-n 10000,100000] [-seed 1] [-out DIR] [-queries 200]\n       precedent bench -sizing [-n 100k,300k,1m] [-layout partitions|shards] [-clients 8] [-load-time 20s] [-out DIR]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	o := Options{Seed: *seed, Out: *out, Keep: *keep, Reps: *reps, Warmup: *warmup, HTTP: *httpMode, WrkTime: *wrkTime, Shards: *shards}
	for _, c := range strings.Split(*conns, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(c))
		if err != nil || n <= 0 {
			return fmt.Errorf("-c: %q is not a concurrency", c)
		}
		o.Conns = append(o.Conns, n)
	}
	for _, s := range strings.Split(*sizes, ",") {
		s = strings.TrimSpace(strings.ReplaceAll(s, "_", ""))
		if s == "" {
			continue
		}
		n, err := parseSize(s)
		if err != nil || n <= 0 {
			return fmt.Errorf("-n: %q is not a positive number of suggestions", s)
		}
		o.Sizes = append(o.Sizes, n)
	}
	if len(o.Sizes) == 0 {
		return fmt.Errorf("-n: no sizes")
	}
	if *sizing {
		if *layout != "partitions" && *layout != "shards" {
			return fmt.Errorf("-layout %q: want partitions or shards", *layout)
		}
		so := SizingOptions{Sizes: o.Sizes, Seed: o.Seed, Out: o.Out, Keep: o.Keep, Shards: *layout == "shards",
			Reps: o.Reps, Warmup: o.Warmup, Clients: *clients, LoadTime: *loadTime,
			Command: "precedent bench " + strings.Join(args, " ")}
		_, err := RunSizing(context.Background(), so, os.Stdout, os.Stderr)
		return err
	}
	return Run(context.Background(), o, os.Stdout, os.Stderr)
}

// parseSize accepts 10000, 10k, 1m.
func parseSize(s string) (int, error) {
	mul := 1
	switch {
	case strings.HasSuffix(strings.ToLower(s), "k"):
		mul, s = 1000, s[:len(s)-1]
	case strings.HasSuffix(strings.ToLower(s), "m"):
		mul, s = 1000000, s[:len(s)-1]
	}
	n, err := strconv.Atoi(s)
	return n * mul, err
}

// A SizeReport is everything measured for one corpus size.
type SizeReport struct {
	Corpus     CorpusStats
	ParseTime  time.Duration
	Index      []IndexResult
	Queries    []QueryResult
	RareTerm   string
	QueryKinds []QueryKind
	IndexLoad  []string  // 1-minute load average after each build
	QueryLoad  [2]string // 1-minute load average before and after the queries
	HTTP       *HTTPReport
	Shards     *ShardResult
}

// HTTPReport is the size's results over HTTP.
type HTTPReport struct {
	FirstAnswer  time.Duration // precedent serve: process start → first answered search
	GroongaIndex time.Duration // Groonga: load + index construction; 0 when not run
	GroongaBytes int64
	Latency      []HTTPResult
	Load         []LoadResult
	RSSStart     int64 // precedent serve, after the first answer
	RSSEnd       int64 // after the latency runs and the wrk load
}

// Run is Main with parsed options and explicit outputs.
func Run(ctx context.Context, o Options, stdout, stderr io.Writer) error {
	sizes := slices.Clone(o.Sizes)
	slices.Sort(sizes)
	sizes = slices.Compact(sizes)
	logf := func(format string, a ...any) { fmt.Fprintf(stderr, format+"\n", a...) }

	out := o.Out
	if out == "" {
		tmp, err := os.MkdirTemp("", "precedent-bench-")
		if err != nil {
			return err
		}
		out = tmp
		if !o.Keep {
			defer os.RemoveAll(tmp)
		}
	} else if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	logf("bench: working in %s", out)
	loadStart := LoadAverage()

	t0 := time.Now()
	vocab, err := DefaultVocabulary()
	if err != nil {
		return err
	}
	logf("bench: gse vocabulary loaded in %.1fs (%d words)", time.Since(t0).Seconds(), vocab.Size())
	t0 = time.Now()
	a, err := dict.Default()
	if err != nil {
		return err
	}
	logf("bench: dict analyzer loaded in %.1fs", time.Since(t0).Seconds())

	var reports []*SizeReport
	rare := ""
	for _, n := range sizes {
		rep := &SizeReport{}
		reports = append(reports, rep)

		// Corpus.
		path := filepath.Join(out, fmt.Sprintf("corpus-%d.jsonl", n))
		logf("bench: n=%d: generating %s", n, path)
		f, err := os.Create(path)
		if err != nil {
			return err
		}
		rep.Corpus, err = Generate(f, CorpusConfig{Seed: o.Seed, Suggestions: n, Vocab: vocab})
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return err
		}
		if rare == "" {
			// The smallest corpus picks the rare term; the larger ones
			// start with it, so it is in them too.
			rare = DefaultRareTerm
			if len(rep.Corpus.RareTerms) > 0 {
				rare = rep.Corpus.RareTerms[0]
			}
		}
		rep.RareTerm = rare
		t := time.Now()
		c, err := ingest.ReadFiles(ingest.Options{}, path)
		if err != nil {
			return fmt.Errorf("read back %s: %w", path, err)
		}
		ps := c.Proposals
		rep.ParseTime = time.Since(t)
		logf("bench: n=%d: %d proposals, %.1f MB, generated in %.1fs, parsed in %.1fs",
			n, rep.Corpus.Proposals, float64(rep.Corpus.Bytes)/1e6, rep.Corpus.Took.Seconds(), rep.ParseTime.Seconds())

		// Indexing.
		for _, e := range Engines {
			dir := filepath.Join(out, fmt.Sprintf("%s-%d", e, n))
			if err := os.RemoveAll(dir); err != nil {
				return err
			}
			logf("bench: n=%d: indexing with %s into %s", n, e, dir)
			r, err := RunIndexBench(e, dir, ps, rep.Corpus.Bytes, a)
			if err != nil {
				return fmt.Errorf("index n=%d with %s: %w", n, e, err)
			}
			logf("bench: n=%d: %s: %.1fs, %.0f suggestions/s, %.1f MB on disk, peak RSS %.0f MB",
				n, e, r.Duration.Seconds(), r.SuggestionsPerSec(), float64(r.SizeBytes)/1e6, float64(r.PeakRSS)/1e6)
			rep.Index = append(rep.Index, r)
			rep.IndexLoad = append(rep.IndexLoad, load1())
		}
		if o.Shards {
			logf("bench: n=%d: year shards", n)
			single, err := search.Open(filepath.Join(out, fmt.Sprintf("%s-%d", EngineOurs, n)), a)
			if err != nil {
				return err
			}
			sr, err := RunShardBench(ctx, filepath.Join(out, fmt.Sprintf("shards-%d", n)), ps, a, single, "养老", max(o.Reps, 5))
			single.Close()
			if err != nil {
				return fmt.Errorf("shards n=%d: %w", n, err)
			}
			rep.Shards = &sr
			logf("bench: n=%d: %d shards in %.1fs; year %d (%d suggestions) rebuilt in %.1fs", n, sr.Shards, sr.Full.Seconds(), sr.Year, sr.YearDocs, sr.YearRebuild.Seconds())
		}
		var groongaDir string
		if o.HTTP && GroongaAvailable() {
			groongaDir = filepath.Join(out, fmt.Sprintf("groonga-%d", n))
			os.RemoveAll(groongaDir)
			logf("bench: n=%d: loading into Groonga (TokenBigram) in %s", n, groongaDir)
			took, size, err := BuildGroonga(groongaDir, ps, func(p *record.Proposal, s *record.Suggestion) []string { return indexer.Topics(a.Topics(), p, s) })
			if err != nil {
				return fmt.Errorf("groonga n=%d: %w", n, err)
			}
			rep.HTTP = &HTTPReport{GroongaIndex: took, GroongaBytes: size}
			logf("bench: n=%d: groonga: %.1fs, %.1f MB on disk", n, took.Seconds(), float64(size)/1e6)
		}
		ps = nil
		runtime.GC()

		// Queries.
		rep.QueryKinds = QueryMix(rare)
		ours, err := search.Open(filepath.Join(out, fmt.Sprintf("%s-%d", EngineOurs, n)), a)
		if err != nil {
			return err
		}
		if err := ours.Prepared(ctx); err != nil {
			ours.Close()
			return err
		}
		cjkIdx, err := OpenIndex(EngineCJK, filepath.Join(out, fmt.Sprintf("%s-%d", EngineCJK, n)), a)
		if err != nil {
			ours.Close()
			return err
		}
		logf("bench: n=%d: %d query kinds × %d reps (+%d warm-up) per engine", n, len(rep.QueryKinds), o.Reps, o.Warmup)
		rep.QueryLoad[0] = load1()
		rep.Queries, err = RunQueryBench(ctx, ours, cjkIdx[0], rep.QueryKinds, o.Reps, o.Warmup, stderr)
		rep.QueryLoad[1] = load1()
		ours.Close()
		cjkIdx.Close()
		if err != nil {
			return err
		}
		if o.HTTP {
			if rep.HTTP == nil {
				rep.HTTP = &HTTPReport{}
			}
			if err := runHTTP(ctx, o, rep, filepath.Join(out, fmt.Sprintf("%s-%d", EngineOurs, n)), groongaDir, out, logf); err != nil {
				return fmt.Errorf("http n=%d: %w", n, err)
			}
		}
	}
	env := Env{Seed: o.Seed, Reps: o.Reps, Warmup: o.Warmup, LoadStart: loadStart, LoadEnd: LoadAverage(), Out: out}
	for i, rep := range reports {
		if rep.HTTP != nil {
			WriteHTTPReport(stdout, sizes[i], rep)
		}
	}
	WriteReport(stdout, env, reports)
	return nil
}

// runHTTP starts precedent serve (this binary) over the size's index and
// Groonga's server over its database, measures the mix's latency over HTTP
// on both, then loads both with wrk.
func runHTTP(ctx context.Context, o Options, rep *SizeReport, oursDir, groongaDir, out string, logf func(string, ...any)) error {
	bin, err := os.Executable()
	if err != nil {
		return err
	}
	srv, first, err := StartOurs(ctx, bin, oursDir)
	if err != nil {
		return err
	}
	defer srv.Stop()
	rep.HTTP.FirstAnswer = first
	rep.HTTP.RSSStart = RSS(srv.PID())
	logf("bench: precedent serve: first answer %d ms after start, RSS %.0f MB", first.Milliseconds(), float64(rep.HTTP.RSSStart)/1e6)
	servers := []*Server{srv}
	if groongaDir != "" {
		g, err := StartGroonga(ctx, groongaDir)
		if err != nil {
			return err
		}
		defer g.Stop()
		servers = append(servers, g)
	}
	mix := HTTPMix(rep.RareTerm)
	logf("bench: HTTP latency, %d kinds × %d reps × %d servers", len(mix), o.Reps, len(servers))
	if rep.HTTP.Latency, err = RunHTTPLatency(ctx, servers, mix, o.Reps); err != nil {
		return err
	}
	if WrkAvailable() {
		for _, s := range servers {
			logf("bench: wrk against %s at %v connections, %s each", s.Name, o.Conns, o.WrkTime)
			lr, err := RunWrk(ctx, s, mix, o.Conns, o.WrkTime, out)
			if err != nil {
				return err
			}
			rep.HTTP.Load = append(rep.HTTP.Load, lr...)
		}
	} else {
		logf("bench: wrk not installed (apt-get install wrk): no load runs")
	}
	rep.HTTP.RSSEnd = RSS(srv.PID())
	return nil
}

// WriteHTTPReport prints a size's HTTP tables.
func WriteHTTPReport(w io.Writer, n int, rep *SizeReport) {
	h := rep.HTTP
	fmt.Fprintf(w, "\n### n = %d over HTTP\n\n", n)
	fmt.Fprintf(w, "precedent serve: first answer %d ms after process start (existing index); RSS %s MB after it, %s MB after the latency and load runs.\n",
		h.FirstAnswer.Milliseconds(), mb(h.RSSStart), mb(h.RSSEnd))
	if h.GroongaIndex > 0 {
		fmt.Fprintf(w, "Groonga 13 (TokenBigram, NormalizerAuto): load + index %.1f s, %s MB on disk.\n", h.GroongaIndex.Seconds(), mb(h.GroongaBytes))
	}
	fmt.Fprintf(w, "\n| kind | engine | hits | p50 µs | p95 µs | p99 µs | p50 ours/groonga |\n|---|---|---:|---:|---:|---:|---:|\n")
	p50 := map[string]time.Duration{}
	for _, r := range h.Latency {
		p50[r.Kind+"/"+r.Engine] = r.P50
	}
	for _, r := range h.Latency {
		ratio := ""
		if g, ok := p50[r.Kind+"/groonga"]; ok && r.Engine == EngineOurs && g > 0 {
			ratio = fmt.Sprintf("%.2f", float64(r.P50)/float64(g))
		}
		fmt.Fprintf(w, "| %s | %s | %d | %s | %s | %s | %s |\n", r.Kind, r.Engine, r.Hits, us(r.P50), us(r.P95), us(r.P99), ratio)
	}
	if len(h.Load) > 0 {
		fmt.Fprintf(w, "\n| engine | connections | requests | req/s | p50 µs | p99 µs | errors |\n|---|---:|---:|---:|---:|---:|---|\n")
		for _, l := range h.Load {
			fmt.Fprintf(w, "| %s | %d | %d | %.0f | %s | %s | %s |\n", l.Engine, l.Connections, l.Requests, l.ReqPerSec, us(l.P50), us(l.P99), l.Errors)
		}
	}
}

// Env describes the run for the report.
type Env struct {
	Seed         uint64
	Reps, Warmup int
	LoadStart    string
	LoadEnd      string
	Out          string
}

// load1 is the 1-minute load average, "?" if unknown.
func load1() string {
	if f := strings.Fields(LoadAverage()); len(f) > 0 {
		return f[0]
	}
	return "?"
}

func mb(n int64) string { return fmt.Sprintf("%.1f", float64(n)/1e6) }

func us(d time.Duration) string { return strconv.FormatInt(d.Microseconds(), 10) }

func ratio(a, b float64) string {
	if b == 0 || a == 0 {
		return "–"
	}
	return fmt.Sprintf("%.2f", a/b)
}

func find(rs []QueryResult, kind, engine string) (QueryResult, bool) {
	for _, r := range rs {
		if r.Kind == kind && r.Engine == engine {
			return r, true
		}
	}
	return QueryResult{}, false
}

func findIndex(rs []IndexResult, engine string) (IndexResult, bool) {
	for _, r := range rs {
		if r.Engine == engine {
			return r, true
		}
	}
	return IndexResult{}, false
}

// topicSpread says how the proposals spread over policy themes and which
// share of the suggestions contains each probe word.
func topicSpread(c CorpusStats) string {
	if c.Proposals == 0 || c.Suggestions == 0 {
		return ""
	}
	top, seed := "", ""
	for _, th := range themes {
		if top == "" || c.Themes[th.Name] > c.Themes[top] {
			top = th.Name
		}
		if th.Seed {
			seed = th.Name
		}
	}
	pct := func(n, of int) string { return fmt.Sprintf("%.1f%%", 100*float64(n)/float64(of)) }
	var words []string
	for _, w := range ProbeWords {
		words = append(words, w+" "+pct(c.DocFreq[w], c.Suggestions))
	}
	return fmt.Sprintf("Topic spread of the largest corpus: %d policy themes, the largest (%s) %s of the proposals, the seed's (%s) %s; suggestions containing %s.",
		len(c.Themes), top, pct(c.Themes[top], c.Proposals), seed, pct(c.Themes[seed], c.Proposals), strings.Join(words, ", "))
}

// WriteReport prints the markdown tables, the summary last.
func WriteReport(w io.Writer, env Env, reports []*SizeReport) {
	fmt.Fprintf(w, "## Environment\n\n")
	fmt.Fprintf(w, "- %s %s/%s, %d CPUs, GOMAXPROCS %d; load average %s at start, %s at end (shared machine: other processes ran alongside)\n",
		runtime.Version(), runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.GOMAXPROCS(0), env.LoadStart, env.LoadEnd)
	fmt.Fprintf(w, "- corpus seed %d; query latencies over %d runs per kind and engine after %d warm-up runs, engines alternating; in-process, one query at a time\n",
		env.Seed, env.Reps, env.Warmup)
	fmt.Fprintf(w, "- corpora and indexes in %s\n", env.Out)
	fmt.Fprintf(w, "- peak RSS: in-process VmHWM, reset (/proc/self/clear_refs) before each build; includes what the process already held (\"before\": dictionaries, parsed corpus)\n\n")

	fmt.Fprintf(w, "## Corpus\n\n")
	fmt.Fprintf(w, "| suggestions | proposals | JSON MB | bytes/suggestion | distinct terms¹ | new terms per 10k² | gse words used | generate s | parse s |\n")
	fmt.Fprintf(w, "|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, r := range reports {
		c := r.Corpus
		fmt.Fprintf(w, "| %d | %d | %s | %d | %d | %d | %d | %.1f | %.1f |\n", c.Suggestions, c.Proposals, mb(c.Bytes),
			c.Bytes/int64(max(c.Suggestions, 1)), c.Terms, c.TermsPer10k(), c.DictWords, c.Took.Seconds(), r.ParseTime.Seconds())
	}
	fmt.Fprintf(w, "\n¹ proxy: what bleve's cjk analyzer would index (Han bigrams, lone Han characters, ASCII words), counted while generating.  \n")
	fmt.Fprintf(w, "² new distinct terms in the last full block of 10k suggestions (vocabulary growth; below 10k: scaled). Heaps curve of the largest corpus, suggestions→terms: ")
	if len(reports) > 0 {
		var pts []string
		for _, h := range reports[len(reports)-1].Corpus.Heaps {
			pts = append(pts, fmt.Sprintf("%d→%d", h.Suggestions, h.Terms))
		}
		fmt.Fprint(w, strings.Join(pts, ", "))
	}
	fmt.Fprint(w, "\n\n")
	if len(reports) > 0 {
		fmt.Fprintf(w, "%s\n\n", topicSpread(reports[len(reports)-1].Corpus))
	}

	fmt.Fprintf(w, "## Indexing\n\n")
	fmt.Fprintf(w, "| suggestions | engine | build s | suggestions/s | MB/s (JSON in) | index MB | index bytes/suggestion | distinct terms³ | partitions | segments | RSS before MB | peak RSS MB | load⁴ |\n")
	fmt.Fprintf(w, "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, r := range reports {
		for i, x := range r.Index {
			peak := mb(x.PeakRSS)
			if !x.PeakIsClean {
				peak += " (process peak)"
			}
			load := "?"
			if i < len(r.IndexLoad) {
				load = r.IndexLoad[i]
			}
			fmt.Fprintf(w, "| %d | %s | %.1f | %.0f | %.2f | %s | %d | %d | %d | %d | %s | %s | %s |\n", x.Suggestions, x.Engine, x.Duration.Seconds(),
				x.SuggestionsPerSec(), x.MBPerSec(), mb(x.SizeBytes), x.SizeBytes/int64(max(x.Suggestions, 1)), x.Terms, x.Partitions, x.Segments, mb(x.BaseRSS), peak, load)
		}
	}
	fmt.Fprintf(w, "\n³ exact: union of the term dictionaries of the text fields of the built index.  \n")
	fmt.Fprintf(w, "⁴ 1-minute load average of the machine right after the build (%d CPUs).\n\n", runtime.NumCPU())

	for _, r := range reports {
		fmt.Fprintf(w, "## Queries, %d suggestions (latency µs; ratio = ours/bleve-cjk, > 1 means ours is slower)\n\n", r.Corpus.Suggestions)
		fmt.Fprintf(w, "| kind | query | hits ours | hits cjk | ours p50 | ours p95 | ours p99 | cjk p50 | cjk p95 | cjk p99 | ratio p50 | ratio p95 |\n")
		fmt.Fprintf(w, "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
		for _, k := range r.QueryKinds {
			o, okO := find(r.Queries, k.Name, EngineOurs)
			c, okC := find(r.Queries, k.Name, EngineCJK)
			cell := func(ok bool, s string) string {
				if !ok {
					return "–"
				}
				return s
			}
			q := k.Query
			if len([]rune(q)) > 40 {
				q = string([]rune(q)[:40]) + "…"
			}
			fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", k.Name, q,
				cell(okO, strconv.FormatUint(o.Hits, 10)), cell(okC, strconv.FormatUint(c.Hits, 10)),
				cell(okO, us(o.P50)), cell(okO, us(o.P95)), cell(okO, us(o.P99)),
				cell(okC, us(c.P50)), cell(okC, us(c.P95)), cell(okC, us(c.P99)),
				cell(okO && okC, ratio(float64(o.P50), float64(c.P50))), cell(okO && okC, ratio(float64(o.P95), float64(c.P95))))
		}
		fmt.Fprintf(w, "\nrare term: %s (picked from the smallest corpus: a gse noun drawn into 2–5 of its suggestions). 1-minute load average %s before the queries, %s after (%d CPUs).\n\n",
			r.RareTerm, r.QueryLoad[0], r.QueryLoad[1], runtime.NumCPU())
	}

	writeShards(w, reports)
	fmt.Fprintf(w, "## Summary\n\n")
	fmt.Fprintf(w, "| suggestions | index s ours / cjk | suggestions/s ours / cjk | index MB ours / cjk | peak RSS MB ours / cjk | query p50 ours/cjk (geomean) | slowest kind, ours (p50 µs) | worst ratio |\n")
	fmt.Fprintf(w, "|---:|---|---|---|---|---:|---|---|\n")
	for _, r := range reports {
		o, _ := findIndex(r.Index, EngineOurs)
		c, _ := findIndex(r.Index, EngineCJK)
		logSum, nk := 0.0, 0
		slowest, worst := "", ""
		var slowestP50 time.Duration
		worstRatio := 0.0
		for _, k := range r.QueryKinds {
			qo, okO := find(r.Queries, k.Name, EngineOurs)
			qc, okC := find(r.Queries, k.Name, EngineCJK)
			if okO && qo.P50 > slowestP50 {
				slowest, slowestP50 = k.Name, qo.P50
			}
			if okO && okC && qo.P50 > 0 && qc.P50 > 0 {
				x := float64(qo.P50) / float64(qc.P50)
				logSum += math.Log(x)
				nk++
				if x > worstRatio {
					worst, worstRatio = k.Name, x
				}
			}
		}
		geo := "–"
		if nk > 0 {
			geo = fmt.Sprintf("%.2f", math.Exp(logSum/float64(nk)))
		}
		fmt.Fprintf(w, "| %d | %.1f / %.1f | %.0f / %.0f | %s / %s | %s / %s | %s | %s (%s) | %s (%.2f) |\n",
			r.Corpus.Suggestions, o.Duration.Seconds(), c.Duration.Seconds(), o.SuggestionsPerSec(), c.SuggestionsPerSec(),
			mb(o.SizeBytes), mb(c.SizeBytes), mb(o.PeakRSS), mb(c.PeakRSS), geo, slowest, us(slowestP50), worst, worstRatio)
	}
	fmt.Fprintln(w)
}

func writeShards(w io.Writer, reports []*SizeReport) {
	var rs []*ShardResult
	for _, r := range reports {
		if r.Shards != nil {
			rs = append(rs, r.Shards)
		}
	}
	if len(rs) == 0 {
		return
	}
	fmt.Fprintf(w, "## Year shards\n\n")
	fmt.Fprintf(w, "| suggestions | shards | all shards s | year re-imported | its suggestions | its shard rebuilt s | share of the full build | 养老 p50 µs, shards / one index | hits |\n")
	fmt.Fprintf(w, "|---:|---:|---:|---:|---:|---:|---:|---|---:|\n")
	for _, r := range rs {
		fmt.Fprintf(w, "| %d | %d | %.1f | %d | %d | %.1f | %.0f%% | %s / %s (%s) | %d |\n", r.Suggestions, r.Shards, r.Full.Seconds(),
			r.Year, r.YearDocs, r.YearRebuild.Seconds(), 100*r.YearRebuild.Seconds()/r.Full.Seconds(),
			us(r.AliasP50), us(r.SingleP50), ratio(float64(r.AliasP50), float64(r.SingleP50)), r.Hits)
	}
	fmt.Fprintf(w, "\nThe query runs over all the shards at once, with global BM25 statistics (document counts and field lengths summed), alternating with the unsharded index of the same corpus (in its partitions, Indexing table).\n\n")
}
