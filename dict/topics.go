package dict

import (
	"fmt"
	"strings"
	"sync"

	ahocorasick "github.com/petar-dambovaliev/aho-corasick"
)

// TopicSep separates a topic from its subtopic in a topic's name: "养老 › 时间银行".
const TopicSep = " › "

// A Topic is one entry of the taxonomy: a name such as "养老" or
// "养老 › 时间银行" and the keywords that assign it.
type Topic struct {
	Name     string
	Parent   string // "" for a top-level topic
	Keywords []string
}

// A Taxonomy assigns topics to texts by keyword. Staff edit the file
// (dict/data/topics.txt) and reindex; no code changes.
type Taxonomy struct {
	Topics []Topic
	a      *Analyzer
	// ac finds every keyword in one pass over a text; pattern i is a
	// keyword of topic kwTopic[i]. It is built on first use: only indexing
	// assigns topics, and a server that only searches never needs it.
	ac       ahocorasick.AhoCorasick
	acOnce   sync.Once
	patterns []string
	kwTopic  []int
	parent   []int // index of each topic's parent, -1 for none
}

// ParseTaxonomy reads the taxonomy format: one topic a line,
// "TOPIC[ › SUBTOPIC]: keyword, keyword, …"; "#" starts a comment.
func ParseTaxonomy(name, data string, a *Analyzer) (*Taxonomy, error) {
	t := &Taxonomy{a: a}
	seen := map[string]bool{}
	for line, s := range entries(data) {
		head, kws, ok := strings.Cut(s, ":")
		if !ok {
			head, kws, ok = strings.Cut(s, "：")
		}
		if !ok {
			return nil, fmt.Errorf("%s:%d: want \"topic: keyword, keyword\", got %q", name, line, s)
		}
		tp := Topic{Name: strings.TrimSpace(head)}
		if p, _, sub := strings.Cut(tp.Name, strings.TrimSpace(TopicSep)); sub {
			parts := strings.Split(tp.Name, strings.TrimSpace(TopicSep))
			if len(parts) != 2 || strings.TrimSpace(parts[0]) == "" || strings.TrimSpace(parts[1]) == "" {
				return nil, fmt.Errorf("%s:%d: topic %q: want \"topic › subtopic\"", name, line, tp.Name)
			}
			tp.Parent = strings.TrimSpace(p)
			tp.Name = tp.Parent + TopicSep + strings.TrimSpace(parts[1])
		}
		if seen[tp.Name] {
			return nil, fmt.Errorf("%s:%d: topic %q listed twice", name, line, tp.Name)
		}
		seen[tp.Name] = true
		for _, k := range strings.FieldsFunc(kws, func(r rune) bool { return r == ',' || r == '，' || r == '、' }) {
			if k = strings.TrimSpace(k); k != "" {
				tp.Keywords = append(tp.Keywords, a.Fold(k))
			}
		}
		if len(tp.Keywords) == 0 {
			return nil, fmt.Errorf("%s:%d: topic %q has no keywords", name, line, tp.Name)
		}
		t.Topics = append(t.Topics, tp)
	}
	for i, tp := range t.Topics {
		if tp.Parent != "" && !seen[tp.Parent] {
			return nil, fmt.Errorf("%s: subtopic %q: parent topic %q is not listed", name, tp.Name, tp.Parent)
		}
		for _, k := range tp.Keywords {
			t.patterns = append(t.patterns, k)
			t.kwTopic = append(t.kwTopic, i)
		}
	}
	index := map[string]int{}
	for i, tp := range t.Topics {
		index[tp.Name] = i
	}
	for _, tp := range t.Topics {
		p := -1
		if tp.Parent != "" {
			p = index[tp.Parent]
		}
		t.parent = append(t.parent, p)
	}
	return t, nil
}

func (t *Taxonomy) matcher() *ahocorasick.AhoCorasick {
	t.acOnce.Do(func() {
		b := ahocorasick.NewAhoCorasickBuilder(ahocorasick.Opts{MatchKind: ahocorasick.StandardMatch, DFA: true})
		t.ac = b.Build(t.patterns)
	})
	return &t.ac
}

// Assign returns the names of the topics whose keywords occur in the given
// texts, parents before their subtopics, each once, in taxonomy order.
// Matching is on folded text, so traditional or full-width forms count.
func (t *Taxonomy) Assign(texts ...string) []string {
	folded := make([]string, len(texts))
	for i, s := range texts {
		folded[i] = t.a.Fold(s)
	}
	hit := make([]bool, len(t.Topics))
	ac := t.matcher()
	for _, s := range folded {
		it := ac.IterOverlapping(s)
		for m := it.Next(); m != nil; m = it.Next() {
			hit[t.kwTopic[m.Pattern()]] = true
		}
	}
	for i := range t.Topics {
		if hit[i] && t.parent[i] >= 0 {
			hit[t.parent[i]] = true
		}
	}
	var out []string
	for i, tp := range t.Topics {
		if hit[i] {
			out = append(out, tp.Name)
		}
	}
	return out
}
