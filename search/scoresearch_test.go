package search

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
)

// TestScoreSearchAsBleve checks that a scoreSearch answers as bleve's
// search of the same request: the same hits in the same order, with the
// same scores, hit numbers and match positions, the same total and best
// score; with a keep function, as bleve's search with the same function
// hooked into its collector. It runs every test query on the seed index
// and on the seed left in several segments, for several pages.
func TestScoreSearchAsBleve(t *testing.T) {
	qs := testQueries(t)
	indexes := []struct {
		name string
		idx  bleve.Index
	}{{"one segment", seedIndex.parts[0]}, {"several segments", unmergedSeed(t)}}
	pages := []struct{ from, size int }{{0, 10}, {3, 5}, {0, 1000}, {0, 0}, {2000, 10}}
	// dropThirds drops every third document, as a filter would.
	dropThirds := func(dm *bsearch.DocumentMatch) bool { return dm.IndexInternalID.Value()%3 != 0 }
	compared := 0
	for _, ix := range indexes {
		for _, nq := range qs {
			for _, pg := range pages {
				for _, keep := range []func(*bsearch.DocumentMatch) bool{nil, dropThirds} {
					name := fmt.Sprintf("%s: %s, from %d size %d, filtered %v", ix.name, nq.name, pg.from, pg.size, keep != nil)
					req := bleve.NewSearchRequestOptions(nq.q, pg.size, pg.from, false)
					req.IncludeLocations = true
					if !byScoreOnly(req) {
						t.Fatalf("%s: not searched by score alone", name)
					}
					ctx := context.Background()
					if keep != nil {
						ctx = context.WithValue(ctx, bsearch.MakeDocumentMatchHandlerKey, keeping(keep, func() { t.Error("not bleve's top-N collector") }))
					}
					want, err := ix.idx.SearchInContext(ctx, req)
					if err != nil {
						t.Fatal(err)
					}
					ss, err := newScoreSearch(context.Background(), ix.idx, req)
					if err != nil {
						t.Fatal(err)
					}
					got, err := ss.collect(context.Background(), keep)
					if err != nil {
						t.Fatal(err)
					}
					if err := ss.close(); err != nil {
						t.Fatal(err)
					}
					if keep == nil && got.Total != want.Total {
						t.Errorf("%s: total %d, bleve %d", name, got.Total, want.Total)
					}
					if keep == nil && got.MaxScore != want.MaxScore {
						t.Errorf("%s: best score %v, bleve %v", name, got.MaxScore, want.MaxScore)
					}
					if len(got.Hits) != len(want.Hits) {
						t.Errorf("%s: %d hits, bleve %d", name, len(got.Hits), len(want.Hits))
						continue
					}
					for i, g := range got.Hits {
						g.Complete(nil)
						w := want.Hits[i]
						switch {
						case g.ID != w.ID || g.Score != w.Score:
							t.Errorf("%s: hit %d is %s (%v), bleve's %s (%v)", name, i, g.ID, g.Score, w.ID, w.Score)
						case keep == nil && g.HitNumber != w.HitNumber:
							t.Errorf("%s: %s is hit number %d, bleve's %d", name, g.ID, g.HitNumber, w.HitNumber)
						case g.Index != w.Index:
							t.Errorf("%s: %s from index %q, bleve's %q", name, g.ID, g.Index, w.Index)
						case !slices.Equal(locations(g), locations(w)):
							t.Errorf("%s: %s matches at\n%v\nbleve's at\n%v", name, g.ID, locations(g), locations(w))
						}
					}
					compared += len(want.Hits)
				}
			}
		}
	}
	if compared < 10000 {
		t.Errorf("only %d hits compared", compared)
	}
}

// TestByScoreOnly checks which requests a scoreSearch runs.
func TestByScoreOnly(t *testing.T) {
	q := query.NewMatchAllQuery()
	for _, tc := range []struct {
		name string
		mod  func(*bleve.SearchRequest)
		want bool
	}{
		{"by score", func(*bleve.SearchRequest) {}, true},
		{"by year", func(r *bleve.SearchRequest) { r.SortBy([]string{"-year", "-_score"}) }, false},
		{"by ascending score", func(r *bleve.SearchRequest) { r.SortBy([]string{"_score"}) }, false},
		{"facets", func(r *bleve.SearchRequest) { r.AddFacet("year", bleve.NewFacetRequest("year", 5)) }, false},
		{"explained", func(r *bleve.SearchRequest) { r.Explain = true }, false},
		{"unscored", func(r *bleve.SearchRequest) { r.Score = "none" }, false},
		{"after a hit", func(r *bleve.SearchRequest) { r.SearchAfter = []string{"1"} }, false},
	} {
		req := bleve.NewSearchRequest(q)
		tc.mod(req)
		if got := byScoreOnly(req); got != tc.want {
			t.Errorf("%s: byScoreOnly %v, want %v", tc.name, got, tc.want)
		}
	}
}

// locations are a hit's match positions, sorted.
func locations(dm *bsearch.DocumentMatch) []string {
	var locs []string
	for f, tlm := range dm.Locations {
		for term, ls := range tlm {
			for _, l := range ls {
				locs = append(locs, fmt.Sprintf("%s:%s@%d[%d:%d]", f, term, l.Pos, l.Start, l.End))
			}
		}
	}
	slices.Sort(locs)
	return locs
}

// TestScoreSearchCancelled checks that a cancelled search stops with the
// context's error, as bleve's does.
func TestScoreSearchCancelled(t *testing.T) {
	q := seedIndex.buildQuery(Request{Query: "服务"}).q
	ss, err := newScoreSearch(context.Background(), seedIndex.parts[0], bleve.NewSearchRequest(q))
	if err != nil {
		t.Fatal(err)
	}
	defer ss.close()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if res, err := ss.collect(ctx, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled search: %v, %v", res, err)
	}
}
