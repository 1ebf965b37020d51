package main

// scripts/rollout.sh against real replicas on loopback: the snapshot is
// copied and switched one replica at a time, older snapshots are cleaned up,
// a replica that does not come back stops the roll-out with the others
// untouched, and no replica is switched while another is not serving.

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/govreply/precedent/indexer"
)

const rolloutScript = "../../scripts/rollout.sh"

// requireTools skips the test when a tool is missing, unless it runs in CI,
// where a missing tool is a failure: the test must not pass silently there.
func requireTools(t *testing.T, tools ...string) {
	t.Helper()
	for _, tool := range tools {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") == "" {
				t.Skipf("%s is not installed (apt-get install %s)", tool, tool)
			}
			t.Fatalf("CI is set but %s is not installed", tool)
		}
	}
}

// replica is one `precedent serve` with a data directory of its own.
type replica struct {
	name string
	*server
}

// copySnapshot puts src's current snapshot and CURRENT into dir, as a first
// roll-out would.
func copySnapshot(t *testing.T, src, dir string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	name := currentName(t, src)
	for _, args := range [][]string{{"-a", filepath.Join(src, name) + "/", filepath.Join(dir, name) + "/"}, {"-a", filepath.Join(src, "CURRENT"), dir + "/"}} {
		if out, err := exec.Command("rsync", args...).CombinedOutput(); err != nil {
			t.Fatalf("rsync %v: %v\n%s", args, err, out)
		}
	}
}

// writeReplicas writes the roll-out's replica file; reload(r) is each
// replica's reload command.
func writeReplicas(t *testing.T, path string, rs []*replica, reload func(*replica) string) {
	t.Helper()
	var b strings.Builder
	b.WriteString("# name  data directory  health URL  reload command\n")
	for _, r := range rs {
		fmt.Fprintf(&b, "%s %s %s/healthz %s\n", r.name, r.dir, r.base, reload(r))
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

func sighup(r *replica) string { return fmt.Sprintf("kill -HUP %d", r.pid()) }

// rollout runs scripts/rollout.sh and returns its output and whether it
// succeeded.
func rollout(t *testing.T, args ...string) (string, bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "bash", append([]string{rolloutScript}, args...)...)
	cmd.SysProcAttr = childAttr()
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	t.Logf("rollout.sh %s: %v\n%s", strings.Join(args, " "), err, out.String())
	return out.String(), err == nil
}

func snapshots(t *testing.T, dir string) []string { return indexer.Indexes(dir) }

func TestRolloutScript(t *testing.T) {
	requireTools(t, "bash", "rsync", "curl")
	tmp := t.TempDir()
	src := filepath.Join(tmp, "build")
	buildIndex(t, src, seedFile)
	snapA := currentName(t, src)
	var rs []*replica
	for _, name := range []string{"r1", "r2"} {
		dir := filepath.Join(tmp, name)
		copySnapshot(t, src, dir)
		rs = append(rs, &replica{name, startServer(t, dir, "")})
	}
	list := filepath.Join(tmp, "replicas.txt")
	writeReplicas(t, list, rs, sighup)

	// B: the seed and 20 more proposals; every replica ends on it, the
	// previous snapshot kept (-k 1 by default).
	fileB := filepath.Join(tmp, "b.jsonl")
	writeJSONL(t, fileB, append(seed(t), generated(t, 20)...))
	buildIndex(t, src, fileB)
	snapB := currentName(t, src)
	totB := searchCLI(t, src, "养老").Total
	out, ok := rollout(t, src, list)
	if !ok || !strings.Contains(out, "done: "+snapB+" on all 2 replicas") {
		t.Fatalf("roll-out of B failed:\n%s", out)
	}
	for _, r := range rs {
		if h := r.health(t); h.Status != "ok" || h.Snapshot != snapB {
			t.Errorf("%s after the roll-out of B: %+v", r.name, h)
		}
		var res searchResp
		if code, _ := r.get(t, "/api/search?q="+url.QueryEscape("养老"), &res); code != 200 || res.Total != totB {
			t.Errorf("%s answers 养老 with %d total %d, want %d (B)", r.name, code, res.Total, totB)
		}
		if got := snapshots(t, r.dir); !slices.Equal(got, []string{snapA, snapB}) || currentName(t, r.dir) != snapB {
			t.Errorf("%s holds %v, CURRENT %s; want %s kept and %s current", r.name, got, currentName(t, r.dir), snapA, snapB)
		}
	}

	// C with -k 0: nothing else is kept. A roll-out of what is served
	// already changes nothing.
	buildIndex(t, src, seedFile)
	snapC := currentName(t, src)
	if out, ok := rollout(t, "-k", "0", src, list); !ok {
		t.Fatalf("roll-out of C failed:\n%s", out)
	}
	for _, r := range rs {
		if got := snapshots(t, r.dir); !slices.Equal(got, []string{snapC}) {
			t.Errorf("%s holds %v after -k 0, want only %s", r.name, got, snapC)
		}
	}
	if out, ok := rollout(t, filepath.Join(src, snapC), list); !ok || strings.Count(out, "already serves "+snapC) != 2 {
		t.Errorf("rolling out the served snapshot again (given as its directory):\n%s", out)
	}

	// D, but r1 does not reload: the roll-out stops at r1, which announces
	// D and is out of the pool (503 stale, still answering from C); r2 is
	// not touched.
	buildIndex(t, src, fileB)
	snapD := currentName(t, src)
	writeReplicas(t, list, rs, func(r *replica) string {
		if r.name == "r1" {
			return "true"
		}
		return sighup(r)
	})
	out, ok = rollout(t, "-t", "3", src, list)
	if ok || !strings.Contains(out, "r1: after 3s /healthz says 503") {
		t.Errorf("a roll-out whose replica does not reload: ok=%v\n%s", ok, out)
	}
	if h := rs[0].health(t); h.Status != "stale" || h.Snapshot != snapC || h.Announced != snapD {
		t.Errorf("r1 after the stopped roll-out: %+v, want stale on %s announcing %s", h, snapC, snapD)
	}
	if h := rs[1].health(t); h.Status != "ok" || h.Snapshot != snapC || currentName(t, rs[1].dir) != snapC || slices.Contains(snapshots(t, rs[1].dir), snapD) {
		t.Errorf("r2 was touched by the stopped roll-out: %+v, holds %v", h, snapshots(t, rs[1].dir))
	}
	// Fixed by hand (the reload), the roll-out is run again and finishes.
	if err := rs[0].cmd.Process.Signal(syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	writeReplicas(t, list, rs, sighup)
	if out, ok := rollout(t, src, list); !ok || !strings.Contains(out, "r1: already serves "+snapD) || !strings.Contains(out, "r2: serves "+snapD) {
		t.Errorf("the roll-out run again:\n%s", out)
	}

	// r2 down: r1 is not switched, which would leave none serving.
	rs[1].stop(t)
	buildIndex(t, src, seedFile)
	snapE := currentName(t, src)
	out, ok = rollout(t, "-t", "2", src, list)
	if ok || !strings.Contains(out, "r2 is not serving") || !strings.Contains(out, "nothing was changed on r1") {
		t.Errorf("a roll-out with r2 down: ok=%v\n%s", ok, out)
	}
	if h := rs[0].health(t); h.Status != "ok" || h.Snapshot != snapD || slices.Contains(snapshots(t, rs[0].dir), snapE) {
		t.Errorf("r1 was touched while r2 was down: %+v, holds %v", h, snapshots(t, rs[0].dir))
	}
}
