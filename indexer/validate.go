package indexer

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

var idPattern = regexp.MustCompile(`^[0-9]{8}$`)

// validID reports whether id is a proposal id: eight digits, year first.
func validID(id string) bool {
	if !idPattern.MatchString(id) {
		return false
	}
	y := (&Proposal{ID: id}).Year()
	return y >= 1949 && y <= 2200
}

// bookmark matches the bookmarks Word leaves in exported text.
var bookmark = regexp.MustCompile(`\[bookmark: [^\]]*\]`)

// cleanCell returns a cell's text as stored: export artifacts removed,
// leading and trailing space trimmed, line ends normalised to \n.
func cleanCell(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = bookmark.ReplaceAllString(s, "")
	return strings.TrimSpace(s)
}

// splitDepartments splits a co-department cell: "市财政局,市医疗保障局".
func splitDepartments(s string) []string {
	var out []string
	for _, d := range strings.FieldsFunc(s, func(r rune) bool {
		return r == ',' || r == '，' || r == '、' || r == ';' || r == '；' || r == '\n'
	}) {
		if d = strings.TrimSpace(d); d != "" {
			out = append(out, d)
		}
	}
	return out
}

// firstInvalidUTF8 returns the 1-based line of the first invalid UTF-8 byte
// of data, or 0 when data is valid.
func firstInvalidUTF8(data []byte) int {
	if utf8.Valid(data) {
		return 0
	}
	line := 1
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size == 1 {
			return line
		}
		if data[i] == '\n' {
			line++
		}
		i += size
	}
	return line
}

// checkProposal reports what is missing from a parsed proposal.
func checkProposal(l *errList, line int, p *Proposal) {
	if !validID(p.ID) {
		l.add(line, "proposal id", "%q is not a proposal id (8 digits, year first, e.g. 20190720)", p.ID)
	}
	if p.Title == "" {
		l.add(line, "title", "proposal %s has no title", p.ID)
	}
	if len(p.Suggestions) == 0 {
		l.add(line, "suggestion", "proposal %s has no suggestions", p.ID)
	}
	for i, s := range p.Suggestions {
		if s.Text == "" {
			l.add(line, "suggestion", "proposal %s suggestion %d is empty", p.ID, i+1)
		}
	}
}
