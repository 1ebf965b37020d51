package ingest

import (
	"errors"
	"fmt"
)

// A ParseError says where an input file is wrong: the file, the line (or the
// spreadsheet row) and, when known, the field.
type ParseError struct {
	File  string
	Line  int    // 1-based line or row; 0 when the error is about the whole file
	Field string // "proposal id", "suggestion", …; may be empty
	Err   error
}

func (e *ParseError) Error() string {
	loc := e.File
	if e.Line > 0 {
		loc = fmt.Sprintf("%s:%d", e.File, e.Line)
	}
	if e.Field != "" {
		return fmt.Sprintf("%s: %s: %v", loc, e.Field, e.Err)
	}
	return fmt.Sprintf("%s: %v", loc, e.Err)
}

func (e *ParseError) Unwrap() error { return e.Err }

// maxErrors bounds how many errors one file reports; past it the parser stops.
const maxErrors = 20

// errList collects a file's errors so a user sees them all at once.
type errList struct {
	file string
	errs []error
}

func (l *errList) add(line int, field, format string, args ...any) {
	l.errs = append(l.errs, &ParseError{File: l.file, Line: line, Field: field, Err: fmt.Errorf(format, args...)})
}

func (l *errList) full() bool { return len(l.errs) >= maxErrors }

func (l *errList) err() error {
	if len(l.errs) == 0 {
		return nil
	}
	if l.full() {
		l.errs = append(l.errs, fmt.Errorf("%s: too many errors, stopped", l.file))
	}
	return errors.Join(l.errs...)
}
