package ingest_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/govreply/precedent/ingest"
	"github.com/govreply/precedent/record"
)

// seedPath is the real seed: the Word reply table exported to text.
var seedPath = filepath.Join("..", "testdata", "000_8b6b214a39f4da34.txt")

// seedName is the name the tests give the seed in errors.
const seedName = "000_8b6b214a39f4da34.txt"

func readSeed(t testing.TB) []byte {
	t.Helper()
	b, err := os.ReadFile(seedPath)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func parseSeed(t testing.TB) []record.Proposal {
	t.Helper()
	src, err := ingest.ParseTable(bytes.NewReader(readSeed(t)), seedName, ingest.Options{})
	if err != nil {
		t.Fatalf("parse seed: %v", err)
	}
	return src.Proposals
}

// seedLines is the seed split into lines; seedLines[0] is line 1.
func seedLines(t testing.TB) []string {
	return strings.Split(string(readSeed(t)), "\n")
}

// withLines rebuilds a file from lines (as split by seedLines).
func withLines(lines []string) []byte { return []byte(strings.Join(lines, "\n")) }

// dropLine returns lines without line n (1-based).
func dropLine(lines []string, n int) []string {
	out := append([]string{}, lines[:n-1]...)
	return append(out, lines[n:]...)
}

// replaceLine returns lines with line n (1-based) replaced by s.
func replaceLine(lines []string, n int, s string) []string {
	out := append([]string{}, lines...)
	out[n-1] = s
	return out
}

// wantErr is what a failed parse must say.
type wantErr struct {
	file  string   // ParseError.File
	line  int      // ParseError.Line; -1: do not check
	field string   // ParseError.Field
	msg   []string // substrings of err.Error()
}

// checkErr asserts that err is, or joins as its first error, a *ParseError
// at w's file, line and field, and that the whole message holds w.msg and
// "file:line" (or just the file when line is 0).
func checkErr(t testing.TB, err error, w wantErr) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want one at %s:%d", w.file, w.line)
	}
	msg := err.Error()
	// first is the first line of a joined error, to keep reports short.
	first := strings.SplitN(msg, "\n", 2)[0]
	var pe *ingest.ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("error %q (%T) holds no *ParseError", msg, err)
	}
	if pe.File != w.file {
		t.Errorf("ParseError.File = %q, want %q (error: %s)", pe.File, w.file, first)
	}
	if w.line >= 0 && pe.Line != w.line {
		t.Errorf("ParseError.Line = %d, want %d (error: %s)", pe.Line, w.line, first)
	}
	if pe.Field != w.field {
		t.Errorf("ParseError.Field = %q, want %q (error: %s)", pe.Field, w.field, first)
	}
	loc := w.file + ":"
	if w.line > 0 {
		loc = w.file + ":" + strconv.Itoa(w.line) + ":"
	}
	if !strings.HasPrefix(first, loc) {
		t.Errorf("error %q does not start with %q", first, loc)
	}
	for _, m := range w.msg {
		if !strings.Contains(msg, m) {
			t.Errorf("error %q does not contain %q", msg, m)
		}
	}
}

// indexerBookmark is a Word bookmark as the export writes it.
var indexerBookmark = regexp.MustCompile(`\[bookmark: [^\]]*\]`)

// checkInvariants asserts what every successful parse guarantees: unique,
// one-line record ids; a title or a text for each record; suggestions
// numbered uniquely and in order, from 1 up, or one suggestion numbered 0;
// unique document ids; a year in range when there is one.
func checkInvariants(t testing.TB, ps []record.Proposal) {
	t.Helper()
	ids := map[string]bool{}
	docs := map[string]bool{}
	for _, p := range ps {
		if p.ID == "" || strings.ContainsAny(p.ID, "\n\r") {
			t.Fatalf("record id %q is not valid", p.ID)
		}
		if p.Year != 0 && !record.ValidYear(p.Year) {
			t.Fatalf("record %s: year %d", p.ID, p.Year)
		}
		if ids[p.ID] {
			t.Fatalf("record id %q twice", p.ID)
		}
		ids[p.ID] = true
		if len(p.Suggestions) == 0 {
			t.Fatalf("record %s: no suggestions", p.ID)
		}
		text := p.Title != ""
		for i, s := range p.Suggestions {
			text = text || s.Text != ""
			if s.No < 0 || (s.No == 0 && len(p.Suggestions) > 1) {
				t.Fatalf("record %s: suggestion number %d of %d", p.ID, s.No, len(p.Suggestions))
			}
			if i > 0 && s.No <= p.Suggestions[i-1].No {
				t.Fatalf("record %s: suggestion numbers not strictly increasing: %d after %d", p.ID, s.No, p.Suggestions[i-1].No)
			}
			d := record.DocID(&p, &s)
			if docs[d] {
				t.Fatalf("document id %s twice", d)
			}
			docs[d] = true
		}
		if !text {
			t.Fatalf("record %s: no title and no text", p.ID)
		}
	}
}

func writeFile(t testing.TB, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}
