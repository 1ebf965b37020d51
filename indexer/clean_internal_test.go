package indexer

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

// oldClean is cleanCell before it removed the artifacts that removing others
// joins up: one pass.
func oldClean(s string) string {
	return strings.TrimSpace(bookmark.ReplaceAllString(strings.ReplaceAll(s, "\r\n", "\n"), ""))
}

// checkClean asserts what cleanCell guarantees for s.
func checkClean(t *testing.T, s string) {
	t.Helper()
	got := cleanCell(s)
	if strings.Contains(got, "\r\n") || bookmark.MatchString(got) || got != strings.TrimSpace(got) {
		t.Fatalf("cleanCell(%q) = %q keeps an artifact", s, got)
	}
	if again := cleanCell(got); again != got {
		t.Fatalf("cleanCell(%q) = %q, and again %q", s, got, again)
	}
	// Where one pass is enough the result is what it always was.
	if old := oldClean(s); oldClean(old) == old && got != old {
		t.Fatalf("cleanCell(%q) = %q, one pass gave the clean %q", s, got, old)
	}
}

func TestCleanCell(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain", "1.加大投入。", "1.加大投入。"},
		{"trimmed", " \t\u30001.加大投入。\n\n", "1.加大投入。"},
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

// Crafted cells that would need a pass per CR or per nesting level if
// artifacts were removed until none is left still clean in linear time.
func TestCleanCellLinear(t *testing.T) {
	const n = 100000
	tests := []struct{ name, in, want string }{
		{"CRs before a LF", strings.Repeat("\r", 10*n) + "\n1.a", "1.a"},
		{"nested bookmarks", strings.Repeat("[bookm", n) + "[bookmark: x]" + strings.Repeat("ark: y]", n) + "1.a", "1.a"},
		{"many bookmarks after a long text", strings.Repeat("甲", n) + strings.Repeat("[bookmark: x]", n), strings.Repeat("甲", n)},
		{"many unclosed openings", strings.Repeat("[bookmark: ", n) + strings.Repeat("]", n), strings.Repeat("]", n-1)},
		{"CR bookmark LF, nested", strings.Repeat("\r[bookmark: x]", n) + "\n1.a", "1.a"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			got := cleanCell(tt.in)
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("%d bytes took %v", len(tt.in), d)
			}
			if got != tt.want {
				t.Errorf("got %d bytes %q…, want %d bytes", len(got), got[:min(len(got), 30)], len(tt.want))
			}
		})
	}
}

// Random cells made of the pieces of artifacts.
func TestCleanCellRandom(t *testing.T) {
	pieces := []string{"[bookmark: ", "[bookm", "ark: ", "[", "]", "\r", "\n", "\r\n", "a", " ", "甲"}
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
