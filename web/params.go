package web

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/govreply/precedent/record"
	"github.com/govreply/precedent/search"
)

// searchParams are the query parameters of /api/search and /api/export.
var searchParams = map[string]bool{
	"q": true, "kind": true, "department": true, "lead": true, "year": true, "proposer": true, "topic": true, "status": true,
	"year_from": true, "year_to": true, "date_from": true, "date_to": true, "page": true, "size": true, "sort": true, "group": true, "noexpand": true,
	"facet_size": true, "facets": true,
}

// parseSearch reads a search request from URL parameters. Every error is a
// *search.RequestError naming the parameter.
func parseSearch(v url.Values) (search.Request, error) {
	var r search.Request
	for k := range v {
		if k != "" && !searchParams[k] { // "?=" has an empty name: nothing to misread
			return r, &search.RequestError{Param: k, Msg: "unknown parameter"}
		}
	}
	r.Query = v.Get("q")
	if n := len([]rune(r.Query)); n > search.MaxQueryRunes {
		return r, &search.RequestError{Param: "q", Msg: fmt.Sprintf("query is %d characters long; at most %d", n, search.MaxQueryRunes)}
	}
	r.Kinds = nonEmpty(v["kind"])
	r.Departments = nonEmpty(v["department"])
	r.Leads = nonEmpty(v["lead"])
	r.Proposers = nonEmpty(v["proposer"])
	r.Topics = nonEmpty(v["topic"])
	for _, y := range nonEmpty(v["year"]) {
		n, err := parseYear("year", y)
		if err != nil {
			return r, err
		}
		r.Years = append(r.Years, n)
	}
	var err error
	if r.YearFrom, err = optYear(v, "year_from"); err != nil {
		return r, err
	}
	if r.YearTo, err = optYear(v, "year_to"); err != nil {
		return r, err
	}
	r.DateFrom = strings.TrimSpace(v.Get("date_from"))
	r.DateTo = strings.TrimSpace(v.Get("date_to"))
	for _, s := range nonEmpty(v["status"]) {
		st, ok := record.ParseStatus(s)
		if !ok {
			return r, &search.RequestError{Param: "status", Msg: fmt.Sprintf("%q: want done, in_progress, planned, not_adopted, replied or unanswered", s)}
		}
		r.Statuses = append(r.Statuses, st)
	}
	if r.Page, err = optInt(v, "page", 1, search.MaxPage); err != nil {
		return r, err
	}
	if r.Size, err = optInt(v, "size", 1, search.MaxSize); err != nil {
		return r, err
	}
	if r.FacetSize, err = optInt(v, "facet_size", 1, 1000); err != nil {
		return r, err
	}
	r.Sort = search.Sort(v.Get("sort"))
	r.Group = search.Grouping(v.Get("group"))
	switch v.Get("facets") {
	case "", "1", "true":
	case "0", "false":
		r.NoFacets = true
	default:
		return r, &search.RequestError{Param: "facets", Msg: "want 1 or 0"}
	}
	switch v.Get("noexpand") {
	case "", "0", "false":
	case "1", "true":
		r.NoExpand = true
	default:
		return r, &search.RequestError{Param: "noexpand", Msg: "want 1 or 0"}
	}
	return r, r.Validate()
}

func nonEmpty(ss []string) []string {
	var out []string
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func parseYear(name, s string) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < 1000 || n > 9999 {
		return 0, &search.RequestError{Param: name, Msg: fmt.Sprintf("%q is not a year", s)}
	}
	return n, nil
}

func optYear(v url.Values, name string) (int, error) {
	s := strings.TrimSpace(v.Get(name))
	if s == "" {
		return 0, nil
	}
	return parseYear(name, s)
}

func optInt(v url.Values, name string, lo, hi int) (int, error) {
	s := strings.TrimSpace(v.Get(name))
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, &search.RequestError{Param: name, Msg: fmt.Sprintf("%q is not a number", s)}
	}
	if n < lo || n > hi {
		return 0, &search.RequestError{Param: name, Msg: fmt.Sprintf("%d is out of range: %d to %d", n, lo, hi)}
	}
	return n, nil
}
