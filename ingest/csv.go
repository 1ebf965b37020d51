package ingest

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"

	"github.com/govreply/precedent/record"
)

// headerScan is how many rows above the header a source may have (a title
// row, a date line): the first row among them that reads as a header is the
// header.
const headerScan = 10

// ParseCSV reads a CSV file (UTF-8, a byte-order mark is fine; comma, tab or
// semicolon separated) under a header row: one row a record, or one row a
// suggestion of a proposal (see rowReader). name is used in errors.
func ParseCSV(r io.Reader, name string, opts Options) (*Source, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	if line := firstInvalidUTF8(data); line > 0 {
		return nil, &ParseError{File: name, Line: line, Err: fmt.Errorf("not valid UTF-8 (save the file as CSV UTF-8)")}
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, &ParseError{File: name, Err: fmt.Errorf("empty file")}
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	cr.Comma = sniffComma(data)
	var rr *rowReader
	var first []string
	firstLine := 0
	for {
		if rr != nil && rr.l.full() {
			break
		}
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvError(name, err)
		}
		line, _ := cr.FieldPos(0)
		if rr == nil {
			if first == nil {
				first, firstLine = rec, line
			}
			if !isHeader(rec, opts.Map) {
				if line-firstLine >= headerScan {
					break
				}
				continue
			}
			m, err := newMapping(name, line, rec, opts.Map)
			if err != nil {
				return nil, err
			}
			rr = newRowReader(name, m, opts)
			continue
		}
		rr.add(line, rec)
	}
	if rr == nil {
		// No header recognised: say so with the first row, which is the
		// header a user meant.
		_, err := newMapping(name, firstLine, first, opts.Map)
		if err == nil {
			err = &ParseError{File: name, Line: firstLine, Field: "header", Err: fmt.Errorf("no header row recognised")}
		}
		return nil, err
	}
	return rr.source("")
}

// sniffComma picks the separator of the header line: a comma unless the line
// has more tabs or semicolons.
func sniffComma(data []byte) rune {
	line, _, _ := bytes.Cut(data, []byte("\n"))
	best, n := ',', bytes.Count(line, []byte(","))
	for _, c := range []rune{'\t', ';'} {
		if k := bytes.Count(line, []byte(string(c))); k > n {
			best, n = c, k
		}
	}
	return best
}

func csvError(name string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &ParseError{File: name, Line: pe.Line, Err: pe.Err}
	}
	return &ParseError{File: name, Err: err}
}

// Header is the header of exported files: every field, then the extra
// fields' names.
func Header(extra []string) []string {
	h := make([]string, 0, len(Fields)+len(extra))
	for _, f := range Fields {
		h = append(h, string(f))
	}
	return append(h, extra...)
}

// ExtraNames lists the names of the extra fields of the records, in the
// order they first appear.
func ExtraNames(ps []record.Proposal) []string {
	var out []string
	seen := map[string]bool{}
	for _, p := range ps {
		for _, s := range p.Suggestions {
			for _, e := range s.Extra {
				if !seen[e.Name] {
					seen[e.Name] = true
					out = append(out, e.Name)
				}
			}
		}
	}
	return out
}

// Row is suggestion s of proposal p as a row under Header(extra).
func Row(p *record.Proposal, s *record.Suggestion, extra []string) []string {
	year := ""
	if p.Year != 0 {
		year = fmt.Sprint(p.Year)
	}
	row := []string{p.ID, p.Kind, year, p.Title, p.Proposer, joinList(p.CoProposers), p.LeadDepartment, joinList(p.CoDepartments),
		p.Submitted, p.Replied, p.Class, p.Category, fmt.Sprint(s.No), s.Text,
		s.Reply.Done, s.Reply.InProgress, s.Reply.Planned, s.Reply.NotAdopted, s.Reply.Letter}
	for _, name := range extra {
		v := ""
		for _, e := range s.Extra {
			if e.Name == name {
				v = e.Value
			}
		}
		row = append(row, v)
	}
	return row
}

// joinList writes a list of names in one cell, as splitList reads it.
func joinList(ss []string) string {
	out := ""
	for i, s := range ss {
		if i > 0 {
			out += "、"
		}
		out += s
	}
	return out
}

// WriteCSV writes records in a CSV file ParseCSV reads back the same, with a
// UTF-8 byte-order mark so that Excel opens it as UTF-8.
func WriteCSV(w io.Writer, ps []record.Proposal) error {
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	extra := ExtraNames(ps)
	if err := cw.Write(Header(extra)); err != nil {
		return err
	}
	for i := range ps {
		for j := range ps[i].Suggestions {
			if err := cw.Write(Row(&ps[i], &ps[i].Suggestions[j], extra)); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}
