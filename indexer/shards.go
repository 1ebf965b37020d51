package indexer

import (
	"os"
	"path/filepath"
	"sort"
	"strconv"

	"github.com/govreply/precedent/record"
)

// Sharded data directories keep one index per year under DIR/shards/YEAR,
// each a data directory of its own (CURRENT, idx-…). A search runs on them
// all at once with global BM25 statistics (search.Open); importing a year
// rebuilds that year's shard only.
const shardsDir = "shards"

// ShardDirs lists the year shards of dataDir that hold a current index, in
// year order; nil when dataDir is not sharded.
func ShardDirs(dataDir string) []string {
	entries, err := os.ReadDir(filepath.Join(dataDir, shardsDir))
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range entries {
		dir := filepath.Join(dataDir, shardsDir, e.Name())
		if e.IsDir() && Exists(dir) {
			out = append(out, dir)
		}
	}
	sort.Strings(out)
	return out
}

// BuildShards indexes proposals into the year shards of dataDir, one shard a
// year, rebuilding only the years the proposals belong to: the shard of a
// year holds exactly that year's proposals of this import. Each shard swaps
// in atomically on its own.
func BuildShards(dataDir string, proposals []record.Proposal, opts BuildOptions) ([]BuildStats, error) {
	byYear := map[int][]record.Proposal{}
	for _, p := range proposals {
		byYear[p.Year] = append(byYear[p.Year], p)
	}
	years := make([]int, 0, len(byYear))
	for y := range byYear {
		years = append(years, y)
	}
	sort.Ints(years)
	var out []BuildStats
	for _, y := range years {
		st, err := Build(filepath.Join(dataDir, shardsDir, strconv.Itoa(y)), byYear[y], opts)
		if err != nil {
			return out, err
		}
		out = append(out, st)
	}
	return out, nil
}
