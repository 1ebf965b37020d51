// Package record is the model every import becomes and every index is built
// from: a Proposal (a CPPCC 提案, an NPC 建议, a citizen's 留言, …) with its
// numbered suggestions and the department's reply to each, in the four
// columns of the reply form, as one letter, or both.
//
// It holds what is derived from a record the same way whatever its source:
// its year, its status over both reply schemes (the four columns and the
// A–D result classes), days to reply, and the ids of its documents.
package record

import (
	"strconv"
	"strings"
)

// A Proposal is one record of an import: a CPPCC proposal, an NPC
// suggestion, a citizen's message to an online platform, or whatever the
// import names by Kind. Its Suggestions are what the department answered,
// each with its reply; a record that is one text (a message and its reply
// letter) has a single unnumbered suggestion (No 0).
type Proposal struct {
	ID             string       `json:"id"`                     // unique within its collection: 20190720, tc20c-fj4-2549, …
	Kind           string       `json:"kind,omitempty"`         // 提案, 建议, 留言, or what the import names
	Year           int          `json:"year,omitempty"`         // filed; derived when 0 (see Derive)
	Title          string       `json:"title"`                  // 标题, 案由, 留言主题
	Proposer       string       `json:"proposer"`               // 提案人, 领衔代表: a person or a body
	CoProposers    []string     `json:"co_proposers,omitempty"` // 联名提案人
	LeadDepartment string       `json:"lead_department"`        // 主办单位, 承办单位
	CoDepartments  []string     `json:"co_departments"`         // 协办单位, 会办单位
	Submitted      string       `json:"submitted,omitempty"`    // 提交/留言时间 as a Date
	Replied        string       `json:"replied,omitempty"`      // 答复/办结时间 as a Date
	Class          string       `json:"class,omitempty"`        // 办理结果 as written: A类（已解决或采纳）, 留作参考, …
	Category       string       `json:"category,omitempty"`     // a topic the source gives (一级分类)
	Suggestions    []Suggestion `json:"suggestions"`
}

// A Suggestion is one numbered suggestion of a proposal and its reply, or,
// with No 0, the whole text of a record that is not split into suggestions.
type Suggestion struct {
	No    int     `json:"no"`              // 1-based position; 0: the record's one unnumbered text
	Text  string  `json:"text"`            // the suggestion or message as written
	Reply Reply   `json:"reply"`           // the department's answer
	Extra []Field `json:"extra,omitempty"` // the source row's columns the import did not map, in file order
}

// A Field is a named value a source gave that the model has no place for: a
// column the import did not recognise (留言用户, 点赞数, 备注 …). It is kept,
// stored and shown, never dropped.
type Field struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// A Reply is the department's answer to one suggestion: the four columns of
// the reply form, a reply letter, or both. Empty parts are empty strings.
type Reply struct {
	Done       string `json:"done"`             // 已落实
	InProgress string `json:"in_progress"`      // 正在落实
	Planned    string `json:"planned"`          // 计划落实
	NotAdopted string `json:"not_adopted"`      // 未能落实 and why
	Letter     string `json:"letter,omitempty"` // 答复意见: the reply as one letter
}

// Column returns the text of the reply column for status s (one of the four
// columns; "" for the others).
func (r Reply) Column(s Status) string {
	switch s {
	case Done:
		return r.Done
	case InProgress:
		return r.InProgress
	case Planned:
		return r.Planned
	case NotAdopted:
		return r.NotAdopted
	}
	return ""
}

// Columns returns the statuses whose columns are filled, in the order of the
// reply form.
func (r Reply) Columns() []Status {
	var out []Status
	for _, s := range ColumnStatuses {
		if r.Column(s) != "" {
			out = append(out, s)
		}
	}
	return out
}

// Empty reports whether the reply says nothing.
func (r Reply) Empty() bool { return r == Reply{} }

// Statuses is where the reply to suggestion s leaves it, over both schemes:
// the columns its reply fills, and the status of the record's result class
// (see ParseClass); a reply letter with neither is Replied, no reply at all
// Unanswered. The statuses come in the order of Statuses.
func (p *Proposal) Statuses(s *Suggestion) []Status {
	set := map[Status]bool{}
	for _, st := range s.Reply.Columns() {
		set[st] = true
	}
	if c, ok := ParseClass(p.Class); ok {
		set[c.Status] = true
	}
	if len(set) == 0 {
		if s.Reply.Letter != "" {
			return []Status{Replied}
		}
		return []Status{Unanswered}
	}
	var out []Status
	for _, st := range Statuses {
		if set[st] {
			out = append(out, st)
		}
	}
	return out
}

// DocID is the id of the document of suggestion s of proposal p: the
// proposal's id and the suggestion's number (20190720-1), or the proposal's
// id alone for its one unnumbered text (tc20c-fj4-2549).
func DocID(p *Proposal, s *Suggestion) string { return SuggestionID(p.ID, s.No) }

// SuggestionID is the document id of suggestion no of proposal id.
func SuggestionID(proposalID string, no int) string {
	if no == 0 {
		return proposalID
	}
	return proposalID + "-" + strconv.Itoa(no)
}

// Whole reports whether the proposal is one text, not split into numbered
// suggestions: its only suggestion is numbered 0.
func (p *Proposal) Whole() bool { return len(p.Suggestions) == 1 && p.Suggestions[0].No == 0 }

// Departments is the lead department, then the co-departments.
func (p *Proposal) Departments() []string {
	out := make([]string, 0, 1+len(p.CoDepartments))
	if p.LeadDepartment != "" {
		out = append(out, p.LeadDepartment)
	}
	return append(out, p.CoDepartments...)
}

// Proposers is the proposer, then the co-proposers.
func (p *Proposal) Proposers() []string {
	out := make([]string, 0, 1+len(p.CoProposers))
	if p.Proposer != "" {
		out = append(out, p.Proposer)
	}
	return append(out, p.CoProposers...)
}

// DaysToReply is the number of days from submission to reply, when both
// dates are known and the reply does not come first.
func (p *Proposal) DaysToReply() (int, bool) {
	if p.Submitted == "" || p.Replied == "" {
		return 0, false
	}
	d, ok := DaysBetween(p.Submitted, p.Replied)
	if !ok || d < 0 {
		return 0, false
	}
	return d, true
}

// Date is the date the record is sorted and filtered by: when it was
// submitted, else when it was replied to; "" when neither is known.
func (p *Proposal) Date() string {
	if p.Submitted != "" {
		return p.Submitted
	}
	return p.Replied
}

// Derive fills in what a record's source may leave out: the year, from the
// submission date, the id (20190720: 2019) or the reply date, in that order.
func (p *Proposal) Derive() {
	if p.Year == 0 {
		p.Year = DeriveYear(p.ID, p.Submitted, p.Replied)
	}
}

// DeriveYear is the year of a record without a year of its own: the year of
// its submission date, of its id (when the id starts with a plausible year,
// as 20190720 does), or of its reply date; 0 when none tells.
func DeriveYear(id, submitted, replied string) int {
	if y := dateYear(submitted); y > 0 {
		return y
	}
	if y := idYear(id); y > 0 {
		return y
	}
	return dateYear(replied)
}

// MinYear and MaxYear bound the years a record may have.
const (
	MinYear = 1949
	MaxYear = 2200
)

// ValidYear reports whether y is a plausible year of a record.
func ValidYear(y int) bool { return y >= MinYear && y <= MaxYear }

// idYear is the year an id starts with: four digits of a plausible year
// followed by more digits or a separator (20190720, 2019-156); 0 otherwise.
func idYear(id string) int {
	if len(id) < 5 {
		return 0
	}
	y, err := strconv.Atoi(id[:4])
	if err != nil || !ValidYear(y) {
		return 0
	}
	if c := id[4]; (c < '0' || c > '9') && !strings.ContainsRune("-_/.年", rune(c)) {
		return 0
	}
	return y
}

func dateYear(d string) int {
	if len(d) < 4 {
		return 0
	}
	y, err := strconv.Atoi(d[:4])
	if err != nil {
		return 0
	}
	return y
}

// Kinds of records the imports recognise; an import may name others.
const (
	KindProposal   = "提案" // a CPPCC member's proposal
	KindSuggestion = "建议" // an NPC deputy's suggestion
	KindMessage    = "留言" // a citizen's message to an online platform
)

// NormalizeKind maps the English names of the known kinds to theirs
// (proposal → 提案, suggestion → 建议, message → 留言) and trims the others.
func NormalizeKind(k string) string {
	k = strings.TrimSpace(k)
	switch strings.ToLower(k) {
	case "proposal", "proposals", "cppcc":
		return KindProposal
	case "suggestion", "suggestions", "npc":
		return KindSuggestion
	case "message", "messages":
		return KindMessage
	}
	return k
}
