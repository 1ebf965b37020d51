package indexer

import (
	"errors"
	"fmt"
	"sync"
	"unsafe"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"

	"github.com/govreply/precedent/dict"
	"github.com/govreply/precedent/indexer/grams"
)

// FragmentFields are the stored fields whose text the fragment index of a
// part (package grams) holds, each value a text of its own: the text
// fields, and the lead and co-departments for the departments text field,
// which is not stored. A quoted fragment of the departments field is
// looked for in these two.
var FragmentFields = append(append([]string{}, TextFields...), FacetLead, FacetCo)

// IsFragmentField reports whether name is one of FragmentFields.
func IsFragmentField(name string) bool {
	for _, f := range FragmentFields {
		if f == name {
			return true
		}
	}
	return false
}

// buildGrams writes the fragment index of the built part at path: it reads
// every document's FragmentFields from the part's stored fields, by the
// internal number a search of the part gives it, so that the index must be
// written after the part's last merge (a built part has one segment).
// workers goroutines read consecutive ranges of the documents at once.
func buildGrams(path string, a *dict.Analyzer, workers int) (err error) {
	idx, err := bleve.OpenUsing(path, map[string]any{"read_only": true})
	if err != nil {
		return err
	}
	defer func() {
		if cerr := idx.Close(); err == nil {
			err = cerr
		}
	}()
	adv, err := idx.Advanced()
	if err != nil {
		return err
	}
	r, err := adv.Reader()
	if err != nil {
		return err
	}
	defer r.Close()
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return fmt.Errorf("not a scorch index")
	}
	segs := snap.Segments()
	var offsets []uint64 // the first number of each segment
	var n uint64
	for _, ss := range segs {
		offsets = append(offsets, n)
		n += ss.Segment().Count()
	}
	if n >= 1<<32 {
		return fmt.Errorf("%d documents: too many for the fragment index", n)
	}
	workers = max(1, min(workers, int(n/1000)))
	builders := make([]*grams.Builder, workers)
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		builders[w] = grams.NewBuilder()
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[w] = addDocs(builders[w], a, segs, offsets, n*uint64(w)/uint64(workers), n*uint64(w+1)/uint64(workers))
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return err
	}
	for _, o := range builders[1:] {
		if err := builders[0].Append(o); err != nil {
			return err
		}
	}
	return builders[0].WriteFile(path, uint32(n))
}

// addDocs adds the part's documents numbered lo … hi-1 to b.
func addDocs(b *grams.Builder, a *dict.Analyzer, segs []*scorch.SegmentSnapshot, offsets []uint64, lo, hi uint64) error {
	var (
		buf   []byte   // the gram text of a document's values
		ends  []int    // where each value ends in buf
		texts []string // views of buf
	)
	for k, ss := range segs {
		del := ss.Deleted()
		for num := max(lo, offsets[k]); num < hi && num-offsets[k] < ss.Segment().Count(); num++ {
			i := num - offsets[k]
			if del != nil && del.Contains(uint32(i)) {
				continue
			}
			buf, ends = buf[:0], ends[:0]
			err := ss.VisitDocument(i, func(name string, typ byte, val []byte, _ []uint64) bool {
				if typ == 't' && IsFragmentField(name) {
					buf = a.AppendGramBytes(buf, val)
					ends = append(ends, len(buf))
				}
				return true
			})
			if err != nil {
				return fmt.Errorf("document %d: %w", num, err)
			}
			texts = texts[:0]
			prev := 0
			for _, e := range ends {
				if e > prev {
					texts = append(texts, unsafe.String(&buf[prev], e-prev))
				}
				prev = e
			}
			if len(texts) > 0 {
				if err := b.Add(uint32(num), texts); err != nil {
					return err
				}
			}
		}
	}
	return nil
}
