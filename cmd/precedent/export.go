package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/govreply/precedent/ingest"
	"github.com/govreply/precedent/record"
	"github.com/govreply/precedent/search"
)

func runExport(args []string) error {
	fs := flag.NewFlagSet("export", flag.ExitOnError)
	dir := fs.String("index", defaultDataDir(), "data directory of the index")
	format := fs.String("format", "csv", "csv, jsonl or xlsx")
	out := fs.String("o", "", "output file (default standard output)")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: precedent export [-index DIR] [-format csv|jsonl|xlsx] [-o FILE]\n\nWrites every indexed record in an import format, in import order.")
		fs.PrintDefaults()
	}
	fs.Parse(args)
	write := map[string]func(io.Writer, []record.Proposal) error{
		"csv": ingest.WriteCSV, "jsonl": ingest.WriteJSONL, "xlsx": ingest.WriteXLSX,
	}[*format]
	if write == nil {
		return fmt.Errorf("-format %q: want csv, jsonl or xlsx", *format)
	}
	s, err := search.Open(*dir, nil)
	if err != nil {
		return err
	}
	defer s.Close()
	ps, err := s.All(context.Background())
	if err != nil {
		return err
	}
	w := io.Writer(os.Stdout)
	if *out != "" {
		f, err := os.Create(*out)
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	return write(w, ps)
}
