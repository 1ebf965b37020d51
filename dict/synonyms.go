package dict

import (
	"fmt"
	"io/fs"
	"os"
	"strings"
)

// A Thesaurus expands query words to the words the texts may use instead:
// 长者 → 老年人, 义工 → 志愿者. It is applied to queries only, so editing it
// needs no reindex.
type Thesaurus struct {
	// expand maps a folded word to the words it also searches, in file order.
	expand map[string][]string
	Groups int // lines read, for logs
}

// ParseThesaurus reads the synonym format: one group a line, words separated
// by spaces, all equivalent ("老年人 长者 老龄人口"); or a one-way entry
// "敬老 => 养老" (the left words also search the right ones, not the
// reverse). "#" starts a comment.
func ParseThesaurus(name, data string, a *Analyzer) (*Thesaurus, error) {
	t := &Thesaurus{expand: map[string][]string{}}
	for line, s := range entries(data) {
		if l, r, ok := strings.Cut(s, "=>"); ok {
			from, to := a.foldAll(strings.Fields(l)), a.foldAll(strings.Fields(r))
			if len(from) == 0 || len(to) == 0 {
				return nil, fmt.Errorf("%s:%d: one-way entry needs words on both sides of =>: %q", name, line, s)
			}
			for _, f := range from {
				t.add(f, to)
			}
		} else {
			words := a.foldAll(strings.Fields(s))
			if len(words) < 2 {
				return nil, fmt.Errorf("%s:%d: a synonym group needs two or more words: %q", name, line, s)
			}
			for _, w := range words {
				t.add(w, words)
			}
		}
		t.Groups++
	}
	return t, nil
}

func (a *Analyzer) foldAll(ws []string) []string {
	out := make([]string, 0, len(ws))
	for _, w := range ws {
		out = append(out, a.Fold(w))
	}
	return out
}

func (t *Thesaurus) add(from string, to []string) {
	have := map[string]bool{from: true}
	for _, w := range t.expand[from] {
		have[w] = true
	}
	for _, w := range to {
		if !have[w] {
			have[w] = true
			t.expand[from] = append(t.expand[from], w)
		}
	}
}

// Expand returns the words a query word (folded) also searches, without the
// word itself; nil when it has none. A nil Thesaurus expands nothing.
func (t *Thesaurus) Expand(word string) []string {
	if t == nil {
		return nil
	}
	return t.expand[word]
}

// Thesaurus returns the thesaurus in use.
func (a *Analyzer) Thesaurus() *Thesaurus {
	a.synonymsM.RLock()
	defer a.synonymsM.RUnlock()
	return a.synonyms
}

// SetThesaurus replaces the thesaurus in use; searches that start after it
// returns use the new one.
func (a *Analyzer) SetThesaurus(t *Thesaurus) {
	a.synonymsM.Lock()
	a.synonyms = t
	a.synonymsM.Unlock()
}

// LoadThesaurusFile reads a synonym file from disk (a deployment's own copy of
// dict/data/synonyms.txt).
func (a *Analyzer) LoadThesaurusFile(path string) (*Thesaurus, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return ParseThesaurus(path, string(data), a)
}

func (a *Analyzer) loadEmbeddedSynonyms() error {
	data, err := fs.ReadFile(dataFS, "data/synonyms.txt")
	if err != nil {
		return err
	}
	t, err := ParseThesaurus("synonyms.txt", string(data), a)
	if err != nil {
		return err
	}
	a.SetThesaurus(t)
	return nil
}
