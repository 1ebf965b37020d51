package search

import (
	"context"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/govreply/precedent/dict"
	"github.com/govreply/precedent/indexer"
	"github.com/govreply/precedent/ingest"
	"github.com/govreply/precedent/record"
)

const seedFile = "../testdata/000_8b6b214a39f4da34.txt"

var (
	seed      []record.Proposal
	seedIndex *Searcher
)

// TestMain builds one index of the real seed for the package's tests.
func TestMain(m *testing.M) {
	os.Exit(func() int {
		var err error
		if seed, err = ingest.ReadRecords(ingest.Options{}, seedFile); err != nil {
			panic(err)
		}
		dir, err := os.MkdirTemp("", "search-test-")
		if err != nil {
			panic(err)
		}
		defer os.RemoveAll(dir)
		a := dict.MustDefault()
		if _, err := indexer.Build(dir, seed, indexer.BuildOptions{Analyzer: a}); err != nil {
			panic(err)
		}
		if seedIndex, err = Open(dir, a); err != nil {
			panic(err)
		}
		defer seedIndex.Close()
		return m.Run()
	}())
}

func run(t testing.TB, r Request) *Response {
	t.Helper()
	resp, err := seedIndex.Search(context.Background(), r)
	if err != nil {
		t.Fatalf("Search(%+v): %v", r, err)
	}
	return resp
}

func ids(resp *Response) []string {
	out := make([]string, len(resp.Hits))
	for i, h := range resp.Hits {
		out[i] = h.ID
	}
	return out
}

func sorted(ss []string) []string {
	out := append([]string{}, ss...)
	sort.Strings(out)
	return out
}

// containing lists the seed suggestions whose searchable text holds s.
func containing(s string) []string {
	var out []string
	for _, p := range seed {
		for _, sg := range p.Suggestions {
			text := strings.Join([]string{p.Title, sg.Text, sg.Reply.Done, sg.Reply.InProgress, sg.Reply.Planned, sg.Reply.NotAdopted}, "\n")
			if strings.Contains(text, s) {
				out = append(out, record.SuggestionID(p.ID, sg.No))
			}
		}
	}
	sort.Strings(out)
	return out
}
