package search

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/govreply/precedent/dict"
	"github.com/govreply/precedent/indexer"
	"github.com/govreply/precedent/record"
)

// TestShardsByYear builds the seed as year shards and checks that the alias
// over them answers as the single index does, with global scores, and that
// importing one year rebuilds that year's shard only.
func TestShardsByYear(t *testing.T) {
	dir := t.TempDir()
	a := dict.MustDefault()
	sts, err := indexer.BuildShards(dir, seed, indexer.BuildOptions{Analyzer: a})
	if err != nil || len(sts) != 2 {
		t.Fatalf("%d shards: %v", len(sts), err)
	}
	s, err := Open(dir, a)
	if err != nil {
		t.Fatal(err)
	}
	if s.Shards() != 2 || s.DocCount() != 70 || s.Meta().Proposals != 18 {
		t.Fatalf("shards %d docs %d proposals %d", s.Shards(), s.DocCount(), s.Meta().Proposals)
	}
	for _, q := range []string{"时间银行", "养老护理人才培养", "儿童", ""} {
		want := run(t, Request{Query: q, Size: 20})
		got, err := s.Search(context.Background(), Request{Query: q, Size: 20})
		if err != nil {
			t.Fatal(err)
		}
		// Global scoring sums document and term counts over the shards;
		// bleve still takes field lengths per shard, so scores differ
		// from one index's: the same documents match, the best three come
		// first in the same order, near ties below may swap.
		top := min(3, len(want.Hits))
		shared := 0
		inGot := map[string]bool{}
		for _, id := range ids(got)[:min(10, len(got.Hits))] {
			inGot[id] = true
		}
		for _, id := range ids(want)[:min(10, len(want.Hits))] {
			if inGot[id] {
				shared++
			}
		}
		if got.Total != want.Total || !reflect.DeepEqual(ids(got)[:top], ids(want)[:top]) || shared < min(8, len(want.Hits)) {
			t.Errorf("%q: shards give %d %v, one index %d %v", q, got.Total, ids(got), want.Total, ids(want))
			continue
		}
	}
	if got, _ := s.Suggest(context.Background(), "时间"); len(got) == 0 {
		t.Error("no completions over shards")
	}
	if sim, err := s.Similar(context.Background(), SimilarRequest{ID: "20200046-1"}); err != nil || len(sim.Hits) == 0 {
		t.Errorf("similar over shards: %v %v", sim, err)
	}
	s.Close()

	before, _ := indexer.CurrentPath(filepath.Join(dir, "shards", "2019"))
	var y2020 []record.Proposal
	for _, p := range seed {
		if p.Year == 2020 {
			y2020 = append(y2020, p)
		}
	}
	if _, err := indexer.BuildShards(dir, y2020, indexer.BuildOptions{Analyzer: a}); err != nil {
		t.Fatal(err)
	}
	after, _ := indexer.CurrentPath(filepath.Join(dir, "shards", "2019"))
	if before != after {
		t.Fatalf("importing 2020 rebuilt the 2019 shard: %s → %s", before, after)
	}
	if _, err := os.Stat(before); err != nil {
		t.Fatalf("2019 shard gone: %v", err)
	}
}

// A searcher over year shards serves the snapshot the directory announces,
// and one over a plain directory its CURRENT index.
func TestShardsSnapshot(t *testing.T) {
	a := dict.MustDefault()
	for _, sharded := range []bool{false, true} {
		dir := t.TempDir()
		var err error
		if sharded {
			_, err = indexer.BuildShards(dir, seed, indexer.BuildOptions{Analyzer: a})
		} else {
			_, err = indexer.Build(dir, seed, indexer.BuildOptions{Analyzer: a})
		}
		if err != nil {
			t.Fatal(err)
		}
		s, err := Open(dir, a)
		if err != nil {
			t.Fatal(err)
		}
		want, err := indexer.Snapshot(dir)
		if got := s.Meta().Snapshot; err != nil || got != want || got == "" {
			t.Errorf("sharded %v: serves %q, the directory announces %q (%v)", sharded, got, want, err)
		}
		s.Close()
	}
}
