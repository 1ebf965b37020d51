// Package bench generates synthetic corpora of proposals and replies and
// measures indexing and query speed of the search engine against a baseline:
// the same bleve mapping with bleve's built-in "cjk" (bigram) analyzer.
//
// The corpus generator recombines the seed's clauses (18 proposals about
// elderly care) with words drawn from gse's dictionary, and spreads the
// proposals over 29 policy themes with a Zipf-like distribution: outside
// elderly care, the seed's topic words give way to the theme's (themes.go),
// so a query word matches the share of the corpus its area would.
//
// The corpus generator is deterministic: a CorpusConfig gives byte-identical
// JSON Lines on every run and machine, as long as gse's embedded dictionary
// and the embedded seed file are the same. It is also prefix-stable: the
// corpus of N suggestions is the start of the corpus of M > N suggestions
// with the same seed (the last proposal may be cut short).
package bench

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/go-ego/gse"

	"github.com/govreply/precedent"
	"github.com/govreply/precedent/ingest"
	"github.com/govreply/precedent/record"
)

// Limits of proposal ids: year + a 4-digit number unique within the year.
const (
	DefaultYearFrom = 2000
	DefaultYearTo   = 2025
	MaxPerYear      = 9999
)

// A CorpusConfig says what Generate writes. Set Proposals or Suggestions.
type CorpusConfig struct {
	Seed uint64 // the same seed gives the same bytes

	// Proposals is the number of proposals to write. When Suggestions > 0 it
	// is ignored and proposals are written until there are exactly
	// Suggestions suggestions (the last proposal may be cut short).
	Proposals   int
	Suggestions int

	YearFrom, YearTo int // default 2000–2025; later years get more proposals

	// DictMix is the share of generated sentences that carry words drawn from
	// gse's dictionary (the rest are seed clauses as they are). Default 0.55.
	DictMix float64

	// Vocab is the dictionary sample; nil loads DefaultVocabulary (~2.5 s).
	Vocab *Vocabulary
	// SeedData replaces the embedded seed proposals (18 proposals, 70
	// suggestions) as the source of clauses and reply-status patterns.
	SeedData []record.Proposal
}

// A HeapsPoint is the number of distinct terms seen after the first
// Suggestions suggestions.
type HeapsPoint struct {
	Suggestions int
	Terms       int
}

// CorpusStats describes a generated corpus.
type CorpusStats struct {
	Proposals   int
	Suggestions int
	Bytes       int64          // JSON Lines written
	Status      map[string]int // suggestions with each reply column filled
	Years       map[int]int    // proposals a year

	// Terms is the number of distinct terms of all text fields (title,
	// proposer, departments, suggestion, reply columns), and Heaps the same
	// count after every 10,000 suggestions and at the end: vocabulary growth.
	//
	// Terms are counted with a cheap proxy, not with the dict analyzer: the
	// terms bleve's "cjk" analyzer would index — each pair of adjacent Han
	// characters, a lone Han character between non-Han ones, and each run of
	// ASCII letters or digits, lower-cased. The bench command also reports
	// the exact term counts of both built indexes.
	Terms int
	Heaps []HeapsPoint

	DictWords int      // distinct gse dictionary words mixed into the text
	RareTerms []string // 2-character dictionary nouns drawn into 2–5 suggestions and absent from the seed text

	// Themes is the number of proposals of each policy theme, and DocFreq
	// the number of suggestions whose text (title, suggestion or a reply
	// column) contains each of ProbeWords: how topical the corpus is.
	Themes  map[string]int
	DocFreq map[string]int

	Took time.Duration
}

// ProbeWords are the words whose document frequency CorpusStats.DocFreq
// reports: the bench's query words and a few of other themes.
var ProbeWords = []string{"养老", "服务", "教育", "交通", "居家养老服务", "时间银行"}

// TermsPer10k is the growth of the vocabulary over the last full block of
// 10,000 suggestions: how many new distinct terms 10k more suggestions bring.
// For a corpus under 10k suggestions it is the vocabulary scaled to 10k.
func (st CorpusStats) TermsPer10k() int {
	h := st.Heaps
	switch {
	case len(h) == 0:
		return 0
	case st.Suggestions < 10000:
		return st.Terms * 10000 / max(st.Suggestions, 1)
	}
	// The last point at a multiple of 10k and the one before it.
	last := len(h) - 1
	if h[last].Suggestions%10000 != 0 {
		last--
	}
	if last == 0 {
		return h[0].Terms
	}
	return h[last].Terms - h[last-1].Terms
}

// Generate writes a corpus as JSON Lines of record.Proposal, one proposal a
// line, and reports what it wrote.
func Generate(w io.Writer, cfg CorpusConfig) (CorpusStats, error) {
	start := time.Now()
	g, err := newGenerator(cfg)
	if err != nil {
		return CorpusStats{}, err
	}
	cw := &countingWriter{w: w}
	bw := bufio.NewWriterSize(cw, 1<<16)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)

	st := CorpusStats{Status: map[string]int{}, Years: map[int]int{}, Themes: map[string]int{}, DocFreq: map[string]int{}}
	for {
		if cfg.Suggestions > 0 {
			if st.Suggestions >= cfg.Suggestions {
				break
			}
		} else if st.Proposals >= cfg.Proposals {
			break
		}
		limit := MaxSuggestionsPerProposal
		if cfg.Suggestions > 0 {
			limit = cfg.Suggestions - st.Suggestions
		}
		p, err := g.proposal(limit)
		if err != nil {
			return st, err
		}
		if err := enc.Encode(p); err != nil {
			return st, err
		}
		st.Proposals++
		st.Years[p.Year]++
		st.Themes[g.theme.Name]++
		for i := range p.Suggestions {
			s := &p.Suggestions[i]
			st.Suggestions++
			for _, status := range p.Statuses(s) {
				st.Status[string(status)]++
			}
			for _, w := range ProbeWords {
				if containsText(p.Title, s, w) {
					st.DocFreq[w]++
				}
			}
			g.terms.addSuggestion(p, s, i == 0)
			if st.Suggestions%10000 == 0 {
				st.Heaps = append(st.Heaps, HeapsPoint{st.Suggestions, g.terms.n()})
			}
		}
	}
	if err := bw.Flush(); err != nil {
		return st, err
	}
	if st.Suggestions%10000 != 0 || st.Suggestions == 0 {
		st.Heaps = append(st.Heaps, HeapsPoint{st.Suggestions, g.terms.n()})
	}
	st.Bytes = cw.n
	st.Terms = g.terms.n()
	st.DictWords = len(g.dictDF)
	st.RareTerms = g.rareTerms()
	st.Took = time.Since(start)
	return st, nil
}

// containsText says whether the title, the suggestion or a reply column
// contains w.
func containsText(title string, s *record.Suggestion, w string) bool {
	for _, t := range [...]string{title, s.Text, s.Reply.Done, s.Reply.InProgress, s.Reply.Planned, s.Reply.NotAdopted} {
		if strings.Contains(t, w) {
			return true
		}
	}
	return false
}

// MaxSuggestionsPerProposal bounds the suggestions of a generated proposal.
const MaxSuggestionsPerProposal = 8

// suggestionCounts is the distribution of suggestions a proposal, 1–8, mean
// 3.93 (the seed: 70 suggestions in 18 proposals, 3.89, between 2 and 6).
var suggestionCounts = []float64{0, 0.05, 0.12, 0.27, 0.25, 0.13, 0.11, 0.04, 0.03}

// coCounts is the distribution of the number of co-departments, 0–5.
var coCounts = []float64{0.12, 0.25, 0.25, 0.20, 0.10, 0.08}

type generator struct {
	cfg   CorpusConfig
	r     *rand.Rand
	vocab *Vocabulary
	seed  *seedModel

	years     []int
	yearW     []float64 // weights; 0 once a year is full
	used      map[int]*[MaxPerYear + 1]bool
	usedCount map[int]int

	proposers   []string
	proposerZ   *rand.Zipf
	deptZ, coZ  *rand.Zipf
	departments []string

	theme *theme // of the current proposal

	docWords map[string]bool  // dictionary words drawn into the current suggestion: true for nouns
	dictDF   map[string]int32 // suggestions each dictionary word was drawn into
	nouns    map[string]bool  // dictionary words drawn as nouns
	terms    termCounter
}

func newGenerator(cfg CorpusConfig) (*generator, error) {
	if cfg.YearFrom == 0 {
		cfg.YearFrom = DefaultYearFrom
	}
	if cfg.YearTo == 0 {
		cfg.YearTo = DefaultYearTo
	}
	if cfg.YearFrom > cfg.YearTo || cfg.YearFrom < 1949 || cfg.YearTo > 2200 {
		return nil, fmt.Errorf("bench: bad year range %d–%d", cfg.YearFrom, cfg.YearTo)
	}
	if cfg.DictMix == 0 {
		cfg.DictMix = 0.55
	}
	if cfg.DictMix < 0 || cfg.DictMix > 1 {
		return nil, fmt.Errorf("bench: DictMix %v not in [0, 1]", cfg.DictMix)
	}
	if cfg.Proposals < 0 || cfg.Suggestions < 0 || (cfg.Proposals == 0 && cfg.Suggestions == 0) {
		return nil, errors.New("bench: set Proposals or Suggestions to a positive number")
	}
	nYears := cfg.YearTo - cfg.YearFrom + 1
	capacity := nYears * MaxPerYear
	if cfg.Suggestions == 0 && cfg.Proposals > capacity {
		return nil, fmt.Errorf("bench: %d proposals do not fit in %d–%d: ids are year + 4 digits, at most %d a year, %d in all; widen the year range",
			cfg.Proposals, cfg.YearFrom, cfg.YearTo, MaxPerYear, capacity)
	}
	if cfg.Suggestions > capacity*MaxSuggestionsPerProposal {
		return nil, fmt.Errorf("bench: %d suggestions cannot fit in %d proposals (%d–%d, at most %d a year)",
			cfg.Suggestions, capacity, cfg.YearFrom, cfg.YearTo, MaxPerYear)
	}
	v := cfg.Vocab
	if v == nil {
		var err error
		if v, err = DefaultVocabulary(); err != nil {
			return nil, err
		}
	}
	seed := cfg.SeedData
	if seed == nil {
		var err error
		if seed, err = SeedProposals(); err != nil {
			return nil, err
		}
	}
	sm, err := newSeedModel(seed)
	if err != nil {
		return nil, err
	}
	g := &generator{
		cfg:       cfg,
		r:         rand.New(rand.NewPCG(cfg.Seed, 0x9e3779b97f4a7c15)),
		vocab:     v,
		seed:      sm,
		used:      map[int]*[MaxPerYear + 1]bool{},
		usedCount: map[int]int{},
		docWords:  map[string]bool{},
		dictDF:    map[string]int32{},
		nouns:     map[string]bool{},
		terms:     newTermCounter(),
	}
	for y := cfg.YearFrom; y <= cfg.YearTo; y++ {
		g.years = append(g.years, y)
		// Later years have more proposals: +8% a year.
		g.yearW = append(g.yearW, pow(1.08, y-cfg.YearFrom))
	}
	// The pool of proposers depends on the seed only, not on the size, so
	// that corpora of different sizes share their start.
	pr := rand.New(rand.NewPCG(cfg.Seed, 0x51ed270b27e3c1a9))
	g.proposers = proposerPool(pr, sm.proposers)
	g.proposerZ = rand.NewZipf(g.r, 1.07, 8, uint64(len(g.proposers)-1))
	g.departments = departments
	g.deptZ = rand.NewZipf(g.r, 1.2, 1, uint64(len(departments)-1))
	g.coZ = rand.NewZipf(g.r, 1.05, 3, uint64(len(departments)-1))
	return g, nil
}

func pow(b float64, n int) float64 {
	x := 1.0
	for range n {
		x *= b
	}
	return x
}

// pick draws an index from weights (which need not sum to 1); -1 when all
// weights are 0.
func pick(r *rand.Rand, w []float64) int {
	total := 0.0
	for _, x := range w {
		total += x
	}
	if total <= 0 {
		return -1
	}
	x := r.Float64() * total
	for i, wi := range w {
		if x < wi {
			return i
		}
		x -= wi
	}
	for i := len(w) - 1; i >= 0; i-- {
		if w[i] > 0 {
			return i
		}
	}
	return -1
}

func oneOf[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// id draws a year (recent years likelier, full years skipped) and a number
// unique within it. Numbers are dense from 1 as in the real data: a year
// with k proposals draws from 1…2k+50.
func (g *generator) id() (string, error) {
	yi := pick(g.r, g.yearW)
	if yi < 0 {
		return "", fmt.Errorf("bench: all %d ids of %d–%d are used; widen the year range or generate fewer proposals",
			len(g.years)*MaxPerYear, g.cfg.YearFrom, g.cfg.YearTo)
	}
	y := g.years[yi]
	used := g.used[y]
	if used == nil {
		used = new([MaxPerYear + 1]bool)
		g.used[y] = used
	}
	k := g.usedCount[y]
	limit := min(MaxPerYear, 2*k+50)
	n := 1 + g.r.IntN(limit)
	for used[n] { // the next free number, wrapping within 1…9999
		n++
		if n > MaxPerYear {
			n = 1
		}
	}
	used[n] = true
	g.usedCount[y] = k + 1
	if k+1 == MaxPerYear {
		g.yearW[yi] = 0
	}
	return fmt.Sprintf("%04d%04d", y, n), nil
}

func (g *generator) proposal(maxSuggestions int) (*record.Proposal, error) {
	id, err := g.id()
	if err != nil {
		return nil, err
	}
	p := &record.Proposal{ID: id, Kind: record.KindProposal}
	g.theme = &themes[pick(g.r, themeWeights)]
	var titleWords []string
	p.Title, titleWords = g.title()
	p.Proposer = g.proposers[g.proposerZ.Uint64()]
	if g.r.Float64() < themeLeadShare {
		p.LeadDepartment = g.theme.Dept
	} else {
		p.LeadDepartment = g.departments[g.deptZ.Uint64()]
	}
	p.CoDepartments = []string{}
	nco := pick(g.r, coCounts)
	for tries := 0; len(p.CoDepartments) < nco && tries < 50; tries++ {
		d := g.departments[g.coZ.Uint64()]
		if d != p.LeadDepartment && !slices.Contains(p.CoDepartments, d) {
			p.CoDepartments = append(p.CoDepartments, d)
		}
	}
	n := min(pick(g.r, suggestionCounts), maxSuggestions)
	for no := 1; no <= n; no++ {
		clear(g.docWords)
		for _, w := range titleWords {
			g.docWords[w] = true
		}
		s := record.Suggestion{No: no, Text: g.suggestionText(no)}
		pattern := oneOf(g.r, g.seed.patterns)
		for col, filled := range pattern {
			if filled {
				setColumn(&s.Reply, col, g.cell(col))
			}
		}
		for w, noun := range g.docWords {
			g.dictDF[w]++
			if noun {
				g.nouns[w] = true
			}
		}
		p.Suggestions = append(p.Suggestions, s)
	}
	p.Derive()
	return p, nil
}

func setColumn(r *record.Reply, col int, text string) {
	switch record.ColumnStatuses[col] {
	case record.Done:
		r.Done = text
	case record.InProgress:
		r.InProgress = text
	case record.Planned:
		r.Planned = text
	case record.NotAdopted:
		r.NotAdopted = text
	}
}

// title is 关于 + a topic phrase of the proposal's theme + 的提案 or 的建议,
// and the dictionary words drawn into it.
func (g *generator) title() (string, []string) {
	var sb strings.Builder
	var words []string
	sb.WriteString("关于")
	if g.r.Float64() < 0.2 {
		sb.WriteString("进一步")
	}
	sb.WriteString(oneOf(g.r, titleVerbs))
	if g.r.Float64() < 0.3 {
		sb.WriteString("我市")
	}
	if g.r.Float64() < 0.3 {
		w := g.vocab.noun(g.r)
		words = append(words, w)
		sb.WriteString(w)
		sb.WriteString(oneOf(g.r, []string{"与", "和", ""}))
	}
	sb.WriteString(oneOf(g.r, g.theme.Terms))
	sb.WriteString(oneOf(g.r, titleSuffixes))
	if g.r.IntN(2) == 0 {
		sb.WriteString("的提案")
	} else {
		sb.WriteString("的建议")
	}
	return sb.String(), words
}

// suggestionText is a numbered suggestion of one to a few sentences.
func (g *generator) suggestionText(no int) string {
	var sb strings.Builder
	sb.WriteString(strconv.Itoa(no))
	sb.WriteByte('.')
	for range oneOf(g.r, g.seed.sentencesPerSuggestion) {
		sb.WriteString(g.sentence(g.seed.suggestionClauses))
	}
	return sb.String()
}

// cell is the text of reply column col: numbered items of sentences, the
// numbers of items and sentences drawn from the seed's cells of that column.
func (g *generator) cell(col int) string {
	var sb strings.Builder
	items := oneOf(g.r, g.seed.itemsPerCell[col])
	for i := 1; i <= items; i++ {
		if i > 1 {
			sb.WriteString("\n\n")
		}
		sb.WriteString(strconv.Itoa(i))
		sb.WriteByte('.')
		for range oneOf(g.r, g.seed.sentencesPerItem[col]) {
			pool := g.seed.replyClauses[col]
			if len(pool) < 20 && g.r.IntN(2) == 0 {
				pool = g.seed.allReplyClauses
			}
			sb.WriteString(g.sentence(pool))
		}
	}
	return sb.String()
}

// sentence is a seed clause, possibly with a generated phrase of dictionary
// words spliced in, or a generated phrase alone; it ends with 。.
func (g *generator) sentence(pool []clause) string {
	x := g.r.Float64()
	mix := g.cfg.DictMix
	var s string
	switch {
	case x < mix*0.35:
		s = g.phrase()
	case x < mix:
		cl := g.fill(oneOf(g.r, pool))
		parts := strings.Split(cl, "，")
		if len(parts) > 1 && g.r.IntN(2) == 0 {
			parts[g.r.IntN(len(parts))] = g.phrase()
			s = strings.Join(parts, "，")
		} else {
			s = cl + "，" + g.phrase()
		}
	default:
		s = g.fill(oneOf(g.r, pool))
	}
	return s + "。"
}

// fill is a seed clause for the current theme: as it is for the seed's
// theme, else its template with the theme's words in the placeholders. A
// sentence keeps to one term, now and then two.
func (g *generator) fill(c clause) string {
	if g.theme.Seed || c.tmpl == "" {
		return c.text
	}
	th := g.theme
	term, people := oneOf(g.r, th.Terms), oneOf(g.r, th.People)
	terms := 0
	var sb strings.Builder
	sb.Grow(len(c.tmpl) + 32)
	for _, r := range c.tmpl {
		switch r {
		case slotTerm:
			if terms > 0 && g.r.IntN(3) == 0 {
				term = oneOf(g.r, th.Terms)
			}
			terms++
			sb.WriteString(term)
		case slotPeople:
			sb.WriteString(people)
		case slotDept:
			sb.WriteString(th.Dept)
		case slotField:
			sb.WriteString(th.Field)
		case slotAgency:
			sb.WriteString(th.Agency)
		default:
			sb.WriteRune(r)
		}
	}
	return sb.String()
}

// phrase fills a template with dictionary words drawn by frequency and
// policy terms.
func (g *generator) phrase() string {
	t := oneOf(g.r, phraseTemplates)
	var sb strings.Builder
	for _, r := range t {
		switch r {
		case 'N':
			w := g.vocab.noun(g.r)
			g.docWords[w] = true
			sb.WriteString(w)
		case 'V':
			w := g.vocab.verb(g.r)
			g.docWords[w] = false
			sb.WriteString(w)
		case 'D':
			sb.WriteString(oneOf(g.r, g.theme.Terms))
		default:
			sb.WriteRune(r)
		}
	}
	return sb.String()
}

// rareTerms lists 2-character dictionary nouns drawn into 2 to 5
// suggestions that do not occur in the seed text, fewest first.
func (g *generator) rareTerms() []string {
	var out []string
	for w, n := range g.dictDF {
		if n >= 2 && n <= 5 && g.nouns[w] && utf8.RuneCountInString(w) == 2 && !strings.Contains(g.seed.allText, w) {
			out = append(out, w)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := g.dictDF[out[i]], g.dictDF[out[j]]
		if a != b {
			return a < b
		}
		return out[i] < out[j]
	})
	return out[:min(len(out), 20)]
}

// A Vocabulary is the sample of gse's dictionary the generator draws words
// from, with probability proportional to their dictionary frequency, so the
// generated text has Zipf-distributed words and a vocabulary that keeps
// growing with the corpus (Heaps' law).
type Vocabulary struct {
	nouns, verbs sampler
}

type sampler struct {
	words []string
	cum   []float64 // cumulative frequencies
}

func (s *sampler) add(w string, f float64) {
	prev := 0.0
	if n := len(s.cum); n > 0 {
		prev = s.cum[n-1]
	}
	s.words = append(s.words, w)
	s.cum = append(s.cum, prev+f)
}

func (s *sampler) pick(r *rand.Rand) string {
	x := r.Float64() * s.cum[len(s.cum)-1]
	i := sort.SearchFloat64s(s.cum, x)
	if i >= len(s.words) {
		i = len(s.words) - 1
	}
	return s.words[i]
}

func (v *Vocabulary) noun(r *rand.Rand) string { return v.nouns.pick(r) }
func (v *Vocabulary) verb(r *rand.Rand) string { return v.verbs.pick(r) }

// Size is the number of distinct words the vocabulary can draw.
func (v *Vocabulary) Size() int { return len(v.nouns.words) + len(v.verbs.words) }

var (
	vocabOnce sync.Once
	vocab     *Vocabulary
	vocabErr  error
)

// DefaultVocabulary loads gse's embedded simplified-Chinese dictionary once
// (about 2.5 s) and keeps the words of 2–4 Han characters tagged as nouns
// (n, nz) or verbs (v, vn). The segmenter itself is dropped.
func DefaultVocabulary() (*Vocabulary, error) {
	vocabOnce.Do(func() { vocab, vocabErr = LoadVocabulary() })
	return vocab, vocabErr
}

// LoadVocabulary is DefaultVocabulary without the cache.
func LoadVocabulary() (*Vocabulary, error) {
	var seg gse.Segmenter
	seg.SkipLog = true
	seg.NotLoadHMM = true
	if err := seg.LoadDictEmbed("zh_s"); err != nil {
		return nil, fmt.Errorf("bench: load gse dictionary: %w", err)
	}
	v := &Vocabulary{}
	for i := range seg.Dict.Tokens {
		t := &seg.Dict.Tokens[i]
		text, f := t.Text(), t.Freq()
		if f <= 0 {
			continue
		}
		n := utf8.RuneCountInString(text)
		if n < 2 || n > 4 || !allHan(text) {
			continue
		}
		switch t.Pos() {
		case "n", "nz":
			v.nouns.add(text, f)
		case "v", "vn":
			v.verbs.add(text, f)
		}
	}
	if len(v.nouns.words) == 0 || len(v.verbs.words) == 0 {
		return nil, errors.New("bench: gse dictionary has no nouns or verbs")
	}
	return v, nil
}

func allHan(s string) bool {
	for _, r := range s {
		if !unicode.Is(unicode.Han, r) {
			return false
		}
	}
	return s != ""
}

// SeedProposals parses the seed bundled with the binary (precedent.Seed),
// the real data the generator recombines.
func SeedProposals() ([]record.Proposal, error) {
	srcs, err := ingest.ParseBytes(precedent.SeedName, precedent.Seed, ingest.Options{})
	if err != nil {
		return nil, err
	}
	return srcs[0].Proposals, nil
}

// A clause is a sentence of the seed, and its template for other themes:
// its elderly-care and civil-affairs words replaced by placeholders ("" when
// it has none).
type clause struct{ text, tmpl string }

func newClauses(cs []string) []clause {
	out := make([]clause, len(cs))
	for i, c := range cs {
		out[i].text = c
		if t := template(c); t != c {
			out[i].tmpl = t
		}
	}
	return out
}

// A seedModel is what the generator takes from the real data.
type seedModel struct {
	suggestionClauses      []clause
	replyClauses           [4][]clause // by column
	allReplyClauses        []clause
	sentencesPerSuggestion []int
	itemsPerCell           [4][]int // by column
	sentencesPerItem       [4][]int
	patterns               [][4]bool // filled columns of each seed suggestion
	proposers              []string
	allText                string
}

var numbering = regexp.MustCompile(`^\s*(?:\d+\s*[.．、]|[（(]\d+[）)]|[一二三四五六七八九十]+、)\s*`)

// clauses splits a cell on 。；！？ and line ends, strips item numbers and
// drops fragments too short to stand alone or with unbalanced brackets.
func clauses(cell string) []string {
	var out []string
	for _, c := range strings.FieldsFunc(cell, func(r rune) bool {
		return r == '。' || r == '；' || r == '！' || r == '？' || r == '\n' || r == ';'
	}) {
		c = numbering.ReplaceAllString(c, "")
		c = strings.TrimSpace(strings.Trim(strings.TrimSpace(c), "，、,:："))
		if utf8.RuneCountInString(c) < 4 || !balanced(c) {
			continue
		}
		out = append(out, c)
	}
	return out
}

func balanced(s string) bool {
	pairs := [][2]string{{"《", "》"}, {"“", "”"}, {"（", "）"}, {"(", ")"}, {"<", ">"}, {"「", "」"}}
	for _, p := range pairs {
		if strings.Count(s, p[0]) != strings.Count(s, p[1]) {
			return false
		}
	}
	return true
}

// items splits a cell into its numbered items: its non-empty lines.
func items(cell string) []string {
	var out []string
	for _, l := range strings.Split(cell, "\n") {
		if strings.TrimSpace(l) != "" {
			out = append(out, l)
		}
	}
	return out
}

func newSeedModel(ps []record.Proposal) (*seedModel, error) {
	m := &seedModel{}
	var all strings.Builder
	seenProposer := map[string]bool{}
	for _, p := range ps {
		all.WriteString(p.Title + "\n" + p.Proposer + "\n")
		if p.Proposer != "" && !seenProposer[p.Proposer] {
			seenProposer[p.Proposer] = true
			m.proposers = append(m.proposers, p.Proposer)
		}
		for _, s := range p.Suggestions {
			all.WriteString(s.Text + "\n")
			cs := clauses(s.Text)
			m.suggestionClauses = append(m.suggestionClauses, newClauses(cs)...)
			m.sentencesPerSuggestion = append(m.sentencesPerSuggestion, max(1, len(cs)))
			var pat [4]bool
			filled := false
			for col, st := range record.ColumnStatuses {
				cell := s.Reply.Column(st)
				if cell == "" {
					continue
				}
				all.WriteString(cell + "\n")
				pat[col], filled = true, true
				its := items(cell)
				m.itemsPerCell[col] = append(m.itemsPerCell[col], max(1, len(its)))
				for _, it := range its {
					cs := newClauses(clauses(it))
					m.sentencesPerItem[col] = append(m.sentencesPerItem[col], max(1, len(cs)))
					m.replyClauses[col] = append(m.replyClauses[col], cs...)
					m.allReplyClauses = append(m.allReplyClauses, cs...)
				}
			}
			if filled {
				m.patterns = append(m.patterns, pat)
			}
		}
	}
	m.allText = all.String()
	if len(m.suggestionClauses) == 0 || len(m.allReplyClauses) == 0 || len(m.patterns) == 0 {
		return nil, errors.New("bench: the seed data has no suggestions with replies")
	}
	for col := range 4 {
		if len(m.replyClauses[col]) == 0 {
			m.replyClauses[col] = m.allReplyClauses
		}
		if len(m.itemsPerCell[col]) == 0 {
			m.itemsPerCell[col] = []int{1}
		}
		if len(m.sentencesPerItem[col]) == 0 {
			m.sentencesPerItem[col] = []int{1}
		}
	}
	return m, nil
}

// proposerPool is thousands of person names and the bodies that submit
// proposals, in the order of how prolific they are (the generator draws
// from it with a Zipf distribution). The seed's proposers are in it.
func proposerPool(r *rand.Rand, seedProposers []string) []string {
	const persons = 6000
	seen := map[string]bool{}
	var people []string
	for _, p := range seedProposers {
		if !seen[p] && !isBody(p) {
			seen[p] = true
			people = append(people, p)
		}
	}
	for len(people) < persons {
		var sb strings.Builder
		sb.WriteString(surnames[pick(r, surnameWeights)])
		sb.WriteString(oneOf(r, givenChars))
		if r.Float64() < 0.7 {
			sb.WriteString(oneOf(r, givenChars))
		}
		name := sb.String()
		if !seen[name] {
			seen[name] = true
			people = append(people, name)
		}
	}
	r.Shuffle(len(people), func(i, j int) { people[i], people[j] = people[j], people[i] })
	bs := append([]string{}, bodies...)
	for _, p := range seedProposers {
		if isBody(p) && !slices.Contains(bs, p) {
			bs = append(bs, p)
		}
	}
	r.Shuffle(len(bs), func(i, j int) { bs[i], bs[j] = bs[j], bs[i] })
	// Bodies are prolific: spread them over the first few hundred ranks.
	out := make([]string, 0, len(people)+len(bs))
	pi := 0
	for i, b := range bs {
		for pi < len(people) && pi < (i+1)*9 {
			out = append(out, people[pi])
			pi++
		}
		out = append(out, b)
	}
	return append(out, people[pi:]...)
}

func isBody(s string) bool {
	for _, suf := range []string{"会", "委", "联", "界别", "团", "社", "党", "盟"} {
		if strings.HasSuffix(s, suf) {
			return true
		}
	}
	return utf8.RuneCountInString(s) > 4
}

type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// termCounter counts the distinct terms bleve's cjk analyzer would index:
// Han bigrams, lone Han characters and lower-cased ASCII words.
type termCounter struct {
	han   map[[2]rune]struct{}
	ascii map[string]struct{}
}

func newTermCounter() termCounter {
	return termCounter{han: map[[2]rune]struct{}{}, ascii: map[string]struct{}{}}
}

func (t *termCounter) n() int { return len(t.han) + len(t.ascii) }

func (t *termCounter) addSuggestion(p *record.Proposal, s *record.Suggestion, first bool) {
	if first {
		t.add(p.Title)
		t.add(p.Proposer)
		t.add(p.LeadDepartment)
		for _, d := range p.CoDepartments {
			t.add(d)
		}
	}
	t.add(s.Text)
	t.add(s.Reply.Done)
	t.add(s.Reply.InProgress)
	t.add(s.Reply.Planned)
	t.add(s.Reply.NotAdopted)
}

func (t *termCounter) add(s string) {
	var prev rune // previous Han rune of the current run, 0 at a run's start
	runLen := 0
	flush := func() {
		if runLen == 1 {
			t.han[[2]rune{prev, 0}] = struct{}{}
		}
		prev, runLen = 0, 0
	}
	asciiStart := -1
	for i, r := range s {
		isASCII := r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r))
		if asciiStart >= 0 && !isASCII {
			t.ascii[strings.ToLower(s[asciiStart:i])] = struct{}{}
			asciiStart = -1
		}
		switch {
		case unicode.Is(unicode.Han, r):
			if runLen > 0 {
				t.han[[2]rune{prev, r}] = struct{}{}
			}
			prev = r
			runLen++
		default:
			flush()
			if isASCII && asciiStart < 0 {
				asciiStart = i
			}
		}
	}
	flush()
	if asciiStart >= 0 {
		t.ascii[strings.ToLower(s[asciiStart:])] = struct{}{}
	}
}

// Word lists of the generator.
var (
	// departments are Shenzhen municipal departments and bodies, roughly in
	// order of how often they lead or co-handle a proposal (Zipf ranks).
	departments = []string{
		"市民政局", "市卫生健康委员会", "市人力资源和社会保障局", "市财政局", "市教育局", "市医疗保障局",
		"市发展和改革委员会", "市市场监督管理局", "市住房和建设局", "市公安局", "市妇联", "市委政法委",
		"市司法局", "市总工会", "团市委", "市文化广电旅游体育局", "市工业和信息化局", "市规划和自然资源局",
		"市交通运输局", "市生态环境局", "市商务局", "市委组织部", "市地方金融监督管理局", "深圳市税务局",
		"市科技创新委员会", "市城市管理和综合执法局", "市退役军人事务局", "市应急管理局", "市残联",
		"市政务服务数据管理局", "市委宣传部", "市委统战部", "市委社会工作部", "市红十字会", "市水务局",
		"市国有资产监督管理委员会", "市统计局", "市审计局", "市科协", "市委大湾区办", "市港澳办",
		"市外事办公室", "市前海管理局", "市信访局", "市中级人民法院", "市人民检察院", "市侨联", "市文联",
		"市社科联", "市老龄办", "市慈善会", "市义工联", "共青团深圳市委", "市政府办公厅", "市委办公厅",
		"福田区人民政府", "罗湖区人民政府", "南山区人民政府", "宝安区人民政府", "龙岗区人民政府",
		"龙华区人民政府", "坪山区人民政府",
	}
	bodies = []string{
		"九三学社深圳市委会", "民盟深圳市委会", "民革深圳市委会", "民建深圳市委会", "民进深圳市委会",
		"农工党深圳市委会", "致公党深圳市委会", "台盟深圳市委会", "市工商联", "市政协社会和法制委员会",
		"市政协经济委员会", "市政协教科卫体委员会", "市政协人口资源环境委员会", "市政协文化文史和学习委员会",
		"市政协港澳台侨和外事委员会", "市政协提案委员会", "市政协民族和宗教委员会", "社会福利和社会保障界别",
		"医药卫生界别", "教育界别", "经济界别", "科学技术界别", "文化艺术界别", "特邀界别",
		"中国共产党界别", "无党派人士界别", "福田区代表团", "南山区代表团", "宝安区代表团", "龙岗区代表团",
		"罗湖区代表团", "龙华区代表团",
	}
	surnames = []string{
		"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何",
		"高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田",
		"董", "袁", "潘", "于", "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "任", "沈", "姚",
		"卢", "姜", "崔", "钟", "谭", "陆", "汪", "范", "金", "石", "廖", "贾", "夏", "韦", "付", "方", "白",
		"邹", "孟", "熊", "秦", "邱", "江", "尹", "薛", "闫", "段", "雷", "侯", "龙", "史", "陶", "黎", "贺",
		"顾", "毛", "郝", "龚", "邵", "万", "钱", "严", "覃", "武", "戴", "莫", "孔", "向", "汤", "欧阳", "司徒",
	}
	surnameWeights = func() []float64 {
		w := make([]float64, len(surnames))
		for i := range w {
			w[i] = 1 / float64(i+5) // 王 most common, a long tail
		}
		return w
	}()
	givenChars    = strings.Split("伟 芳 娜 敏 静 丽 强 磊 军 洋 勇 艳 杰 娟 涛 明 超 秀 霞 平 刚 桂 英 华 玉 兰 文 建 国 志 红 海 林 晓 春 雪 梅 俊 鹏 飞 宇 浩 欣 婷 佳 颖 思 雨 嘉 琳 晨 子 轩 博 睿 昊 凯 辉 斌 亮 峰 波 宁 琴 慧 莉 岚 荣 德 成 永 东 金 光 新 立 振 晶 燕 萍 云 彬 健 卫 民 庆 安 清 源 远 朝 沛 良 争 曼 荻 豪 亚 雅 蕾 倩 薇 璐 丹 阳 帆 瑞 鑫 怡 蓉 珊 翔 楠 坤 毅 敬 钧 铭 诚 彤 璇 妍 韬 舟 宏 莹 淑 仪", " ")
	titleVerbs    = []string{"加强", "完善", "推进", "加快", "探索", "建立", "支持", "促进", "优化", "规范", "提升", "推动", "深化", "创新", "健全", "大力发展", "加大扶持", "重点支持"}
	titleSuffixes = []string{"体系建设", "工作", "发展", "机制", "模式", "服务", "能力建设", "质量", "保障", "管理", "平台建设", "政策", "试点", "标准化建设", "队伍建设", ""}
	// phraseTemplates: N a dictionary noun, V a dictionary verb, D a policy term.
	phraseTemplates = []string{
		"VN", "加强NV", "推动D与N融合发展", "完善N和N的V机制", "探索NV新模式", "支持N参与D",
		"将N纳入DV范围", "鼓励N开展NV", "建立DN制度", "提高NV水平", "做好NV工作", "加大对N的V力度",
		"依托NVD平台", "积极引导N参与NV", "研究制定NV办法", "统筹NV和D",
	}
)
