package indexer_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/govreply/precedent/indexer"
	"github.com/govreply/precedent/record"
)

// The snapshot a data directory announces is its CURRENT index's name; the
// index opened from it carries the same name, and a later build announces
// another while the opened one keeps its own.
func TestSnapshot(t *testing.T) {
	dir, first := buildSeed(t)
	got, err := indexer.Snapshot(dir)
	if err != nil || got != filepath.Base(first.Path) || !strings.HasPrefix(got, "idx-") {
		t.Fatalf("Snapshot = %q, %v; want %q", got, err, filepath.Base(first.Path))
	}
	parts, meta, err := indexer.Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer parts.Close()
	if meta.Snapshot != got {
		t.Errorf("Open's Meta.Snapshot = %q, want %q", meta.Snapshot, got)
	}

	second, err := indexer.Build(dir, parseSeed(t)[:2], indexer.BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	now, err := indexer.Snapshot(dir)
	if err != nil || now != filepath.Base(second.Path) || now == got {
		t.Errorf("after a second build Snapshot = %q, %v; want %q (not %q)", now, err, filepath.Base(second.Path), got)
	}
	if meta.Snapshot != got {
		t.Errorf("the opened index's snapshot changed to %q", meta.Snapshot)
	}
}

// A directory without an index announces nothing, with an error that says
// where; a bad CURRENT file is an error too.
func TestSnapshotErrors(t *testing.T) {
	empty := t.TempDir()
	if s, err := indexer.Snapshot(empty); err == nil || !strings.Contains(err.Error(), empty) {
		t.Errorf("empty dir: %q, %v; want an error naming %s", s, err, empty)
	}
	bad := t.TempDir()
	if err := os.WriteFile(filepath.Join(bad, "CURRENT"), []byte("../elsewhere\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if s, err := indexer.Snapshot(bad); err == nil || !strings.Contains(err.Error(), "bad CURRENT") {
		t.Errorf("bad CURRENT: %q, %v", s, err)
	}
}

// Year shards announce a digest of every shard's year and index: rebuilding
// one year changes it, and it does not depend on anything else.
func TestSnapshotShards(t *testing.T) {
	dir := t.TempDir()
	ps := parseSeed(t)
	sts, err := indexer.BuildShards(dir, ps, indexer.BuildOptions{})
	if err != nil || len(sts) != 2 {
		t.Fatalf("%d shards, %v", len(sts), err)
	}
	var names []string
	for _, st := range sts {
		names = append(names, filepath.Base(filepath.Dir(st.Path))+"/"+filepath.Base(st.Path))
	}
	want := indexer.ShardsSnapshot(names)
	got, err := indexer.Snapshot(dir)
	if err != nil || got != want || !strings.HasPrefix(got, "shards-") {
		t.Fatalf("Snapshot = %q, %v; want %q from %v", got, err, want, names)
	}
	if again, _ := indexer.Snapshot(dir); again != got {
		t.Errorf("Snapshot is not stable: %q then %q", got, again)
	}
	var y2020 []record.Proposal
	for _, p := range ps {
		if p.Year == 2020 {
			y2020 = append(y2020, p)
		}
	}
	if _, err := indexer.BuildShards(dir, y2020, indexer.BuildOptions{}); err != nil {
		t.Fatal(err)
	}
	if after, err := indexer.Snapshot(dir); err != nil || after == got {
		t.Errorf("after rebuilding 2020 Snapshot = %q, %v; want a new one (was %q)", after, err, got)
	}
}
