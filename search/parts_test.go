package search

import (
	"context"
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/govreply/precedent/indexer"
)

// TestPartitionsAnswerAsOneIndex builds the seed in three partitions and
// checks that searching them at once finds what the single index finds: the
// same matches, facet counts, whole proposals and export order. Scores come
// from each partition's own statistics, so the order of hits may differ
// where the single index's scores are close.
func TestPartitionsAnswerAsOneIndex(t *testing.T) {
	dir := t.TempDir()
	a := seedIndex.a
	st, err := indexer.Build(dir, seed, indexer.BuildOptions{Analyzer: a, Partitions: 3})
	if err != nil {
		t.Fatal(err)
	}
	if st.Partitions != 3 {
		t.Fatalf("built %d partitions, want 3", st.Partitions)
	}
	s, err := Open(dir, a)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if s.Partitions() != 3 || s.DocCount() != 70 || s.Meta().Proposals != 18 || s.Meta().Suggestions != 70 {
		t.Fatalf("partitions %d, docs %d, meta %+v", s.Partitions(), s.DocCount(), s.Meta())
	}
	// A proposal's suggestions stay together.
	for k, p := range s.parts {
		n, _ := p.DocCount()
		if n == 0 {
			t.Errorf("partition %d is empty", k)
		}
	}
	ctx := context.Background()
	p, err := s.Proposal(ctx, "20190818")
	if err != nil || len(p.Suggestions) == 0 {
		t.Fatalf("Proposal: %v %v", p, err)
	}
	want, _ := seedIndex.Proposal(ctx, "20190818")
	if !reflect.DeepEqual(p, want) {
		t.Errorf("proposal from partitions:\n%+v\nfrom one index:\n%+v", p, want)
	}

	for _, tc := range []struct {
		prepared bool // facets from the partitions' tables, else from bleve
		parallel parallelWork
	}{
		{false, parallelWork{math.MaxUint64, math.MaxInt}}, // parts in turn
		{true, parallelWork{math.MaxUint64, math.MaxInt}},
		{true, parallelWork{0, 0}}, // parts at once
	} {
		prepared := tc.prepared
		s.parallel = tc.parallel
		if prepared {
			if err := s.Prepared(ctx); err != nil {
				t.Fatal(err)
			}
		}
		for _, r := range []Request{
			{Query: "时间银行", Size: 100},
			{Query: "养老护理人才培养", Size: 100},
			{Query: `"居家养老"`, Size: 100},
			{Query: "儿童 -托育", Size: 100},
			{Query: "老年", Years: []int{2019}, Size: 100},
			{Query: "服务", Group: ByProposal, Size: 100},
			{Size: 100, Sort: ByYearAsc},
		} {
			got, err := s.Search(ctx, r)
			if err != nil {
				t.Fatal(err)
			}
			want := run(t, r)
			if got.Total != want.Total || got.TotalGroups != want.TotalGroups || !reflect.DeepEqual(sorted(ids(got)), sorted(ids(want))) {
				t.Errorf("%+v: partitions give %d %v, one index %d %v", r, got.Total, ids(got), want.Total, ids(want))
			}
			if !reflect.DeepEqual(got.Facets, want.Facets) {
				t.Errorf("%+v (tables %v): facets\n%v\none index:\n%v", r, prepared, got.Facets, want.Facets)
			}
			for i, h := range got.Hits {
				if h.Title == "" || h.Year == 0 {
					t.Errorf("%+v: hit %s without its stored fields", r, h.ID)
				}
				if r.Query != "" && len(h.Highlights) == 0 {
					t.Errorf("%+v: hit %s without highlights", r, h.ID)
				}
				if i > 0 && r.Sort == ByRelevance && r.Group != ByProposal && h.Score > got.Hits[i-1].Score {
					t.Errorf("%+v: hit %d scores %f, above the one before it", r, i, h.Score)
				}
			}
		}
	}

	// Pages join up: the second page of ten follows the first.
	r := Request{Query: "养老", Size: 20}
	all := ids(mustSearch(t, s, r))
	r.Size, r.Page = 10, 2
	page2 := ids(mustSearch(t, s, r))
	if !slices.Equal(page2, all[10:20]) {
		t.Errorf("page 2 %v, hits 11-20 of one page %v", page2, all[10:20])
	}

	// Export keeps the import order across partitions.
	got, err := s.All(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, seed) {
		for i := range min(len(got), len(seed)) {
			if !reflect.DeepEqual(got[i], seed[i]) {
				t.Errorf("All over partitions: proposal %d is\n%+v\nwant\n%+v", i, got[i], seed[i])
				break
			}
		}
		t.Errorf("All over partitions differs from the seed (%d proposals, want %d)", len(got), len(seed))
	}
	if sim, err := s.Similar(ctx, SimilarRequest{ID: "20190818-2"}); err != nil || len(sim.Hits) == 0 {
		t.Errorf("similar over partitions: %v %v", sim, err)
	}
	if got, _ := s.Suggest(ctx, "时间"); len(got) == 0 {
		t.Error("no completions over partitions")
	}
}

func mustSearch(t *testing.T, s *Searcher, r Request) *Response {
	t.Helper()
	resp, err := s.Search(context.Background(), r)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

// TestHighlightsEitherWay checks that hits are the same whether the ranking
// search records match positions (a query matching few postings) or the
// page is loaded and marked by a second search (a query matching many).
func TestHighlightsEitherWay(t *testing.T) {
	second := newSearcher(seedIndex.parts, seedIndex.meta, seedIndex.a, 1) // on the same index
	second.vectorPostings = 0                                              // every query matches "too many" postings
	defer func() {
		for _, f := range second.facets {
			f.stop()
		}
	}()
	for _, r := range []Request{
		{Query: "时间银行"},
		{Query: "养老护理人才培养", Size: 20},
		{Query: `"居家养老" -托育`},
		{Query: "老年", Years: []int{2019}},
		{Query: "养老", Page: 2},
		{Query: "服务", Group: ByProposal},
		{},
	} {
		want := run(t, r)
		got, err := second.Search(context.Background(), r)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got.Hits, want.Hits) {
			t.Errorf("%+v: hits marked by a second search\n%+v\nin the ranking search\n%+v", r, got.Hits, want.Hits)
		}
		if r.Query != "" && len(want.Hits) > 0 && len(want.Hits[0].Highlights) == 0 {
			t.Errorf("%+v: no highlights", r)
		}
	}
}

// TestEach checks how parts are run: in turn on the calling goroutine, or,
// with parallel, at once, a part taken over by another goroutine while the
// calling one is busy, and waited for.
func TestEach(t *testing.T) {
	s := &Searcher{parts: make([]bleve.Index, 3)}
	t.Run("in turn", func(t *testing.T) {
		var order []int
		err := s.each(false, func(k int) bool { return k != 1 }, func(k int) error {
			order = append(order, k) // no goroutine but this one
			return nil
		})
		if err != nil || !slices.Equal(order, []int{0, 2}) {
			t.Errorf("ran %v (%v), want [0 2]", order, err)
		}
	})
	t.Run("at once", func(t *testing.T) {
		// Part 0 waits until the other parts have run: they can only have
		// been run by other goroutines.
		others := make(chan int, 2)
		ran := make([]bool, 3)
		err := s.each(true, nil, func(k int) error {
			ran[k] = true
			if k != 0 {
				others <- k
				return fmt.Errorf("part %d", k)
			}
			for range 2 {
				select {
				case <-others:
				case <-time.After(10 * time.Second):
					return errors.New("the other parts did not run while part 0 ran")
				}
			}
			return nil
		})
		if !slices.Equal(ran, []bool{true, true, true}) {
			t.Errorf("ran %v", ran)
		}
		for _, want := range []string{"part 1", "part 2"} {
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("error %v, want it to carry %q", err, want)
			}
		}
		if err != nil && strings.Contains(err.Error(), "did not run") {
			t.Error(err)
		}
	})
}

// TestPostingsAtLeast checks the bound a query's search decides by whether
// to record match positions (vectorsIfFew): the postings known from the
// term statistics before the search (postingsOf) are never more than its
// searcher counts, for typed queries, in all fields or in one, and for
// similar drafts (whose terms it counts exactly); and it is known for them.
func TestPostingsAtLeast(t *testing.T) {
	s := seedIndex
	ir, err := reader(s.parts[0])
	if err != nil {
		t.Fatal(err)
	}
	defer ir.Close()
	count := func(q query.Query) uint64 {
		t.Helper()
		sr, err := q.Searcher(context.Background(), ir, s.parts[0].Mapping(), bsearch.SearcherOptions{IncludeTermVectors: true})
		if err != nil {
			t.Fatal(err)
		}
		defer sr.Close()
		return sr.Count()
	}
	for _, text := range []string{"养老", "时间银行", "养老护理人才培养", "护工培训", "長者飯堂", "社区养老服务设施建设",
		"title:养老", "title:民政局", "suggestion:民政局", "done:民政"} {
		b := s.buildQuery(Request{Query: text})
		bound, n := postingsOf(b.q), count(b.q)
		if bound == 0 && n > 0 {
			t.Errorf("%s: no bound known (its searcher counts %d)", text, n)
		}
		if bound > n {
			t.Errorf("%s: bound %d, its searcher counts %d", text, bound, n)
		}
	}
	tokens, own := s.draftSentences(seed[3].Suggestions[0].Text)
	q := s.similarQuery(s.keyTerms(tokens, similarTerms), own)
	if bound, n := postingsOf(q), count(q); bound == 0 || bound != n {
		t.Errorf("similar draft: bound %d, its searcher counts %d", bound, n)
	}
}
