package search

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"math"
	"sort"
	"sync"
	"sync/atomic"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/highlight"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
)

// A Searcher's index is one or more bleve indexes, its parts: the partitions
// of a large index (indexer.Partition), or the partitions of all year
// shards. A search runs on all parts at once (see each) and their answers
// are merged as bleve's IndexAlias merges them; unlike the alias, a part
// that fails fails the search, each part can be given a context of its own
// (facet counting), and only the page's hits load their stored fields.

// run runs req on every part and merges the answers: hits in req's order
// (ties in part order), totals and facet counts summed.
func (s *Searcher) run(ctx context.Context, req *bleve.SearchRequest) (*bleve.SearchResult, error) {
	return s.runParts(ctx, req, runOptions{})
}

// runOptions adapt a search of the parts.
type runOptions struct {
	hook partHook // adapts each part's search; nil: none
	// skipUnmarked leaves the hits that carry no match positions without
	// their stored fields and highlights, when req asks for highlights:
	// the caller marks them in a search of its own (Searcher.highlight),
	// which loads them too, once.
	skipUnmarked bool
}

// A partHook adapts the search of each part: its context, and its result
// before the merge.
type partHook interface {
	ctx(k int, ctx context.Context) context.Context
	done(k int, res *bleve.SearchResult)
}

// runParts is run with options.
func (s *Searcher) runParts(ctx context.Context, req *bleve.SearchRequest, o runOptions) (*bleve.SearchResult, error) {
	ctx, err := s.scoring(ctx, req.Query)
	if err != nil {
		return nil, err
	}
	// Each part finds its best From+Size hits, with the positions of their
	// matches when req asks for highlights; the page's hits load their
	// stored fields and are highlighted after the merge, in their parts.
	child := *req
	child.From, child.Size = 0, req.From+req.Size
	child.Fields, child.Highlight = nil, nil
	child.IncludeLocations = req.IncludeLocations || req.Highlight != nil
	if req.Facets != nil && len(s.parts) > 1 {
		// Each part counts all values: a value below one part's top n may
		// be in the top n of the sum.
		child.Facets = bleve.FacetsRequest{}
		for name, fr := range req.Facets {
			all := *fr
			all.Size = math.MaxInt32
			child.Facets[name] = &all
		}
	}
	search := func(k int) (*bleve.SearchResult, error) {
		c, r := ctx, child
		r.Sort = req.Sort.Copy() // a sort keeps per-search state
		if o.hook != nil {
			c = o.hook.ctx(k, c)
		}
		res, err := s.parts[k].SearchInContext(c, &r)
		if err == nil && o.hook != nil {
			o.hook.done(k, res)
		}
		return res, err
	}
	results := make([]*bleve.SearchResult, len(s.parts))
	err = s.each(nil, func(k int) (err error) {
		results[k], err = search(k)
		return err
	})
	if err != nil {
		return nil, err
	}
	res := s.merge(req, results)
	if len(req.Fields) > 0 || req.Highlight != nil {
		at := make([][]*bsearch.DocumentMatch, len(s.parts)) // the page's hits of each part
		for _, dm := range res.Hits {
			if o.skipUnmarked && req.Highlight != nil && len(dm.Locations) == 0 {
				continue
			}
			k := s.partOf(dm.Index)
			at[k] = append(at[k], dm)
		}
		err := s.each(func(k int) bool { return len(at[k]) > 0 }, func(k int) error {
			return s.loadHits(k, req, at[k])
		})
		if err != nil {
			return nil, err
		}
	}
	return res, nil
}

// merge merges the parts' answers to req: hits in req's order (ties in part
// order), the page of them req asks for, totals and facet counts summed.
func (s *Searcher) merge(req *bleve.SearchRequest, results []*bleve.SearchResult) *bleve.SearchResult {
	res := results[0]
	if len(results) > 1 {
		for _, r := range results[1:] {
			res.Merge(r)
		}
		cachedScoring, cachedDesc := req.Sort.CacheIsScore(), req.Sort.CacheDescending()
		sort.SliceStable(res.Hits, func(i, j int) bool {
			return req.Sort.Compare(cachedScoring, cachedDesc, res.Hits[i], res.Hits[j]) < 0
		})
		for name, fr := range req.Facets {
			res.Facets.Fixup(name, fr.Size)
		}
	}
	lo := min(req.From, len(res.Hits))
	res.Hits = res.Hits[lo:min(lo+req.Size, len(res.Hits))]
	return res
}

// loadHits loads the stored fields req asks for into hits of part k and
// highlights them as req asks from the match positions they carry, as bleve
// does for the hits of a search.
func (s *Searcher) loadHits(k int, req *bleve.SearchRequest, hits []*bsearch.DocumentMatch) error {
	var hl highlight.Highlighter
	if req.Highlight != nil {
		var err error
		if hl, err = bleve.Config.Cache.HighlighterNamed(*req.Highlight.Style); err != nil {
			return err
		}
	}
	r, err := reader(s.parts[k])
	if err != nil {
		return err
	}
	defer r.Close()
	sd, ok := newStoredDocs(r, s.values[k])
	for _, dm := range hits {
		if ok {
			err = sd.load(dm, req.Fields, highlightFields(req, dm), hl)
		} else {
			err, _ = bleve.LoadAndHighlightFields(dm, req, dm.Index, r, hl)
		}
		if err != nil {
			return fmt.Errorf("load %s: %w", dm.ID, err)
		}
	}
	return nil
}

// each runs f(k) for the parts k that want (nil: all), at once where that
// pays, and returns their errors. This goroutine runs the parts in turn; a
// goroutine started for each part but the first takes over its part if it
// gets to run before this one reaches it. A goroutine takes tens of
// microseconds to be scheduled on another core: a small search is done by
// then, and a large one runs on as many cores as there are parts.
func (s *Searcher) each(want func(k int) bool, f func(k int) error) error {
	var ks []int
	for k := range s.parts {
		if want == nil || want(k) {
			ks = append(ks, k)
		}
	}
	errs := make([]error, len(s.parts))
	claimed := make([]atomic.Bool, len(s.parts))
	var wg sync.WaitGroup
	for _, k := range ks[min(1, len(ks)):] {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if claimed[k].CompareAndSwap(false, true) {
				errs[k] = f(k)
			}
		}()
	}
	for _, k := range ks {
		if claimed[k].CompareAndSwap(false, true) {
			errs[k] = f(k)
		}
	}
	wg.Wait()
	return errors.Join(errs...)
}

// reader opens a reader of a part's current (read-only: only) snapshot.
func reader(p bleve.Index) (index.IndexReader, error) {
	adv, err := p.Advanced()
	if err != nil {
		return nil, err
	}
	return adv.Reader()
}

// partOf is the part a hit came from, by the index name bleve gives it.
func (s *Searcher) partOf(name string) int {
	return s.partByName[name]
}

// scoring puts the BM25 statistics of all parts into ctx when the parts are
// year shards: document counts and field lengths summed over the shards, as
// bleve's IndexAlias does with global scoring (a term's document frequency
// stays each shard's own). Partitions keep their own statistics: each is a
// random sample of the index, and a partition's document frequencies over
// the whole index's document count would inflate every idf.
func (s *Searcher) scoring(ctx context.Context, q query.Query) (context.Context, error) {
	if s.shards < 2 {
		return ctx, nil
	}
	s.statsOnce.Do(func() { s.stats, s.statsErr = bm25Stats(s.parts) })
	if s.statsErr != nil {
		return nil, s.statsErr
	}
	st := s.stats
	// bleve fails a search on a field it has no statistics for: one that
	// no shard holds counts 0.
	fs, err := queryFields(q, s.parts[0].Mapping(), bsearch.NewFieldSet())
	if err != nil {
		return nil, err
	}
	for f := range fs {
		if _, ok := st.FieldCardinality[f]; !ok {
			if st == s.stats {
				st = &bsearch.BM25Stats{DocCount: st.DocCount, FieldCardinality: maps.Clone(st.FieldCardinality)}
			}
			st.FieldCardinality[f] = 0
		}
	}
	return context.WithValue(ctx, bsearch.BM25StatsKey, st), nil
}

// queryFields adds the fields q searches to fs, as query.ExtractFields
// does, looking into the searcher's own queries too.
func queryFields(q query.Query, m mapping.IndexMapping, fs bsearch.FieldSet) (bsearch.FieldSet, error) {
	var subs []query.Query
	switch q := q.(type) {
	case disjunctionQuery:
		subs = q.Disjuncts
	case *query.DisjunctionQuery:
		subs = q.Disjuncts
	case *query.ConjunctionQuery:
		subs = q.Conjuncts
	case *query.BooleanQuery:
		subs = []query.Query{q.Must, q.Should, q.MustNot, q.Filter}
	case vectorsIfFew:
		subs = []query.Query{q.Query}
	case filterChoice:
		subs = []query.Query{q.filtered}
	default:
		return query.ExtractFields(q, m, fs)
	}
	var err error
	for _, sub := range subs {
		if sub != nil {
			if fs, err = queryFields(sub, m, fs); err != nil {
				return nil, err
			}
		}
	}
	return fs, nil
}

// bm25Stats sums the document counts and field lengths of read-only indexes.
func bm25Stats(parts []bleve.Index) (*bsearch.BM25Stats, error) {
	st := &bsearch.BM25Stats{FieldCardinality: map[string]int{}}
	for _, p := range parts {
		n, err := p.DocCount()
		if err != nil {
			return nil, err
		}
		st.DocCount += float64(n)
		fields, err := p.Fields()
		if err != nil {
			return nil, err
		}
		r, err := reader(p)
		if err != nil {
			return nil, err
		}
		br, ok := r.(index.BM25Reader)
		for _, f := range fields {
			if !ok {
				break
			}
			c, err := br.FieldCardinality(f)
			if err != nil {
				r.Close()
				return nil, err
			}
			st.FieldCardinality[f] += c
		}
		r.Close()
	}
	return st, nil
}
