package eval

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/govreply/precedent/bench"
	"github.com/govreply/precedent/dict"
	"github.com/govreply/precedent/indexer"
	"github.com/govreply/precedent/record"
	"github.com/govreply/precedent/search"
)

// Ours is the project's engine.
type Ours struct {
	S        *search.Searcher
	NoExpand bool
	Label    string
}

// Name implements Engine.
func (o Ours) Name() string {
	if o.Label != "" {
		return o.Label
	}
	return "precedent"
}

// Request turns a judged query into a search request.
func Request(q Query, k int) (search.Request, error) {
	r := search.Request{Query: q.Query, Size: k, NoFacets: true,
		Departments: q.Filters["department"], Leads: q.Filters["lead"], Proposers: q.Filters["proposer"], Topics: q.Filters["topic"]}
	for _, y := range q.Filters["year"] {
		n, err := strconv.Atoi(y)
		if err != nil {
			return r, fmt.Errorf("year %q", y)
		}
		r.Years = append(r.Years, n)
	}
	for _, s := range q.Filters["status"] {
		st, ok := record.ParseStatus(s)
		if !ok {
			return r, fmt.Errorf("status %q", s)
		}
		r.Statuses = append(r.Statuses, st)
	}
	return r, nil
}

// Search implements Engine.
func (o Ours) Search(q Query, k int) ([]string, uint64, error) {
	r, err := Request(q, k)
	if err != nil {
		return nil, 0, err
	}
	r.NoExpand = o.NoExpand
	resp, err := o.S.Search(context.Background(), r)
	if err != nil {
		return nil, 0, err
	}
	ids := make([]string, 0, len(resp.Hits))
	for _, h := range resp.Hits {
		ids = append(ids, h.ID)
	}
	return ids, resp.Total, nil
}

// CJK is the baseline: bleve's built-in cjk analyzer (unicode tokens, width
// folding, bigrams) on the project's mapping (BM25), queried with a match
// query (words OR-ed) per field with the same field boosts and filters.
type CJK struct {
	Index bleve.Index
	dir   string // the temporary directory of the index, removed by Close
}

// BuildCJK indexes proposals with bench.BuildCJK, the same baseline the
// speed benchmarks use, in a temporary directory that Close removes. Topics
// are assigned with the taxonomy, as the project's index does. (An index in
// memory would be bleve's older upside-down kind, which scores TF-IDF rather
// than the mapping's BM25 and takes 1.5 minutes and 2 GB for the real-text
// corpus where this takes 12 s.)
func BuildCJK(ps []record.Proposal, a *dict.Analyzer) (*CJK, error) {
	dir, err := os.MkdirTemp("", "precedent-eval-cjk-")
	if err != nil {
		return nil, err
	}
	path := filepath.Join(dir, "index")
	if err := bench.BuildCJK(path, ps, a, 0); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	idx, err := bleve.Open(path)
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	return &CJK{Index: idx, dir: dir}, nil
}

// Close closes the index and removes its directory.
func (c *CJK) Close() error {
	err := c.Index.Close()
	if c.dir != "" {
		if rerr := os.RemoveAll(c.dir); err == nil {
			err = rerr
		}
	}
	return err
}

// Name implements Engine.
func (c *CJK) Name() string { return "bleve-cjk" }

var cjkFields = map[string]float64{
	indexer.FieldTitle: 3, indexer.FieldSuggestion: 2, indexer.FieldDone: 1, indexer.FieldInProgress: 1,
	indexer.FieldPlanned: 1, indexer.FieldNotAdopted: 1, indexer.FieldProposer: 1.5, indexer.FieldDepartments: 1,
}

// Search implements Engine.
func (c *CJK) Search(q Query, k int) ([]string, uint64, error) {
	var qs []query.Query
	for f, boost := range cjkFields {
		mq := query.NewMatchQuery(q.Query)
		mq.SetField(f)
		mq.SetBoost(boost)
		qs = append(qs, mq)
	}
	bq := query.NewBooleanQuery(nil, nil, nil)
	bq.Must = query.NewDisjunctionQuery(qs)
	var filters []query.Query
	for name, field := range map[string]string{"department": indexer.FacetDepartment, "lead": indexer.FacetLead,
		"proposer": indexer.FacetProposer, "year": indexer.FacetYear, "status": indexer.FacetStatus, "topic": indexer.FacetTopic} {
		var alt []query.Query
		for _, v := range q.Filters[name] {
			tq := query.NewTermQuery(v)
			tq.SetField(field)
			alt = append(alt, tq)
		}
		if len(alt) > 0 {
			filters = append(filters, query.NewDisjunctionQuery(alt))
		}
	}
	if len(filters) > 0 {
		bq.Filter = query.NewConjunctionQuery(filters)
	}
	req := bleve.NewSearchRequestOptions(bq, k, 0, false)
	res, err := c.Index.Search(req)
	if err != nil {
		return nil, 0, err
	}
	ids := make([]string, 0, len(res.Hits))
	for _, h := range res.Hits {
		ids = append(ids, h.ID)
	}
	return ids, res.Total, nil
}
