package search

import (
	"context"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/govreply/precedent/dict"
	"github.com/govreply/precedent/indexer"
	"github.com/govreply/precedent/ingest"
	"github.com/govreply/precedent/record"
)

// A fragDoc is an indexed suggestion as a brute-force search sees it: the
// gram text of each value of each field the fragment index holds.
type fragDoc struct {
	id     string
	year   int
	values map[string][]string // stored field → values, as written
	grams  map[string][]string // the same in gram text
}

// fragDocs are the documents of ps (a later record of an id replaces an
// earlier one, as in the index).
func fragDocs(a *dict.Analyzer, ps []record.Proposal) []fragDoc {
	at := map[string]int{}
	var out []fragDoc
	for i := range ps {
		p := &ps[i]
		for j := range p.Suggestions {
			s := &p.Suggestions[j]
			d := fragDoc{id: record.DocID(p, s), year: p.Year, values: map[string][]string{}, grams: map[string][]string{}}
			add := func(field string, vs ...string) {
				for _, v := range vs {
					if v != "" {
						d.values[field] = append(d.values[field], v)
						d.grams[field] = append(d.grams[field], a.GramText(v))
					}
				}
			}
			add(indexer.FieldTitle, p.Title)
			add(indexer.FieldProposer, strings.Join(p.Proposers(), "\n"))
			add(indexer.FieldSuggestion, s.Text)
			add(indexer.FieldDone, s.Reply.Done)
			add(indexer.FieldInProgress, s.Reply.InProgress)
			add(indexer.FieldPlanned, s.Reply.Planned)
			add(indexer.FieldNotAdopted, s.Reply.NotAdopted)
			add(indexer.FieldLetter, s.Reply.Letter)
			add(indexer.FacetLead, p.LeadDepartment)
			add(indexer.FacetCo, p.CoDepartments...)
			if k, ok := at[d.id]; ok {
				out[k] = d
				continue
			}
			at[d.id] = len(out)
			out = append(out, d)
		}
	}
	return out
}

// holding lists, sorted, the documents whose text in fields (nil: all)
// holds fragment, by brute force over their gram text.
func holding(a *dict.Analyzer, docs []fragDoc, fragment string, fields []string) []string {
	g := a.GramText(fragment)
	var out []string
	for _, d := range docs {
		for f, vs := range d.grams {
			if fields != nil && !slices.Contains(fields, f) {
				continue
			}
			if slices.ContainsFunc(vs, func(v string) bool { return strings.Contains(v, g) }) {
				out = append(out, d.id)
				break
			}
		}
	}
	sort.Strings(out)
	return out
}

// exported lists, sorted, the suggestions an export of r writes: every
// match, in all parts.
func exported(t testing.TB, s *Searcher, r Request) []string {
	t.Helper()
	out := []string{}
	err := s.Export(context.Background(), r, 0, func(p *ProposalRecord) error {
		for _, sg := range p.Suggestions {
			out = append(out, sg.ID)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("export %+v: %v", r, err)
	}
	sort.Strings(out)
	return out
}

// quote quotes a fragment with quotes that do not end before its end;
// "" when it holds every closing quote.
func quote(frag string) string {
	switch {
	case !strings.ContainsAny(frag, `"”`):
		return `"` + frag + `"`
	case !strings.Contains(frag, "」"):
		return "「" + frag + "」"
	case !strings.Contains(frag, "』"):
		return "『" + frag + "』"
	}
	return ""
}

// traditional maps a simplified character to the traditional ones that
// fold to it (dict/data/t2s.txt).
func traditional(t testing.TB) map[rune][]rune {
	t.Helper()
	b, err := os.ReadFile("../dict/data/t2s.txt")
	if err != nil {
		t.Fatal(err)
	}
	out := map[rune][]rune{}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "#") {
			continue
		}
		rs := []rune(line)
		if len(rs) == 2 {
			out[rs[1]] = append(out[rs[1]], rs[0])
		}
	}
	return out
}

// disguise writes frag as a user might paste it: some characters in
// traditional script, ASCII letters and digits full-width or upper case.
func disguise(rng *rand.Rand, a *dict.Analyzer, trad map[rune][]rune, frag string) string {
	var b strings.Builder
	for _, r := range frag {
		switch {
		case unicode.Is(unicode.Han, r) && rng.IntN(2) == 0:
			if ts := trad[[]rune(a.Fold(string(r)))[0]]; len(ts) > 0 {
				r = ts[rng.IntN(len(ts))]
			}
		case r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)) && rng.IntN(2) == 0:
			r = unicode.ToUpper(r)
			if rng.IntN(2) == 0 {
				r = r - 0x21 + 0xFF01
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}

// randomFragment cuts 2–24 characters anywhere from a random value of a
// random document, punctuation and line breaks included; it returns the
// fragment and the document.
func randomFragment(rng *rand.Rand, docs []fragDoc) (string, string) {
	for {
		d := docs[rng.IntN(len(docs))]
		var vs []string
		for _, f := range indexer.FragmentFields {
			vs = append(vs, d.values[f]...)
		}
		if len(vs) == 0 {
			continue
		}
		rs := []rune(vs[rng.IntN(len(vs))])
		if len(rs) < 2 {
			continue
		}
		n := min(len(rs), 2+rng.IntN(23))
		i := rng.IntN(len(rs) - n + 1)
		return string(rs[i : i+n]), d.id
	}
}

// checkFragments quotes n random fragments of docs (the documents indexed
// by s) and checks that each finds exactly the documents that hold it, its
// own among them, by a search (total and hits) and by an export (every
// match).
func checkFragments(t *testing.T, s *Searcher, docs []fragDoc, n int, seed uint64) {
	t.Helper()
	a := s.Analyzer()
	rng := rand.New(rand.NewPCG(seed, 15))
	trad := traditional(t)
	checked, short, disguised := 0, 0, 0
	for checked < n {
		frag, own := randomFragment(rng, docs)
		typed := frag
		if rng.IntN(3) == 0 {
			typed = disguise(rng, a, trad, frag)
			disguised++
		}
		q := quote(typed)
		g := a.GramText(frag)
		if q == "" || g == "" || a.GramText(typed) != g {
			if q != "" && g != "" {
				t.Fatalf("%q written as %q: gram text %q, want %q", frag, typed, a.GramText(typed), g)
			}
			continue
		}
		checked++
		if utf8.RuneCountInString(g) <= 2 {
			short++
		}
		want := holding(a, docs, frag, nil)
		if !slices.Contains(want, own) {
			t.Fatalf("brute force: %q is not in %s, its own text", frag, own)
		}
		r := Request{Query: q, NoFacets: checked%2 == 0}
		resp, err := s.Search(context.Background(), r)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		if resp.Total != uint64(len(want)) {
			t.Errorf("%s (cut from %s): %d hits, %d texts hold it", q, own, resp.Total, len(want))
			continue
		}
		for _, h := range resp.Hits {
			if _, ok := slices.BinarySearch(want, h.ID); !ok {
				t.Errorf("%s: hit %s does not hold it", q, h.ID)
			}
		}
		if got := exported(t, s, Request{Query: q}); !slices.Equal(got, want) {
			t.Errorf("%s (cut from %s): export %d %v, want %d %v", q, own, len(got), head(got), len(want), head(want))
		}
	}
	t.Logf("%d fragments checked (%d of at most two characters in gram text, %d in traditional or full-width forms) over %d documents", checked, short, disguised, len(docs))
}

func head(ids []string) []string { return ids[:min(len(ids), 8)] }

// TestQuotedFragmentsOfTheSeed: the three fragments, each cut
// inside a word, and random fragments of the seed's texts, each found with
// exactly the texts that hold it.
func TestQuotedFragmentsOfTheSeed(t *testing.T) {
	a := seedIndex.Analyzer()
	docs := fragDocs(a, seed)
	for _, frag := range []string{"深圳市人民政府关于加", "老龄服务事业和产", "为保障托"} {
		want := holding(a, docs, frag, nil)
		if len(want) == 0 {
			t.Fatalf("%q: no seed text holds it", frag)
		}
		resp := run(t, Request{Query: `"` + frag + `"`, Size: 100})
		if !slices.Equal(sorted(ids(resp)), want) {
			t.Errorf("%q: found %v, want %v", frag, sorted(ids(resp)), want)
		}
	}
	checkFragments(t, seedIndex, docs, 300, 1)
}

// buildSample builds an index of ps in partitions parts, in a directory of
// the test's, and returns the directory.
func buildSample(t *testing.T, a *dict.Analyzer, ps []record.Proposal, parts int) string {
	t.Helper()
	dir := t.TempDir()
	if _, err := indexer.Build(dir, ps, indexer.BuildOptions{Analyzer: a, Partitions: parts}); err != nil {
		t.Fatal(err)
	}
	return dir
}

// openReady opens the index in dir ready to search, closed at the end of
// the test.
func openReady(t *testing.T, dir string, a *dict.Analyzer) *Searcher {
	t.Helper()
	s, err := Open(dir, a)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if err := s.Prepared(context.Background()); err != nil {
		t.Fatal(err)
	}
	return s
}

// realSample is a random sample of n records of the real corpus
// (../shared/real/*.jsonl), the same every run.
func realSample(t *testing.T, n int) []record.Proposal {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(realDir, "*.jsonl"))
	if len(files) == 0 {
		t.Fatalf("the real data is missing: no %s/*.jsonl (tests read ../shared/real beside the repository)", realDir)
	}
	ps, err := ingest.ReadRecords(ingest.Options{}, files...)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(2026, 15))
	rng.Shuffle(len(ps), func(i, j int) { ps[i], ps[j] = ps[j], ps[i] })
	return ps[:min(n, len(ps))]
}

// TestQuotedFragmentsOfTheRealCorpus: random fragments of a sample of the
// real corpus, in two partitions (each with its own fragment index), each
// found with exactly the texts that hold it.
func TestQuotedFragmentsOfTheRealCorpus(t *testing.T) {
	records, fragments := 2500, 400
	if fragmentRace {
		records, fragments = 500, 100
	}
	ps := realSample(t, records)
	a := dict.MustDefault()
	s := openReady(t, buildSample(t, a, ps, 2), a)
	docs := fragDocs(a, ps)
	if s.DocCount() != uint64(len(docs)) {
		t.Fatalf("%d documents indexed, %d distinct ids", s.DocCount(), len(docs))
	}
	checkFragments(t, s, docs, fragments, 2)
}

// TestFragmentSearchPaths: a quoted fragment cut inside words finds the
// same texts whichever way the search runs: facets counted by the tables
// or by bleve, filters in the tables or as clauses, sorted by year
// (bleve's collector), grouped by proposal, excluded, in one field, over
// year shards; and it shows the hits' texts.
func TestFragmentSearchPaths(t *testing.T) {
	a := seedIndex.Analyzer()
	docs := fragDocs(a, seed)
	const frag = "老龄服务事业和产"
	all := holding(a, docs, "服务", nil)
	in2019 := func(ids []string) []string {
		var out []string
		for _, d := range docs {
			if d.year == 2019 && slices.Contains(ids, d.id) {
				out = append(out, d.id)
			}
		}
		sort.Strings(out)
		return out
	}
	without := func(ids, drop []string) []string {
		var out []string
		for _, id := range ids {
			if !slices.Contains(drop, id) {
				out = append(out, id)
			}
		}
		return out
	}
	withFrag := holding(a, docs, frag, nil)
	var both []string
	for _, id := range holding(a, docs, "老龄服务", nil) {
		if slices.Contains(holding(a, docs, "事业和产", nil), id) {
			both = append(both, id)
		}
	}
	suggestions := holding(a, docs, "老服务", []string{indexer.FieldSuggestion})
	if len(withFrag) == 0 || len(suggestions) == 0 || len(in2019(all)) == 0 {
		t.Fatalf("the seed has none of the fragments: %d %d %d", len(withFrag), len(suggestions), len(in2019(all)))
	}
	shards := t.TempDir()
	if _, err := indexer.BuildShards(shards, seed, indexer.BuildOptions{Analyzer: a}); err != nil {
		t.Fatal(err)
	}
	sharded, err := Open(shards, a)
	if err != nil {
		t.Fatal(err)
	}
	defer sharded.Close()
	if err := seedIndex.Prepared(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		r    Request
		want []string
	}{
		{Request{Query: `"` + frag + `"`}, withFrag},
		{Request{Query: `“` + frag + `”`, NoFacets: true}, withFrag},
		{Request{Query: `"` + frag + `"`, Sort: ByYearDesc}, withFrag},
		{Request{Query: `"` + frag + `"`, Group: ByProposal}, withFrag},
		{Request{Query: `"老服务"`, Years: []int{2019}}, in2019(holding(a, docs, "老服务", nil))},
		{Request{Query: `"老服务"`, Years: []int{2019}, NoFacets: true}, in2019(holding(a, docs, "老服务", nil))},
		{Request{Query: `服务 -"` + frag + `"`}, nil}, // the word's matches without the fragment's
		{Request{Query: `建议:"老服务"`}, suggestions},
		{Request{Query: `标题:"老服务"`}, holding(a, docs, "老服务", []string{indexer.FieldTitle})},
		{Request{Query: `部门:"民政"`}, holding(a, docs, "民政", []string{indexer.FacetLead, indexer.FacetCo})},
		{Request{Query: `"老龄服务" "事业和产"`}, both},
	} {
		for name, s := range map[string]*Searcher{"one index": seedIndex, "year shards": sharded} {
			want := c.want
			if want == nil {
				want = without(exported(t, s, Request{Query: "服务"}), withFrag)
			}
			if got := exported(t, s, c.r); !slices.Equal(got, want) {
				t.Errorf("%s, %+v: export %v, want %v", name, c.r, got, want)
			}
			r := c.r
			r.Size = 100
			resp, err := s.Search(context.Background(), r)
			if err != nil {
				t.Fatal(err)
			}
			got := sorted(ids(resp))
			if r.Group == ByProposal {
				got = nil
				for _, g := range resp.Groups {
					for _, h := range g.Hits {
						got = append(got, h.ID)
					}
				}
				sort.Strings(got)
			}
			if len(got) == 0 {
				got = []string{}
			}
			if !slices.Equal(got, want) {
				t.Errorf("%s, %+v: found %v, want %v", name, c.r, got, want)
			}
			for _, h := range resp.Hits {
				if len(h.Highlights[indexer.FieldSuggestion]) == 0 {
					t.Errorf("%s, %+v: hit %s shows no text", name, c.r, h.ID)
				}
			}
		}
	}
}

// TestFragmentChecked: documents that have every pair of a fragment's
// characters, but apart (in one text, in two fields, in two departments),
// are not found; punctuation, spaces and line breaks between its
// characters, traditional and full-width forms are no obstacle; a single
// character is found inside words.
func TestFragmentChecked(t *testing.T) {
	a := dict.MustDefault()
	ps := []record.Proposal{
		{ID: "A", Year: 2020, Title: "关于甲乙丙的建议", Proposer: "张三", LeadDepartment: "市民政局", CoDepartments: []string{"市财政局"},
			Suggestions: []record.Suggestion{{No: 1, Text: "甲乙丙，乙丁。", Reply: record.Reply{Done: "已办理"}}}},
		{ID: "B", Year: 2020, Title: "关于甲乙的建议", Proposer: "李四", LeadDepartment: "市教育局",
			Suggestions: []record.Suggestion{{No: 1, Text: "乙丁戊己。", Reply: record.Reply{Done: "落实ABC计划"}}}},
		{ID: "C", Year: 2021, Title: "关于戊己的建议", Proposer: "王五", LeadDepartment: "市卫健委",
			Suggestions: []record.Suggestion{{No: 1, Text: "推进甲乙\n丁戊：己庚 辛。", Reply: record.Reply{Letter: "您好：\n现答复如下"}}}},
		{ID: "D", Year: 2021, Title: "关于社区的建议", Proposer: "赵六", LeadDepartment: "市卫健委",
			Suggestions: []record.Suggestion{{No: 1, Text: "请市民政局办理。"}}},
	}
	dir := t.TempDir()
	if _, err := indexer.Build(dir, ps, indexer.BuildOptions{Analyzer: a}); err != nil {
		t.Fatal(err)
	}
	s, err := Open(dir, a)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	docs := fragDocs(a, ps)
	for _, c := range []struct {
		q    string
		want []string
	}{
		{`"甲乙丁"`, []string{"C-1"}},   // A has 甲乙 and 乙丁 apart; C across a line break
		{`"的建议乙丁"`, []string{}},      // B: the title ends 的建议, the suggestion starts 乙丁
		{`"民政局市财政"`, []string{}},     // A's lead and co-department
		{`"丁戊己庚辛"`, []string{"C-1"}}, // punctuation and a space between
		{`"甲 乙，丁"`, []string{"C-1"}}, // the query's too
		{`"abc計劃"`, []string{"B-1"}}, // upper case in the text, traditional in the query
		{`"ＡＢＣ计"`, []string{"B-1"}},  // full-width
		{`"丙"`, []string{"A-1"}},     // one character, inside a word
		{`"庚"`, []string{"C-1"}},     // the last of its text
		{`"乙"`, []string{"A-1", "B-1", "C-1"}},
		{`"答复如下"`, []string{"C-1"}},
		{`"您好现答复"`, []string{"C-1"}},
		{`"乙丙乙丁"`, []string{"A-1"}},
		{`"戊己"`, []string{"B-1", "C-1"}}, // B's suggestion, C's title and suggestion
		{`"甲乙" -"乙丁"`, []string{}},       // A, B and C all hold 乙丁 too
		{`"甲乙" -"乙丁戊"`, []string{"A-1"}}, // B and C hold 乙丁戊
		{`"zz"`, []string{}},
		{`"民政政局"`, []string{}},
		{`"市民民政"`, []string{}}, // D: 市民 stands at 市's place, 民政 next (below)
		{`"市民政局办"`, []string{"D-1"}},
		{`"民政局办"`, []string{"D-1"}},
	} {
		got := exported(t, s, Request{Query: c.q})
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: found %v, want %v", c.q, got, c.want)
		}
		if cl := ParseQuery(c.q); len(cl) == 1 {
			if bf := holding(a, docs, cl[0].Text, nil); !slices.Equal(bf, c.want) && !(len(bf) == 0 && len(c.want) == 0) {
				t.Errorf("%s: brute force finds %v, the test wants %v", c.q, bf, c.want)
			}
		}
	}
}

// TestWordPhraseIsNoProof: why a quoted fragment's words matched as a
// phrase do not prove that a text holds it (see fragment.go): the word
// index holds 市民政局 as 市@1 民政@2 局@3 with 市民 stacked at 1, so the
// phrase 市民 民政 matches a text without 市民民政. The fragment query does
// not find it.
func TestWordPhraseIsNoProof(t *testing.T) {
	a := dict.MustDefault()
	ps := []record.Proposal{{ID: "D", Year: 2021, Title: "关于社区的建议", Suggestions: []record.Suggestion{{No: 1, Text: "请市民政局办理。"}}}}
	dir := t.TempDir()
	if _, err := indexer.Build(dir, ps, indexer.BuildOptions{Analyzer: a}); err != nil {
		t.Fatal(err)
	}
	s, err := Open(dir, a)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	pq := query.NewPhraseQuery([]string{"市民", "民政"}, indexer.FieldSuggestion)
	res, err := s.parts[0].Search(bleve.NewSearchRequest(pq))
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 1 {
		t.Fatalf("the phrase 市民 民政 matches %d texts; the word index has changed, and this test with it", res.Total)
	}
	if got := exported(t, s, Request{Query: `"市民民政"`}); len(got) != 0 {
		t.Errorf(`"市民民政" finds %v`, got)
	}
}

// TestFragmentWithoutIndex: a part opened without its fragment index (a
// bleve index not built by indexer.Build) checks every document, and
// finds the same.
func TestFragmentWithoutIndex(t *testing.T) {
	bare := newSearcher(seedIndex.parts, seedIndex.meta, seedIndex.a, 1)
	defer func() {
		for _, f := range bare.facets {
			f.stop()
		}
	}()
	for _, q := range []string{`"老龄服务事业和产"`, `"为保障托"`, `"老服务"`, `"养"`} {
		want := exported(t, seedIndex, Request{Query: q})
		if got := exported(t, bare, Request{Query: q}); !slices.Equal(got, want) || len(got) == 0 {
			t.Errorf("%s: without the fragment index %v, with %v", q, got, want)
		}
	}
}

// findFragment returns the first fragment query in q.
func findFragment(q query.Query) *fragmentQuery {
	switch q := q.(type) {
	case *fragmentQuery:
		return q
	case *query.BooleanQuery:
		for _, sub := range []query.Query{q.Must, q.Should, q.MustNot} {
			if f := findFragment(sub); f != nil {
				return f
			}
		}
	case *query.ConjunctionQuery:
		for _, sub := range q.Conjuncts {
			if f := findFragment(sub); f != nil {
				return f
			}
		}
	case *query.DisjunctionQuery:
		for _, sub := range q.Disjuncts {
			if f := findFragment(sub); f != nil {
				return f
			}
		}
	}
	return nil
}

// TestFragmentProof: a fragment that stands as whole words in the texts is
// proved by the word index's match (its words' byte ranges follow each
// other, or a term is the whole fragment), with or without term vectors,
// and no text is read; one cut inside words is checked against
// the stored text of its candidates. Both find exactly the texts that
// hold them.
func TestFragmentProof(t *testing.T) {
	a := seedIndex.Analyzer()
	docs := fragDocs(a, seed)
	for _, vectors := range []bool{false, true} {
		for _, c := range []struct {
			frag  string
			reads bool
		}{
			{"居家养老", false},
			{"养老服务", false},
			{"时间银行", false},
			{"老服务", true},
			{"深圳市人民政府关于加", true},
		} {
			fq := findFragment(seedIndex.buildQuery(Request{Query: `"` + c.frag + `"`}).q)
			if fq == nil {
				t.Fatalf("%q: no fragment query", c.frag)
			}
			r, err := reader(seedIndex.parts[0])
			if err != nil {
				t.Fatal(err)
			}
			s, err := fq.Searcher(context.Background(), r, seedIndex.parts[0].Mapping(), bsearch.SearcherOptions{IncludeTermVectors: vectors})
			if err != nil {
				t.Fatal(err)
			}
			fs := s.(*fragmentSearcher)
			sctx := &bsearch.SearchContext{DocumentMatchPool: bsearch.NewDocumentMatchPool(10, 0), IndexReader: r}
			var got []string
			for {
				dm, err := fs.Next(sctx)
				if err != nil {
					t.Fatal(err)
				}
				if dm == nil {
					break
				}
				id, err := r.ExternalID(dm.IndexInternalID)
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, id)
				sctx.DocumentMatchPool.Put(dm)
			}
			s.Close()
			r.Close()
			sort.Strings(got)
			if want := holding(a, docs, c.frag, nil); !slices.Equal(got, want) {
				t.Errorf("%q: %v, want %v", c.frag, got, want)
			}
			if (fs.checked > 0) != c.reads {
				t.Errorf("%q (term vectors %v): %d texts read of %d candidates, %d hits", c.frag, vectors, fs.checked, len(fs.docs), len(got))
			}
		}
	}
}
