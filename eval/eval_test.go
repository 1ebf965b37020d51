package eval

import (
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"strings"
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

// TestEvaluateGrades: grade 0 is a judgment of not relevant, counted
// nowhere; P@10 and R@100 look deeper than the top 5 and 10.
func TestEvaluateGrades(t *testing.T) {
	q := Query{Relevant: map[string]int{"a": 3, "b": 1, "z": 0, "y": 0}}
	if n := q.RelevantCount(); n != 2 || q.Uncovered() {
		t.Fatalf("RelevantCount %d, Uncovered %v; want 2, false", n, q.Uncovered())
	}
	ideal := Evaluate(q, []string{"a", "b"})
	if ideal.NDCG10 != 1 || ideal.Precision10 != 1 || ideal.Recall100 != 1 || ideal.RelevantAll != 2 {
		t.Errorf("ideal answer: %+v", ideal)
	}
	// Judged-non-relevant hits add nothing and take rank.
	s := Evaluate(q, []string{"z", "a", "y", "b"})
	want := (7/1.5849625007211563 + 1/2.321928094887362) / (7 + 1/1.5849625007211563)
	if d := s.NDCG10 - want; d > 1e-9 || d < -1e-9 {
		t.Errorf("nDCG %.4f, want %.4f", s.NDCG10, want)
	}
	if s.Precision10 != 1 || s.Recall10 != 1 {
		t.Errorf("P@10 %.2f R@10 %.2f, want 1 1 (both relevant in the top 10)", s.Precision10, s.Recall10)
	}
	// A relevant id at rank 50 counts for R@100 only.
	deep := make([]string, 60)
	for i := range deep {
		deep[i] = fmt.Sprint("x", i)
	}
	deep[49] = "b"
	s = Evaluate(q, deep)
	if s.Recall10 != 0 || s.Precision10 != 0 || s.Recall100 != 0.5 {
		t.Errorf("deep hit: R@10 %.2f P@10 %.2f R@100 %.2f, want 0 0 0.5", s.Recall10, s.Precision10, s.Recall100)
	}
	// A need judged only with grade 0 is one nothing answers.
	if !(Query{Relevant: map[string]int{"z": 0}}).Uncovered() {
		t.Error("only grade-0 judgments: not uncovered")
	}
}

// fixed answers every query with the same ids and total.
type fixed struct {
	ids   []string
	total uint64
}

func (f fixed) Name() string { return "fixed" }
func (f fixed) Search(Query, int) ([]string, uint64, error) {
	return append([]string(nil), f.ids...), f.total, nil
}

// TestSummariesAndPrint: covered needs average by split and kind, needs
// nothing answers report the engine's match counts, and the table shows
// both and each split.
func TestSummariesAndPrint(t *testing.T) {
	qs := []Query{
		{Query: "q1", Kind: "keyword", Split: "dev", Relevant: map[string]int{"a": 3}},
		{Query: "q2", Kind: "keyword", Split: "check", Relevant: map[string]int{"b": 2, "a": 0}},
		{Query: "q3", Kind: "uncovered", Split: "check", Relevant: map[string]int{}},
	}
	r, err := Run(fixed{ids: []string{"a", "c"}, total: 7}, qs)
	if err != nil {
		t.Fatal(err)
	}
	if r.All.Covered != 2 || r.All.Uncovered != 1 || r.All.NDCG10 != 0.5 || r.All.HitsMean != 7 || r.All.HitsMax != 7 {
		t.Errorf("all: %+v", r.All)
	}
	byKind, check := r.Summaries("check")
	if check.Covered != 1 || check.NDCG10 != 0 || byKind["uncovered"].Uncovered != 1 {
		t.Errorf("check: %+v %+v", check, byKind)
	}
	var b strings.Builder
	Print(&b, 3, r)
	out := b.String()
	for _, want := range []string{"split check:", "split dev:", "all:", "hits mean 7 max 7", "1.000   1.000 1.000", "7 hits uncovered   q3"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

// TestPairDiffs: wins, losses and ties by the printed precision, the mean
// difference, and a bootstrap interval that holds the mean, is one point
// when every need differs alike, and reaches below zero when the needs
// disagree.
func TestPairDiffs(t *testing.T) {
	tests := []struct {
		name                string
		diffs               []float64
		wins, losses, ties  int
		mean                float64
		aboveZero, onePoint bool
	}{
		{"none", nil, 0, 0, 0, 0, false, true},
		{"all tie", []float64{0, 0.0004, -0.0004}, 0, 0, 3, 0, false, false},
		{"at the tie's edge", []float64{0.0005, -0.0005}, 1, 1, 0, 0, false, false},
		{"alike", []float64{0.1, 0.1, 0.1, 0.1}, 4, 0, 0, 0.1, true, true},
		{"one big win", []float64{0.9, -0.05, -0.05, 0, 0}, 1, 2, 2, 0.16, false, false},
		{"steady lead", []float64{0.1, 0.2, 0.05, 0.15, 0.1, 0.3, 0.12, 0.08}, 8, 0, 0, 0.1375, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := pairDiffs(tt.diffs)
			if p.Needs != len(tt.diffs) || p.Wins != tt.wins || p.Losses != tt.losses || p.Ties != tt.ties {
				t.Errorf("got %+v, want %d needs, %d/%d/%d", p, len(tt.diffs), tt.wins, tt.losses, tt.ties)
			}
			if math.Abs(p.Mean-tt.mean) > 1e-9 {
				t.Errorf("mean %v, want %v", p.Mean, tt.mean)
			}
			if p.Low > p.Mean+1e-12 || p.High < p.Mean-1e-12 {
				t.Errorf("interval [%v, %v] does not hold the mean %v", p.Low, p.High, p.Mean)
			}
			if got := p.Low > 0; got != tt.aboveZero {
				t.Errorf("interval [%v, %v]: above zero %v, want %v", p.Low, p.High, got, tt.aboveZero)
			}
			if got := math.Abs(p.High-p.Low) < 1e-12; got != tt.onePoint {
				t.Errorf("interval [%v, %v]: one point %v, want %v", p.Low, p.High, got, tt.onePoint)
			}
		})
	}
}

// TestPairNDCG matches the needs of two reports by query and kind, leaves
// out uncovered needs and those one report lacks, and keeps to a split.
func TestPairNDCG(t *testing.T) {
	qs := []Query{
		{Query: "q1", Kind: "keyword", Split: "dev", Relevant: map[string]int{"a": 3}},
		{Query: "q2", Kind: "keyword", Split: "check", Relevant: map[string]int{"b": 2}},
		{Query: "q3", Kind: "uncovered", Relevant: map[string]int{}},
	}
	a, err := Run(fixed{ids: []string{"a"}}, qs)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Run(fixed{ids: []string{"b"}}, qs[1:])
	if err != nil {
		t.Fatal(err)
	}
	if p := PairNDCG(a, b, "", ""); p.Needs != 1 || p.Losses != 1 || p.Mean != -1 {
		t.Errorf("all: %+v, want q2 alone, lost by 1", p)
	}
	if p := PairNDCG(a, b, "dev", "keyword"); p.Needs != 0 {
		t.Errorf("dev: %+v, want no need (q1 is only in a)", p)
	}
	if p := PairNDCG(a, b, "check", "keyword"); p.Needs != 1 {
		t.Errorf("check: %+v, want q2", p)
	}
	moved := *b
	moved.Results = append([]QueryResult(nil), b.Results...)
	moved.Results[0].Query.Split = "dev" // q2 of another split is another need
	if p := PairNDCG(a, &moved, "", ""); p.Needs != 0 {
		t.Errorf("q2 in another split: %+v, want no need", p)
	}
	var out strings.Builder
	Print(&out, 0, a, b)
	if !strings.Contains(out.String(), "paired nDCG@10, fixed − fixed") || !strings.Contains(out.String(), "keyword          1: 0/1/0  -1.000 [-1.000, -1.000]") {
		t.Errorf("output lacks the paired lines:\n%s", out.String())
	}
}
