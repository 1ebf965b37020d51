package dict

import (
	"os"
	"reflect"
	"strings"
	"testing"
)

// TestSpanWords checks the dictionary words stacked across word boundaries:
// spelled by whole pieces of neighbouring words, at the first piece's
// position, and never from parts of pieces.
func TestSpanWords(t *testing.T) {
	a := MustDefault()
	for _, tc := range []struct {
		name, text string
		term       string
		pos        int // position of the stacked term; 0 = must not be there
	}{
		{"across a word boundary", "推进居家养老护理工作", "养老护理", 3},
		{"word before a compound", "加强社区养老服务设施建设", "社区养老", 2},
		{"only whole pieces join", "提供标准和服务", "和服", 0},
		{"not across punctuation", "居家养老。护理工作", "养老护理", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			at := 0
			for _, tk := range a.Tokens(tc.text) {
				if tk.Term == tc.term {
					at = tk.Position
					if tc.text[tk.Start:tk.End] != tc.term {
						t.Errorf("%s at bytes %d–%d reads %q", tc.term, tk.Start, tk.End, tc.text[tk.Start:tk.End])
					}
				}
			}
			if at != tc.pos {
				t.Errorf("%s: %s at position %d, want %d (0: absent)", tc.text, tc.term, at, tc.pos)
			}
		})
	}
}

// TestAnalyzeAsWordsAndTokens: one segmentation gives what Words and
// Tokens give apart, on every line of the seed table.
func TestAnalyzeAsWordsAndTokens(t *testing.T) {
	a := MustDefault()
	data, err := os.ReadFile("../testdata/000_8b6b214a39f4da34.txt")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	lines = append(lines, "", "。，", "時間銀行", "建议加大养老护理人才培养和激励力度")
	for _, line := range lines {
		ws, ts := a.Analyze(line)
		if !reflect.DeepEqual(ws, a.Words(line)) {
			t.Fatalf("Analyze(%q) words %v, Words %v", line, ws, a.Words(line))
		}
		if !reflect.DeepEqual(ts, a.Tokens(line)) {
			t.Fatalf("Analyze(%q) tokens %v, Tokens %v", line, ts, a.Tokens(line))
		}
	}
}
