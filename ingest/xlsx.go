package ingest

import (
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/govreply/precedent/record"
)

// ParseXLSX reads every sheet of an Excel workbook whose header (in its
// first rows) is recognised, a Source each; the other sheets are listed as
// skipped in the first Source. Cells are read as stored: a date cell as its
// serial number, which the date columns read. Errors give the sheet and row.
// name is used in errors.
func ParseXLSX(r io.Reader, name string, opts Options) ([]*Source, error) {
	f, err := excelize.OpenReader(r)
	if err != nil {
		return nil, &ParseError{File: name, Err: fmt.Errorf("not a readable .xlsx workbook: %w", err)}
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, &ParseError{File: name, Err: fmt.Errorf("the workbook has no sheets")}
	}
	var out []*Source
	var skipped []string
	var firstErr error
	for _, sh := range sheets {
		src, skip, err := parseSheet(f, name, sh, opts)
		switch {
		case err != nil:
			return nil, err
		case src != nil:
			out = append(out, src)
		default:
			skipped = append(skipped, skip)
			if firstErr == nil {
				firstErr = &ParseError{File: fmt.Sprintf("%s[%s]", name, sh), Field: "header", Err: fmt.Errorf("%s", skip)}
			}
		}
	}
	if len(out) == 0 {
		if len(sheets) == 1 {
			// One sheet: say what is wrong with its header as a CSV would.
			return nil, headerError(f, name, sheets[0], opts, firstErr)
		}
		return nil, &ParseError{File: name, Field: "header", Err: fmt.Errorf("no sheet has a recognised header row: %s", strings.Join(skipped, "; "))}
	}
	out[0].Skipped = skipped
	return out, nil
}

// parseSheet reads one sheet: its Source, or why it was skipped.
func parseSheet(f *excelize.File, file, sheet string, opts Options) (*Source, string, error) {
	name := fmt.Sprintf("%s[%s]", file, sheet)
	rows, err := f.Rows(sheet)
	if err != nil {
		return nil, "", &ParseError{File: name, Err: err}
	}
	defer rows.Close()
	var rr *rowReader
	row := 0
	var first []string
	for rows.Next() {
		row++
		rec, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, "", &ParseError{File: name, Line: row, Err: err}
		}
		if rr == nil {
			if first == nil && len(rec) > 0 {
				first = rec
			}
			if isHeader(rec, opts.Map) {
				m, err := newMapping(name, row, rec, opts.Map)
				if err != nil {
					return nil, "", err
				}
				rr = newRowReader(name, m, opts)
				continue
			}
			if row >= headerScan {
				break
			}
			continue
		}
		if rr.l.full() {
			break
		}
		rr.add(row, rec)
	}
	if err := rows.Error(); err != nil {
		return nil, "", &ParseError{File: name, Err: err}
	}
	if rr == nil {
		if first == nil {
			return nil, fmt.Sprintf("sheet %q: empty", sheet), nil
		}
		return nil, fmt.Sprintf("sheet %q: no header row recognised in its first %d rows (first row: %s)", sheet, headerScan, quoteList(first[:min(len(first), 8)])), nil
	}
	src, err := rr.source("")
	return src, "", err
}

// headerError is the error of a one-sheet workbook without a recognised
// header: what newMapping says of its first row.
func headerError(f *excelize.File, file, sheet string, opts Options, fallback error) error {
	rows, err := f.GetRows(sheet)
	if err != nil {
		return fallback
	}
	for i, r := range rows {
		if len(r) == 0 {
			continue
		}
		if _, err := newMapping(fmt.Sprintf("%s[%s]", file, sheet), i+1, r, opts.Map); err != nil {
			return err
		}
		break
	}
	return fallback
}

// WriteXLSX writes records as a workbook ParseXLSX reads back the same.
func WriteXLSX(w io.Writer, ps []record.Proposal) error {
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
	extra := ExtraNames(ps)
	n := 1
	cell, _ := excelize.CoordinatesToCellName(1, n)
	if err := sw.SetRow(cell, toAny(Header(extra))); err != nil {
		return err
	}
	for i := range ps {
		for j := range ps[i].Suggestions {
			n++
			cell, _ := excelize.CoordinatesToCellName(1, n)
			if err := sw.SetRow(cell, toAny(Row(&ps[i], &ps[i].Suggestions[j], extra))); err != nil {
				return err
			}
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return f.Write(w)
}
