package search

import (
	"context"
	"math"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	index "github.com/blevesearch/bleve_index_api"
)

// anyOf is the disjunction of qs: a document matches with any of them and
// scores the sum of their scores times the share of them it matches, as
// with bleve's DisjunctionQuery, which it is but for its searcher.
func anyOf(qs []query.Query) query.Query {
	return disjunctionQuery{query.NewDisjunctionQuery(qs)}
}

// disjunctionQuery is a bleve DisjunctionQuery searched by a
// disjunctionSearcher when it is scored.
type disjunctionQuery struct{ *query.DisjunctionQuery }

func (q disjunctionQuery) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, o search.SearcherOptions) (search.Searcher, error) {
	if o.Explain || o.Score == "none" || q.Min > 0 {
		return q.DisjunctionQuery.Searcher(ctx, r, m, o)
	}
	children := make([]search.Searcher, 0, len(q.Disjuncts))
	for _, d := range q.Disjuncts {
		s, err := d.Searcher(ctx, r, m, o)
		if err != nil {
			for _, c := range children {
				c.Close()
			}
			return nil, err
		}
		children = append(children, s)
	}
	if len(children) == 0 {
		return searcher.NewMatchNoneSearcher(r)
	}
	s := &disjunctionSearcher{
		children: children,
		curr:     make([]*search.DocumentMatch, len(children)),
		nums:     make([]uint64, len(children)),
		stale:    make([]int, len(children)),
	}
	for i := range s.stale {
		s.stale[i] = i // not started
	}
	// As bleve's disjunction searchers: the query norm over the children.
	s.SetQueryNorm(1 / math.Sqrt(s.Weight()))
	return s, nil
}

// disjunctionSearcher finds the documents of any of its children, in order,
// and scores them as bleve's disjunction searchers do (the sum of the
// matching children's scores times the share of children matching; their
// match positions merged). bleve keeps the children in a heap (more than
// ten) or scans them, comparing their documents' ids as byte strings; this
// scans them comparing document numbers. A word looked for in eight fields,
// or a draft's sixteen key terms, spend a third of a search there.
//
// A child whose match was returned moves on only when the searcher is
// asked for more: by Next to its next match, by Advance straight to the
// target. So a disjunction searched by Advance (a quoted fragment's words
// proving its candidates, a clause advanced to a driver's documents)
// skips the documents between its targets: a phrase is not checked in
// them.
type disjunctionSearcher struct {
	children []search.Searcher
	curr     []*search.DocumentMatch // each child's current match; nil: done or stale
	nums     []uint64                // its document number; noDoc: done; stale: the last one returned (0 before the first)
	stale    []int                   // the children whose match was returned (or that have not started): moved before nums is read
	matching []int                   // buffers of Next
	others   []*search.DocumentMatch
}

var _ search.Searcher = (*disjunctionSearcher)(nil)

const noDoc = math.MaxUint64

// set makes dm child i's current match.
func (s *disjunctionSearcher) set(i int, dm *search.DocumentMatch) {
	s.curr[i] = dm
	if dm == nil {
		s.nums[i] = noDoc
	} else {
		s.nums[i] = dm.IndexInternalID.Value()
	}
}

// move brings every child to its first match at or after target: the
// children whose match was returned (stale) past it, by Next where target
// asks nothing more of them, else by Advance; the others by Advance where
// they are behind target.
func (s *disjunctionSearcher) move(ctx *search.SearchContext, id index.IndexInternalID, target uint64) error {
	for _, i := range s.stale {
		var (
			dm  *search.DocumentMatch
			err error
		)
		if target <= s.nums[i] {
			dm, err = s.children[i].Next(ctx)
		} else {
			dm, err = s.children[i].Advance(ctx, id)
		}
		if err != nil {
			return err
		}
		s.set(i, dm)
	}
	s.stale = s.stale[:0]
	if target == 0 {
		return nil
	}
	for i, n := range s.nums {
		if n >= target {
			continue
		}
		if s.curr[i] != nil {
			ctx.DocumentMatchPool.Put(s.curr[i])
		}
		dm, err := s.children[i].Advance(ctx, id)
		if err != nil {
			return err
		}
		s.set(i, dm)
	}
	return nil
}

func (s *disjunctionSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	if err := s.move(ctx, nil, 0); err != nil {
		return nil, err
	}
	return s.current(ctx), nil
}

// current returns the match of the first document of the children's
// current ones and leaves its children stale.
func (s *disjunctionSearcher) current(ctx *search.SearchContext) *search.DocumentMatch {
	var doc uint64
	if doc, s.matching = first(s.nums, s.matching[:0]); doc == noDoc {
		return nil
	}
	var sum float64
	for _, i := range s.matching {
		sum += s.curr[i].Score
	}
	rv := s.curr[s.matching[0]]
	if len(s.matching) > 1 {
		s.others = s.others[:0]
		for _, i := range s.matching[1:] {
			s.others = append(s.others, s.curr[i])
		}
		rv.FieldTermLocations = search.MergeFieldTermLocations(rv.FieldTermLocations, s.others)
	}
	rv.Score = sum * (float64(len(s.matching)) / float64(len(s.children)))
	for _, i := range s.matching {
		if s.curr[i] != rv {
			ctx.DocumentMatchPool.Put(s.curr[i])
		}
		s.curr[i] = nil
	}
	s.stale = append(s.stale, s.matching...)
	return rv
}

func (s *disjunctionSearcher) Advance(ctx *search.SearchContext, id index.IndexInternalID) (*search.DocumentMatch, error) {
	if err := s.move(ctx, id, id.Value()); err != nil {
		return nil, err
	}
	return s.current(ctx), nil
}

func (s *disjunctionSearcher) Close() error {
	var rv error
	for _, c := range s.children {
		if err := c.Close(); err != nil && rv == nil {
			rv = err
		}
	}
	return rv
}

func (s *disjunctionSearcher) Weight() float64 {
	var w float64
	for _, c := range s.children {
		w += c.Weight()
	}
	return w
}

func (s *disjunctionSearcher) SetQueryNorm(qn float64) {
	for _, c := range s.children {
		c.SetQueryNorm(qn)
	}
}

func (s *disjunctionSearcher) Count() uint64 {
	var n uint64
	for _, c := range s.children {
		n += c.Count()
	}
	return n
}

func (s *disjunctionSearcher) Min() int { return 0 }

func (s *disjunctionSearcher) Size() int {
	n := 0
	for _, c := range s.children {
		n += c.Size()
	}
	return n
}

func (s *disjunctionSearcher) DocumentMatchPoolSize() int {
	n := len(s.children)
	for _, c := range s.children {
		n += c.DocumentMatchPoolSize()
	}
	return n
}

// first is the first of the documents nums (noDoc when all are done), and
// the indexes of those at it appended to at, in order.
func first(nums []uint64, at []int) (uint64, []int) {
	doc := uint64(noDoc)
	for i, n := range nums {
		if n < doc {
			doc = n
			at = at[:0]
		}
		if n == doc {
			at = append(at, i)
		}
	}
	return doc, at
}
