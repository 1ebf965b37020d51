package indexer

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/mapping"

	"github.com/govreply/precedent/dict"
	"github.com/govreply/precedent/record"
)

// SchemaVersion changes whenever the documents' fields change, so that an
// index built by an older binary is refused rather than misread.
const SchemaVersion = 3 // 3: each part has a fragment index (grams.idx)

// Field names of a suggestion document.
const (
	FieldProposalID   = "proposal_id"
	FieldSuggestionNo = "suggestion_no"
	FieldTitle        = "title"
	FieldProposer     = "proposer" // the proposer, then the co-proposers, one a line
	FieldSuggestion   = "suggestion"
	FieldDone         = "done"
	FieldInProgress   = "in_progress"
	FieldPlanned      = "planned"
	FieldNotAdopted   = "not_adopted"
	FieldLetter       = "letter"      // the reply as one letter
	FieldDepartments  = "departments" // lead and co-departments as text
	FieldSeq          = "seq"         // the proposal's place in its import, to export in the same order

	// Stored only: shown and exported, not searched.
	FieldSubmitted = "submitted"
	FieldReplied   = "replied"
	FieldCategory  = "category"
	FieldClass     = "class"      // the result class as written
	FieldReplyDays = "reply_days" // days from submission to reply
	FieldExtra     = "extra"      // the source's unmapped columns, as JSON

	// Keyword fields for filters, facets and sorting.
	FacetKind       = "kind"
	FacetDepartment = "department" // lead and co-departments
	FacetLead       = "lead"
	FacetCo         = "co"
	FacetProposer   = "proposer_name" // the proposer and co-proposers
	FacetYear       = "year"
	FacetTopic      = "topic" // the taxonomy's topics and the source's own category
	FacetStatus     = "status"
	FacetTitle      = "title_exact" // the whole title, for completion
	FacetDate       = "date"        // submitted, else replied: for sorting and date ranges
	FacetDays       = "days"        // days to reply, zero-padded, for the reply-time figures
)

// TextFields are the analysed text fields shown with highlights, in display order.
var TextFields = []string{FieldTitle, FieldProposer, FieldSuggestion, FieldDone, FieldInProgress, FieldPlanned, FieldNotAdopted, FieldLetter}

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
	stored := func() *mapping.FieldMapping {
		f := kw(true)
		f.Index = false
		f.DocValues = false
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
	for _, f := range []string{FieldSubmitted, FieldReplied, FieldCategory, FieldClass, FieldReplyDays, FieldExtra} {
		doc.AddFieldMappingsAt(f, stored())
	}
	doc.AddFieldMappingsAt(FacetKind, kw(true))
	doc.AddFieldMappingsAt(FacetLead, kw(true))
	doc.AddFieldMappingsAt(FacetCo, kw(true))
	doc.AddFieldMappingsAt(FacetDepartment, kw(false))
	doc.AddFieldMappingsAt(FacetProposer, kw(false))
	doc.AddFieldMappingsAt(FacetYear, kw(true))
	doc.AddFieldMappingsAt(FacetTopic, kw(true))
	doc.AddFieldMappingsAt(FacetStatus, kw(true))
	doc.AddFieldMappingsAt(FacetTitle, kw(false))
	doc.AddFieldMappingsAt(FacetDate, kw(false))
	doc.AddFieldMappingsAt(FacetDays, kw(false))

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
// taxonomy's topics for it (see Topics).
func Document(p *record.Proposal, s *record.Suggestion, topics []string) map[string]any {
	statuses := []string{}
	for _, st := range p.Statuses(s) {
		statuses = append(statuses, string(st))
	}
	depts := p.Departments()
	doc := map[string]any{
		FieldProposalID:   p.ID,
		FieldSuggestionNo: float64(s.No),
		FieldTitle:        p.Title,
		FieldProposer:     strings.Join(p.Proposers(), "\n"),
		FieldSuggestion:   s.Text,
		FieldDone:         s.Reply.Done,
		FieldInProgress:   s.Reply.InProgress,
		FieldPlanned:      s.Reply.Planned,
		FieldNotAdopted:   s.Reply.NotAdopted,
		FieldLetter:       s.Reply.Letter,
		FieldDepartments:  strings.Join(depts, "\n"),
		FieldSubmitted:    p.Submitted,
		FieldReplied:      p.Replied,
		FieldCategory:     p.Category,
		FieldClass:        p.Class,
		FacetKind:         p.Kind,
		FacetLead:         p.LeadDepartment,
		FacetCo:           p.CoDepartments,
		FacetDepartment:   depts,
		FacetProposer:     p.Proposers(),
		FacetYear:         YearString(p.Year),
		FacetTopic:        topics,
		FacetStatus:       statuses,
		FacetTitle:        p.Title,
		FacetDate:         record.Day(p.Date()),
	}
	if d, ok := p.DaysToReply(); ok {
		doc[FieldReplyDays] = strconv.Itoa(d)
		doc[FacetDays] = DaysKey(d)
	}
	if len(s.Extra) > 0 {
		b, _ := json.Marshal(s.Extra)
		doc[FieldExtra] = string(b)
	}
	for k, v := range doc {
		if v == "" {
			delete(doc, k) // an empty column is no text: nothing to index or show
		}
	}
	return doc
}

// DaysKey is days to reply as the facet value that stores it: zero-padded,
// so values sort as numbers.
func DaysKey(d int) string {
	s := strconv.Itoa(d)
	if len(s) < 5 {
		s = strings.Repeat("0", 5-len(s)) + s
	}
	return s
}

// Topics assigns the taxonomy's topics to suggestion s of proposal p, and
// the category its source gives.
func Topics(t *dict.Taxonomy, p *record.Proposal, s *record.Suggestion) []string {
	r := s.Reply
	topics := t.Assign(p.Title, s.Text, r.Done, r.InProgress, r.Planned, r.NotAdopted, r.Letter)
	if topics == nil {
		topics = []string{}
	}
	if p.Category != "" && !contains(topics, p.Category) {
		topics = append(topics, p.Category)
	}
	return topics
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// YearString is a year as the year facet holds it; "" for 0.
func YearString(y int) string {
	if y > 0 {
		return strconv.Itoa(y)
	}
	return ""
}
