package search

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/govreply/precedent/dict"
	"github.com/govreply/precedent/indexer"
	"github.com/govreply/precedent/indexer/grams"
)

// A quoted clause is an exact fragment of text, cut anywhere: "深圳市人民政府关于加"
// ends inside a word, so its words are not the text's words and the word
// index cannot find it. It is looked up in the part's fragment index
// (package grams: the documents with each pair of characters standing
// together) and checked against the documents' stored text, both in gram
// text (dict.Analyzer.GramText: folded, punctuation and spaces left out),
// so a quoted clause finds exactly the documents whose text holds it, as
// an n-gram engine would. Its words, matched as a phrase in the word
// index, still rank the documents (and mark them where they can).
//
// A phrase of the fragment's words matched in the word index is no proof
// by itself that the fragment is there: the index stacks dictionary words
// at the position of the piece they start in, also across pieces (市民政局,
// pieces 市 民政 局, holds 市民 at 市's place), so the words of a phrase can
// stand at consecutive positions where the text does not spell them in a
// row (市民 then 民政 matches 市民政局, which does not hold 市民民政). The match is proof
// when the byte ranges of its words follow each other with nothing
// between (proves): then the text spells the fragment there. Only the
// candidates without such a match are read from the stored text; a
// fragment that stands as whole words is found without reading any.

// fragmentClause is the query of a quoted clause of text in fields, that
// must match or is excluded: the documents that hold the fragment, scored
// by words, the query of its words (pt their phrase). A clause with no
// letters, digits or Han characters is words.
func (s *Searcher) fragmentClause(text string, fields []weightedField, words query.Query, pt term) query.Query {
	frag := s.a.GramText(text)
	if frag == "" {
		return words
	}
	fq := &fragmentQuery{frag: frag, m: s.a.NewGramMatcher(frag), words: words, s: s, cache: &fragmentCache{docs: map[*grams.Index][]uint32{}}}
	if strings.Join(pt.pieces, "") == frag {
		fq.phrase = pt.pieces
	}
	if !sameFields(fields, allFields) {
		for _, f := range fields {
			if f.name == indexer.FieldDepartments {
				fq.fields = append(fq.fields, indexer.FacetLead, indexer.FacetCo)
			} else {
				fq.fields = append(fq.fields, f.name)
			}
		}
	}
	return fq
}

// sameFields reports whether a and b name the same fields.
func sameFields(a, b []weightedField) bool {
	if len(a) != len(b) {
		return false
	}
	for _, f := range a {
		if !slices.ContainsFunc(b, func(g weightedField) bool { return g.name == f.name }) {
			return false
		}
	}
	return true
}

// A fragmentQuery matches the documents whose text, in fields, holds frag,
// scored by words (0 where it does not match).
type fragmentQuery struct {
	frag   string            // gram text
	m      *dict.GramMatcher // finds it in a text
	words  query.Query       // the query of its words, in the fields
	phrase []string          // their phrase ("": a gap), whose terms spell frag; nil: none does
	fields []string          // stored fields looked in; nil: all indexer.FragmentFields, the fragment index's
	s      *Searcher
	cache  *fragmentCache
}

// fragmentCache keeps a query's candidates per fragment index: a part's
// searcher may be built more than once for a search (vectorsIfFew,
// filterChoice).
type fragmentCache struct {
	mu   sync.Mutex
	docs map[*grams.Index][]uint32
}

func (c *fragmentCache) candidates(g *grams.Index, frag string) ([]uint32, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if docs, ok := c.docs[g]; ok {
		return docs, nil
	}
	docs, err := g.Candidates(frag)
	if err != nil {
		return nil, err
	}
	c.docs[g] = docs
	return docs, nil
}

func (q *fragmentQuery) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, o bsearch.SearcherOptions) (bsearch.Searcher, error) {
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return nil, fmt.Errorf("quoted fragment: the index is not scorch's")
	}
	fs := &fragmentSearcher{ctx: ctx, frag: q.frag, m: q.m, phrase: q.phrase, fields: q.fields, s: q.s, segs: snap.Segments()}
	if len(fs.segs) == 0 {
		return fs, nil // no documents (never bleve's MatchNoneSearcher: a boolean query drops it)
	}
	var next uint64
	for _, ss := range fs.segs {
		fs.offsets = append(fs.offsets, next)
		next += ss.Segment().Count()
	}
	g := q.s.gramsOf(fs.segs[0])
	if g == nil || uint64(g.Docs()) != next {
		// An index without a fragment index (not built by indexer.Build):
		// every document is checked.
		for k, ss := range fs.segs {
			ss.DocNumbersLive().Iterate(func(n uint32) bool {
				fs.docs = append(fs.docs, uint32(fs.offsets[k])+n)
				return true
			})
		}
		fs.check = true
		return fs, q.wordsSearcher(ctx, r, m, o, fs)
	}
	docs, err := q.cache.candidates(g, q.frag)
	if err != nil {
		return nil, fmt.Errorf("quoted fragment: %w", err)
	}
	fs.docs = docs
	// The documents with a pair of characters are exactly those with the
	// fragment of those two (or with the one character), in any field.
	fs.check = q.fields != nil || utf8.RuneCountInString(q.frag) > 2
	return fs, q.wordsSearcher(ctx, r, m, o, fs)
}

// wordsSearcher sets fs's searcher of the fragment's words, which scores
// and proves its candidates. It is built even when there is no candidate:
// its weight is part of the query's norm, the same in every part.
func (q *fragmentQuery) wordsSearcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, o bsearch.SearcherOptions, fs *fragmentSearcher) error {
	if q.words == nil {
		return nil
	}
	ws, err := q.words.Searcher(ctx, r, m, o)
	if err != nil {
		return err
	}
	if _, none := ws.(*searcher.MatchNoneSearcher); !none {
		fs.words = ws
	}
	// Unscored, bleve's disjunctions may be searched by searchers
	// that keep no positions.
	fs.bare = o.Score != "none"
	return nil
}

// gramsOf is the fragment index of the part whose segment ss is; nil when
// it has none.
func (s *Searcher) gramsOf(ss *scorch.SegmentSnapshot) *grams.Index {
	if s.grams == nil {
		return nil
	}
	return s.grams[segmentPath(ss)]
}

// segmentPath is the file of a segment ("" for one in memory): it names
// the part, whichever of its snapshots holds it.
func segmentPath(ss *scorch.SegmentSnapshot) string {
	if p, ok := ss.Segment().(interface{ Path() string }); ok {
		return filepath.Clean(p.Path())
	}
	return ""
}

// openGrams opens the fragment index of each part, kept by the path of the
// part's segment, which a part's searchers find in their reader.
func (s *Searcher) openGrams() error {
	s.grams = map[string]*grams.Index{}
	for _, p := range s.parts {
		g, err := grams.Open(p.Name())
		if err != nil {
			s.closeGrams()
			return fmt.Errorf("open fragment index: %w", err)
		}
		r, err := reader(p)
		if err != nil {
			g.Close()
			s.closeGrams()
			return err
		}
		snap, ok := r.(*scorch.IndexSnapshot)
		if ok && len(snap.Segments()) > 0 {
			s.grams[segmentPath(snap.Segments()[0])] = g
		} else {
			g.Close() // no documents: nothing to look up
		}
		r.Close()
	}
	return nil
}

func (s *Searcher) closeGrams() error {
	var first error
	for k, g := range s.grams {
		if err := g.Close(); err != nil && first == nil {
			first = err
		}
		delete(s.grams, k)
	}
	return first
}

// A fragmentSearcher finds the documents of a sorted list of a part's
// document numbers, checking each against its stored text when the list
// may hold more (check) and the words' match does not prove it. A match
// is the words' (its score and positions), else scores 0.
type fragmentSearcher struct {
	ctx     context.Context
	frag    string
	m       *dict.GramMatcher
	phrase  []string
	fields  []string
	s       *Searcher
	segs    []*scorch.SegmentSnapshot
	offsets []uint64 // first document number of each segment
	docs    []uint32 // ascending
	i       int      // the next of docs
	check   bool
	checked int

	words    bsearch.Searcher       // nil: none
	wcur     *bsearch.DocumentMatch // its current match; nil: not started or done
	wstarted bool
	bare     bool // a words' match without positions is a term's (proves)
	id       index.IndexInternalID
}

var _ bsearch.Searcher = (*fragmentSearcher)(nil)

func (fs *fragmentSearcher) Next(ctx *bsearch.SearchContext) (*bsearch.DocumentMatch, error) {
	for fs.i < len(fs.docs) {
		d := fs.docs[fs.i]
		fs.i++
		wm, err := fs.wordsAt(ctx, uint64(d))
		if err != nil {
			return nil, err
		}
		if fs.check && (wm == nil || !fs.proves(wm)) {
			ok, err := fs.holds(uint64(d))
			if err != nil {
				return nil, err
			}
			if !ok {
				if wm != nil {
					ctx.DocumentMatchPool.Put(wm)
				}
				continue
			}
		}
		if wm != nil {
			return wm, nil
		}
		dm := ctx.DocumentMatchPool.Get()
		dm.IndexInternalID = index.NewIndexInternalID(dm.IndexInternalID, uint64(d))
		dm.Score = 0
		return dm, nil
	}
	return nil, nil
}

// wordsAt returns the words' match of document d, if they match it, and
// leaves the words' searcher past it.
func (fs *fragmentSearcher) wordsAt(ctx *bsearch.SearchContext, d uint64) (*bsearch.DocumentMatch, error) {
	if fs.words == nil {
		return nil, nil
	}
	var err error
	if !fs.wstarted {
		// Straight to the first candidate: the words may match many
		// documents before it.
		fs.wstarted = true
		fs.id = index.NewIndexInternalID(fs.id, d)
		if fs.wcur, err = fs.words.Advance(ctx, fs.id); err != nil {
			return nil, err
		}
	} else if fs.wcur != nil && fs.wcur.IndexInternalID.Value() < d {
		ctx.DocumentMatchPool.Put(fs.wcur)
		fs.id = index.NewIndexInternalID(fs.id, d)
		if fs.wcur, err = fs.words.Advance(ctx, fs.id); err != nil {
			return nil, err
		}
	}
	if fs.wcur == nil || fs.wcur.IndexInternalID.Value() != d {
		return nil, nil
	}
	wm := fs.wcur
	if fs.wcur, err = fs.words.Next(ctx); err != nil {
		return nil, err
	}
	return wm, nil
}

func (fs *fragmentSearcher) Advance(ctx *bsearch.SearchContext, id index.IndexInternalID) (*bsearch.DocumentMatch, error) {
	t := id.Value()
	rest := fs.docs[fs.i:]
	fs.i += sort.Search(len(rest), func(j int) bool { return uint64(rest[j]) >= t })
	return fs.Next(ctx)
}

// proves reports whether the words' match wm shows the fragment in the
// text: a term that is the whole fragment (every term is a run of word
// characters of the text), or the phrase's terms one after the other
// with nothing between them (the end of each is where the next starts);
// or no positions at all: only a term query of the whole fragment matched
// (a phrase's match always has its positions). The match holds positions
// of the fields searched only.
func (fs *fragmentSearcher) proves(wm *bsearch.DocumentMatch) bool {
	ftls := wm.FieldTermLocations
	if len(ftls) == 0 {
		return fs.bare
	}
	for i := range ftls {
		if ftls[i].Term == fs.frag {
			return true
		}
	}
	if len(fs.phrase) < 2 {
		return false
	}
	for i := range ftls {
		if ftls[i].Term == fs.phrase[0] && fs.chain(ftls, i) {
			return true
		}
	}
	return false
}

// chain reports whether the phrase's terms follow the location ftls[i] of
// its first: each at its place in the phrase and starting where the one
// before ends, in the same field.
func (fs *fragmentSearcher) chain(ftls []bsearch.FieldTermLocation, i int) bool {
	first := &ftls[i]
	end := first.Location.End
next:
	for k := 1; k < len(fs.phrase); k++ {
		if fs.phrase[k] == "" {
			continue
		}
		pos := first.Location.Pos + uint64(k)
		for j := range ftls {
			l := &ftls[j]
			if l.Term == fs.phrase[k] && l.Location.Pos == pos && l.Location.Start == end && l.Field == first.Field {
				end = l.Location.End
				continue next
			}
		}
		return false
	}
	return true
}

// checkCancel is how many documents are checked between looks at the
// search's context.
const checkCancel = 256

// holds reports whether document num holds the fragment in the fields
// looked in.
func (fs *fragmentSearcher) holds(num uint64) (bool, error) {
	if fs.checked++; fs.checked%checkCancel == 0 {
		if err := fs.ctx.Err(); err != nil {
			return false, err
		}
	}
	k := sort.Search(len(fs.offsets), func(k int) bool { return fs.offsets[k] > num }) - 1
	if k < 0 {
		return false, fmt.Errorf("document number %d not in the index", num)
	}
	found := false
	err := fs.segs[k].VisitDocument(num-fs.offsets[k], func(name string, typ byte, val []byte, _ []uint64) bool {
		if typ != 't' {
			return true
		}
		if fs.fields == nil {
			if !indexer.IsFragmentField(name) {
				return true
			}
		} else if !slices.Contains(fs.fields, name) {
			return true
		}
		found = fs.m.Match(val)
		return !found
	})
	return found, err
}

func (fs *fragmentSearcher) Close() error {
	if fs.words != nil {
		return fs.words.Close()
	}
	return nil
}

func (fs *fragmentSearcher) Weight() float64 {
	if fs.words != nil {
		return fs.words.Weight()
	}
	return 0
}

func (fs *fragmentSearcher) SetQueryNorm(qn float64) {
	if fs.words != nil {
		fs.words.SetQueryNorm(qn)
	}
}

// Count is how many postings the search may visit: the candidates, and
// the words' (as bleve's boolean searcher counts a required clause and an
// optional one).
func (fs *fragmentSearcher) Count() uint64 {
	n := uint64(len(fs.docs))
	if fs.words != nil {
		n += fs.words.Count()
	}
	return n
}

func (fs *fragmentSearcher) Min() int { return 0 }

func (fs *fragmentSearcher) Size() int {
	n := 128 + 4*len(fs.docs)
	if fs.words != nil {
		n += fs.words.Size()
	}
	return n
}

func (fs *fragmentSearcher) DocumentMatchPoolSize() int {
	n := 1
	if fs.words != nil {
		n += fs.words.DocumentMatchPoolSize()
	}
	return n
}
