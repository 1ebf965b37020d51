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

// A coverageQuery ranks the documents that match a query's words by how
// much of the query they cover, weighing each word by how specific it is
// (queryUnit.weight): a document's score is the sum of its matching
// clauses' scores times its coverage to the power coverageExponent, where
// coverage is the weight of the words it matches over the weight of all
// the query's words that occur in the index (ranking.coverageExponent). So a text with the query's
// specific words comes before one with its generic words however often
// those occur, and a text with most of the words before one with few.
//
// When the query has specific words (clause.driver), only the documents
// that match one of them are found: a text that shares only generic words
// with the query (问题, 强烈要求) is not an answer to it. Clauses that are
// not drivers (generic words, proximity) only add to the scores of the
// documents the drivers find.
type coverageQuery struct {
	clauses []coverageClause
	units   []float64 // each unit's weight; a clause's unit indexes it
	total   float64   // the weight a document matching every unit covers
	tiered  bool      // some clause is a tier
	// postings is a lower bound of the postings its drivers visit over all
	// parts, known before its search from the index's term statistics
	// (vectorsIfFew): the sum of theirs.
	postings uint64
}

// A coverageClause is one scoring part of a coverageQuery.
type coverageClause struct {
	q      query.Query
	unit   int     // the query word it matches, -1 for none (proximity)
	also   []int   // further units it covers (a thesaurus word for several)
	credit float64 // how much of its unit it covers: 1 for the whole word
	// additive credits add up within a unit (the pieces of a compound),
	// the others take the unit's best.
	additive bool
	driver   bool // a document must match a driver clause
	// tier makes the clause a rank of its own: a document matching more
	// tier clauses (the query's clauses found verbatim, a draft's own
	// sentences) comes before every document matching fewer, the others'
	// scores ranking within; its own score is not added unless scored.
	tier   bool
	scored bool
}

func (q *coverageQuery) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, o search.SearcherOptions) (search.Searcher, error) {
	if len(q.clauses) == 1 && !q.clauses[0].tier {
		// One clause covers the query or nothing: it ranks alone.
		return q.clauses[0].q.Searcher(ctx, r, m, o)
	}
	s := &coverageSearcher{q: q, score: o.Score != "none"}
	closeAll := func() {
		for _, c := range s.children {
			c.Close()
		}
	}
	drivers := false
	for _, c := range q.clauses {
		drivers = drivers || c.driver
	}
	for _, c := range q.clauses {
		var cs search.Searcher
		if drivers && !c.driver {
			// Only asked about the drivers' documents.
			p, err := newProbeClause(ctx, r, m, c.q, o)
			if err != nil {
				closeAll()
				return nil, err
			}
			if p != nil {
				cs = p
			}
		}
		if cs == nil {
			var err error
			if cs, err = c.q.Searcher(ctx, r, m, o); err != nil {
				closeAll()
				return nil, err
			}
		}
		driver := c.driver || !drivers
		s.children = append(s.children, cs)
		s.driver = append(s.driver, driver)
		s.followers = s.followers || !driver
	}
	if len(s.children) == 0 {
		return searcher.NewMatchNoneSearcher(r)
	}
	s.simple = q.simple()
	s.curr = make([]*search.DocumentMatch, len(s.children))
	s.nums = make([]uint64, len(s.children))
	s.stale = make([]bool, len(s.children))
	s.got = make([]float64, len(q.units))
	s.sum = make([]float64, len(q.units))
	if s.score {
		// As bleve's disjunction searchers: the query norm over the children.
		s.SetQueryNorm(1 / math.Sqrt(s.Weight()))
	}
	return s, nil
}

// coverageSearcher is a coverageQuery's searcher: it walks the driver
// clauses' documents in order, advances the other clauses to each, and
// scores the document by the clauses it matches.
type coverageSearcher struct {
	q         *coverageQuery
	score     bool
	children  []search.Searcher
	driver    []bool
	curr      []*search.DocumentMatch // each child's current match; nil: done
	nums      []uint64                // its document number; noDoc: done
	stale     []bool                  // a non-driver child's match was used: advance it before reading nums
	target    index.IndexInternalID   // buffer for advancing
	started   bool
	matching  []int
	others    []*search.DocumentMatch
	got, sum  []float64 // per unit: best credit, summed additive credit
	simple    bool      // coverage is the sum of the matching clauses' units (coverageQuery.simple)
	followers bool      // some child is no driver
}

var _ search.Searcher = (*coverageSearcher)(nil)

func (s *coverageSearcher) set(i int, dm *search.DocumentMatch) {
	s.curr[i] = dm
	if dm == nil {
		s.nums[i] = noDoc
	} else {
		s.nums[i] = dm.IndexInternalID.Value()
	}
}

func (s *coverageSearcher) start(ctx *search.SearchContext) error {
	s.started = true
	for i, c := range s.children {
		if !s.driver[i] {
			s.stale[i] = true // read when advanced to a driver's document
			continue
		}
		dm, err := c.Next(ctx)
		if err != nil {
			return err
		}
		s.set(i, dm)
	}
	return nil
}

// advanceOthers brings every non-driver child to doc or past it.
func (s *coverageSearcher) advanceOthers(ctx *search.SearchContext, doc uint64) error {
	for i, c := range s.children {
		if s.driver[i] || (!s.stale[i] && s.nums[i] >= doc) {
			continue
		}
		if s.curr[i] != nil {
			ctx.DocumentMatchPool.Put(s.curr[i])
			s.curr[i] = nil
		}
		s.stale[i] = false
		if p, ok := c.(*probeClause); ok {
			// Its match is built only if it is at doc (Next).
			n, err := p.probe(doc)
			if err != nil {
				return err
			}
			s.nums[i] = n
			continue
		}
		s.target = index.NewIndexInternalID(s.target, doc)
		dm, err := c.Advance(ctx, s.target)
		if err != nil {
			return err
		}
		s.set(i, dm)
	}
	return nil
}

func (s *coverageSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	if !s.started {
		if err := s.start(ctx); err != nil {
			return nil, err
		}
	}
	doc := uint64(noDoc)
	s.matching = s.matching[:0]
	if !s.followers {
		// Every child drives: the first of their documents, and those at it.
		if doc, s.matching = first(s.nums, s.matching); doc == noDoc {
			return nil, nil
		}
	} else {
		for i, n := range s.nums {
			if s.driver[i] {
				doc = min(doc, n)
			}
		}
		if doc == noDoc {
			return nil, nil
		}
		if err := s.advanceOthers(ctx, doc); err != nil {
			return nil, err
		}
		for i, n := range s.nums {
			if n != doc {
				continue
			}
			if p, ok := s.children[i].(*probeClause); ok && s.curr[i] == nil {
				s.curr[i] = p.match(ctx)
			}
			s.matching = append(s.matching, i)
		}
	}
	var sum float64
	tiers := 0
	for _, i := range s.matching {
		c := &s.q.clauses[i]
		if c.tier {
			tiers++
		}
		if !c.tier || c.scored {
			sum += s.curr[i].Score
		}
	}
	rv := s.curr[s.matching[0]]
	if len(s.matching) > 1 {
		s.others = s.others[:0]
		for _, i := range s.matching[1:] {
			s.others = append(s.others, s.curr[i])
		}
		rv.FieldTermLocations = search.MergeFieldTermLocations(rv.FieldTermLocations, s.others)
	}
	if s.score {
		rv.Score = sum * coverageFactor(s.coverage())
		if s.q.tiered {
			// The score within a tier, squeezed below 1, under the tier.
			rv.Score = float64(tiers) + rv.Score/(1+rv.Score)
		}
	}
	for _, i := range s.matching {
		if s.curr[i] != rv {
			ctx.DocumentMatchPool.Put(s.curr[i])
		}
		s.curr[i] = nil
		if !s.driver[i] {
			s.stale[i] = true // read on only when a driver gets further
			continue
		}
		dm, err := s.children[i].Next(ctx)
		if err != nil {
			return nil, err
		}
		s.set(i, dm)
	}
	return rv, nil
}

// coverageFactor is how a document's coverage c scales its score: c to
// the power ranking.coverageExponent (squared without math.Pow, which
// costs a search of many documents a few percent).
func coverageFactor(c float64) float64 {
	if e := ranking.coverageExponent; e != 2 {
		return math.Pow(c, e)
	}
	return c * c
}

// simple reports whether each unit of q is matched by one clause at most,
// wholly (credit 1, no other units, not additive): a related-reply
// search's key terms. A document's coverage is then the sum of its
// matching clauses' units, without the per-unit bookkeeping.
func (q *coverageQuery) simple() bool {
	seen := make([]bool, len(q.units))
	for _, c := range q.clauses {
		if c.unit < 0 {
			continue
		}
		if seen[c.unit] || c.credit != 1 || c.additive || len(c.also) > 0 {
			return false
		}
		seen[c.unit] = true
	}
	return true
}

// coverage is the share of the query's weight that the matching clauses
// cover.
func (s *coverageSearcher) coverage() float64 {
	if s.q.total <= 0 {
		return 1
	}
	if s.simple {
		var w float64
		for _, i := range s.matching {
			if u := s.q.clauses[i].unit; u >= 0 {
				w += s.q.units[u]
			}
		}
		return w / s.q.total
	}
	clear(s.got)
	clear(s.sum)
	for _, i := range s.matching {
		c := &s.q.clauses[i]
		if c.unit < 0 {
			continue
		}
		if c.additive {
			s.sum[c.unit] += c.credit
		} else {
			s.got[c.unit] = max(s.got[c.unit], c.credit)
		}
		for _, u := range c.also {
			s.got[u] = max(s.got[u], c.credit)
		}
	}
	var w float64
	for u, weight := range s.q.units {
		w += weight * min(1, max(s.got[u], s.sum[u]))
	}
	return w / s.q.total
}

func (s *coverageSearcher) Advance(ctx *search.SearchContext, id index.IndexInternalID) (*search.DocumentMatch, error) {
	if !s.started {
		if err := s.start(ctx); err != nil {
			return nil, err
		}
	}
	target := id.Value()
	for i, n := range s.nums {
		if s.driver[i] && n < target {
			if s.curr[i] != nil {
				ctx.DocumentMatchPool.Put(s.curr[i])
			}
			dm, err := s.children[i].Advance(ctx, id)
			if err != nil {
				return nil, err
			}
			s.set(i, dm)
		}
	}
	return s.Next(ctx)
}

func (s *coverageSearcher) Close() error {
	var rv error
	for _, c := range s.children {
		if err := c.Close(); err != nil && rv == nil {
			rv = err
		}
	}
	return rv
}

func (s *coverageSearcher) Weight() float64 {
	var w float64
	for _, c := range s.children {
		w += c.Weight()
	}
	return w
}

func (s *coverageSearcher) SetQueryNorm(qn float64) {
	for _, c := range s.children {
		c.SetQueryNorm(qn)
	}
}

// Count is at most the postings its drivers may visit.
func (s *coverageSearcher) Count() uint64 {
	var n uint64
	for i, c := range s.children {
		if s.driver[i] {
			n += c.Count()
		}
	}
	return n
}

func (s *coverageSearcher) Min() int { return 0 }

func (s *coverageSearcher) Size() int {
	n := 0
	for _, c := range s.children {
		n += c.Size()
	}
	return n
}

func (s *coverageSearcher) DocumentMatchPoolSize() int {
	n := len(s.children)
	for _, c := range s.children {
		n += c.DocumentMatchPoolSize()
	}
	return n
}
