package search

import (
	"context"
	"math"
	"slices"
	"sync"

	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
)

// A termStat is what the index says of a term in the text fields: in how
// many documents it occurs (df, in the field where it occurs most), and in
// the body fields (the suggestion or message and the replies: not the short
// title, where a word comes once) how many of them hold it (bodyDF) and how
// often (bodyCF): a topic's word tends to come several times in a text that
// has it, a frame word (强烈, 怎么办) once.
type termStat struct {
	df             uint64
	bodyDF, bodyCF uint64
	fields         [textFields]uint32 // its postings in each of allFields, over all parts
}

// textFields is how many fields allFields names.
const textFields = 9

// in is how many postings the term has in field, over all parts (0 in a
// field allFields does not name).
func (t termStat) in(field string) uint64 {
	for i, f := range allFields {
		if f.name == field {
			return uint64(t.fields[i])
		}
	}
	return 0
}

// postings is how many postings the term leaves among leaves have, each in
// its field, over all parts: a lower bound of the postings a search of
// the leaves visits (a phrase leaf's words are counted as none).
func (r *statReader) postings(leaves []query.Query) uint64 {
	var n uint64
	for _, l := range leaves {
		if tq, ok := l.(*query.TermQuery); ok {
			n += r.get(tq.Term).in(tq.Field())
		}
	}
	return n
}

// burst is how many times the term occurs in a body that has it.
func (t termStat) burst() float64 {
	if t.bodyDF == 0 {
		return 0
	}
	return float64(t.bodyCF) / float64(t.bodyDF)
}

// bodyFields are where a term's repetition is counted.
var bodyFields = allFields[1:7]

// maxCachedStats bounds the term statistics a searcher remembers.
const maxCachedStats = 1 << 18

// A statCache remembers term statistics: the index is read only, so they
// never change while it is open.
type statCache struct {
	mu sync.RWMutex
	m  map[string]termStat
}

func (c *statCache) get(t string) (termStat, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	st, ok := c.m[t]
	return st, ok
}

func (c *statCache) put(t string, st termStat) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[string]termStat{}
	}
	if len(c.m) < maxCachedStats {
		c.m[t] = st
	}
}

// statReader looks terms' statistics up, in the cache or in the parts,
// opening the parts' readers the first time it needs them.
type statReader struct {
	s       *Searcher
	readers []index.IndexReader
}

// statsOf returns a statReader; close it after use.
func (s *Searcher) statsOf() *statReader { return &statReader{s: s} }

func (r *statReader) close() {
	for _, ir := range r.readers {
		ir.Close()
	}
}

// get returns t's statistics.
func (r *statReader) get(t string) termStat {
	if st, ok := r.s.terms.get(t); ok {
		return st
	}
	if r.readers == nil {
		r.readers = r.s.readers()
	}
	st := termStats(r.readers, t)
	r.s.terms.put(t, st)
	return st
}

// termStats reads t's statistics from the parts.
func termStats(readers []index.IndexReader, t string) termStat {
	var st termStat
	for i, fld := range allFields {
		body := slices.ContainsFunc(bodyFields, func(f weightedField) bool { return f.name == fld.name })
		n := uint64(0)
		for _, ir := range readers {
			tfr, err := ir.TermFieldReader(context.Background(), []byte(t), fld.name, body, false, false)
			if err != nil {
				continue
			}
			c := tfr.Count()
			n += c
			if body && c > 0 {
				st.bodyDF += c
				var d index.TermFieldDoc
				for {
					tp, err := tfr.Next(&d)
					if err != nil || tp == nil {
						break
					}
					st.bodyCF += tp.Freq
				}
			}
			tfr.Close()
		}
		st.df = max(st.df, n)
		st.fields[i] = uint32(min(n, math.MaxUint32))
	}
	return st
}
