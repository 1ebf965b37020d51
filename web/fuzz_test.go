package web

import (
	"errors"
	"net/url"
	"testing"

	"github.com/govreply/precedent/search"
)

// FuzzSearchParams checks that any query string of /api/search is either a
// valid request or a RequestError naming a parameter: never a panic.
func FuzzSearchParams(f *testing.F) {
	for _, s := range []string{"q=时间银行&year=2019&status=done", "size=101", "page=-1&sort=x", "year_from=2020&year_to=2019",
		"department=&lead=%E5%B8%82&group=proposal", "noexpand=2", "q=%ff%fe", "status=%E5%B7%B2%E8%90%BD%E5%AE%9E", "facet_size=0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		v, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		r, err := parseSearch(v)
		var re *search.RequestError
		if err != nil {
			if !errors.As(err, &re) || re.Param == "" {
				t.Fatalf("%q: error %v is not a RequestError naming a parameter", raw, err)
			}
			return
		}
		if r.Size < 1 || r.Size > search.MaxSize || r.Page < 1 || r.Page > search.MaxPage {
			t.Fatalf("%q: accepted size %d page %d", raw, r.Size, r.Page)
		}
	})
}
