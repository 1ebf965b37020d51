// Package dict is the Chinese text analysis of the search engine: word
// segmentation with gse and the project's own dictionaries, folding of
// traditional, full-width and upper-case forms, the topic taxonomy and the
// policy thesaurus. It also registers the bleve analyzers built on them.
//
// Loading the dictionaries takes a second or two and some hundred megabytes,
// so a process loads them once (Default) and shares the Analyzer, which is
// safe for concurrent use.
package dict

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"iter"
	"math"
	"strings"
	"sync"
	"unicode"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/go-ego/gse"
	"github.com/longbridgeapp/opencc"
)

// analysisRevision changes whenever the way text becomes tokens changes, so
// that an index built by an older binary is refused rather than misread.
const analysisRevision = "2"

// wordFreq is the frequency given to the project's own dictionary words:
// high enough that a listed compound wins over its parts in segmentation.
// Person names (tag nr) get nameFreq: enough to keep a name whole when it
// stands alone, not so much that 常远 splits 非常远 into 非|常远.
const (
	wordFreq = 20000
	nameFreq = 100
)

//go:embed data/*.txt
var dataFS embed.FS

//go:generate go run ./internal/gendict

// baseDict is gse's simplified-Chinese dictionary without its rarest words
// (see internal/gendict), loaded after the project's own word lists.
const baseDict = "data/gse_zh_s.txt"

// wordLists are the files of data/ that add words to the segmenter.
var wordLists = []string{"data/departments.txt", "data/proposers.txt", "data/terms.txt"}

// An Analyzer segments and folds Chinese text. The zero value is not usable;
// call Load or Default.
type Analyzer struct {
	seg       gse.Segmenter
	path      *shortestPath // seg's Segment, faster
	logTotal  float64
	t2s       map[rune]rune
	stop      map[string]bool
	topics    *Taxonomy
	version   string
	synonymsM sync.RWMutex
	synonyms  *Thesaurus
	words     *boundedCache[[]wordToken]      // see wordTokens
	cells     *boundedCache[[]analysis.Token] // see Tokenizer
}

// Bounds of the analysis caches: words of several pieces, and whole texts
// (in tokens; a text of more tokens is not cached).
const (
	wordCacheEntries = 1 << 15
	cellCacheTokens  = 1 << 17
	cellMaxTokens    = 1 << 12
)

var (
	defaultOnce     sync.Once
	defaultAnalyzer *Analyzer
	defaultErr      error
)

// Default returns the process's shared Analyzer, loading it on first use.
func Default() (*Analyzer, error) {
	defaultOnce.Do(func() { defaultAnalyzer, defaultErr = Load() })
	return defaultAnalyzer, defaultErr
}

// MustDefault is Default for callers that cannot proceed without it.
func MustDefault() *Analyzer {
	a, err := Default()
	if err != nil {
		panic(err)
	}
	return a
}

// Load builds an Analyzer from gse's simplified-Chinese dictionary (pruned of
// its rarest words, see internal/gendict), the word lists in data/ and the
// topic and synonym files.
func Load() (*Analyzer, error) {
	a := &Analyzer{
		stop:  map[string]bool{},
		words: newBoundedCache[[]wordToken](wordCacheEntries, 1),
		cells: newBoundedCache[[]analysis.Token](cellCacheTokens, cellMaxTokens),
	}
	h := sha256.New()
	fmt.Fprintf(h, "analysis %s\ngse %s\n", analysisRevision, gse.GetVersion())

	cc, err := opencc.New("t2s")
	if err != nil {
		return nil, fmt.Errorf("load traditional-to-simplified tables: %w", err)
	}
	a.t2s = buildT2S(cc)

	// Our words go in first: the dictionary keeps the first entry of a word,
	// so our frequencies win over gse's for words in both.
	a.seg.SkipLog = true
	a.seg.Dict = gse.NewDict()
	a.seg.Init()
	for _, name := range wordLists {
		data, err := fs.ReadFile(dataFS, name)
		if err != nil {
			return nil, err
		}
		h.Write(data)
		words, err := parseWordList(name, string(data))
		if err != nil {
			return nil, err
		}
		for _, w := range words {
			folded := a.Fold(w.text)
			freq := float64(wordFreq)
			if w.pos == "nr" {
				freq = nameFreq
			}
			if err := a.seg.Dict.AddToken(a.seg.ToToken(folded, freq, w.pos)); err != nil {
				return nil, fmt.Errorf("%s: add %q: %w", name, w.text, err)
			}
		}
	}
	base, err := fs.ReadFile(dataFS, baseDict)
	if err != nil {
		return nil, err
	}
	h.Write(base)
	if bytes.HasPrefix(base, []byte("#")) { // the generator's header line
		_, base, _ = bytes.Cut(base, []byte("\n"))
	}
	if err := a.seg.LoadDictStr(string(base)); err != nil {
		return nil, fmt.Errorf("load %s: %w", baseDict, err)
	}
	a.logTotal = math.Log2(a.seg.Dict.TotalFreq())
	if a.path, err = newShortestPath(&a.seg); err != nil {
		return nil, err
	}
	for _, w := range strings.Split(stopWords, " ") {
		a.stop[w] = true
	}

	data, err := fs.ReadFile(dataFS, "data/topics.txt")
	if err != nil {
		return nil, err
	}
	h.Write(data)
	if a.topics, err = ParseTaxonomy("topics.txt", string(data), a); err != nil {
		return nil, err
	}
	if err := a.loadEmbeddedSynonyms(); err != nil {
		return nil, err
	}
	a.version = analysisRevision + "-" + hex.EncodeToString(h.Sum(nil))[:12]
	return a, nil
}

// Version identifies the analysis: the code revision, gse's version and the
// content of the word lists and the taxonomy. An index records the version it
// was built with and cannot be searched with another one.
func (a *Analyzer) Version() string { return a.version }

// Topics is the topic taxonomy loaded with the Analyzer.
func (a *Analyzer) Topics() *Taxonomy { return a.topics }

// IsStopWord reports whether a query word carries no meaning on its own
// (的, 和, 关于, punctuation …).
func (a *Analyzer) IsStopWord(w string) bool { return a.stop[w] }

// Freq is the dictionary frequency of w, 0 when w is not a word. gse answers
// for prefixes of words too, with frequency 0; those are not words.
func (a *Analyzer) Freq(w string) float64 {
	f, _, ok := a.seg.Find(w)
	if !ok {
		return 0
	}
	return f
}

type listedWord struct{ text, pos string }

// entries yields the lines of a data file that hold something, trimmed,
// with their 1-based line numbers: blank lines and "#" comments are left out.
func entries(data string) iter.Seq2[int, string] {
	return func(yield func(int, string) bool) {
		for i, l := range strings.Split(data, "\n") {
			s := strings.TrimSpace(l)
			if s == "" || strings.HasPrefix(s, "#") {
				continue
			}
			if !yield(i+1, s) {
				return
			}
		}
	}
}

func parseWordList(name, data string) ([]listedWord, error) {
	var out []listedWord
	for line, s := range entries(data) {
		f := strings.Fields(s)
		if len(f) > 2 {
			return nil, fmt.Errorf("%s:%d: want a word and an optional part-of-speech tag, got %q", name, line, s)
		}
		w := listedWord{text: f[0]}
		if len(f) == 2 {
			w.pos = f[1]
		}
		out = append(out, w)
	}
	return out, nil
}

// buildT2S maps each traditional Han character that OpenCC's t2s tables
// convert to exactly one simplified character. Phrase-level conversions are
// left out on purpose: folding must keep one rune for one rune.
func buildT2S(cc *opencc.OpenCC) map[rune]rune {
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
	m := map[rune]rune{}
	if err != nil {
		return m
	}
	conv := strings.Split(out, "\n")
	if len(conv) < len(runes) {
		return m
	}
	for i, r := range runes {
		cr := []rune(conv[i])
		if len(cr) == 1 && cr[0] != r {
			m[r] = cr[0]
		}
	}
	return m
}

func (a *Analyzer) simplified(r rune) rune {
	if s, ok := a.t2s[r]; ok {
		return s
	}
	return r
}
