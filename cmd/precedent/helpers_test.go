package main

// Helpers of the fault tests: they build the real binary once, run it as a
// child process (index, search, serve) and talk to it over HTTP on
// 127.0.0.1. Every process a test starts is killed in its t.Cleanup, also
// when the test fails or times out.

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/govreply/precedent/ingest"
	"github.com/govreply/precedent/record"
)

const seedFile = "../../testdata/000_8b6b214a39f4da34.txt"

// Seed data facts the tests rely on.
const (
	seedProposals   = 18
	seedSuggestions = 70
)

// binPath is the binary TestMain builds.
var binPath string

func TestMain(m *testing.M) {
	flag.Parse()
	os.Exit(runTests(m))
}

func runTests(m *testing.M) int {
	tmp, err := os.MkdirTemp("", "precedent-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "TestMain:", err)
		return 1
	}
	defer os.RemoveAll(tmp)
	binPath = filepath.Join(tmp, "precedent")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", "build", "-o", binPath, ".")
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	// Built as it ships: without -race or the test's other flags.
	t0 := time.Now()
	if err := cmd.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "TestMain: go build:", err)
		return 1
	}
	if testing.Verbose() {
		fmt.Fprintf(os.Stderr, "TestMain: built %s in %.1f s\n", binPath, time.Since(t0).Seconds())
	}
	return m.Run()
}

// ---- data ----

var seedOnce struct {
	sync.Once
	ps  []record.Proposal
	err error
}

// seed returns a fresh copy of the seed proposals.
func seed(t testing.TB) []record.Proposal {
	t.Helper()
	seedOnce.Do(func() { seedOnce.ps, seedOnce.err = ingest.ReadRecords(ingest.Options{}, seedFile) })
	if seedOnce.err != nil {
		t.Fatalf("read seed: %v", seedOnce.err)
	}
	if len(seedOnce.ps) != seedProposals {
		t.Fatalf("seed has %d proposals, want %d", len(seedOnce.ps), seedProposals)
	}
	return cloneProposals(seedOnce.ps)
}

func cloneProposals(ps []record.Proposal) []record.Proposal {
	out := make([]record.Proposal, len(ps))
	for i, p := range ps {
		p.CoDepartments = append([]string(nil), p.CoDepartments...)
		p.Suggestions = append([]record.Suggestion(nil), p.Suggestions...)
		out[i] = p
	}
	return out
}

// generated returns n made-up proposals with ids 2021xxxx, recombined from
// the seed's real texts (so the usual queries find them): proposal k takes
// its title, proposer and departments from one seed proposal and its
// suggestions from that one and the next, renumbered.
func generated(t testing.TB, n int) []record.Proposal {
	t.Helper()
	if n > 9999 {
		t.Fatalf("generated: at most 9999 proposals a year, asked %d", n)
	}
	src := seed(t)
	out := make([]record.Proposal, 0, n)
	for k := 0; k < n; k++ {
		a, b := src[k%len(src)], src[(k*7+3)%len(src)]
		p := record.Proposal{
			ID:             fmt.Sprintf("2021%04d", k+1),
			Title:          fmt.Sprintf("%s（2021年第%d号）", a.Title, k+1),
			Proposer:       a.Proposer,
			LeadDepartment: a.LeadDepartment,
			CoDepartments:  append([]string(nil), a.CoDepartments...),
		}
		var sg []record.Suggestion
		sg = append(sg, a.Suggestions[:min(len(a.Suggestions), 3)]...)
		sg = append(sg, b.Suggestions[:min(len(b.Suggestions), 1+k%3)]...)
		for i := range sg {
			sg[i].No = i + 1
		}
		p.Suggestions = sg
		out = append(out, p)
	}
	return out
}

func countSuggestions(ps []record.Proposal) int {
	n := 0
	for _, p := range ps {
		n += len(p.Suggestions)
	}
	return n
}

func writeJSONL(t testing.TB, path string, ps []record.Proposal) {
	t.Helper()
	var buf bytes.Buffer
	if err := ingest.WriteJSONL(&buf, ps); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// ---- running the binary ----

// run runs the binary to completion within timeout and returns its stdout.
func run(t testing.TB, timeout time.Duration, args ...string) []byte {
	t.Helper()
	defer func(t0 time.Time) {
		t.Logf("precedent %s: %.2f s", args[0], time.Since(t0).Seconds())
	}(time.Now())
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, binPath, args...)
	cmd.SysProcAttr = childAttr()
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("precedent %s: %v\nstderr:\n%s", strings.Join(args, " "), err, tail(stderr.String(), 2000))
	}
	return stdout.Bytes()
}

// searchCLI runs `precedent search -json` and returns the decoded response.
func searchCLI(t testing.TB, dir, query string) searchResp {
	t.Helper()
	out := run(t, 60*time.Second, "search", "-index", dir, "-json", query)
	var r searchResp
	if err := json.Unmarshal(out, &r); err != nil {
		t.Fatalf("search -json output: %v\n%s", err, tail(string(out), 500))
	}
	return r
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "…" + s[len(s)-n:]
}

// lockedBuffer collects a child's stderr.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// proc is a started child process; it is killed at the end of the test.
type proc struct {
	cmd    *exec.Cmd
	stderr *lockedBuffer
	done   chan struct{} // closed when the process has exited
	err    error         // Wait's error, after done
}

// start starts the binary and registers its killing with t.Cleanup.
func start(t testing.TB, args ...string) *proc {
	t.Helper()
	cmd := exec.Command(binPath, args...)
	cmd.SysProcAttr = childAttr()
	p := &proc{cmd: cmd, stderr: &lockedBuffer{}, done: make(chan struct{})}
	cmd.Stdout = p.stderr
	cmd.Stderr = p.stderr
	if err := cmd.Start(); err != nil {
		t.Fatalf("start precedent %s: %v", strings.Join(args, " "), err)
	}
	go func() {
		p.err = cmd.Wait()
		close(p.done)
	}()
	t.Cleanup(func() { p.stop(t) })
	return p
}

func (p *proc) pid() int { return p.cmd.Process.Pid }

func (p *proc) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// kill sends SIGKILL and waits for the exit.
func (p *proc) kill(t testing.TB) {
	t.Helper()
	if p.exited() {
		return
	}
	p.cmd.Process.Signal(syscall.SIGKILL)
	select {
	case <-p.done:
	case <-time.After(10 * time.Second):
		t.Errorf("pid %d did not die after SIGKILL", p.pid())
	}
}

// stop ends the process gracefully (SIGTERM), and by SIGKILL after 10 s.
func (p *proc) stop(t testing.TB) {
	if p.exited() {
		return
	}
	p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(10 * time.Second):
		t.Logf("pid %d ignored SIGTERM for 10 s: killing it", p.pid())
		p.kill(t)
	}
}

// server is a running `precedent serve`.
type server struct {
	*proc
	base   string // http://127.0.0.1:PORT
	dir    string
	token  string
	client *http.Client
}

// freePort asks the kernel for a free port on 127.0.0.1.
func freePort(t testing.TB) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// startServer starts `precedent serve -index dir` on a free port with the
// extra args and waits until /healthz answers. A port taken between asking
// and listening (another test's server) is retried on another port.
func startServer(t testing.TB, dir, token string, extra ...string) *server {
	t.Helper()
	for attempt := 0; ; attempt++ {
		addr := "127.0.0.1:" + strconv.Itoa(freePort(t))
		args := append([]string{"serve", "-index", dir, "-addr", addr}, extra...)
		if token != "" {
			args = append(args, "-admin-token", token)
		}
		s := &server{proc: start(t, args...), base: "http://" + addr, dir: dir, token: token,
			client: &http.Client{Timeout: 30 * time.Second}}
		t0 := time.Now()
		err := s.waitReady(60 * time.Second)
		if err == nil {
			t.Logf("serve ready in %.2f s", time.Since(t0).Seconds())
			return s
		}
		if s.exited() && strings.Contains(s.stderr.String(), "address already in use") && attempt < 3 {
			continue
		}
		s.stop(t)
		t.Fatalf("server did not come up: %v\nstderr:\n%s", err, tail(s.stderr.String(), 3000))
	}
}

func (s *server) waitReady(timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	c := &http.Client{Timeout: 2 * time.Second}
	for time.Now().Before(deadline) {
		if s.exited() {
			return fmt.Errorf("exited: %v", s.err)
		}
		resp, err := c.Get(s.base + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	return fmt.Errorf("no 200 from /healthz in %v", timeout)
}

type health struct {
	Status      string    `json:"status"` // ok; stale (503): serves another snapshot than CURRENT names
	Snapshot    string    `json:"snapshot"`
	Announced   string    `json:"announced"`
	Suggestions int       `json:"suggestions"`
	Proposals   int       `json:"proposals"`
	BuiltAt     time.Time `json:"built_at"`
}

type searchResp struct {
	Total uint64 `json:"total"`
	Page  int    `json:"page"`
	Size  int    `json:"size"`
	Hits  []struct {
		ID         string `json:"id"`
		ProposalID string `json:"proposal_id"`
	} `json:"hits"`
}

type errResp struct {
	Error   string   `json:"error"`
	Param   string   `json:"param"`
	Details []string `json:"details"`
}

// get GETs path and decodes a 200 JSON answer into v (v may be nil).
// It returns the status and the raw body.
func (s *server) get(t testing.TB, path string, v any) (int, []byte) {
	t.Helper()
	resp, err := s.client.Get(s.base + path)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: reading body: %v", path, err)
	}
	if v != nil && resp.StatusCode == http.StatusOK {
		if err := json.Unmarshal(body, v); err != nil {
			t.Fatalf("GET %s: %v\n%s", path, err, tail(string(body), 500))
		}
	}
	return resp.StatusCode, body
}

// health is what /healthz says: 200 ok, or 503 stale while the server has
// not reloaded the snapshot its data directory names (after a build into
// it, before SIGHUP is acted on). Anything else fails t.
func (s *server) health(t testing.TB) health {
	t.Helper()
	var h health
	code, body := s.get(t, "/healthz", nil)
	if code != http.StatusOK && code != http.StatusServiceUnavailable {
		t.Fatalf("/healthz: %d %s", code, body)
	}
	if err := json.Unmarshal(body, &h); err != nil {
		t.Fatalf("/healthz: %d %v\n%s", code, err, tail(string(body), 500))
	}
	if (code == http.StatusOK) != (h.Status == "ok") || h.Snapshot == "" {
		t.Fatalf("/healthz: %d with status %q, snapshot %q", code, h.Status, h.Snapshot)
	}
	return h
}

// waitHealth polls /healthz until ok(h) or the timeout.
func (s *server) waitHealth(t testing.TB, timeout time.Duration, what string, ok func(health) bool) health {
	t.Helper()
	deadline := time.Now().Add(timeout)
	var h health
	for {
		h = s.health(t)
		if ok(h) {
			return h
		}
		if time.Now().After(deadline) {
			t.Fatalf("waited %v for %s; /healthz says %+v\nserver stderr:\n%s", timeout, what, h, tail(s.stderr.String(), 2000))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// importFiles POSTs files (name → content) to /api/admin/import.
func (s *server) importFiles(client *http.Client, files map[string][]byte) (int, []byte, error) {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for name, data := range files {
		fw, err := mw.CreateFormFile("file", name)
		if err != nil {
			return 0, nil, err
		}
		fw.Write(data)
	}
	mw.Close()
	req, err := http.NewRequest(http.MethodPost, s.base+"/api/admin/import", &body)
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("X-Admin-Token", s.token)
	resp, err := client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, b, err
}

// buildIndex runs `precedent index -q -o dir files...`.
func buildIndex(t testing.TB, dir string, files ...string) {
	t.Helper()
	run(t, 120*time.Second, append([]string{"index", "-q", "-o", dir}, files...)...)
}

func currentName(t testing.TB, dir string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "CURRENT"))
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(b))
}

func globTmp(t testing.TB, dir string) []string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(dir, "tmp-*"))
	if err != nil {
		t.Fatal(err)
	}
	return m
}
