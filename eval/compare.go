package eval

import (
	"os"

	"github.com/govreply/precedent/dict"
	"github.com/govreply/precedent/indexer"
	"github.com/govreply/precedent/record"
	"github.com/govreply/precedent/search"
)

// Options tune Compare.
type Options struct {
	// Partitions as indexer.BuildOptions has them: 0 picks.
	Partitions int
	// HitID maps an engine's document id to the id the judgments use;
	// nil keeps it.
	HitID func(docID string) string
}

// Compare indexes the proposals with this engine (in a temporary directory,
// in partitions as indexer.BuildOptions has them: 0 picks) and with the
// bleve-cjk baseline and runs the queries on: precedent, precedent without
// the thesaurus, and bleve-cjk.
func Compare(ps []record.Proposal, qs []Query, a *dict.Analyzer, partitions int) ([]*Report, error) {
	return CompareWith(ps, qs, a, Options{Partitions: partitions})
}

// CompareWith is Compare with options.
func CompareWith(ps []record.Proposal, qs []Query, a *dict.Analyzer, opts Options) ([]*Report, error) {
	dir, err := os.MkdirTemp("", "precedent-eval-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	if _, err := indexer.Build(dir, ps, indexer.BuildOptions{Analyzer: a, Partitions: opts.Partitions}); err != nil {
		return nil, err
	}
	s, err := search.Open(dir, a)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	cjk, err := BuildCJK(ps, a)
	if err != nil {
		return nil, err
	}
	defer cjk.Close()
	var out []*Report
	for _, e := range []Engine{Ours{S: s}, Ours{S: s, NoExpand: true, Label: "no-thesaurus"}, cjk} {
		if opts.HitID != nil {
			e = mapIDs{Engine: e, id: opts.HitID}
		}
		r, err := Run(e, qs)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// CompareReal runs the judged real-text queries on the corpus in dir (read
// with LoadReal, hits mapped to record ids with RealHitID) with the three
// engines of Compare.
func CompareReal(dir string, qs []Query, a *dict.Analyzer) ([]*Report, error) {
	ps, err := LoadReal(dir)
	if err != nil {
		return nil, err
	}
	return CompareWith(ps, qs, a, Options{})
}

// mapIDs is an engine whose hit ids are mapped by id.
type mapIDs struct {
	Engine
	id func(string) string
}

// Search implements Engine.
func (m mapIDs) Search(q Query, k int) ([]string, uint64, error) {
	ids, total, err := m.Engine.Search(q, k)
	for i := range ids {
		ids[i] = m.id(ids[i])
	}
	return ids, total, err
}
