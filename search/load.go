package search

import (
	"fmt"
	"slices"
	"sort"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/index/scorch"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/highlight"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/govreply/precedent/indexer"
)

// storedDocs reads the stored fields of a part's documents by the internal
// numbers their hits carry. bleve's own loading (bleve.LoadAndHighlightFields)
// first looks each hit's id up in the _id field, then copies every stored
// field into a document, the long reply columns included, and matches each
// field asked for against all of them; a rare term's search spends half its
// time there. storedDocs visits the hit's stored fields once, in its
// segment, and keeps only the fields asked for and the text the highlighter
// reads.
type storedDocs struct {
	segs    []*scorch.SegmentSnapshot
	offsets []uint64       // first document number of each segment
	values  map[string]any // keywordValues of the part
}

// newStoredDocs is the stored-field reader of r, with the part's keyword
// values; false when r is not a scorch snapshot (whose hits are loaded by
// bleve).
func newStoredDocs(r index.IndexReader, values map[string]any) (storedDocs, bool) {
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return storedDocs{}, false
	}
	sd := storedDocs{segs: snap.Segments(), values: values}
	var next uint64
	for _, ss := range sd.segs {
		// Document numbers run on across segments, deleted ones included,
		// as scorch numbers them.
		sd.offsets = append(sd.offsets, next)
		next += ss.Segment().Count()
	}
	return sd, true
}

// load adds to dm the stored fields of fields ("*": all) as bleve does
// (text as a string, a number as a float64, several values as a []any), and with a
// highlighter, its fragments of the highlight fields.
func (sd storedDocs) load(dm *bsearch.DocumentMatch, fields, hlFields []string, hl highlight.Highlighter) error {
	num := dm.IndexInternalID.Value()
	i := sort.Search(len(sd.offsets), func(i int) bool { return sd.offsets[i] > num }) - 1
	if i < 0 {
		return fmt.Errorf("document number %d not in the index", num)
	}
	loadFields := len(fields) > 0 && dm.Fields == nil
	all := slices.Contains(fields, "*")
	if loadFields && !all {
		dm.Fields = make(map[string]any, len(fields))
	}
	var doc *document.Document
	if hl != nil {
		doc = document.NewDocument(dm.ID)
	}
	err := sd.segs[i].VisitDocument(num-sd.offsets[i], func(name string, typ byte, val []byte, pos []uint64) bool {
		if name == "_id" {
			return true
		}
		if loadFields && (all || slices.Contains(fields, name)) {
			switch typ {
			case 't':
				if v, ok := sd.values[string(val)]; ok {
					dm.AddFieldValue(name, v)
				} else {
					dm.AddFieldValue(name, string(val))
				}
			case 'n':
				if n, err := document.NewNumericFieldFromBytes(name, nil, val).Number(); err == nil {
					dm.AddFieldValue(name, n)
				}
			}
		}
		if doc != nil && typ == 't' && slices.Contains(hlFields, name) && shows(hl, dm, name) {
			// The value is the segment's buffer, reused after the visit.
			doc.AddField(document.NewTextField(name, append([]uint64(nil), pos...), append([]byte(nil), val...)))
		}
		return true
	})
	if err != nil {
		return err
	}
	if hl != nil {
		for _, f := range hlFields {
			hl.BestFragmentsInField(dm, doc, f, 1)
		}
	}
	return nil
}

// highlightFields are the fields req highlights in dm: those it names, or
// every field with a match.
func highlightFields(req *bleve.SearchRequest, dm *bsearch.DocumentMatch) []string {
	if req.Highlight == nil {
		return nil
	}
	if req.Highlight.Fields != nil {
		return req.Highlight.Fields
	}
	fs := make([]string, 0, len(dm.Locations))
	for f := range dm.Locations {
		fs = append(fs, f)
	}
	return fs
}

// shows reports whether highlighter hl makes a fragment of field for dm.
func shows(hl highlight.Highlighter, dm *bsearch.DocumentMatch, field string) bool {
	if m, ok := hl.(matchedFields); ok {
		return m.shows(dm, field)
	}
	return true
}

// keywordValues are the values of a part's stored keyword fields
// (departments, years, topics, statuses: a few hundred in all), each boxed
// once, for hits to share rather than copy. It is empty if the part's
// dictionaries cannot be read: hits then copy their values.
func keywordValues(p bleve.Index) map[string]any {
	values := map[string]any{}
	for _, field := range []string{indexer.FacetDepartment, indexer.FacetYear, indexer.FacetTopic, indexer.FacetStatus} {
		d, err := p.FieldDict(field)
		if err != nil {
			return map[string]any{}
		}
		for e, err := d.Next(); e != nil && err == nil; e, err = d.Next() {
			values[e.Term] = e.Term
		}
		d.Close()
	}
	return values
}
