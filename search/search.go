// Package search answers queries over an index built by the indexer: ranked
// suggestions with highlighted fragments and facet counts, filters, grouping
// by proposal, whole proposals, related earlier replies and completions.
package search

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/govreply/precedent/dict"
	"github.com/govreply/precedent/indexer"
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

// The orders.
const (
	ByRelevance Sort = "relevance"
	ByYearDesc  Sort = "year_desc"
	ByYearAsc   Sort = "year_asc"
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
	Departments []string // lead or co-department
	Leads       []string
	Years       []int
	YearFrom    int // inclusive; 0 = open
	YearTo      int
	Proposers   []string
	Topics      []string
	Statuses    []indexer.Status
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
	Title          string              `json:"title"`
	Proposer       string              `json:"proposer"`
	Year           int                 `json:"year"`
	LeadDepartment string              `json:"lead_department"`
	CoDepartments  []string            `json:"co_departments"`
	Topics         []string            `json:"topics"`
	Status         []string            `json:"status"`
	Score          float64             `json:"score"`
	Highlights     map[string][]string `json:"highlights"`
}

// A Group is one proposal with its matching suggestions, best first.
type Group struct {
	ProposalID     string   `json:"proposal_id"`
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
	Expansions  []Expansion             `json:"expansions,omitempty"`
}

// FacetNames are the facets a response carries, by their API names.
var FacetNames = []string{"department", "lead", "year", "proposer", "topic", "status"}

var facetField = map[string]string{
	"department": indexer.FacetDepartment, "lead": indexer.FacetLead, "year": indexer.FacetYear,
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
	idx    bleve.Index   // the index, or an alias over the year shards
	shards []bleve.Index // the indexes behind idx (one when not sharded)
	meta   indexer.Meta
	a      *dict.Analyzer
	comp   completer
	facets *facetState // the facet table of a single index
	dfs    dfCache     // document frequencies of draft terms
}

// Open opens the current index of dataDir for searching, or, when dataDir
// holds year shards (indexer.BuildShards), all of them behind one alias.
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
	idx, meta, err := indexer.Open(dataDir, a)
	if err != nil {
		return nil, err
	}
	return &Searcher{idx: idx, shards: []bleve.Index{idx}, meta: meta, a: a, facets: newFacetState(idx)}, nil
}

// openShards opens year shards behind a bleve IndexAlias. Searches over it
// use global scoring: BM25 statistics summed over all shards, so a score
// means the same whichever shard a document is in.
func openShards(dirs []string, a *dict.Analyzer) (*Searcher, error) {
	s := &Searcher{a: a}
	for _, d := range dirs {
		idx, m, err := indexer.Open(d, a)
		if err != nil {
			s.Close()
			return nil, err
		}
		s.shards = append(s.shards, idx)
		s.meta.AnalysisVersion = m.AnalysisVersion
		s.meta.Proposals += m.Proposals
		s.meta.Suggestions += m.Suggestions
		s.meta.Sources = append(s.meta.Sources, m.Sources...)
		if m.BuiltAt.After(s.meta.BuiltAt) {
			s.meta.BuiltAt = m.BuiltAt
		}
	}
	s.idx = bleve.NewIndexAlias(s.shards...)
	return s, nil
}

// Close closes the index.
func (s *Searcher) Close() error {
	if s.facets != nil {
		s.facets.stop()
	}
	var first error
	for _, idx := range s.shards {
		if err := idx.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// Shards is the number of indexes searched (1 when not sharded).
func (s *Searcher) Shards() int { return len(s.shards) }

// run runs a bleve request, with global scoring over shards.
func (s *Searcher) run(ctx context.Context, req *bleve.SearchRequest) (*bleve.SearchResult, error) {
	if len(s.shards) > 1 {
		ctx = context.WithValue(ctx, bsearch.SearchTypeKey, bsearch.GlobalScoring)
	}
	return s.idx.SearchInContext(ctx, req)
}

// Meta describes the index searched.
func (s *Searcher) Meta() indexer.Meta { return s.meta }

// Analyzer is the analysis the searcher uses.
func (s *Searcher) Analyzer() *dict.Analyzer { return s.a }

// DocCount is the number of suggestions indexed.
func (s *Searcher) DocCount() uint64 {
	var n uint64
	for _, idx := range s.shards {
		c, _ := idx.DocCount()
		n += c
	}
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
	case ByRelevance, ByYearDesc, ByYearAsc:
	default:
		return &RequestError{"sort", fmt.Sprintf("%q: want relevance, year_desc or year_asc", r.Sort)}
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
	for _, st := range r.Statuses {
		if _, ok := indexer.ParseStatus(string(st)); !ok {
			return &RequestError{"status", fmt.Sprintf("%q: want done, in_progress, planned or not_adopted", st)}
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
	q, hl, exps := s.buildQuery(r)
	resp, err := s.searchQuery(ctx, q, hl, r)
	if err != nil {
		return nil, err
	}
	resp.Expansions = exps
	resp.TookMS = float64(time.Since(start).Microseconds()) / 1000
	return resp, nil
}

// searchQuery runs a built query with r's paging, sorting, facets and
// grouping, and highlights the hits shown with hl (nil: with q).
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
	if r.Group == ByProposal {
		size, from = groupScan, 0
	}
	req := bleve.NewSearchRequestOptions(q, size, from, false)
	// The page's stored fields are loaded with its highlights, one read of
	// each document; grouping needs them for every hit scanned.
	load := r.Group != ByProposal
	if !load {
		req.Fields = storedFields
	}
	req.SortBy(sortOrder(r))
	// Facets are counted from the facet table when it is ready, else by bleve.
	var fc *facetCount
	if t := s.facetTable(); t != nil && !r.NoFacets {
		fc = t.newCount()
	}
	res, err := s.collect(ctx, req, r, fc)
	if err == nil && fc != nil && fc.miss {
		fc = nil
		res, err = s.collect(ctx, req, r, nil)
	}
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("search: %w", err)
	}
	resp.Total = res.Total
	for _, dm := range res.Hits {
		resp.Hits = append(resp.Hits, toHit(dm))
	}
	if !r.NoFacets {
		resp.Facets = map[string][]FacetValue{}
		for _, name := range FacetNames {
			n, byValue := facetSize(name, r), name == "year"
			if fc != nil {
				resp.Facets[name] = fc.values(name, n, byValue)
			} else {
				resp.Facets[name] = facetValues(res.Facets[name], byValue)
			}
		}
	}
	if r.Group == ByProposal {
		groups := groupHits(resp.Hits)
		resp.TotalGroups = len(groups)
		lo := min(from+(r.Page-1)*r.Size, len(groups))
		hi := min(lo+r.Size, len(groups))
		resp.Groups = groups[lo:hi]
		resp.Hits = []Hit{}
		for _, g := range resp.Groups {
			resp.Hits = append(resp.Hits, g.Hits...)
		}
	}
	if hl == nil {
		hl = q
	}
	if err := s.highlight(ctx, hl, resp.Hits, load); err != nil {
		return nil, err
	}
	resp.TookMS = float64(time.Since(start).Microseconds()) / 1000
	return resp, nil
}

// excludeIDs adds documents that must not match to a built query.
func excludeIDs(q query.Query, ids []string) {
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

// collect runs req, counting facets with fc, or with bleve when fc is nil
// and r asks for facets.
func (s *Searcher) collect(ctx context.Context, req *bleve.SearchRequest, r Request, fc *facetCount) (*bleve.SearchResult, error) {
	req.Facets = nil
	switch {
	case fc != nil:
		ctx = context.WithValue(ctx, bsearch.MakeDocumentMatchHandlerKey, bsearch.MakeDocumentMatchHandler(fc.handlerMaker))
	case !r.NoFacets:
		for _, name := range FacetNames {
			req.AddFacet(name, bleve.NewFacetRequest(facetField[name], facetSize(name, r)))
		}
	}
	return s.run(ctx, req)
}

// facetSize is how many values of facet name a response carries.
func facetSize(name string, r Request) int {
	if name == "status" {
		return len(indexer.Statuses)
	}
	return r.FacetSize
}

// highlight fills in the fragments of the hits shown, and with load their
// stored fields. It runs apart from the ranking search, on these documents
// only: asking bleve for highlights makes it record every match position of
// every matching document, which costs more than the ranking itself on
// common words.
func (s *Searcher) highlight(ctx context.Context, q query.Query, hits []Hit, load bool) error {
	if len(hits) == 0 {
		return nil
	}
	ids := make([]string, len(hits))
	for i, h := range hits {
		ids[i] = h.ID
	}
	req := bleve.NewSearchRequestOptions(query.NewConjunctionQuery([]query.Query{q, query.NewDocIDQuery(ids)}), len(ids), 0, false)
	h := bleve.NewHighlightWithStyle(HighlighterName)
	h.Fields = indexer.TextFields
	req.Highlight = h
	if load {
		req.Fields = storedFields
	}
	res, err := s.run(ctx, req)
	if err != nil {
		return fmt.Errorf("highlight: %w", err)
	}
	found := make(map[string]*bsearch.DocumentMatch, len(res.Hits))
	for _, dm := range res.Hits {
		found[dm.ID] = dm
	}
	var missing []string
	for i := range hits {
		dm, ok := found[hits[i].ID]
		if !ok {
			missing = append(missing, hits[i].ID)
			continue
		}
		if load {
			score := hits[i].Score
			hits[i] = toHit(dm)
			hits[i].Score = score
		}
		hits[i].Highlights = fragments(dm)
	}
	if load && len(missing) > 0 {
		return s.loadFields(ctx, hits, missing)
	}
	return nil
}

// loadFields fills in the stored fields of the hits with the ids.
func (s *Searcher) loadFields(ctx context.Context, hits []Hit, ids []string) error {
	req := bleve.NewSearchRequestOptions(query.NewDocIDQuery(ids), len(ids), 0, false)
	req.Fields = storedFields
	res, err := s.run(ctx, req)
	if err != nil {
		return fmt.Errorf("load: %w", err)
	}
	for _, dm := range res.Hits {
		for i := range hits {
			if hits[i].ID == dm.ID {
				score := hits[i].Score
				hits[i] = toHit(dm)
				hits[i].Score = score
			}
		}
	}
	return nil
}

var storedFields = []string{indexer.FieldProposalID, indexer.FieldSuggestionNo, indexer.FieldTitle, indexer.FieldProposer,
	indexer.FacetLead, indexer.FacetCo, indexer.FacetYear, indexer.FacetTopic, indexer.FacetStatus}

func sortOrder(r Request) []string {
	empty := strings.TrimSpace(r.Query) == ""
	switch {
	case r.Sort == ByYearDesc || (r.Sort == ByRelevance && empty):
		return []string{"-" + indexer.FacetYear, "-_score", indexer.FieldProposalID, indexer.FieldSuggestionNo}
	case r.Sort == ByYearAsc:
		return []string{indexer.FacetYear, "-_score", indexer.FieldProposalID, indexer.FieldSuggestionNo}
	}
	// Score alone: tie-breaking on stored values makes bleve read them for
	// every matching document. Equal scores keep the index's own order,
	// which is stable for a given index, so pages do not overlap.
	return []string{"-_score"}
}

func toHit(dm *bsearch.DocumentMatch) Hit {
	h := Hit{ID: dm.ID, Score: dm.Score, Highlights: map[string][]string{}}
	h.ProposalID = str(dm.Fields[indexer.FieldProposalID])
	if n, ok := dm.Fields[indexer.FieldSuggestionNo].(float64); ok {
		h.SuggestionNo = int(n)
	}
	h.Title = str(dm.Fields[indexer.FieldTitle])
	h.Proposer = str(dm.Fields[indexer.FieldProposer])
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
	for _, st := range indexer.Statuses {
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
			groups = append(groups, Group{ProposalID: h.ProposalID, Title: h.Title, Proposer: h.Proposer, Year: h.Year,
				LeadDepartment: h.LeadDepartment, CoDepartments: h.CoDepartments, Score: h.Score})
		}
		groups[i].Count++
		groups[i].Hits = append(groups[i].Hits, h)
	}
	return groups
}

// ErrNotFound is returned for an unknown proposal or suggestion id.
var ErrNotFound = errors.New("not found")
