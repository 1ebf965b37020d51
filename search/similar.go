package search

import (
	"context"
	"math"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
)

// Limits of a similar search.
const (
	MaxDraftRunes = 20000 // characters of a pasted draft
	similarTerms  = 16    // key terms a draft is reduced to
)

// A SimilarRequest asks for the suggestions most related to a draft text or
// to an indexed suggestion (ID), which is then left out.
type SimilarRequest struct {
	Text string
	ID   string
	Size int // 0 = 5
}

// A SimilarResponse is the related suggestions and the key terms used.
type SimilarResponse struct {
	Hits   []Hit    `json:"hits"`
	Terms  []string `json:"terms"`
	TookMS float64  `json:"took_ms"`
}

// similarFields are where a draft's key terms are weighed and looked for.
var similarFields = allFields[:6]

// Similar finds the suggestions whose texts share the most distinctive
// words with a draft (more-like-this): the draft's words are weighed by
// their frequency in it and their rarity in the index (tf·idf, from the
// index's own statistics, so domain words count), the top ones searched.
func (s *Searcher) Similar(ctx context.Context, r SimilarRequest) (*SimilarResponse, error) {
	if r.Size == 0 {
		r.Size = 5
	}
	if r.Size < 0 || r.Size > MaxSize {
		return nil, &RequestError{"size", "must be between 1 and 100"}
	}
	text := r.Text
	var exclude []string
	if r.ID != "" {
		p, err := s.Document(ctx, r.ID)
		if err != nil {
			return nil, err
		}
		sg := p.Suggestions[0]
		text = strings.Join([]string{p.Title, sg.Text, sg.Reply.Done, sg.Reply.InProgress, sg.Reply.Planned, sg.Reply.NotAdopted, sg.Reply.Letter}, "\n")
		exclude = []string{r.ID}
	}
	if strings.TrimSpace(text) == "" {
		return nil, &RequestError{"text", "empty: paste the draft to compare"}
	}
	if n := utf8.RuneCountInString(text); n > MaxDraftRunes {
		return nil, &RequestError{"text", "too long: at most 20000 characters"}
	}
	terms := s.keyTerms(text, similarTerms)
	resp := &SimilarResponse{Hits: []Hit{}, Terms: []string{}}
	if len(terms) == 0 {
		return resp, nil
	}
	for _, t := range terms {
		resp.Terms = append(resp.Terms, t.text)
	}
	q := similarQuery(terms)
	sr, err := s.searchQuery(ctx, q, q, Request{Size: r.Size, NoFacets: true, Exclude: exclude})
	if err != nil {
		return nil, err
	}
	resp.Hits = sr.Hits
	resp.TookMS = sr.TookMS
	return resp, nil
}

// similarQuery finds the texts with any of the key terms in the similar
// fields, each term weighed.
func similarQuery(terms []weighted) *query.BooleanQuery {
	var should []query.Query
	for _, t := range terms {
		tq := term{text: t.text, pieces: []string{t.text}}
		should = append(should, disjunction(tq.leaves(nil, similarFields, t.weight)))
	}
	bq := query.NewBooleanQuery(nil, nil, nil)
	bq.Must = anyOf(should)
	return bq
}

type weighted struct {
	text   string
	weight float64
	df     uint64
}

// minKeyTerms is how many distinctive words a draft needs before common
// ones are left out.
const minKeyTerms = 3

// keyTerms picks a text's most distinctive indexed words: tf in the text
// times idf in the index, summed over the similar fields.
func (s *Searcher) keyTerms(text string, n int) []weighted {
	tf := map[string]int{}
	for _, tk := range s.a.Tokens(text) {
		if utf8.RuneCountInString(tk.Term) < 2 || s.a.IsStopWord(tk.Term) || isNumber(tk.Term) {
			continue
		}
		tf[tk.Term]++
	}
	total := float64(s.DocCount())
	if total == 0 {
		return nil
	}
	var readers []index.IndexReader
	defer func() {
		for _, ir := range readers {
			ir.Close()
		}
	}()
	var out []weighted
	for t, f := range tf {
		df, ok := s.dfs.get(t)
		if !ok {
			if readers == nil {
				readers = s.readers()
			}
			df = docFreq(readers, t)
			s.dfs.put(t, df)
		}
		if df == 0 {
			continue // no indexed text has it: it cannot relate anything
		}
		idf := math.Log(1 + (total-float64(df)+0.5)/(float64(df)+0.5))
		out = append(out, weighted{text: t, weight: (1 + math.Log(float64(f))) * idf, df: df})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].weight != out[j].weight {
			return out[i].weight > out[j].weight
		}
		return out[i].text < out[j].text
	})
	// Words in more than a quarter of the index relate everything to
	// everything and make the search scan most of it: leave them out while
	// enough distinctive words remain.
	var distinctive []weighted
	for _, w := range out {
		if w.df*4 <= uint64(total) {
			distinctive = append(distinctive, w)
		}
	}
	if len(distinctive) >= minKeyTerms {
		out = distinctive
	}
	if len(out) > n {
		out = out[:n]
	}
	// Normalise so the best term weighs 1.
	if len(out) > 0 && out[0].weight > 0 {
		top := out[0].weight
		for i := range out {
			out[i].weight /= top
		}
	}
	return out
}

func isNumber(s string) bool {
	for _, r := range s {
		if (r < '0' || r > '9') && r != '.' {
			return false
		}
	}
	return true
}

// readers opens a reader of each part.
func (s *Searcher) readers() []index.IndexReader {
	var out []index.IndexReader
	for _, idx := range s.parts {
		if ir, err := reader(idx); err == nil {
			out = append(out, ir)
		}
	}
	return out
}

// docFreq is the number of documents holding t in the similar field where
// it is most frequent.
func docFreq(readers []index.IndexReader, t string) uint64 {
	df := uint64(0)
	for _, fld := range similarFields {
		n := uint64(0)
		for _, ir := range readers {
			tfr, err := ir.TermFieldReader(context.Background(), []byte(t), fld.name, false, false, false)
			if err != nil {
				continue
			}
			n += tfr.Count()
			tfr.Close()
		}
		df = max(df, n)
	}
	return df
}

// maxCachedDFs bounds the document frequencies a searcher remembers.
const maxCachedDFs = 1 << 18

// A dfCache remembers the document frequencies of terms: the index is read
// only, so they never change while it is open.
type dfCache struct {
	mu sync.RWMutex
	m  map[string]uint64
}

func (c *dfCache) get(t string) (uint64, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	df, ok := c.m[t]
	return df, ok
}

func (c *dfCache) put(t string, df uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[string]uint64{}
	}
	if len(c.m) < maxCachedDFs {
		c.m[t] = df
	}
}
