package search

import (
	"bytes"
	"context"
	"errors"
	"io"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/govreply/precedent/dict"
	"github.com/govreply/precedent/indexer"
	"github.com/govreply/precedent/ingest"
	"github.com/govreply/precedent/record"
)

func TestCompoundMatchesExactly(t *testing.T) {
	for _, q := range []string{"时间银行", "医养结合", "长者饭堂", "困境儿童", "适老化改造"} {
		t.Run(q, func(t *testing.T) {
			want := containing(q)
			if len(want) == 0 {
				t.Fatalf("the seed has no %q", q)
			}
			got := sorted(ids(run(t, Request{Query: q, Size: 100, NoExpand: true})))
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("%s: got %v\nwant exactly the suggestions containing it: %v", q, got, want)
			}
		})
	}
}

// TestPhraseMatchesExactly checks that a quoted phrase of several words
// finds exactly the suggestions whose text holds it.
func TestPhraseMatchesExactly(t *testing.T) {
	for _, q := range []string{"居家养老服务", "社区居家养老服务", "养老服务人才", "困境儿童救助", "医养结合机构", "志愿服务时间银行"} {
		t.Run(q, func(t *testing.T) {
			want := containing(q)
			if len(want) == 0 {
				t.Fatalf("the seed has no %q", q)
			}
			got := sorted(ids(run(t, Request{Query: `"` + q + `"`, Size: 100, NoFacets: true})))
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("%s: got %v\nwant exactly the suggestions containing it: %v", q, got, want)
			}
		})
	}
	// Spaces inside the quotes do not matter.
	want := containing("时间银行")
	for _, q := range []string{`"时间 银行"`, `"时间银行"`, `"时间　银行"`} {
		if got := sorted(ids(run(t, Request{Query: q, Size: 100, NoFacets: true, NoExpand: true}))); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: got %v, want %v", q, got, want)
		}
	}
}

func TestSubWordRecall(t *testing.T) {
	got := map[string]bool{}
	for _, id := range ids(run(t, Request{Query: "老年", Size: 100, NoExpand: true})) {
		got[id] = true
	}
	for _, id := range containing("老年人") {
		if !got[id] {
			t.Errorf("老年 does not find %s, which has 老年人", id)
		}
	}
	got = map[string]bool{}
	for _, id := range ids(run(t, Request{Query: "养老", Size: 100, NoExpand: true})) {
		got[id] = true
	}
	for _, id := range containing("居家养老") {
		if !got[id] {
			t.Errorf("养老 does not find %s, which has 居家养老", id)
		}
	}
}

func TestTraditionalEqualsSimplified(t *testing.T) {
	for _, pair := range [][2]string{{"時間銀行", "时间银行"}, {"醫養結合", "医养结合"}, {"兒童保護", "儿童保护"}} {
		trad := ids(run(t, Request{Query: pair[0], Size: 100}))
		simp := ids(run(t, Request{Query: pair[1], Size: 100}))
		if len(simp) == 0 || !reflect.DeepEqual(trad, simp) {
			t.Errorf("%s → %v, %s → %v", pair[0], trad, pair[1], simp)
		}
	}
}

func TestNoMatchAcrossWordBoundary(t *testing.T) {
	if len(containing("和服务")) == 0 {
		t.Fatal("the seed should contain 和服务")
	}
	if resp := run(t, Request{Query: "和服", NoExpand: true}); resp.Total != 0 {
		t.Fatalf("和服 matched %v", ids(resp))
	}
}

func TestRankingPrefersMoreWordsCloser(t *testing.T) {
	resp := run(t, Request{Query: "养老护理人才培养", Size: 3})
	if len(resp.Hits) == 0 {
		t.Fatal("no hits")
	}
	// The best hit must hold every word, and words that share one common
	// word only must not be at the top.
	top := resp.Hits[0]
	var text string
	for _, p := range seed {
		for _, sg := range p.Suggestions {
			if record.SuggestionID(p.ID, sg.No) == top.ID {
				text = p.Title + sg.Text + sg.Reply.Done + sg.Reply.InProgress + sg.Reply.Planned + sg.Reply.NotAdopted
			}
		}
	}
	for _, w := range []string{"养老", "护理", "人才", "培养"} {
		if !strings.Contains(text, w) {
			t.Errorf("top hit %s lacks %s", top.ID, w)
		}
	}
	if resp.Total <= 5 {
		t.Errorf("only %d hits: texts with some of the words should match too", resp.Total)
	}
}

func TestFacetCounts(t *testing.T) {
	resp := run(t, Request{})
	if resp.Total != 70 {
		t.Fatalf("browse all: total %d, want 70", resp.Total)
	}
	want := map[string]map[string]int{
		"year":   {"2019": 55, "2020": 15},
		"status": {"done": 47, "in_progress": 42, "planned": 11, "not_adopted": 2},
		"lead":   {"市民政局": 70},
	}
	for facet, values := range want {
		got := map[string]int{}
		for _, v := range resp.Facets[facet] {
			got[v.Value] = v.Count
		}
		if !reflect.DeepEqual(got, values) {
			t.Errorf("facet %s = %v, want %v", facet, got, values)
		}
	}
	if len(resp.Facets["topic"]) == 0 || len(resp.Facets["proposer"]) == 0 || len(resp.Facets["department"]) == 0 {
		t.Errorf("empty facets: %+v", resp.Facets)
	}
}

func TestFilters(t *testing.T) {
	cases := []struct {
		name  string
		req   Request
		total uint64
		check func(Hit) bool
	}{
		{"year", Request{Years: []int{2020}}, 15, func(h Hit) bool { return h.Year == 2020 }},
		{"year range", Request{YearFrom: 2020, YearTo: 2025}, 15, func(h Hit) bool { return h.Year == 2020 }},
		{"not adopted", Request{Statuses: []record.Status{record.NotAdopted}}, 2, func(h Hit) bool { return h.ProposalID == "20190798" }},
		{"proposer body", Request{Proposers: []string{"九三学社深圳市委会"}}, 4, func(h Hit) bool { return h.Proposer == "九三学社深圳市委会" }},
		{"co-department", Request{Departments: []string{"市委大湾区办"}}, 3, func(h Hit) bool { return h.ProposalID == "20190518" }},
		{"query and year", Request{Query: "养老", Years: []int{2020}}, 0, func(h Hit) bool { return h.Year == 2020 }},
		{"two years", Request{Years: []int{2019, 2020}}, 70, nil},
		{"topic", Request{Topics: []string{"养老 › 时间银行"}}, 0, func(h Hit) bool {
			for _, tp := range h.Topics {
				if tp == "养老 › 时间银行" {
					return true
				}
			}
			return false
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.req.Size = 100
			resp := run(t, c.req)
			if c.total != 0 && resp.Total != c.total {
				t.Errorf("total %d, want %d", resp.Total, c.total)
			}
			if resp.Total == 0 {
				t.Fatal("no hits")
			}
			for _, h := range resp.Hits {
				if c.check != nil && !c.check(h) {
					t.Errorf("hit %s does not satisfy the filter", h.ID)
				}
			}
		})
	}
}

func TestHighlights(t *testing.T) {
	resp := run(t, Request{Query: "时间银行", Size: 1})
	h := resp.Hits[0]
	found := false
	for field, frags := range h.Highlights {
		for _, f := range frags {
			if strings.Contains(f, "<mark>时间银行</mark>") {
				found = true
			}
			if field != indexer.FieldSuggestion && !strings.Contains(f, "<mark>") {
				t.Errorf("field %s has a fragment without a match: %q", field, f)
			}
		}
	}
	if !found {
		t.Fatalf("no <mark>时间银行</mark> in %v", h.Highlights)
	}
}

func TestSnippetsAreEscaped(t *testing.T) {
	dir := t.TempDir()
	ps := []record.Proposal{{ID: "20210001", Title: "关于<b>时间银行</b>的提案", Proposer: "张三<img src=x onerror=alert(1)>", LeadDepartment: "市民政局",
		Suggestions: []record.Suggestion{{No: 1, Text: `<script>alert("x")</script>推广时间银行`, Reply: record.Reply{Done: "已推广时间银行&amp;<i>"}}}}}
	a := dict.MustDefault()
	if _, err := indexer.Build(dir, ps, indexer.BuildOptions{Analyzer: a}); err != nil {
		t.Fatal(err)
	}
	s, err := Open(dir, a)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	resp, err := s.Search(context.Background(), Request{Query: "时间银行 张三"})
	if err != nil || len(resp.Hits) != 1 {
		t.Fatalf("%v %v", resp, err)
	}
	all := ""
	for _, frags := range resp.Hits[0].Highlights {
		all += strings.Join(frags, "\n")
	}
	for _, bad := range []string{"<script", "<b>", "<img", "<i>"} {
		if strings.Contains(all, bad) {
			t.Errorf("unescaped %s in %q", bad, all)
		}
	}
	for _, good := range []string{"&lt;script&gt;", "<mark>时间银行</mark>", "&amp;amp;"} {
		if !strings.Contains(all, good) {
			t.Errorf("missing %s in %q", good, all)
		}
	}
}

func TestGroupByProposal(t *testing.T) {
	resp := run(t, Request{Query: "儿童", Group: ByProposal, Size: 2})
	if resp.TotalGroups < 2 || len(resp.Groups) != 2 {
		t.Fatalf("groups %d of %d", len(resp.Groups), resp.TotalGroups)
	}
	seen := map[string]bool{}
	for _, g := range resp.Groups {
		if seen[g.ProposalID] || g.Count != len(g.Hits) || g.Count == 0 {
			t.Errorf("bad group %+v", g)
		}
		seen[g.ProposalID] = true
		for _, h := range g.Hits {
			if h.ProposalID != g.ProposalID {
				t.Errorf("hit %s in group %s", h.ID, g.ProposalID)
			}
		}
	}
	page2 := run(t, Request{Query: "儿童", Group: ByProposal, Size: 2, Page: 2})
	for _, g := range page2.Groups {
		if seen[g.ProposalID] {
			t.Errorf("group %s on both pages", g.ProposalID)
		}
	}
}

func TestPagingAndSort(t *testing.T) {
	all := ids(run(t, Request{Query: "养老", Size: 20}))
	p2 := ids(run(t, Request{Query: "养老", Size: 10, Page: 2}))
	if !reflect.DeepEqual(all[10:20], p2) {
		t.Fatalf("page 2 = %v, want %v", p2, all[10:20])
	}
	asc := run(t, Request{Query: "养老", Sort: ByYearAsc, Size: 100})
	for i := 1; i < len(asc.Hits); i++ {
		if asc.Hits[i].Year < asc.Hits[i-1].Year {
			t.Fatalf("year_asc out of order at %d", i)
		}
	}
}

func TestUserSyntax(t *testing.T) {
	cases := []struct {
		name  string
		q     string
		check func(*Response) string
	}{
		{"exclusion", "养老 -时间银行", func(r *Response) string {
			for _, h := range r.Hits {
				for _, id := range containing("时间银行") {
					if h.ID == id {
						return "excluded word's document returned: " + id
					}
				}
			}
			return ""
		}},
		{"quoted phrase required", `"居家养老" 儿童`, func(r *Response) string {
			for _, h := range r.Hits {
				ok := false
				for _, id := range containing("居家养老") {
					ok = ok || h.ID == id
				}
				if !ok {
					return "hit without the quoted phrase: " + h.ID
				}
			}
			return ""
		}},
		{"title prefix", "标题:儿童", func(r *Response) string {
			for _, h := range r.Hits {
				if !strings.Contains(h.Title, "儿童") {
					return "title lacks 儿童: " + h.ID
				}
			}
			return ""
		}},
		{"proposer prefix", "提案人:房涛", func(r *Response) string {
			if r.Total != 6 {
				return "want the 6 suggestions of 房涛"
			}
			return ""
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			resp := run(t, Request{Query: c.q, Size: 100})
			if resp.Total == 0 {
				t.Fatal("no hits")
			}
			if msg := c.check(resp); msg != "" {
				t.Fatal(msg)
			}
		})
	}
}

func TestParseQuery(t *testing.T) {
	cases := []struct {
		q    string
		want []Clause
	}{
		{"养老 服务", []Clause{{Text: "养老"}, {Text: "服务"}}},
		{`"时间 银行" -儿童`, []Clause{{Text: "时间 银行", Phrase: true}, {Text: "儿童", Exclude: true}}},
		{"“居家养老”", []Clause{{Text: "居家养老", Phrase: true}}},
		{"标题:养老 提案人：房涛", []Clause{{Text: "养老", Field: "title"}, {Text: "房涛", Field: "proposer"}}},
		{"未知:养老", []Clause{{Text: "未知:养老"}}},
		{`"unclosed`, []Clause{{Text: "unclosed", Phrase: true}}},
		{"- -- ， 。", nil},
		{"+ = ～ %", nil},
		{"养老 😀 ①", []Clause{{Text: "养老"}, {Text: "😀"}, {Text: "①"}}},
		{"", nil},
	}
	for _, c := range cases {
		if got := ParseQuery(c.q); !reflect.DeepEqual(got, c.want) {
			t.Errorf("ParseQuery(%q) = %+v, want %+v", c.q, got, c.want)
		}
	}
}

// The characters of a sentence that no text holds, said one after another,
// are said not found as the run typed, not one by one: the seed has no
// 退费 and the like, and the page said 没有找到包含“想”“退”“费”“找”“谁”.
func TestUnmatchedRunOfSentence(t *testing.T) {
	for _, c := range []struct {
		q         string
		unmatched []string
	}{
		{"社区养老服务想退费找谁", []string{"想退费找谁"}},
		{"社區養老服務想退費找誰", []string{"想退費找誰"}}, // as typed
		{"养老服务 想 退费", []string{"想", "退费"}}, // typed apart: each
	} {
		t.Run(c.q, func(t *testing.T) {
			resp := run(t, Request{Query: c.q, Size: 1})
			if !reflect.DeepEqual(resp.Unmatched, c.unmatched) {
				t.Errorf("unmatched %q, want %q", resp.Unmatched, c.unmatched)
			}
		})
	}
}

// Signs no text is indexed by (an emoji, a circled number) are said to be
// found nowhere: typed alone they find nothing, not every text as an
// empty query would; beside words they change nothing else.
func TestSignsAreUnmatched(t *testing.T) {
	all := run(t, Request{Size: 1})
	words := run(t, Request{Query: "时间银行", Size: 100})
	cases := []struct {
		name, q   string
		unmatched []string
		want      *Response // the same hits; nil: none
	}{
		{"emoji alone", "😀😀", []string{"😀😀"}, nil},
		{"circled numbers alone", "①②", []string{"①②"}, nil},
		{"quoted", `"😀"`, []string{"😀"}, nil},
		{"beside a word", "时间银行 😀", []string{"😀"}, words},
		{"punctuation alone is an empty query", "，。！", nil, all},
		{"an excluded sign excludes nothing", "-😀", nil, all},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			size := 100
			if c.want == all {
				size = 1
			}
			resp := run(t, Request{Query: c.q, Size: size})
			if !reflect.DeepEqual(resp.Unmatched, c.unmatched) {
				t.Errorf("unmatched %q, want %q", resp.Unmatched, c.unmatched)
			}
			switch {
			case c.want == nil && resp.Total != 0:
				t.Errorf("%d hits, want none", resp.Total)
			case c.want != nil && (resp.Total != c.want.Total || !reflect.DeepEqual(ids(resp), ids(c.want))):
				t.Errorf("%d hits %v, want %d %v", resp.Total, ids(resp), c.want.Total, ids(c.want))
			}
		})
	}
}

func TestRequestErrors(t *testing.T) {
	cases := []struct {
		req   Request
		param string
	}{
		{Request{Size: 101}, "size"},
		{Request{Page: -1}, "page"},
		{Request{Query: strings.Repeat("养", MaxQueryRunes+1)}, "q"},
		{Request{Sort: "random"}, "sort"},
		{Request{Group: "x"}, "group"},
		{Request{YearFrom: 2021, YearTo: 2019}, "year_from"},
		{Request{Statuses: []record.Status{"maybe"}}, "status"},
	}
	for _, c := range cases {
		_, err := seedIndex.Search(context.Background(), c.req)
		var re *RequestError
		if !errors.As(err, &re) || re.Param != c.param {
			t.Errorf("%+v: error %v, want one about %s", c.req, err, c.param)
		}
	}
}

func TestProposal(t *testing.T) {
	p, err := seedIndex.Proposal(context.Background(), "20190798")
	if err != nil {
		t.Fatal(err)
	}
	var want record.Proposal
	for _, sp := range seed {
		if sp.ID == "20190798" {
			want = sp
		}
	}
	if got := p.Proposal(); !reflect.DeepEqual(got, want) {
		t.Fatalf("proposal differs:\n got %+v\nwant %+v", got, want)
	}
	if _, err := seedIndex.Proposal(context.Background(), "20990001"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("unknown id: %v", err)
	}
}

func TestAllRoundTrip(t *testing.T) {
	got, err := seedIndex.All(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, seed) {
		t.Fatal("the index does not give back the imported records")
	}
	// Import → export → re-import gives identical records, every cell.
	for name, write := range map[string]func(io.Writer, []record.Proposal) error{
		"export.csv": ingest.WriteCSV, "export.jsonl": ingest.WriteJSONL, "export.xlsx": ingest.WriteXLSX} {
		var buf bytes.Buffer
		if err := write(&buf, got); err != nil {
			t.Fatal(err)
		}
		back, err := ingest.ParseRecords(name, buf.Bytes(), ingest.Options{})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !reflect.DeepEqual(back, seed) {
			t.Errorf("%s: re-imported records differ from the seed", name)
		}
	}
}

func TestSynonymMatchesAreHighlighted(t *testing.T) {
	resp := run(t, Request{Query: "长者", Size: 100})
	marked := map[string]bool{}
	for _, h := range resp.Hits {
		for _, frags := range h.Highlights {
			for _, f := range frags {
				for _, part := range strings.Split(f, "<mark>")[1:] {
					marked[strings.SplitN(part, "</mark>", 2)[0]] = true
				}
			}
		}
	}
	if !marked["长者"] || len(marked) < 2 {
		t.Fatalf("marked words %v: want 长者 and the synonyms that matched", marked)
	}
}

func TestSimilar(t *testing.T) {
	draft := "建议在社区推广“时间银行”互助养老模式，鼓励低龄老人为高龄老人提供志愿服务，记录服务时间并给予回馈。"
	resp, err := seedIndex.Similar(context.Background(), SimilarRequest{Text: draft, Size: 5})
	if err != nil {
		t.Fatal(err)
	}
	if len(resp.Hits) == 0 || len(resp.Terms) == 0 {
		t.Fatalf("no similar hits: %+v", resp)
	}
	inTop := false
	for _, h := range resp.Hits[:min(3, len(resp.Hits))] {
		for _, id := range containing("时间银行") {
			inTop = inTop || h.ID == id
		}
	}
	if !inTop {
		t.Errorf("no 时间银行 suggestion in the top 3: %v (terms %v)", resp.Hits, resp.Terms)
	}
	byID, err := seedIndex.Similar(context.Background(), SimilarRequest{ID: "20190842-2", Size: 5})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range byID.Hits {
		if h.ID == "20190842-2" {
			t.Error("similar by id returned the suggestion itself")
		}
	}
	if len(byID.Hits) == 0 {
		t.Error("similar by id found nothing")
	}
	for _, bad := range []SimilarRequest{{}, {ID: "nope"}, {ID: "20990001-1"}, {Text: "x", Size: 1000}} {
		if _, err := seedIndex.Similar(context.Background(), bad); err == nil {
			t.Errorf("Similar(%+v) did not fail", bad)
		}
	}
}

func TestSuggest(t *testing.T) {
	cases := []struct{ q, want string }{
		{"时间", "时间银行"},
		{"yanglao", "养老"},
		{"ylfw", "养老服务"},
		{"九三", "九三学社深圳市委会"},
		{"困境", "困境儿童"},
	}
	for _, c := range cases {
		got, err := seedIndex.Suggest(context.Background(), c.q)
		if err != nil {
			t.Fatal(err)
		}
		ok := false
		for _, g := range got {
			ok = ok || strings.HasPrefix(g.Text, c.want)
		}
		if !ok || len(got) > MaxCompletions {
			t.Errorf("Suggest(%q) = %v, want one starting with %s", c.q, got, c.want)
		}
	}
}

func TestExpansions(t *testing.T) {
	with := run(t, Request{Query: "长者", Size: 100})
	without := run(t, Request{Query: "长者", Size: 100, NoExpand: true})
	if len(with.Expansions) == 0 || len(without.Expansions) != 0 {
		t.Fatalf("expansions with %v, without %v", with.Expansions, without.Expansions)
	}
	if with.Total <= without.Total {
		t.Errorf("expansion found %d, without %d", with.Total, without.Total)
	}
	// What the user typed ranks above what the thesaurus added.
	if len(without.Hits) > 0 && with.Hits[0].ID != without.Hits[0].ID {
		exact := map[string]bool{}
		for _, id := range ids(without) {
			exact[id] = true
		}
		if !exact[with.Hits[0].ID] {
			t.Errorf("top hit %s matches only a synonym", with.Hits[0].ID)
		}
	}
}

// TestUnknownWordIsWhole checks that a word the dictionary lacks, which
// falls apart into its characters, is searched whole: 七弟 finds the text
// with 七弟, not every text with 七 or with 弟.
func TestUnknownWordIsWhole(t *testing.T) {
	for _, tc := range []struct {
		query string
		want  []string // texts of the words
	}{
		{"七弟", []string{"七弟"}},
		{"七弟看客", []string{"七弟", "看客"}},
		{"七 弟", []string{"七", "弟"}},
		// In a short clause a lone character ends the word before it:
		// 看病难 is one idea (its head 看病 found too, below it).
		{"老人看病难", []string{"老人", "看病难"}},
		{"充电桩", []string{"充电桩"}},
		// A longer run is words of two characters the dictionary lacks,
		// the last one taking an odd character.
		{"拒载绕路", []string{"拒载", "绕路"}},
		{"出租车拒载绕路砍", []string{"出租车", "拒载", "绕路砍"}},
		// In a sentence it stays a word of its own.
		{"老人看病难怎么解决", []string{"老人", "看病", "难", "怎么", "解决"}},
	} {
		var got []string
		ws, _ := seedIndex.queryWords(tc.query)
		for _, w := range ws {
			got = append(got, w.Text)
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: words %v, want %v", tc.query, got, tc.want)
		}
	}

	ps := []record.Proposal{{ID: "20240001", Title: "关于社区治理的建议", Proposer: "王某",
		Suggestions: []record.Suggestion{
			{No: 1, Text: "研究制定七弟看客办法。"},
			{No: 2, Text: "七个弟弟参与志愿服务。"},
			{No: 3, Text: "发展七砂产业。"},
		}}}
	dir := t.TempDir()
	if _, err := indexer.Build(dir, ps, indexer.BuildOptions{Analyzer: seedIndex.a}); err != nil {
		t.Fatal(err)
	}
	s, err := Open(dir, seedIndex.a)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	resp, err := s.Search(context.Background(), Request{Query: "七弟"})
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(resp); !reflect.DeepEqual(got, []string{"20240001-1"}) {
		t.Errorf("七弟 found %v, want only 20240001-1", got)
	}
}

// TestRelatedWordsOneWay checks a thesaurus line that searches a word's
// related words one way ("长者饭堂 … => 长者助餐 …": a canteen for the old is
// a way of meal help, not every meal help a canteen): 长者饭堂 also finds the
// texts about 长者助餐, after every text with a canteen word; 长者助餐 does
// not find the canteens.
func TestRelatedWordsOneWay(t *testing.T) {
	canteen := map[string]bool{}
	for _, w := range []string{"长者饭堂", "老年食堂", "长者食堂", "老人食堂", "助餐点"} {
		for _, id := range containing(w) {
			canteen[id] = true
		}
	}
	help := containing("长者助餐")
	resp := run(t, Request{Query: "长者饭堂", Size: 100})
	got := ids(resp)
	for _, id := range help {
		if !slices.Contains(got, id) {
			t.Errorf("长者饭堂 does not find %s, which says 长者助餐", id)
		}
	}
	seen := false
	for i, id := range got {
		switch {
		case !canteen[id] && slices.Contains(help, id):
			seen = true
		case canteen[id] && seen:
			t.Errorf("hit %d %s has a canteen word, after a text with only 长者助餐", i+1, id)
		}
	}
	if !seen {
		t.Error("no text with only 长者助餐 found")
	}
	back := run(t, Request{Query: "长者助餐", Size: 100})
	for _, e := range back.Expansions {
		if slices.Contains(e.Synonyms, "长者饭堂") {
			t.Errorf("长者助餐 searches 长者饭堂: %v", back.Expansions)
		}
	}
}
