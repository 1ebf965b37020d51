package search

import (
	"context"
	"fmt"
	"reflect"
	"testing"

	"github.com/govreply/precedent/dict"
	"github.com/govreply/precedent/record"
)

// TestSortWindowAsWholeSort: a search sorted by year or date, run over the
// years or dates of its page only (sortWindow), answers as the sort of all
// matches does — the same hits in the same order with the same scores,
// total, facets and highlights — on a sample of the real corpus (ten years
// of messages) in two partitions, for pages at the start, the middle and
// the end, both ways, with words, filters and none.
func TestSortWindowAsWholeSort(t *testing.T) {
	n := 3000
	if fragmentRace {
		n = 800
	}
	ps := realSample(t, n)
	a := dict.MustDefault()
	dir := buildSample(t, a, ps, 2)
	s := openReady(t, dir, a)
	whole := openReady(t, dir, a) // the same index, its years sorted as a whole
	whole.noSortWindow = true
	reqs := []Request{
		{},
		{Sort: ByYearAsc},
		{Query: "物业", Sort: ByYearDesc},
		{Query: "物业 收费", Sort: ByYearAsc},
		{Query: "噪音扰民", Sort: ByYearDesc, Size: 20},
		{Statuses: []record.Status{record.Replied}},
		{YearFrom: 2018, Sort: ByYearAsc},
		{Query: "学校", YearTo: 2019, Sort: ByYearDesc},
		{Query: "小区", NoFacets: true, Sort: ByYearDesc},
		{Query: `"停车"`, Sort: ByYearDesc},
		{Sort: ByDateDesc},
		{Sort: ByDateAsc, NoFacets: true},
		{Query: "物业 收费", Sort: ByDateDesc},
		{Query: "噪音", YearFrom: 2017, Sort: ByDateAsc},
		{Statuses: []record.Status{record.Replied}, DateFrom: "2018-01-01", Sort: ByDateDesc},
	}
	windowed := 0
	for _, base := range reqs {
		first, err := whole.Search(context.Background(), base)
		if err != nil {
			t.Fatal(err)
		}
		size := max(base.Size, 10)
		last := max(1, (int(first.Total)+size-1)/size)
		for _, page := range []int{1, 2, 7, last / 2, last} {
			r := base
			r.Page = max(page, 1)
			t.Run(fmt.Sprintf("%+v", r), func(t *testing.T) {
				want, err := whole.Search(context.Background(), r)
				if err != nil {
					t.Fatal(err)
				}
				got, err := s.Search(context.Background(), r)
				if err != nil {
					t.Fatal(err)
				}
				want.TookMS, got.TookMS = 0, 0
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("page %d:\n got %d hits of %d: %v\nwant %d hits of %d: %v", r.Page, len(got.Hits), got.Total, hitIDs(got), len(want.Hits), want.Total, hitIDs(want))
				}
			})
			if first.Total > 0 {
				windowed++
			}
		}
	}
	if windowed < 50 {
		t.Fatalf("%d pages with hits compared: not a test", windowed)
	}
	if n := s.narrowed.Load(); n < int64(windowed)/2 {
		t.Fatalf("%d of %d searches narrowed to their page's years", n, windowed)
	}
	if n := whole.narrowed.Load(); n != 0 {
		t.Fatalf("the reference narrowed %d searches", n)
	}
}

func hitIDs(r *Response) []string {
	var out []string
	for _, h := range r.Hits {
		out = append(out, fmt.Sprintf("%s/%d/%.4f", h.ID, h.Year, h.Score))
	}
	return out
}
