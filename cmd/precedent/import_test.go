package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// realExport is the real platform export (../shared/real, beside the
// repository; not in it).
const realExport = "../../../shared/real/附件4.xlsx"

// runOut runs the binary and returns its stdout and stderr.
func runOut(t testing.TB, args ...string) (string, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, binPath, args...)
	cmd.SysProcAttr = childAttr()
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("precedent %s: %v\nstderr:\n%s", strings.Join(args, " "), err, tail(stderr.String(), 2000))
	}
	return stdout.String(), stderr.String()
}

// A new user's first command on their office's real export, no mapping
// given: every row indexed, the mapping printed, and a phrase from one reply
// letter finds that message first, highlighted.
func TestIndexRealExport(t *testing.T) {
	if _, err := os.Stat(realExport); err != nil {
		t.Fatalf("the real data is missing: %v (tests read ../shared/real beside the repository)", err)
	}
	dir := filepath.Join(t.TempDir(), "data")
	out, errOut := runOut(t, "index", "-q", "-o", dir, realExport)
	if !strings.Contains(out, "indexed 2816 records, 2816 suggestions") {
		t.Errorf("stdout %q, want 2816 records: one a row", out)
	}
	for _, want := range []string{"附件4.xlsx[Sheet1]: 2816 rows → 2816 records",
		"留言编号→id, 留言用户→(kept as is), 留言主题→title, 留言时间→submitted, 留言详情→text, 答复意见→letter, 答复时间→replied",
		"kept as extra fields", "留言用户", "kind from the headers: 留言"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("the import does not say %q:\n%s", want, errOut)
		}
	}
	// A phrase from the middle of message 2554's reply letter.
	const phrase = "A3区洋湖街道高度重视"
	out, _ = runOut(t, "search", "-index", dir, "-json", "-size", "3", `"`+phrase+`"`)
	var resp struct {
		Total uint64
		Hits  []struct {
			ID         string              `json:"id"`
			Kind       string              `json:"kind"`
			Year       int                 `json:"year"`
			Date       string              `json:"date"`
			Status     []string            `json:"status"`
			Highlights map[string][]string `json:"highlights"`
		}
		Facets map[string][]struct {
			Value string
			Count int
		}
	}
	if err := json.Unmarshal([]byte(out), &resp); err != nil {
		t.Fatal(err)
	}
	if len(resp.Hits) == 0 || resp.Hits[0].ID != "2554" {
		t.Fatalf("%q: hits %+v, want 2554 first", phrase, resp.Hits)
	}
	h := resp.Hits[0]
	if h.Kind != "留言" || h.Year != 2019 || h.Date != "2019-04-24 16:03:40" || strings.Join(h.Status, ",") != "replied" {
		t.Errorf("hit %+v", h)
	}
	if frags := strings.Join(h.Highlights["letter"], ""); !strings.Contains(frags, "<mark>"+phrase+"</mark>") {
		t.Errorf("letter fragments %q do not mark %q", frags, phrase)
	}

	// Years from 留言时间: the year facet sums to every record.
	out, _ = runOut(t, "search", "-index", dir, "-json", "-size", "1")
	if err := json.Unmarshal([]byte(out), &resp); err != nil {
		t.Fatal(err)
	}
	sum := 0
	for _, v := range resp.Facets["year"] {
		if !regexp.MustCompile(`^20[0-2][0-9]$`).MatchString(v.Value) {
			t.Errorf("year %q", v.Value)
		}
		sum += v.Count
	}
	if sum != 2816 || resp.Total != 2816 {
		t.Errorf("years cover %d of %d records", sum, resp.Total)
	}

	// Exported and indexed again: the same records, extra column included.
	exported := filepath.Join(t.TempDir(), "export.csv")
	runOut(t, "export", "-index", dir, "-format", "csv", "-o", exported)
	data, err := os.ReadFile(exported)
	if err != nil {
		t.Fatal(err)
	}
	if header, _, _ := strings.Cut(string(data), "\n"); !strings.HasSuffix(strings.TrimSpace(header), ",letter,留言用户") {
		t.Errorf("export header %q", header)
	}
	again := filepath.Join(t.TempDir(), "again")
	out, _ = runOut(t, "index", "-q", "-o", again, exported)
	if !strings.Contains(out, "indexed 2816 records, 2816 suggestions") {
		t.Errorf("re-import: %q", out)
	}
}
