package search

import (
	"context"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/mozillazg/go-pinyin"

	"github.com/govreply/precedent/dict"
	"github.com/govreply/precedent/indexer"
)

// A Completion is one suggestion for the search box.
type Completion struct {
	Text string `json:"text"`
	Kind string `json:"kind"` // term, title, topic, proposer, department
}

// MaxCompletions is how many completions Suggest returns at most.
const MaxCompletions = 10

// maxTerms bounds the index words kept for completion (the most frequent).
const maxTerms = 50000

// candidate is a completion with its keys: the folded text, its full pinyin
// without spaces (yanglaofuwu) and its initials (ylfw). Pinyin lives only
// here, never in the indexed text, so words that sound alike never match
// each other in a search.
type candidate struct {
	Completion
	folded, full, initials string
	weight                 int
}

type completer struct {
	once  sync.Once
	cands []candidate
}

func (s *Searcher) completions() []candidate {
	s.comp.once.Do(func() { s.comp.cands = s.buildCompletions() })
	return s.comp.cands
}

// buildCompletions collects what the box can complete to: frequent words of
// the titles and suggestions, whole titles, topics, proposers, departments.
func (s *Searcher) buildCompletions() []candidate {
	var out []candidate
	seen := map[string]bool{}
	add := func(text, kind string, weight int) {
		key := kind + "\x00" + text
		if text == "" || seen[key] {
			return
		}
		seen[key] = true
		out = append(out, candidate{Completion: Completion{Text: text, Kind: kind}, weight: weight})
	}
	// fieldTerms calls fn for each term of a field with its document count,
	// summed over the shards.
	fieldTerms := func(field string, fn func(term string, count int)) {
		counts := map[string]int{}
		var order []string
		for _, idx := range s.parts {
			d, err := idx.FieldDict(field)
			if err != nil {
				continue
			}
			for {
				e, err := d.Next()
				if err != nil || e == nil {
					break
				}
				if _, ok := counts[e.Term]; !ok {
					order = append(order, e.Term)
				}
				counts[e.Term] += int(e.Count)
			}
			d.Close()
		}
		for _, t := range order {
			fn(t, counts[t])
		}
	}
	type tc struct {
		term  string
		count int
	}
	var terms []tc
	counts := map[string]int{}
	for _, f := range []string{indexer.FieldTitle, indexer.FieldSuggestion} {
		fieldTerms(f, func(t string, c int) {
			if utf8.RuneCountInString(t) >= 2 && dict.HasHan(t) && !s.a.IsStopWord(t) {
				counts[t] += c
			}
		})
	}
	for t, c := range counts {
		terms = append(terms, tc{t, c})
	}
	sort.Slice(terms, func(i, j int) bool {
		return terms[i].count > terms[j].count || terms[i].count == terms[j].count && terms[i].term < terms[j].term
	})
	if len(terms) > maxTerms {
		terms = terms[:maxTerms]
	}
	for _, t := range terms {
		add(t.term, "term", t.count)
	}
	fieldTerms(indexer.FacetTitle, func(t string, c int) { add(t, "title", c) })
	fieldTerms(indexer.FacetTopic, func(t string, c int) { add(t, "topic", c*4) })
	fieldTerms(indexer.FacetProposer, func(t string, c int) { add(t, "proposer", c*2) })
	fieldTerms(indexer.FacetDepartment, func(t string, c int) { add(t, "department", c*2) })
	py := pinyinKeys{}
	for i := range out {
		c := &out[i]
		c.folded = s.a.Fold(c.Text)
		if c.folded == c.Text {
			c.folded = c.Text // one string kept, not two equal ones
		}
		c.full, c.initials = py.of(c.Text)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].weight > out[j].weight })
	return out
}

// pinyinKeys gives a text's full pinyin without spaces and its initials, as
// pinyin.LazyPinyin joined would, from a cache by character: go-pinyin
// converts one character at a time, at the cost of a few regular-expression
// replacements each, which made building the completions take seconds.
type pinyinKeys map[rune][2]string

func (k pinyinKeys) of(text string) (full, initials string) {
	var f, in strings.Builder
	for _, r := range text {
		p, ok := k[r]
		if !ok {
			args := pinyin.NewArgs()
			first := pinyin.NewArgs()
			first.Style = pinyin.FirstLetter
			ch := string(r)
			p = [2]string{strings.Join(pinyin.LazyPinyin(ch, args), ""), strings.Join(pinyin.LazyPinyin(ch, first), "")}
			k[r] = p
		}
		f.WriteString(p[0])
		in.WriteString(p[1])
	}
	return f.String(), in.String()
}

// Suggest completes what a user has typed: Chinese by prefix (then by
// containment), Latin letters as full pinyin (yanglao) or initials (ylfw).
// Results are ordered by match quality, then by how common they are.
func (s *Searcher) Suggest(ctx context.Context, q string) ([]Completion, error) {
	q = strings.TrimSpace(q)
	if utf8.RuneCountInString(q) > MaxQueryRunes {
		return nil, &RequestError{"q", "too long"}
	}
	out := []Completion{}
	if q == "" {
		return out, nil
	}
	fq := strings.ReplaceAll(s.a.Fold(q), " ", "")
	latin := !dict.HasHan(fq)
	type scored struct {
		c    *candidate
		rank int
	}
	var hits []scored
	cands := s.completions()
	for i := range cands {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		c := &cands[i]
		rank := -1
		switch {
		case strings.HasPrefix(c.folded, fq):
			rank = 0
		case latin && strings.HasPrefix(c.full, fq):
			rank = 1
		case latin && len(fq) >= 2 && strings.HasPrefix(c.initials, fq):
			rank = 2
		case !latin && strings.Contains(c.folded, fq):
			rank = 3
		}
		if rank < 0 || c.folded == fq && c.Kind == "term" {
			continue
		}
		hits = append(hits, scored{c, rank})
	}
	sort.SliceStable(hits, func(i, j int) bool { return hits[i].rank < hits[j].rank })
	seen := map[string]bool{}
	for _, h := range hits {
		if len(out) >= MaxCompletions {
			break
		}
		if seen[h.c.Text] {
			continue
		}
		seen[h.c.Text] = true
		kind := h.c.Kind
		out = append(out, Completion{Text: h.c.Text, Kind: kind})
	}
	return out, nil
}
