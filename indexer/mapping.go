package indexer

import (
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/mapping"

	"github.com/govreply/precedent/dict"
)

// Field names of a suggestion document.
const (
	FieldProposalID   = "proposal_id"
	FieldSuggestionNo = "suggestion_no"
	FieldTitle        = "title"
	FieldProposer     = "proposer"
	FieldSuggestion   = "suggestion"
	FieldDone         = "done"
	FieldInProgress   = "in_progress"
	FieldPlanned      = "planned"
	FieldNotAdopted   = "not_adopted"
	FieldDepartments  = "departments" // lead and co-departments as text
	FieldSeq          = "seq"         // the proposal's place in its import, to export in the same order

	// Keyword fields for filters and facets.
	FacetDepartment = "department" // lead and co-departments
	FacetLead       = "lead"
	FacetCo         = "co"
	FacetProposer   = "proposer_name"
	FacetYear       = "year"
	FacetTopic      = "topic"
	FacetStatus     = "status"
	FacetTitle      = "title_exact" // the whole title, for completion
)

// TextFields are the analysed text fields shown with highlights, in display order.
var TextFields = []string{FieldTitle, FieldProposer, FieldSuggestion, FieldDone, FieldInProgress, FieldPlanned, FieldNotAdopted}

// Mapping is the index mapping: one document per suggestion carrying its
// proposal's fields, BM25 scoring, Chinese text fields stored with term
// vectors for highlighting, keyword fields for facets.
func Mapping() mapping.IndexMapping {
	text := func(store bool) *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = dict.AnalyzerName
		f.Store = store
		f.IncludeTermVectors = true
		f.IncludeInAll = false
		f.DocValues = false
		return f
	}
	kw := func(store bool) *mapping.FieldMapping {
		f := bleve.NewKeywordFieldMapping()
		f.Analyzer = keyword.Name
		f.Store = store
		f.IncludeInAll = false
		f.IncludeTermVectors = false
		return f
	}
	num := bleve.NewNumericFieldMapping()
	num.IncludeInAll = false

	doc := bleve.NewDocumentStaticMapping()
	for _, f := range TextFields {
		doc.AddFieldMappingsAt(f, text(true))
	}
	doc.AddFieldMappingsAt(FieldDepartments, text(false))
	doc.AddFieldMappingsAt(FieldProposalID, kw(true))
	doc.AddFieldMappingsAt(FieldSuggestionNo, num)
	doc.AddFieldMappingsAt(FieldSeq, num)
	doc.AddFieldMappingsAt(FacetLead, kw(true))
	doc.AddFieldMappingsAt(FacetCo, kw(true))
	doc.AddFieldMappingsAt(FacetDepartment, kw(false))
	doc.AddFieldMappingsAt(FacetProposer, kw(false))
	doc.AddFieldMappingsAt(FacetYear, kw(true))
	doc.AddFieldMappingsAt(FacetTopic, kw(true))
	doc.AddFieldMappingsAt(FacetStatus, kw(true))
	doc.AddFieldMappingsAt(FacetTitle, kw(false))

	im := bleve.NewIndexMapping()
	im.DefaultMapping = doc
	im.DefaultAnalyzer = dict.AnalyzerName
	im.ScoringModel = "bm25"
	im.StoreDynamic = false
	im.IndexDynamic = false
	im.DocValuesDynamic = false
	return im
}

// Document is the indexed form of suggestion s of proposal p; topics are the
// taxonomy's topics for it.
func Document(p *Proposal, s *Suggestion, topics []string) map[string]any {
	statuses := []string{}
	for _, st := range s.Reply.Statuses() {
		statuses = append(statuses, string(st))
	}
	depts := append([]string{}, p.CoDepartments...)
	if p.LeadDepartment != "" {
		depts = append([]string{p.LeadDepartment}, depts...)
	}
	doc := map[string]any{
		FieldProposalID:   p.ID,
		FieldSuggestionNo: float64(s.No),
		FieldTitle:        p.Title,
		FieldProposer:     p.Proposer,
		FieldSuggestion:   s.Text,
		FieldDone:         s.Reply.Done,
		FieldInProgress:   s.Reply.InProgress,
		FieldPlanned:      s.Reply.Planned,
		FieldNotAdopted:   s.Reply.NotAdopted,
		FieldDepartments:  strings.Join(depts, "\n"),
		FacetLead:         p.LeadDepartment,
		FacetCo:           p.CoDepartments,
		FacetDepartment:   depts,
		FacetProposer:     p.Proposer,
		FacetYear:         yearString(p),
		FacetTopic:        topics,
		FacetStatus:       statuses,
		FacetTitle:        p.Title,
	}
	for k, v := range doc {
		if v == "" {
			delete(doc, k) // an empty column is no text: nothing to index or show
		}
	}
	return doc
}

// Topics assigns the taxonomy's topics to suggestion s of proposal p.
func Topics(t *dict.Taxonomy, p *Proposal, s *Suggestion) []string {
	topics := t.Assign(p.Title, s.Text, s.Reply.Done, s.Reply.InProgress, s.Reply.Planned, s.Reply.NotAdopted)
	if topics == nil {
		topics = []string{}
	}
	return topics
}

func yearString(p *Proposal) string {
	if y := p.Year(); y > 0 {
		return p.ID[:4]
	}
	return ""
}
