package eval

import (
	"os"

	"github.com/govreply/precedent/dict"
	"github.com/govreply/precedent/indexer"
	"github.com/govreply/precedent/record"
	"github.com/govreply/precedent/search"
)

// Compare indexes the proposals with this engine (in a temporary directory,
// in partitions as indexer.BuildOptions has them: 0 picks) and with the
// bleve-cjk baseline (in memory) and runs the queries on: precedent,
// precedent without the thesaurus, and bleve-cjk.
func Compare(ps []record.Proposal, qs []Query, a *dict.Analyzer, partitions int) ([]*Report, error) {
	dir, err := os.MkdirTemp("", "precedent-eval-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	if _, err := indexer.Build(dir, ps, indexer.BuildOptions{Analyzer: a, Partitions: partitions}); err != nil {
		return nil, err
	}
	s, err := search.Open(dir, a)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	cjk, err := BuildCJK(ps, a.Topics())
	if err != nil {
		return nil, err
	}
	defer cjk.Index.Close()
	var out []*Report
	for _, e := range []Engine{Ours{S: s}, Ours{S: s, NoExpand: true, Label: "no-thesaurus"}, cjk} {
		r, err := Run(e, qs)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}
