// Command precedent indexes government proposals and their replies and
// searches them, from the terminal or as a web service.
//
//	precedent index -o DIR FILE...       build an index
//	precedent search [flags] QUERY       search it
//	precedent serve [flags] [FILE...]    serve the web page and the HTTP API
//	precedent eval [flags]               measure ranking on the judged queries
//	precedent export [flags]             write the indexed records out again
package main

import (
	"fmt"
	"os"

	"github.com/govreply/precedent/bench"
)

const usage = `precedent: search proposals (提案/建议) and their replies (办理答复)

usage:
  precedent index  -o DIR FILE...      build an index from .txt (Word table export), .csv, .jsonl or .xlsx
  precedent search [-index DIR] [-json] [-year Y] [-department D] [-proposer P] [-topic T] [-status S] QUERY
  precedent serve  [-index DIR] [-addr 127.0.0.1:8080] [FILE...]
  precedent eval   [-queries FILE] [-real DIR]
  precedent export [-index DIR] [-format csv|jsonl|xlsx] [-o FILE]
  precedent bench  [-n 10000,100000] [-seed 1] [-queries 200] [-out DIR]

Run "precedent COMMAND -h" for a command's flags.
`

func main() {
	if len(os.Args) < 2 {
		fmt.Fprint(os.Stderr, usage)
		os.Exit(2)
	}
	cmds := map[string]func([]string) error{
		"index":  runIndex,
		"search": runSearch,
		"serve":  runServe,
		"eval":   runEval,
		"export": runExport,
		"bench":  bench.Main,
	}
	cmd, ok := cmds[os.Args[1]]
	if !ok {
		if os.Args[1] == "-h" || os.Args[1] == "--help" || os.Args[1] == "help" {
			fmt.Print(usage)
			return
		}
		fmt.Fprintf(os.Stderr, "precedent: unknown command %q\n\n%s", os.Args[1], usage)
		os.Exit(2)
	}
	if err := cmd(os.Args[2:]); err != nil {
		fmt.Fprintf(os.Stderr, "precedent %s: %v\n", os.Args[1], err)
		os.Exit(1)
	}
}
