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
	queries := fs.String("queries", "", "judged queries, JSON Lines (default: the bundled set)")
	worst := fs.Int("worst", 10, "worst queries to list per engine")
	partitions := fs.Int("partitions", 0, "index in N partitions (0: as precedent index would)")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: precedent eval [-queries FILE] [-partitions N] [DATA FILE...]\n\nIndexes the data (default: the bundled seed) with precedent and with bleve's cjk analyzer\nand prints recall@10, precision@5 and nDCG@10 per query kind for both.")
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
	if *partitions < 0 {
		return fmt.Errorf("-partitions %d: want 0 (automatic) or more", *partitions)
	}
	reports, err := eval.Compare(c.Proposals, qs, a, *partitions)
	if err != nil {
		return err
	}
	eval.Print(os.Stdout, *worst, reports...)
	return nil
}
