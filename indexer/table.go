package indexer

import (
	"bytes"
	"fmt"
	"io"
	"strings"
)

// TableColumns is the number of cells in a row of the table export.
const TableColumns = 10

// ParseTable reads the text Word writes when the reply table is saved as
// plain text: a cell begins at a line that starts with a tab, and the lines
// after it that do not start with a tab belong to the same cell. Ten cells
// make a row — proposal id, title, proposer, lead department,
// co-departments, suggestion, then the reply columns 已落实, 正在落实,
// 计划落实, 未能落实 — and a proposal's later rows leave the first five
// cells empty. name is used in errors.
func ParseTable(r io.Reader, name string) ([]Proposal, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	if line := firstInvalidUTF8(data); line > 0 {
		return nil, &ParseError{File: name, Line: line, Err: fmt.Errorf("not valid UTF-8 (save the file as UTF-8 text)")}
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	text := strings.ReplaceAll(string(data), "\r\n", "\n")
	if strings.TrimSpace(text) == "" {
		return nil, &ParseError{File: name, Err: fmt.Errorf("empty file")}
	}

	type cell struct {
		line int
		text string
	}
	var cells []cell
	l := &errList{file: name}
	for i, ln := range strings.Split(text, "\n") {
		trimmed := strings.TrimLeft(ln, " \uFEFF")
		switch {
		case strings.HasPrefix(trimmed, "\t"):
			cells = append(cells, cell{line: i + 1, text: trimmed[1:]})
		case len(cells) > 0:
			cells[len(cells)-1].text += "\n" + ln
		case strings.TrimSpace(ln) != "":
			return nil, &ParseError{File: name, Line: i + 1, Err: fmt.Errorf("text before the first cell (a cell starts with a tab): %q", short(ln))}
		}
	}

	var out []Proposal
	seen := map[string]int{}
	var p *Proposal
	pLine := 0
	finish := func() {
		if p != nil {
			checkProposal(l, pLine, p)
			out = append(out, *p)
		}
	}
	for start := 0; start < len(cells) && !l.full(); start += TableColumns {
		row := cells[start:min(start+TableColumns, len(cells))]
		line := row[0].line
		if len(row) < TableColumns {
			l.add(line, "", "the last row has %d cells, a row has %d (id, title, proposer, lead department, co-departments, suggestion, 4 reply columns)", len(row), TableColumns)
			break
		}
		var c [TableColumns]string
		for i := range row {
			c[i] = cleanCell(row[i].text)
		}
		switch {
		case c[0] != "":
			if !validID(c[0]) {
				l.add(line, "proposal id", "%q is not a proposal id (8 digits, year first); is a cell missing or extra in the row before?", short(c[0]))
				continue
			}
			if first, dup := seen[c[0]]; dup {
				l.add(line, "proposal id", "proposal %s appears twice in the file (first at line %d)", c[0], first)
				continue
			}
			finish()
			seen[c[0]] = line
			p = &Proposal{ID: c[0], Title: c[1], Proposer: c[2], LeadDepartment: c[3], CoDepartments: splitDepartments(c[4])}
			pLine = line
		case c[1] != "" || c[2] != "" || c[3] != "" || c[4] != "":
			l.add(line, "proposal id", "row has proposal cells (title %q) but no proposal id; is a cell missing or extra in the row before?", short(c[1]))
			continue
		case p == nil:
			l.add(line, "proposal id", "the first row has no proposal id")
			continue
		}
		s := Suggestion{No: len(p.Suggestions) + 1, Text: c[5], Reply: Reply{Done: c[6], InProgress: c[7], Planned: c[8], NotAdopted: c[9]}}
		if s.Text == "" && s.Reply == (Reply{}) {
			if c[0] != "" {
				l.add(line, "suggestion", "proposal %s: the row has no suggestion", p.ID)
			}
			continue // an empty continuation row: nothing to keep
		}
		if s.Text == "" {
			l.add(line, "suggestion", "proposal %s: a reply without a suggestion; is a cell missing or extra in the row before?", p.ID)
			continue
		}
		p.Suggestions = append(p.Suggestions, s)
	}
	finish()
	if err := l.err(); err != nil {
		return nil, err
	}
	return out, nil
}

// short abbreviates s for an error message.
func short(s string) string {
	s = strings.ReplaceAll(s, "\n", " ")
	if r := []rune(s); len(r) > 30 {
		return string(r[:30]) + "…"
	}
	return s
}
