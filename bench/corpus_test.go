package bench

import (
	"bytes"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	"github.com/blevesearch/bleve/v2/mapping"

	"github.com/govreply/precedent/indexer"
	"github.com/govreply/precedent/ingest"
	"github.com/govreply/precedent/record"
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
	large, lst := generate(t, CorpusConfig{Seed: 7, Suggestions: 3000})
	for _, w := range ProbeWords {
		if st.DocFreq[w] > lst.DocFreq[w] {
			t.Errorf("%s: in %d of the first 1000 suggestions, %d of 3000", w, st.DocFreq[w], lst.DocFreq[w])
		}
	}
	for name, n := range st.Themes {
		if n > lst.Themes[name] {
			t.Errorf("theme %s: %d proposals of the first 1000 suggestions, %d of 3000", name, n, lst.Themes[name])
		}
	}
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

// topicalCorpus is the corpus the topic-spread tests look at: 20k
// suggestions, 5k under -short and -race.
func topicalCorpus(t *testing.T) CorpusStats {
	n := 20000
	if testing.Short() || raceEnabled {
		n = 5000
	}
	_, st := generate(t, CorpusConfig{Seed: 1, Suggestions: n})
	return st
}

// Proposals spread over many policy areas: a query word matches a share of
// the corpus that fits its area, not most of it.
func TestGenerateTopicSpread(t *testing.T) {
	st := topicalCorpus(t)
	for _, c := range []struct {
		word   string
		lo, hi float64 // share of suggestions whose text contains word
	}{
		{"养老", 0.03, 0.20},      // the elderly theme and incidental mentions
		{"服务", 0.20, 0.75},      // a common word, not a universal one
		{"教育", 0.05, 0.50},      // the largest theme and mentions elsewhere
		{"交通", 0.01, 0.30},      // a theme the seed does not have
		{"居家养老服务", 0.002, 0.05}, // the bench's phrase query still matches
		{"时间银行", 0.002, 0.05},
	} {
		t.Run(c.word, func(t *testing.T) {
			got := float64(st.DocFreq[c.word]) / float64(st.Suggestions)
			if got < c.lo || got > c.hi {
				t.Errorf("%s in %.3f of %d suggestions, want %.3f–%.3f", c.word, got, st.Suggestions, c.lo, c.hi)
			}
		})
	}
	if len(st.DocFreq) != len(ProbeWords) {
		t.Errorf("DocFreq has %d words, want the %d probe words: %v", len(st.DocFreq), len(ProbeWords), st.DocFreq)
	}
	total := 0
	for name, n := range st.Themes {
		total += n
		if share := float64(n) / float64(st.Proposals); share > 0.25 {
			t.Errorf("theme %s has %.2f of the proposals; no theme should dominate", name, share)
		}
	}
	if total != st.Proposals {
		t.Errorf("themes count %d proposals, stats %d", total, st.Proposals)
	}
	if len(st.Themes) < 15 {
		t.Errorf("only %d themes used: %v", len(st.Themes), st.Themes)
	}
	// Skewed: the first theme is several times the last; the seed's theme
	// is one among many.
	first, last := st.Themes[themes[0].Name], st.Themes[themes[len(themes)-1].Name]
	if first < 4*last {
		t.Errorf("themes not skewed: %s %d, %s %d", themes[0].Name, first, themes[len(themes)-1].Name, last)
	}
	for _, th := range themes {
		if !th.Seed {
			continue
		}
		if share := float64(st.Themes[th.Name]) / float64(st.Proposals); share < 0.05 || share > 0.12 {
			t.Errorf("the seed's theme %s has %.3f of the proposals, want 0.05–0.12", th.Name, share)
		}
	}
}

// Each proposal is about its theme: its title has one of the theme's terms,
// most of its suggestions too, its lead department is mostly the theme's,
// and outside the seed's theme the elderly-care vocabulary is gone.
func TestGenerateThemeContent(t *testing.T) {
	g, err := newGenerator(CorpusConfig{Seed: 5, Proposals: 1})
	if err != nil {
		t.Fatal(err)
	}
	type count struct{ proposals, suggestions, withTerm, elderly int }
	counts := map[string]*count{}
	leads := map[string]map[string]int{}
	ownTerms := map[string]*strings.Replacer{}
	n := 3000
	if testing.Short() || raceEnabled {
		n = 1000
	}
	for range n {
		p, err := g.proposal(MaxSuggestionsPerProposal)
		if err != nil {
			t.Fatal(err)
		}
		th := g.theme
		// Outside the seed's theme, elderly words may come with the
		// theme's own terms (基本养老保险) and departments (市民政局),
		// not from the seed; 人民政府 has 民政 in it.
		own := ownTerms[th.Name]
		if own == nil {
			args := []string{"人民政府", "", th.Dept, "", th.Agency, ""}
			for _, w := range th.Terms {
				args = append(args, w, "")
			}
			own = strings.NewReplacer(args...)
			ownTerms[th.Name] = own
		}
		c := counts[th.Name]
		if c == nil {
			c = &count{}
			counts[th.Name] = c
			leads[th.Name] = map[string]int{}
		}
		c.proposals++
		leads[th.Name][p.LeadDepartment]++
		if !slices.ContainsFunc(th.Terms, func(w string) bool { return strings.Contains(p.Title, w) }) {
			t.Errorf("%s: title %q has none of the terms of its theme %s", p.ID, p.Title, th.Name)
		}
		for i := range p.Suggestions {
			s := &p.Suggestions[i]
			c.suggestions++
			if slices.ContainsFunc(th.Terms, func(w string) bool { return containsText("", s, w) }) {
				c.withTerm++
			}
			text := own.Replace(strings.Join([]string{s.Text, s.Reply.Done, s.Reply.InProgress, s.Reply.Planned, s.Reply.NotAdopted}, "\n"))
			if th.Seed {
				text = s.Text + s.Reply.Done + s.Reply.InProgress + s.Reply.Planned + s.Reply.NotAdopted
			}
			if slices.ContainsFunc(elderlyWords, func(w string) bool { return strings.Contains(text, w) }) {
				c.elderly++
			}
		}
	}
	for _, th := range themes {
		c := counts[th.Name]
		if c == nil {
			t.Errorf("theme %s unused in %d proposals", th.Name, n)
			continue
		}
		if share := float64(c.withTerm) / float64(c.suggestions); share < 0.5 {
			t.Errorf("%s: %.2f of %d suggestions have a term of the theme, want ≥ 0.5", th.Name, share, c.suggestions)
		}
		elderly := float64(c.elderly) / float64(c.suggestions)
		if th.Seed && elderly < 0.7 {
			t.Errorf("%s (the seed's theme): %.2f of its suggestions have elderly-care words, want ≥ 0.7", th.Name, elderly)
		}
		// Dictionary words (养老院, 老人家) are the only elderly words
		// left outside the seed's theme.
		if !th.Seed && elderly > 0.03 {
			t.Errorf("%s: %.3f of its suggestions have elderly-care words, want ≤ 0.03", th.Name, elderly)
		}
		if c.proposals >= 40 {
			top := ""
			for d, k := range leads[th.Name] {
				if top == "" || k > leads[th.Name][top] || (k == leads[th.Name][top] && d < top) {
					top = d
				}
			}
			if top != th.Dept {
				t.Errorf("%s: led most often by %s (%d), want %s (%d)", th.Name, top, leads[th.Name][top], th.Dept, leads[th.Name][th.Dept])
			}
		}
	}
}

// elderlyWords is the seed's elderly-care vocabulary a non-elderly theme
// must not carry.
var elderlyWords = []string{"养老", "老年", "老人", "长者", "老龄", "时间银行", "医养", "护理", "适老", "照料", "颐养", "民政"}

// Templates keep the seed's prose and drop its topic: no elderly-care,
// child-care or civil-affairs word survives outside a placeholder.
func TestSeedTemplates(t *testing.T) {
	_, m := testSeedModel(t)
	all := slices.Concat(m.suggestionClauses, m.allReplyClauses)
	gone := append(slices.Clone(elderlyWords), "困境儿童", "婴幼儿", "托育", "托幼", "未成年人", "福彩", "彩票")
	templated := 0
	for _, c := range all {
		tm := c.tmpl
		if tm == "" {
			tm = c.text
		} else {
			templated++
		}
		for _, w := range gone {
			if strings.Contains(strings.ReplaceAll(tm, "人民政府", ""), w) {
				t.Errorf("template %q keeps %s", tm, w)
			}
		}
	}
	if templated < len(all)/2 {
		t.Errorf("only %d of %d seed clauses are templated", templated, len(all))
	}
	for _, c := range []struct{ in, want string }{
		{"加快出台我市居家养老服务规范", "加快出台我市\ue000规范"},
		{"为老年人提供服务", "为\ue001提供服务"},
		{"由市民政局与深圳职业技术学院共建", "由\ue002与深圳职业技术学院共建"},
		{"《深圳市人民政府关于加快发展老龄服务事业和产业的意见》", "《深圳市人民政府关于加快发展\ue000事业和产业的意见》"},
		{"组建助老志愿服务队", "组建志愿服务队"},
	} {
		if got := template(c.in); got != c.want {
			t.Errorf("template(%q) = %+q, want %+q", c.in, got, c.want)
		}
	}
	names, depts := map[string]bool{}, map[string]bool{}
	for _, d := range departments {
		depts[d] = true
	}
	seeds := 0
	for _, th := range themes {
		if names[th.Name] || len(th.Terms) < 8 || len(th.People) < 3 || th.Field == "" || th.Agency == "" {
			t.Errorf("theme %+v: repeated name or too few words", th)
		}
		names[th.Name] = true
		if !depts[th.Dept] {
			t.Errorf("theme %s: department %s is not in the department list", th.Name, th.Dept)
		}
		if th.Seed {
			seeds++
		}
	}
	if seeds != 1 || len(themes) < 20 || len(themes) > 30 {
		t.Errorf("%d themes, %d of them the seed's; want 20–30 and one", len(themes), seeds)
	}
}

// The rates of the seed (70 suggestions in 18 proposals): done 47/70, in
// progress 42/70, planned 11/70, not adopted 2/70; 3.89 suggestions a
// proposal.
func TestGenerateRates(t *testing.T) {
	data, st := generate(t, CorpusConfig{Seed: 1, Proposals: 2000})
	ps, err := ingest.ParseRecords("generated.jsonl", data, ingest.Options{})
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
	ps, err := ingest.ParseRecords("generated.jsonl", data, ingest.Options{})
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
		if y := p.Year; y < 2000 || y > 2025 {
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
			if len(s.Reply.Columns()) == 0 {
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

// testSeedModel is the embedded seed and the model the generator takes
// from it.
func testSeedModel(t *testing.T) ([]record.Proposal, *seedModel) {
	t.Helper()
	ps, err := SeedProposals()
	if err != nil {
		t.Fatal(err)
	}
	m, err := newSeedModel(ps)
	if err != nil {
		t.Fatal(err)
	}
	return ps, m
}

func TestSeedModel(t *testing.T) {
	ps, m := testSeedModel(t)
	if len(ps) != 18 || len(m.patterns) != 70 {
		t.Errorf("seed: %d proposals, %d suggestions with replies; want 18, 70", len(ps), len(m.patterns))
	}
	for _, cl := range m.suggestionClauses {
		if c := cl.text; numbering.MatchString(c) || strings.ContainsAny(c, "。；\n") {
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
