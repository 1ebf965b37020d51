package search

import (
	"path/filepath"
	"reflect"
	"testing"

	"github.com/blevesearch/bleve/v2"

	"github.com/govreply/precedent/indexer"
	"github.com/govreply/precedent/record"
)

// waitFacets waits for s's facet table and fails if it could not be built.
func waitFacets(t *testing.T, s *Searcher) *facetTable {
	t.Helper()
	if err := s.Prepared(t.Context()); err != nil {
		t.Fatalf("facet table: %v", err)
	}
	return s.facets[0].table
}

// TestFacetTableMatchesBleve counts facets with the facet table and with
// bleve's doc values for the same requests: the answers must be equal.
func TestFacetTableMatchesBleve(t *testing.T) {
	idx := unmergedSeed(t)
	a := seedIndex.a
	s := newSearcher([]bleve.Index{idx}, indexer.Meta{}, a, 1)
	defer s.Close()
	table := waitFacets(t, s)
	if n := s.DocCount(); table.n < n || n != 70 {
		t.Fatalf("table covers %d documents, index has %d", table.n, n)
	}
	// The same index without a table: facets come from bleve.
	plain := &Searcher{parts: s.parts, partByName: s.partByName, shards: 1, a: s.a, values: s.values}
	for _, tc := range []struct {
		name string
		req  Request
	}{
		{"all documents", Request{}},
		{"one word", Request{Query: "养老"}},
		{"compound", Request{Query: "时间银行"}},
		{"several words", Request{Query: "养老护理人才培养"}},
		{"filtered", Request{Query: "老年", Years: []int{2019}}},
		{"filters only", Request{Years: []int{2019}, Departments: []string{"市民政局"}}},
		{"year range", Request{Query: "养老", YearFrom: 2020}},
		{"two departments", Request{Query: "养老", Departments: []string{"市民政局", "市财政局"}, Leads: []string{"市民政局"}}},
		{"topic and status", Request{Query: "服务", Topics: []string{"养老"}, Statuses: []record.Status{record.Done}}},
		{"selective filter", Request{Query: "服务", Proposers: []string{"房涛"}}},
		{"filter matches nothing", Request{Query: "养老", Proposers: []string{"无此人"}}},
		{"filters without facets", Request{Query: "养老", Years: []int{2019}, NoFacets: true}},
		{"exclusion", Request{Query: "养老 -时间银行"}},
		{"by proposal", Request{Query: "服务", Group: ByProposal}},
		{"few values", Request{Query: "服务", FacetSize: 2}},
		{"no hits", Request{Query: "量子计算机"}},
		{"status filter", Request{Query: "养老", Statuses: []record.Status{record.NotAdopted}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := s.Search(t.Context(), tc.req)
			if err != nil {
				t.Fatal(err)
			}
			want, err := plain.Search(t.Context(), tc.req)
			if err != nil {
				t.Fatal(err)
			}
			if got.Total != want.Total {
				t.Fatalf("total %d, bleve %d", got.Total, want.Total)
			}
			if !reflect.DeepEqual(got.Facets, want.Facets) {
				t.Errorf("facets from the table:\n%v\nfrom bleve:\n%v", got.Facets, want.Facets)
			}
			if !reflect.DeepEqual(ids(got), ids(want)) {
				t.Errorf("hits %v, bleve %v", ids(got), ids(want))
			}
		})
	}
}

// TestFacetCountUsesTable checks that a search counts with the table (and
// does not quietly fall back to bleve).
func TestFacetCountUsesTable(t *testing.T) {
	table := waitFacets(t, seedIndex)
	r := Request{Query: "养老"}
	if err := r.Validate(); err != nil {
		t.Fatal(err)
	}
	hooks := newPartHooks([]*facetTable{table}, r)
	fc := hooks.counts()
	q := seedIndex.buildQuery(r).q
	res, err := seedIndex.collect(t.Context(), bleve.NewSearchRequestOptions(q, 10, 0, false), r, hooks, false)
	if err != nil {
		t.Fatal(err)
	}
	if hooks.miss() {
		t.Fatal("a hit was outside the facet table")
	}
	sum := 0
	for _, v := range fc.values("year", 100, true) {
		sum += v.Count
	}
	if sum != int(res.Total) || sum == 0 {
		t.Errorf("year counts sum to %d, hits %d", sum, res.Total)
	}
}

// unmergedSeed is the seed indexed in small batches and left unmerged
// (indexer.Build merges), read-only: internal numbers run across segment
// boundaries.
func unmergedSeed(t *testing.T) bleve.Index {
	t.Helper()
	path := filepath.Join(t.TempDir(), "idx")
	idx, err := bleve.New(path, indexer.Mapping())
	if err != nil {
		t.Fatal(err)
	}
	a := seedIndex.a
	b := idx.NewBatch()
	for i := range seed {
		p := &seed[i]
		for j := range p.Suggestions {
			sg := &p.Suggestions[j]
			if err := b.Index(record.SuggestionID(p.ID, sg.No), indexer.Document(p, sg, indexer.Topics(a.Topics(), p, sg))); err != nil {
				t.Fatal(err)
			}
			if b.Size() == 9 {
				if err := idx.Batch(b); err != nil {
					t.Fatal(err)
				}
				b.Reset()
			}
		}
	}
	if err := idx.Batch(b); err != nil {
		t.Fatal(err)
	}
	// Served indexes are read-only: no merger renumbers documents.
	if err := idx.Close(); err != nil {
		t.Fatal(err)
	}
	if idx, err = bleve.OpenUsing(path, map[string]any{"read_only": true}); err != nil {
		t.Fatal(err)
	}
	if segs := segments(t, idx); segs < 2 {
		t.Fatalf("%d segment(s): numbering across segments is not exercised", segs)
	}
	return idx
}

// segments is the number of segments of a scorch index.
func segments(t *testing.T, idx bleve.Index) int {
	t.Helper()
	n, err := indexer.Segments(idx)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestFilterChoice checks which way filters are applied: in the facet table
// while the query's matches are collected when the query matches not many
// more postings than the filters allow documents, else joined to the query;
// the hits are the same either way (TestFacetTableMatchesBleve).
func TestFilterChoice(t *testing.T) {
	table := waitFacets(t, seedIndex)
	for _, tc := range []struct {
		name    string
		req     Request
		inTable bool
	}{
		{"browse one year", Request{Years: []int{2019}}, true},
		{"word in a department", Request{Query: "养老", Departments: []string{"市民政局"}}, true},
		{"common word, one proposer", Request{Query: "服务", Proposers: []string{"房涛"}}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := tc.req
			if err := r.Validate(); err != nil {
				t.Fatal(err)
			}
			hooks := newPartHooks([]*facetTable{table}, r)
			b := seedIndex.buildQuery(r)
			q, plain := b.q, b.plain
			req := bleve.NewSearchRequestOptions(filterChoice{filtered: q, plain: plain}, 10, 0, false)
			res, err := seedIndex.collect(t.Context(), req, r, hooks, false)
			if err != nil {
				t.Fatal(err)
			}
			if f := hooks[0].filter; f.on != tc.inTable {
				t.Errorf("filters checked in the table: %v, want %v (table allows %d documents)", f.on, tc.inTable, f.docs)
			}
			want := run(t, Request{Query: tc.req.Query, Years: tc.req.Years, Departments: tc.req.Departments, Proposers: tc.req.Proposers, NoFacets: true})
			if res.Total != want.Total || res.Total == 0 {
				t.Errorf("%d hits, want %d", res.Total, want.Total)
			}
		})
	}
}
