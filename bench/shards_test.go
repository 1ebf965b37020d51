package bench

import (
	"path/filepath"
	"testing"
)

// TestShardBench builds year shards of the shared corpus, re-imports the
// latest year and checks the shards answer as the single index does.
func TestShardBench(t *testing.T) {
	setup(t)
	years := map[int]bool{}
	latest, latestDocs := 0, 0
	for _, p := range fixture.proposals {
		years[p.Year] = true
		latest = max(latest, p.Year)
	}
	for _, p := range fixture.proposals {
		if p.Year == latest {
			latestDocs += len(p.Suggestions)
		}
	}
	r, err := RunShardBench(t.Context(), filepath.Join(t.TempDir(), "shards"), fixture.proposals, fixture.a, fixture.ours, "养老", 3)
	if err != nil {
		t.Fatal(err)
	}
	if r.Shards != len(years) {
		t.Errorf("%d shards, want one per year: %d", r.Shards, len(years))
	}
	if r.Suggestions != fixture.stats.Suggestions {
		t.Errorf("shards hold %d suggestions, corpus %d", r.Suggestions, fixture.stats.Suggestions)
	}
	if r.Year != latest || r.YearDocs != latestDocs {
		t.Errorf("re-imported year %d with %d suggestions, want %d with %d", r.Year, r.YearDocs, latest, latestDocs)
	}
	if r.Hits == 0 || r.AliasP50 <= 0 || r.SingleP50 <= 0 {
		t.Errorf("query over the shards: %d hits, p50 %v (one index %v)", r.Hits, r.AliasP50, r.SingleP50)
	}
}
