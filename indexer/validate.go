package indexer

import (
	"bytes"
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
// cleanCell(cleanCell(s)) == cleanCell(s), so a stored cell reads back the
// same after export.
func cleanCell(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = bookmark.ReplaceAllString(s, "")
	if strings.Contains(s, "\r\n") || bookmark.MatchString(s) {
		// Removing some joined up others: "\r\r\n", "\r[bookmark: x]\n",
		// "[bookm[bookmark: x]ark: y]".
		s = dropArtifacts(s)
	}
	return strings.TrimSpace(s)
}

// bookmarkOpen starts a bookmark Word leaves in exported text; the next ']'
// ends it: "[bookmark: _GoBack]".
const bookmarkOpen = "[bookmark: "

// dropArtifacts removes the bookmarks and the CRs before a LF in one pass,
// with those that removing others joins up, so that none is left: in linear
// time, where removing them again and again until none is left could take a
// pass for each CR of "\r\r…\r\n".
func dropArtifacts(s string) string {
	open := []byte(bookmarkOpen)
	out := make([]byte, 0, len(s))
	sealed := 0 // out[:sealed] ends with a kept ']': no bookmark starts in it
	from := 0   // no bookmark starts before out[from:]
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\n':
			for len(out) > 0 && out[len(out)-1] == '\r' {
				out = out[:len(out)-1]
			}
			from = max(sealed, min(from, len(out)-len(open)+1))
		case ']':
			if j := bytes.Index(out[from:], open); j >= 0 {
				out = out[:from+j]
				from = max(sealed, len(out)-len(open)+1)
				continue
			}
			out = append(out, c)
			sealed, from = len(out), len(out)
			continue
		}
		out = append(out, s[i])
	}
	return string(out)
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
