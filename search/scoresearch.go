package search

import (
	"container/heap"
	"context"
	"errors"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/collector"
	index "github.com/blevesearch/bleve_index_api"
)

// byScoreOnly reports whether a part's search of req can be run by
// a scoreSearch: hits ranked by score alone, nothing counted by bleve
// (facets), nothing explained. That is every ranked search the searcher
// runs but those sorted by year.
func byScoreOnly(req *bleve.SearchRequest) bool {
	if len(req.Sort) != 1 || len(req.Facets) > 0 || req.Explain || req.Score != "" ||
		req.SearchAfter != nil || req.SearchBefore != nil {
		return false
	}
	s, ok := req.Sort[0].(*bsearch.SortScore)
	return ok && s.Desc
}

// A scoreSearch is the search of one part for its best hits by score alone
// (byScoreOnly), run as bleve's search runs it: it finds the same hits, in
// the same order, with the same scores, totals and match positions. Two
// things are left for the caller to do on the hits it keeps after merging
// the parts: their match positions stay in FieldTermLocations
// (DocumentMatch.Complete makes the Locations map of them), and they carry
// no stored fields or highlights (loadHits). bleve's top-N collector
// resolves every hit it keeps to its id and builds the position map of
// each, computes a sort key per match and keeps cost accounts; for a rare
// term that is a quarter of a part's search, most of it for hits the merge
// drops.
//
// A scoreSearch is made in two steps, so that the caller can decide from
// the searcher (how many postings it may visit) whether to collect the
// parts at once: newScoreSearch builds the searcher, collect runs it.
type scoreSearch struct {
	p   bleve.Index
	req *bleve.SearchRequest
	r   index.IndexReader
	s   bsearch.Searcher
}

// newScoreSearch builds the searcher of req on part p.
func newScoreSearch(ctx context.Context, p bleve.Index, req *bleve.SearchRequest) (*scoreSearch, error) {
	ss := &scoreSearch{p: p, req: req}
	var err error
	if ss.r, err = reader(p); err != nil {
		return nil, err
	}
	m := p.Mapping()
	if isBM25(m) {
		// As bleve's search tells its term searchers the scoring model.
		ctx = context.WithValue(ctx, bsearch.GetScoringModelCallbackKey,
			bsearch.GetScoringModelCallbackFn(func() string { return index.BM25Scoring }))
	}
	ss.s, err = req.Query.Searcher(ctx, ss.r, m, bsearch.SearcherOptions{IncludeTermVectors: req.IncludeLocations || req.Highlight != nil})
	if err != nil {
		ss.r.Close()
		return nil, err
	}
	return ss, nil
}

// postings is how many postings the search may visit at most.
func (ss *scoreSearch) postings() uint64 { return ss.s.Count() }

// close releases the searcher and the reader.
func (ss *scoreSearch) close() error {
	return errors.Join(ss.s.Close(), ss.r.Close())
}

// collect runs the search. keep, when not nil, sees every match first:
// false drops it (a filter), and it may count it (facets).
func (ss *scoreSearch) collect(ctx context.Context, keep func(*bsearch.DocumentMatch) bool) (*bleve.SearchResult, error) {
	req := ss.req
	n := req.From + req.Size
	sctx := &bsearch.SearchContext{
		DocumentMatchPool: bsearch.NewDocumentMatchPool(min(n, collector.PreAllocSizeSkipCap)+1+ss.s.DocumentMatchPoolSize(), 0),
		IndexReader:       ss.r,
	}
	var top topHits
	var seen, total uint64 // matches seen, and kept
	var maxScore float64
	for ; ; seen++ {
		if seen%collector.CheckDoneEvery == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		dm, err := ss.s.Next(sctx)
		if err != nil {
			return nil, err
		}
		if dm == nil {
			break
		}
		if keep != nil && !keep(dm) {
			sctx.DocumentMatchPool.Put(dm)
			continue
		}
		total++
		dm.HitNumber = total // ties rank in index order, as bleve's collector ranks them
		maxScore = max(maxScore, dm.Score)
		if out := top.add(dm, n); out != nil {
			sctx.DocumentMatchPool.Put(out)
		}
	}
	hits := top.sorted()
	hits = hits[min(req.From, len(hits)):]
	name := ss.p.Name()
	for _, dm := range hits {
		var err error
		if dm.ID, err = ss.r.ExternalID(dm.IndexInternalID); err != nil {
			return nil, err
		}
		dm.Index = name
	}
	// What the searcher reads of a result, and the status merging needs.
	return &bleve.SearchResult{
		Status:   &bleve.SearchStatus{Total: 1, Successful: 1},
		Hits:     hits,
		Total:    total,
		MaxScore: maxScore,
	}, nil
}

// isBM25 reports whether an index mapping scores with BM25.
func isBM25(m mapping.IndexMapping) bool {
	im, ok := m.(*mapping.IndexMappingImpl)
	return ok && im.ScoringModel == index.BM25Scoring
}

// topHits keeps the best matches seen: a heap (container/heap) with the
// worst of them on top. A match ranks above another by a higher score, or
// an equal score and an earlier hit number (bleve's order of hits sorted by
// score).
type topHits []*bsearch.DocumentMatch

// below reports whether match a ranks below match b.
func below(a, b *bsearch.DocumentMatch) bool {
	if a.Score != b.Score {
		return a.Score < b.Score
	}
	return a.HitNumber > b.HitNumber
}

func (h topHits) Len() int           { return len(h) }
func (h topHits) Less(i, j int) bool { return below(h[i], h[j]) }

func (h topHits) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *topHits) Push(x any)   { *h = append(*h, x.(*bsearch.DocumentMatch)) }
func (h *topHits) Pop() any {
	old := *h
	dm := old[len(old)-1]
	*h = old[:len(old)-1]
	return dm
}

// add keeps dm if it is among the n best and returns the match that drops
// out (dm itself when it is not among them; nil when none does). Most
// matches of a large search rank below the worst kept, and cost one
// comparison.
func (h *topHits) add(dm *bsearch.DocumentMatch, n int) *bsearch.DocumentMatch {
	switch {
	case n <= 0:
		return dm
	case len(*h) < n:
		heap.Push(h, dm)
		return nil
	}
	worst := (*h)[0]
	if below(dm, worst) {
		return dm
	}
	(*h)[0] = dm
	heap.Fix(h, 0)
	return worst
}

// sorted empties the heap into a slice, best first.
func (h *topHits) sorted() []*bsearch.DocumentMatch {
	out := make([]*bsearch.DocumentMatch, h.Len())
	for i := len(out) - 1; i >= 0; i-- {
		out[i] = heap.Pop(h).(*bsearch.DocumentMatch)
	}
	return out
}
