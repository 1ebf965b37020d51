package ingest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/govreply/precedent/record"
)

// ParseJSONL reads JSON Lines, one object a line, in one of two shapes,
// told by the first object:
//
//   - the record model (record.Proposal's field names, "suggestions" a list):
//     what WriteJSONL writes; unknown fields are errors. A suggestion's "no"
//     left out is its position.
//   - flat objects, one a record or a suggestion: their keys are a header,
//     read as a CSV file's (see rowReader); values are strings, numbers,
//     null (empty) or lists of strings (joined, as a cell listing names).
//
// name is used in errors.
func ParseJSONL(r io.Reader, name string, opts Options) (*Source, error) {
	br := bufio.NewReaderSize(r, 1<<16)
	line := 0
	var model bool
	var flat *flatReader
	l := &errList{file: name}
	var out []record.Proposal
	seen := map[string]int{}
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
		if bad := firstInvalidUTF8(raw); bad > 0 {
			l.add(line, "", "not valid UTF-8")
			continue
		}
		if !sawAny {
			sawAny = true
			model = isModelLine(raw)
			if !model {
				flat = &flatReader{name: name, opts: opts}
			}
		}
		if !model {
			if err := flat.addLine(line, raw); err != nil {
				l.errs = append(l.errs, err)
			}
			continue
		}
		p, err := decodeModel(raw)
		if err != nil {
			l.add(line, "", "%v", err)
			continue
		}
		if first, dup := seen[p.ID]; dup {
			l.add(line, "id", "record %s appears twice in the file (first at line %d)", p.ID, first)
			continue
		}
		seen[p.ID] = line
		if checkModel(l, line, &p) {
			out = append(out, p)
		}
	}
	if !sawAny {
		return nil, &ParseError{File: name, Err: fmt.Errorf("empty file")}
	}
	if err := l.err(); err != nil {
		return nil, err
	}
	if !model {
		return flat.source()
	}
	return &Source{Name: name, Rows: len(out), Proposals: out}, nil
}

// isModelLine reports whether a line is a record in the model's own shape:
// an object with a "suggestions" list.
func isModelLine(raw []byte) bool {
	var probe map[string]json.RawMessage
	if json.Unmarshal(raw, &probe) != nil {
		return true // let the model's decoder report the error
	}
	_, ok := probe["suggestions"]
	return ok
}

// modelSuggestion is a suggestion as the model's JSON has it, telling a
// "no" left out (its position) from "no": 0 (the record's one text).
type modelSuggestion struct {
	No    *int           `json:"no"`
	Text  string         `json:"text"`
	Reply record.Reply   `json:"reply"`
	Extra []record.Field `json:"extra"`
}

func decodeModel(raw []byte) (record.Proposal, error) {
	var p struct {
		record.Proposal
		Suggestions []modelSuggestion `json:"suggestions"`
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		return record.Proposal{}, fmt.Errorf("%s", jsonMessage(err))
	}
	if dec.More() {
		return record.Proposal{}, fmt.Errorf("more than one JSON value on the line")
	}
	out := p.Proposal
	out.Suggestions = nil
	for i, s := range p.Suggestions {
		no := i + 1
		if s.No != nil {
			no = *s.No
		}
		out.Suggestions = append(out.Suggestions, record.Suggestion{No: no, Text: s.Text, Reply: s.Reply, Extra: s.Extra})
	}
	normalizeModel(&out)
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

// normalizeModel cleans a record read in the model's shape as the other
// formats clean their cells, and derives what it leaves out.
func normalizeModel(p *record.Proposal) {
	p.ID = strings.TrimSpace(p.ID)
	p.Kind = record.NormalizeKind(p.Kind)
	for _, f := range []*string{&p.Title, &p.Proposer, &p.LeadDepartment, &p.Class, &p.Category, &p.Submitted, &p.Replied} {
		*f = cleanCell(*f)
	}
	p.CoProposers = splitAll(p.CoProposers)
	p.CoDepartments = splitAll(p.CoDepartments)
	for i := range p.Suggestions {
		s := &p.Suggestions[i]
		s.Text = cleanCell(s.Text)
		r := &s.Reply
		for _, f := range []*string{&r.Done, &r.InProgress, &r.Planned, &r.NotAdopted, &r.Letter} {
			*f = cleanCell(*f)
		}
		for j := range s.Extra {
			s.Extra[j].Value = cleanCell(s.Extra[j].Value)
		}
	}
	slices.SortStableFunc(p.Suggestions, func(a, b record.Suggestion) int { return a.No - b.No })
	p.Derive()
}

func splitAll(ss []string) []string {
	var out []string
	for _, s := range ss {
		out = append(out, splitList(s)...)
	}
	return out
}

// checkModel reports what is wrong with a record read in the model's shape;
// true when nothing.
func checkModel(l *errList, line int, p *record.Proposal) bool {
	n := len(l.errs)
	if p.ID == "" {
		l.add(line, "id", "empty")
	} else if msg := badID(p.ID, false); msg != "" {
		l.add(line, "id", "%s", msg)
	}
	if p.Year != 0 && !record.ValidYear(p.Year) {
		l.add(line, "year", "%d is out of range (%d–%d)", p.Year, record.MinYear, record.MaxYear)
	}
	for _, d := range []struct{ field, v string }{{"submitted", p.Submitted}, {"replied", p.Replied}} {
		if d.v == "" {
			continue
		}
		if norm, _, err := record.ParseDate(d.v); err != nil {
			l.add(line, d.field, "%v", err)
		} else if norm != d.v {
			l.add(line, d.field, "%q: write dates as %q", d.v, norm)
		}
	}
	if p.Class != "" {
		if _, ok := record.ParseClass(p.Class); !ok {
			l.add(line, "class", "%q is not a result class (A–D or words such as 已解决, 留作参考)", short(p.Class))
		}
	}
	if len(p.Suggestions) == 0 && p.Title == "" {
		l.add(line, "suggestions", "record %s has no title and no suggestions", p.ID)
	}
	for i, s := range p.Suggestions {
		switch {
		case s.No < 0:
			l.add(line, "suggestions", "record %s: suggestion number %d is negative", p.ID, s.No)
		case s.No == 0 && len(p.Suggestions) > 1:
			l.add(line, "suggestions", "record %s: suggestion number 0 (the record's one text) beside others", p.ID)
		}
		if s.Text == "" && s.Reply.Empty() && p.Title == "" {
			l.add(line, "suggestions", "record %s suggestion %d is empty", p.ID, s.No)
		}
		for _, o := range p.Suggestions[:i] {
			if o.No == s.No {
				l.add(line, "suggestions", "record %s has suggestion %d twice", p.ID, s.No)
			}
		}
	}
	return len(l.errs) == n
}

// A flatReader reads flat JSON objects as the rows of a table whose header
// is their keys, in the order they first appear.
type flatReader struct {
	name  string
	opts  Options
	keys  []string
	at    map[string]int
	lines []int
	rows  [][]string
}

// addLine reads one object as a row.
func (fr *flatReader) addLine(line int, raw []byte) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil || tok != json.Delim('{') {
		return &ParseError{File: fr.name, Line: line, Err: fmt.Errorf("want a JSON object")}
	}
	if fr.at == nil {
		fr.at = map[string]int{}
	}
	row := make([]string, len(fr.keys))
	for dec.More() {
		kt, err := dec.Token()
		if err != nil {
			return &ParseError{File: fr.name, Line: line, Err: fmt.Errorf("%s", jsonMessage(err))}
		}
		key := kt.(string)
		var v any
		if err := dec.Decode(&v); err != nil {
			return &ParseError{File: fr.name, Line: line, Field: key, Err: fmt.Errorf("%s", jsonMessage(err))}
		}
		cell, err := flatValue(v)
		if err != nil {
			return &ParseError{File: fr.name, Line: line, Field: key, Err: err}
		}
		i, ok := fr.at[key]
		if !ok {
			i = len(fr.keys)
			fr.at[key] = i
			fr.keys = append(fr.keys, key)
			row = append(row, "")
		}
		row[i] = cell
	}
	if _, err := dec.Token(); err != nil {
		return &ParseError{File: fr.name, Line: line, Err: fmt.Errorf("%s", jsonMessage(err))}
	}
	if dec.More() {
		return &ParseError{File: fr.name, Line: line, Err: fmt.Errorf("more than one JSON value on the line")}
	}
	fr.lines = append(fr.lines, line)
	fr.rows = append(fr.rows, row)
	return nil
}

// flatValue is a JSON value as a cell.
func flatValue(v any) (string, error) {
	switch x := v.(type) {
	case nil:
		return "", nil
	case string:
		return x, nil
	case json.Number:
		return x.String(), nil
	case bool:
		return strconv.FormatBool(x), nil
	case []any:
		parts := make([]string, 0, len(x))
		for _, e := range x {
			s, err := flatValue(e)
			if err != nil {
				return "", err
			}
			if _, nested := e.([]any); nested {
				return "", fmt.Errorf("a list of lists")
			}
			parts = append(parts, s)
		}
		return joinList(parts), nil
	}
	return "", fmt.Errorf("an object: a flat record's values are strings, numbers or lists")
}

// source reads the rows under the keys as a header.
func (fr *flatReader) source() (*Source, error) {
	m, err := newMapping(fr.name, fr.lines[0], fr.keys, fr.opts.Map)
	if err != nil {
		return nil, err
	}
	rr := newRowReader(fr.name, m, fr.opts)
	for i, row := range fr.rows {
		rr.add(fr.lines[i], row)
	}
	return rr.source("")
}

// WriteJSONL writes records in the model's shape, which ParseJSONL reads
// back the same.
func WriteJSONL(w io.Writer, ps []record.Proposal) error {
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
