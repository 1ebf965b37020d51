package dict

import (
	"fmt"
	"reflect"
	"sync"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"github.com/go-ego/gse"
)

// shortestPath is gse's Segmenter.Segment (the shortest-path segmentation of
// a text over the dictionary) without its allocations: gse allocates the
// text's units, a jump table and a token for every character without a
// dictionary word, per call, and that was most of the time of indexing.
// It follows gse v0.80.3's segmentWords and SplitTextToWords step by step,
// down to the float32 sums and the order of comparisons, so the segments are
// the same (TestShortestPathIsGse checks it); it reads the per-word values
// gse keeps unexported (the path length of each dictionary word and its
// number of units) once, when the dictionary is loaded.
type shortestPath struct {
	dict  *gse.Dictionary
	words []pathWord // by index in dict.Tokens
	base  uintptr    // address of dict.Tokens[0]
	pool  sync.Pool  // of *pathScratch
}

// pathWord is what the segmentation needs of a dictionary word.
type pathWord struct {
	distance float32 // gse's Token.distance: log2(total frequency / frequency)
	units    int32   // len(Token.text): the word's units (characters, or runs of letters and digits)
	bytes    int32   // the word's length in bytes
}

// pathScratch is the memory of one segmentation, reused.
type pathScratch struct {
	units   []gse.Text
	jumpers []pathJumper
	tokens  []*gse.Token
	cuts    []int32
}

// pathJumper is gse's jumper: the shortest path to the end of a unit and the
// last word on it.
type pathJumper struct {
	minDistance float32
	units       int32 // of the last word
	bytes       int32 // of the last word
}

// pseudoDistance is the path length gse gives a character that starts no
// dictionary word of one unit.
const pseudoDistance = 32

func newShortestPath(seg *gse.Segmenter) (*shortestPath, error) {
	if seg.AlphaNum || seg.Alpha || seg.Num || !gse.ToLower {
		return nil, fmt.Errorf("gse segmenter options differ from the ones shortestPath follows")
	}
	d := seg.Dict
	sp := &shortestPath{dict: d, words: make([]pathWord, len(d.Tokens))}
	if len(d.Tokens) > 0 {
		sp.base = uintptr(unsafe.Pointer(&d.Tokens[0]))
	}
	for i := range d.Tokens {
		v := reflect.ValueOf(&d.Tokens[i]).Elem()
		dist, text := v.FieldByName("distance"), v.FieldByName("text")
		if !dist.IsValid() || !text.IsValid() || dist.Kind() != reflect.Float32 || text.Kind() != reflect.Slice {
			return nil, fmt.Errorf("gse.Token has changed: no distance or text field")
		}
		n := 0
		for j := range text.Len() {
			n += text.Index(j).Len()
		}
		sp.words[i] = pathWord{distance: float32(dist.Float()), units: int32(text.Len()), bytes: int32(n)}
	}
	sp.pool.New = func() any { return &pathScratch{tokens: make([]*gse.Token, d.MaxTokenLen())} }
	return sp, nil
}

// word returns the pathWord of a token of the dictionary.
func (sp *shortestPath) word(t *gse.Token) *pathWord {
	return &sp.words[(uintptr(unsafe.Pointer(t))-sp.base)/unsafe.Sizeof(gse.Token{})]
}

// segment calls fn with the byte range of each segment of text, in order:
// the segments gse's Segment returns.
func (sp *shortestPath) segment(text []byte, fn func(start, end int)) {
	if len(text) == 0 {
		return
	}
	sc := sp.pool.Get().(*pathScratch)
	defer sp.pool.Put(sc)
	units := splitUnits(text, sc.units[:0])
	sc.units = units
	if cap(sc.jumpers) < len(units) {
		sc.jumpers = make([]pathJumper, len(units))
	}
	jumpers := sc.jumpers[:len(units)]
	clear(jumpers)
	maxLen := sp.dict.MaxTokenLen()
	for current := range units {
		var baseDistance float32
		if current > 0 {
			baseDistance = jumpers[current-1].minDistance
		}
		numTokens := sp.dict.LookupTokens(units[current:min(current+maxLen, len(units))], sc.tokens)
		for _, t := range sc.tokens[:numTokens] {
			w := sp.word(t)
			j := &jumpers[current+int(w.units)-1]
			if d := baseDistance + w.distance; j.minDistance == 0 || j.minDistance > d {
				j.minDistance, j.units, j.bytes = d, w.units, w.bytes
			}
		}
		if numTokens == 0 || sp.word(sc.tokens[0]).units > 1 {
			j := &jumpers[current]
			if d := baseDistance + pseudoDistance; j.minDistance == 0 || j.minDistance > d {
				j.minDistance, j.units, j.bytes = d, 1, int32(len(units[current]))
			}
		}
	}
	// The path, back to front, then its byte ranges front to back.
	cuts := sc.cuts[:0]
	for index := len(units) - 1; index >= 0; index -= int(jumpers[index].units) {
		cuts = append(cuts, int32(index))
	}
	sc.cuts = cuts
	pos := 0
	for k := len(cuts) - 1; k >= 0; k-- {
		end := pos + int(jumpers[cuts[k]].bytes)
		fn(pos, end)
		pos = end
	}
}

// splitUnits is gse's SplitTextToWords for a segmenter without the Alpha,
// Num and AlphaNum options: every character is a unit, but a run of letters
// and digits of one or two bytes each is one unit. gse lower-cases ASCII
// letters in a run, on a copy; folded text has none, so the units here are
// slices of text.
func splitUnits(text []byte, dst []gse.Text) []gse.Text {
	current, alphanumericStart := 0, 0
	inAlphanumeric := true
	for current < len(text) {
		r, size := utf8.DecodeRune(text[current:])
		if size <= 2 && (unicode.IsLetter(r) || unicode.IsNumber(r)) {
			if !inAlphanumeric {
				alphanumericStart = current
				inAlphanumeric = true
			}
		} else {
			if inAlphanumeric {
				inAlphanumeric = false
				if current != 0 {
					dst = append(dst, lowerUnit(text[alphanumericStart:current]))
				}
			}
			dst = append(dst, text[current:current+size])
		}
		current += size
	}
	if inAlphanumeric && current != 0 {
		dst = append(dst, lowerUnit(text[alphanumericStart:current]))
	}
	return dst
}

// lowerUnit returns a run of letters and digits as gse's toLower would: a
// copy with ASCII letters lower-cased, or the run itself if it has none.
func lowerUnit(b []byte) gse.Text {
	for _, c := range b {
		if 'A' <= c && c <= 'Z' {
			out := make([]byte, len(b))
			for i, c := range b {
				if 'A' <= c && c <= 'Z' {
					c += 'a' - 'A'
				}
				out[i] = c
			}
			return out
		}
	}
	return b
}
