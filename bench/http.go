package bench

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/govreply/precedent/indexer"
	"github.com/govreply/precedent/record"
)

// An HTTPQuery is one query of the mix as a URL path for each server.
type HTTPQuery struct {
	Kind    string
	Ours    string // path and query of our /api/search (or /api/similar)
	Groonga string // path and query of Groonga's /d/select; "" when it has no such query
}

// HTTPMix is the query mix over HTTP: what a page asks our API, and the
// closest request to Groonga's select (bigram index, NormalizerAuto, the same
// columns and weights, snippets for the highlights, drilldowns for facets).
func HTTPMix(rare string) []HTTPQuery {
	q := url.QueryEscape
	gsel := func(query string, extra url.Values) string {
		v := url.Values{}
		v.Set("table", "Docs")
		v.Set("match_columns", "title*3 || suggestion*2 || done || in_progress || planned || not_adopted || proposer*2")
		v.Set("query", query)
		v.Set("output_columns", "_key,_score,title,proposer,year,snippet_html(suggestion),snippet_html(done),snippet_html(in_progress)")
		v.Set("sort_keys", "-_score")
		v.Set("limit", "10")
		v.Set("cache", "no") // Groonga caches select results; measure the search, not the cache
		for k, vs := range extra {
			v[k] = vs
		}
		return "/d/select?" + v.Encode()
	}
	facets := url.Values{"drilldown": {"department,lead,year,proposer_name,topic,status"}, "drilldown_limit": {"20"}}
	filter := url.Values{"filter": {`year == "2019" && department @ "市民政局"`}}
	return []HTTPQuery{
		{"word", "/api/search?q=" + q("养老") + "&facets=0", gsel("养老", nil)},
		{"words", "/api/search?q=" + q("养老护理人才培养") + "&facets=0", gsel("养老护理人才培养", nil)},
		{"phrase", "/api/search?q=" + q(`"居家养老服务"`) + "&facets=0", gsel(`"居家养老服务"`, nil)},
		{"rare", "/api/search?q=" + q(rare) + "&facets=0", gsel(rare, nil)},
		{"common", "/api/search?q=" + q("服务") + "&facets=0", gsel("服务", nil)},
		{"filter", "/api/search?q=" + q("养老") + "&year=2019&department=" + q("市民政局") + "&facets=0", gsel("养老", filter)},
		{"facets", "/api/search?q=" + q("养老"), gsel("养老", facets)},
		{"similar", "/api/similar?size=10&text=" + q(DraftText), ""},
	}
}

// A Server is a search server started for the bench: ours (precedent
// serve) or Groonga's HTTP server, both on loopback.
type Server struct {
	Name string
	URL  string
	cmd  *exec.Cmd
}

// PID is the server's process id.
func (s *Server) PID() int { return s.cmd.Process.Pid }

// Stop ends the server.
func (s *Server) Stop() {
	if s.cmd != nil && s.cmd.Process != nil {
		s.cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { s.cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			s.cmd.Process.Kill()
			<-done
		}
	}
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// waitReady polls path until it answers 200 and returns how long that took.
func waitReady(ctx context.Context, base, path string, start time.Time, limit time.Duration) (time.Duration, error) {
	for time.Since(start) < limit {
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		resp, err := http.Get(base + path)
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return time.Since(start), nil
			}
		}
		time.Sleep(5 * time.Millisecond)
	}
	return 0, fmt.Errorf("%s%s not ready after %s", base, path, limit)
}

// StartOurs starts `precedent serve` (this binary) over an index and returns
// it with the time from process start to the first answered search.
func StartOurs(ctx context.Context, bin, dataDir string) (*Server, time.Duration, error) {
	port, err := freePort()
	if err != nil {
		return nil, 0, err
	}
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	cmd := exec.Command(bin, "serve", "-index", dataDir, "-addr", addr, "-max-concurrent", "64")
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return nil, 0, err
	}
	s := &Server{Name: EngineOurs, URL: "http://" + addr, cmd: cmd}
	d, err := waitReady(ctx, s.URL, "/api/search?q="+url.QueryEscape("养老"), start, 60*time.Second)
	if err != nil {
		s.Stop()
		return nil, 0, err
	}
	return s, d, nil
}

// GroongaAvailable reports whether Groonga's command is installed.
func GroongaAvailable() bool {
	_, err := exec.LookPath("groonga")
	return err == nil
}

// BuildGroonga loads proposals into a new Groonga database in dir (bigram
// tokenizer, NormalizerAuto, one index over the text columns with sections
// and positions, lexicons for the facet columns) and returns how long the
// load and the index construction took.
func BuildGroonga(dir string, ps []record.Proposal, topics func(*record.Proposal, *record.Suggestion) []string) (time.Duration, int64, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return 0, 0, err
	}
	loadPath := filepath.Join(dir, "load.grn")
	f, err := os.Create(loadPath)
	if err != nil {
		return 0, 0, err
	}
	w := bufio.NewWriter(f)
	fmt.Fprint(w, `table_create Docs TABLE_HASH_KEY ShortText
column_create Docs title COLUMN_SCALAR Text
column_create Docs proposer COLUMN_SCALAR ShortText
column_create Docs suggestion COLUMN_SCALAR Text
column_create Docs done COLUMN_SCALAR Text
column_create Docs in_progress COLUMN_SCALAR Text
column_create Docs planned COLUMN_SCALAR Text
column_create Docs not_adopted COLUMN_SCALAR Text
column_create Docs year COLUMN_SCALAR ShortText
column_create Docs lead COLUMN_SCALAR ShortText
column_create Docs proposer_name COLUMN_SCALAR ShortText
column_create Docs department COLUMN_VECTOR ShortText
column_create Docs topic COLUMN_VECTOR ShortText
column_create Docs status COLUMN_VECTOR ShortText
load --table Docs
[
`)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	first := true
	for i := range ps {
		p := &ps[i]
		for j := range p.Suggestions {
			s := &p.Suggestions[j]
			doc := indexer.Document(p, s, topics(p, s))
			rec := map[string]any{"_key": record.SuggestionID(p.ID, s.No)}
			for _, k := range []string{"title", "suggestion", "done", "in_progress", "planned", "not_adopted", "year", "lead", "department", "topic", "status"} {
				if v, ok := doc[k]; ok {
					rec[k] = v
				}
			}
			rec["proposer"] = p.Proposer
			rec["proposer_name"] = p.Proposer
			if !first {
				w.WriteString(",")
			}
			first = false
			enc.Encode(rec)
		}
	}
	fmt.Fprint(w, `]
table_create Terms TABLE_PAT_KEY ShortText --default_tokenizer TokenBigram --normalizer NormalizerAuto
column_create Terms docs_text COLUMN_INDEX|WITH_POSITION|WITH_SECTION Docs title,proposer,suggestion,done,in_progress,planned,not_adopted
table_create Facets TABLE_HASH_KEY ShortText
column_create Facets docs_department COLUMN_INDEX Docs department
column_create Facets docs_year COLUMN_INDEX Docs year
column_create Facets docs_status COLUMN_INDEX Docs status
`)
	if err := w.Flush(); err != nil {
		return 0, 0, err
	}
	f.Close()
	in, err := os.Open(loadPath)
	if err != nil {
		return 0, 0, err
	}
	defer in.Close()
	cmd := exec.Command("groonga", "-n", filepath.Join(dir, "docs.db"))
	cmd.Stdin = in
	var stderr strings.Builder
	cmd.Stderr = &stderr
	cmd.Stdout = io.Discard
	start := time.Now()
	if err := cmd.Run(); err != nil {
		return 0, 0, fmt.Errorf("groonga load: %v: %s", err, stderr.String())
	}
	took := time.Since(start)
	os.Remove(loadPath)
	size, _ := DirSize(dir)
	return took, size, nil
}

// StartGroonga starts Groonga's HTTP server on the database in dir.
func StartGroonga(ctx context.Context, dir string) (*Server, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command("groonga", "--protocol", "http", "-p", strconv.Itoa(port), "--bind-address", "127.0.0.1",
		"--log-path", filepath.Join(dir, "groonga.log"), "--query-log-path", filepath.Join(dir, "query.log"),
		"-s", filepath.Join(dir, "docs.db"))
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	s := &Server{Name: "groonga", URL: fmt.Sprintf("http://127.0.0.1:%d", port), cmd: cmd}
	if _, err := waitReady(ctx, s.URL, "/d/status", time.Now(), 30*time.Second); err != nil {
		s.Stop()
		return nil, err
	}
	return s, nil
}

// HTTPResult is one kind's latency over HTTP for one server.
type HTTPResult struct {
	Kind, Engine  string
	Hits          int64
	P50, P95, P99 time.Duration
}

var groongaHits = regexp.MustCompile(`^\[\[[-0-9]+,[0-9.]+,[0-9.]+\],\[\[\[([0-9]+)\]`)

// RunHTTPLatency sends each query reps times to each server, the servers
// taking turns, one request at a time over a kept-alive connection.
func RunHTTPLatency(ctx context.Context, servers []*Server, mix []HTTPQuery, reps int) ([]HTTPResult, error) {
	client := &http.Client{Timeout: 60 * time.Second}
	var out []HTTPResult
	for _, q := range mix {
		lat := make([][]time.Duration, len(servers))
		hits := make([]int64, len(servers))
		for i := 0; i < reps+2; i++ {
			for si, s := range servers {
				path := q.Ours
				if s.Name == "groonga" {
					path = q.Groonga
				}
				if path == "" {
					continue
				}
				t := time.Now()
				resp, err := client.Get(s.URL + path)
				if err != nil {
					return nil, err
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				d := time.Since(t)
				if resp.StatusCode != 200 {
					return nil, fmt.Errorf("%s %s: %d %.200s", s.Name, q.Kind, resp.StatusCode, body)
				}
				if i >= 2 { // two warm-up rounds
					lat[si] = append(lat[si], d)
				}
				hits[si] = countHits(s.Name, body)
			}
		}
		for si, s := range servers {
			if len(lat[si]) == 0 {
				continue
			}
			p := percentiles(lat[si])
			out = append(out, HTTPResult{Kind: q.Kind, Engine: s.Name, Hits: hits[si], P50: p[0], P95: p[1], P99: p[2]})
		}
	}
	return out, nil
}

func countHits(engine string, body []byte) int64 {
	if engine == "groonga" {
		if m := groongaHits.FindSubmatch(body); m != nil {
			n, _ := strconv.ParseInt(string(m[1]), 10, 64)
			return n
		}
		return -1
	}
	var r struct {
		Total *int64 `json:"total"`
		Hits  []any  `json:"hits"`
	}
	json.Unmarshal(body, &r)
	if r.Total != nil {
		return *r.Total
	}
	return int64(len(r.Hits))
}

func percentiles(ds []time.Duration) [3]time.Duration {
	s := append([]time.Duration{}, ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	at := func(p float64) time.Duration {
		i := int(p*float64(len(s)-1) + 0.5)
		return s[i]
	}
	return [3]time.Duration{at(0.50), at(0.95), at(0.99)}
}

// A LoadResult is wrk's throughput and latency at one concurrency.
type LoadResult struct {
	Engine      string
	Connections int
	Requests    int64
	ReqPerSec   float64
	P50, P99    time.Duration
	Errors      string
}

// WrkAvailable reports whether wrk is installed.
func WrkAvailable() bool {
	_, err := exec.LookPath("wrk")
	return err == nil
}

// RunWrk drives a server with wrk for the duration at each concurrency,
// cycling through the mix's paths (a Lua script picks the next path for
// every request).
func RunWrk(ctx context.Context, s *Server, mix []HTTPQuery, conns []int, dur time.Duration, dir string) ([]LoadResult, error) {
	var paths []string
	for _, q := range mix {
		p := q.Ours
		if s.Name == "groonga" {
			p = q.Groonga
		}
		if p != "" {
			paths = append(paths, p)
		}
	}
	var lua strings.Builder
	lua.WriteString("local paths = {\n")
	for _, p := range paths {
		fmt.Fprintf(&lua, "  %q,\n", p)
	}
	lua.WriteString("}\nlocal i = 0\nrequest = function()\n  i = i % #paths + 1\n  return wrk.format(\"GET\", paths[i])\nend\n")
	lua.WriteString("done = function(summary, latency, requests)\n  io.write(string.format(\"RESULT %d %d %d %d %d %d\\n\", summary.requests, summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout, latency:percentile(50), latency:percentile(99), summary.duration))\nend\n")
	script := filepath.Join(dir, s.Name+"-wrk.lua")
	if err := os.WriteFile(script, []byte(lua.String()), 0o644); err != nil {
		return nil, err
	}
	var out []LoadResult
	for _, c := range conns {
		threads := min(c, 2)
		cmd := exec.CommandContext(ctx, "wrk", "-t", strconv.Itoa(threads), "-c", strconv.Itoa(c), "-d", fmt.Sprintf("%ds", int(dur.Seconds())),
			"--timeout", "30s", "-s", script, s.URL)
		b, err := cmd.CombinedOutput()
		if err != nil {
			return nil, fmt.Errorf("wrk: %v: %s", err, b)
		}
		var req, statusErr, sockErr, p50, p99, durUS int64
		found := false
		for _, line := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(line, "RESULT ") {
				fmt.Sscanf(line, "RESULT %d %d %d %d %d %d", &req, &statusErr, &sockErr, &p50, &p99, &durUS)
				found = true
			}
		}
		if !found || durUS == 0 {
			return nil, errors.New("wrk printed no result: " + string(b))
		}
		r := LoadResult{Engine: s.Name, Connections: c, Requests: req, ReqPerSec: float64(req) / (float64(durUS) / 1e6),
			P50: time.Duration(p50) * time.Microsecond, P99: time.Duration(p99) * time.Microsecond}
		if statusErr+sockErr > 0 {
			r.Errors = fmt.Sprintf("%d non-2xx, %d socket", statusErr, sockErr)
		}
		out = append(out, r)
	}
	return out, nil
}

// RSS is a process's resident set size in bytes, from /proc.
func RSS(pid int) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "VmRSS:") {
			f := strings.Fields(line)
			if len(f) >= 2 {
				kb, _ := strconv.ParseInt(f[1], 10, 64)
				return kb * 1024
			}
		}
	}
	return 0
}
