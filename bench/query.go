package bench

import (
	"context"
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/govreply/precedent/indexer"
	"github.com/govreply/precedent/record"
	"github.com/govreply/precedent/search"
)

// DraftText is the text of the "draft" and "similar" kinds: a draft of 176
// characters, the way a clerk pastes a new proposal to find earlier replies.
const DraftText = "建议我市进一步完善居家和社区养老服务体系，依托街道和社区建设长者服务中心，为高龄、失能、独居老人提供助餐、助浴、日间照料和上门护理等服务；" +
	"加大养老护理人才培养和激励力度，提高护理员薪酬待遇；推动医养结合，鼓励社区健康服务中心与养老机构签约合作；" +
	"探索时间银行互助养老模式，引导志愿者和社会组织参与为老服务，通过政府购买服务和财政补贴支持民办养老机构发展。"

// DefaultRareTerm is the rare-term query when the corpus offers none.
const DefaultRareTerm = "时间储蓄"

// A QueryKind is one query of the mix, as a request to each engine. Both
// requests ask for the same work: 10 hits sorted by score, as ours,
// the same stored fields, highlights of the same text fields with the same
// highlighter, and facets or filters when the kind has them.
type QueryKind struct {
	Name  string // short name for tables and benchmark names
	Query string // what is asked, for tables
	// Ours is the request to search.Searcher.Search, or Similar, when set,
	// the request to search.Searcher.Similar.
	Ours    search.Request
	Similar *search.SimilarRequest
	// CJK builds the baseline's request (a new one each run; it may read
	// the index, as the similar search does).
	CJK func(ctx context.Context, idx bleve.Index) (*bleve.SearchRequest, error)
	// OursOnly and CJKOnly mark kinds run against one engine only.
	OursOnly, CJKOnly bool
}

// Fields and boosts as our engine searches them (search.allFields).
var cjkFields = []struct {
	name  string
	boost float64
}{
	{indexer.FieldTitle, 3}, {indexer.FieldSuggestion, 2},
	{indexer.FieldDone, 1}, {indexer.FieldInProgress, 1}, {indexer.FieldPlanned, 1}, {indexer.FieldNotAdopted, 1},
	{indexer.FieldProposer, 1.5}, {indexer.FieldDepartments, 1},
}

// storedFields are the fields our engine loads for each hit.
var storedFields = []string{indexer.FieldProposalID, indexer.FieldSuggestionNo, indexer.FieldTitle, indexer.FieldProposer,
	indexer.FacetLead, indexer.FacetCo, indexer.FacetYear, indexer.FacetTopic, indexer.FacetStatus}

// facetFields are our engine's facets: API name → field.
var facetFields = []struct {
	name, field string
	size        int
}{
	{"department", indexer.FacetDepartment, 20}, {"lead", indexer.FacetLead, 20}, {"year", indexer.FacetYear, 20},
	{"proposer", indexer.FacetProposer, 20}, {"topic", indexer.FacetTopic, 20}, {"status", indexer.FacetStatus, len(record.Statuses)},
}

// cjkText is the baseline's text query: a MatchQuery (operator OR over the
// bigrams) per field with our boosts, or a MatchPhraseQuery per field.
func cjkText(text string, phrase bool) query.Query {
	var qs []query.Query
	for _, f := range cjkFields {
		if phrase {
			q := bleve.NewMatchPhraseQuery(text)
			q.SetField(f.name)
			q.SetBoost(f.boost)
			qs = append(qs, q)
			continue
		}
		q := bleve.NewMatchQuery(text)
		q.SetField(f.name)
		q.SetBoost(f.boost)
		q.SetOperator(query.MatchQueryOperatorOr)
		qs = append(qs, q)
	}
	return bleve.NewDisjunctionQuery(qs...)
}

// cjkOptions are the parts of a baseline request besides the text.
type cjkOptions struct {
	phrase    bool
	size      int
	facets    bool
	highlight bool
	year      int
	dept      string
	bare      bool // no stored fields and bleve's default order (score only)
}

func cjkRequest(text string, o cjkOptions) func(context.Context, bleve.Index) (*bleve.SearchRequest, error) {
	return func(context.Context, bleve.Index) (*bleve.SearchRequest, error) {
		return cjkSearchRequest(cjkText(text, o.phrase), o), nil
	}
}

// cjkSearchRequest wraps the baseline's query q in a request shaped like
// our engine's.
func cjkSearchRequest(q query.Query, o cjkOptions) *bleve.SearchRequest {
	if o.year != 0 || o.dept != "" {
		bq := bleve.NewBooleanQuery()
		bq.AddMust(q)
		var fs []query.Query
		if o.year != 0 {
			t := bleve.NewTermQuery(strconv.Itoa(o.year))
			t.SetField(indexer.FacetYear)
			fs = append(fs, t)
		}
		if o.dept != "" {
			t := bleve.NewTermQuery(o.dept)
			t.SetField(indexer.FacetDepartment)
			fs = append(fs, t)
		}
		bq.AddFilter(bleve.NewConjunctionQuery(fs...))
		q = bq
	}
	size := o.size
	if size == 0 {
		size = 10
	}
	req := bleve.NewSearchRequestOptions(q, size, 0, false)
	if !o.bare {
		req.Fields = storedFields
		req.SortBy([]string{"-_score"}) // as ours sorts by relevance
	}
	if o.highlight {
		h := bleve.NewHighlightWithStyle(search.HighlighterName)
		h.Fields = indexer.TextFields
		req.Highlight = h
	}
	if o.facets {
		for _, f := range facetFields {
			req.AddFacet(f.name, bleve.NewFacetRequest(f.field, f.size))
		}
	}
	return req
}

// similarTerms and similarFields are those of search.Searcher.Similar: the
// draft is reduced to its 16 most distinctive terms, looked for in the
// title, the suggestion and the reply columns.
const similarTerms = 16

var similarFields = cjkFields[:6]

// cjkSimilar is Searcher.Similar's more-like-this done the same way on the
// baseline: the draft analysed with the cjk analyzer (bigrams), each term
// weighed tf·idf with the index's document frequencies (read at query time,
// as ours does), the top 16 searched as term queries in the six fields with
// our boosts times the term's weight.
func cjkSimilar(text string, size int) func(context.Context, bleve.Index) (*bleve.SearchRequest, error) {
	return func(ctx context.Context, idx bleve.Index) (*bleve.SearchRequest, error) {
		an := idx.Mapping().AnalyzerNamed(cjk.AnalyzerName)
		if an == nil {
			return nil, fmt.Errorf("bench: no %s analyzer", cjk.AnalyzerName)
		}
		tf := map[string]int{}
		for _, tk := range an.Analyze([]byte(text)) {
			if t := string(tk.Term); utf8.RuneCountInString(t) >= 2 && !isNumber(t) {
				tf[t]++
			}
		}
		total, err := idx.DocCount()
		if err != nil || total == 0 {
			return nil, fmt.Errorf("bench: doc count: %v", err)
		}
		adv, err := idx.Advanced()
		if err != nil {
			return nil, err
		}
		r, err := adv.Reader()
		if err != nil {
			return nil, err
		}
		type weighted struct {
			text   string
			weight float64
		}
		var terms []weighted
		for t, f := range tf {
			df := uint64(0)
			for _, fld := range similarFields {
				tfr, err := r.TermFieldReader(ctx, []byte(t), fld.name, false, false, false)
				if err != nil {
					continue
				}
				df = max(df, tfr.Count())
				tfr.Close()
			}
			if df == 0 {
				continue
			}
			idf := math.Log(1 + (float64(total)-float64(df)+0.5)/(float64(df)+0.5))
			terms = append(terms, weighted{t, (1 + math.Log(float64(f))) * idf})
		}
		r.Close()
		sort.Slice(terms, func(i, j int) bool {
			if terms[i].weight != terms[j].weight {
				return terms[i].weight > terms[j].weight
			}
			return terms[i].text < terms[j].text
		})
		terms = terms[:min(len(terms), similarTerms)]
		var should []query.Query
		for _, t := range terms {
			var leaves []query.Query
			for _, f := range similarFields {
				tq := bleve.NewTermQuery(t.text)
				tq.SetField(f.name)
				tq.SetBoost(f.boost * t.weight / terms[0].weight)
				leaves = append(leaves, tq)
			}
			should = append(should, bleve.NewDisjunctionQuery(leaves...))
		}
		if len(should) == 0 {
			return nil, fmt.Errorf("bench: no key terms in the draft")
		}
		return cjkSearchRequest(bleve.NewDisjunctionQuery(should...), cjkOptions{size: size, highlight: true}), nil
	}
}

func isNumber(s string) bool {
	for _, r := range s {
		if (r < '0' || r > '9') && r != '.' {
			return false
		}
	}
	return true
}

// QueryMix is the fixed query mix; rare is the rare-term query (a word in
// few documents of the corpus).
//
// Our engine always highlights its hits (search.Request has no switch), so
// every baseline request highlights too and sorts as ours does (score,
// then year, then id). The baseline-only kinds show what that costs:
// "word-nohl" without highlights, "word-bare" also without stored fields and
// with bleve's own order (score only). Facets are off except in "facets".
func QueryMix(rare string) []QueryKind {
	if rare == "" {
		rare = DefaultRareTerm
	}
	hl := cjkOptions{highlight: true}
	with := func(o cjkOptions, f func(*cjkOptions)) cjkOptions { f(&o); return o }
	return []QueryKind{
		{Name: "word", Query: "养老", Ours: search.Request{Query: "养老", NoFacets: true}, CJK: cjkRequest("养老", hl)},
		{Name: "words", Query: "养老护理人才培养", Ours: search.Request{Query: "养老护理人才培养", NoFacets: true}, CJK: cjkRequest("养老护理人才培养", hl)},
		{Name: "phrase", Query: `"居家养老服务"`, Ours: search.Request{Query: `"居家养老服务"`, NoFacets: true},
			CJK: cjkRequest("居家养老服务", with(hl, func(o *cjkOptions) { o.phrase = true }))},
		{Name: "rare", Query: rare, Ours: search.Request{Query: rare, NoFacets: true}, CJK: cjkRequest(rare, hl)},
		{Name: "common", Query: "服务", Ours: search.Request{Query: "服务", NoFacets: true}, CJK: cjkRequest("服务", hl)},
		{Name: "filter", Query: "养老 year=2019 department=市民政局",
			Ours: search.Request{Query: "养老", Years: []int{2019}, Departments: []string{"市民政局"}, NoFacets: true},
			CJK:  cjkRequest("养老", with(hl, func(o *cjkOptions) { o.year, o.dept = 2019, "市民政局" }))},
		{Name: "facets", Query: "养老 + 6 facets", Ours: search.Request{Query: "养老"},
			CJK: cjkRequest("养老", with(hl, func(o *cjkOptions) { o.facets = true }))},
		{Name: "highlight", Query: "养老, 100 hits highlighted", Ours: search.Request{Query: "养老", Size: 100, NoFacets: true},
			CJK: cjkRequest("养老", with(hl, func(o *cjkOptions) { o.size = 100 }))},
		{Name: "draft", Query: fmt.Sprintf("draft text (%d chars) as the query", len([]rune(DraftText))), Ours: search.Request{Query: DraftText, NoFacets: true},
			CJK: cjkRequest(DraftText, hl)},
		{Name: "similar", Query: "draft → 16 tf·idf key terms (hits: returned)",
			Similar: &search.SimilarRequest{Text: DraftText, Size: 10}, CJK: cjkSimilar(DraftText, 10)},
		{Name: "word-nohl", Query: "养老, no highlights", CJKOnly: true, CJK: cjkRequest("养老", cjkOptions{})},
		{Name: "word-bare", Query: "养老, no hl, no fields, score-only sort", CJKOnly: true, CJK: cjkRequest("养老", cjkOptions{bare: true})},
	}
}

// Runs reports whether the kind runs against engine.
func (k QueryKind) Runs(engine string) bool {
	switch engine {
	case EngineOurs:
		return !k.CJKOnly
	case EngineCJK:
		return !k.OursOnly && k.CJK != nil
	}
	return false
}

// Run runs the kind once against the engine and returns the total hits (for
// a similar search: the hits returned).
func (k QueryKind) Run(ctx context.Context, ours *search.Searcher, cjkIdx bleve.Index, engine string) (uint64, error) {
	switch engine {
	case EngineOurs:
		if k.Similar != nil {
			resp, err := ours.Similar(ctx, *k.Similar)
			if err != nil {
				return 0, err
			}
			return uint64(len(resp.Hits)), nil
		}
		resp, err := ours.Search(ctx, k.Ours)
		if err != nil {
			return 0, err
		}
		return resp.Total, nil
	case EngineCJK:
		req, err := k.CJK(ctx, cjkIdx)
		if err != nil {
			return 0, err
		}
		res, err := cjkIdx.SearchInContext(ctx, req)
		if err != nil {
			return 0, err
		}
		if k.Similar != nil {
			return uint64(len(res.Hits)), nil
		}
		return res.Total, nil
	}
	return 0, fmt.Errorf("bench: unknown engine %q", engine)
}

// A QueryResult is the latency of one kind against one engine.
type QueryResult struct {
	Kind, Engine  string
	Hits          uint64
	Reps          int
	P50, P95, P99 time.Duration
	Mean          time.Duration
}

// RunQueryBench runs each kind reps times against both engines after warmup
// unmeasured runs. The engines take turns query by query, so that load from
// other processes on the machine falls on both alike. Progress goes to log
// (may be nil).
func RunQueryBench(ctx context.Context, ours *search.Searcher, cjkIdx bleve.Index, kinds []QueryKind, reps, warmup int, log io.Writer) ([]QueryResult, error) {
	if reps <= 0 {
		reps = 1
	}
	var out []QueryResult
	for _, k := range kinds {
		times := map[string][]time.Duration{}
		hits := map[string]uint64{}
		for i := -warmup; i < reps; i++ {
			for _, e := range Engines {
				if !k.Runs(e) {
					continue
				}
				start := time.Now()
				n, err := k.Run(ctx, ours, cjkIdx, e)
				d := time.Since(start)
				if err != nil {
					return out, fmt.Errorf("bench: query %s on %s: %w", k.Name, e, err)
				}
				hits[e] = n
				if i >= 0 {
					times[e] = append(times[e], d)
				}
			}
		}
		for _, e := range Engines {
			if !k.Runs(e) {
				continue
			}
			r := Latencies(times[e])
			r.Kind, r.Engine, r.Hits = k.Name, e, hits[e]
			out = append(out, r)
		}
		if log != nil {
			fmt.Fprintf(log, "  query %-10s done (%d reps)\n", k.Name, reps)
		}
	}
	return out, nil
}

// Latencies summarises durations: nearest-rank percentiles and the mean.
func Latencies(ds []time.Duration) QueryResult {
	r := QueryResult{Reps: len(ds)}
	if len(ds) == 0 {
		return r
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	rank := func(p float64) time.Duration {
		i := int(math.Ceil(p*float64(len(s)))) - 1
		return s[max(0, min(i, len(s)-1))]
	}
	var sum time.Duration
	for _, d := range s {
		sum += d
	}
	r.P50, r.P95, r.P99 = rank(0.50), rank(0.95), rank(0.99)
	r.Mean = sum / time.Duration(len(s))
	return r
}
