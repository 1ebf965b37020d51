// Package indexer reads proposals and their replies from the formats staff
// export (the Word table as text, CSV, JSON Lines, xlsx) and builds the bleve
// index the search package reads.
package indexer

import (
	"strconv"
	"strings"
)

// A Proposal is one CPPCC proposal or NPC suggestion with the handling
// department's reply to each of its numbered suggestions.
type Proposal struct {
	ID             string       `json:"id"`              // 8 digits: year + number, e.g. 20190720
	Title          string       `json:"title"`           // 标题
	Proposer       string       `json:"proposer"`        // 提案人: a person or a body
	LeadDepartment string       `json:"lead_department"` // 主办单位
	CoDepartments  []string     `json:"co_departments"`  // 协办单位
	Suggestions    []Suggestion `json:"suggestions"`
}

// A Suggestion is one numbered suggestion of a proposal and its reply.
type Suggestion struct {
	No    int    `json:"no"`   // 1-based position within the proposal
	Text  string `json:"text"` // the suggestion as the proposer wrote it
	Reply Reply  `json:"reply"`
}

// A Reply is the department's answer to one suggestion, in the four columns
// of the reply form. Empty columns are empty strings.
type Reply struct {
	Done       string `json:"done"`        // 已落实
	InProgress string `json:"in_progress"` // 正在落实
	Planned    string `json:"planned"`     // 计划落实
	NotAdopted string `json:"not_adopted"` // 未能落实 and why
}

// Status names one column of a reply. A suggestion's status is the set of
// columns its reply fills.
type Status string

// The reply statuses, in the order of the reply form.
const (
	Done       Status = "done"
	InProgress Status = "in_progress"
	Planned    Status = "planned"
	NotAdopted Status = "not_adopted"
)

// Statuses lists every status in the order of the reply form.
var Statuses = []Status{Done, InProgress, Planned, NotAdopted}

// Label is the status's name on the reply form.
func (s Status) Label() string {
	switch s {
	case Done:
		return "已落实"
	case InProgress:
		return "正在落实"
	case Planned:
		return "计划落实"
	case NotAdopted:
		return "未能落实"
	}
	return string(s)
}

// ParseStatus accepts a status's code or its Chinese label.
func ParseStatus(s string) (Status, bool) {
	s = strings.TrimSpace(s)
	for _, st := range Statuses {
		if s == string(st) || s == st.Label() {
			return st, true
		}
	}
	return "", false
}

// Column returns the text of the reply column for status s.
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

// Statuses returns the statuses whose columns are filled.
func (r Reply) Statuses() []Status {
	var out []Status
	for _, s := range Statuses {
		if r.Column(s) != "" {
			out = append(out, s)
		}
	}
	return out
}

// Year is the year the proposal was filed, from the first four digits of its
// id, or 0 when the id does not start with a year.
func (p *Proposal) Year() int {
	if len(p.ID) < 4 {
		return 0
	}
	y, err := strconv.Atoi(p.ID[:4])
	if err != nil {
		return 0
	}
	return y
}

// SuggestionID is the document id of suggestion no of proposal id: "20190720-1".
func SuggestionID(proposalID string, no int) string {
	return proposalID + "-" + strconv.Itoa(no)
}

// SplitSuggestionID splits "20190720-1" into the proposal id and the number.
func SplitSuggestionID(id string) (proposalID string, no int, ok bool) {
	i := strings.LastIndexByte(id, '-')
	if i <= 0 {
		return "", 0, false
	}
	n, err := strconv.Atoi(id[i+1:])
	if err != nil || n <= 0 {
		return "", 0, false
	}
	return id[:i], n, true
}
