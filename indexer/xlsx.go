package indexer

import (
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"
)

// ParseXLSX reads an Excel workbook whose first sheet has the columns of the
// CSV format (see Columns): a header row, then one row per suggestion. Errors
// give the sheet row. name is used in errors.
func ParseXLSX(r io.Reader, name string) ([]Proposal, error) {
	f, err := excelize.OpenReader(r)
	if err != nil {
		return nil, &ParseError{File: name, Err: fmt.Errorf("not a readable .xlsx workbook: %w", err)}
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, &ParseError{File: name, Err: fmt.Errorf("the workbook has no sheets")}
	}
	rows, err := f.Rows(sheets[0])
	if err != nil {
		return nil, &ParseError{File: name, Err: err}
	}
	defer rows.Close()
	var rr *rowReader
	row := 0
	for rows.Next() {
		row++
		rec, err := rows.Columns()
		if err != nil {
			return nil, &ParseError{File: name, Line: row, Err: err}
		}
		if rr == nil {
			if len(rec) == 0 {
				continue // leading blank rows
			}
			if rr, err = newRowReader(fmt.Sprintf("%s[%s]", name, sheets[0]), rec); err != nil {
				if pe, ok := err.(*ParseError); ok {
					pe.Line = row
				}
				return nil, err
			}
			continue
		}
		if rr.l.full() {
			break
		}
		rr.add(row, rec)
	}
	if rr == nil {
		return nil, &ParseError{File: name, Err: fmt.Errorf("empty workbook: the first sheet has no header row")}
	}
	return rr.result()
}

// WriteXLSX writes proposals as a workbook ParseXLSX reads.
func WriteXLSX(w io.Writer, ps []Proposal) error {
	f := excelize.NewFile()
	defer f.Close()
	sheet := f.GetSheetName(0)
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	toAny := func(ss []string) []any {
		out := make([]any, len(ss))
		for i, s := range ss {
			out[i] = s
		}
		return out
	}
	n := 1
	cell, _ := excelize.CoordinatesToCellName(1, n)
	if err := sw.SetRow(cell, toAny(Columns)); err != nil {
		return err
	}
	for _, p := range ps {
		for _, s := range p.Suggestions {
			n++
			cell, _ := excelize.CoordinatesToCellName(1, n)
			if err := sw.SetRow(cell, toAny(Row(&p, &s))); err != nil {
				return err
			}
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return f.Write(w)
}
