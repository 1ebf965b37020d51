package search

import (
	"context"
	"slices"
	"sort"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/collector"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
)

// A tableFilter is a request's filters (department, year, …) checked
// against one part's facet table as the part's matches are collected,
// instead of joined to the query as required clauses. The join advances
// every term of the query to each document the filters allow, which costs
// more than looking up the query's own matches in the table, unless the
// filters allow far fewer documents than the query matches: filterChoice
// decides, part by part.
type tableFilter struct {
	t     *facetTable
	allow [][]bool // per facet: ordinal → allowed; nil for a facet not filtered
	order []int    // the filtered facets, the one allowing fewest documents first
	fdocs []uint64 // per facet: the documents its allowed values have
	docs  uint64   // at most this many documents pass: the most selective facet's
	on    bool     // the part's search checks its matches here
	known bool     // on is decided (a searcher built twice decides once)
	pass  uint64   // matches that passed
	miss  bool     // a match outside the table: the search must be run again
}

// newTableFilter is r's filters over table t; nil when r has none.
func newTableFilter(t *facetTable, r Request) *tableFilter {
	fs, ranges := requestFilters(r)
	if len(fs) == 0 && ranges == nil {
		return nil
	}
	f := &tableFilter{t: t, allow: make([][]bool, len(tableColumns)), fdocs: make([]uint64, len(tableColumns)), docs: t.n}
	for _, ff := range fs {
		f.restrict(ff.facet, func(v string) bool { return slices.Contains(ff.values, v) })
	}
	for _, fr := range ranges {
		f.restrict(fr.column, func(v string) bool { return fr.lo <= v && v <= fr.hi })
	}
	for i, allow := range f.allow {
		if allow != nil {
			f.order = append(f.order, i)
		}
	}
	sort.Slice(f.order, func(a, b int) bool { return f.fdocs[f.order[a]] < f.fdocs[f.order[b]] })
	return f
}

// restrict lets through only the documents with a value of facet name that
// ok accepts, besides the restrictions before (on the same facet too).
func (f *tableFilter) restrict(name string, ok func(v string) bool) {
	i := facetIndex(name)
	allow := make([]bool, len(f.t.facets[i]))
	docs := uint64(0)
	for o, v := range f.t.facets[i] {
		if allow[o] = ok(v) && (f.allow[i] == nil || f.allow[i][o]); allow[o] {
			docs += uint64(f.t.docs[i][o])
		}
	}
	f.allow[i] = allow
	f.fdocs[i] = docs
	f.docs = min(f.docs, docs)
}

// passes reports whether document doc has an allowed value of every
// filtered facet.
func (f *tableFilter) passes(doc uint64) bool {
	for _, i := range f.order {
		allow := f.allow[i]
		st := f.t.starts[i]
		ok := false
		for _, o := range f.t.ords[i][st[doc]:st[doc+1]] {
			if allow[o] {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

// postFilterRatio is how many more postings the query may match than the
// filters allow documents for the filters to be checked in the table: a
// join step advances each of the query's term searchers (a word is one in
// each of eight fields), a table check is an array lookup.
const postFilterRatio = 8

// tableFilterKey carries a part's tableFilter to filterChoice.
type tableFilterKey struct{}

// filterChoice is a request's query with filters (filtered) and without
// (plain). Its searcher is plain's when the part's search checks the
// filters in the facet table (a tableFilter in its context) and the query
// matches at most postFilterRatio times as many postings as the filters
// allow documents; else filtered's.
type filterChoice struct {
	filtered, plain query.Query
}

func (q filterChoice) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, o bsearch.SearcherOptions) (bsearch.Searcher, error) {
	f, _ := ctx.Value(tableFilterKey{}).(*tableFilter)
	switch {
	case f == nil || (f.known && !f.on):
		return q.filtered.Searcher(ctx, r, m, o)
	case f.known:
		return q.plain.Searcher(ctx, r, m, o)
	}
	f.known = true
	s, err := q.plain.Searcher(ctx, r, m, o)
	if err != nil {
		return nil, err
	}
	if f.on = s.Count() <= postFilterRatio*f.docs; f.on {
		return s, nil
	}
	if err := s.Close(); err != nil {
		return nil, err
	}
	return q.filtered.Searcher(ctx, r, m, o)
}

// A partCollect is what a part's search does with each match besides
// ranking it, with the part's facet table: checks it against the filters
// (when filter is not nil and on), counts its facets (when count is not nil).
type partCollect struct {
	filter *tableFilter
	count  *facetCount
}

// partHooks are the partCollects of all parts of a search.
type partHooks []*partCollect

// newPartHooks makes the hooks of a search of r with the parts' tables: nil
// when there is nothing to do with them.
func newPartHooks(ts []*facetTable, r Request) partHooks {
	var hooks partHooks
	for _, t := range ts {
		pc := &partCollect{filter: newTableFilter(t, r)}
		if !r.NoFacets {
			pc.count = t.newCount()
		}
		if pc.filter == nil && pc.count == nil {
			return nil
		}
		hooks = append(hooks, pc)
	}
	return hooks
}

// ctx gives part k's search its hook and filter.
func (h partHooks) ctx(k int, ctx context.Context) context.Context {
	pc := h[k]
	if pc.filter != nil {
		ctx = context.WithValue(ctx, tableFilterKey{}, pc.filter)
	}
	return context.WithValue(ctx, bsearch.MakeDocumentMatchHandlerKey, keeping(pc.admit, pc.missed))
}

// keep is what part k's search does with each match (partCollect.admit),
// for a scoreSearch.
func (h partHooks) keep(k int) func(*bsearch.DocumentMatch) bool { return h[k].admit }

// done corrects part k's result: bleve's collector counts every match of
// the query, the filters let fewer through.
func (h partHooks) done(k int, res *bleve.SearchResult) {
	if f := h[k].filter; f != nil && f.on {
		res.Total = f.pass
	}
}

// miss reports whether a match fell outside its part's table: the answer is
// not to be used.
func (h partHooks) miss() bool {
	for _, pc := range h {
		if (pc.count != nil && pc.count.miss) || (pc.filter != nil && pc.filter.miss) {
			return true
		}
	}
	return false
}

// counts are the parts' facet counts; nil when not counted.
func (h partHooks) counts() facetCounts {
	var fc facetCounts
	for _, pc := range h {
		if pc.count == nil {
			return nil
		}
		fc = append(fc, pc.count)
	}
	return fc
}

// missed marks the part's counts and filter unusable.
func (pc *partCollect) missed() {
	if pc.count != nil {
		pc.count.miss = true
	}
	if pc.filter != nil {
		pc.filter.miss = true
	}
}

// keeping wraps bleve's top-N collection so that keep sees every match
// first: false drops it. If the search's collector is not bleve's top-N
// one, nothing is wrapped and miss is called.
func keeping(keep func(*bsearch.DocumentMatch) bool, miss func()) bsearch.MakeDocumentMatchHandler {
	return func(sctx *bsearch.SearchContext) (bsearch.DocumentMatchHandler, bool, error) {
		next, loadID, err := collector.MakeTopNDocumentMatchHandler(sctx)
		if err != nil || next == nil {
			miss()
			return next, loadID, err
		}
		return func(d *bsearch.DocumentMatch) error {
			if d != nil && !keep(d) {
				sctx.DocumentMatchPool.Put(d)
				return nil
			}
			return next(d)
		}, loadID, nil
	}
}

// admit checks match d against the filters (false: it does not pass) and
// counts its facets.
func (pc *partCollect) admit(d *bsearch.DocumentMatch) bool {
	if f := pc.filter; f != nil && f.on {
		if len(d.IndexInternalID) != 8 || d.IndexInternalID.Value() >= f.t.n {
			f.miss = true
			return true
		}
		if !f.passes(d.IndexInternalID.Value()) {
			return false
		}
		f.pass++
	}
	if pc.count != nil {
		pc.count.add(d.IndexInternalID)
	}
	return true
}
