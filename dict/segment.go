package dict

import (
	"math"
	"strings"
	"unicode"
	"unicode/utf8"
	"unsafe"
)

// stopWords are words a query can drop: they carry no topic of their own.
// They are still indexed, so phrases keep their positions.
const stopWords = "的 地 得 了 着 过 和 与 及 以及 或 或者 跟 同 在 于 对 对于 向 从 把 被 为 为了 将 是 有 也 就 都 又 而 且 并 之 其 等 等等 这 那 这个 那个 这些 那些 一些 什么 如何 怎么 怎样 哪些 关于 有关 方面 我 我们 你 您 他 她 它 他们 吗 呢 吧 啊"

// A Word is one word of the top-level segmentation of a text, with the finer
// pieces it breaks into.
type Word struct {
	Text       string   // folded text of the word
	Start, End int      // byte range in the original text
	Pieces     []string // the word's finest segmentation; one piece for short words
}

// A Token is one indexed term: a piece of the finest segmentation, or a
// dictionary word (a whole word or one inside it) placed at the position of
// the piece where it starts.
type Token struct {
	Term       string // folded text
	Start, End int    // byte range in the original text
	Position   int    // 1-based; pieces take consecutive positions
	Piece      bool   // false for whole words and sub-words stacked on a piece
}

type span struct{ start, end int } // byte range in the normalized text

// Words returns the top-level segmentation of s with each word's pieces, in
// text order, leaving out punctuation and spaces. Queries are analysed this
// way: each word must match as a whole term or as the phrase of its pieces.
func (a *Analyzer) Words(s string) []Word {
	ws, _ := a.analyze(s, true, false)
	return ws
}

// Tokens returns the index-time tokens of s: every piece of the finest
// segmentation at consecutive positions, plus each multi-piece word and each
// dictionary sub-word at the position of the piece it starts in. So 老年人
// yields 老年@1 人@2 老年人@1: the query 老年 finds it, the query 老年人
// matches it as a term or as the phrase 老年 人, and the query 和服 does not
// match 和服务 (和@1 服务@2). Dictionary words that whole pieces of
// neighbouring words spell are stacked too (spanWords). Offsets are exact
// byte ranges of s.
func (a *Analyzer) Tokens(s string) []Token {
	_, ts := a.analyze(s, false, true)
	return ts
}

// Analyze returns both Words and Tokens of s, from one segmentation of it
// (a pasted draft is looked up by its words and weighed by its tokens).
func (a *Analyzer) Analyze(s string) ([]Word, []Token) {
	return a.analyze(s, true, true)
}

// analyze segments s once and builds its words, its tokens, or both.
func (a *Analyzer) analyze(s string, words, tokens bool) ([]Word, []Token) {
	n := a.Normalize(s)
	var ws []Word
	var out []Token
	if tokens {
		out = make([]Token, 0, len(n.Text)/3+1)
	}
	pos := 0
	var seq []seqPiece
	a.segment(n.Text, func(w span) {
		text := n.Text[w.start:w.end]
		if words {
			pieces := a.pieces(text, w.start, nil)
			ps := make([]string, len(pieces))
			for i, p := range pieces {
				ps[i] = n.Text[p.start:p.end]
			}
			ws = append(ws, Word{Text: text, Start: n.Orig(w.start), End: n.Orig(w.end), Pieces: ps})
		}
		if !tokens {
			return
		}
		first := pos + 1
		if !multiPiece(text) {
			pos++
			out = append(out, Token{Term: text, Start: n.Orig(w.start), End: n.Orig(w.end), Position: first, Piece: true})
			seq = append(seq, seqPiece{w.start, w.end, first, first})
			return
		}
		for _, r := range a.wordTokens(text) {
			if r.piece {
				pos++
			}
			s, e := w.start+int(r.start), w.start+int(r.end)
			out = append(out, Token{Term: text[r.start:r.end], Start: n.Orig(s), End: n.Orig(e), Position: first + int(r.pos), Piece: r.piece})
			if r.piece {
				seq = append(seq, seqPiece{s, e, first + int(r.pos), first})
			}
		}
	})
	if tokens {
		out = a.spanWords(out, seq, n)
	}
	return ws, out
}

// multiPiece reports whether a word may break into several pieces: it has
// three characters or more, one of them Han (see pieces).
func multiPiece(word string) bool {
	return utf8.RuneCountInString(word) > 2 && HasHan(word)
}

// A wordToken is a token of a word, relative to the word: a byte range of
// it, and the position relative to the word's first piece.
type wordToken struct {
	start, end, pos int32
	piece           bool
}

// wordTokens returns the tokens of a top-level word, in the order Tokens
// emits them: its pieces, then, for a word of several pieces, the word itself
// and its sub-words. They depend on the word alone, so they are cached.
func (a *Analyzer) wordTokens(word string) []wordToken {
	if ts, ok := a.words.get(word); ok {
		return ts
	}
	pieces := a.pieces(word, 0, nil)
	out := make([]wordToken, 0, 2*len(pieces)+1)
	for k, p := range pieces {
		out = append(out, wordToken{start: int32(p.start), end: int32(p.end), pos: int32(k), piece: true})
	}
	if len(pieces) > 1 {
		out = append(out, wordToken{start: 0, end: int32(len(word))})
		// Dictionary words inside the word, other than the pieces and the
		// word itself, at the position of the piece they start in: 市民政局
		// (pieces 市民 政局) also yields 民政局, so the query 民政局 finds it.
		k := 0 // the piece holding byte i
		for i := 0; i < len(word); {
			_, si := utf8.DecodeRuneInString(word[i:])
			for i >= pieces[k].end {
				k++
			}
			for j := i + si; j < len(word); {
				_, sj := utf8.DecodeRuneInString(word[j:])
				j += sj
				if i == 0 && j == len(word) {
					break
				}
				if pieces[k].start == i && pieces[k].end == j {
					continue // a piece: already there
				}
				if a.Freq(word[i:j]) > 0 {
					out = append(out, wordToken{start: int32(i), end: int32(j), pos: int32(k)})
				}
			}
			i += si
		}
	}
	a.words.put(strings.Clone(word), out, 1)
	return out
}

// segment calls fn with the byte span of each top-level word of the
// normalized text t that holds a letter, digit or Han character.
func (a *Analyzer) segment(t string, fn func(span)) {
	if t == "" {
		return
	}
	a.segmenter() // waits for the dictionary (and path) to be loaded
	a.path.segment(unsafe.Slice(unsafe.StringData(t), len(t)), func(s, e int) {
		// gse can return a run of several non-word characters with words
		// (ASCII punctuation glued to digits, for one); split on them.
		splitWordRuns(t, s, e, fn)
	})
}

// splitWordRuns calls fn for each maximal run of word characters in t[s:e].
func splitWordRuns(t string, s, e int, fn func(span)) {
	start := -1
	for i := s; i < e; {
		r, size := utf8.DecodeRuneInString(t[i:])
		if isWordRune(r) {
			if start < 0 {
				start = i
			}
		} else if start >= 0 {
			fn(span{start, i})
			start = -1
		}
		i += size
	}
	if start >= 0 {
		fn(span{start, e})
	}
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Han, r)
}

// pieces appends to dst the finest segmentation of word (which starts at byte
// off of the normalized text): the best split into shorter dictionary words
// or single characters, applied again to pieces of three or more characters.
// Words of one or two characters, and words without Han characters, are one
// piece.
func (a *Analyzer) pieces(word string, off int, dst []span) []span {
	n := utf8.RuneCountInString(word)
	if n <= 2 || !HasHan(word) {
		return append(dst, span{off, off + len(word)})
	}
	// Rune boundaries.
	bounds := make([]int, 0, n+1)
	for i := range word {
		bounds = append(bounds, i)
	}
	bounds = append(bounds, len(word))
	// best[i]: least cost of splitting word[:bounds[i]]; from[i]: where the
	// last piece of that split starts.
	best := make([]float64, n+1)
	from := make([]int, n+1)
	for i := 1; i <= n; i++ {
		best[i] = math.Inf(1)
		for j := max(0, i-n+1); j < i; j++ {
			if j == 0 && i == n {
				continue // not the whole word
			}
			sub := word[bounds[j]:bounds[i]]
			f := a.Freq(sub)
			if f <= 0 {
				if i-j > 1 {
					continue
				}
				f = 1
			}
			c := best[j] + a.logTotal - math.Log2(f)
			if c < best[i] {
				best[i], from[i] = c, j
			}
		}
	}
	var cuts []int
	for i := n; i > 0; i = from[i] {
		cuts = append(cuts, i)
	}
	prev := 0
	for k := len(cuts) - 1; k >= 0; k-- {
		i := cuts[k]
		dst = a.pieces(word[bounds[prev]:bounds[i]], off+bounds[prev], dst)
		prev = i
	}
	return dst
}

// HasHan reports whether s holds a Han character.
func HasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}
