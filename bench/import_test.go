package bench

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"

	"github.com/govreply/precedent/dict"
	"github.com/govreply/precedent/indexer"
	"github.com/govreply/precedent/ingest"
	"github.com/govreply/precedent/record"
)

// realFiles are the real platform exports the import benchmark reads:
// 4,326 messages without replies and 2,816 with (../shared/real, beside the
// repository).
var realFiles = []string{"../../shared/real/附件3.xlsx", "../../shared/real/附件4.xlsx"}

// importRows is the rows of realFiles.
const importRows = 4326 + 2816

// importInputs are the imports the benchmark compares, as files of the
// same format (xlsx): the real exports; a generated corpus of the seed's
// shape (proposals of numbered suggestions answered in the four columns)
// of as many suggestions; and the real exports' records written in the
// project's own columns.
func importInputs(b *testing.B) map[string][][]byte {
	b.Helper()
	in := map[string][][]byte{}
	for _, f := range realFiles {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatalf("the real data is missing: %v (benchmarks read ../shared/real beside the repository)", err)
		}
		in["real-fj3+fj4"] = append(in["real-fj3+fj4"], data)
	}
	var gen bytes.Buffer
	if _, err := Generate(&gen, CorpusConfig{Seed: 1, Suggestions: importRows}); err != nil {
		b.Fatal(err)
	}
	ps, err := ingest.ParseRecords("gen.jsonl", gen.Bytes(), ingest.Options{})
	if err != nil {
		b.Fatal(err)
	}
	var x bytes.Buffer
	if err := ingest.WriteXLSX(&x, ps); err != nil {
		b.Fatal(err)
	}
	in["seed-shaped"] = [][]byte{x.Bytes()}
	// The same messages and letters in the project's own columns (what
	// export writes): the cost of the platform's shape alone, text for text.
	var same bytes.Buffer
	if err := ingest.WriteXLSX(&same, readAll(b, in["real-fj3+fj4"])); err != nil {
		b.Fatal(err)
	}
	in["real-as-columns"] = [][]byte{same.Bytes()}
	return in
}

func readAll(b *testing.B, files [][]byte) []record.Proposal {
	c := &ingest.Collection{}
	for i, data := range files {
		srcs, err := ingest.ParseBytes(filepath.Base(realFiles[min(i, len(realFiles)-1)]), data, ingest.Options{})
		if err != nil {
			b.Fatal(err)
		}
		for _, s := range srcs {
			c.Add(s)
		}
	}
	return c.Proposals
}

// BenchmarkImport reads (read) and reads and indexes (index) the real
// exports and a seed-shaped file of as many suggestions, and reports
// suggestions (units) and characters of text a second. A real message and
// its letter hold about 2.8 times the text of a generated suggestion, so
// the characters a second compare the work done.
//
//	go test ./bench -run '^$' -bench Import -benchtime 3x
func BenchmarkImport(b *testing.B) {
	a, err := dict.Default()
	if err != nil {
		b.Fatal(err)
	}
	for name, files := range importInputs(b) {
		units, runes := 0, 0
		for _, p := range readAll(b, files) {
			units += len(p.Suggestions)
			for _, s := range p.Suggestions {
				r := s.Reply
				runes += utf8.RuneCountInString(p.Title + p.Proposer + p.LeadDepartment + s.Text + r.Done + r.InProgress + r.Planned + r.NotAdopted + r.Letter)
			}
		}
		report := func(b *testing.B) {
			b.ReportMetric(float64(units*b.N)/b.Elapsed().Seconds(), "units/s")
			b.ReportMetric(float64(runes*b.N)/b.Elapsed().Seconds(), "chars/s")
		}
		b.Run("read/"+name, func(b *testing.B) {
			for b.Loop() {
				readAll(b, files)
			}
			report(b)
		})
		b.Run("index/"+name, func(b *testing.B) {
			for b.Loop() {
				ps := readAll(b, files)
				if _, err := indexer.Build(b.TempDir(), ps, indexer.BuildOptions{Analyzer: a}); err != nil {
					b.Fatal(err)
				}
			}
			report(b)
		})
	}
}
