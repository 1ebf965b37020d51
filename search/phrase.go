package search

import (
	"context"
	"math"
	"slices"

	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	index "github.com/blevesearch/bleve_index_api"
)

// newPhrase is the query of an exact phrase of terms in one field ("" a
// position that any term, or none, may take), boosted.
func newPhrase(terms []string, field string, boost float64) query.Query {
	pq := query.NewPhraseQuery(terms, field)
	pq.SetBoost(boost)
	return exactPhrase{pq}
}

// An exactPhrase is a bleve PhraseQuery without fuzziness, searched by a
// phraseSearcher: the same documents, scores and match positions as
// bleve's phrase searcher, which for every document that has all the
// words first builds a map of their positions (DocumentMatch.Complete: a
// seventh of a quoted phrase's CPU on the 100k corpus, most of it for
// documents that have the words apart). The phraseSearcher reads the
// positions as the words' searchers give them.
type exactPhrase struct{ *query.PhraseQuery }

func (q exactPhrase) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, o bsearch.SearcherOptions) (bsearch.Searcher, error) {
	if !q.plain() || o.Explain {
		return q.PhraseQuery.Searcher(ctx, r, m, o)
	}
	if ctx != nil {
		if fts, ok := ctx.Value(bsearch.FieldTermSynonymMapKey).(bsearch.FieldTermSynonymMap); ok && fts[q.FieldVal] != nil {
			return q.PhraseQuery.Searcher(ctx, r, m, o) // synonyms expand the terms
		}
	}
	// As bleve's NewMultiPhraseSearcher: a term searcher with positions
	// for each term, all of them required, the query norm over them.
	o.IncludeTermVectors = true
	var terms []bsearch.Searcher
	closeAll := func() {
		for _, t := range terms {
			t.Close()
		}
	}
	for _, t := range q.Terms {
		if t == "" {
			continue
		}
		ts, err := searcher.NewTermSearcher(ctx, r, t, q.FieldVal, q.BoostVal.Value(), o)
		if err != nil {
			closeAll()
			return nil, err
		}
		terms = append(terms, ts)
	}
	must, err := searcher.NewConjunctionSearcher(ctx, r, terms, o)
	if err != nil {
		closeAll()
		return nil, err
	}
	s := &phraseSearcher{must: must, terms: q.Terms, at: make([][]int, len(q.Terms))}
	must.SetQueryNorm(1 / math.Sqrt(must.Weight()))
	return s, nil
}

// plain reports whether the phrase is one phraseSearcher finds as bleve's
// does: exact, its first term a word, no word twice (bleve dedupes the
// positions of a word searched twice).
func (q exactPhrase) plain() bool {
	if q.Fuzziness != 0 || len(q.Terms) == 0 || q.Terms[0] == "" {
		return false
	}
	for i, t := range q.Terms {
		if t != "" && slices.Contains(q.Terms[:i], t) {
			return false
		}
	}
	return true
}

// A phraseSearcher finds the documents whose field has the phrase's terms
// at consecutive positions: it walks the documents that have them all (a
// conjunction of their term searchers, with positions) and keeps those
// where some place of the first term is followed by the others, each at
// its offset in the phrase, in the same array element. A match is the
// conjunction's (its score), with the positions of the phrase's
// occurrences only, as bleve's phrase searcher gives them.
type phraseSearcher struct {
	must    bsearch.Searcher
	terms   []string
	cur     *bsearch.DocumentMatch
	started bool
	at      [][]int                     // per phrase term: its positions' indexes in the match's FieldTermLocations
	out     []bsearch.FieldTermLocation // buffer of a match's occurrences
	firsts  []int                       // buffer: the first term's places that began one
}

var _ bsearch.Searcher = (*phraseSearcher)(nil)

func (s *phraseSearcher) Next(ctx *bsearch.SearchContext) (*bsearch.DocumentMatch, error) {
	if !s.started {
		s.started = true
		var err error
		if s.cur, err = s.must.Next(ctx); err != nil {
			return nil, err
		}
	}
	for s.cur != nil {
		dm := s.cur
		found := s.check(dm)
		var err error
		if s.cur, err = s.must.Next(ctx); err != nil {
			return nil, err
		}
		if found {
			return dm, nil
		}
		ctx.DocumentMatchPool.Put(dm)
	}
	return nil, nil
}

func (s *phraseSearcher) Advance(ctx *bsearch.SearchContext, id index.IndexInternalID) (*bsearch.DocumentMatch, error) {
	if !s.started {
		s.started = true
		var err error
		if s.cur, err = s.must.Next(ctx); err != nil {
			return nil, err
		}
	}
	if s.cur == nil {
		return nil, nil
	}
	if s.cur.IndexInternalID.Compare(id) >= 0 {
		return s.Next(ctx)
	}
	ctx.DocumentMatchPool.Put(s.cur)
	var err error
	if s.cur, err = s.must.Advance(ctx, id); err != nil {
		return nil, err
	}
	return s.Next(ctx)
}

// check reports whether dm has the phrase, and leaves in its
// FieldTermLocations the positions of each occurrence, term by term.
func (s *phraseSearcher) check(dm *bsearch.DocumentMatch) bool {
	ftls := dm.FieldTermLocations
	for k := range s.at {
		s.at[k] = s.at[k][:0]
	}
	for i := range ftls {
		for k, t := range s.terms {
			if t != "" && ftls[i].Term == t {
				s.at[k] = append(s.at[k], i)
				break
			}
		}
	}
	s.out = s.out[:0]
	s.firsts = s.firsts[:0]
occurrences:
	for _, i := range s.at[0] {
		first := &ftls[i].Location
		if s.seen(ftls, s.firsts, first) {
			continue
		}
		// Each term at its offset from first, or no occurrence here.
		mark := len(s.out)
		for k, t := range s.terms {
			if t == "" {
				continue
			}
			j := i // the first term is first itself
			if k > 0 {
				j = s.find(ftls, k, first, ftls[i].Field)
			}
			if j < 0 {
				s.out = s.out[:mark]
				continue occurrences
			}
			l := ftls[j].Location
			if len(l.ArrayPositions) > 0 {
				l.ArrayPositions = append(bsearch.ArrayPositions(nil), l.ArrayPositions...)
			}
			s.out = append(s.out, bsearch.FieldTermLocation{Field: ftls[j].Field, Term: t, Location: l})
		}
		s.firsts = append(s.firsts, i)
	}
	dm.Locations = nil
	if len(s.out) == 0 {
		dm.FieldTermLocations = ftls[:0]
		return false
	}
	dm.FieldTermLocations = append(ftls[:0], s.out...)
	return true
}

// find is the index of phrase term k's position at its offset from first,
// -1 when there is none.
func (s *phraseSearcher) find(ftls []bsearch.FieldTermLocation, k int, first *bsearch.Location, field string) int {
	pos := first.Pos + uint64(k)
	for _, j := range s.at[k] {
		l := &ftls[j]
		if l.Location.Pos == pos && l.Field == field && l.Location.ArrayPositions.Equals(first.ArrayPositions) {
			return j
		}
	}
	return -1
}

// seen reports whether an occurrence began at first's place already (a
// position listed twice).
func (s *phraseSearcher) seen(ftls []bsearch.FieldTermLocation, firsts []int, first *bsearch.Location) bool {
	for _, i := range firsts {
		l := &ftls[i].Location
		if l.Pos == first.Pos && l.ArrayPositions.Equals(first.ArrayPositions) {
			return true
		}
	}
	return false
}

func (s *phraseSearcher) Close() error            { return s.must.Close() }
func (s *phraseSearcher) Weight() float64         { return s.must.Weight() }
func (s *phraseSearcher) SetQueryNorm(qn float64) { s.must.SetQueryNorm(qn) }
func (s *phraseSearcher) Count() uint64           { return s.must.Count() }
func (s *phraseSearcher) Min() int                { return 0 }
func (s *phraseSearcher) Size() int               { return 64 + s.must.Size() }
func (s *phraseSearcher) DocumentMatchPoolSize() int {
	return s.must.DocumentMatchPoolSize() + 1
}
