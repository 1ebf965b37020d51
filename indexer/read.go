package indexer

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// A Format is one of the import formats.
type Format string

// The import formats.
const (
	FormatTable Format = "table" // Word table saved as text (.txt)
	FormatCSV   Format = "csv"
	FormatJSONL Format = "jsonl"
	FormatXLSX  Format = "xlsx"
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
	case ".xlsx":
		return FormatXLSX, nil
	}
	h := bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\uFEFF")), " \r\n")
	switch {
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return FormatXLSX, nil
	case bytes.HasPrefix(h, []byte("{")):
		return FormatJSONL, nil
	case bytes.HasPrefix(h, []byte("\t")):
		return FormatTable, nil
	case bytes.Contains(h[:min(len(h), 512)], []byte(",")):
		return FormatCSV, nil
	}
	return "", fmt.Errorf("%s: unknown format (use .txt table export, .csv, .jsonl or .xlsx)", name)
}

// Parse reads proposals from r in format f.
func Parse(r io.Reader, name string, f Format) ([]Proposal, error) {
	switch f {
	case FormatTable:
		return ParseTable(r, name)
	case FormatCSV:
		return ParseCSV(r, name)
	case FormatJSONL:
		return ParseJSONL(r, name)
	case FormatXLSX:
		return ParseXLSX(r, name)
	}
	return nil, fmt.Errorf("%s: unknown format %q", name, f)
}

// ParseBytes reads proposals from data, detecting the format from name and
// content.
func ParseBytes(name string, data []byte) ([]Proposal, error) {
	f, err := DetectFormat(name, data[:min(len(data), 4096)])
	if err != nil {
		return nil, err
	}
	return Parse(bytes.NewReader(data), name, f)
}

// ReadFile reads proposals from a file in any import format.
func ReadFile(path string) ([]Proposal, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return ParseBytes(path, data)
}

// A Collection is the proposals of one import, in order, ids unique.
type Collection struct {
	Proposals []Proposal
	Warnings  []string // ids imported twice, and the like
	index     map[string]int
}

// Add appends proposals; one whose id is already in the collection replaces
// the earlier one, with a warning naming both sources.
func (c *Collection) Add(source string, ps []Proposal) {
	if c.index == nil {
		c.index = map[string]int{}
	}
	for _, p := range ps {
		if i, ok := c.index[p.ID]; ok {
			c.Warnings = append(c.Warnings, fmt.Sprintf("%s: proposal %s imported again; it replaces the earlier one", source, p.ID))
			c.Proposals[i] = p
			continue
		}
		c.index[p.ID] = len(c.Proposals)
		c.Proposals = append(c.Proposals, p)
	}
}

// Suggestions counts the suggestions of the collection.
func (c *Collection) Suggestions() int {
	n := 0
	for _, p := range c.Proposals {
		n += len(p.Suggestions)
	}
	return n
}

// ReadFiles reads every file into one collection. It reads them all and
// returns every file's errors together, so a user fixes them in one go.
func ReadFiles(paths ...string) (*Collection, error) {
	c := &Collection{}
	var errs []error
	for _, p := range paths {
		ps, err := ReadFile(p)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		c.Add(p, ps)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return c, nil
}
