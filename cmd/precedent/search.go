package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"html"
	"os"
	"strings"

	"github.com/govreply/precedent/indexer"
	"github.com/govreply/precedent/record"
	"github.com/govreply/precedent/search"
)

// listFlag is a repeatable string flag.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

func runSearch(args []string) error {
	fs := flag.NewFlagSet("search", flag.ExitOnError)
	dir := fs.String("index", defaultDataDir(), "data directory of the index")
	asJSON := fs.Bool("json", false, "print the response as JSON")
	size := fs.Int("size", 10, "hits to show")
	page := fs.Int("page", 1, "page of hits")
	sortBy := fs.String("sort", "relevance", "relevance, year_desc, year_asc, date_desc or date_asc")
	dateFrom := fs.String("date-from", "", "filter: submitted (else replied) on or after this date, 2019-06-20")
	dateTo := fs.String("date-to", "", "filter: submitted (else replied) on or before this date")
	group := fs.Bool("group", false, "group hits by proposal")
	noExpand := fs.Bool("noexpand", false, "do not search thesaurus synonyms")
	var kinds, years, depts, leads, proposers, topics, statuses listFlag
	fs.Var(&kinds, "kind", "filter: kind of record, 提案, 建议, 留言 … (repeatable)")
	fs.Var(&years, "year", "filter: year (repeatable)")
	fs.Var(&depts, "department", "filter: lead or co-department (repeatable)")
	fs.Var(&leads, "lead", "filter: lead department (repeatable)")
	fs.Var(&proposers, "proposer", "filter: proposer (repeatable)")
	fs.Var(&topics, "topic", "filter: topic (repeatable)")
	fs.Var(&statuses, "status", "filter: done, in_progress, planned, not_adopted, replied or unanswered (repeatable)")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: precedent search [flags] QUERY\n\nQUERY: words, \"a phrase\", -excluded, 标题:word, 提案人:name. Empty: browse by filters.")
		fs.PrintDefaults()
	}
	fs.Parse(args)
	req := search.Request{Query: strings.Join(fs.Args(), " "), Size: *size, Page: *page, Sort: search.Sort(*sortBy),
		Kinds: kinds, Departments: depts, Leads: leads, Proposers: proposers, Topics: topics, NoExpand: *noExpand,
		DateFrom: *dateFrom, DateTo: *dateTo}
	if *group {
		req.Group = search.ByProposal
	}
	var err error
	if req.Years, err = parseYears(years); err != nil {
		return err
	}
	for _, s := range statuses {
		st, ok := record.ParseStatus(s)
		if !ok {
			return fmt.Errorf("-status %q: want done, in_progress, planned, not_adopted, replied or unanswered", s)
		}
		req.Statuses = append(req.Statuses, st)
	}
	s, err := search.Open(*dir, nil)
	if err != nil {
		return err
	}
	defer s.Close()
	resp, err := s.Search(context.Background(), req)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(os.Stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		return enc.Encode(resp)
	}
	printResponse(resp)
	return nil
}

func parseYears(ss []string) ([]int, error) {
	var out []int
	for _, s := range ss {
		var y int
		if _, err := fmt.Sscanf(s, "%d", &y); err != nil || y < 1000 || y > 9999 {
			return nil, fmt.Errorf("-year %q: not a year", s)
		}
		out = append(out, y)
	}
	return out, nil
}

var fieldLabels = map[string]string{
	indexer.FieldTitle: "标题", indexer.FieldProposer: "提案人", indexer.FieldSuggestion: "建议",
	indexer.FieldDone: "已落实", indexer.FieldInProgress: "正在落实", indexer.FieldPlanned: "计划落实", indexer.FieldNotAdopted: "未能落实",
	indexer.FieldLetter: "答复",
}

func printResponse(resp *search.Response) {
	for _, w := range resp.Unmatched {
		fmt.Printf("no text has %q: the hits, if any, are texts without it\n", w)
	}
	fmt.Printf("%d matching suggestions (%.1f ms)\n", resp.Total, resp.TookMS)
	for _, e := range resp.Expansions {
		fmt.Printf("also searched for %s: %s\n", e.Term, strings.Join(e.Synonyms, "、"))
	}
	for i, h := range resp.Hits {
		var st []string
		for _, s := range h.Status {
			st = append(st, record.Status(s).Label())
		}
		if h.Class != "" {
			st = append(st, h.Class)
		}
		when := fmt.Sprint(h.Year)
		if h.Date != "" {
			when = h.Date
		}
		fmt.Printf("\n%d. %s  %s\n   %s · %s · %s · %s · %s · score %.3f\n", (resp.Page-1)*resp.Size+i+1, h.ID, h.Title,
			h.Kind, when, h.Proposer, h.LeadDepartment, strings.Join(st, "/"), h.Score)
		for _, f := range indexer.TextFields {
			for _, frag := range h.Highlights[f] {
				if f == indexer.FieldTitle {
					continue
				}
				fmt.Printf("   [%s] %s\n", fieldLabels[f], terminalSnippet(frag))
			}
		}
	}
	if len(resp.Facets) > 0 {
		fmt.Println()
		for _, name := range search.FacetNames {
			var parts []string
			for _, v := range resp.Facets[name] {
				parts = append(parts, fmt.Sprintf("%s %d", v.Value, v.Count))
			}
			if len(parts) > 0 {
				fmt.Printf("%-10s %s\n", name+":", strings.Join(parts, " · "))
			}
		}
	}
	if len(resp.ReplyDays) > 0 {
		var parts []string
		for _, d := range resp.ReplyDays {
			parts = append(parts, fmt.Sprintf("%s %g days (%d)", d.Department, d.Median, d.Count))
		}
		fmt.Printf("%-10s %s\n", "reply:", strings.Join(parts, " · "))
	}
}

// terminalSnippet turns an HTML fragment into terminal text, matches in 【】.
func terminalSnippet(s string) string {
	s = strings.NewReplacer("<mark>", "【", "</mark>", "】", "\n", " ").Replace(s)
	return html.UnescapeString(s)
}

func defaultDataDir() string {
	if d := os.Getenv("PRECEDENT_DATA"); d != "" {
		return d
	}
	return "data"
}
