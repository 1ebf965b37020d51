package search

import (
	"context"
	"math"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/govreply/precedent/dict"
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
var similarFields = proseFields

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
	// The draft's sentences that many texts share are boilerplate (网友您好,
	// 留言已收悉, 感谢您对…的关注): they weigh nothing. Its own sentences that
	// some texts have too mark a copy or a near copy of it.
	tokens, own := s.draftSentences(text)
	terms := s.keyTerms(tokens, similarTerms)
	resp := &SimilarResponse{Hits: []Hit{}, Terms: []string{}}
	if len(terms) == 0 {
		return resp, nil
	}
	for _, t := range terms {
		resp.Terms = append(resp.Terms, t.text)
	}
	q := s.similarQuery(terms, own)
	s.markAbsent(q)
	sr, err := s.searchQuery(ctx, q, q, Request{Size: r.Size, NoFacets: true, Exclude: exclude})
	if err != nil {
		return nil, err
	}
	resp.Hits = sr.Hits
	resp.TookMS = sr.TookMS
	return resp, nil
}

// Limits of the sentences a draft is read by.
const (
	minSentenceRunes = 8  // shorter sentences say too little to mark a copy
	maxSentences     = 40 // sentences of a draft looked up
	copySentences    = 4  // sentences that mark a copy of the draft
	// boilerplateShare: a sentence in more than this share of the texts
	// (and in boilerplateMin of them) is boilerplate.
	boilerplateShare = 0.002
	boilerplateMin   = 5
)

// draftSentences splits a draft into its sentences and leaves out the
// boilerplate ones: tokens are those of the sentences kept, own the
// draft's longest sentences that some texts have too, as the phrases of
// their words. Each sentence is segmented once.
func (s *Searcher) draftSentences(text string) (tokens []dict.Token, own []query.Query) {
	n := float64(s.DocCount())
	type cand struct {
		runes int
		q     query.Query
	}
	var cands []cand
	for i, sent := range splitSentences(text) {
		runes := utf8.RuneCountInString(sent)
		if i >= maxSentences || runes < minSentenceRunes {
			tokens = append(tokens, s.a.Tokens(sent)...)
			continue
		}
		words, toks := s.a.Analyze(sent)
		t, ok := s.termOfWords(sent, words)
		if !ok {
			continue
		}
		leaves := phraseLeaves(nil, t.pieces, similarFields, 1)
		count := s.countOf("\x00sentence\x00"+t.text, leaves)
		if count >= boilerplateMin && float64(count) > boilerplateShare*n {
			continue // boilerplate
		}
		tokens = append(tokens, toks...)
		if count > 0 {
			cands = append(cands, cand{runes, disjunction(leaves)})
		}
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].runes > cands[j].runes })
	for _, c := range cands[:min(len(cands), copySentences)] {
		own = append(own, c.q)
	}
	return tokens, own
}

// splitSentences splits text at the ends of sentences and lines.
func splitSentences(text string) []string {
	var out []string
	for _, s := range strings.FieldsFunc(text, func(r rune) bool {
		return strings.ContainsRune("。！？!?；;\n", r)
	}) {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// similarQuery finds the texts with any of the key terms in the similar
// fields, ranked by the weight of the key terms they cover (coverageQuery),
// the texts that have more of the draft's own sentences (own) first.
func (s *Searcher) similarQuery(terms []weighted, own []query.Query) *query.BooleanQuery {
	cq := &coverageQuery{units: make([]float64, len(terms))}
	for i, t := range terms {
		tq := term{text: t.text, pieces: []string{t.text}}
		cq.clauses = append(cq.clauses, coverageClause{q: disjunction(tq.leaves(nil, similarFields, t.weight)),
			unit: i, credit: 1, driver: true})
		cq.units[i] = t.weight
		cq.total += t.weight
		cq.postings += t.postings
	}
	for _, o := range own {
		cq.clauses = append(cq.clauses, coverageClause{q: o, unit: -1, tier: true})
		cq.tiered = true
	}
	bq := query.NewBooleanQuery(nil, nil, nil)
	bq.Must = cq
	return bq
}

type weighted struct {
	text     string
	weight   float64
	df       uint64
	postings uint64 // in the similar fields, over all parts
}

// minKeyTerms is how many distinctive words a draft needs before common
// ones are left out.
const minKeyTerms = 3

// keyTerms picks the most distinctive indexed words of a text's tokens: tf
// in the text times idf in the index, summed over the similar fields.
func (s *Searcher) keyTerms(tokens []dict.Token, n int) []weighted {
	tf := map[string]int{}
	for _, tk := range tokens {
		if utf8.RuneCountInString(tk.Term) < 2 || s.a.IsStopWord(tk.Term) || isNumber(tk.Term) {
			continue
		}
		tf[tk.Term]++
	}
	total := float64(s.DocCount())
	if total == 0 {
		return nil
	}
	st := s.statsOf()
	defer st.close()
	var out []weighted
	for t, f := range tf {
		ts := st.get(t)
		df := ts.df
		if df == 0 {
			continue // no indexed text has it: it cannot relate anything
		}
		w := (1 + math.Log(float64(f))) * idf(float64(df), total) * posFactor(s.a.POS(t), utf8.RuneCountInString(t))
		var postings uint64
		for _, f := range similarFields {
			postings += ts.in(f.name)
		}
		out = append(out, weighted{text: t, weight: w, df: df, postings: postings})
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
