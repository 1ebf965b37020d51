// Package search answers queries over an index built by the indexer: ranked
// suggestions with highlighted fragments and facet counts, filters, grouping
// by proposal, whole proposals, related earlier replies and completions.
package search

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/govreply/precedent/dict"
	"github.com/govreply/precedent/indexer"
	"github.com/govreply/precedent/indexer/grams"
	"github.com/govreply/precedent/record"
)

// Limits on what one request may ask for.
const (
	MaxSize       = 100  // hits a page
	MaxPage       = 1000 // pages
	MaxQueryRunes = 500  // characters of query text
	MaxClauses    = 32   // words of a query that are searched
	groupScan     = 2000 // suggestions scanned to group by proposal
)

// Sort orders hits.
type Sort string

// The orders. By date is by the date a record was submitted (else replied
// to), and by year where it has no date.
const (
	ByRelevance Sort = "relevance"
	ByYearDesc  Sort = "year_desc"
	ByYearAsc   Sort = "year_asc"
	ByDateDesc  Sort = "date_desc"
	ByDateAsc   Sort = "date_asc"
)

// Grouping says whether hits are suggestions or proposals.
type Grouping string

// The groupings.
const (
	BySuggestion Grouping = "suggestion"
	ByProposal   Grouping = "proposal"
)

// A Request is one search. The zero value browses everything, newest first.
type Request struct {
	Query       string
	Kinds       []string // 提案, 建议, 留言 …
	Departments []string // lead or co-department
	Leads       []string
	Years       []int
	YearFrom    int // inclusive; 0 = open
	YearTo      int
	DateFrom    string // inclusive, 2019-06-20; "" = open
	DateTo      string
	Proposers   []string
	Topics      []string
	Statuses    []record.Status
	Page        int // 1-based; 0 = 1
	Size        int // 0 = 10
	Sort        Sort
	Group       Grouping
	NoExpand    bool // switch off the thesaurus
	FacetSize   int  // values a facet; 0 = 20
	NoFacets    bool
	Exclude     []string // suggestion ids left out (similar search)
}

// A Hit is one matching suggestion.
type Hit struct {
	ID             string              `json:"id"`
	ProposalID     string              `json:"proposal_id"`
	SuggestionNo   int                 `json:"suggestion_no"`
	Kind           string              `json:"kind,omitempty"`
	Title          string              `json:"title"`
	Proposer       string              `json:"proposer"`
	Year           int                 `json:"year"`
	Date           string              `json:"date,omitempty"`         // submitted, else replied
	Class          string              `json:"class,omitempty"`        // the result class as written
	ClassStatus    string              `json:"class_status,omitempty"` // the status it maps to
	LeadDepartment string              `json:"lead_department"`
	CoDepartments  []string            `json:"co_departments"`
	Topics         []string            `json:"topics"`
	Status         []string            `json:"status"`
	Score          float64             `json:"score"`
	Highlights     map[string][]string `json:"highlights"`

	part int // the index part it is in
}

// A Group is one proposal with its matching suggestions, best first.
type Group struct {
	ProposalID     string   `json:"proposal_id"`
	Kind           string   `json:"kind,omitempty"`
	Title          string   `json:"title"`
	Proposer       string   `json:"proposer"`
	Year           int      `json:"year"`
	LeadDepartment string   `json:"lead_department"`
	CoDepartments  []string `json:"co_departments"`
	Score          float64  `json:"score"`
	Count          int      `json:"count"`
	Hits           []Hit    `json:"hits"`
}

// A FacetValue is one value of a facet and how many matching suggestions have it.
type FacetValue struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}

// An Expansion is a query word and the thesaurus words also searched for it.
type Expansion struct {
	Term     string   `json:"term"`
	Synonyms []string `json:"synonyms"`
}

// A Response is a search's answer.
type Response struct {
	Total       uint64                  `json:"total"`
	TookMS      float64                 `json:"took_ms"`
	Page        int                     `json:"page"`
	Size        int                     `json:"size"`
	Hits        []Hit                   `json:"hits"`
	Groups      []Group                 `json:"groups,omitempty"`
	TotalGroups int                     `json:"total_groups,omitempty"`
	Facets      map[string][]FacetValue `json:"facets,omitempty"`
	// ReplyDays is, per lead department, how many days its replies took
	// (median, over the matching suggestions whose record has both dates).
	ReplyDays  []DepartmentDays `json:"reply_days,omitempty"`
	Expansions []Expansion      `json:"expansions,omitempty"`
	// Unmatched are the query's words that no indexed text holds, as typed
	// (郵輪, not the 邮轮 searched): the hits, if any, are texts without them.
	Unmatched []string `json:"unmatched,omitempty"`
	// Apart are the query's clauses typed as one (出口退税政策) that no text
	// holds whole: texts hold their words only apart, or only in part; the
	// hits, if any, are partial matches.
	Apart []string `json:"apart,omitempty"`
}

// FacetNames are the facets a response carries, by their API names.
var FacetNames = []string{"kind", "department", "lead", "year", "proposer", "topic", "status"}

var facetField = map[string]string{
	"kind": indexer.FacetKind, "department": indexer.FacetDepartment, "lead": indexer.FacetLead, "year": indexer.FacetYear,
	"proposer": indexer.FacetProposer, "topic": indexer.FacetTopic, "status": indexer.FacetStatus,
}

// A RequestError is a request that cannot be answered as asked; Param names
// the parameter at fault.
type RequestError struct {
	Param string
	Msg   string
}

func (e *RequestError) Error() string { return e.Param + ": " + e.Msg }

// A Searcher answers queries over one index. It is safe for concurrent use.
type Searcher struct {
	parts      []bleve.Index  // the index's partitions, or those of all year shards
	partByName map[string]int // a part's bleve name (its path) → its place in parts
	shards     int            // year shards (1 when not sharded): BM25 statistics over all parts
	statsOnce  sync.Once
	stats      *bsearch.BM25Stats
	statsErr   error
	meta       indexer.Meta
	a          *dict.Analyzer
	comp       completer
	grams      map[string]*grams.Index // each part's fragment index, by the path of its segment (openGrams)
	facets     []*facetState           // the facet table of each part
	values     []map[string]any        // the keyword values of each part (keywordValues)
	terms      statCache               // statistics of query and draft terms
	// vectorPostings is the most postings a query may match for the
	// ranking search to record match positions (maxVectorPostings).
	vectorPostings uint64
	// parallel is the work from which the parts are searched, or their
	// hits loaded, at once (parallelPostings, parallelHits).
	parallel parallelWork
	// noSortWindow sorts by year or date without narrowing to the page's
	// years or dates first (sortWindow): the tests' reference. narrowed
	// counts the searches sortWindow narrowed.
	noSortWindow bool
	narrowed     atomic.Int64
}

// Open opens the current index of dataDir for searching, or, when dataDir
// holds year shards (indexer.BuildShards), all of them.
func Open(dataDir string, a *dict.Analyzer) (*Searcher, error) {
	if a == nil {
		var err error
		if a, err = dict.Default(); err != nil {
			return nil, err
		}
	}
	if shards := indexer.ShardDirs(dataDir); len(shards) > 0 && !indexer.Exists(dataDir) {
		return openShards(shards, a)
	}
	parts, meta, err := indexer.Open(dataDir, a)
	if err != nil {
		return nil, err
	}
	s := newSearcher(parts, meta, a, 1)
	if err := s.openGrams(); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

func newSearcher(parts []bleve.Index, meta indexer.Meta, a *dict.Analyzer, shards int) *Searcher {
	s := &Searcher{parts: parts, partByName: map[string]int{}, shards: shards, meta: meta, a: a,
		vectorPostings: maxVectorPostings, parallel: parallelWork{parallelPostings, parallelHits}}
	for k, p := range parts {
		s.partByName[p.Name()] = k
		s.facets = append(s.facets, newFacetState(p))
		s.values = append(s.values, keywordValues(p))
	}
	return s
}

// openShards opens year shards, searched at once with global scoring: BM25
// document counts and field lengths summed over all shards, so that a
// shard's size does not weigh its documents' scores.
func openShards(dirs []string, a *dict.Analyzer) (*Searcher, error) {
	var all indexer.Parts
	var meta indexer.Meta
	var names []string
	for _, d := range dirs {
		parts, m, err := indexer.Open(d, a)
		if err != nil {
			all.Close()
			return nil, err
		}
		all = append(all, parts...)
		names = append(names, filepath.Base(d)+"/"+m.Snapshot)
		meta.AnalysisVersion = m.AnalysisVersion
		meta.Proposals += m.Proposals
		meta.Suggestions += m.Suggestions
		meta.Sources = append(meta.Sources, m.Sources...)
		if m.BuiltAt.After(meta.BuiltAt) {
			meta.BuiltAt = m.BuiltAt
		}
	}
	meta.Snapshot = indexer.ShardsSnapshot(names)
	s := newSearcher(all, meta, a, len(dirs))
	if err := s.openGrams(); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// Close closes the index.
func (s *Searcher) Close() error {
	for _, f := range s.facets {
		f.stop()
	}
	return errors.Join(s.closeGrams(), indexer.Parts(s.parts).Close())
}

// Shards is the number of year shards searched (1 when not sharded).
func (s *Searcher) Shards() int { return s.shards }

// Partitions is the number of bleve indexes searched at once.
func (s *Searcher) Partitions() int { return len(s.parts) }

// Meta describes the index searched.
func (s *Searcher) Meta() indexer.Meta { return s.meta }

// Analyzer is the analysis the searcher uses.
func (s *Searcher) Analyzer() *dict.Analyzer { return s.a }

// DocCount is the number of suggestions indexed.
func (s *Searcher) DocCount() uint64 {
	n, _ := indexer.Parts(s.parts).DocCount()
	return n
}

// Validate checks a request and fills in defaults.
func (r *Request) Validate() error {
	if n := len([]rune(r.Query)); n > MaxQueryRunes {
		return &RequestError{"q", fmt.Sprintf("query is %d characters long; at most %d", n, MaxQueryRunes)}
	}
	if r.Size < 0 || r.Size > MaxSize {
		return &RequestError{"size", fmt.Sprintf("must be between 1 and %d", MaxSize)}
	}
	if r.Size == 0 {
		r.Size = 10
	}
	if r.Page < 0 || r.Page > MaxPage {
		return &RequestError{"page", fmt.Sprintf("must be between 1 and %d", MaxPage)}
	}
	if r.Page == 0 {
		r.Page = 1
	}
	switch r.Sort {
	case "":
		r.Sort = ByRelevance
	case ByRelevance, ByYearDesc, ByYearAsc, ByDateDesc, ByDateAsc:
	default:
		return &RequestError{"sort", fmt.Sprintf("%q: want relevance, year_desc, year_asc, date_desc or date_asc", r.Sort)}
	}
	switch r.Group {
	case "":
		r.Group = BySuggestion
	case BySuggestion, ByProposal:
	default:
		return &RequestError{"group", fmt.Sprintf("%q: want suggestion or proposal", r.Group)}
	}
	if r.FacetSize <= 0 {
		r.FacetSize = 20
	}
	if r.FacetSize > 1000 {
		return &RequestError{"facet_size", "at most 1000"}
	}
	if r.YearFrom != 0 && r.YearTo != 0 && r.YearFrom > r.YearTo {
		return &RequestError{"year_from", "is after year_to"}
	}
	for _, d := range []struct {
		param string
		v     *string
	}{{"date_from", &r.DateFrom}, {"date_to", &r.DateTo}} {
		if *d.v == "" {
			continue
		}
		norm, _, err := record.ParseDate(*d.v)
		if err != nil || norm == "" {
			return &RequestError{d.param, fmt.Sprintf("%q is not a date (write 2019-06-20)", *d.v)}
		}
		*d.v = norm[:10]
	}
	if r.DateFrom != "" && r.DateTo != "" && r.DateFrom > r.DateTo {
		return &RequestError{"date_from", "is after date_to"}
	}
	for _, st := range r.Statuses {
		if _, ok := record.ParseStatus(string(st)); !ok {
			return &RequestError{"status", fmt.Sprintf("%q: want %s", st, statusList())}
		}
	}
	return nil
}

// Search runs a request.
func (s *Searcher) Search(ctx context.Context, r Request) (*Response, error) {
	start := time.Now()
	if err := r.Validate(); err != nil {
		return nil, err
	}
	b := s.buildQuery(r)
	q := b.q
	if b.plain != nil {
		q = filterChoice{filtered: q, plain: b.plain}
	}
	resp, err := s.searchQuery(ctx, q, b.hl, r)
	if err != nil {
		return nil, err
	}
	resp.Expansions = b.exps
	resp.Unmatched = b.unmatched
	resp.Apart = b.apart
	resp.TookMS = float64(time.Since(start).Microseconds()) / 1000
	return resp, nil
}

// searchQuery runs a built query with r's paging, sorting, facets and
// grouping, and highlights the hits shown with the matches of hl (nil:
// nothing to mark; the suggestion's text is shown).
func (s *Searcher) searchQuery(ctx context.Context, q, hl query.Query, r Request) (*Response, error) {
	start := time.Now()
	if r.Exclude != nil {
		excludeIDs(q, r.Exclude)
	}
	if r.Size == 0 {
		r.Size = 10
	}
	if r.Page == 0 {
		r.Page = 1
	}
	resp := &Response{Page: r.Page, Size: r.Size, Hits: []Hit{}}

	size, from := r.Size, (r.Page-1)*r.Size
	req := bleve.NewSearchRequestOptions(q, size, from, false)
	req.Fields = storedFields
	if r.Group == ByProposal {
		// Grouping needs the stored fields of every hit scanned; the
		// groups shown are highlighted after.
		req.Size, req.From = groupScan, 0
	} else {
		// The page's hits come with their stored fields and highlights,
		// where the query matches few enough postings for its search to
		// record their positions (vectorsIfFew); the others are
		// highlighted after, on their own.
		req.Query = vectorsIfFew{q, s.vectorPostings}
		req.Highlight = newHighlight()
	}
	req.SortBy(sortOrder(r))
	// Hits without match positions (the query matched too many postings
	// to record them) are loaded and marked after, once.
	skip := hl != nil
	// Facets are counted, and filters may be checked, with the facet tables
	// when they are ready; else facets are counted by bleve and filters are
	// required clauses of the query. A sort by year or date narrows to its
	// page's years or dates with them (sortWindow).
	var (
		hooks partHooks
		res   *bleve.SearchResult
		err   error
		ts    []*facetTable
	)
	_, filtered := q.(filterChoice)
	column, desc, window := sortColumn(r)
	window = window && r.Group != ByProposal && !s.noSortWindow
	if window || !r.NoFacets || filtered {
		ts = s.facetTables()
	}
	if window && ts != nil {
		res, hooks, err = s.sortWindow(ctx, req, q, r, ts, column, desc, skip)
	}
	if res == nil && err == nil {
		if ts != nil && (!r.NoFacets || filtered) {
			hooks = newPartHooks(ts, r)
		}
		res, err = s.collect(ctx, req, r, hooks, skip)
		if err == nil && hooks != nil && hooks.miss() {
			hooks = nil
			res, err = s.collect(ctx, req, r, nil, skip)
		}
	}
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("search: %w", err)
	}
	resp.Total = res.Total
	resp.Hits = make([]Hit, 0, len(res.Hits))
	var unmarked []int // hits shown whose matches are not marked yet
	for _, dm := range res.Hits {
		h := s.toHit(dm)
		if req.Highlight != nil {
			h.Highlights = fragments(dm)
			if len(dm.Locations) == 0 && hl != nil {
				unmarked = append(unmarked, len(resp.Hits))
			}
		}
		resp.Hits = append(resp.Hits, h)
	}
	if !r.NoFacets {
		resp.Facets = map[string][]FacetValue{}
		fc := hooks.counts()
		for _, name := range FacetNames {
			n, byValue := facetSize(name, r), name == "year"
			if fc != nil {
				resp.Facets[name] = fc.values(name, n, byValue)
			} else {
				resp.Facets[name] = facetValues(res.Facets[name], byValue)
			}
		}
		if fc != nil {
			resp.ReplyDays = fc.replyDays(r.FacetSize)
		}
	}
	if r.Group == ByProposal {
		groups := groupHits(resp.Hits)
		resp.TotalGroups = len(groups)
		lo := min(from, len(groups))
		hi := min(lo+r.Size, len(groups))
		resp.Groups = groups[lo:hi]
		resp.Hits = []Hit{}
		for _, g := range resp.Groups {
			resp.Hits = append(resp.Hits, g.Hits...)
		}
		unmarked = unmarked[:0]
		for i := range resp.Hits {
			unmarked = append(unmarked, i)
		}
	}
	if len(unmarked) > 0 {
		if hl == nil {
			hl = query.NewMatchAllQuery() // the suggestion's fragment only
		}
		if err := s.highlight(ctx, hl, resp.Hits, unmarked, r.Group != ByProposal); err != nil {
			return nil, err
		}
	}
	resp.TookMS = float64(time.Since(start).Microseconds()) / 1000
	return resp, nil
}

// excludeIDs adds documents that must not match to a built query.
func excludeIDs(q query.Query, ids []string) {
	if fq, ok := q.(filterChoice); ok {
		excludeIDs(fq.filtered, ids)
		excludeIDs(fq.plain, ids)
		return
	}
	bq, ok := q.(*query.BooleanQuery)
	if !ok {
		return
	}
	var ex []query.Query
	if bq.MustNot != nil {
		ex = append(ex, bq.MustNot)
	}
	ex = append(ex, query.NewDocIDQuery(ids))
	bq.MustNot = query.NewDisjunctionQuery(ex)
}

// collect runs req with the parts' hooks (facet counts, filters), or when
// there are none with bleve counting the facets r asks for; with
// skipUnmarked, see runOptions.
func (s *Searcher) collect(ctx context.Context, req *bleve.SearchRequest, r Request, hooks partHooks, skipUnmarked bool) (*bleve.SearchResult, error) {
	req.Facets = nil
	o := runOptions{skipUnmarked: skipUnmarked}
	switch {
	case hooks != nil:
		o.hook = hooks
	case !r.NoFacets:
		for _, name := range FacetNames {
			req.AddFacet(name, bleve.NewFacetRequest(facetField[name], facetSize(name, r)))
		}
	}
	return s.runParts(ctx, req, o)
}

// facetSize is how many values of facet name a response carries.
func facetSize(name string, r Request) int {
	if name == "status" {
		return len(record.Statuses)
	}
	return r.FacetSize
}

// newHighlight is the highlighting of the searcher's requests.
func newHighlight() *bleve.HighlightRequest {
	h := bleve.NewHighlightWithStyle(HighlighterName)
	h.Fields = indexer.TextFields
	return h
}

// highlight fills in the fragments of hits[i] for the positions i, with the
// matches of q, and with load their stored fields. It runs apart from the
// ranking search, on these documents only, in the parts they came from:
// asking bleve for highlights makes it record every match position of every
// matching document, which costs more than the ranking itself on common
// words. Each document is found whether q matches it or not (q is optional
// in the search): one without a match of q shows its suggestion unmarked.
func (s *Searcher) highlight(ctx context.Context, q query.Query, hits []Hit, at []int, load bool) error {
	ids := make([][]string, len(s.parts))
	for _, i := range at {
		ids[hits[i].part] = append(ids[hits[i].part], hits[i].ID)
	}
	show := &bleve.SearchRequest{Highlight: newHighlight()}
	if load {
		show.Fields = storedFields
	}
	found := make([]*bleve.SearchResult, len(s.parts))
	// At once: this search runs mostly for queries matching too many
	// postings to record their positions, whose searchers it builds again
	// in each part (养老 at 300k: 4.3–4.6 ms in turn, 3.9 ms at once).
	err := s.each(true, func(k int) bool { return len(ids[k]) > 0 }, func(k int) error {
		docs := query.NewBooleanQuery([]query.Query{query.NewDocIDQuery(ids[k])}, []query.Query{q}, nil)
		req := bleve.NewSearchRequestOptions(docs, len(ids[k]), 0, false)
		req.IncludeLocations = true
		res, err := s.parts[k].SearchInContext(ctx, req)
		if err != nil {
			return err
		}
		found[k] = res
		return s.loadHits(k, show, res.Hits)
	})
	if err != nil {
		return fmt.Errorf("highlight: %w", err)
	}
	byID := map[string]*bsearch.DocumentMatch{}
	for _, res := range found {
		if res != nil {
			for _, dm := range res.Hits {
				byID[dm.ID] = dm
			}
		}
	}
	for _, i := range at {
		dm, ok := byID[hits[i].ID]
		if !ok {
			return fmt.Errorf("highlight: %s not in its part", hits[i].ID)
		}
		if load {
			hits[i] = s.withFields(hits[i], dm)
		}
		hits[i].Highlights = fragments(dm)
	}
	return nil
}

// withFields is h with the stored fields of dm, its score and part kept.
func (s *Searcher) withFields(h Hit, dm *bsearch.DocumentMatch) Hit {
	out := s.toHit(dm)
	out.Score, out.part = h.Score, h.part
	return out
}

var storedFields = []string{indexer.FieldProposalID, indexer.FieldSuggestionNo, indexer.FacetKind, indexer.FieldTitle, indexer.FieldProposer,
	indexer.FacetLead, indexer.FacetCo, indexer.FacetYear, indexer.FacetTopic, indexer.FacetStatus,
	indexer.FieldSubmitted, indexer.FieldReplied, indexer.FieldClass}

// statusList names the statuses for messages.
func statusList() string {
	s := make([]string, len(record.Statuses))
	for i, st := range record.Statuses {
		s[i] = string(st)
	}
	return strings.Join(s, ", ")
}

func sortOrder(r Request) []string {
	// A query of exclusions and punctuation alone browses as an empty one.
	empty := !slices.ContainsFunc(ParseQuery(r.Query), func(c Clause) bool { return !c.Exclude })
	switch {
	case r.Sort == ByYearDesc || (r.Sort == ByRelevance && empty):
		return []string{"-" + indexer.FacetYear, "-_score", indexer.FieldProposalID, indexer.FieldSuggestionNo}
	case r.Sort == ByYearAsc:
		return []string{indexer.FacetYear, "-_score", indexer.FieldProposalID, indexer.FieldSuggestionNo}
	case r.Sort == ByDateDesc:
		return []string{"-" + indexer.FacetDate, "-" + indexer.FacetYear, "-_score", indexer.FieldProposalID, indexer.FieldSuggestionNo}
	case r.Sort == ByDateAsc:
		return []string{indexer.FacetDate, indexer.FacetYear, "-_score", indexer.FieldProposalID, indexer.FieldSuggestionNo}
	}
	// Score alone: tie-breaking on stored values makes bleve read them for
	// every matching document. Equal scores keep the index's own order,
	// which is stable for a given index, so pages do not overlap.
	return []string{"-_score"}
}

// toHit is a hit of the bleve match dm, with what dm has of its stored fields.
func (s *Searcher) toHit(dm *bsearch.DocumentMatch) Hit {
	h := Hit{ID: dm.ID, Score: dm.Score, Highlights: map[string][]string{}, part: s.partOf(dm.Index)}
	h.ProposalID = str(dm.Fields[indexer.FieldProposalID])
	if n, ok := dm.Fields[indexer.FieldSuggestionNo].(float64); ok {
		h.SuggestionNo = int(n)
	}
	h.Kind = str(dm.Fields[indexer.FacetKind])
	h.Title = str(dm.Fields[indexer.FieldTitle])
	h.Proposer, _ = splitProposers(dm.Fields[indexer.FieldProposer])
	h.Date = str(dm.Fields[indexer.FieldSubmitted])
	if h.Date == "" {
		h.Date = str(dm.Fields[indexer.FieldReplied])
	}
	h.Class = str(dm.Fields[indexer.FieldClass])
	if c, ok := record.ParseClass(h.Class); ok {
		h.ClassStatus = string(c.Status)
	}
	h.LeadDepartment = str(dm.Fields[indexer.FacetLead])
	h.CoDepartments = strs(dm.Fields[indexer.FacetCo])
	h.Year, _ = strconv.Atoi(str(dm.Fields[indexer.FacetYear]))
	h.Topics = strs(dm.Fields[indexer.FacetTopic])
	h.Status = orderStatuses(strs(dm.Fields[indexer.FacetStatus]))
	return h
}

// fragments returns a highlighted document's fragments with a match, and
// the suggestion's always, as it says what the hit is about.
func fragments(dm *bsearch.DocumentMatch) map[string][]string {
	out := map[string][]string{}
	for f, frags := range dm.Fragments {
		for _, fr := range frags {
			if fr == "" || (!strings.Contains(fr, "<mark>") && f != indexer.FieldSuggestion) {
				continue
			}
			out[f] = append(out[f], mergeMarks(fr))
		}
	}
	return out
}

// mergeMarks joins marks that touch: a word matched as two pieces reads as one.
func mergeMarks(s string) string { return strings.ReplaceAll(s, "</mark><mark>", "") }

func orderStatuses(ss []string) []string {
	out := []string{}
	for _, st := range record.Statuses {
		for _, s := range ss {
			if s == string(st) {
				out = append(out, s)
			}
		}
	}
	return out
}

func str(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case []any:
		if len(x) > 0 {
			return str(x[0])
		}
	}
	return ""
}

func strs(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case []any:
		out := make([]string, 0, len(x))
		for _, e := range x {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return []string{}
}

func facetValues(fr *bsearch.FacetResult, byValue bool) []FacetValue {
	out := []FacetValue{}
	if fr == nil || fr.Terms == nil {
		return out
	}
	for _, t := range fr.Terms.Terms() {
		if t.Term == "" {
			continue
		}
		out = append(out, FacetValue{Value: t.Term, Count: t.Count})
	}
	if byValue {
		sort.Slice(out, func(i, j int) bool { return out[i].Value < out[j].Value })
	}
	return out
}

func groupHits(hits []Hit) []Group {
	var groups []Group
	at := map[string]int{}
	for _, h := range hits {
		i, ok := at[h.ProposalID]
		if !ok {
			i = len(groups)
			at[h.ProposalID] = i
			groups = append(groups, Group{ProposalID: h.ProposalID, Kind: h.Kind, Title: h.Title, Proposer: h.Proposer, Year: h.Year,
				LeadDepartment: h.LeadDepartment, CoDepartments: h.CoDepartments, Score: h.Score})
		}
		groups[i].Count++
		groups[i].Hits = append(groups[i].Hits, h)
	}
	return groups
}

// ErrNotFound is returned for an unknown proposal or suggestion id.
var ErrNotFound = errors.New("not found")
