// Package t2s derives the character folding table of package dict from
// OpenCC's traditional-to-simplified tables. dict reads the table from
// dict/data/t2s.txt, written by dict/internal/gent2s, rather than loading
// OpenCC in every process.
package t2s

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode"

	"github.com/longbridgeapp/opencc"
)

// Build maps each traditional Han character that OpenCC's t2s tables
// convert to exactly one simplified character. Phrase-level conversions are
// left out on purpose: folding must keep one rune for one rune.
func Build() (map[rune]rune, error) {
	cc, err := opencc.New("t2s")
	if err != nil {
		return nil, fmt.Errorf("load traditional-to-simplified tables: %w", err)
	}
	ranges := [][2]rune{{0x3400, 0x4DBF}, {0x4E00, 0x9FFF}, {0xF900, 0xFAFF}}
	var sb strings.Builder
	var runes []rune
	for _, rg := range ranges {
		for r := rg[0]; r <= rg[1]; r++ {
			if unicode.Is(unicode.Han, r) {
				runes = append(runes, r)
			}
		}
	}
	// Convert the characters separated by a character that no table knows,
	// so that no phrase entry can span two of them.
	for _, r := range runes {
		sb.WriteRune(r)
		sb.WriteByte('\n')
	}
	out, err := cc.Convert(sb.String())
	if err != nil {
		return nil, err
	}
	conv := strings.Split(out, "\n")
	if len(conv) < len(runes) {
		return nil, fmt.Errorf("opencc returned %d lines for %d characters", len(conv), len(runes))
	}
	m := map[rune]rune{}
	for i, r := range runes {
		cr := []rune(conv[i])
		if len(cr) == 1 && cr[0] != r {
			m[r] = cr[0]
		}
	}
	return m, nil
}

// Write writes m in the format of dict/data/t2s.txt: a comment line, then
// one pair a line, the traditional character and the simplified one, in
// code point order.
func Write(w io.Writer, m map[rune]rune, header string) error {
	keys := make([]rune, 0, len(m))
	for r := range m {
		keys = append(keys, r)
	}
	slices.Sort(keys)
	var sb strings.Builder
	sb.WriteString("# " + header + "\n")
	for _, r := range keys {
		sb.WriteRune(r)
		sb.WriteRune(m[r])
		sb.WriteByte('\n')
	}
	_, err := io.WriteString(w, sb.String())
	return err
}
