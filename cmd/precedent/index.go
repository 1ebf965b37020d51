package main

import (
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/govreply/precedent/indexer"
	"github.com/govreply/precedent/ingest"
	"github.com/govreply/precedent/record"
)

// importFlags are the flags that say how files are read, shared by index
// and serve.
type importFlags struct {
	mapping *string
	kind    *string
}

func addImportFlags(fs *flag.FlagSet) importFlags {
	return importFlags{
		mapping: fs.String("map", "", "map columns to fields: header=field,… (e.g. 留言主题=title,诉求=text), or a file of header=field lines; field - keeps a column as is"),
		kind:    fs.String("kind", "", "the kind of the records whose file does not name one: 提案, 建议, 留言, …"),
	}
}

// options reads the flags into ingest options.
func (f importFlags) options() (ingest.Options, error) {
	opts := ingest.Options{Kind: record.NormalizeKind(*f.kind)}
	if *f.mapping == "" {
		return opts, nil
	}
	var err error
	if st, serr := os.Stat(*f.mapping); serr == nil && !st.IsDir() {
		opts.Map, err = ingest.LoadColumnMap(*f.mapping)
	} else {
		opts.Map, err = ingest.ParseColumnMap(*f.mapping)
	}
	return opts, err
}

// readFiles reads the files with the flags' options and prints what it read
// (the mapping of each file's columns) and the warnings on stderr.
func (f importFlags) readFiles(paths []string) (*ingest.Collection, error) {
	opts, err := f.options()
	if err != nil {
		return nil, err
	}
	c, err := ingest.ReadFiles(opts, paths...)
	if err != nil {
		return nil, err
	}
	c.Describe(os.Stderr)
	for _, w := range c.Warnings {
		fmt.Fprintln(os.Stderr, "warning:", w)
	}
	return c, nil
}

func runIndex(args []string) error {
	fs := flag.NewFlagSet("index", flag.ExitOnError)
	out := fs.String("o", "", "data directory to build the index in (required)")
	quiet := fs.Bool("q", false, "no progress bar")
	shard := fs.Bool("shard-by-year", false, "keep one index a year under DIR/shards; rebuild only the years in FILEs")
	partitions := fs.Int("partitions", 0, "split the index into N partitions, searched at once, one core each (0: one per 20,000 suggestions, at most one per core)")
	imp := addImportFlags(fs)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: precedent index -o DIR [-map header=field,…] [-kind KIND] FILE...\n\nFILE is a Word table saved as text (.txt), a Word document (.docx), .csv, .xlsx or .jsonl.")
		fs.PrintDefaults()
	}
	fs.Parse(args)
	if *out == "" || fs.NArg() == 0 {
		fs.Usage()
		return fmt.Errorf("need -o DIR and at least one FILE")
	}
	if *partitions < 0 {
		return fmt.Errorf("-partitions %d: want 0 (automatic) or more", *partitions)
	}
	start := time.Now()
	c, err := imp.readFiles(fs.Args())
	if err != nil {
		return fmt.Errorf("nothing indexed, the index in %s is unchanged:\n%w", *out, err)
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
			fmt.Printf("shard %s: %d records, %d suggestions in %.2f s\n", st.Path, st.Proposals, st.Suggestions, st.Duration.Seconds())
		}
		if err != nil {
			return fmt.Errorf("the shards listed above were rebuilt, the others are unchanged: %w", err)
		}
		fmt.Printf("indexed %d records, %d suggestions into %d year shards (%d warnings) in %.2f s\n",
			len(c.Proposals), c.Suggestions(), len(sts), len(c.Warnings), time.Since(start).Seconds())
		return nil
	}
	st, err := indexer.Build(*out, c.Proposals, opts)
	if err != nil {
		return fmt.Errorf("nothing indexed, the index in %s is unchanged: %w", *out, err)
	}
	fmt.Printf("indexed %d records, %d suggestions (%d warnings) in %.2f s into %s (%d partitions)\n",
		st.Proposals, st.Suggestions, len(c.Warnings), time.Since(start).Seconds(), st.Path, st.Partitions)
	return nil
}
