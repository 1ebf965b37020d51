// Package eval measures ranking quality on a judged query set: for each
// query the suggestions a reader judged relevant (grade 2) or partly
// relevant (grade 1), and per engine recall@10, precision@5 and nDCG@10 by
// query kind.
package eval

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"sort"
	"strings"
)

// A Query is one judged query.
type Query struct {
	Query    string              `json:"query"`
	Kind     string              `json:"kind"`
	Filters  map[string][]string `json:"filters"`
	Relevant map[string]int      `json:"relevant"`
	Note     string              `json:"note,omitempty"`
}

// LoadQueries reads a judged query set in JSON Lines from a file.
func LoadQueries(path string) ([]Query, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadQueries(f, path)
}

// ReadQueries reads a judged query set in JSON Lines; path names it in errors.
func ReadQueries(r io.Reader, path string) ([]Query, error) {
	var out []Query
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		s := strings.TrimSpace(sc.Text())
		if s == "" {
			continue
		}
		var q Query
		if err := json.Unmarshal([]byte(s), &q); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, line, err)
		}
		out = append(out, q)
	}
	return out, sc.Err()
}

// An Engine answers a judged query with ranked suggestion ids.
type Engine interface {
	Name() string
	Search(q Query, k int) ([]string, error)
}

// Scores are one query's figures.
type Scores struct {
	Recall10    float64 // share of relevant ids in the top 10
	Precision5  float64 // share of the top 5 that is relevant (of min(5, relevant) for small sets)
	NDCG10      float64
	FalseHits   int // hits returned for a query that should find nothing
	Returned    int
	RelevantAll int
}

// Evaluate scores ranked ids against q's judgments.
func Evaluate(q Query, ids []string) Scores {
	s := Scores{Returned: len(ids), RelevantAll: len(q.Relevant)}
	if len(q.Relevant) == 0 {
		s.FalseHits = len(ids)
		if len(ids) == 0 {
			s.Recall10, s.Precision5, s.NDCG10 = 1, 1, 1
		}
		return s
	}
	found := 0
	for i, id := range ids {
		if i >= 10 {
			break
		}
		if q.Relevant[id] > 0 {
			found++
		}
	}
	s.Recall10 = float64(found) / float64(min(len(q.Relevant), 10))
	rel5 := 0
	for i := 0; i < len(ids) && i < 5; i++ {
		if q.Relevant[ids[i]] > 0 {
			rel5++
		}
	}
	s.Precision5 = float64(rel5) / float64(min(5, len(q.Relevant)))
	dcg := 0.0
	for i := 0; i < len(ids) && i < 10; i++ {
		g := q.Relevant[ids[i]]
		dcg += (math.Pow(2, float64(g)) - 1) / math.Log2(float64(i+2))
	}
	var grades []int
	for _, g := range q.Relevant {
		grades = append(grades, g)
	}
	sort.Sort(sort.Reverse(sort.IntSlice(grades)))
	idcg := 0.0
	for i := 0; i < len(grades) && i < 10; i++ {
		idcg += (math.Pow(2, float64(grades[i])) - 1) / math.Log2(float64(i+2))
	}
	if idcg > 0 {
		s.NDCG10 = dcg / idcg
	}
	return s
}

// A QueryResult is one engine's answer to one query.
type QueryResult struct {
	Query  Query
	IDs    []string
	Scores Scores
}

// Summary averages Scores over queries.
type Summary struct {
	Queries                    int
	Recall10, Precision5, NDCG float64
}

// A Report is one engine's results over the query set.
type Report struct {
	Engine  string
	Results []QueryResult
	ByKind  map[string]Summary
	All     Summary
}

// Run runs every query on the engine and scores it.
func Run(e Engine, qs []Query) (*Report, error) {
	r := &Report{Engine: e.Name(), ByKind: map[string]Summary{}}
	for _, q := range qs {
		ids, err := e.Search(q, 10)
		if err != nil {
			return nil, fmt.Errorf("%s: query %q: %w", e.Name(), q.Query, err)
		}
		r.Results = append(r.Results, QueryResult{Query: q, IDs: ids, Scores: Evaluate(q, ids)})
	}
	sums := map[string]*Summary{}
	all := &Summary{}
	for _, res := range r.Results {
		for _, s := range []*Summary{all, sums[res.Query.Kind]} {
			if s == nil {
				s = &Summary{}
				sums[res.Query.Kind] = s
			}
			s.Queries++
			s.Recall10 += res.Scores.Recall10
			s.Precision5 += res.Scores.Precision5
			s.NDCG += res.Scores.NDCG10
		}
	}
	avg := func(s *Summary) Summary {
		n := float64(max(s.Queries, 1))
		return Summary{Queries: s.Queries, Recall10: s.Recall10 / n, Precision5: s.Precision5 / n, NDCG: s.NDCG / n}
	}
	for k, s := range sums {
		r.ByKind[k] = avg(s)
	}
	r.All = avg(all)
	return r, nil
}

// Kinds returns the query kinds of the reports, sorted.
func Kinds(rs ...*Report) []string {
	seen := map[string]bool{}
	for _, r := range rs {
		for k := range r.ByKind {
			seen[k] = true
		}
	}
	var out []string
	for k := range seen {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Print writes the reports side by side, then each engine's worst queries.
func Print(w io.Writer, worst int, rs ...*Report) {
	fmt.Fprintf(w, "%-12s %5s", "kind", "n")
	for _, r := range rs {
		fmt.Fprintf(w, " | %-28s", r.Engine+" R@10  P@5  nDCG@10")
	}
	fmt.Fprintln(w)
	line := func(kind string, get func(*Report) Summary) {
		n := get(rs[0]).Queries
		fmt.Fprintf(w, "%-12s %5d", kind, n)
		for _, r := range rs {
			s := get(r)
			fmt.Fprintf(w, " | %-28s", fmt.Sprintf("%.3f %.3f %.3f", s.Recall10, s.Precision5, s.NDCG))
		}
		fmt.Fprintln(w)
	}
	for _, k := range Kinds(rs...) {
		line(k, func(r *Report) Summary { return r.ByKind[k] })
	}
	line("ALL", func(r *Report) Summary { return r.All })
	for _, r := range rs {
		res := append([]QueryResult{}, r.Results...)
		sort.SliceStable(res, func(i, j int) bool { return res[i].Scores.NDCG10 < res[j].Scores.NDCG10 })
		fmt.Fprintf(w, "\nworst queries, %s:\n", r.Engine)
		for i := 0; i < worst && i < len(res); i++ {
			q := res[i]
			if q.Scores.NDCG10 >= 1 {
				break
			}
			top := q.IDs
			if len(top) > 5 {
				top = top[:5]
			}
			fmt.Fprintf(w, "  nDCG %.3f  %-10s %-16s top: %s\n", q.Scores.NDCG10, q.Query.Kind, q.Query.Query, strings.Join(top, " "))
		}
	}
}
