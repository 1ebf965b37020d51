package indexer_test

import (
	"bytes"
	"os"
	"path/filepath"
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

// replaceLine returns lines with line n (1-based) replaced by s.
func replaceLine(lines []string, n int, s string) []string {
	out := append([]string{}, lines...)
	out[n-1] = s
	return out
}

// csvHeader is the header of a seed-shaped CSV file.
const csvHeader = "proposal_id,title,proposer,lead_department,co_departments,suggestion_no,suggestion,done,in_progress,planned,not_adopted\n"

func writeFile(t testing.TB, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// readRecords reads a file's records.
func readRecords(path string) ([]record.Proposal, error) {
	c, err := ingest.ReadFiles(ingest.Options{}, path)
	if err != nil {
		return nil, err
	}
	return c.Proposals, nil
}
