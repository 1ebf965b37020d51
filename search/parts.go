package search

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"math"
	"sort"
	"sync/atomic"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
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

// run runs req on every part and merges the answers (merge).
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
	keep(k int) func(*bsearch.DocumentMatch) bool // for a scoreSearch; nil: keep all
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
	results, err := s.searchParts(ctx, req, &child, o.hook)
	if err != nil {
		return nil, err
	}
	res := s.merge(req, results)
	for _, dm := range res.Hits {
		dm.Complete(nil) // the match positions of a scoreSearch's hits
	}
	if len(req.Fields) > 0 || req.Highlight != nil {
		at := make([][]*bsearch.DocumentMatch, len(s.parts)) // the page's hits of each part
		for _, dm := range res.Hits {
			if o.skipUnmarked && req.Highlight != nil && len(dm.Locations) == 0 {
				continue
			}
			k := s.partOf(dm.Index)
			at[k] = append(at[k], dm)
		}
		err := s.each(len(res.Hits) >= s.parallel.hits, func(k int) bool { return len(at[k]) > 0 }, func(k int) error {
			return s.loadHits(k, req, at[k])
		})
		if err != nil {
			return nil, err
		}
	}
	return res, nil
}

// searchParts runs child, req's search of each part, and returns the
// parts' answers. A search by score alone (byScoreOnly) is run by
// scoreSearch, and the parts are searched at once only when their
// searchers may visit enough postings for that to pay.
func (s *Searcher) searchParts(ctx context.Context, req, child *bleve.SearchRequest, hook partHook) ([]*bleve.SearchResult, error) {
	results := make([]*bleve.SearchResult, len(s.parts))
	partCtx := func(k int) context.Context {
		if hook != nil {
			return hook.ctx(k, ctx)
		}
		return ctx
	}
	done := func(k int) {
		if hook != nil {
			hook.done(k, results[k])
		}
	}
	if !byScoreOnly(child) {
		err := s.each(true, nil, func(k int) (err error) {
			r := *child
			r.Sort = req.Sort.Copy() // a sort keeps per-search state
			if results[k], err = s.parts[k].SearchInContext(partCtx(k), &r); err == nil {
				done(k)
			}
			return err
		})
		return results, err
	}
	searches := make([]*scoreSearch, len(s.parts))
	defer func() {
		for _, ss := range searches {
			if ss != nil {
				ss.close()
			}
		}
	}()
	// When the query knows before its search that the parts will visit
	// enough postings (postingsOf, from the index's term statistics), they
	// are searched at once; else part 0's searcher tells how many they may
	// visit (the others are of a like size). Each other part's searcher is
	// built by the goroutine that collects it: building takes a tenth of a
	// related-reply search, and a searcher's state, written at every
	// match, would share cache lines with another part's if both were
	// allocated here, and two cores collecting at once would contend.
	parallel := postingsOf(child.Query) >= s.parallel.postings
	if !parallel {
		first, err := newScoreSearch(partCtx(0), s.parts[0], child)
		if err != nil {
			return nil, err
		}
		searches[0] = first
		parallel = first.postings()*uint64(len(s.parts)) >= s.parallel.postings
	}
	err := s.each(parallel, nil, func(k int) (err error) {
		if searches[k] == nil {
			if searches[k], err = newScoreSearch(partCtx(k), s.parts[k], child); err != nil {
				return err
			}
		}
		var keep func(*bsearch.DocumentMatch) bool
		if hook != nil {
			keep = hook.keep(k)
		}
		if results[k], err = searches[k].collect(ctx, keep); err == nil {
			done(k)
		}
		return err
	})
	return results, err
}

// Parts are searched, and their hits loaded, at once (on as many cores as
// there are parts) when there is enough work for it to pay: starting a
// goroutine on another core, and waiting for it, costs tens of
// microseconds, as much as a rare word's whole search of a part.
const (
	parallelPostings = 4096 // the postings the parts' searchers may visit
	parallelHits     = 24   // the hits to load
)

// parallelWork is the work from which parts are searched at once.
type parallelWork struct {
	postings uint64 // the postings the parts' searchers may visit
	hits     int    // the hits to load
}

// merge merges the parts' answers to req: hits in req's order (equal ones
// by hit number, their place in their part's index, then by part), the
// page of them req asks for, totals and facet counts summed.
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

// each runs f(k) for the parts k that want (nil: all), and returns their
// errors. This goroutine runs the parts in turn; with parallel, a goroutine
// started for each part but the first takes over its part if it gets to
// run before this one reaches it, and this one waits only for the parts
// taken over.
func (s *Searcher) each(parallel bool, want func(k int) bool, f func(k int) error) error {
	var ks []int
	for k := range s.parts {
		if want == nil || want(k) {
			ks = append(ks, k)
		}
	}
	errs := make([]error, len(s.parts))
	claimed := make([]atomic.Bool, len(s.parts))
	done := make([]chan struct{}, len(s.parts))
	if parallel {
		for _, k := range ks[min(1, len(ks)):] {
			done[k] = make(chan struct{})
			go func() {
				if claimed[k].CompareAndSwap(false, true) {
					errs[k] = f(k)
					close(done[k])
				}
			}()
		}
	}
	ran := make([]bool, len(s.parts))
	for _, k := range ks {
		if ran[k] = claimed[k].CompareAndSwap(false, true); ran[k] {
			errs[k] = f(k)
		}
	}
	for _, k := range ks {
		if !ran[k] {
			<-done[k] // a goroutine took it over
		}
	}
	return errors.Join(errs...)
}

// reader opens a reader of a part's current (read-only: only) snapshot.
func reader(p bleve.Index) (index.IndexReader, error) {
	adv, err := p.Advanced()
	if err != nil {
		return nil, err
	}
	r, err := adv.Reader()
	if snap, ok := r.(*scorch.IndexSnapshot); err == nil && ok && snap == nil {
		return nil, bleve.ErrorIndexClosed // scorch has no snapshot once closed
	}
	return r, err
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
	case *fragmentQuery:
		subs = []query.Query{q.words}
	case *coverageQuery:
		for _, c := range q.clauses {
			subs = append(subs, c.q)
		}
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
