package search

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/govreply/precedent/indexer"
)

// A SuggestionRecord is a suggestion as stored, with what the index derived.
type SuggestionRecord struct {
	ID     string        `json:"id"`
	No     int           `json:"no"`
	Text   string        `json:"text"`
	Reply  indexer.Reply `json:"reply"`
	Status []string      `json:"status"`
	Topics []string      `json:"topics"`
}

// A ProposalRecord is a whole proposal as stored: every suggestion and the
// four reply columns, verbatim.
type ProposalRecord struct {
	ID             string             `json:"id"`
	Title          string             `json:"title"`
	Proposer       string             `json:"proposer"`
	Year           int                `json:"year"`
	LeadDepartment string             `json:"lead_department"`
	CoDepartments  []string           `json:"co_departments"`
	Topics         []string           `json:"topics"`
	Suggestions    []SuggestionRecord `json:"suggestions"`
}

// Proposal converts the record back to the import model.
func (r *ProposalRecord) Proposal() indexer.Proposal {
	p := indexer.Proposal{ID: r.ID, Title: r.Title, Proposer: r.Proposer, LeadDepartment: r.LeadDepartment, CoDepartments: r.CoDepartments}
	for _, s := range r.Suggestions {
		p.Suggestions = append(p.Suggestions, indexer.Suggestion{No: s.No, Text: s.Text, Reply: s.Reply})
	}
	return p
}

var allStored = []string{"*"}

// Proposal returns the proposal with the given id, or ErrNotFound.
func (s *Searcher) Proposal(ctx context.Context, id string) (*ProposalRecord, error) {
	tq := query.NewTermQuery(id)
	tq.SetField(indexer.FieldProposalID)
	req := bleve.NewSearchRequestOptions(tq, 10000, 0, false)
	req.Fields = allStored
	req.SortBy([]string{indexer.FieldSuggestionNo})
	res, err := s.run(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("proposal %s: %w", id, err)
	}
	if len(res.Hits) == 0 {
		return nil, ErrNotFound
	}
	recs := toProposals(res.Hits)
	return &recs[0], nil
}

// toProposals rebuilds proposals from suggestion documents with all fields,
// in the order the documents come.
func toProposals(hits bsearch.DocumentMatchCollection) []ProposalRecord {
	var out []ProposalRecord
	at := map[string]int{}
	for _, dm := range hits {
		f := dm.Fields
		pid := str(f[indexer.FieldProposalID])
		i, ok := at[pid]
		if !ok {
			i = len(out)
			at[pid] = i
			year, _ := strconv.Atoi(str(f[indexer.FacetYear]))
			out = append(out, ProposalRecord{ID: pid, Title: str(f[indexer.FieldTitle]), Proposer: str(f[indexer.FieldProposer]),
				Year: year, LeadDepartment: str(f[indexer.FacetLead]), CoDepartments: strs(f[indexer.FacetCo]), Topics: []string{}})
		}
		no := 0
		if n, ok := f[indexer.FieldSuggestionNo].(float64); ok {
			no = int(n)
		}
		sr := SuggestionRecord{ID: dm.ID, No: no, Text: str(f[indexer.FieldSuggestion]),
			Reply: indexer.Reply{Done: str(f[indexer.FieldDone]), InProgress: str(f[indexer.FieldInProgress]),
				Planned: str(f[indexer.FieldPlanned]), NotAdopted: str(f[indexer.FieldNotAdopted])},
			Status: orderStatuses(strs(f[indexer.FacetStatus])), Topics: strs(f[indexer.FacetTopic])}
		p := &out[i]
		p.Suggestions = append(p.Suggestions, sr)
		for _, t := range sr.Topics {
			if !slices.Contains(p.Topics, t) {
				p.Topics = append(p.Topics, t)
			}
		}
	}
	return out
}

// MaxExport bounds the suggestions one export over HTTP writes.
const MaxExport = 100000

// Export calls fn with the proposals matching r, with only their matching
// suggestions, best match first (or in import order when r has no query and
// sorts by relevance), up to limit suggestions (0: all).
func (s *Searcher) Export(ctx context.Context, r Request, limit int, fn func(*ProposalRecord) error) error {
	if err := r.Validate(); err != nil {
		return err
	}
	if limit <= 0 {
		limit = math.MaxInt
	}
	q, _, _, _ := s.buildQuery(r)
	const page = 1000
	for from := 0; from < limit; from += page {
		req := bleve.NewSearchRequestOptions(q, min(page, limit-from), from, false)
		req.Fields = allStored
		order := sortOrder(r)
		if r.Query == "" && r.Sort == ByRelevance {
			order = []string{indexer.FieldSeq, indexer.FieldSuggestionNo}
		}
		req.SortBy(order)
		res, err := s.run(ctx, req)
		if err != nil {
			return err
		}
		for _, p := range toProposals(res.Hits) {
			if err := fn(&p); err != nil {
				return err
			}
		}
		if len(res.Hits) < page {
			return nil
		}
	}
	return nil
}

// All returns every indexed proposal in import order: what the index holds,
// for export and for checking that nothing was lost.
func (s *Searcher) All(ctx context.Context) ([]indexer.Proposal, error) {
	var out []indexer.Proposal
	at := map[string]int{}
	err := s.Export(ctx, Request{}, 0, func(p *ProposalRecord) error {
		// A proposal may straddle two pages: merge.
		if i, ok := at[p.ID]; ok {
			out[i].Suggestions = append(out[i].Suggestions, p.Proposal().Suggestions...)
			return nil
		}
		at[p.ID] = len(out)
		out = append(out, p.Proposal())
		return nil
	})
	return out, err
}
