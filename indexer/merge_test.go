package indexer_test

import (
	"path/filepath"
	"testing"

	"github.com/govreply/precedent/dict"
	"github.com/govreply/precedent/indexer"
)

// TestBuildMergesSegments checks that a build leaves its index in one
// segment, however many batches it took.
func TestBuildMergesSegments(t *testing.T) {
	ps, err := readRecords(seedPath)
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
	live, err := idx.Segments()
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

// TestBuildLeavesNoStaleSegments checks that the segments merged away are
// not left on disk (one document a batch: scorch persists some of them
// before the merge).
func TestBuildLeavesNoStaleSegments(t *testing.T) {
	ps, err := readRecords(seedPath)
	if err != nil {
		t.Fatal(err)
	}
	st, err := indexer.Build(t.TempDir(), ps, indexer.BuildOptions{Analyzer: dict.MustDefault(), BatchSize: 1})
	if err != nil {
		t.Fatal(err)
	}
	zaps, err := filepath.Glob(filepath.Join(st.Path, "store", "*.zap"))
	if err != nil {
		t.Fatal(err)
	}
	if len(zaps) != 1 {
		t.Errorf("%d segment files after a build, want 1: %v", len(zaps), zaps)
	}
}
