package indexer_test

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/blevesearch/bleve/v2"

	"github.com/govreply/precedent/indexer"
	"github.com/govreply/precedent/record"
)

// TestBuildPartitions builds the seed in three partitions: each a merged
// bleve index of the suggestions of whole proposals, together the seed.
func TestBuildPartitions(t *testing.T) {
	dir := t.TempDir()
	ps := parseSeed(t)
	var progress []int
	st, err := indexer.Build(dir, ps, indexer.BuildOptions{Partitions: 3, Progress: func(done, total int) {
		if total != 70 {
			t.Errorf("progress total %d, want 70", total)
		}
		progress = append(progress, done)
	}})
	if err != nil {
		t.Fatal(err)
	}
	if st.Partitions != 3 || st.Suggestions != 70 {
		t.Errorf("stats %+v", st)
	}
	if len(progress) == 0 || progress[len(progress)-1] != 70 {
		t.Errorf("progress %v does not end at 70", progress)
	}
	m, err := indexer.ReadMeta(dir)
	if err != nil || m.Partitions != 3 || m.Suggestions != 70 || m.Proposals != 18 {
		t.Errorf("ReadMeta = %+v, %v", m, err)
	}
	parts, meta, err := indexer.Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer parts.Close()
	if len(parts) != 3 || meta.Partitions != 3 || meta.Suggestions != 70 || meta.Proposals != 18 {
		t.Fatalf("%d parts, meta %+v", len(parts), meta)
	}
	if n, _ := parts.DocCount(); n != 70 {
		t.Errorf("%d documents in all, want 70", n)
	}
	if n, _ := parts.Segments(); n != 3 {
		t.Errorf("%d segments, want one a partition", n)
	}
	for _, p := range ps {
		k := indexer.Partition(p.ID, 3)
		for _, s := range p.Suggestions {
			id := record.SuggestionID(p.ID, s.No)
			for j, part := range parts {
				res, err := part.Search(bleve.NewSearchRequest(bleve.NewDocIDQuery([]string{id})))
				if err != nil {
					t.Fatal(err)
				}
				if in := res.Total == 1; in != (j == k) {
					t.Errorf("%s in partition %d: %v; its proposal's partition is %d", id, j, in, k)
				}
			}
		}
	}
}

// A partition that fails fails the build: no partial index is left and the
// current one stays.
func TestBuildPartitionFailure(t *testing.T) {
	dir, _ := buildSeed(t)
	current := readCurrent(t, dir)
	sabotaged := false
	_, err := indexer.Build(dir, parseSeed(t), indexer.BuildOptions{Partitions: 2, Progress: func(done, total int) {
		if sabotaged {
			return
		}
		tmps, _ := filepath.Glob(filepath.Join(dir, "tmp-*"))
		if len(tmps) != 1 {
			t.Fatalf("tmp- directories %q, want one", tmps)
		}
		// The index's metadata file is in the way.
		if err := os.Mkdir(filepath.Join(tmps[0], "precedent.json"), 0o755); err != nil {
			t.Fatal(err)
		}
		sabotaged = true
	}})
	if !sabotaged || err == nil {
		t.Fatalf("sabotaged %v, err %v", sabotaged, err)
	}
	if got := readCurrent(t, dir); got != current {
		t.Errorf("CURRENT = %q, was %q", got, current)
	}
	if tmps, _ := filepath.Glob(filepath.Join(dir, "tmp-*")); len(tmps) != 0 {
		t.Errorf("tmp- directories left: %q", tmps)
	}
	if n := docCount(t, dir); n != 70 {
		t.Errorf("DocCount = %d, want the previous index's 70", n)
	}
}

func TestAutoPartitions(t *testing.T) {
	cores := runtime.GOMAXPROCS(0)
	for _, tc := range []struct {
		name        string
		suggestions int
		want        int
	}{
		{"empty", 0, 1},
		{"the seed", 70, 1},
		{"a city's decade", 19999, 1},
		{"two partitions' worth", 40000, min(2, cores)},
		{"all of China", 10_000_000, min(8, cores)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := indexer.AutoPartitions(tc.suggestions); got != tc.want {
				t.Errorf("AutoPartitions(%d) = %d, want %d", tc.suggestions, got, tc.want)
			}
		})
	}
}
