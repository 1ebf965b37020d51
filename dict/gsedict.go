package dict

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"
	"unsafe"

	"github.com/go-ego/gse"
)

// addWords adds the words of a dictionary in gse's format ("word freq pos"
// lines) to seg's dictionary, as gse's LoadDictStr reads them, but leaves
// the tokens' path lengths to setDistances.
func addWords(seg *gse.Segmenter, name, data string) error {
	// One allocation for the tokens rather than a doubling slice.
	seg.Dict.Tokens = slices.Grow(seg.Dict.Tokens, strings.Count(data, "\n")+1)
	// The part-of-speech tags are a few dozen strings; a substring of data
	// each would keep all of data alive.
	tags := map[string]string{}
	for line := range strings.SplitSeq(data, "\n") {
		f := strings.Split(line, " ")
		text := strings.TrimSpace(f[0])
		freqText := ""
		if len(f) > 1 {
			freqText = strings.TrimSpace(f[1])
		}
		freq := seg.Size(len(f), text, freqText)
		if freq == 0 {
			continue // what LoadDictStr skips too: no or a bad frequency, too rare
		}
		pos := ""
		if len(f) > 2 {
			pos = strings.TrimSpace(f[2])
			if t, ok := tags[pos]; ok {
				pos = t
			} else {
				pos = strings.Clone(pos)
				tags[pos] = pos
			}
		}
		if err := seg.Dict.AddToken(seg.ToToken(text, freq, pos)); err != nil {
			return fmt.Errorf("%s: add %q: %w", name, text, err)
		}
	}
	return nil
}

// setDistances gives every token of seg's dictionary its path length, the
// one thing gse's CalcToken computes that plain segmentation (Segment) uses.
// CalcToken also segments every word again for the search mode, which this
// package never uses: over half of the time of loading the dictionary and
// 26 MB kept for the life of the process. gse has no other way to set the
// length, so it is written into the token's unexported field, the layout
// checked here; if gse ever changes it, CalcToken does the work as before.
// TestLoadMatchesGse compares the result with CalcToken's.
func setDistances(seg *gse.Segmenter) {
	f, ok := reflect.TypeFor[gse.Token]().FieldByName("distance")
	if !ok || f.Type.Kind() != reflect.Float32 {
		seg.CalcToken()
		return
	}
	logTotal := float32(math.Log2(seg.Dict.TotalFreq()))
	toks := seg.Dict.Tokens
	for i := range toks {
		d := (*float32)(unsafe.Add(unsafe.Pointer(&toks[i]), f.Offset))
		*d = logTotal - float32(math.Log2(toks[i].Freq()))
	}
}

// addChars adds the single characters chars to seg's dictionary as words,
// at their frequencies in table (charTable), which gse's own loading of a
// dictionary file skips (wordChars). They have no tag: a query word's tag
// stays the one it had (CharPOS gives a character's).
func addChars(seg *gse.Segmenter, table map[rune]charEntry, chars string) error {
	for _, r := range chars {
		c, ok := table[r]
		if !ok {
			return fmt.Errorf("%s: no frequency for %q", charTable, r)
		}
		if err := seg.Dict.AddToken(seg.ToToken(string(r), c.freq, "")); err != nil {
			return fmt.Errorf("%s: add %q: %w", charTable, r, err)
		}
	}
	return nil
}
