package main

import (
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/govreply/precedent/indexer"
)

func runIndex(args []string) error {
	fs := flag.NewFlagSet("index", flag.ExitOnError)
	out := fs.String("o", "", "data directory to build the index in (required)")
	quiet := fs.Bool("q", false, "no progress bar")
	shard := fs.Bool("shard-by-year", false, "keep one index a year under DIR/shards; rebuild only the years in FILEs")
	partitions := fs.Int("partitions", 0, "split the index into N partitions, searched at once, one core each (0: one per 20,000 suggestions, at most one per core)")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: precedent index -o DIR FILE...\n\nFILE is a Word table saved as text (.txt), .csv, .jsonl or .xlsx.")
		fs.PrintDefaults()
	}
	fs.Parse(args)
	if *out == "" || fs.NArg() == 0 {
		fs.Usage()
		return fmt.Errorf("need -o DIR and at least one FILE")
	}
	start := time.Now()
	c, err := indexer.ReadFiles(fs.Args()...)
	if err != nil {
		return fmt.Errorf("nothing indexed, the index in %s is unchanged:\n%w", *out, err)
	}
	for _, w := range c.Warnings {
		fmt.Fprintln(os.Stderr, "warning:", w)
	}
	if *partitions < 0 {
		return fmt.Errorf("-partitions %d: want 0 (automatic) or more", *partitions)
	}
	opts := indexer.BuildOptions{Sources: fs.Args(), Partitions: *partitions}
	if !*quiet {
		bar := progressbar.NewOptions(c.Suggestions(),
			progressbar.OptionSetWriter(os.Stderr),
			progressbar.OptionSetDescription("indexing"),
			progressbar.OptionShowCount(),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionClearOnFinish())
		opts.Progress = func(done, total int) { bar.Set(done) }
	}
	if *shard {
		sts, err := indexer.BuildShards(*out, c.Proposals, opts)
		for _, st := range sts {
			fmt.Printf("shard %s: %d proposals, %d suggestions in %.2f s\n", st.Path, st.Proposals, st.Suggestions, st.Duration.Seconds())
		}
		if err != nil {
			return fmt.Errorf("the shards listed above were rebuilt, the others are unchanged: %w", err)
		}
		fmt.Printf("indexed %d proposals, %d suggestions into %d year shards (%d skipped: ids imported twice, the later kept) in %.2f s\n",
			len(c.Proposals), c.Suggestions(), len(sts), len(c.Warnings), time.Since(start).Seconds())
		return nil
	}
	st, err := indexer.Build(*out, c.Proposals, opts)
	if err != nil {
		return fmt.Errorf("nothing indexed, the index in %s is unchanged: %w", *out, err)
	}
	fmt.Printf("indexed %d proposals, %d suggestions (%d skipped: ids imported twice, the later kept) in %.2f s into %s (%d partitions)\n",
		st.Proposals, st.Suggestions, len(c.Warnings), time.Since(start).Seconds(), st.Path, st.Partitions)
	return nil
}
