package search

import (
	"context"
	"slices"
	"sort"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/registry"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/highlight"
	"github.com/blevesearch/bleve/v2/search/highlight/format/html"
	"github.com/blevesearch/bleve/v2/search/highlight/fragmenter/simple"
	simpleHighlighter "github.com/blevesearch/bleve/v2/search/highlight/highlighter/simple"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/govreply/precedent/indexer"
)

// HighlighterName is the bleve highlighter the searcher uses: fragments of
// about a hundred characters (a Chinese sentence or two), text HTML-escaped,
// matches in <mark>; a field without a match has no fragment, but for the
// suggestion, which says what a hit is about.
const HighlighterName = "precedent_html"

// fragmentRunes is the length of a highlighted fragment, in characters.
const fragmentRunes = 100

func init() {
	registry.RegisterHighlighter(HighlighterName, func(map[string]interface{}, *registry.Cache) (highlight.Highlighter, error) {
		h := simpleHighlighter.NewHighlighter(simple.NewFragmenter(fragmentRunes), html.NewFragmentFormatter("<mark>", "</mark>"), "…")
		return matchedFields{h}, nil
	})
}

// matchedFields is a highlighter that skips the fields a hit has no match
// in (but the suggestion): bleve's simple highlighter would cut all of a
// long reply column into fragments and score them to show none.
type matchedFields struct{ *simpleHighlighter.Highlighter }

// shows reports whether dm has a fragment of field.
func (matchedFields) shows(dm *search.DocumentMatch, field string) bool {
	return len(dm.Locations[field]) > 0 || field == indexer.FieldSuggestion
}

func (h matchedFields) BestFragmentsInField(dm *search.DocumentMatch, doc index.Document, field string, num int) []string {
	if !h.shows(dm, field) {
		return nil
	}
	if tlm := dm.Locations[field]; len(tlm) > 1 {
		dm.Locations[field] = spans(tlm)
	}
	return h.Highlighter.BestFragmentsInField(dm, doc, field, num)
}

// spans joins the matches that overlap into one, spanning them all. The
// index holds a compound and its pieces at the same place (人才培训, 人才),
// and bleve's highlighter, which joins overlapping matches too, keeps the
// end of whichever comes second in a map's order: it would mark 人才 of
// 人才培训 at random.
func spans(tlm search.TermLocationMap) search.TermLocationMap {
	type loc struct {
		term string
		l    *search.Location
	}
	var all []loc
	for term, ls := range tlm {
		for _, l := range ls {
			all = append(all, loc{term, l})
		}
	}
	sort.Slice(all, func(i, j int) bool {
		a, b := all[i].l, all[j].l
		if c := slices.Compare(a.ArrayPositions, b.ArrayPositions); c != 0 {
			return c < 0
		}
		if a.Start != b.Start {
			return a.Start < b.Start
		}
		if a.End != b.End {
			return a.End > b.End
		}
		return all[i].term < all[j].term
	})
	out := search.TermLocationMap{}
	var last *search.Location
	for _, x := range all {
		if last != nil && slices.Equal(last.ArrayPositions, x.l.ArrayPositions) && x.l.Start < last.End {
			last.End = max(last.End, x.l.End)
			continue
		}
		c := *x.l
		last = &c
		out[x.term] = append(out[x.term], last)
	}
	return out
}

func (h matchedFields) BestFragmentInField(dm *search.DocumentMatch, doc index.Document, field string) string {
	if fs := h.BestFragmentsInField(dm, doc, field, 1); len(fs) > 0 {
		return fs[0]
	}
	return ""
}

// maxVectorPostings is the most postings a query may match for its search
// to record the positions of its matches (term vectors), which the page's
// highlights are made from. Past it, recording them for every matching
// document costs more than a second search that marks the page's hits
// alone (Searcher.highlight).
const maxVectorPostings = 2000

// vectorsIfFew is a query whose searcher records match positions, when
// asked to, only if the query matches at most max postings (a worst case:
// the sum over its terms). Whether it does is known once its searcher is
// built; when the query knows it before (postingsOf, from the index's term
// statistics: more than max over all parts), the searcher is built once,
// without positions.
type vectorsIfFew struct {
	query.Query
	max uint64
}

func (q vectorsIfFew) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, o search.SearcherOptions) (search.Searcher, error) {
	if postingsOf(q.Query) > q.max {
		o.IncludeTermVectors = false
	}
	s, err := q.Query.Searcher(ctx, r, m, o)
	if err != nil || !o.IncludeTermVectors || s.Count() <= q.max {
		return s, err
	}
	if err := s.Close(); err != nil {
		return nil, err
	}
	o.IncludeTermVectors = false
	return q.Query.Searcher(ctx, r, m, o)
}

// postingsOf is a lower bound of the postings q's searcher visits over all
// parts, as far as its coverage queries know before the search (0: not
// known); a conjunction that matches nothing may visit none.
func postingsOf(q query.Query) uint64 {
	switch v := q.(type) {
	case *coverageQuery:
		return v.postings
	case vectorsIfFew:
		return postingsOf(v.Query)
	case filterChoice:
		return min(postingsOf(v.filtered), postingsOf(v.plain))
	case *query.BooleanQuery:
		return postingsOf(v.Must) + postingsOf(v.Should)
	case *query.ConjunctionQuery:
		var n uint64
		for _, c := range v.Conjuncts {
			n = max(n, postingsOf(c))
		}
		return n
	}
	return 0
}
