package ingest

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// checkClean asserts what cleanCell guarantees for s: no artifact left, no
// blank at the edges of the cell or of a line, no run of blanks, no two
// blank lines, and the same again when cleaned again.
func checkClean(t *testing.T, s string) {
	t.Helper()
	got := cleanCell(s)
	if strings.Contains(got, "\r\n") || bookmark.MatchString(got) || got != strings.TrimFunc(got, isBlank) {
		t.Fatalf("cleanCell(%q) = %q keeps an artifact", s, got)
	}
	if strings.Contains(got, "  ") || strings.Contains(got, "\t") || strings.Contains(got, "\n\n\n") ||
		strings.Contains(got, " \n") || strings.Contains(got, "\n ") {
		t.Fatalf("cleanCell(%q) = %q keeps a run of blanks", s, got)
	}
	if again := cleanCell(got); again != got {
		t.Fatalf("cleanCell(%q) = %q, and again %q", s, got, again)
	}
}

func TestCleanCell(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain", "1.加大投入。", "1.加大投入。"},
		{"trimmed", " \t\u30001.加大投入。\n\n", "1.加大投入。"},
		{"runs of blanks", "1.加大\t\t投入。  2.资助。", "1.加大 投入。 2.资助。"},
		{"line padding", "\n\t\t\t\t\t\n\t\t\t\t\t1.加大投入。\t\n\t\t2.资助。", "1.加大投入。\n2.资助。"},
		{"two blank lines are one", "1.a\n\n\n\n2.b", "1.a\n\n2.b"},
		{"full-width indent kept inside", "1.a\n\u3000\u30002.b\u3000", "1.a\n\u3000\u30002.b"},
		{"entities", "1.&lt;条例&gt;&nbsp;及&#12288;细则&amp;说明", "1.<条例> 及\u3000细则&说明"},
		{"an escaped entity stays", "&amp;lt;", "&amp;lt;"},
		{"unknown entity stays", "&foo;", "&foo;"},
		{"no-break spaces", "1.a\u00a0\u00a0b", "1.a b"},
		{"seed bookmark", "[bookmark: _GoBack]1.计划推动出台。\n\n2.健全机制。", "1.计划推动出台。\n\n2.健全机制。"},
		{"bookmark mid-text", "1.a[bookmark: x]b", "1.ab"},
		{"two bookmarks", "[bookmark: a]1.[bookmark: b]x", "1.x"},
		{"bookmark over lines", "1.a[bookmark: x\ny]b", "1.ab"},
		{"unclosed bookmark kept", "1.a[bookmark: x", "1.a[bookmark: x"},
		{"brackets kept", "1.a]b[c]", "1.a]b[c]"},
		{"CRLF", "1.a\r\n\r\n2.b\r\n", "1.a\n\n2.b"},
		{"lone CR kept", "1.a\rb", "1.a\rb"},
		{"CRs before LF", "1.a\r\r\r\n2.b", "1.a\n2.b"},
		{"bookmark between CR and LF", "1.a\r[bookmark: x]\n2.b", "1.a\n2.b"},
		{"bookmark inside a bookmark", "[bookm[bookmark: x]ark: y]1.a", "1.a"},
		{"bookmark opening inside a bookmark", "[bookmark: a[bookmark: b]c]1.", "c]1."},
		{"three levels", "[bo[bookm[bookmark: x]ark: y]okmark: z]1.", "1."},
		{"bracket ends the first bookmark only", "[bookmark: a]]x", "]x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := cleanCell(tt.in); got != tt.want {
				t.Errorf("cleanCell(%q) = %q, want %q", tt.in, got, tt.want)
			}
			checkClean(t, tt.in)
		})
	}
}

// adversarial are crafted cells that would need a pass per CR or per
// nesting level if artifacts were removed until none is left. Their cleaning
// is timed by BenchmarkCleanCellAdversarial; here, what it gives.
func adversarial(n int) []struct{ name, in, want string } {
	return []struct{ name, in, want string }{
		{"CRs before a LF", strings.Repeat("\r", 10*n) + "\n1.a", "1.a"},
		{"nested bookmarks", strings.Repeat("[bookm", n) + "[bookmark: x]" + strings.Repeat("ark: y]", n) + "1.a", "1.a"},
		{"many bookmarks after a long text", strings.Repeat("甲", n) + strings.Repeat("[bookmark: x]", n), strings.Repeat("甲", n)},
		{"many unclosed openings", strings.Repeat("[bookmark: ", n) + strings.Repeat("]", n), strings.Repeat("]", n-1)},
		{"CR bookmark LF, nested", strings.Repeat("\r[bookmark: x]", n) + "\n1.a", "1.a"},
		{"runs of blanks and blank lines", strings.Repeat(" \t\u00a0\n\n", n) + "1.a", "1.a"},
		{"entities", strings.Repeat("&amp;&nbsp;", n) + "1.a", strings.Repeat("& ", n) + "1.a"},
	}
}

func TestCleanCellAdversarial(t *testing.T) {
	for _, tt := range adversarial(10000) {
		t.Run(tt.name, func(t *testing.T) {
			if got := cleanCell(tt.in); got != tt.want {
				t.Errorf("got %d bytes %q…, want %d bytes", len(got), got[:min(len(got), 30)], len(tt.want))
			}
		})
	}
}

// BenchmarkCleanCellAdversarial times the crafted cells at two sizes: the
// time per byte stays the same when cleaning is linear (compare the sizes'
// ns/op, 10× apart).
func BenchmarkCleanCellAdversarial(b *testing.B) {
	for _, n := range []int{10000, 100000} {
		for _, tt := range adversarial(n) {
			b.Run(fmt.Sprintf("%s/n=%d", tt.name, n), func(b *testing.B) {
				b.SetBytes(int64(len(tt.in)))
				for b.Loop() {
					cleanCell(tt.in)
				}
			})
		}
	}
}

// Random cells made of the pieces of artifacts.
func TestCleanCellRandom(t *testing.T) {
	pieces := []string{"[bookmark: ", "[bookm", "ark: ", "[", "]", "\r", "\n", "\r\n", "a", " ", "甲", "\t", "\u3000", "&amp;", "&lt;", "&#13;", "&"}
	r := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		var b strings.Builder
		for range r.IntN(24) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		checkClean(t, b.String())
	}
}

func FuzzCleanCell(f *testing.F) {
	for _, s := range []string{"", "[bookmark: _GoBack]1.", "a\r\r\nb", "a\r[bookmark: x]\nb", "[bookm[bookmark: x]ark: y]",
		"[bookmark: a[bookmark: b]c]", "[bookmark: \r\n]]\r\r\n", " \u3000x\r\n",
		"[bookm[bookmark: \r甲 ]ark: 甲[甲\r\n[bookmark: ark: [bookmark: a]"} {
		f.Add(s)
	}
	f.Fuzz(checkClean)
}
