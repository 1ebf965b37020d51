package dict

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// shortestPath must segment exactly as gse does.
func TestShortestPathIsGse(t *testing.T) {
	a := analyzer(t)
	check := func(text string) {
		t.Helper()
		var want, got [][2]int
		for _, sg := range a.seg.Segment([]byte(text)) {
			want = append(want, [2]int{sg.Start(), sg.End()})
		}
		a.path.segment([]byte(text), func(s, e int) { got = append(got, [2]int{s, e}) })
		if !slices.Equal(got, want) {
			t.Fatalf("%q: segments %v, gse %v", text, got, want)
		}
	}
	for _, s := range []string{
		"", "养", "建立养老服务时间银行制度，推进社区居家养老服务。",
		"Hello World, 3H center", "1336工程和12361热线，补助1.5倍",
		"１３３６工程 ＡＢＣ　市民政局（试行）", "時間銀行與長者飯堂的醫養結合",
		"深圳市民政局2019年：“时间银行”pilot（盐田区）", "养老\xff服务\xfe时间银行",
		"Café naïve ÉCOLE 北京ABC123def", "，。！？、", "a", "1", "  ",
	} {
		check(s)
	}
	// Random texts from dictionary words, single characters of several
	// scripts and widths, letters, digits and punctuation.
	var words []string
	for i, tk := range a.seg.Dict.Tokens {
		if i%37 == 0 {
			words = append(words, tk.Text())
		}
	}
	pieces := []string{"的", "和", "服务", "A", "b", "Z9", "7", "é", "Ω", "ж", "，", "。", " ", "\n", "-", ".", "３", "Ａ", "ー", "の", "\xff", "😀", "abc", "X1y2"}
	r := rand.New(rand.NewPCG(1, 2))
	for range 3000 {
		var b strings.Builder
		for range r.IntN(40) {
			if r.IntN(3) == 0 {
				b.WriteString(pieces[r.IntN(len(pieces))])
			} else {
				b.WriteString(words[r.IntN(len(words))])
			}
		}
		check(b.String())
	}
}
