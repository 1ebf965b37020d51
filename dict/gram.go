package dict

import (
	"bytes"
	"slices"
	"unicode"
	"unicode/utf8"
	"unsafe"
)

// GramText is s as the fragment index (package indexer/grams) and quoted
// fragments see it: folded as the word index folds it (Fold: traditional to
// simplified, full-width to half-width, lower case) and reduced to the
// characters words are made of — letters, digits and Han characters, the
// runes Tokens puts in its pieces. Punctuation, spaces and line breaks are
// left out, so a pasted fragment matches whatever stands between its
// characters in the text, and a text's pieces, read in order, spell its
// GramText.
func (a *Analyzer) GramText(s string) string {
	return string(a.AppendGram(make([]byte, 0, len(s)), s))
}

// AppendGram appends GramText(s) to dst. A search checks the stored text
// of every document a quoted fragment may be in with it, and a build reads
// all text through it: characters of the Basic Multilingual Plane are
// folded by a table (gramBMP), the others by foldRune.
func (a *Analyzer) AppendGram(dst []byte, s string) []byte {
	a.gramOnce.Do(a.buildGramTable)
	tbl := a.gramBMP
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if f := tbl[c]; f >= 0 {
				dst = append(dst, byte(f))
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		var f rune
		if r < rune(len(tbl)) {
			f = tbl[r]
		} else if f = a.foldRune(r); !isWordRune(f) {
			f = -1
		}
		if f >= 0 {
			dst = utf8.AppendRune(dst, f)
		}
	}
	return dst
}

// AppendGramBytes appends GramText(string(b)) to dst, without copying b.
func (a *Analyzer) AppendGramBytes(dst, b []byte) []byte {
	return a.AppendGram(dst, unsafe.String(unsafe.SliceData(b), len(b)))
}

// buildGramTable fills gramBMP: each rune of the Basic Multilingual Plane
// folded, or -1 for one that is not a word rune once folded.
func (a *Analyzer) buildGramTable() {
	tbl := make([]rune, 0x10000)
	for r := range tbl {
		f := a.foldRune(rune(r))
		if r >= 0xD800 && r < 0xE000 || !isWordRune(f) {
			f = -1 // surrogates decode as U+FFFD, not a word rune
		}
		tbl[r] = f
	}
	// The other forms of each folded rune: traditional characters,
	// full-width and upper-case forms.
	forms := map[rune][]rune{}
	for r, f := range tbl {
		if f >= 0 && f != rune(r) {
			forms[f] = append(forms[f], rune(r))
		}
	}
	for t := range a.t2s {
		if f := a.foldRune(t); t >= rune(len(tbl)) && isWordRune(f) && f != t {
			forms[f] = append(forms[f], t)
		}
	}
	a.gramBMP, a.gramForms = tbl, forms
}

// gramRune is r as GramText holds it, -1 for a rune it leaves out.
func (a *Analyzer) gramRune(r rune) rune {
	if r >= 0 && r < rune(len(a.gramBMP)) {
		return a.gramBMP[r]
	}
	if f := a.foldRune(r); isWordRune(f) {
		return f
	}
	return -1
}

// A GramMatcher finds a fragment in text as GramText(text) holds it,
// without folding the whole text: it looks for the forms of the
// fragment's first character (bytes.Index), and folds the text from there
// only. Checking every document a quoted fragment may be in, most of a
// document's text is nowhere near its first character.
type GramMatcher struct {
	a     *Analyzer
	frag  []rune   // gram text
	heads [][]byte // each form of frag[0] in UTF-8: the runes gramRune folds to it
}

// NewGramMatcher returns the matcher of frag, which is gram text
// (GramText): an empty one matches any text.
func (a *Analyzer) NewGramMatcher(frag string) *GramMatcher {
	a.gramOnce.Do(a.buildGramTable)
	m := &GramMatcher{a: a, frag: []rune(frag)}
	if len(m.frag) == 0 {
		return m
	}
	f0 := m.frag[0]
	forms := append([]rune{f0}, a.gramForms[f0]...)
	for r := unicode.SimpleFold(f0); r != f0; r = unicode.SimpleFold(r) {
		forms = append(forms, r) // case forms beyond the table
	}
	slices.Sort(forms)
	for _, r := range slices.Compact(forms) {
		if a.gramRune(r) == f0 {
			m.heads = append(m.heads, utf8.AppendRune(nil, r))
		}
	}
	return m
}

// Match reports whether GramText(string(b)) holds the fragment.
func (m *GramMatcher) Match(b []byte) bool {
	if len(m.frag) == 0 {
		return true
	}
	for _, h := range m.heads {
		for off := 0; ; {
			i := bytes.Index(b[off:], h)
			if i < 0 {
				break
			}
			off += i + len(h)
			if m.from(b[off:]) {
				return true
			}
		}
	}
	return false
}

// from reports whether b starts with the fragment after its first
// character, word runes folded, others skipped.
func (m *GramMatcher) from(b []byte) bool {
	k := 1
	for p := 0; k < len(m.frag); {
		if p >= len(b) {
			return false
		}
		r, size := rune(b[p]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRune(b[p:])
		}
		p += size
		f := m.a.gramRune(r)
		if f < 0 {
			continue
		}
		if f != m.frag[k] {
			return false
		}
		k++
	}
	return true
}
