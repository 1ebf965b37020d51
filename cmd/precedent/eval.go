package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"

	"github.com/govreply/precedent"
	"github.com/govreply/precedent/dict"
	"github.com/govreply/precedent/eval"
	"github.com/govreply/precedent/indexer"
	"github.com/govreply/precedent/search"
)

func runEval(args []string) error {
	fs := flag.NewFlagSet("eval", flag.ExitOnError)
	queries := fs.String("queries", "", "judged queries, JSON Lines (default: the bundled set)")
	worst := fs.Int("worst", 10, "worst queries to list per engine")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: precedent eval [-queries FILE] [DATA FILE...]\n\nIndexes the data (default: the bundled seed) with precedent and with bleve's cjk analyzer\nand prints recall@10, precision@5 and nDCG@10 per query kind for both.")
		fs.PrintDefaults()
	}
	fs.Parse(args)
	var qs []eval.Query
	var err error
	if *queries == "" {
		qs, err = eval.ReadQueries(bytes.NewReader(precedent.JudgedQueries), "queries.jsonl")
	} else {
		qs, err = eval.LoadQueries(*queries)
	}
	if err != nil {
		return err
	}
	c := &indexer.Collection{}
	if fs.NArg() == 0 {
		ps, err := indexer.ParseBytes(precedent.SeedName, precedent.Seed)
		if err != nil {
			return err
		}
		c.Add(precedent.SeedName, ps)
	} else if c, err = indexer.ReadFiles(fs.Args()...); err != nil {
		return err
	}
	reports, err := evalReports(c.Proposals, qs)
	if err != nil {
		return err
	}
	eval.Print(os.Stdout, *worst, reports...)
	return nil
}

// evalReports indexes the proposals with both engines in a temporary
// directory and runs the queries: precedent, precedent without the
// thesaurus, and bleve-cjk.
func evalReports(ps []indexer.Proposal, qs []eval.Query) ([]*eval.Report, error) {
	a, err := dict.Default()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "precedent-eval-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	if _, err := indexer.Build(dir, ps, indexer.BuildOptions{Analyzer: a}); err != nil {
		return nil, err
	}
	s, err := search.Open(dir, a)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	cjk, err := eval.BuildCJK(ps, a.Topics())
	if err != nil {
		return nil, err
	}
	defer cjk.Index.Close()
	var out []*eval.Report
	for _, e := range []eval.Engine{eval.Ours{S: s}, eval.Ours{S: s, NoExpand: true, Label: "no-thesaurus"}, cjk} {
		r, err := eval.Run(e, qs)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}
