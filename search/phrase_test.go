package search

import (
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/govreply/precedent/indexer"
)

// TestPhraseAsBleve checks the phrase searcher against bleve's on the
// seed: phrases of the words that stand in a row in random texts (with a
// gap now and then), and of words of one text taken apart, each searched
// in every field both ways must find the same documents with the same
// scores and the same match positions.
func TestPhraseAsBleve(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 15))
	var texts []string
	for _, p := range seed {
		for _, sg := range p.Suggestions {
			texts = append(texts, p.Title, sg.Text, sg.Reply.Done, sg.Reply.NotAdopted)
		}
	}
	var phrases [][]string
	for len(phrases) < 300 {
		toks := seedIndex.a.Tokens(texts[rng.IntN(len(texts))])
		if len(toks) < 4 {
			continue
		}
		byPos := map[int][]string{}
		for _, tk := range toks {
			byPos[tk.Position] = append(byPos[tk.Position], tk.Term)
		}
		start := toks[rng.IntN(len(toks))]
		phrase := []string{start.Term}
		for k, n := 1, 1+rng.IntN(3); k <= n; k++ {
			at := byPos[start.Position+k]
			switch {
			case len(at) == 0:
			case k < n && rng.IntN(5) == 0:
				phrase = append(phrase, "") // a gap
			default:
				phrase = append(phrase, at[rng.IntN(len(at))])
			}
		}
		if len(phrase) > 1 {
			phrases = append(phrases, phrase)
		}
		// Words of the text that may stand apart.
		phrases = append(phrases, []string{toks[rng.IntN(len(toks))].Term, toks[rng.IntN(len(toks))].Term})
	}
	fields := append(append([]string{}, indexer.TextFields...), indexer.FieldProposer, indexer.FieldDepartments)
	found := 0
	for _, ph := range phrases {
		for _, f := range fields {
			ours := newPhrase(ph, f, 1.5)
			theirs := query.NewPhraseQuery(ph, f)
			theirs.SetBoost(1.5)
			for _, part := range seedIndex.parts {
				a, b := phraseHits(t, part, ours), phraseHits(t, part, theirs)
				if !reflect.DeepEqual(a, b) {
					t.Fatalf("phrase %q in %s: ours %+v, bleve's %+v", ph, f, a, b)
				}
				found += len(a)
			}
		}
	}
	t.Logf("found %d", found)
	if found < 500 {
		t.Fatalf("the phrases found %d documents in all: too few to compare", found)
	}
}

type phraseHit struct {
	id        string
	score     float64
	locations map[string]map[string][]uint64
}

func phraseHits(t *testing.T, idx bleve.Index, q query.Query) []phraseHit {
	t.Helper()
	req := bleve.NewSearchRequestOptions(q, 1000, 0, false)
	req.IncludeLocations = true
	res, err := idx.Search(req)
	if err != nil {
		t.Fatal(err)
	}
	var out []phraseHit
	for _, h := range res.Hits {
		ph := phraseHit{id: h.ID, score: h.Score, locations: map[string]map[string][]uint64{}}
		for f, tlm := range h.Locations {
			ph.locations[f] = map[string][]uint64{}
			for term, locs := range tlm {
				for _, l := range locs {
					ph.locations[f][term] = append(ph.locations[f][term], l.Pos, l.Start, l.End)
				}
			}
		}
		out = append(out, ph)
	}
	return out
}
