// Package eval measures ranking quality on judged query sets: for each
// query the documents a reader judged, graded 0 (judged not relevant) to 3
// (exactly answers the need), and per engine and query kind nDCG@10,
// precision@10 and recall@100 (recall@10 and precision@5 too), and for needs
// nothing answers how many hits each engine returned.
//
// Two sets are judged: the seed set (testdata/eval/queries.jsonl, grades
// 1-2 on the bundled seed's suggestions) and the real-text set
// (testdata/eval/real_queries.jsonl, grades 0-3 on the records of the
// citizen-message corpus in ../shared/real, split into a dev part and a
// held-out check part); see real.go.
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
	Relevant map[string]int      `json:"relevant"` // id → grade; 0 = judged not relevant
	Note     string              `json:"note,omitempty"`
	Split    string              `json:"split,omitempty"` // "dev", "check" (held out: do not tune on it) or none
}

// MaxGrade is the highest grade: the document exactly answers the need.
const MaxGrade = 3

// RelevantCount is how many judged documents are relevant (grade 1 or more).
func (q Query) RelevantCount() int {
	n := 0
	for _, g := range q.Relevant {
		if g > 0 {
			n++
		}
	}
	return n
}

// Uncovered reports whether nothing answers the need: no judged document
// has a grade above 0.
func (q Query) Uncovered() bool { return q.RelevantCount() == 0 }

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
		for id, g := range q.Relevant {
			if g < 0 || g > MaxGrade {
				return nil, fmt.Errorf("%s:%d: query %q: grade %d of %s is not 0-%d", path, line, q.Query, g, id, MaxGrade)
			}
		}
		out = append(out, q)
	}
	return out, sc.Err()
}

// An Engine answers a judged query with its top k document ids, ranked,
// and the number of documents that match in all.
type Engine interface {
	Name() string
	Search(q Query, k int) (ids []string, total uint64, err error)
}

// Scores are one query's figures. A query nothing answers (Uncovered) has
// no rank figures of its own: the first three count an empty answer as
// perfect and any hit as a failure (the seed set's convention), the others
// are zero, and Returned says how many hits came back.
type Scores struct {
	Recall10    float64 // share of the relevant ids in the top 10 (of min(10, relevant))
	Precision5  float64 // share of the top 5 that is relevant (of min(5, relevant) for small sets)
	NDCG10      float64
	Precision10 float64 // share of the top 10 that is relevant (of min(10, relevant) for small sets)
	Recall100   float64 // share of the relevant ids in the top 100 (of min(100, relevant))
	FalseHits   int     // hits returned for a query that should find nothing
	Returned    int     // hits returned (at most SearchDepth)
	Total       uint64  // documents matching, as the engine counts them
	RelevantAll int     // judged relevant (grade 1 or more)
}

// SearchDepth is how many hits Run asks each engine for: recall@100 needs
// the top 100.
const SearchDepth = 100

// Evaluate scores ranked ids against q's judgments; Total is left to the
// caller. Only grades above 0
// count as relevant: a grade-0 judgment counts in no denominator and adds
// nothing to the gain.
func Evaluate(q Query, ids []string) Scores {
	n := q.RelevantCount()
	s := Scores{Returned: len(ids), RelevantAll: n}
	if n == 0 {
		s.FalseHits = len(ids)
		if len(ids) == 0 {
			s.Recall10, s.Precision5, s.NDCG10 = 1, 1, 1
		}
		return s
	}
	found := func(k int) int {
		c := 0
		for i := 0; i < len(ids) && i < k; i++ {
			if q.Relevant[ids[i]] > 0 {
				c++
			}
		}
		return c
	}
	s.Recall10 = float64(found(10)) / float64(min(n, 10))
	s.Precision5 = float64(found(5)) / float64(min(n, 5))
	s.Precision10 = float64(found(10)) / float64(min(n, 10))
	s.Recall100 = float64(found(100)) / float64(min(n, 100))
	gain := func(g int) float64 { return math.Pow(2, float64(g)) - 1 }
	dcg := 0.0
	for i := 0; i < len(ids) && i < 10; i++ {
		dcg += gain(q.Relevant[ids[i]]) / math.Log2(float64(i+2))
	}
	var grades []int
	for _, g := range q.Relevant {
		if g > 0 {
			grades = append(grades, g)
		}
	}
	sort.Sort(sort.Reverse(sort.IntSlice(grades)))
	idcg := 0.0
	for i := 0; i < len(grades) && i < 10; i++ {
		idcg += gain(grades[i]) / math.Log2(float64(i+2))
	}
	s.NDCG10 = dcg / idcg
	return s
}

// A QueryResult is one engine's answer to one query.
type QueryResult struct {
	Query  Query
	IDs    []string
	Scores Scores
}

// A Summary averages Scores over queries.
type Summary struct {
	Queries int
	// Means over all the queries, an empty answer to an uncovered need
	// counting 1 and any answer 0 (the seed set's figures and baseline).
	Recall10, Precision5, NDCG float64
	// Means over the queries something answers.
	Covered                        int
	NDCG10, Precision10, Recall100 float64
	// The documents matching (Scores.Total) the queries nothing answers.
	Uncovered int
	HitsMean  float64
	HitsMax   uint64
}

// Summarize averages the results' scores.
func Summarize(results []QueryResult) Summary {
	var s Summary
	var hits uint64
	for _, r := range results {
		sc := r.Scores
		s.Queries++
		s.Recall10 += sc.Recall10
		s.Precision5 += sc.Precision5
		s.NDCG += sc.NDCG10
		if r.Query.Uncovered() {
			s.Uncovered++
			hits += sc.Total
			s.HitsMax = max(s.HitsMax, sc.Total)
			continue
		}
		s.Covered++
		s.NDCG10 += sc.NDCG10
		s.Precision10 += sc.Precision10
		s.Recall100 += sc.Recall100
	}
	if s.Queries > 0 {
		n := float64(s.Queries)
		s.Recall10, s.Precision5, s.NDCG = s.Recall10/n, s.Precision5/n, s.NDCG/n
	}
	if s.Covered > 0 {
		n := float64(s.Covered)
		s.NDCG10, s.Precision10, s.Recall100 = s.NDCG10/n, s.Precision10/n, s.Recall100/n
	}
	if s.Uncovered > 0 {
		s.HitsMean = float64(hits) / float64(s.Uncovered)
	}
	return s
}

// A Report is one engine's results over the query set.
type Report struct {
	Engine  string
	Results []QueryResult
	ByKind  map[string]Summary
	All     Summary
}

// Run runs every query on the engine, asking for SearchDepth hits, and
// scores it.
func Run(e Engine, qs []Query) (*Report, error) {
	r := &Report{Engine: e.Name()}
	for _, q := range qs {
		ids, total, err := e.Search(q, SearchDepth)
		if err != nil {
			return nil, fmt.Errorf("%s: query %q: %w", e.Name(), q.Query, err)
		}
		sc := Evaluate(q, ids)
		sc.Total = total
		r.Results = append(r.Results, QueryResult{Query: q, IDs: ids, Scores: sc})
	}
	r.ByKind, r.All = r.Summaries("")
	return r, nil
}

// Summaries summarizes the results by query kind and over all, of the
// queries of one split ("" for all of them).
func (r *Report) Summaries(split string) (byKind map[string]Summary, all Summary) {
	groups := map[string][]QueryResult{}
	var every []QueryResult
	for _, res := range r.Results {
		if split != "" && res.Query.Split != split {
			continue
		}
		groups[res.Query.Kind] = append(groups[res.Query.Kind], res)
		every = append(every, res)
	}
	byKind = map[string]Summary{}
	for k, g := range groups {
		byKind[k] = Summarize(g)
	}
	return byKind, Summarize(every)
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

// Splits returns the splits the reports' queries are marked with, sorted;
// none when no query is marked.
func Splits(rs ...*Report) []string {
	seen := map[string]bool{}
	for _, r := range rs {
		for _, res := range r.Results {
			if res.Query.Split != "" {
				seen[res.Query.Split] = true
			}
		}
	}
	var out []string
	for k := range seen {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Print writes the reports side by side: for each split the queries are
// marked with and then for all queries, a table by query kind of nDCG@10,
// P@10 and R@100 over the needs something answers and, for the needs
// nothing answers, the mean and most documents matching, and the first
// report against the last need by need (PairNDCG); then each engine's
// worst queries.
func Print(w io.Writer, worst int, rs ...*Report) {
	if len(rs) == 0 {
		return
	}
	for _, split := range append(Splits(rs...), "") {
		if split != "" {
			fmt.Fprintf(w, "split %s:\n", split)
		} else if len(Splits(rs...)) > 0 {
			fmt.Fprintf(w, "all:\n")
		}
		printTable(w, split, rs)
		printPaired(w, split, rs)
		fmt.Fprintln(w)
	}
	for _, r := range rs {
		printWorst(w, worst, r)
	}
}

const cellWidth = 32

func printTable(w io.Writer, split string, rs []*Report) {
	fmt.Fprintf(w, "%-12s %5s", "kind", "n")
	for _, r := range rs {
		fmt.Fprintf(w, " | %-*s", cellWidth, r.Engine+" nDCG@10 P@10 R@100")
	}
	fmt.Fprintln(w)
	sums := make([]map[string]Summary, len(rs))
	alls := make([]Summary, len(rs))
	for i, r := range rs {
		sums[i], alls[i] = r.Summaries(split)
	}
	row := func(label string, n int, get func(i int) Summary, uncovered bool) {
		fmt.Fprintf(w, "%-12s %5d", label, n)
		for i := range rs {
			s := get(i)
			cell := fmt.Sprintf("%.3f   %.3f %.3f", s.NDCG10, s.Precision10, s.Recall100)
			if uncovered {
				cell = fmt.Sprintf("hits mean %.0f max %d", s.HitsMean, s.HitsMax)
			}
			fmt.Fprintf(w, " | %-*s", cellWidth, cell)
		}
		fmt.Fprintln(w)
	}
	for _, k := range Kinds(rs...) {
		s, ok := sums[0][k]
		if !ok {
			continue
		}
		if s.Covered > 0 {
			row(k, s.Covered, func(i int) Summary { return sums[i][k] }, false)
		}
		if s.Uncovered > 0 {
			label := k
			if s.Covered > 0 {
				label = k + " (none)"
			}
			row(label, s.Uncovered, func(i int) Summary { return sums[i][k] }, true)
		}
	}
	row("ALL", alls[0].Covered, func(i int) Summary { return alls[i] }, false)
	if alls[0].Uncovered > 0 {
		row("ALL (none)", alls[0].Uncovered, func(i int) Summary { return alls[i] }, true)
	}
}

// printWorst lists the engine's lowest-scoring answered needs and the
// unanswerable needs it returned the most hits for.
func printWorst(w io.Writer, worst int, r *Report) {
	if worst <= 0 {
		return
	}
	var covered, empty []QueryResult
	for _, res := range r.Results {
		if res.Query.Uncovered() {
			empty = append(empty, res)
		} else {
			covered = append(covered, res)
		}
	}
	sort.SliceStable(covered, func(i, j int) bool { return covered[i].Scores.NDCG10 < covered[j].Scores.NDCG10 })
	sort.SliceStable(empty, func(i, j int) bool { return empty[i].Scores.Total > empty[j].Scores.Total })
	fmt.Fprintf(w, "\nworst queries, %s:\n", r.Engine)
	for i := 0; i < worst && i < len(covered); i++ {
		q := covered[i]
		if q.Scores.NDCG10 >= 1 {
			break
		}
		top := q.IDs
		if len(top) > 5 {
			top = top[:5]
		}
		fmt.Fprintf(w, "  nDCG %.3f  %-11s %-16s top: %s\n", q.Scores.NDCG10, q.Query.Kind, q.Query.Query, strings.Join(top, " "))
	}
	for i := 0; i < worst && i < len(empty); i++ {
		q := empty[i]
		if q.Scores.Total == 0 {
			break
		}
		fmt.Fprintf(w, "  %5d hits %-11s %s (nothing answers it)\n", q.Scores.Total, q.Query.Kind, q.Query.Query)
	}
}
