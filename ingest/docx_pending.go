package ingest

import (
	"errors"
	"io"
)

// Replaced by docx.go in the next commit.
type docxTable struct {
	Title string
	Rows  [][]string
}

func readDocx(r io.ReaderAt, size int64) ([]docxTable, error) {
	return nil, errors.New("docx: not yet")
}
