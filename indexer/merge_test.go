package indexer_test

import (
	"testing"

	"github.com/govreply/precedent/dict"
	"github.com/govreply/precedent/indexer"
)

// TestBuildMergesSegments checks that a build leaves its index in one
// segment, however many batches it took.
func TestBuildMergesSegments(t *testing.T) {
	ps, err := indexer.ReadFile(seedPath)
	if err != nil {
		t.Fatal(err)
	}
	a := dict.MustDefault()
	dir := t.TempDir()
	if _, err := indexer.Build(dir, ps, indexer.BuildOptions{Analyzer: a, BatchSize: 5}); err != nil {
		t.Fatal(err)
	}
	idx, _, err := indexer.Open(dir, a)
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	live, err := indexer.Segments(idx)
	if err != nil {
		t.Fatal(err)
	}
	if live != 1 {
		t.Errorf("%d segments hold documents after a build of %d batches, want 1", live, 70/5)
	}
	if n, _ := idx.DocCount(); n != 70 {
		t.Errorf("%d documents, want 70", n)
	}
}
