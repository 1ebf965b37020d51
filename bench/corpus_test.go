package bench

import (
	"bytes"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	"github.com/blevesearch/bleve/v2/mapping"

	"github.com/govreply/precedent/indexer"
)

func generate(t testing.TB, cfg CorpusConfig) ([]byte, CorpusStats) {
	t.Helper()
	var buf bytes.Buffer
	st, err := Generate(&buf, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if int64(buf.Len()) != st.Bytes {
		t.Fatalf("stats say %d bytes, wrote %d", st.Bytes, buf.Len())
	}
	return buf.Bytes(), st
}

func TestGenerateDeterministic(t *testing.T) {
	cfg := CorpusConfig{Seed: 1, Proposals: 300}
	a, _ := generate(t, cfg)
	b, _ := generate(t, cfg)
	if !bytes.Equal(a, b) {
		t.Fatal("same seed, different bytes")
	}
	cfg.Seed = 2
	c, _ := generate(t, cfg)
	if bytes.Equal(a, c) {
		t.Fatal("different seeds, same bytes")
	}
}

// The corpus of N suggestions is the start of the corpus of M > N.
func TestGeneratePrefixStable(t *testing.T) {
	small, st := generate(t, CorpusConfig{Seed: 7, Suggestions: 1000})
	large, _ := generate(t, CorpusConfig{Seed: 7, Suggestions: 3000})
	if st.Suggestions != 1000 {
		t.Fatalf("asked for 1000 suggestions, got %d", st.Suggestions)
	}
	// All lines but the last (which may be cut short) are shared.
	lines := bytes.SplitAfter(bytes.TrimSuffix(small, []byte("\n")), []byte("\n"))
	prefix := bytes.Join(lines[:len(lines)-1], nil)
	if !bytes.HasPrefix(large, prefix) {
		t.Fatal("the 1000-suggestion corpus is not the start of the 3000-suggestion one")
	}
}

// The rates of the seed (70 suggestions in 18 proposals): done 47/70, in
// progress 42/70, planned 11/70, not adopted 2/70; 3.89 suggestions a
// proposal.
func TestGenerateRates(t *testing.T) {
	data, st := generate(t, CorpusConfig{Seed: 1, Proposals: 2000})
	ps, err := indexer.ParseJSONL(bytes.NewReader(data), "generated.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 2000 || st.Proposals != 2000 {
		t.Fatalf("got %d proposals (stats %d), want 2000", len(ps), st.Proposals)
	}
	n := 0
	for _, p := range ps {
		n += len(p.Suggestions)
	}
	if n != st.Suggestions {
		t.Fatalf("parsed %d suggestions, stats say %d", n, st.Suggestions)
	}
	if mean := float64(n) / 2000; math.Abs(mean-3.9) > 0.15 {
		t.Errorf("mean suggestions a proposal %.2f, want 3.9 ± 0.15", mean)
	}
	want := map[string]float64{"done": 47.0 / 70, "in_progress": 42.0 / 70, "planned": 11.0 / 70, "not_adopted": 2.0 / 70}
	tol := map[string]float64{"done": 0.03, "in_progress": 0.03, "planned": 0.02, "not_adopted": 0.01}
	for s, w := range want {
		got := float64(st.Status[s]) / float64(n)
		if math.Abs(got-w) > tol[s] {
			t.Errorf("%s: rate %.3f, want %.3f ± %.2f", s, got, w, tol[s])
		}
	}
	// Later years have more proposals.
	if st.Years[2025] <= st.Years[2000] || st.Years[2024]+st.Years[2025] <= 3*(st.Years[2000]+st.Years[2001]) {
		t.Errorf("years not skewed to recent: 2000 %d, 2001 %d, 2024 %d, 2025 %d", st.Years[2000], st.Years[2001], st.Years[2024], st.Years[2025])
	}
	// 市民政局 leads most often; proposers have a long tail.
	leads, proposers := map[string]int{}, map[string]int{}
	for _, p := range ps {
		leads[p.LeadDepartment]++
		proposers[p.Proposer]++
	}
	for d, c := range leads {
		if c > leads["市民政局"] {
			t.Errorf("%s leads %d proposals, more than 市民政局 (%d)", d, c, leads["市民政局"])
		}
	}
	if len(leads) < 30 {
		t.Errorf("only %d lead departments", len(leads))
	}
	if len(proposers) < 800 {
		t.Errorf("only %d distinct proposers in 2000 proposals", len(proposers))
	}
	top := 0
	for _, c := range proposers {
		top = max(top, c)
	}
	if top < 10 || top > 200 {
		t.Errorf("the most prolific proposer has %d proposals; want a Zipf-like head (10–200)", top)
	}
}

func TestGenerateValid(t *testing.T) {
	data, st := generate(t, CorpusConfig{Seed: 3, Suggestions: 1500})
	if !bytes.Contains(data, []byte("《")) || bytes.Contains(data, []byte(`\u003c`)) {
		t.Error("want unescaped text (SetEscapeHTML(false))")
	}
	ps, err := indexer.ParseJSONL(bytes.NewReader(data), "generated.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != st.Proposals || st.Suggestions != 1500 {
		t.Fatalf("parsed %d proposals, stats %d proposals / %d suggestions", len(ps), st.Proposals, st.Suggestions)
	}
	ids := map[string]bool{}
	for _, p := range ps {
		if len(p.ID) != 8 || ids[p.ID] {
			t.Fatalf("bad or repeated id %q", p.ID)
		}
		ids[p.ID] = true
		if y := p.Year(); y < 2000 || y > 2025 {
			t.Errorf("%s: year %d", p.ID, y)
		}
		if !strings.HasPrefix(p.Title, "关于") || !(strings.HasSuffix(p.Title, "的提案") || strings.HasSuffix(p.Title, "的建议")) {
			t.Errorf("%s: title %q", p.ID, p.Title)
		}
		if p.Proposer == "" || p.LeadDepartment == "" || len(p.CoDepartments) > 5 {
			t.Errorf("%s: proposer %q, lead %q, %d co-departments", p.ID, p.Proposer, p.LeadDepartment, len(p.CoDepartments))
		}
		seen := map[string]bool{p.LeadDepartment: true}
		for _, d := range p.CoDepartments {
			if seen[d] {
				t.Errorf("%s: department %s twice", p.ID, d)
			}
			seen[d] = true
		}
		if n := len(p.Suggestions); n < 1 || n > 8 {
			t.Errorf("%s: %d suggestions", p.ID, n)
		}
		for i, s := range p.Suggestions {
			if s.No != i+1 || !strings.HasPrefix(s.Text, strconv.Itoa(i+1)+".") {
				t.Errorf("%s: suggestion %d numbered %d: %q", p.ID, i+1, s.No, s.Text)
			}
			if len(s.Reply.Statuses()) == 0 {
				t.Errorf("%s-%d: no reply column filled", p.ID, s.No)
			}
		}
	}
	if st.Terms == 0 || len(st.Heaps) == 0 || st.DictWords == 0 || len(st.RareTerms) == 0 {
		t.Errorf("stats: %d terms, heaps %v, %d dictionary words, rare terms %v", st.Terms, st.Heaps, st.DictWords, st.RareTerms)
	}
}

// Vocabulary keeps growing: the second 5k suggestions bring new terms,
// fewer than the first 5k.
func TestGenerateVocabularyGrows(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("15k suggestions; run without -short and -race")
	}
	_, a := generate(t, CorpusConfig{Seed: 1, Suggestions: 5000})
	_, b := generate(t, CorpusConfig{Seed: 1, Suggestions: 10000})
	if growth := b.Terms - a.Terms; growth <= 0 || growth >= a.Terms {
		t.Errorf("terms: %d after 5k, %d after 10k; want sublinear growth", a.Terms, b.Terms)
	}
	if len(b.Heaps) != 1 || b.Heaps[0] != (HeapsPoint{10000, b.Terms}) || b.TermsPer10k() != b.Terms {
		t.Errorf("heaps %v, per 10k %d", b.Heaps, b.TermsPer10k())
	}
}

func TestGenerateLimits(t *testing.T) {
	var buf bytes.Buffer
	for _, cfg := range []CorpusConfig{
		{Seed: 1},
		{Seed: 1, Proposals: 26*9999 + 1},
		{Seed: 1, Proposals: 10000, YearFrom: 2020, YearTo: 2020},
		{Seed: 1, Suggestions: 8*9999 + 1, YearFrom: 2020, YearTo: 2020},
		{Seed: 1, Proposals: 1, YearFrom: 2025, YearTo: 2020},
	} {
		if _, err := Generate(&buf, cfg); err == nil {
			t.Errorf("%+v: no error", cfg)
		}
	}
	// A year holds 9999 proposals; a full year is skipped. (12000
	// proposals: not in -short and -race mode.)
	if testing.Short() || raceEnabled {
		return
	}
	st, err := Generate(&buf, CorpusConfig{Seed: 1, Proposals: 12000, YearFrom: 2024, YearTo: 2025})
	if err != nil {
		t.Fatal(err)
	}
	if st.Years[2025] > 9999 || st.Years[2024]+st.Years[2025] != 12000 {
		t.Errorf("years %v", st.Years)
	}
}

func TestSeedModel(t *testing.T) {
	ps, err := SeedProposals()
	if err != nil {
		t.Fatal(err)
	}
	m, err := newSeedModel(ps)
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 18 || len(m.patterns) != 70 {
		t.Errorf("seed: %d proposals, %d suggestions with replies; want 18, 70", len(ps), len(m.patterns))
	}
	for _, c := range m.suggestionClauses {
		if numbering.MatchString(c) || strings.ContainsAny(c, "。；\n") {
			t.Errorf("clause %q keeps numbering or separators", c)
		}
	}
}

func TestTermCounter(t *testing.T) {
	tc := newTermCounter()
	tc.add("养老服务，3H颐养 中心ABC")
	// 养老 老服 服务 | 颐养 | 中心 | 3h abc
	if tc.n() != 7 {
		t.Errorf("got %d terms, want 7 (han %v ascii %v)", tc.n(), tc.han, tc.ascii)
	}
	tc.add("的")
	if tc.n() != 8 {
		t.Errorf("a lone Han character: got %d terms, want 8", tc.n())
	}
}

func TestCJKMapping(t *testing.T) {
	m, err := CJKMapping()
	if err != nil {
		t.Fatal(err)
	}
	im := m.(*mapping.IndexMappingImpl)
	for _, f := range cjkTextFields {
		if a := im.DefaultMapping.Properties[f].Fields[0].Analyzer; a != cjk.AnalyzerName {
			t.Errorf("%s: analyzer %q", f, a)
		}
	}
	for _, f := range []string{indexer.FacetDepartment, indexer.FacetYear, indexer.FieldProposalID} {
		if a := im.DefaultMapping.Properties[f].Fields[0].Analyzer; a == cjk.AnalyzerName {
			t.Errorf("keyword field %s has the cjk analyzer", f)
		}
	}
	// indexer.Mapping is a new value each call: ours is untouched.
	ours := indexer.Mapping().(*mapping.IndexMappingImpl)
	if a := ours.DefaultMapping.Properties[indexer.FieldTitle].Fields[0].Analyzer; a == cjk.AnalyzerName {
		t.Error("CJKMapping changed indexer.Mapping")
	}
}

func TestLatencies(t *testing.T) {
	var ds []time.Duration
	for i := 100; i >= 1; i-- {
		ds = append(ds, time.Duration(i)*time.Microsecond)
	}
	r := Latencies(ds)
	if r.P50 != 50*time.Microsecond || r.P95 != 95*time.Microsecond || r.P99 != 99*time.Microsecond || r.Reps != 100 {
		t.Errorf("got %+v", r)
	}
	if r := Latencies(nil); r.Reps != 0 {
		t.Errorf("empty: %+v", r)
	}
}

func TestParseSize(t *testing.T) {
	for s, want := range map[string]int{"10000": 10000, "10k": 10000, "1m": 1000000} {
		if n, err := parseSize(s); err != nil || n != want {
			t.Errorf("%s: %d, %v", s, n, err)
		}
	}
}
