package indexer

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
)

// ParseJSONL reads JSON Lines: one Proposal object a line, with the field
// names of the Proposal type. A suggestion's "no" may be left out: it is then
// its position. name is used in errors.
func ParseJSONL(r io.Reader, name string) ([]Proposal, error) {
	br := bufio.NewReader(r)
	l := &errList{file: name}
	var out []Proposal
	seen := map[string]int{}
	line := 0
	sawAny := false
	for !l.full() {
		raw, err := br.ReadBytes('\n')
		if len(raw) == 0 && err != nil {
			if err != io.EOF {
				return nil, fmt.Errorf("read %s: %w", name, err)
			}
			break
		}
		line++
		if line == 1 {
			raw = bytes.TrimPrefix(raw, []byte("\uFEFF"))
		}
		raw = bytes.TrimSpace(raw)
		if len(raw) == 0 {
			continue
		}
		sawAny = true
		if bad := firstInvalidUTF8(raw); bad > 0 {
			l.add(line, "", "not valid UTF-8")
			continue
		}
		var p Proposal
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&p); err != nil {
			l.add(line, "", "%v", jsonMessage(err))
			continue
		}
		if dec.More() {
			l.add(line, "", "more than one JSON value on the line")
			continue
		}
		normalizeProposal(&p)
		if first, dup := seen[p.ID]; dup {
			l.add(line, "id", "proposal %s appears twice in the file (first at line %d)", p.ID, first)
			continue
		}
		seen[p.ID] = line
		n := len(l.errs)
		checkProposal(l, line, &p)
		for i, s := range p.Suggestions {
			if s.No < 1 {
				l.add(line, "suggestions", "proposal %s: suggestion number %d is not positive", p.ID, s.No)
			}
			for _, o := range p.Suggestions[:i] {
				if o.No == s.No {
					l.add(line, "suggestions", "proposal %s has suggestion %d twice", p.ID, s.No)
				}
			}
		}
		if len(l.errs) == n {
			out = append(out, p)
		}
	}
	if !sawAny {
		return nil, &ParseError{File: name, Err: fmt.Errorf("empty file")}
	}
	if err := l.err(); err != nil {
		return nil, err
	}
	return out, nil
}

func jsonMessage(err error) string {
	if se, ok := err.(*json.SyntaxError); ok {
		return fmt.Sprintf("invalid JSON at byte %d: %v", se.Offset, se)
	}
	if te, ok := err.(*json.UnmarshalTypeError); ok {
		return fmt.Sprintf("field %q: want %s, got JSON %s", te.Field, te.Type, te.Value)
	}
	return err.Error()
}

// normalizeProposal trims the texts, numbers unnumbered suggestions and
// sorts them, as the other formats do.
func normalizeProposal(p *Proposal) {
	p.ID = strings.TrimSpace(p.ID)
	p.Title = cleanCell(p.Title)
	p.Proposer = cleanCell(p.Proposer)
	p.LeadDepartment = cleanCell(p.LeadDepartment)
	var co []string
	for _, d := range p.CoDepartments {
		co = append(co, splitDepartments(d)...)
	}
	p.CoDepartments = co
	for i := range p.Suggestions {
		s := &p.Suggestions[i]
		if s.No == 0 {
			s.No = i + 1
		}
		s.Text = cleanCell(s.Text)
		s.Reply = Reply{Done: cleanCell(s.Reply.Done), InProgress: cleanCell(s.Reply.InProgress),
			Planned: cleanCell(s.Reply.Planned), NotAdopted: cleanCell(s.Reply.NotAdopted)}
	}
	sortSuggestions(p)
}

func sortSuggestions(p *Proposal) {
	sort.SliceStable(p.Suggestions, func(i, j int) bool { return p.Suggestions[i].No < p.Suggestions[j].No })
}

// WriteJSONL writes proposals in the format ParseJSONL reads.
func WriteJSONL(w io.Writer, ps []Proposal) error {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	for i := range ps {
		if err := enc.Encode(&ps[i]); err != nil {
			return err
		}
	}
	return bw.Flush()
}
