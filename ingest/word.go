package ingest

import (
	"fmt"
	"io"
	"strings"

	"github.com/govreply/precedent/record"
)

// ParseDOCX reads the reply tables of a Word document (see readDocx), a
// Source each. A table whose first rows hold a recognised header is read by
// its header; one without a header, of the reply table's ten columns, is
// read as the reply table (ParseTable's columns), so that the document and
// its text export give the same records. Other tables (a signature block,
// a layout table) are listed as skipped. name is used in errors.
func ParseDOCX(r io.ReaderAt, size int64, name string, opts Options) ([]*Source, error) {
	tables, err := readDocx(r, size)
	if err != nil {
		return nil, &ParseError{File: name, Err: err}
	}
	var out []*Source
	var skipped []string
	for i, t := range tables {
		tname := name
		if len(tables) > 1 {
			tname = fmt.Sprintf("%s#%d", name, i+1)
		}
		src, skip, err := parseWordTable(tname, t, opts)
		if err != nil {
			return nil, err
		}
		if src == nil {
			skipped = append(skipped, fmt.Sprintf("table %d: %s", i+1, skip))
			continue
		}
		out = append(out, src)
	}
	if len(out) == 0 {
		if len(tables) == 0 {
			return nil, &ParseError{File: name, Err: fmt.Errorf("the document has no table")}
		}
		return nil, &ParseError{File: name, Field: "header", Err: fmt.Errorf("no table with a recognised header row or the reply table's %d columns: %s",
			TableColumns, strings.Join(skipped, "; "))}
	}
	out[0].Skipped = skipped
	return out, nil
}

// parseWordTable reads one table of a document: its Source, or why it was
// skipped. Row numbers in errors count the table's rows from 1.
func parseWordTable(name string, t docxTable, opts Options) (*Source, string, error) {
	var rr *rowReader
	kind := ""
	for i, row := range t.Rows {
		if rr != nil {
			rr.add(i+1, row)
			continue
		}
		switch {
		case isHeader(row, opts.Map):
			m, err := newMapping(name, i+1, row, opts.Map)
			if err != nil {
				return nil, "", err
			}
			rr = newRowReader(name, m, opts)
		case len(row) == TableColumns && i == 0 && !blankRow(row):
			// The reply table without a header row, as its text export.
			rr = newRowReader(name, tableMapping(), opts)
			rr.table = true
			kind = record.KindProposal
			rr.add(i+1, row)
		case i+1 >= headerScan:
			return nil, fmt.Sprintf("no header row recognised in its first %d rows", headerScan), nil
		}
	}
	if rr == nil {
		return nil, "no header row recognised", nil
	}
	src, err := rr.source(kind)
	return src, "", err
}

func blankRow(row []string) bool {
	for _, c := range row {
		if strings.TrimFunc(c, isBlank) != "" {
			return false
		}
	}
	return true
}
