package web

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/govreply/precedent/dict"
	"github.com/govreply/precedent/indexer"
	"github.com/govreply/precedent/ingest"
	"github.com/govreply/precedent/record"
	"github.com/govreply/precedent/search"
)

var (
	apiOnce sync.Once
	apiDir  string
	apiErr  error
)

// apiDataDir builds one index of the real seed for the package's API tests.
func apiDataDir(t *testing.T) string {
	t.Helper()
	apiOnce.Do(func() {
		ps, err := ingest.ReadRecords(ingest.Options{}, "../testdata/000_8b6b214a39f4da34.txt")
		if err != nil {
			apiErr = err
			return
		}
		dir, err := os.MkdirTemp("", "web-test-")
		if err != nil {
			apiErr = err
			return
		}
		apiDir = dir
		_, apiErr = indexer.Build(dir, ps, indexer.BuildOptions{Analyzer: dict.MustDefault()})
	})
	if apiErr != nil {
		t.Fatal(apiErr)
	}
	return apiDir
}

// apiServer starts a real HTTP server on loopback over the seed index.
func apiServer(t *testing.T, cfg Config) (*Server, *httptest.Server) {
	t.Helper()
	cfg.DataDir = apiDataDir(t)
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(func() { ts.Close(); s.Close() })
	return s, ts
}

func get(t *testing.T, ts *httptest.Server, path string, into any) *http.Response {
	t.Helper()
	resp, err := http.Get(ts.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if into != nil {
		if err := json.Unmarshal(body, into); err != nil {
			t.Fatalf("GET %s: %d %s: %v", path, resp.StatusCode, body, err)
		}
	}
	return resp
}

type searchResp struct {
	Total       int              `json:"total"`
	TookMS      float64          `json:"took_ms"`
	Hits        []map[string]any `json:"hits"`
	Groups      []map[string]any `json:"groups"`
	TotalGroups int              `json:"total_groups"`
	Facets      map[string][]struct {
		Value string
		Count int
	} `json:"facets"`
	Expansions []map[string]any `json:"expansions"`
}

func TestSearchAPI(t *testing.T) {
	_, ts := apiServer(t, Config{})
	q := url.QueryEscape
	cases := []struct {
		name  string
		path  string
		total int
		check func(t *testing.T, r searchResp)
	}{
		{"compound", "/api/search?q=" + q("时间银行"), 4, func(t *testing.T, r searchResp) {
			h := r.Hits[0]
			for _, k := range []string{"id", "proposal_id", "suggestion_no", "title", "proposer", "year", "lead_department", "co_departments", "topics", "status", "score", "highlights"} {
				if _, ok := h[k]; !ok {
					t.Errorf("hit lacks %q: %v", k, h)
				}
			}
			hl, _ := json.Marshal(h["highlights"])
			if !strings.Contains(string(hl), `\u003cmark\u003e时间银行`) && !strings.Contains(string(hl), "<mark>时间银行") {
				t.Errorf("no mark in %s", hl)
			}
		}},
		{"browse", "/api/search", 70, func(t *testing.T, r searchResp) {
			want := map[string]int{"2019": 55, "2020": 15}
			for _, v := range r.Facets["year"] {
				if want[v.Value] != v.Count {
					t.Errorf("year %s: %d, want %d", v.Value, v.Count, want[v.Value])
				}
			}
			for _, f := range []string{"department", "lead", "year", "proposer", "topic", "status"} {
				if len(r.Facets[f]) == 0 {
					t.Errorf("facet %s empty", f)
				}
			}
		}},
		{"year filter", "/api/search?year=2020", 15, nil},
		{"year range", "/api/search?year_from=2019&year_to=2019", 55, nil},
		{"two years", "/api/search?year=2019&year=2020", 70, nil},
		{"status", "/api/search?status=not_adopted", 2, nil},
		{"two statuses", "/api/search?status=not_adopted&status=planned", 13, nil},
		{"department (lead or co)", "/api/search?department=" + q("市委大湾区办"), 3, nil},
		{"lead", "/api/search?lead=" + q("市民政局"), 70, nil},
		{"proposer", "/api/search?proposer=" + q("房涛"), 6, nil},
		{"topic", "/api/search?topic=" + q("养老 › 时间银行") + "&q=" + q("时间银行"), 4, nil},
		{"query with facets under filter", "/api/search?q=" + q("养老") + "&year=2020", -1, func(t *testing.T, r searchResp) {
			for _, v := range r.Facets["year"] {
				if v.Value != "2020" {
					t.Errorf("year facet under a 2020 filter has %s", v.Value)
				}
			}
		}},
		{"paging", "/api/search?page=2&size=30", 70, func(t *testing.T, r searchResp) {
			if len(r.Hits) != 30 {
				t.Errorf("page 2 of 30: %d hits", len(r.Hits))
			}
		}},
		{"last page", "/api/search?page=3&size=30", 70, func(t *testing.T, r searchResp) {
			if len(r.Hits) != 10 {
				t.Errorf("page 3 of 30: %d hits", len(r.Hits))
			}
		}},
		{"sort year_asc", "/api/search?q=" + q("养老") + "&sort=year_asc&size=100", -1, func(t *testing.T, r searchResp) {
			for i := 1; i < len(r.Hits); i++ {
				if r.Hits[i]["year"].(float64) < r.Hits[i-1]["year"].(float64) {
					t.Fatal("not in year order")
				}
			}
		}},
		{"sort year_desc", "/api/search?q=" + q("养老") + "&sort=year_desc&size=100", -1, func(t *testing.T, r searchResp) {
			if r.Hits[0]["year"].(float64) != 2020 {
				t.Error("newest not first")
			}
		}},
		{"group", "/api/search?q=" + q("儿童") + "&group=proposal&size=3", -1, func(t *testing.T, r searchResp) {
			if len(r.Groups) == 0 || r.TotalGroups < len(r.Groups) {
				t.Errorf("groups %d of %d", len(r.Groups), r.TotalGroups)
			}
		}},
		{"expansion reported", "/api/search?q=" + q("长者"), -1, func(t *testing.T, r searchResp) {
			if len(r.Expansions) == 0 {
				t.Error("no expansions reported")
			}
		}},
		{"expansion off", "/api/search?q=" + q("长者") + "&noexpand=1", -1, func(t *testing.T, r searchResp) {
			if len(r.Expansions) != 0 {
				t.Error("expansions with noexpand=1")
			}
		}},
		{"traditional", "/api/search?q=" + q("時間銀行"), 4, nil},
		{"nothing", "/api/search?q=" + q("和服"), 0, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var r searchResp
			resp := get(t, ts, c.path, &r)
			if resp.StatusCode != 200 {
				t.Fatalf("status %d", resp.StatusCode)
			}
			if c.total >= 0 && r.Total != c.total {
				t.Fatalf("total %d, want %d", r.Total, c.total)
			}
			if c.check != nil {
				c.check(t, r)
			}
		})
	}
}

func TestAPIErrors(t *testing.T) {
	_, ts := apiServer(t, Config{})
	cases := []struct {
		path  string
		code  int
		param string
	}{
		{"/api/search?status=maybe", 400, "status"},
		{"/api/search?year=twenty", 400, "year"},
		{"/api/search?year_from=x", 400, "year_from"},
		{"/api/search?size=101", 400, "size"},
		{"/api/search?size=0", 400, "size"},
		{"/api/search?page=0", 400, "page"},
		{"/api/search?page=abc", 400, "page"},
		{"/api/search?sort=random", 400, "sort"},
		{"/api/search?group=x", 400, "group"},
		{"/api/search?q=" + strings.Repeat("养", 501), 400, "q"},
		{"/api/search?color=red", 400, "color"},
		{"/api/proposals/20990001", 404, "id"},
		{"/api/proposals/abc", 404, "id"},
		{"/api/proposals/%20", 400, "id"},
		{"/api/similar", 400, "id"},
		{"/api/similar?id=20990001-1", 404, "id"},
		{"/api/similar?id=bad", 404, "id"},
		{"/api/similar?id=20190720-1&size=500", 400, "size"},
		{"/api/suggest?x=1", 400, "x"},
		{"/api/export?status=bad", 400, "status"},
		{"/api/nothing", 404, ""},
	}
	for _, c := range cases {
		var body map[string]any
		resp := get(t, ts, c.path, &body)
		if resp.StatusCode != c.code {
			t.Errorf("%s: %d, want %d (%v)", c.path, resp.StatusCode, c.code, body)
			continue
		}
		msg, _ := body["error"].(string)
		if msg == "" {
			t.Errorf("%s: no error message: %v", c.path, body)
		}
		if c.param != "" && body["param"] != c.param {
			t.Errorf("%s: param %v, want %s", c.path, body["param"], c.param)
		}
	}
	// POST errors.
	for _, c := range []struct {
		body string
		code int
	}{
		{`not json`, 400},
		{`{"text": ""}`, 400},
		{`{"text": "养老", "size": 1000}`, 400},
		{`{"text": "养老", "colour": 1}`, 400},
		{`{"text": "` + strings.Repeat("养", 2<<20) + `"}`, 413},
	} {
		resp, err := http.Post(ts.URL+"/api/similar", "application/json", strings.NewReader(c.body))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != c.code {
			t.Errorf("POST /api/similar %.30q: %d, want %d", c.body, resp.StatusCode, c.code)
		}
	}
}

func TestProposalAPI(t *testing.T) {
	_, ts := apiServer(t, Config{})
	var p struct {
		ID          string `json:"id"`
		Title       string `json:"title"`
		Suggestions []struct {
			ID    string            `json:"id"`
			No    int               `json:"no"`
			Text  string            `json:"text"`
			Reply map[string]string `json:"reply"`
		} `json:"suggestions"`
	}
	if resp := get(t, ts, "/api/proposals/20190798", &p); resp.StatusCode != 200 {
		t.Fatal(resp.Status)
	}
	ps, _ := ingest.ReadRecords(ingest.Options{}, "../testdata/000_8b6b214a39f4da34.txt")
	for _, want := range ps {
		if want.ID != p.ID {
			continue
		}
		if p.Title != want.Title || len(p.Suggestions) != len(want.Suggestions) {
			t.Fatalf("got %q with %d suggestions", p.Title, len(p.Suggestions))
		}
		for i, s := range want.Suggestions {
			g := p.Suggestions[i]
			if g.Text != s.Text || g.Reply["done"] != s.Reply.Done || g.Reply["in_progress"] != s.Reply.InProgress ||
				g.Reply["planned"] != s.Reply.Planned || g.Reply["not_adopted"] != s.Reply.NotAdopted {
				t.Errorf("suggestion %d differs from the source", s.No)
			}
		}
		return
	}
	t.Fatal("20190798 not in the seed")
}

func TestSimilarAPI(t *testing.T) {
	_, ts := apiServer(t, Config{})
	body := `{"text": "建议推广时间银行互助养老模式，鼓励低龄老人为高龄老人提供志愿服务", "size": 3}`
	resp, err := http.Post(ts.URL+"/api/similar", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	var r struct {
		Hits  []map[string]any `json:"hits"`
		Terms []string         `json:"terms"`
	}
	json.NewDecoder(resp.Body).Decode(&r)
	resp.Body.Close()
	if resp.StatusCode != 200 || len(r.Hits) == 0 || len(r.Hits) > 3 || len(r.Terms) == 0 {
		t.Fatalf("%d: %+v", resp.StatusCode, r)
	}
	var byID struct {
		Hits []map[string]any `json:"hits"`
	}
	if resp := get(t, ts, "/api/similar?id=20190842-2&size=5", &byID); resp.StatusCode != 200 || len(byID.Hits) == 0 {
		t.Fatalf("similar by id: %d %v", resp.StatusCode, byID)
	}
	for _, h := range byID.Hits {
		if h["id"] == "20190842-2" {
			t.Error("similar by id returned itself")
		}
	}
}

func TestSuggestAPI(t *testing.T) {
	_, ts := apiServer(t, Config{})
	for _, q := range []string{"时间", "yanglao", "ylfw", "九三"} {
		var r struct {
			Suggestions []struct{ Text, Kind string } `json:"suggestions"`
		}
		get(t, ts, "/api/suggest?q="+url.QueryEscape(q), &r)
		if len(r.Suggestions) == 0 || len(r.Suggestions) > 10 {
			t.Errorf("suggest %s: %v", q, r.Suggestions)
		}
	}
}

func TestExportAPI(t *testing.T) {
	_, ts := apiServer(t, Config{})
	resp, err := http.Get(ts.URL + "/api/export?q=" + url.QueryEscape("时间银行"))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("%d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	if !bytes.HasPrefix(data, []byte("\uFEFF")) {
		t.Fatal("no byte-order mark")
	}
	rows, err := csv.NewReader(bytes.NewReader(data[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 5 || rows[0][0] != "id" {
		t.Fatalf("%d rows, header %v", len(rows), rows[0])
	}
	// The export is an import file.
	ps, err := ingest.ParseRecords("export.csv", data, ingest.Options{})
	if err != nil || len(ps) == 0 {
		t.Fatalf("export does not re-import: %v", err)
	}
}

func TestHealthMetricsOpenAPIPage(t *testing.T) {
	_, ts := apiServer(t, Config{})
	var h map[string]any
	if resp := get(t, ts, "/healthz", &h); resp.StatusCode != 200 || h["suggestions"].(float64) != 70 || h["partitions"].(float64) != 1 {
		t.Fatalf("healthz %v", h)
	}
	get(t, ts, "/api/search?q=x", nil)
	get(t, ts, "/api/search?size=1000", nil)
	resp, err := http.Get(ts.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	m, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, want := range []string{`precedent_http_requests_total{code="200",route="/api/search"}`, "precedent_http_request_duration_seconds_bucket",
		"precedent_index_documents 70", "precedent_index_age_seconds", "precedent_http_errors_total"} {
		if !strings.Contains(string(m), want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	var spec map[string]any
	if resp := get(t, ts, "/api/openapi.json", &spec); resp.StatusCode != 200 || spec["openapi"] == nil {
		t.Fatalf("openapi: %v", spec["openapi"])
	}
	paths, _ := spec["paths"].(map[string]any)
	for _, p := range []string{"/api/search", "/api/proposals/{id}", "/api/similar", "/api/suggest", "/api/export", "/healthz"} {
		if _, ok := paths[p]; !ok {
			t.Errorf("openapi lacks %s", p)
		}
	}
	for _, page := range []string{"/", "/proposal/20190720", "/ui/app.js", "/ui/style.css", "/embed.js"} {
		resp, err := http.Get(ts.URL + page)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("%s: %d", page, resp.StatusCode)
		}
		csp := resp.Header.Get("Content-Security-Policy")
		if !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") || resp.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: headers CSP %q nosniff %q", page, csp, resp.Header.Get("X-Content-Type-Options"))
		}
	}
}

func TestCORS(t *testing.T) {
	_, ts := apiServer(t, Config{CORSOrigins: []string{"http://intranet.example"}})
	do := func(origin string) *http.Response {
		req, _ := http.NewRequest("GET", ts.URL+"/api/search?q=x", nil)
		req.Header.Set("Origin", origin)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	if r := do("http://intranet.example"); r.StatusCode != 200 || r.Header.Get("Access-Control-Allow-Origin") != "http://intranet.example" {
		t.Errorf("allowed origin: %d %q", r.StatusCode, r.Header.Get("Access-Control-Allow-Origin"))
	}
	if r := do("http://evil.example"); r.StatusCode != 403 || r.Header.Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("refused origin: %d %q", r.StatusCode, r.Header.Get("Access-Control-Allow-Origin"))
	}
	if r := do(ts.URL); r.StatusCode != 200 {
		t.Errorf("same origin: %d", r.StatusCode)
	}
	req, _ := http.NewRequest("OPTIONS", ts.URL+"/api/similar", nil)
	req.Header.Set("Origin", "http://intranet.example")
	req.Header.Set("Access-Control-Request-Method", "POST")
	req.Header.Set("Access-Control-Request-Headers", "content-type")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode >= 300 || resp.Header.Get("Access-Control-Allow-Origin") != "http://intranet.example" {
		t.Errorf("preflight: %d %v", resp.StatusCode, resp.Header)
	}
}

func TestAdminRoutesNeedToken(t *testing.T) {
	_, ts := apiServer(t, Config{})
	resp, _ := http.Post(ts.URL+"/api/admin/reload", "", nil)
	if resp.StatusCode != 404 {
		t.Errorf("admin route exists without a token: %d", resp.StatusCode)
	}
	_, ts2 := apiServer(t, Config{AdminToken: "s3cret"})
	resp, _ = http.Post(ts2.URL+"/api/admin/reload", "", nil)
	if resp.StatusCode != 401 {
		t.Errorf("no token: %d", resp.StatusCode)
	}
	req, _ := http.NewRequest("POST", ts2.URL+"/api/admin/reload", nil)
	req.Header.Set("X-Admin-Token", "s3cret")
	resp, _ = http.DefaultClient.Do(req)
	if resp.StatusCode != 200 {
		t.Errorf("with token: %d", resp.StatusCode)
	}
}

// equalRecords compares two records field by field (an empty list and none
// are the same).
func equalRecords(t *testing.T, where string, got, want record.Proposal) bool {
	t.Helper()
	ok := true
	check := func(field string, g, w any) {
		if !reflect.DeepEqual(g, w) {
			t.Errorf("%s: record %s: %s %#v, want %#v", where, want.ID, field, g, w)
			ok = false
		}
	}
	list := func(ss []string) []string {
		if len(ss) == 0 {
			return nil
		}
		return ss
	}
	check("id", got.ID, want.ID)
	check("kind", got.Kind, want.Kind)
	check("year", got.Year, want.Year)
	check("title", got.Title, want.Title)
	check("proposer", got.Proposer, want.Proposer)
	check("co_proposers", list(got.CoProposers), list(want.CoProposers))
	check("lead_department", got.LeadDepartment, want.LeadDepartment)
	check("co_departments", list(got.CoDepartments), list(want.CoDepartments))
	check("submitted", got.Submitted, want.Submitted)
	check("replied", got.Replied, want.Replied)
	check("class", got.Class, want.Class)
	check("category", got.Category, want.Category)
	if len(got.Suggestions) != len(want.Suggestions) {
		t.Errorf("%s: record %s: %d suggestions, want %d", where, want.ID, len(got.Suggestions), len(want.Suggestions))
		return false
	}
	for i, w := range want.Suggestions {
		g := got.Suggestions[i]
		check(fmt.Sprintf("suggestion %d no", i), g.No, w.No)
		check(fmt.Sprintf("suggestion %d text", i), g.Text, w.Text)
		check(fmt.Sprintf("suggestion %d reply", i), g.Reply, w.Reply)
		if len(g.Extra) > 0 || len(w.Extra) > 0 {
			check(fmt.Sprintf("suggestion %d extra", i), g.Extra, w.Extra)
		}
	}
	return ok
}

// getExport fetches an export and reads it back as an import.
func getExport(t *testing.T, ts *httptest.Server, query string) ([]string, []record.Proposal) {
	t.Helper()
	resp, err := http.Get(ts.URL + "/api/export" + query)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		t.Fatalf("export%s: %s: %s", query, resp.Status, data)
	}
	header, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\uFEFF")))).Read()
	if err != nil {
		t.Fatal(err)
	}
	ps, err := ingest.ParseRecords("export.csv", data, ingest.Options{})
	if err != nil {
		t.Fatalf("export%s does not import: %v", query, err)
	}
	return header, ps
}

// The export of every shape of record (the seed's four columns; a CPPCC
// list's classes, dates, co-proposers, categories and letters; an NPC list;
// messages with kept columns and an id that needs escaping) imports back as
// the same records, and a filtered export holds the records of its search.
func TestExportRoundTripShapes(t *testing.T) {
	s, err := New(Config{DataDir: shapesDataDir(t)})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(func() { ts.Close(); s.Close() })
	want := shapesRecords(t)

	header, got := getExport(t, ts, "")
	wantHeader := []string{"id", "kind", "year", "title", "proposer", "co_proposers", "lead_department", "co_departments",
		"submitted", "replied", "class", "category", "suggestion_no", "text", "done", "in_progress", "planned", "not_adopted", "letter",
		"留言用户", "点赞数"}
	if !slices.Equal(header, wantHeader) {
		t.Errorf("header %q, want %q", header, wantHeader)
	}
	if len(got) != len(want) {
		t.Fatalf("%d records back, %d imported", len(got), len(want))
	}
	for i := range want {
		equalRecords(t, "export", got[i], want[i])
	}

	// The page's export link carries its filters: the messages of a date
	// range, newest first.
	q := url.Values{"kind": {"留言"}, "date_from": {"2019-02-01"}, "date_to": {"2019-06-20"}, "sort": {"date_desc"}}
	_, got = getExport(t, ts, "?"+q.Encode())
	var ids []string
	for _, p := range got {
		ids = append(ids, p.ID)
		equalRecords(t, "filtered export", p, shapesRecord(t, p.ID))
	}
	if !slices.Equal(ids, []string{escapedID, "2551"}) {
		t.Errorf("filtered export holds %q", ids)
	}
}

// webDocx is a .docx of one table whose cells hold the texts of rows (a
// paragraph a line). ingest/internal/docxtest makes richer ones, but only
// ingest may import it.
func webDocx(t *testing.T, rows [][]string) []byte {
	t.Helper()
	var body strings.Builder
	body.WriteString(`<w:tbl>`)
	for _, row := range rows {
		body.WriteString(`<w:tr>`)
		for _, cell := range row {
			body.WriteString(`<w:tc>`)
			for _, line := range strings.Split(cell, "\n") {
				body.WriteString(`<w:p><w:r><w:t xml:space="preserve">`)
				xml.EscapeText(&body, []byte(line))
				body.WriteString(`</w:t></w:r></w:p>`)
			}
			body.WriteString(`</w:tc>`)
		}
		body.WriteString(`</w:tr>`)
	}
	body.WriteString(`</w:tbl>`)
	parts := []struct{ name, data string }{
		{"[Content_Types].xml", xml.Header + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
			`<Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`},
		{"_rels/.rels", xml.Header + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`},
		{"word/document.xml", xml.Header + `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` +
			body.String() + `</w:body></w:document>`},
	}
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	for _, p := range parts {
		f, err := z.Create(p.name)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(f, p.data)
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// postImport posts files (name → content) and form fields to the admin
// import and decodes the answer.
func postImport(t *testing.T, ts *httptest.Server, token string, files [][2]string, fields map[string]string) (int, map[string]any) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for _, f := range files {
		w, err := mw.CreateFormFile("file", f[0])
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, f[1])
	}
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, ts.URL+"/api/admin/import", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("X-Admin-Token", token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	data, _ := io.ReadAll(resp.Body)
	if err := json.Unmarshal(data, &out); err != nil {
		t.Fatalf("import answer %s: %v", data, err)
	}
	return resp.StatusCode, out
}

// The admin import takes the files the command line takes: a Word reply
// table (.docx), as LibreOffice saves the seed and as a CPPCC office's list
// with a header row; a CSV whose headers it does not know, with a "map" of
// them and the "kind" of its records.
func TestAdminImportShapes(t *testing.T) {
	const token = "s3cret"
	s, err := New(Config{DataDir: shapesDataDir(t), AdminToken: token})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(func() { ts.Close(); s.Close() })

	// The seed's reply table as LibreOffice writes it.
	doc, err := os.ReadFile("../ingest/testdata/seed-libreoffice.docx")
	if err != nil {
		t.Fatal(err)
	}
	code, out := postImport(t, ts, token, [][2]string{{"seed.docx", string(doc)}}, nil)
	if code != 200 || out["proposals"] != float64(18) || out["suggestions"] != float64(70) {
		t.Fatalf("seed.docx: %d %v", code, out)
	}
	seed, err := ingest.ReadRecords(ingest.Options{}, "../testdata/000_8b6b214a39f4da34.txt")
	if err != nil {
		t.Fatal(err)
	}
	_, got := getExport(t, ts, "")
	if len(got) != len(seed) {
		t.Fatalf("after seed.docx: %d records, the seed has %d", len(got), len(seed))
	}
	for i := range seed {
		equalRecords(t, "seed.docx", got[i], seed[i])
	}

	// A CPPCC list as a Word table with a header row.
	rows, err := csv.NewReader(strings.NewReader(shapeFiles[0].data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	code, out = postImport(t, ts, token, [][2]string{{"cppcc.docx", string(webDocx(t, rows))}}, nil)
	if code != 200 || out["proposals"] != float64(len(rows)-1) {
		t.Fatalf("cppcc.docx: %d %v", code, out)
	}
	cppcc, err := ingest.ParseRecords("cppcc.csv", []byte(shapeFiles[0].data), ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	_, got = getExport(t, ts, "")
	if len(got) != len(cppcc) {
		t.Fatalf("after cppcc.docx: %d records, want %d", len(got), len(cppcc))
	}
	for i := range cppcc {
		// the letter's lines, blank ones too, are the paragraphs of its cell
		equalRecords(t, "cppcc.docx", got[i], cppcc[i])
	}

	// A CSV of headers the import does not know: refused as it is, read with
	// a map; its records are of the kind the form names.
	const hotline = "单号,事项,诉求人,办理部门,描述,回复正文,登记日期,回复日期,满意度\n" +
		"RX-2022/001,噪音扰民,市民甲,市生态环境局,夜间施工噪音。,已责令整改。,2022-03-01,2022-03-11,满意\n"
	before := s.Searcher().DocCount()
	if code, out := postImport(t, ts, token, [][2]string{{"hotline.csv", hotline}}, nil); code != 400 {
		t.Errorf("hotline.csv without a map: %d %v", code, out)
	}
	if n := s.Searcher().DocCount(); n != before {
		t.Errorf("a refused import changed the index: %d suggestions, was %d", n, before)
	}
	code, out = postImport(t, ts, token, [][2]string{{"hotline.csv", hotline}}, map[string]string{
		"map":  "单号=id,事项=title,诉求人=proposer,办理部门=lead_department,描述=text,回复正文=letter,登记日期=submitted",
		"kind": "message",
	})
	if code != 200 || out["proposals"] != float64(1) {
		t.Fatalf("hotline.csv with a map: %d %v", code, out)
	}
	var rec search.ProposalRecord
	if resp := get(t, ts, "/api/proposals/"+url.PathEscape("RX-2022/001"), &rec); resp.StatusCode != 200 {
		t.Fatalf("the imported record: %s", resp.Status)
	}
	sg := rec.Suggestions
	if rec.Kind != "留言" || rec.Title != "噪音扰民" || rec.Proposer != "市民甲" || rec.LeadDepartment != "市生态环境局" ||
		rec.Submitted != "2022-03-01" || rec.Replied != "2022-03-11" || rec.DaysToReply == nil || *rec.DaysToReply != 10 ||
		len(sg) != 1 || sg[0].Text != "夜间施工噪音。" || sg[0].Reply.Letter != "已责令整改。" ||
		!slices.Equal(sg[0].Extra, []record.Field{{Name: "满意度", Value: "满意"}}) {
		t.Errorf("imported record %+v", rec)
	}
}
