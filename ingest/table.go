package ingest

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/govreply/precedent/record"
)

// TableColumns is the number of cells in a row of the Word table.
const TableColumns = 10

// tableHeader names the Word table's columns, which its text export does
// not: id, title, proposer, lead department, co-departments, suggestion,
// then the reply columns 已落实, 正在落实, 计划落实, 未能落实.
var tableHeader = []string{string(FieldID), string(FieldTitle), string(FieldProposer), string(FieldLeadDepartment),
	string(FieldCoDepartments), string(FieldText), string(FieldDone), string(FieldInProgress), string(FieldPlanned), string(FieldNotAdopted)}

// tableMapping is the mapping of the Word table's fixed columns.
func tableMapping() *Mapping {
	m, err := newMapping("", 0, tableHeader, nil)
	if err != nil {
		panic(err) // the header above names fields
	}
	return m
}

// ParseTable reads the text Word writes when the reply table is saved as
// plain text: a cell begins at a line that starts with a tab, and the lines
// after it that do not start with a tab belong to the same cell. Ten cells
// make a row (see tableHeader), and a proposal's later rows leave the first
// five cells empty. The records are 提案 unless opts says otherwise. name
// is used in errors.
func ParseTable(r io.Reader, name string, opts Options) (*Source, error) {
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
	rr := newRowReader(name, tableMapping(), opts)
	rr.table = true
	for start := 0; start < len(cells) && !rr.l.full(); start += TableColumns {
		row := cells[start:min(start+TableColumns, len(cells))]
		if len(row) < TableColumns {
			rr.l.add(row[0].line, "", "the last row has %d cells, a row has %d (id, title, proposer, lead department, co-departments, suggestion, 4 reply columns)", len(row), TableColumns)
			break
		}
		rec := make([]string, TableColumns)
		for i := range row {
			rec[i] = row[i].text
		}
		if start == 0 && cleanCell(rec[0]) == "" {
			rr.l.add(row[0].line, rr.where(FieldID), "the first row has no id")
			continue
		}
		rr.add(row[0].line, rec)
	}
	return rr.source(record.KindProposal)
}
