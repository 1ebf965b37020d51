// Package ingest reads the records offices keep, in the shapes they keep
// them, into the record model: the reply table saved from Word as text or
// kept as .docx, CSV and xlsx lists of proposals, suggestions or messages
// under any recognisable header, and JSON Lines.
//
// Headers are recognised by name (see Fields and fieldNames): Chinese and
// English names and their variants, with a prefix naming the kind of record
// (提案标题, 留言主题) or a note in brackets (未能落实（原因）). A user's
// ColumnMap maps any other. A column that maps to nothing is kept with each
// record as an extra field, never dropped. Cells are cleaned on the way in
// (cleanCell); nothing else about the text changes.
//
// Reading is all or nothing: a file with an error gives every error found
// (file, row, column) and no records.
package ingest

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/govreply/precedent/record"
)

// Options tune reading. The zero value reads every file by its headers.
type Options struct {
	Map  ColumnMap // headers mapped by the user, before the names ingest knows
	Kind string    // the kind of the records whose source does not name one
}

// A Source is what one file, or one sheet of a workbook or table of a Word
// document, gave.
type Source struct {
	Name      string   // file, file[sheet], file#table
	Mapping   *Mapping // the columns and what they fill; nil for the model's own JSON Lines
	Rows      int      // data rows read
	Proposals []record.Proposal
	Warnings  []string // rows repeated, ids read again, and the like
	Skipped   []string // the sheets or tables without a recognised header, and why
}

// Suggestions counts the source's suggestions.
func (s *Source) Suggestions() int { return countSuggestions(s.Proposals) }

func countSuggestions(ps []record.Proposal) int {
	n := 0
	for _, p := range ps {
		n += len(p.Suggestions)
	}
	return n
}

// source is the rowReader's records as a Source.
func (rr *rowReader) source(defaultKind string) (*Source, error) {
	ps, err := rr.result(defaultKind)
	if err != nil {
		return nil, err
	}
	return &Source{Name: rr.name, Mapping: rr.m, Rows: rr.rows, Proposals: ps, Warnings: rr.warn}, nil
}

// A Format is one of the import formats.
type Format string

// The import formats.
const (
	FormatTable Format = "table" // Word table saved as text (.txt)
	FormatCSV   Format = "csv"
	FormatJSONL Format = "jsonl"
	FormatXLSX  Format = "xlsx"
	FormatDOCX  Format = "docx"
)

// DetectFormat picks a file's format from its extension and, when the
// extension says nothing, from its first bytes.
func DetectFormat(name string, head []byte) (Format, error) {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".txt", ".tsv":
		return FormatTable, nil
	case ".csv":
		return FormatCSV, nil
	case ".jsonl", ".ndjson", ".json":
		return FormatJSONL, nil
	case ".xlsx", ".xlsm":
		return FormatXLSX, nil
	case ".docx":
		return FormatDOCX, nil
	case ".xls", ".doc", ".et", ".wps":
		return "", fmt.Errorf("%s: the old binary Office format is not read; save it as .xlsx or .docx", name)
	}
	h := bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\uFEFF")), " \r\n")
	switch {
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		if bytes.Contains(head, []byte("word/")) {
			return FormatDOCX, nil
		}
		return FormatXLSX, nil
	case bytes.HasPrefix(h, []byte("{")):
		return FormatJSONL, nil
	case bytes.HasPrefix(h, []byte("\t")):
		return FormatTable, nil
	case bytes.Contains(h[:min(len(h), 512)], []byte(",")):
		return FormatCSV, nil
	}
	return "", fmt.Errorf("%s: unknown format (use .txt table export, .docx, .csv, .xlsx or .jsonl)", name)
}

// Parse reads the records of data, a file in format f; name is used in
// errors. A workbook or document gives a Source for each sheet or table it
// reads.
func Parse(data []byte, name string, f Format, opts Options) ([]*Source, error) {
	one := func(s *Source, err error) ([]*Source, error) {
		if err != nil {
			return nil, err
		}
		return []*Source{s}, nil
	}
	switch f {
	case FormatTable:
		return one(ParseTable(bytes.NewReader(data), name, opts))
	case FormatCSV:
		return one(ParseCSV(bytes.NewReader(data), name, opts))
	case FormatJSONL:
		return one(ParseJSONL(bytes.NewReader(data), name, opts))
	case FormatXLSX:
		return ParseXLSX(bytes.NewReader(data), name, opts)
	case FormatDOCX:
		return ParseDOCX(bytes.NewReader(data), int64(len(data)), name, opts)
	}
	return nil, fmt.Errorf("%s: unknown format %q", name, f)
}

// ParseBytes reads the records of data, detecting the format from name and
// content.
func ParseBytes(name string, data []byte, opts Options) ([]*Source, error) {
	f, err := DetectFormat(name, data[:min(len(data), 4096)])
	if err != nil {
		return nil, err
	}
	return Parse(data, name, f, opts)
}

// ReadFile reads the records of a file in any import format.
func ReadFile(path string, opts Options) ([]*Source, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return ParseBytes(path, data, opts)
}

// A Collection is the records of one import, in order, ids unique.
type Collection struct {
	Proposals []record.Proposal
	Sources   []*Source
	Warnings  []string // ids imported twice, and the sources' own warnings
	index     map[string]int
}

// Add appends a source's records; one whose id is already in the
// collection replaces the earlier one, with a warning naming both sources.
func (c *Collection) Add(s *Source) {
	if c.index == nil {
		c.index = map[string]int{}
	}
	c.Sources = append(c.Sources, s)
	c.Warnings = append(c.Warnings, s.Warnings...)
	for _, p := range s.Proposals {
		if i, ok := c.index[p.ID]; ok {
			c.Warnings = append(c.Warnings, fmt.Sprintf("%s: record %s imported again; it replaces the earlier one", s.Name, p.ID))
			c.Proposals[i] = p
			continue
		}
		c.index[p.ID] = len(c.Proposals)
		c.Proposals = append(c.Proposals, p)
	}
}

// Suggestions counts the suggestions of the collection.
func (c *Collection) Suggestions() int { return countSuggestions(c.Proposals) }

// ReadFiles reads every file into one collection. It reads them all and
// returns every file's errors together, so a user fixes them in one go.
func ReadFiles(opts Options, paths ...string) (*Collection, error) {
	c := &Collection{}
	var errs []error
	for _, p := range paths {
		srcs, err := ReadFile(p, opts)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		for _, s := range srcs {
			c.Add(s)
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return c, nil
}

// Describe writes what the import read: for each source the mapping of its
// columns, its rows and records, and the columns kept as they are; the
// sheets or tables skipped, and why.
func (c *Collection) Describe(w io.Writer) {
	for _, s := range c.Sources {
		fmt.Fprintf(w, "%s: %d rows → %d records, %d suggestions\n", s.Name, s.Rows, len(s.Proposals), s.Suggestions())
		if s.Mapping != nil {
			fmt.Fprintf(w, "  columns: %s\n", s.Mapping)
			if u := s.Mapping.Unmapped(); len(u) > 0 {
				fmt.Fprintf(w, "  kept as extra fields (shown with each record; map them with -map header=field): %s\n", strings.Join(u, ", "))
			}
			if s.Mapping.Kind != "" {
				fmt.Fprintf(w, "  kind from the headers: %s\n", s.Mapping.Kind)
			}
		}
		for _, sk := range s.Skipped {
			fmt.Fprintf(w, "  skipped %s\n", sk)
		}
	}
}

// ReadRecords reads every file's records into one list, as ReadFiles.
func ReadRecords(opts Options, paths ...string) ([]record.Proposal, error) {
	c, err := ReadFiles(opts, paths...)
	if err != nil {
		return nil, err
	}
	return c.Proposals, nil
}

// ParseRecords reads the records of data, as ParseBytes, all sources
// together.
func ParseRecords(name string, data []byte, opts Options) ([]record.Proposal, error) {
	srcs, err := ParseBytes(name, data, opts)
	if err != nil {
		return nil, err
	}
	var out []record.Proposal
	for _, s := range srcs {
		out = append(out, s.Proposals...)
	}
	return out, nil
}
