package eval

import (
	"fmt"
	"io"
	"math/rand/v2"
	"sort"
)

// A Paired compares two engines need by need: for the needs of a kind
// that something answers, how many each wins (its nDCG@10 higher by half a
// thousandth or more), and the mean difference of nDCG@10 with a bootstrap
// 95% interval. A lead is clear when the interval lies above zero: it
// would not vanish with another draw of needs like these.
type Paired struct {
	Needs, Wins, Losses, Ties int
	Mean, Low, High           float64 // mean difference (a − b) and its 95% interval
}

// pairedTie is the difference under which two nDCG@10 figures tie: it
// prints as ±0.000.
const pairedTie = 0.0005

// bootstrapDraws is how many resamples of the needs the interval is read
// from; the draws are seeded, so a run prints what the last one did.
const bootstrapDraws = 10000

// PairNDCG compares a with b on the needs of split ("" for all) and kind
// ("" for every kind) that something answers, matching the needs by query
// text, kind and split; needs only one report holds are left out.
func PairNDCG(a, b *Report, split, kind string) Paired {
	theirs := map[[3]string]float64{}
	for _, r := range b.Results {
		theirs[[3]string{r.Query.Kind, r.Query.Query, r.Query.Split}] = r.Scores.NDCG10
	}
	var diffs []float64
	for _, r := range a.Results {
		q := r.Query
		if q.Uncovered() || split != "" && q.Split != split || kind != "" && q.Kind != kind {
			continue
		}
		if o, ok := theirs[[3]string{q.Kind, q.Query, q.Split}]; ok {
			diffs = append(diffs, r.Scores.NDCG10-o)
		}
	}
	return pairDiffs(diffs)
}

// pairDiffs summarizes need-by-need differences.
func pairDiffs(diffs []float64) Paired {
	p := Paired{Needs: len(diffs)}
	if len(diffs) == 0 {
		return p
	}
	sum := 0.0
	for _, d := range diffs {
		sum += d
		switch {
		case d >= pairedTie:
			p.Wins++
		case d <= -pairedTie:
			p.Losses++
		default:
			p.Ties++
		}
	}
	n := len(diffs)
	p.Mean = sum / float64(n)
	rng := rand.New(rand.NewPCG(1, uint64(n)))
	means := make([]float64, bootstrapDraws)
	for i := range means {
		s := 0.0
		for range n {
			s += diffs[rng.IntN(n)]
		}
		means[i] = s / float64(n)
	}
	sort.Float64s(means)
	tail := bootstrapDraws / 40 // 2.5% of the draws each side
	p.Low, p.High = means[tail], means[bootstrapDraws-tail-1]
	return p
}

// printPaired writes, for the queries of split, the first report against
// the last (the baseline) need by need, by kind and over all.
func printPaired(w io.Writer, split string, rs []*Report) {
	if len(rs) < 2 {
		return
	}
	a, b := rs[0], rs[len(rs)-1]
	var lines []string
	line := func(label string, p Paired) {
		if p.Needs > 0 {
			lines = append(lines, fmt.Sprintf("  %-12s %5d: %d/%d/%d  %+.3f [%+.3f, %+.3f]\n", label, p.Needs, p.Wins, p.Losses, p.Ties, p.Mean, p.Low, p.High))
		}
	}
	for _, k := range Kinds(rs...) {
		line(k, PairNDCG(a, b, split, k))
	}
	line("ALL", PairNDCG(a, b, split, ""))
	if len(lines) == 0 {
		return
	}
	fmt.Fprintf(w, "paired nDCG@10, %s − %s (needs: wins/losses/ties, mean difference [bootstrap 95%% interval]):\n", a.Engine, b.Engine)
	for _, l := range lines {
		io.WriteString(w, l)
	}
}
