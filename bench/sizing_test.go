package bench

import (
	"bytes"
	"context"
	"io"
	"math"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestGrowthExponent(t *testing.T) {
	ns := []int{10000, 100000, 300000, 1000000}
	pow := func(b float64) []float64 {
		ys := make([]float64, len(ns))
		for i, n := range ns {
			ys[i] = 3 * math.Pow(float64(n), b)
		}
		return ys
	}
	for _, b := range []float64{0, 0.5, 1, 1.3, -0.2} {
		if got := GrowthExponent(ns, pow(b)); math.Abs(got-b) > 1e-9 {
			t.Errorf("y ∝ n^%v: exponent %v", b, got)
		}
		if got := GrowthExponent(ns[1:3], pow(b)[1:3]); math.Abs(got-b) > 1e-9 {
			t.Errorf("y ∝ n^%v between two sizes: exponent %v", b, got)
		}
	}
	// Points off a line: the least-squares slope of log y over log n (1.3),
	// not the ends' ratio (4/3).
	if got := GrowthExponent([]int{1, 10, 100, 1000}, []float64{1, 10, 100, 10000}); math.Abs(got-1.3) > 1e-9 {
		t.Errorf("points off a line: %v, want 1.3 (log-log least squares)", got)
	}
	for name, ys := range map[string][]float64{"one point": {5}, "zeros": {0, 0, 0, 0}} {
		if got := GrowthExponent(ns[:len(ys)], ys); !math.IsNaN(got) {
			t.Errorf("%s: %v, want NaN", name, got)
		}
	}
}

// TestSizingSmall runs the sizing as `precedent bench -sizing` does, on the
// real binary over two small corpora: every figure is measured, nothing
// fails, and the tables and the growth exponents are printed.
func TestSizingSmall(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs index and serve twice")
	}
	bin := filepath.Join(t.TempDir(), "precedent")
	if out, err := exec.Command("go", "build", "-o", bin, "../cmd/precedent").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	var out bytes.Buffer
	o := SizingOptions{Sizes: []int{1500, 600}, Seed: 1, Out: t.TempDir(), Bin: bin, Reps: 3, Warmup: 1, Clients: 2,
		LoadTime: time.Second, Command: "precedent bench -sizing -n 600,1500"}
	rs, err := RunSizing(context.Background(), o, &out, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 2 || rs[0].Suggestions != 600 || rs[1].Suggestions != 1500 {
		t.Fatalf("results for %d sizes, want 600 and 1500 in order", len(rs))
	}
	mix := SizingMix("x")
	for _, r := range rs {
		if r.IndexTime <= 0 || r.IndexPeakRSS <= 0 || r.DiskBytes <= 0 || r.FirstAnswer <= 0 || r.RSS <= 0 || r.RSSAnon <= 0 ||
			r.P50 <= 0 || r.P99 < r.P50 || r.ReqPerSec <= 0 || r.LoadRequests == 0 || r.Partitions != 1 || r.Shards != 0 {
			t.Errorf("n=%d: a figure is missing: %+v", r.Suggestions, r)
		}
		if r.LoadErrors != 0 {
			t.Errorf("n=%d: %d requests failed under load", r.Suggestions, r.LoadErrors)
		}
		if len(r.Kinds) != len(mix) {
			t.Errorf("n=%d: %d kinds measured, the mix has %d", r.Suggestions, len(r.Kinds), len(mix))
		}
	}
	// More suggestions: more disk, more hits for the same word.
	if rs[1].DiskBytes <= rs[0].DiskBytes || rs[1].Kinds[0].Hits <= rs[0].Kinds[0].Hits || rs[0].Kinds[0].Hits <= 0 {
		t.Errorf("disk %d → %d bytes, hits of %s %d → %d: want both to grow", rs[0].DiskBytes, rs[1].DiskBytes, mix[0].Kind, rs[0].Kinds[0].Hits, rs[1].Kinds[0].Hits)
	}
	text := out.String()
	for _, want := range []string{"## Sizing", o.Command, "| 600 | 1 |", "| 1500 | 1 |", "### Growth", "| disk |", "| req/s |", "600→1500", "| word |"} {
		if !strings.Contains(text, want) {
			t.Errorf("the report lacks %q:\n%s", want, text)
		}
	}
}
