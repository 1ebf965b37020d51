package dict

import "unicode/utf8"

// MaxSpanRunes bounds the dictionary words Tokens stacks across the
// boundaries of top-level words. Every dictionary word of at most this many
// characters is indexed as a term wherever whole pieces spell it, so a query
// for it needs no phrase: a term lookup finds it. Longer words are matched
// as the phrase of their pieces.
const MaxSpanRunes = 8

// A seqPiece is a piece of the finest segmentation in text order.
type seqPiece struct {
	start, end int // byte range in the normalized text
	pos        int // its token position
	word       int // the top-level word it belongs to
}

// spanWords appends the dictionary words spelled by runs of touching pieces
// that cross a top-level word boundary, at the position of their first
// piece: 居家养老 护理 also yields 养老护理. Words inside one top-level word
// are already there (Tokens' sub-words). Only whole pieces join, so 和 服务
// never yields 和服.
func (a *Analyzer) spanWords(out []Token, seq []seqPiece, n Normalized) []Token {
	for i := range seq {
		runes := utf8.RuneCountInString(n.Text[seq[i].start:seq[i].end])
		for j := i + 1; j < len(seq) && seq[j].start == seq[j-1].end; j++ {
			runes += utf8.RuneCountInString(n.Text[seq[j].start:seq[j].end])
			if runes > MaxSpanRunes {
				break
			}
			if seq[j].word == seq[i].word {
				continue
			}
			if w := n.Text[seq[i].start:seq[j].end]; a.Freq(w) > 0 {
				out = append(out, Token{Term: w, Start: n.Orig(seq[i].start), End: n.Orig(seq[j].end), Position: seq[i].pos})
			}
		}
	}
	return out
}
