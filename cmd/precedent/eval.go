package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"

	"github.com/govreply/precedent"
	"github.com/govreply/precedent/dict"
	"github.com/govreply/precedent/eval"
	"github.com/govreply/precedent/ingest"
)

func runEval(args []string) error {
	fs := flag.NewFlagSet("eval", flag.ExitOnError)
	queries := fs.String("queries", "", "judged queries, JSON Lines (default: the bundled seed set)")
	worst := fs.Int("worst", 10, "worst queries to list per engine")
	partitions := fs.Int("partitions", 0, "index in N partitions (0: as precedent index would)")
	realDir := fs.String("real", "", "also run the real-text judged set on the corpus in `DIR` (normally ../shared/real beside the repository)")
	realQueries := fs.String("real-queries", "", "judged queries for -real, JSON Lines (default: the bundled "+eval.RealQueriesFile+")")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), `usage: precedent eval [-queries FILE] [-partitions N] [-real DIR [-real-queries FILE]] [DATA FILE...]

Indexes the data (default: the bundled seed) with precedent and with bleve's cjk analyzer
and prints nDCG@10, precision@10 and recall@100 per query kind for both, and for needs
nothing answers how many hits came back. With -real, does the same with the real-text
judged set on the citizen-message corpus in DIR (its dev and check splits apart, then all).`)
		fs.PrintDefaults()
	}
	fs.Parse(args)
	if *partitions < 0 {
		return fmt.Errorf("-partitions %d: want 0 (automatic) or more", *partitions)
	}
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
	var rqs []eval.Query
	if *realDir != "" {
		// Check before the seed set runs: a missing corpus fails at once.
		if err := eval.CheckRealDir(*realDir); err != nil {
			return fmt.Errorf("-real: %w", err)
		}
		if *realQueries == "" {
			rqs, err = eval.ReadQueries(bytes.NewReader(precedent.RealJudgedQueries), "real_queries.jsonl")
		} else {
			rqs, err = eval.LoadQueries(*realQueries)
		}
		if err != nil {
			return err
		}
	}
	c := &ingest.Collection{}
	if fs.NArg() == 0 {
		srcs, err := ingest.ParseBytes(precedent.SeedName, precedent.Seed, ingest.Options{})
		if err != nil {
			return err
		}
		c.Add(srcs[0])
	} else if c, err = ingest.ReadFiles(ingest.Options{}, fs.Args()...); err != nil {
		return err
	}
	a, err := dict.Default()
	if err != nil {
		return err
	}
	reports, err := eval.Compare(c.Proposals, qs, a, *partitions)
	if err != nil {
		return err
	}
	if *realDir != "" {
		fmt.Printf("== seed set: %d queries\n\n", len(qs))
	}
	eval.Print(os.Stdout, *worst, reports...)
	if *realDir == "" {
		return nil
	}
	reports, err = eval.CompareReal(*realDir, rqs, a)
	if err != nil {
		return err
	}
	fmt.Printf("\n== real-text set: %d needs on %s (the check split is held out: do not tune on it)\n\n", len(rqs), *realDir)
	eval.Print(os.Stdout, *worst, reports...)
	return nil
}
