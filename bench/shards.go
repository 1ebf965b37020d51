package bench

import (
	"context"
	"fmt"
	"time"

	"github.com/govreply/precedent/dict"
	"github.com/govreply/precedent/indexer"
	"github.com/govreply/precedent/record"
	"github.com/govreply/precedent/search"
)

// A ShardResult measures year shards (indexer.BuildShards): building all of
// them, then the import of one more year's worth of replies, which rebuilds
// that year's shard only.
type ShardResult struct {
	Suggestions int
	Shards      int
	Full        time.Duration // every year's shard from scratch
	Year        int           // the year re-imported: the latest
	YearDocs    int           // its suggestions
	YearRebuild time.Duration // rebuilding its shard, the others untouched
	// Query p50 of the one-word query over the alias of all shards, with
	// global scoring, and over the single index, measured alternately.
	AliasP50, SingleP50 time.Duration
	Hits                uint64
}

// RunShardBench builds year shards of proposals under dir, then rebuilds the
// latest year's shard alone, and compares a query over the shards with the
// same query over single, an index of the same proposals.
func RunShardBench(ctx context.Context, dir string, proposals []record.Proposal, a *dict.Analyzer, single *search.Searcher, q string, reps int) (ShardResult, error) {
	var r ShardResult
	opts := indexer.BuildOptions{Analyzer: a}
	t := time.Now()
	sts, err := indexer.BuildShards(dir, proposals, opts)
	if err != nil {
		return r, err
	}
	r.Full = time.Since(t)
	r.Shards = len(sts)
	for _, st := range sts {
		r.Suggestions += st.Suggestions
	}
	var year []record.Proposal
	for i := range proposals {
		if y := proposals[i].Year; y > r.Year {
			r.Year, year = y, year[:0]
		}
		if proposals[i].Year == r.Year {
			year = append(year, proposals[i])
		}
	}
	for _, p := range year {
		r.YearDocs += len(p.Suggestions)
	}
	t = time.Now()
	if _, err := indexer.BuildShards(dir, year, opts); err != nil {
		return r, err
	}
	r.YearRebuild = time.Since(t)

	alias, err := search.Open(dir, a)
	if err != nil {
		return r, err
	}
	defer alias.Close()
	if n := alias.DocCount(); n != uint64(r.Suggestions) {
		return r, fmt.Errorf("bench: the shards hold %d suggestions, want %d", n, r.Suggestions)
	}
	req := search.Request{Query: q, NoFacets: true}
	var da, ds []time.Duration
	for i := range reps + 2 {
		for _, s := range []*search.Searcher{alias, single} {
			t := time.Now()
			resp, err := s.Search(ctx, req)
			if err != nil {
				return r, err
			}
			if i < 2 {
				continue // warm-up
			}
			if s == alias {
				da = append(da, time.Since(t))
				r.Hits = resp.Total
			} else {
				ds = append(ds, time.Since(t))
				if resp.Total != r.Hits {
					return r, fmt.Errorf("bench: %s: %d hits over the shards, %d over one index", q, r.Hits, resp.Total)
				}
			}
		}
	}
	r.AliasP50, r.SingleP50 = Latencies(da).P50, Latencies(ds).P50
	return r, nil
}
