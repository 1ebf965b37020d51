package search

import (
	"reflect"
	"testing"

	bsearch "github.com/blevesearch/bleve/v2/search"
)

func TestSpans(t *testing.T) {
	loc := func(start, end int, ap ...uint64) *bsearch.Location {
		return &bsearch.Location{Start: uint64(start), End: uint64(end), ArrayPositions: ap}
	}
	tests := []struct {
		name string
		in   bsearch.TermLocationMap
		want bsearch.TermLocationMap
	}{
		{"compound and its piece", bsearch.TermLocationMap{"人才": {loc(0, 6)}, "人才培训": {loc(0, 12)}},
			bsearch.TermLocationMap{"人才培训": {loc(0, 12)}}},
		{"overlapping words", bsearch.TermLocationMap{"居家养老": {loc(0, 12)}, "养老服务": {loc(6, 18)}},
			bsearch.TermLocationMap{"居家养老": {loc(0, 18)}}},
		{"apart", bsearch.TermLocationMap{"养老": {loc(0, 6), loc(30, 36)}, "服务": {loc(6, 12)}},
			bsearch.TermLocationMap{"养老": {loc(0, 6), loc(30, 36)}, "服务": {loc(6, 12)}}},
		{"other values of the field", bsearch.TermLocationMap{"市民政局": {loc(0, 12, 0), loc(0, 12, 1)}, "民政": {loc(3, 9, 1)}},
			bsearch.TermLocationMap{"市民政局": {loc(0, 12, 0), loc(0, 12, 1)}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := spans(tt.in); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("spans = %v, want %v", got, tt.want)
			}
		})
	}
}
