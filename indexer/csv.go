package indexer

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Columns are the columns of the CSV and xlsx formats, one row per
// suggestion. A header row names them, in any order, in English or Chinese
// (提案编号, 标题, 提案人, 主办单位, 协办单位, 序号, 建议, 已落实, 正在落实,
// 计划落实, 未能落实). suggestion_no is optional: rows are numbered in order.
// A proposal's later rows may leave its first five columns empty.
var Columns = []string{"proposal_id", "title", "proposer", "lead_department", "co_departments",
	"suggestion_no", "suggestion", "done", "in_progress", "planned", "not_adopted"}

var columnAliases = map[string]string{
	"id": "proposal_id", "提案编号": "proposal_id", "编号": "proposal_id", "提案号": "proposal_id",
	"标题": "title", "提案标题": "title", "案由": "title",
	"提案人": "proposer", "领衔人": "proposer",
	"主办单位": "lead_department", "主办": "lead_department", "lead": "lead_department",
	"协办单位": "co_departments", "协办": "co_departments",
	"序号": "suggestion_no", "建议序号": "suggestion_no", "no": "suggestion_no",
	"建议": "suggestion", "建议内容": "suggestion",
	"已落实": "done", "正在落实": "in_progress", "计划落实": "planned",
	"未能落实": "not_adopted", "未能落实及原因": "not_adopted",
}

// rowReader turns header-led rows (CSV or a sheet) into proposals.
type rowReader struct {
	l      *errList
	col    map[string]int
	byID   map[string]*Proposal
	line   map[string]int
	order  []string
	hasNo  bool
	lastID string
}

func newRowReader(file string, header []string) (*rowReader, error) {
	rr := &rowReader{l: &errList{file: file}, col: map[string]int{}, byID: map[string]*Proposal{}, line: map[string]int{}}
	for i, h := range header {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\uFEFF"))
		key := strings.ToLower(h)
		if a, ok := columnAliases[h]; ok {
			key = a
		} else if a, ok := columnAliases[key]; ok {
			key = a
		}
		known := false
		for _, c := range Columns {
			known = known || c == key
		}
		if !known {
			return nil, &ParseError{File: file, Line: 1, Field: "header", Err: fmt.Errorf("unknown column %q (columns: %s)", h, strings.Join(Columns, ", "))}
		}
		if _, dup := rr.col[key]; dup {
			return nil, &ParseError{File: file, Line: 1, Field: "header", Err: fmt.Errorf("column %q given twice", h)}
		}
		rr.col[key] = i
	}
	for _, need := range []string{"proposal_id", "suggestion"} {
		if _, ok := rr.col[need]; !ok {
			return nil, &ParseError{File: file, Line: 1, Field: "header", Err: fmt.Errorf("missing column %q", need)}
		}
	}
	_, rr.hasNo = rr.col["suggestion_no"]
	return rr, nil
}

func (rr *rowReader) get(rec []string, key string) string {
	i, ok := rr.col[key]
	if !ok || i >= len(rec) {
		return ""
	}
	return cleanCell(rec[i])
}

// add reads one data row; line is its 1-based line or row number.
func (rr *rowReader) add(line int, rec []string) {
	if len(rec) > len(rr.col) {
		for _, v := range rec[len(rr.col):] {
			if strings.TrimSpace(v) != "" {
				rr.l.add(line, "", "%d cells, the header has %d", len(rec), len(rr.col))
				return
			}
		}
	}
	empty := true
	for _, v := range rec {
		empty = empty && strings.TrimSpace(v) == ""
	}
	if empty {
		return
	}
	id := rr.get(rec, "proposal_id")
	if id == "" {
		id = rr.lastID
		if id == "" {
			rr.l.add(line, "proposal_id", "empty, and no earlier row to continue")
			return
		}
	}
	if !validID(id) {
		rr.l.add(line, "proposal_id", "%q is not a proposal id (8 digits, year first, e.g. 20190720)", short(id))
		return
	}
	rr.lastID = id
	p, ok := rr.byID[id]
	if !ok {
		p = &Proposal{ID: id}
		rr.byID[id] = p
		rr.line[id] = line
		rr.order = append(rr.order, id)
	}
	set := func(field string, dst *string) {
		v := rr.get(rec, field)
		if v == "" {
			return
		}
		if *dst != "" && *dst != v {
			rr.l.add(line, field, "proposal %s: %q differs from %q on line %d", id, short(v), short(*dst), rr.line[id])
			return
		}
		*dst = v
	}
	set("title", &p.Title)
	set("proposer", &p.Proposer)
	set("lead_department", &p.LeadDepartment)
	co := strings.Join(p.CoDepartments, ",")
	set("co_departments", &co)
	p.CoDepartments = splitDepartments(co)

	s := Suggestion{No: len(p.Suggestions) + 1, Text: rr.get(rec, "suggestion"), Reply: Reply{
		Done: rr.get(rec, "done"), InProgress: rr.get(rec, "in_progress"),
		Planned: rr.get(rec, "planned"), NotAdopted: rr.get(rec, "not_adopted")}}
	if rr.hasNo {
		if v := rr.get(rec, "suggestion_no"); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n <= 0 {
				rr.l.add(line, "suggestion_no", "%q is not a positive number", short(v))
				return
			}
			s.No = n
		}
	}
	for _, o := range p.Suggestions {
		if o.No == s.No {
			rr.l.add(line, "suggestion_no", "proposal %s has suggestion %d twice", id, s.No)
			return
		}
	}
	if s.Text == "" {
		rr.l.add(line, "suggestion", "empty")
		return
	}
	p.Suggestions = append(p.Suggestions, s)
}

func (rr *rowReader) result() ([]Proposal, error) {
	out := make([]Proposal, 0, len(rr.order))
	for _, id := range rr.order {
		p := rr.byID[id]
		sortSuggestions(p)
		checkProposal(rr.l, rr.line[id], p)
		out = append(out, *p)
	}
	if err := rr.l.err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, &ParseError{File: rr.l.file, Err: fmt.Errorf("no proposals: no rows under the header")}
	}
	return out, nil
}

// ParseCSV reads the CSV format (UTF-8, header row, one row per suggestion;
// see Columns). name is used in errors.
func ParseCSV(r io.Reader, name string) ([]Proposal, error) {
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
	header, err := cr.Read()
	if err != nil {
		return nil, csvError(name, err)
	}
	rr, err := newRowReader(name, header)
	if err != nil {
		return nil, err
	}
	for !rr.l.full() {
		line, _ := cr.FieldPos(0)
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvError(name, err)
		}
		line, _ = cr.FieldPos(0)
		rr.add(line, rec)
	}
	return rr.result()
}

func csvError(name string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &ParseError{File: name, Line: pe.Line, Err: pe.Err}
	}
	return &ParseError{File: name, Err: err}
}

// WriteCSV writes proposals in the CSV format ParseCSV reads, with a UTF-8
// byte-order mark so that Excel opens it as UTF-8.
func WriteCSV(w io.Writer, ps []Proposal) error {
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(Columns); err != nil {
		return err
	}
	for _, p := range ps {
		for _, s := range p.Suggestions {
			if err := cw.Write(Row(&p, &s)); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// Row is suggestion s of proposal p as a row of Columns.
func Row(p *Proposal, s *Suggestion) []string {
	return []string{p.ID, p.Title, p.Proposer, p.LeadDepartment, strings.Join(p.CoDepartments, ","),
		strconv.Itoa(s.No), s.Text, s.Reply.Done, s.Reply.InProgress, s.Reply.Planned, s.Reply.NotAdopted}
}
