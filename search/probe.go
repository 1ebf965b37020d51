package search

import (
	"context"
	"fmt"
	"math"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/scorer"
	index "github.com/blevesearch/bleve_index_api"
)

// A probeClause is a clause of term queries (one, or a disjunction of
// them) that only adds to the scores of documents other clauses find (a
// coverageQuery's generic words): it is asked whether it matches a
// document (probe) far more often than it does, and builds its match,
// scored, only when it does. bleve's term searcher scores every posting
// it lands on; a clause advanced to each document of a driver lands on
// other documents most of the time (养老护理人才培养 at 100k: one advance in
// eight lands on the driver's document).
//
// Its matches are those of bleve's searchers of the same queries: the
// same scorer, the same scores, a disjunction's sum of its terms' scores
// times the share of them matching.
type probeClause struct {
	leaves  []*termLeaf
	absent  []*scorer.TermQueryScorer // the terms of absentQuery disjuncts: they weigh and count, never match
	coord   bool                      // scored as a disjunction of the leaves
	num     uint64                    // the document it is at: the first of its leaves'; noDoc when done
	started bool
	id      index.IndexInternalID // buffer for advancing
	merge   []*search.DocumentMatch
}

// newProbeClause builds the probe of q, a term query or a disjunction of
// them; nil when q is something else, or its terms have synonyms.
func newProbeClause(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, q query.Query, o search.SearcherOptions) (*probeClause, error) {
	if o.Explain || o.Score == "none" {
		return nil, nil // a disjunction searched by bleve's searcher
	}
	terms, absent, coord, ok := probeTerms(q)
	if !ok || hasSynonyms(ctx) {
		return nil, nil // a term with synonyms is searched as a disjunction of them
	}
	p := &probeClause{coord: coord}
	for _, tq := range terms {
		l, err := newTermLeaf(ctx, r, tq.Term, termField(tq, m), tq.BoostVal.Value(), o)
		if err != nil {
			p.Close()
			return nil, err
		}
		p.leaves = append(p.leaves, l)
	}
	for _, tq := range absent {
		sc, err := newTermScorer(ctx, r, tq.Term, termField(tq, m), tq.BoostVal.Value(), 0, o)
		if err != nil {
			p.Close()
			return nil, err
		}
		p.absent = append(p.absent, sc)
	}
	if p.coord {
		// As a disjunction searcher: the query norm over its terms.
		p.SetQueryNorm(1 / math.Sqrt(p.Weight()))
	}
	return p, nil
}

// probeTerms sorts the term queries of q, a probeClause's query: a term
// query, or a disjunction of term queries and absentQuery; ok is false for
// any other query. coord: q is a disjunction.
func probeTerms(q query.Query) (terms, absent []*query.TermQuery, coord, ok bool) {
	switch q := q.(type) {
	case *query.TermQuery:
		return []*query.TermQuery{q}, nil, false, true
	case disjunctionQuery:
		if q.Min > 0 {
			return nil, nil, false, false
		}
		for _, d := range q.Disjuncts {
			switch d := d.(type) {
			case *query.TermQuery:
				terms = append(terms, d)
			case absentQuery:
				absent = append(absent, d.TermQuery)
			default:
				return nil, nil, false, false
			}
		}
		return terms, absent, true, true
	}
	return nil, nil, false, false
}

// termField is the field tq searches, as bleve's term query reads it.
func termField(tq *query.TermQuery, m mapping.IndexMapping) string {
	if tq.FieldVal == "" {
		return m.DefaultSearchField()
	}
	return tq.FieldVal
}

// hasSynonyms reports whether the search expands terms to synonyms (bleve's
// synonym sources), which only bleve's term searcher does.
func hasSynonyms(ctx context.Context) bool {
	fts, ok := ctx.Value(search.FieldTermSynonymMapKey).(search.FieldTermSynonymMap)
	return ok && len(fts) > 0
}

// probe moves the clause to its first document at or after target (it
// never moves back) and returns it; noDoc when there is none.
func (p *probeClause) probe(target uint64) (uint64, error) {
	if p.started && p.num >= target {
		return p.num, nil
	}
	p.started = true
	p.id = index.NewIndexInternalID(p.id, target)
	p.num = noDoc
	for _, l := range p.leaves {
		n, err := l.probe(target, p.id)
		if err != nil {
			return 0, err
		}
		p.num = min(p.num, n)
	}
	return p.num, nil
}

// match is the clause's match of the document it is at, scored.
func (p *probeClause) match(ctx *search.SearchContext) *search.DocumentMatch {
	if p.num == noDoc {
		return nil
	}
	var rv *search.DocumentMatch
	var sum float64
	p.merge = p.merge[:0]
	for _, l := range p.leaves {
		if l.num != p.num {
			continue
		}
		dm := l.scorer.Score(ctx, &l.tfd)
		sum += dm.Score
		if rv == nil {
			rv = dm
		} else {
			p.merge = append(p.merge, dm)
		}
	}
	if len(p.merge) > 0 {
		rv.FieldTermLocations = search.MergeFieldTermLocations(rv.FieldTermLocations, p.merge)
		for _, dm := range p.merge {
			ctx.DocumentMatchPool.Put(dm)
		}
	}
	if p.coord {
		rv.Score = sum * (float64(1+len(p.merge)) / float64(len(p.leaves)+len(p.absent)))
	}
	return rv
}

// Next and Advance make a probeClause a searcher of its own.
func (p *probeClause) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	target := uint64(0)
	if p.started {
		if p.num == noDoc {
			return nil, nil
		}
		target = p.num + 1
	}
	if _, err := p.probe(target); err != nil {
		return nil, err
	}
	return p.match(ctx), nil
}

func (p *probeClause) Advance(ctx *search.SearchContext, id index.IndexInternalID) (*search.DocumentMatch, error) {
	if _, err := p.probe(id.Value()); err != nil {
		return nil, err
	}
	return p.match(ctx), nil
}

func (p *probeClause) Close() error {
	var rv error
	for _, l := range p.leaves {
		if err := l.reader.Close(); err != nil && rv == nil {
			rv = err
		}
	}
	return rv
}

func (p *probeClause) Weight() float64 {
	var w float64
	for _, l := range p.leaves {
		w += l.scorer.Weight()
	}
	for _, sc := range p.absent {
		w += sc.Weight()
	}
	return w
}

func (p *probeClause) SetQueryNorm(qn float64) {
	for _, l := range p.leaves {
		l.scorer.SetQueryNorm(qn)
	}
	for _, sc := range p.absent {
		sc.SetQueryNorm(qn)
	}
}

func (p *probeClause) Count() uint64 {
	var n uint64
	for _, l := range p.leaves {
		n += l.reader.Count()
	}
	return n
}

func (p *probeClause) Min() int { return 0 }

func (p *probeClause) Size() int {
	n := 64
	for _, l := range p.leaves {
		n += 64 + l.reader.Size() + l.scorer.Size()
	}
	return n
}

func (p *probeClause) DocumentMatchPoolSize() int { return 2 * len(p.leaves) }

// A termLeaf reads one term's postings in one field, as bleve's term
// searcher does, and scores the posting it is at only when asked.
type termLeaf struct {
	reader  index.TermFieldReader
	scorer  *scorer.TermQueryScorer
	tfd     index.TermFieldDoc
	num     uint64 // the document of tfd; noDoc when done
	started bool
}

// newTermLeaf is searcher.NewTermSearcher's term searcher, built as it
// builds it (the reader, the limit on term searchers, the scoring model's
// statistics), but for the query type it notes for cost accounting, which
// the searcher does not use.
func newTermLeaf(ctx context.Context, r index.IndexReader, term, field string, boost float64, o search.SearcherOptions) (*termLeaf, error) {
	needFreqNorm := o.Score != "none"
	reader, err := r.TermFieldReader(ctx, []byte(term), field, needFreqNorm, needFreqNorm, o.IncludeTermVectors)
	if err != nil {
		return nil, err
	}
	sc, err := newTermScorer(ctx, r, term, field, boost, reader.Count(), o)
	if err != nil {
		reader.Close()
		return nil, err
	}
	return &termLeaf{reader: reader, scorer: sc}, nil
}

// newTermScorer is the scorer bleve's term searcher gives a term with
// docs documents in field, with the scoring model's statistics it reads
// (and counting against the search's limit of term searchers, as it does).
func newTermScorer(ctx context.Context, r index.IndexReader, term, field string, boost float64, docs uint64, o search.SearcherOptions) (*scorer.TermQueryScorer, error) {
	if err := search.RecordTermSearcher(ctx); err != nil {
		return nil, err
	}
	var count uint64
	var avgDocLength float64
	var err error
	model := ""
	if f, ok := ctx.Value(search.GetScoringModelCallbackKey).(search.GetScoringModelCallbackFn); ok {
		model = f()
	}
	if model == index.BM25Scoring {
		count, avgDocLength, err = bm25Metrics(ctx, field, r)
	} else {
		count, err = r.DocCount()
	}
	if err != nil {
		return nil, err
	}
	return scorer.NewTermQueryScorer([]byte(term), field, boost, count, docs, avgDocLength, o), nil
}

// bm25Metrics are the document count and average field length a term is
// scored with under BM25, as bleve's term searcher reads them.
func bm25Metrics(ctx context.Context, field string, r index.IndexReader) (uint64, float64, error) {
	var count uint64
	var cardinality int
	if st, ok := ctx.Value(search.BM25StatsKey).(*search.BM25Stats); ok {
		count = uint64(st.DocCount)
		c, ok := st.FieldCardinality[field]
		if !ok {
			return 0, 0, fmt.Errorf("field stat for bm25 not present %s", field)
		}
		cardinality = c
	} else {
		var err error
		if count, err = r.DocCount(); err != nil {
			return 0, 0, err
		}
		if br, ok := r.(index.BM25Reader); ok {
			if cardinality, err = br.FieldCardinality(field); err != nil {
				return 0, 0, err
			}
		}
	}
	if count == 0 && cardinality == 0 {
		return 0, 0, nil
	}
	return count, math.Ceil(float64(cardinality) / float64(count)), nil
}

// probe moves the leaf to its first posting at or after target (it never
// moves back) and returns its document.
func (l *termLeaf) probe(target uint64, id index.IndexInternalID) (uint64, error) {
	if l.started && l.num >= target {
		return l.num, nil
	}
	l.started = true
	tfd, err := l.reader.Advance(id, l.tfd.Reset())
	if err != nil {
		return 0, err
	}
	if tfd == nil {
		l.num = noDoc
	} else {
		l.num = tfd.ID.Value()
	}
	return l.num, nil
}

// An absentQuery is a term query whose term no document has in its field,
// as the index's term statistics showed when the query was built
// (Searcher.markAbsent). Its searcher matches nothing and weighs what
// bleve's term searcher of it weighs (a term with no documents), so that
// a disjunction holding it scores as before: its weight is part of the
// query's norm, and it counts among the disjunction's children. It spares
// looking the term up in each segment's dictionary of the field, which for
// a rare word is most of its search (一审 is in two fields of nine).
type absentQuery struct{ *query.TermQuery }

func (q absentQuery) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, o search.SearcherOptions) (search.Searcher, error) {
	if o.Explain || o.Score == "none" {
		return q.TermQuery.Searcher(ctx, r, m, o)
	}
	if hasSynonyms(ctx) {
		return q.TermQuery.Searcher(ctx, r, m, o) // its synonyms may be there
	}
	sc, err := newTermScorer(ctx, r, q.Term, termField(q.TermQuery, m), q.BoostVal.Value(), 0, o)
	if err != nil {
		return nil, err
	}
	return absentTerm{sc}, nil
}

// absentTerm is an absentQuery's searcher.
type absentTerm struct{ scorer *scorer.TermQueryScorer }

func (absentTerm) Next(*search.SearchContext) (*search.DocumentMatch, error) { return nil, nil }
func (absentTerm) Advance(*search.SearchContext, index.IndexInternalID) (*search.DocumentMatch, error) {
	return nil, nil
}
func (absentTerm) Close() error               { return nil }
func (a absentTerm) Weight() float64          { return a.scorer.Weight() }
func (a absentTerm) SetQueryNorm(qn float64)  { a.scorer.SetQueryNorm(qn) }
func (absentTerm) Count() uint64              { return 0 }
func (absentTerm) Min() int                   { return 0 }
func (a absentTerm) Size() int                { return 64 + a.scorer.Size() }
func (absentTerm) DocumentMatchPoolSize() int { return 1 }
