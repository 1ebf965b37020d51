package search

import (
	"context"
	"math"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/govreply/precedent/indexer"
)

// byYear reports whether r's hits are sorted by year first (sortOrder),
// and which way: newest first for desc.
func byYear(r Request) (desc, ok bool) {
	switch sortOrder(r)[0] {
	case "-" + indexer.FacetYear:
		return true, true
	case indexer.FacetYear:
		return false, true
	}
	return false, false
}

// yearWindow runs a search sorted by year over the years its page comes
// from. bleve's collector reads the sort values of every match (its year,
// proposal id and suggestion number): browsing 185k matches at 1M
// suggestions spent 80% of its time there. Here the facet tables first
// count the matches by year, in a search by score alone (which reads no
// sort values), then the sorted search runs over the newest years (oldest,
// ascending) that hold From+Size matches: the same hits in the same order,
// the total and the facets from the count. It returns a nil result when it
// cannot tell the years (a part's table misses a match, or matches without
// a year would reach the page): the caller sorts the whole.
func (s *Searcher) yearWindow(ctx context.Context, req *bleve.SearchRequest, q query.Query, r Request, ts []*facetTable, desc, skip bool) (*bleve.SearchResult, partHooks, error) {
	rc := r
	rc.NoFacets = false // the years are counted whether the facets are shown or not
	hooks := newPartHooks(ts, rc)
	count := bleve.NewSearchRequestOptions(q, 1, 0, false)
	count.SortBy([]string{"-_score"})
	counted, err := s.collect(ctx, count, rc, hooks, false)
	if err != nil || hooks.miss() {
		return nil, nil, err
	}
	years := hooks.counts().values("year", math.MaxInt32, true) // ascending
	if len(years) == 0 {
		return nil, nil, nil
	}
	want := req.From + req.Size
	lo, hi := years[0].Value, years[len(years)-1].Value
	n, found := 0, false
	for i := range years {
		y := years[i]
		if desc {
			y = years[len(years)-1-i]
		}
		if n += y.Count; n >= want {
			if desc {
				lo = y.Value
			} else {
				hi = y.Value
			}
			found = true
			break
		}
	}
	if !found && uint64(n) < counted.Total {
		return nil, nil, nil // matches without a year come last, on the page
	}
	t := true
	within := query.NewTermRangeInclusiveQuery(lo, hi, &t, &t)
	within.SetField(columnField["year"])
	within.SetBoost(0) // a filter: scores nothing, as the request's own
	sorted := *req
	sorted.Query = vectorsIfFew{query.NewConjunctionQuery([]query.Query{q, within}), s.vectorPostings}
	sorted.Sort = req.Sort.Copy()
	rs := r
	rs.NoFacets = true
	res, err := s.collect(ctx, &sorted, rs, nil, skip)
	if err != nil {
		return nil, nil, err
	}
	res.Total = counted.Total
	if lo != years[0].Value || hi != years[len(years)-1].Value {
		s.narrowed.Add(1)
	}
	return res, hooks, nil
}
