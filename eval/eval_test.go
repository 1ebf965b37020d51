package eval

import (
	"encoding/json"
	"flag"
	"os"
	"testing"

	"github.com/govreply/precedent/dict"
	"github.com/govreply/precedent/ingest"
)

var update = flag.Bool("update", false, "rewrite testdata/eval/baseline.json with the current figures")

const baselineFile = "../testdata/eval/baseline.json"

// baseline is the committed figures: engine → query kind → summary.
type baseline map[string]map[string]Summary

// TestRankingBaseline keeps the judged-query figures from falling below the
// last committed baseline, and this engine ahead of bleve-cjk.
func TestRankingBaseline(t *testing.T) {
	qs, err := LoadQueries("../testdata/eval/queries.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	if len(qs) < 40 {
		t.Fatalf("%d judged queries, want 40 or more", len(qs))
	}
	ps, err := ingest.ReadRecords(ingest.Options{}, "../testdata/000_8b6b214a39f4da34.txt")
	if err != nil {
		t.Fatal(err)
	}
	reports, err := Compare(ps, qs, dict.MustDefault(), 0)
	if err != nil {
		t.Fatal(err)
	}
	now := baseline{}
	for _, r := range reports {
		now[r.Engine] = map[string]Summary{"ALL": r.All}
		for k, s := range r.ByKind {
			now[r.Engine][k] = s
		}
	}
	if *update {
		b, _ := json.MarshalIndent(now, "", "  ")
		if err := os.WriteFile(baselineFile, append(b, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s", baselineFile)
		return
	}
	data, err := os.ReadFile(baselineFile)
	if err != nil {
		t.Fatalf("%v (create it with go test ./eval -run TestRankingBaseline -update)", err)
	}
	var base baseline
	if err := json.Unmarshal(data, &base); err != nil {
		t.Fatal(err)
	}
	const eps = 1e-3 // ties between equal scores may reorder; a real loss is larger
	for _, engine := range []string{"precedent"} {
		for kind, b := range base[engine] {
			n := now[engine][kind]
			if n.NDCG < b.NDCG-eps || n.Recall10 < b.Recall10-eps || n.Precision5 < b.Precision5-eps {
				t.Errorf("%s %s fell below the baseline: nDCG %.3f (was %.3f), R@10 %.3f (was %.3f), P@5 %.3f (was %.3f)",
					engine, kind, n.NDCG, b.NDCG, n.Recall10, b.Recall10, n.Precision5, b.Precision5)
			}
		}
	}
	ours, cjk := now["precedent"]["ALL"], now["bleve-cjk"]["ALL"]
	if ours.NDCG <= cjk.NDCG {
		t.Errorf("nDCG@10 %.3f is not above bleve-cjk's %.3f", ours.NDCG, cjk.NDCG)
	}
	if single, cjkSingle := now["precedent"]["single"], now["bleve-cjk"]["single"]; single.Precision5 < cjkSingle.Precision5 {
		t.Errorf("single-term precision@5 %.3f below bleve-cjk's %.3f", single.Precision5, cjkSingle.Precision5)
	}
	t.Logf("nDCG@10: precedent %.3f, no thesaurus %.3f, bleve-cjk %.3f", ours.NDCG, now["no-thesaurus"]["ALL"].NDCG, cjk.NDCG)
}

func TestEvaluate(t *testing.T) {
	q := Query{Relevant: map[string]int{"a": 2, "b": 1}}
	cases := []struct {
		name string
		ids  []string
		ndcg float64
		r10  float64
	}{
		{"ideal", []string{"a", "b"}, 1, 1},
		{"none", []string{"x", "y"}, 0, 0},
		{"swapped", []string{"b", "a"}, (1 + 3/1.5849625007211563) / (3 + 1/1.5849625007211563), 1},
	}
	for _, c := range cases {
		s := Evaluate(q, c.ids)
		if d := s.NDCG10 - c.ndcg; d > 1e-9 || d < -1e-9 || s.Recall10 != c.r10 {
			t.Errorf("%s: nDCG %.4f R@10 %.2f, want %.4f %.2f", c.name, s.NDCG10, s.Recall10, c.ndcg, c.r10)
		}
	}
	if s := Evaluate(Query{}, nil); s.NDCG10 != 1 {
		t.Error("an empty answer to a query that should find nothing is perfect")
	}
	if s := Evaluate(Query{}, []string{"x"}); s.NDCG10 != 0 || s.FalseHits != 1 {
		t.Error("a hit for a query that should find nothing is wrong")
	}
}
