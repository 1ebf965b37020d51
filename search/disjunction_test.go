package search

import (
	"bufio"
	"context"
	"encoding/json"
	"math"
	"os"
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
)

// TestDisjunctionScoresAsBleve checks that the searcher's queries, whose
// disjunctions are searched by disjunctionSearcher, match the documents
// the same queries match with bleve's disjunctions, with the same scores
// and match positions: the judged queries, the other shapes of query
// (phrases, exclusions, fields, filters) and similar drafts, on the seed.
func TestDisjunctionScoresAsBleve(t *testing.T) {
	qs := testQueries(t)
	compared := 0
	for _, b := range qs {
		got, want := matches(t, b.q), matches(t, bleveQuery(b.q))
		if len(got) != len(want) {
			t.Errorf("%s: %d matches, bleve's disjunctions %d", b.name, len(got), len(want))
			continue
		}
		for id, w := range want {
			g, ok := got[id]
			switch {
			case !ok:
				t.Errorf("%s: %s not matched", b.name, id)
			case math.Abs(g.score-w.score) > 1e-9*math.Abs(w.score):
				t.Errorf("%s: %s scores %v, with bleve's disjunctions %v", b.name, id, g.score, w.score)
			case !slices.Equal(g.locations, w.locations):
				t.Errorf("%s: %s matches at\n%v\nwith bleve's disjunctions at\n%v", b.name, id, g.locations, w.locations)
			}
		}
		compared += len(want)
	}
	if compared < 500 {
		t.Errorf("only %d matches compared", compared)
	}
}

// A namedQuery is a query built by the searcher, named for test messages.
type namedQuery struct {
	name string
	q    query.Query
}

// testQueries are the queries the searcher builds for the judged queries
// (and their highlight queries), for the other shapes of query (phrases,
// exclusions, fields, filters, traditional script) and for similar drafts.
func testQueries(t *testing.T) []namedQuery {
	t.Helper()
	var rs []Request
	f, err := os.Open("../testdata/eval/queries.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var jq struct{ Query string }
		if err := json.Unmarshal(sc.Bytes(), &jq); err != nil {
			t.Fatal(err)
		}
		rs = append(rs, Request{Query: jq.Query})
	}
	if len(rs) < 20 {
		t.Fatalf("%d judged queries", len(rs))
	}
	rs = append(rs,
		Request{Query: `"居家养老" -托育 服务`},
		Request{Query: "title:养老 reply:护理 人才"},
		Request{Query: "养老护理人才培养", Years: []int{2019}, Departments: []string{"市民政局"}},
		Request{Query: "時間銀行 志愿者"},
	)
	var qs []namedQuery
	for _, r := range rs {
		b := seedIndex.buildQuery(r)
		q, hl := b.q, b.hl
		qs = append(qs, namedQuery{r.Query, q})
		if hl != nil {
			qs = append(qs, namedQuery{r.Query + " (highlight)", hl})
		}
	}
	for i := 0; i < len(seed) && i < 10; i++ {
		s := seed[i].Suggestions[0]
		text := seed[i].Title + s.Text + s.Reply.Done + s.Reply.InProgress
		qs = append(qs, namedQuery{"similar to " + seed[i].ID, seedIndex.similarQuery(seedIndex.keyTerms(seedIndex.a.Tokens(text), similarTerms), nil)})
	}
	return qs
}

type scored struct {
	score     float64
	locations []string
}

// matches runs q on the seed index with match positions: each match's
// score and positions (sorted), by id.
func matches(t *testing.T, q query.Query) map[string]scored {
	t.Helper()
	req := bleve.NewSearchRequestOptions(q, 1000, 0, false)
	req.IncludeLocations = true
	res, err := seedIndex.parts[0].SearchInContext(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]scored{}
	for _, dm := range res.Hits {
		out[dm.ID] = scored{dm.Score, locations(dm)}
	}
	return out
}

// bleveQuery is q with bleve's disjunctions for anyOf's.
func bleveQuery(q query.Query) query.Query {
	all := func(qs []query.Query) []query.Query {
		out := make([]query.Query, len(qs))
		for i, q := range qs {
			out[i] = bleveQuery(q)
		}
		return out
	}
	switch q := q.(type) {
	case absentQuery:
		return q.TermQuery
	case exactPhrase:
		return q.PhraseQuery
	case disjunctionQuery:
		return query.NewDisjunctionQuery(all(q.Disjuncts))
	case *query.DisjunctionQuery:
		return query.NewDisjunctionQuery(all(q.Disjuncts))
	case *query.ConjunctionQuery:
		return query.NewConjunctionQuery(all(q.Conjuncts))
	case *query.BooleanQuery:
		b := *q
		for _, sub := range []*query.Query{&b.Must, &b.Should, &b.MustNot} {
			if *sub != nil {
				*sub = bleveQuery(*sub)
			}
		}
		return &b
	case filterChoice:
		return bleveQuery(q.filtered)
	case *coverageQuery:
		// Its own scoring, over clauses that score as bleve's.
		c := *q
		c.clauses = slices.Clone(q.clauses)
		for i := range c.clauses {
			c.clauses[i].q = bleveQuery(c.clauses[i].q)
		}
		return &c
	}
	return q
}

// TestQueryFields checks that the fields of the searcher's queries are found
// through its own query types, as global scoring over shards needs them.
func TestQueryFields(t *testing.T) {
	r := Request{Query: "养老 title:护理", Years: []int{2019}}
	b := seedIndex.buildQuery(r)
	q, plain := b.q, b.plain
	for _, tc := range []struct {
		name string
		q    query.Query
		want []string
	}{
		{"query", q, []string{"title", "suggestion", "done", "in_progress", "planned", "not_adopted", "proposer", "departments", "year"}},
		{"filtered or not", vectorsIfFew{filterChoice{filtered: q, plain: plain}, 10}, []string{"title", "suggestion", "year"}},
		{"similar", seedIndex.similarQuery([]weighted{{text: "养老", weight: 1}}, nil), []string{"title", "suggestion", "done", "not_adopted"}},
	} {
		fs, err := queryFields(tc.q, seedIndex.parts[0].Mapping(), bsearch.NewFieldSet())
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range tc.want {
			if _, ok := fs[f]; !ok {
				t.Errorf("%s: fields %v lack %s", tc.name, fs, f)
			}
		}
	}
}
