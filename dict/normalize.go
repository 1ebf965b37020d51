package dict

import (
	"unicode"
	"unicode/utf8"
)

// Normalized is text folded for matching — traditional to simplified
// characters, full-width to half-width forms, ASCII lower case — together with
// the way back to the bytes of the original text.
//
// Folding works character by character, so every rune of Text comes from
// exactly one rune of the original and token offsets map back exactly.
type Normalized struct {
	Text string
	// orig[i] is the byte offset in the original text of the rune that
	// produced Text's byte i; orig[len(Text)] is the original's length.
	orig []int
}

// Orig maps a byte offset of n.Text (a rune boundary or len(n.Text)) to the
// byte offset of the original text.
func (n *Normalized) Orig(i int) int { return n.orig[i] }

// Normalize folds s for indexing and querying. Invalid UTF-8 bytes are kept
// as U+FFFD, one per bad byte, so offsets still map back.
func (a *Analyzer) Normalize(s string) Normalized {
	buf := make([]byte, 0, len(s))
	orig := make([]int, 0, len(s)+1)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		f := a.foldRune(r)
		n := len(buf)
		buf = utf8.AppendRune(buf, f)
		for j := n; j < len(buf); j++ {
			orig = append(orig, i)
		}
		i += size
	}
	orig = append(orig, len(s))
	return Normalized{Text: string(buf), orig: orig}
}

// Fold returns the folded form of s (see Normalize) without the offsets.
func (a *Analyzer) Fold(s string) string {
	buf := make([]byte, 0, len(s))
	for _, r := range s {
		buf = utf8.AppendRune(buf, a.foldRune(r))
	}
	return string(buf)
}

func (a *Analyzer) foldRune(r rune) rune {
	switch {
	case r < utf8.RuneSelf:
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	case r == 0x3000: // ideographic space
		return ' '
	case 0xFF01 <= r && r <= 0xFF5E: // full-width ASCII
		r = r - 0xFF01 + 0x21
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		return r
	case unicode.Is(unicode.Han, r):
		return a.simplified(r)
	}
	return unicode.ToLower(r)
}
