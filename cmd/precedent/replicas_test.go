//go:build replicas

package main

// The replicas test: three replicas of the real `precedent serve` behind a
// real HAProxy running deploy/haproxy.cfg (its addresses moved to loopback),
// 32 clients for 60 s (PRECEDENT_REPLICAS_SECONDS) through HAProxy, one
// replica killed with SIGKILL and restarted midway, and a new snapshot
// rolled out across all three with scripts/rollout.sh under that load.
// It passes when no request failed, every answer came from one of the two
// complete snapshots and agrees with it, at least N−1 replicas served at
// every moment HAProxy was sampled, and all replicas end on the new
// snapshot. Its last output line is the summary:
//
//	replicas: N requests, F failed, p50 X p99 Y ms, snapshot idx-…
//
//	go test -tags replicas -run TestReplicas -count=1 -v ./cmd/precedent
//	scripts/replicas.sh

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/govreply/precedent/web"
)

const (
	replicaCount   = 3
	replicaClients = 32
	haproxyConfig  = "../../deploy/haproxy.cfg"
)

func replicasSeconds(t *testing.T) time.Duration {
	s := os.Getenv("PRECEDENT_REPLICAS_SECONDS")
	if s == "" {
		return 60 * time.Second
	}
	n, err := strconv.ParseFloat(s, 64)
	if err != nil || n < 10 {
		t.Fatalf("PRECEDENT_REPLICAS_SECONDS=%q: want 10 seconds or more", s)
	}
	return time.Duration(n * float64(time.Second))
}

// haproxyFor rewrites the operator's deploy/haproxy.cfg for loopback: the
// frontend on lb, the stats page on stats, the servers on the replicas'
// addresses, logs (state changes only) to stderr, and no chroot, user,
// group or stats socket (the test need not run as root). Each change must
// find exactly the lines it expects, so that the file and the test cannot
// drift apart unnoticed.
func haproxyFor(t *testing.T, lb, stats string, replicas []string) string {
	t.Helper()
	b, err := os.ReadFile(haproxyConfig)
	if err != nil {
		t.Fatal(err)
	}
	cfg := string(b)
	edits := []struct {
		re   string
		with func(n int) string
		want int
	}{
		{`(?m)^(\s*)log /dev/log local0$`, func(int) string { return "${1}log stderr format raw local0 notice" }, 1},
		{`(?m)^\s*(chroot|user|group|stats socket) .*\n`, func(int) string { return "" }, 4},
		{`(?m)^(\s*)bind :80$`, func(int) string { return "${1}bind " + lb }, 1},
		{`(?m)^(\s*)bind 127\.0\.0\.1:8404$`, func(int) string { return "${1}bind " + stats }, 1},
		{`(?m)^(\s*)server (r\d) \S+$`, func(n int) string { return "${1}server ${2} " + replicas[min(n, len(replicas)-1)] }, len(replicas)},
	}
	for _, e := range edits {
		re := regexp.MustCompile(e.re)
		n := 0
		cfg = re.ReplaceAllStringFunc(cfg, func(m string) string {
			out := re.ReplaceAllString(m, e.with(n))
			n++
			return out
		})
		if n != e.want {
			t.Fatalf("%s: %d lines match %s, want %d: the file changed; change the test with it", haproxyConfig, n, e.re, e.want)
		}
	}
	return cfg
}

// haproxyStats reads HAProxy's CSV stats: a row per proxy and server, by
// column name.
func haproxyStats(client *http.Client, statsURL string) ([]map[string]string, error) {
	resp, err := client.Get(statsURL + ";csv")
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	recs, err := csv.NewReader(resp.Body).ReadAll()
	if err != nil || len(recs) < 2 {
		return nil, fmt.Errorf("stats CSV: %d rows, %v", len(recs), err)
	}
	head := recs[0]
	head[0] = strings.TrimPrefix(head[0], "# ")
	var out []map[string]string
	for _, r := range recs[1:] {
		row := map[string]string{}
		for i, h := range head {
			if i < len(r) {
				row[h] = r[i]
			}
		}
		out = append(out, row)
	}
	return out, nil
}

// upServers counts the servers of backend "precedent" that HAProxy has UP.
func upServers(rows []map[string]string) int {
	n := 0
	for _, r := range rows {
		if r["pxname"] == "precedent" && r["svname"] != "BACKEND" && r["svname"] != "FRONTEND" && r["status"] == "UP" {
			n++
		}
	}
	return n
}

// replicaLoad is what the clients saw.
type replicaLoad struct {
	mu       sync.Mutex
	lat      []time.Duration
	failures int
	failMsgs []string
	// probe totals by the snapshot that answered: total → answers
	probes   map[string]map[uint64]int
	answered map[string]int // answers by snapshot
	requests atomic.Int64
}

func (l *replicaLoad) fail(format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.failures++
	if len(l.failMsgs) < 30 {
		l.failMsgs = append(l.failMsgs, time.Now().Format("15:04:05.000")+" "+fmt.Sprintf(format, args...))
	}
}

// replicaClient sends GETs through the balancer until stop, one at a time:
// every answer must be 200, valid JSON and name its snapshot; a probe's
// total is recorded by snapshot.
func replicaClient(c int, base string, client *http.Client, l *replicaLoad, stop <-chan struct{}) {
	rng := rand.New(rand.NewPCG(uint64(c), 0x5e9))
	var lat []time.Duration
	probes := map[string]map[uint64]int{}
	answered := map[string]int{}
	defer func() {
		l.mu.Lock()
		defer l.mu.Unlock()
		l.lat = append(l.lat, lat...)
		for snap, m := range probes {
			if l.probes[snap] == nil {
				l.probes[snap] = map[uint64]int{}
			}
			for tot, n := range m {
				l.probes[snap][tot] += n
			}
		}
		for snap, n := range answered {
			l.answered[snap] += n
		}
	}()
	for {
		select {
		case <-stop:
			return
		default:
		}
		probe := false
		var target string
		switch n := rng.IntN(100); {
		case n < 35:
			target = "/api/search?q=" + url.QueryEscape(soakQueries[rng.IntN(len(soakQueries))])
			if f := soakFilters[rng.IntN(len(soakFilters))]; f != "" {
				target += "&" + f
			}
		case n < 55:
			probe = true
			target = "/api/search?q=" + url.QueryEscape(probeQuery)
		case n < 70:
			target = "/api/proposals/" + soakIDs[rng.IntN(len(soakIDs))]
		case n < 85:
			target = fmt.Sprintf("/api/similar?id=%s-1&size=%d", soakIDs[rng.IntN(len(soakIDs))], 1+rng.IntN(20))
		default:
			target = "/api/suggest?q=" + url.QueryEscape(soakPrefixes[rng.IntN(len(soakPrefixes))])
		}
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+target, nil)
		t0 := time.Now()
		resp, err := client.Do(req)
		var data []byte
		if err == nil {
			data, err = io.ReadAll(resp.Body)
			resp.Body.Close()
		}
		lat = append(lat, time.Since(t0))
		cancel()
		l.requests.Add(1)
		switch {
		case err != nil:
			l.fail("GET %s: %v", target, err)
			continue
		case resp.StatusCode != http.StatusOK:
			l.fail("GET %s: status %d: %.300s", target, resp.StatusCode, data)
			continue
		case !json.Valid(data):
			l.fail("GET %s: invalid JSON: %.300s", target, data)
			continue
		}
		snap := resp.Header.Get(web.SnapshotHeader)
		answered[snap]++
		if probe {
			var r searchResp
			json.Unmarshal(data, &r)
			if probes[snap] == nil {
				probes[snap] = map[uint64]int{}
			}
			probes[snap][r.Total]++
		}
	}
}

func TestReplicas(t *testing.T) {
	for _, tool := range []string{"haproxy", "rsync", "curl", "bash"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is not installed (apt-get install haproxy rsync curl)", tool)
		}
	}
	dur := replicasSeconds(t)
	tmp := t.TempDir()

	// Snapshot A, built once and copied to each replica.
	src := filepath.Join(tmp, "build")
	buildIndex(t, src, seedFile)
	snapA := currentName(t, src)
	totA := searchCLI(t, src, probeQuery).Total
	fileB := filepath.Join(tmp, "b.jsonl")
	writeJSONL(t, fileB, append(seed(t), generated(t, 40)...))

	// The replicas, each on a port of its own, kept across a restart.
	type rep struct {
		name, dir, addr string
		p               *proc
	}
	reps := make([]*rep, replicaCount)
	startRep := func(r *rep) {
		r.p = start(t, "serve", "-index", r.dir, "-addr", r.addr)
		s := &server{proc: r.p, base: "http://" + r.addr}
		if err := s.waitReady(60 * time.Second); err != nil {
			t.Fatalf("replica %s did not come up: %v\n%s", r.name, err, tail(r.p.stderr.String(), 2000))
		}
	}
	var addrs []string
	for i := range reps {
		r := &rep{name: fmt.Sprintf("r%d", i+1), dir: filepath.Join(tmp, fmt.Sprintf("r%d", i+1)), addr: "127.0.0.1:" + strconv.Itoa(freePort(t))}
		copySnapshot(t, src, r.dir)
		startRep(r)
		reps[i] = r
		addrs = append(addrs, r.addr)
	}

	// HAProxy with the operator's configuration.
	lbAddr, statsAddr := "127.0.0.1:"+strconv.Itoa(freePort(t)), "127.0.0.1:"+strconv.Itoa(freePort(t))
	cfgPath := filepath.Join(tmp, "haproxy.cfg")
	if err := os.WriteFile(cfgPath, []byte(haproxyFor(t, lbAddr, statsAddr, addrs)), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("haproxy", "-c", "-f", cfgPath).CombinedOutput(); err != nil {
		t.Fatalf("haproxy -c: %v\n%s", err, out)
	}
	hx := exec.Command("haproxy", "-db", "-f", cfgPath)
	hx.SysProcAttr = childAttr()
	hxLog := &lockedBuffer{}
	hx.Stdout, hx.Stderr = hxLog, hxLog
	if err := hx.Start(); err != nil {
		t.Fatalf("start haproxy: %v", err)
	}
	hxDone := make(chan struct{})
	go func() { hx.Wait(); close(hxDone) }()
	t.Cleanup(func() {
		hx.Process.Signal(syscall.SIGTERM)
		select {
		case <-hxDone:
		case <-time.After(10 * time.Second):
			hx.Process.Kill()
			<-hxDone
		}
	})
	lb, statsURL := "http://"+lbAddr, "http://"+statsAddr+"/stats"
	statsClient := &http.Client{Timeout: 5 * time.Second}
	deadline := time.Now().Add(30 * time.Second)
	for {
		rows, err := haproxyStats(statsClient, statsURL)
		if err == nil && upServers(rows) == replicaCount {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("HAProxy does not have the %d replicas UP after 30 s (%v)\n%s", replicaCount, err, tail(hxLog.String(), 2000))
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Logf("HAProxy on %s over %v; stats %s", lb, addrs, statsURL)

	// The load.
	l := &replicaLoad{probes: map[string]map[uint64]int{}, answered: map[string]int{}}
	client := &http.Client{Timeout: 30 * time.Second,
		Transport: &http.Transport{MaxIdleConnsPerHost: replicaClients * 2, MaxIdleConns: replicaClients * 2}}
	defer client.CloseIdleConnections()
	stop := make(chan struct{})
	stopOnce := sync.OnceFunc(func() { close(stop) })
	var wg sync.WaitGroup
	for c := range replicaClients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			replicaClient(c, lb, client, l, stop)
		}()
	}
	defer func() { stopOnce(); wg.Wait() }() // on t.Fatal too

	// How many replicas HAProxy has UP, sampled every 100 ms: the fewest,
	// over the run and while the roll-out runs.
	var minUp, minUpRollout atomic.Int64
	minUp.Store(replicaCount)
	minUpRollout.Store(replicaCount)
	var rollingOut atomic.Bool
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		tk := time.NewTicker(100 * time.Millisecond)
		defer tk.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tk.C:
			}
			rows, err := haproxyStats(statsClient, statsURL)
			if err != nil {
				continue
			}
			up := int64(upServers(rows))
			if up < minUp.Load() {
				minUp.Store(up)
			}
			if rollingOut.Load() && up < minUpRollout.Load() {
				minUpRollout.Store(up)
			}
		}
	}()

	begin := time.Now()
	at := func(frac float64) {
		if d := time.Until(begin.Add(time.Duration(frac * float64(dur)))); d > 0 {
			time.Sleep(d)
		}
	}
	// A replica dies (SIGKILL: requests in flight on it are cut) and comes
	// back, as systemd's Restart=on-failure brings it back.
	killed := reps[1]
	at(0.2)
	killed.p.kill(t)
	t.Logf("%.1f s: %s killed (pid %d)", time.Since(begin).Seconds(), killed.name, killed.p.pid())
	at(0.3)
	startRep(killed)
	t.Logf("%.1f s: %s restarted (pid %d)", time.Since(begin).Seconds(), killed.name, killed.p.pid())

	// Snapshot B is built once and rolled out.
	at(0.5)
	buildIndex(t, src, fileB)
	snapB := currentName(t, src)
	totB := searchCLI(t, src, probeQuery).Total
	if totA == totB || snapA == snapB {
		t.Fatalf("the snapshots do not differ: %s %q → %d, %s → %d", snapA, probeQuery, totA, snapB, totB)
	}
	// Each replica reloads 3 s after its CURRENT is replaced, as a slow
	// ssh or a large snapshot would: meanwhile it announces B and serves A,
	// and HAProxy must take it out (its /healthz is 503 stale) and bring
	// it back once it serves B.
	list := filepath.Join(tmp, "replicas.txt")
	var lines strings.Builder
	for _, r := range reps {
		fmt.Fprintf(&lines, "%s %s http://%s/healthz sleep 3; kill -HUP %d\n", r.name, r.dir, r.addr, r.p.pid())
	}
	if err := os.WriteFile(list, []byte(lines.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("%.1f s: rolling out %s", time.Since(begin).Seconds(), snapB)
	rollingOut.Store(true)
	out, ok := rollout(t, "-s", statsURL, "-t", "60", src, list)
	rollingOut.Store(false)
	if !ok {
		t.Fatalf("the roll-out failed:\n%s\nHAProxy:\n%s", out, tail(hxLog.String(), 3000))
	}
	rolledOut := time.Now()
	t.Logf("%.1f s: %s on all replicas", time.Since(begin).Seconds(), snapB)
	// The load goes on to the end, and for 2 s at least after the roll-out.
	at(1)
	if d := 2*time.Second - time.Since(rolledOut); d > 0 {
		time.Sleep(d)
	}
	stopOnce()
	wg.Wait()
	<-sampled
	elapsed := time.Since(begin)

	// What HAProxy did.
	rows, err := haproxyStats(statsClient, statsURL)
	if err != nil {
		t.Fatal(err)
	}
	wentDown := map[string]int{}
	for _, r := range rows {
		wentDown[r["svname"]], _ = strconv.Atoi(r["chkdown"])
		if r["pxname"] == "precedent" && r["svname"] != "FRONTEND" {
			t.Logf("HAProxy %-7s %-4s requests %6s, retries %s, redispatches %s, connection errors %s, response errors %s, went down %s times",
				r["svname"], r["status"], r["stot"], r["wretr"], r["wredis"], r["econ"], r["eresp"], r["chkdown"])
		}
	}
	t.Logf("HAProxy's log of state changes:\n%s", tail(hxLog.String(), 3000))

	slices.Sort(l.lat)
	total := l.requests.Load()
	summary := fmt.Sprintf("replicas: %d requests, %d failed, p50 %.1f p99 %.1f ms, snapshot %s", total, l.failures, ms(pct(l.lat, 50)), ms(pct(l.lat, 99)), snapB)
	t.Logf("%.0f s, %d clients, %d replicas, %.0f requests/s; answers by snapshot %v; probe totals by snapshot %v; fewest replicas UP: %d over the run, %d during the roll-out",
		elapsed.Seconds(), replicaClients, replicaCount, float64(total)/elapsed.Seconds(), l.answered, l.probes, minUp.Load(), minUpRollout.Load())

	// Verdict.
	if l.failures > 0 {
		t.Errorf("%d of %d requests failed; first ones:\n%s", l.failures, total, strings.Join(l.failMsgs, "\n"))
	}
	if total == 0 {
		t.Error("no requests made")
	}
	for snap, n := range l.answered {
		if snap != snapA && snap != snapB {
			t.Errorf("%d answers from snapshot %q, neither %s nor %s", n, snap, snapA, snapB)
		}
	}
	if l.answered[snapA] == 0 || l.answered[snapB] == 0 {
		t.Errorf("answers did not come from both snapshots: %v", l.answered)
	}
	for snap, want := range map[string]uint64{snapA: totA, snapB: totB} {
		for tot, n := range l.probes[snap] {
			if tot != want {
				t.Errorf("%d probe answers from %s say %d, the snapshot has %d", n, snap, tot, want)
			}
		}
	}
	if minUp.Load() < replicaCount-1 {
		t.Errorf("HAProxy had only %d of %d replicas UP at one moment", minUp.Load(), replicaCount)
	}
	if minUpRollout.Load() != replicaCount-1 {
		t.Errorf("during the roll-out HAProxy had at least %d of %d replicas UP, want %d: one out while it switches", minUpRollout.Load(), replicaCount, replicaCount-1)
	}
	for _, r := range reps {
		if want := map[bool]int{true: 2, false: 1}[r == killed]; wentDown[r.name] < want {
			t.Errorf("HAProxy took %s out %d times, want %d (the roll-out's stale window%s)", r.name, wentDown[r.name], want, map[bool]string{true: ", the kill", false: ""}[r == killed])
		}
	}
	for _, r := range reps {
		s := &server{proc: r.p, base: "http://" + r.addr, client: &http.Client{Timeout: 10 * time.Second}}
		if h := s.health(t); h.Status != "ok" || h.Snapshot != snapB {
			t.Errorf("replica %s at the end: %+v, want ok on %s", r.name, h, snapB)
		}
		if log := r.p.stderr.String(); strings.Contains(log, "panic") || strings.Contains(log, "level=ERROR") {
			t.Errorf("replica %s logged errors:\n%s", r.name, tail(log, 3000))
		}
	}
	if up := upServers(rows); up != replicaCount {
		t.Errorf("HAProxy has %d of %d replicas UP at the end", up, replicaCount)
	}
	t.Log(summary)
	fmt.Println(summary)
}
