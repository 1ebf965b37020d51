package search

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/govreply/precedent/indexer"
	"github.com/govreply/precedent/record"
)

// A SuggestionRecord is a suggestion as stored, with what the index derived.
type SuggestionRecord struct {
	ID     string         `json:"id"`
	No     int            `json:"no"`
	Text   string         `json:"text"`
	Reply  record.Reply   `json:"reply"`
	Status []string       `json:"status"`
	Topics []string       `json:"topics"`
	Extra  []record.Field `json:"extra,omitempty"` // the source's columns the import did not map
}

// A ProposalRecord is a whole record as stored: every suggestion and its
// reply, verbatim, and what the index derived (year, statuses, topics, days
// to reply).
type ProposalRecord struct {
	ID             string             `json:"id"`
	Kind           string             `json:"kind,omitempty"`
	Title          string             `json:"title"`
	Proposer       string             `json:"proposer"`
	CoProposers    []string           `json:"co_proposers,omitempty"`
	Year           int                `json:"year"`
	LeadDepartment string             `json:"lead_department"`
	CoDepartments  []string           `json:"co_departments"`
	Submitted      string             `json:"submitted,omitempty"`
	Replied        string             `json:"replied,omitempty"`
	DaysToReply    *int               `json:"days_to_reply,omitempty"`
	Class          string             `json:"class,omitempty"`        // the result class as written
	ClassStatus    string             `json:"class_status,omitempty"` // the status it maps to
	Category       string             `json:"category,omitempty"`
	Topics         []string           `json:"topics"`
	Suggestions    []SuggestionRecord `json:"suggestions"`
}

// Proposal converts the record back to the import model.
func (r *ProposalRecord) Proposal() record.Proposal {
	p := record.Proposal{ID: r.ID, Kind: r.Kind, Year: r.Year, Title: r.Title, Proposer: r.Proposer, CoProposers: nilIfEmpty(r.CoProposers),
		LeadDepartment: r.LeadDepartment, CoDepartments: nilIfEmpty(r.CoDepartments), Submitted: r.Submitted, Replied: r.Replied,
		Class: r.Class, Category: r.Category}
	for _, s := range r.Suggestions {
		p.Suggestions = append(p.Suggestions, record.Suggestion{No: s.No, Text: s.Text, Reply: s.Reply, Extra: s.Extra})
	}
	return p
}

func nilIfEmpty(ss []string) []string {
	if len(ss) == 0 {
		return nil
	}
	return ss
}

var allStored = []string{"*"}

// Proposal returns the record with the given id, or ErrNotFound.
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

// Document returns the suggestion document with the given id (20190720-1,
// or a whole record's own id) as a record holding that suggestion only, or
// ErrNotFound.
func (s *Searcher) Document(ctx context.Context, id string) (*ProposalRecord, error) {
	req := bleve.NewSearchRequestOptions(query.NewDocIDQuery([]string{id}), 1, 0, false)
	req.Fields = allStored
	res, err := s.run(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("document %s: %w", id, err)
	}
	if len(res.Hits) == 0 {
		return nil, ErrNotFound
	}
	recs := toProposals(res.Hits)
	return &recs[0], nil
}

// splitProposers splits the stored proposer field (the proposer, then the
// co-proposers, one a line).
func splitProposers(v any) (string, []string) {
	lines := strings.Split(str(v), "\n")
	if len(lines) == 1 {
		return lines[0], nil
	}
	return lines[0], lines[1:]
}

// toProposals rebuilds records from suggestion documents with all fields,
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
			proposer, co := splitProposers(f[indexer.FieldProposer])
			pr := ProposalRecord{ID: pid, Kind: str(f[indexer.FacetKind]), Title: str(f[indexer.FieldTitle]),
				Proposer: proposer, CoProposers: co, Year: year,
				LeadDepartment: str(f[indexer.FacetLead]), CoDepartments: strs(f[indexer.FacetCo]),
				Submitted: str(f[indexer.FieldSubmitted]), Replied: str(f[indexer.FieldReplied]),
				Class: str(f[indexer.FieldClass]), Category: str(f[indexer.FieldCategory]), Topics: []string{}}
			if d, err := strconv.Atoi(str(f[indexer.FieldReplyDays])); err == nil {
				pr.DaysToReply = &d
			}
			if c, ok := record.ParseClass(pr.Class); ok {
				pr.ClassStatus = string(c.Status)
			}
			out = append(out, pr)
		}
		no := 0
		if n, ok := f[indexer.FieldSuggestionNo].(float64); ok {
			no = int(n)
		}
		sr := SuggestionRecord{ID: dm.ID, No: no, Text: str(f[indexer.FieldSuggestion]),
			Reply: record.Reply{Done: str(f[indexer.FieldDone]), InProgress: str(f[indexer.FieldInProgress]),
				Planned: str(f[indexer.FieldPlanned]), NotAdopted: str(f[indexer.FieldNotAdopted]), Letter: str(f[indexer.FieldLetter])},
			Status: orderStatuses(strs(f[indexer.FacetStatus])), Topics: strs(f[indexer.FacetTopic])}
		if e := str(f[indexer.FieldExtra]); e != "" {
			json.Unmarshal([]byte(e), &sr.Extra) // written by indexer.Document
		}
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

// Export calls fn with the records matching r, with only their matching
// suggestions, best match first (or in import order when r has no query and
// sorts by relevance), up to limit suggestions (0: all).
func (s *Searcher) Export(ctx context.Context, r Request, limit int, fn func(*ProposalRecord) error) error {
	if err := r.Validate(); err != nil {
		return err
	}
	if limit <= 0 {
		limit = math.MaxInt
	}
	q := s.buildQuery(r).q
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

// All returns every indexed record in import order: what the index holds,
// for export and for checking that nothing was lost.
func (s *Searcher) All(ctx context.Context) ([]record.Proposal, error) {
	var out []record.Proposal
	at := map[string]int{}
	err := s.Export(ctx, Request{}, 0, func(p *ProposalRecord) error {
		// A record may straddle two pages: merge.
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
