package search

import (
	"context"
	"reflect"
	"testing"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
)

// TestStoredDocsLoadAsBleve checks that hits loaded from their segments
// (storedDocs) get the stored fields and fragments bleve's own loading
// gives them: for the fields the searcher shows, for all stored fields, and
// with and without highlights, in an index of one segment and of several.
func TestStoredDocsLoadAsBleve(t *testing.T) {
	unmerged := unmergedSeed(t)
	defer unmerged.Close()
	for _, part := range []struct {
		name string
		idx  bleve.Index
	}{
		{"one segment", seedIndex.parts[0]},
		{"several segments", unmerged},
	} {
		t.Run(part.name, func(t *testing.T) { storedDocsAsBleve(t, part.idx) })
	}
}

func storedDocsAsBleve(t *testing.T, part bleve.Index) {
	ctx := context.Background()
	r, err := reader(part)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	sd, ok := newStoredDocs(r, keywordValues(part))
	if !ok {
		t.Fatal("not a scorch index")
	}
	hl, err := bleve.Config.Cache.HighlighterNamed(HighlighterName)
	if err != nil {
		t.Fatal(err)
	}
	// hits runs q with match positions, afresh: highlighting changes them.
	hits := func(t *testing.T, q query.Query) []*bsearch.DocumentMatch {
		req := bleve.NewSearchRequestOptions(q, 100, 0, false)
		req.IncludeLocations = true
		res, err := part.SearchInContext(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		return res.Hits
	}
	for _, tc := range []struct {
		name      string
		query     string
		fields    []string
		highlight bool
	}{
		{"shown fields, highlighted", "养老护理人才培养", storedFields, true},
		{"shown fields", "时间银行", storedFields, false},
		{"all stored fields", "服务", allStored, false},
		{"highlights only", "社区 居家", nil, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q := seedIndex.buildQuery(Request{Query: tc.query}).q
			req := &bleve.SearchRequest{Fields: tc.fields}
			var h = hl
			if tc.highlight {
				req.Highlight = newHighlight()
			} else {
				h = nil
			}
			got, want := hits(t, q), hits(t, q)
			if len(got) < 2 {
				t.Fatalf("%s: %d hits", tc.query, len(got))
			}
			for i := range got {
				if err := sd.load(got[i], req.Fields, highlightFields(req, got[i]), h); err != nil {
					t.Fatal(err)
				}
				if err, _ := bleve.LoadAndHighlightFields(want[i], req, "", r, h); err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(got[i].Fields, want[i].Fields) {
					t.Errorf("%s: fields\n%v\nbleve loads\n%v", got[i].ID, got[i].Fields, want[i].Fields)
				}
				if !reflect.DeepEqual(got[i].Fragments, want[i].Fragments) {
					t.Errorf("%s: fragments\n%v\nbleve makes\n%v", got[i].ID, got[i].Fragments, want[i].Fragments)
				}
				if tc.highlight && len(got[i].Fragments) == 0 {
					t.Errorf("%s: no fragments", got[i].ID)
				}
				if len(tc.fields) > 0 && len(got[i].Fields) == 0 {
					t.Errorf("%s: no fields", got[i].ID)
				}
			}
		})
	}
}
