package search

import (
	"context"
	"errors"
	"slices"
	"sort"
	"strconv"
	"sync"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/govreply/precedent/indexer"
)

// A facetTable holds the facet values of every document of one read-only
// index by the document's internal number, so that counting a query's facets
// is an array walk per hit instead of a read of bleve's doc values for each
// hit and facet. It is built once, in the background, after the index opens;
// until it is ready, facets are counted by bleve.
//
// Internal numbers are stable for a read-only index: the opened snapshot
// never changes. A hit outside the table (which would mean that assumption
// broke) makes the search count its facets with bleve instead.
type facetTable struct {
	n      uint64         // internal numbers covered: 0..n-1
	facets [][]string     // per column (tableColumns order): ordinal → value
	starts [][]uint32     // per facet: doc → start of its ordinals in ords; len n+1
	ords   [][]uint32     // per facet: the ordinals of all docs, doc after doc
	docs   [][]uint32     // per facet: ordinal → documents with the value
	byName map[string]int // bleve field → facet index
	fields []string       // bleve fields, tableColumns order
	intern []map[string]uint32
}

// tableColumns are the columns of a facet table: the facets a response
// counts, then the keyword fields only filters and figures read (the date,
// days to reply).
var tableColumns = append(append([]string{}, FacetNames...), "date", "days")

// columnField maps the table's columns to their bleve fields.
var columnField = func() map[string]string {
	m := map[string]string{"date": indexer.FacetDate, "days": indexer.FacetDays}
	for k, v := range facetField {
		m[k] = v
	}
	return m
}()

func newFacetTable() *facetTable {
	t := &facetTable{byName: map[string]int{}}
	for i, name := range tableColumns {
		f := columnField[name]
		t.fields = append(t.fields, f)
		t.byName[f] = i
	}
	k := len(tableColumns)
	t.facets = make([][]string, k)
	t.starts = make([][]uint32, k)
	t.ords = make([][]uint32, k)
	t.docs = make([][]uint32, k)
	t.intern = make([]map[string]uint32, k)
	for i := range k {
		t.intern[i] = map[string]uint32{}
		t.starts[i] = []uint32{0}
	}
	return t
}

// add records the facet values of the document with internal number doc;
// documents must come in increasing order.
func (t *facetTable) add(doc uint64, visit func(func(field string, term []byte)) error) error {
	for t.n < doc { // a deleted or missing number: no values
		t.endDoc()
	}
	err := visit(func(field string, term []byte) {
		f, ok := t.byName[field]
		if !ok || len(term) == 0 {
			return
		}
		o, ok := t.intern[f][string(term)]
		if !ok {
			o = uint32(len(t.facets[f]))
			v := string(term)
			t.intern[f][v] = o
			t.facets[f] = append(t.facets[f], v)
			t.docs[f] = append(t.docs[f], 0)
		}
		t.ords[f] = append(t.ords[f], o)
		t.docs[f][o]++
	})
	t.endDoc()
	return err
}

func (t *facetTable) endDoc() {
	for f := range t.starts {
		t.starts[f] = append(t.starts[f], uint32(len(t.ords[f])))
	}
	t.n++
}

// buildFacetTable reads the facet values of every document of idx.
func buildFacetTable(ctx context.Context, idx bleve.Index) (*facetTable, error) {
	t := newFacetTable()
	maker := func(sctx *bsearch.SearchContext) (bsearch.DocumentMatchHandler, bool, error) {
		dvr, err := sctx.IndexReader.DocValueReader(t.fields)
		if err != nil {
			return nil, false, err
		}
		return func(d *bsearch.DocumentMatch) error {
			if d == nil {
				return nil
			}
			if len(d.IndexInternalID) != 8 || d.IndexInternalID.Value() < t.n { // not a number, or out of order
				return errFacetTable
			}
			err := t.add(d.IndexInternalID.Value(), func(v func(string, []byte)) error {
				return dvr.VisitDocValues(d.IndexInternalID, v)
			})
			sctx.DocumentMatchPool.Put(d)
			return err
		}, false, nil
	}
	ctx = context.WithValue(ctx, bsearch.MakeDocumentMatchHandlerKey, bsearch.MakeDocumentMatchHandler(maker))
	req := bleve.NewSearchRequestOptions(query.NewMatchAllQuery(), 0, 0, false)
	req.Score = "none"
	if _, err := idx.SearchInContext(ctx, req); err != nil {
		return nil, err
	}
	t.intern = nil // not needed once built
	return t, nil
}

// errFacetTable is a document number a facet table cannot place.
var errFacetTable = errors.New("search: facet table does not match the index")

// A facetCount counts the facets of one search's hits with a facetTable,
// and gathers the days to reply of each lead department's hits.
type facetCount struct {
	t      *facetTable
	counts [][]uint32 // per facet (FacetNames), or per column counted: ordinal → hits
	days   [][]uint32 // per lead department ordinal: the days ordinals of its hits
	miss   bool       // a hit outside the table: the counts are not to be used
}

// Columns of the table that facetCount reads besides the facets.
var (
	leadColumn = facetIndex("lead")
	daysColumn = slices.Index(tableColumns, "days")
)

func (t *facetTable) newCount() *facetCount {
	c := &facetCount{t: t, counts: make([][]uint32, len(FacetNames))}
	for f := range FacetNames {
		c.counts[f] = make([]uint32, len(t.facets[f]))
	}
	if len(t.facets[daysColumn]) > 0 {
		c.days = make([][]uint32, len(t.facets[leadColumn]))
	}
	return c
}

// newColumnCount is a facetCount of one column of the table (any of
// tableColumns: a sort column, sortWindow) and nothing else.
func (t *facetTable) newColumnCount(f int) *facetCount {
	c := &facetCount{t: t, counts: make([][]uint32, f+1)}
	c.counts[f] = make([]uint32, len(t.facets[f]))
	return c
}

func (c *facetCount) add(id index.IndexInternalID) {
	if len(id) != 8 {
		c.miss = true
		return
	}
	doc := id.Value()
	if doc >= c.t.n {
		c.miss = true
		return
	}
	for f, counts := range c.counts {
		if counts == nil {
			continue // a column not counted (newColumnCount)
		}
		st := c.t.starts[f]
		for _, o := range c.t.ords[f][st[doc]:st[doc+1]] {
			counts[o]++
		}
	}
	if c.days != nil {
		ds, ls := c.t.starts[daysColumn], c.t.starts[leadColumn]
		for _, d := range c.t.ords[daysColumn][ds[doc]:ds[doc+1]] {
			for _, l := range c.t.ords[leadColumn][ls[doc]:ls[doc+1]] {
				c.days[l] = append(c.days[l], d)
			}
		}
	}
}

// A DepartmentDays is how long a lead department took to reply: the median
// days from submission to reply over the matching suggestions whose records
// give both dates, and how many those are.
type DepartmentDays struct {
	Department string  `json:"department"`
	Median     float64 `json:"median_days"`
	Count      int     `json:"count"`
}

// replyDays returns the n lead departments with the most hits that have
// days to reply, each with the median, over all parts; most hits first
// (ties by name).
func (fc facetCounts) replyDays(n int) []DepartmentDays {
	byDept := map[string][]int{}
	for _, c := range fc {
		if c.days == nil {
			continue
		}
		values := c.t.facets[daysColumn]
		for l, ds := range c.days {
			if len(ds) == 0 {
				continue
			}
			name := c.t.facets[leadColumn][l]
			for _, d := range ds {
				v, _ := strconv.Atoi(values[d])
				byDept[name] = append(byDept[name], v)
			}
		}
	}
	out := make([]DepartmentDays, 0, len(byDept))
	for name, vs := range byDept {
		slices.Sort(vs)
		m := float64(vs[len(vs)/2])
		if len(vs)%2 == 0 {
			m = float64(vs[len(vs)/2-1]+vs[len(vs)/2]) / 2
		}
		out = append(out, DepartmentDays{Department: name, Median: m, Count: len(vs)})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Department < out[j].Department
	})
	return out[:min(n, len(out))]
}

// facetState is a part's facet table: not yet asked for, being built,
// built, or failed. The build starts with the first search that counts
// facets (or Prepared), not at open: a freshly started server answers its
// first search without sharing the CPU with it.
type facetState struct {
	idx    bleve.Index
	once   sync.Once
	done   chan struct{} // closed when the build ends (or is never to start)
	ctx    context.Context
	cancel context.CancelFunc
	table  *facetTable // nil until built, or when it could not be
	err    error
}

func newFacetState(idx bleve.Index) *facetState {
	ctx, cancel := context.WithCancel(context.Background())
	return &facetState{idx: idx, done: make(chan struct{}), ctx: ctx, cancel: cancel}
}

// start builds the table in the background, once.
func (st *facetState) start() {
	st.once.Do(func() {
		go func() {
			defer close(st.done)
			st.table, st.err = buildFacetTable(st.ctx, st.idx)
			if st.err != nil {
				st.table = nil
			}
		}()
	})
}

// stop stops a build in progress and waits for it.
func (st *facetState) stop() {
	st.cancel()
	st.once.Do(func() { close(st.done) })
	<-st.done
}

// facetIndex is the place of facet or column name in a table's columns
// (tableColumns; the facets come first, in FacetNames order).
func facetIndex(name string) int { return slices.Index(tableColumns, name) }

// facetTables returns the built table of each part, or nil while one is
// being built or when one could not be.
func (s *Searcher) facetTables() []*facetTable {
	if len(s.facets) == 0 {
		return nil
	}
	for _, st := range s.facets {
		st.start()
	}
	ts := make([]*facetTable, len(s.facets))
	for k, st := range s.facets {
		select {
		case <-st.done:
			if ts[k] = st.table; ts[k] == nil {
				return nil
			}
		default:
			return nil
		}
	}
	return ts
}

// Prepared builds what the searcher builds in the background (the facet
// tables) and waits for it, or for ctx to end. Searches do not need to
// wait: until then they count facets the slower way. Benchmarks of the
// steady state do.
func (s *Searcher) Prepared(ctx context.Context) error {
	for _, st := range s.facets {
		st.start()
	}
	for _, st := range s.facets {
		select {
		case <-st.done:
			if st.err != nil {
				return st.err
			}
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

// facetCounts counts a search's facets in each part with the part's table.
type facetCounts []*facetCount

// values returns facet name's top n values by count over all parts (ties
// by value), as bleve's terms facet does; byValue then orders them by value.
func (fc facetCounts) values(name string, n int, byValue bool) []FacetValue {
	f := facetIndex(name)
	sum := map[string]int{}
	for _, c := range fc {
		for o, k := range c.counts[f] {
			if k > 0 {
				sum[c.t.facets[f][o]] += int(k)
			}
		}
	}
	out := make([]FacetValue, 0, len(sum))
	for v, k := range sum {
		out = append(out, FacetValue{Value: v, Count: k})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Value < out[j].Value
	})
	out = out[:min(n, len(out))]
	if byValue {
		sort.Slice(out, func(i, j int) bool { return out[i].Value < out[j].Value })
	}
	return out
}
