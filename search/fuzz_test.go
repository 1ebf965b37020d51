package search

import (
	"context"
	"errors"
	"testing"
	"unicode/utf8"
)

// FuzzSearch runs arbitrary user query text through the parser and a real
// search of the seed index: any input gives results or a RequestError, never
// a panic.
func FuzzSearch(f *testing.F) {
	for _, s := range []string{"时间银行", `"居家养老" -儿童 标题:养老`, "提案人：房涛", "养老护理人才培养", `"unclosed`, "－－", "-",
		"標題:時間銀行", "*?[]{}()^~", "title: proposer:", "\x00\xff", "a b c d e f g h i j k l m n o p q r s t u v w x y z"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		clauses := ParseQuery(q)
		for _, c := range clauses {
			if c.Text == "" {
				t.Fatalf("empty clause from %q", q)
			}
		}
		resp, err := seedIndex.Search(context.Background(), Request{Query: q, Size: 5})
		var re *RequestError
		switch {
		case err == nil:
			if resp.Total > 70 || len(resp.Hits) > 5 {
				t.Fatalf("%q: total %d, %d hits", q, resp.Total, len(resp.Hits))
			}
			for _, h := range resp.Hits {
				for _, frags := range h.Highlights {
					for _, fr := range frags {
						if !utf8.ValidString(fr) {
							t.Fatalf("%q: invalid UTF-8 fragment", q)
						}
					}
				}
			}
		case errors.As(err, &re):
			if utf8.RuneCountInString(q) <= MaxQueryRunes {
				t.Fatalf("%q: %v", q, err)
			}
		default:
			t.Fatalf("%q: %v", q, err)
		}
	})
}
