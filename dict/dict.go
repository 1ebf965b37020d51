// Package dict is the Chinese text analysis of the search engine: word
// segmentation with gse and the project's own dictionaries, folding of
// traditional, full-width and upper-case forms, the topic taxonomy and the
// policy thesaurus. It also registers the bleve analyzers built on them.
//
// Loading the dictionaries takes a few tenths of a second and keeps about
// 30 MB, so a process loads them once (Default) and shares the Analyzer,
// which is safe for concurrent use.
package dict

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"iter"
	"math"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/go-ego/gse"
)

// analysisRevision changes whenever the way text becomes tokens changes, so
// that an index built by an older binary is refused rather than misread.
const analysisRevision = "4"

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
//go:generate go run ./internal/gent2s

// baseDict is gse's simplified-Chinese dictionary without its rarest words
// (see internal/gendict), loaded after the project's own word lists.
const baseDict = "data/gse_zh_s.txt"

// t2sTable folds traditional characters to simplified ones (see
// internal/gent2s).
const t2sTable = "data/t2s.txt"

// charTable gives the part of speech and the frequency of gse's single
// characters (see internal/gendict). The ranking of a query's words reads
// the tags; the segmenter takes the frequencies of wordChars, so the table
// is part of the analysis version.
const charTable = "data/chars.txt"

// wordChars are single characters the segmenter takes as words, each at
// gse's frequency of it. gse never loads a single character (its loader
// skips one that starts a word already in its trie), so the segmenter
// costs each alone as it costs a character it does not know
// (pseudoDistance), as much as a word seen once in eighty times, and a
// rarer word across a common one's edge won: 县民政局 was read 县民 政局 (29
// of the 101 民政局 in the real messages), A7县城管局 县城 管 局, 小区内 小
// 区内 (406 of 9,074 小区 cut across), 当地派出所说 派出 所说, 公司和开发商都
// 开发 商都, 芙蓉路人行道 路人 行道. They are the characters that follow a
// noun — the last one of a place or road name and the locatives 内 and 外 —
// and ten function words gse counts among its most frequent (particles,
// the copula, a preposition, a conjunction, adverbs, and 有 and 说). Others
// were measured and left out (区, 村, 里, 中, 上, 下 and more function
// words): see the README (Dictionaries).
const wordChars = "县市镇乡省路" + "内外" + "的了是在有和都也就说"

// wordLists are the files of data/ that add words to the segmenter.
var wordLists = []string{"data/departments.txt", "data/proposers.txt", "data/terms.txt"}

// An Analyzer segments and folds Chinese text. The zero value is not usable;
// call Load, Default or Preload.
type Analyzer struct {
	// seg is built in the background (see Preload); segmenter waits for it.
	seg      gse.Segmenter
	path     *shortestPath // seg's Segment, faster
	segReady atomic.Bool   // seg, path and logTotal are built
	loaded   chan struct{} // closed when the build ends, well or not
	loadErr  error

	logTotal  float64
	t2s       map[rune]rune
	chars     map[rune]charEntry // charTable
	stop      map[string]bool
	topics    *Taxonomy
	version   string
	synonymsM sync.RWMutex
	synonyms  *Thesaurus
	words     *boundedCache[[]wordToken]      // see wordTokens
	cells     *boundedCache[[]analysis.Token] // see Tokenizer
	gramOnce  sync.Once
	gramBMP   []rune          // see AppendGram
	gramForms map[rune][]rune // see buildGramTable
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
func Default() (*Analyzer, error) { return whenReady(Preload()) }

// Preload returns the process's shared Analyzer without waiting for the
// segmenter's dictionary, which goes on loading in the background (about a
// fifth of a second): its Version, folding, topics and thesaurus work at
// once, and segmentation waits for the dictionary. A server opens its index
// meanwhile. Call Ready before relying on it: it reports a failed load.
func Preload() (*Analyzer, error) {
	defaultOnce.Do(func() { defaultAnalyzer, defaultErr = start() })
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
func Load() (*Analyzer, error) { return whenReady(start()) }

// whenReady waits for a started Analyzer to be ready.
func whenReady(a *Analyzer, err error) (*Analyzer, error) {
	if err == nil {
		err = a.Ready()
	}
	if err != nil {
		return nil, err
	}
	return a, nil
}

// Ready waits until the segmenter's dictionary is loaded and reports
// whether it loaded.
func (a *Analyzer) Ready() error {
	<-a.loaded
	return a.loadErr
}

// segmenter returns the segmenter once its dictionary is loaded.
func (a *Analyzer) segmenter() *gse.Segmenter {
	if !a.segReady.Load() {
		if err := a.Ready(); err != nil {
			panic("dict: segmenter used after its dictionary failed to load: " + err.Error())
		}
	}
	return &a.seg
}

// start reads and checks all the data files and computes the version, and
// leaves the building of the segmenter's dictionary, most of the work, to a
// goroutine of its own, started as soon as its words are read.
func start() (*Analyzer, error) {
	a := &Analyzer{
		stop:   map[string]bool{},
		loaded: make(chan struct{}),
		words:  newBoundedCache[[]wordToken](wordCacheEntries, 1),
		cells:  newBoundedCache[[]analysis.Token](cellCacheTokens, cellMaxTokens),
	}
	h := sha256.New()
	fmt.Fprintf(h, "analysis %s\ngse %s\n", analysisRevision, gse.GetVersion())

	t2s, err := fs.ReadFile(dataFS, t2sTable)
	if err != nil {
		return nil, err
	}
	a.t2s = parseT2S(string(t2s))
	chars, err := fs.ReadFile(dataFS, charTable)
	if err != nil {
		return nil, err
	}
	h.Write(chars)
	fmt.Fprintf(h, "words of one character: %s\n", wordChars)
	if a.chars, err = parseChars(charTable, string(chars)); err != nil {
		return nil, err
	}
	lists, err := readWordLists(h)
	if err != nil {
		return nil, err
	}
	base, err := baseWords(h)
	if err != nil {
		return nil, err
	}
	go a.loadSegmenter(lists, base)
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

func (a *Analyzer) loadSegmenter(lists []wordList, base string) {
	defer close(a.loaded)
	seg := &a.seg
	seg.SkipLog = true
	seg.NotLoadHMM = true // Segment never uses the HMM model
	seg.Dict = gse.NewDict()
	seg.Init()
	if a.loadErr = a.addWordLists(seg, lists); a.loadErr != nil {
		return
	}
	if a.loadErr = addWords(seg, baseDict, base); a.loadErr != nil {
		return
	}
	if a.loadErr = addChars(seg, a.chars, wordChars); a.loadErr != nil {
		return
	}
	setDistances(seg)
	a.logTotal = math.Log2(seg.Dict.TotalFreq())
	if a.path, a.loadErr = newShortestPath(seg); a.loadErr != nil {
		return
	}
	a.segReady.Store(true)
}

// A wordList is one of the project's own word lists.
type wordList struct {
	name  string
	words []listedWord
}

// readWordLists reads and checks the project's word lists.
func readWordLists(h io.Writer) ([]wordList, error) {
	var out []wordList
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
		out = append(out, wordList{name, words})
	}
	return out, nil
}

// addWordLists adds the project's own words to seg's dictionary. They go in
// before gse's: the dictionary keeps the first entry of a word, so our
// frequencies win over gse's for words in both.
func (a *Analyzer) addWordLists(seg *gse.Segmenter, lists []wordList) error {
	for _, l := range lists {
		for _, w := range l.words {
			folded := a.Fold(w.text)
			freq := float64(wordFreq)
			if w.pos == "nr" {
				freq = nameFreq
			}
			if err := seg.Dict.AddToken(seg.ToToken(folded, freq, w.pos)); err != nil {
				return fmt.Errorf("%s: add %q: %w", l.name, w.text, err)
			}
		}
	}
	return nil
}

// baseWords returns gse's pruned dictionary (see internal/gendict) in gse's
// format, without the generator's header line.
func baseWords(h io.Writer) (string, error) {
	base, err := fs.ReadFile(dataFS, baseDict)
	if err != nil {
		return "", err
	}
	h.Write(base)
	if bytes.HasPrefix(base, []byte("#")) { // the generator's header line
		_, base, _ = bytes.Cut(base, []byte("\n"))
	}
	return string(base), nil
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
	f, _, ok := a.segmenter().Find(w)
	if !ok {
		return 0
	}
	return f
}

// POS is the part-of-speech tag the dictionary gives w (n, v, vn, d, r …),
// "" when w is not a word or has none.
func (a *Analyzer) POS(w string) string {
	f, pos, ok := a.segmenter().Find(w)
	if !ok || f <= 0 {
		return ""
	}
	return pos
}

// CharPOS is the part-of-speech tag gse's dictionary gives the character r
// as a word of its own (太: d, 人: n), "" for none.
func (a *Analyzer) CharPOS(r rune) string { return a.chars[r].pos }

// A charEntry is a line of charTable: a character's tag and frequency.
type charEntry struct {
	pos  string
	freq float64
}

// parseChars reads a table of "character tag frequency" lines.
func parseChars(name, data string) (map[rune]charEntry, error) {
	out := map[rune]charEntry{}
	for n, l := range entries(data) {
		f := strings.Fields(l)
		var r rune
		if len(f) == 3 {
			r, _ = utf8.DecodeRuneInString(f[0])
		}
		if len(f) != 3 || r == utf8.RuneError || string(r) != f[0] {
			return nil, fmt.Errorf("%s:%d: want a character, its tag and its frequency: %q", name, n, l)
		}
		freq, err := strconv.ParseFloat(f[2], 64)
		if err != nil || freq <= 0 {
			return nil, fmt.Errorf("%s:%d: frequency %q: want a number above 0", name, n, f[2])
		}
		out[r] = charEntry{pos: f[1], freq: freq}
	}
	return out, nil
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

// parseT2S reads the folding table of traditional characters (see
// internal/gent2s): one pair a line, the traditional character and the
// simplified one; "#" starts a comment.
func parseT2S(data string) map[rune]rune {
	m := make(map[rune]rune, strings.Count(data, "\n"))
	for _, s := range entries(data) {
		t, n := utf8.DecodeRuneInString(s)
		if r, m2 := utf8.DecodeRuneInString(s[n:]); n+m2 == len(s) {
			m[t] = r
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
