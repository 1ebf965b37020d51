package bench

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/blevesearch/bleve/v2"

	"github.com/govreply/precedent/dict"
	"github.com/govreply/precedent/indexer"
	"github.com/govreply/precedent/ingest"
	"github.com/govreply/precedent/record"
	"github.com/govreply/precedent/search"
)

// benchSuggestions is the size of the corpus the benchmarks share.
const benchSuggestions = 2000

// A corpusFixture is a generated corpus and both engines' indexes of it.
type corpusFixture struct {
	dir       string
	a         *dict.Analyzer
	proposals []record.Proposal
	bytes     int64
	stats     CorpusStats
	ours      *search.Searcher
	cjk       bleve.Index
}

func (f *corpusFixture) close() {
	if f.ours != nil {
		f.ours.Close()
	}
	if f.cjk != nil {
		f.cjk.Close()
	}
}

// newFixture generates n suggestions (seed 1) and indexes them with both
// engines under dir.
func newFixture(dir string, n int) (*corpusFixture, error) {
	f := &corpusFixture{dir: dir}
	var err error
	if f.a, err = dict.Default(); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if f.stats, err = Generate(&buf, CorpusConfig{Seed: 1, Suggestions: n}); err != nil {
		return nil, err
	}
	f.bytes = int64(buf.Len())
	if f.proposals, err = ingest.ParseRecords("bench.jsonl", buf.Bytes(), ingest.Options{}); err != nil {
		return nil, err
	}
	for _, e := range Engines {
		if _, err = RunIndexBench(e, filepath.Join(dir, e), f.proposals, f.bytes, f.a); err != nil {
			return nil, err
		}
	}
	if f.ours, err = search.Open(filepath.Join(dir, EngineOurs), f.a); err != nil {
		return nil, err
	}
	if err := f.ours.Prepared(context.Background()); err != nil {
		f.close()
		return nil, err
	}
	cjk, err := OpenIndex(EngineCJK, filepath.Join(dir, EngineCJK), f.a)
	if err != nil {
		f.close()
		return nil, err
	}
	f.cjk = cjk[0]
	return f, nil
}

// fixture is the corpus and indexes the benchmarks share, built on first
// use (plain tests never pay for it) and removed by TestMain.
var (
	fixture     *corpusFixture
	fixtureDir  string
	fixtureOnce sync.Once
	fixtureErr  error
)

func setup(tb testing.TB) {
	tb.Helper()
	fixtureOnce.Do(func() {
		if fixtureDir, fixtureErr = os.MkdirTemp("", "precedent-bench-test-"); fixtureErr != nil {
			return
		}
		fixture, fixtureErr = newFixture(fixtureDir, benchSuggestions)
	})
	if fixtureErr != nil {
		tb.Fatal(fixtureErr)
	}
}

func TestMain(m *testing.M) {
	code := m.Run()
	if fixture != nil {
		fixture.close()
	}
	if fixtureDir != "" {
		os.RemoveAll(fixtureDir)
	}
	os.Exit(code)
}

// BenchmarkIndex builds an index of the shared 2k-suggestion corpus per
// iteration; MB/s is input JSON.
func BenchmarkIndex(b *testing.B) {
	setup(b)
	n := fixture.stats.Suggestions
	for _, e := range Engines {
		b.Run(e, func(b *testing.B) {
			b.SetBytes(fixture.bytes)
			b.ReportAllocs()
			dir := b.TempDir()
			for i := 0; i < b.N; i++ {
				d := filepath.Join(dir, fmt.Sprint(i))
				switch e {
				case EngineOurs:
					if _, err := indexer.Build(d, fixture.proposals, indexer.BuildOptions{Analyzer: fixture.a}); err != nil {
						b.Fatal(err)
					}
				case EngineCJK:
					if err := BuildCJK(d, fixture.proposals, fixture.a, 1000); err != nil {
						b.Fatal(err)
					}
				}
				b.StopTimer()
				os.RemoveAll(d)
				b.StartTimer()
			}
			b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "suggestions/s")
		})
	}
}

// BenchmarkQuery runs each kind of the query mix against each engine:
// BenchmarkQuery/<kind>/<engine>.
func BenchmarkQuery(b *testing.B) {
	setup(b)
	ctx := context.Background()
	rare := DefaultRareTerm
	if len(fixture.stats.RareTerms) > 0 {
		rare = fixture.stats.RareTerms[0]
	}
	for _, k := range QueryMix(rare) {
		b.Run(k.Name, func(b *testing.B) {
			for _, e := range Engines {
				if !k.Runs(e) {
					continue
				}
				b.Run(e, func(b *testing.B) {
					b.ReportAllocs()
					var hits uint64
					for b.Loop() {
						n, err := k.Run(ctx, fixture.ours, fixture.cjk, e)
						if err != nil {
							b.Fatal(err)
						}
						hits = n
					}
					b.ReportMetric(float64(hits), "hits")
				})
			}
		})
	}
}

// BenchmarkGenerate measures the corpus generator (the vocabulary loaded
// beforehand): 2k suggestions per op.
func BenchmarkGenerate(b *testing.B) {
	if _, err := DefaultVocabulary(); err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		st, err := Generate(&buf, CorpusConfig{Seed: 1, Suggestions: benchSuggestions})
		if err != nil {
			b.Fatal(err)
		}
		b.SetBytes(st.Bytes)
	}
}

// The query mix runs on both engines and every kind finds something; skipped
// in -short and -race mode (it loads the dictionaries and builds two small
// indexes, a few seconds). 2k suggestions: the elderly-care theme is one of
// many, so the filter query (养老, 2019, 市民政局) needs that many to hit.
func TestQueryMixRuns(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("builds two indexes; run without -short and -race")
	}
	f, err := newFixture(t.TempDir(), benchSuggestions)
	if err != nil {
		t.Fatal(err)
	}
	defer f.close()
	if len(f.stats.RareTerms) == 0 {
		t.Fatal("no rare terms in the corpus")
	}
	rare := f.stats.RareTerms[0]
	kinds := QueryMix(rare)
	res, err := RunQueryBench(context.Background(), f.ours, f.cjk, kinds, 2, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res {
		if r.Reps != 2 || r.Hits == 0 {
			t.Errorf("%s/%s: %d reps, %d hits", r.Kind, r.Engine, r.Reps, r.Hits)
		}
		if r.Kind == "rare" && r.Hits > 5 {
			t.Errorf("%s/%s: rare term %q has %d hits", r.Kind, r.Engine, rare, r.Hits)
		}
	}
	var buf bytes.Buffer
	WriteReport(&buf, Env{Seed: 1, Reps: 2}, []*SizeReport{{Corpus: f.stats, Queries: res, QueryKinds: kinds}})
	if !bytes.Contains(buf.Bytes(), []byte("## Summary")) {
		t.Error("no summary in the report")
	}
	if !bytes.Contains(buf.Bytes(), []byte("Topic spread of the largest corpus: ")) {
		t.Error("no topic spread in the report")
	}
}
