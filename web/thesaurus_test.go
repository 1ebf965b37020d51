package web

import (
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/govreply/precedent/dict"
)

// TestThesaurusReloadWhileServing edits the synonym file of a running
// server and reloads it: the next searches expand with the new groups, with
// no reindex.
func TestThesaurusReloadWhileServing(t *testing.T) {
	a := dict.MustDefault()
	orig := a.Thesaurus()
	t.Cleanup(func() { a.SetThesaurus(orig) })
	file := filepath.Join(t.TempDir(), "synonyms.txt")
	if err := os.WriteFile(file, []byte("长者 老年人\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	s, ts := apiServer(t, Config{ThesaurusFile: file})
	expansions := func(q string) []map[string]any {
		var r searchResp
		get(t, ts, "/api/search?q="+url.QueryEscape(q), &r)
		return r.Expansions
	}
	if e := expansions("长者"); len(e) != 1 {
		t.Fatalf("before reload: %v", e)
	}
	if e := expansions("驿站"); len(e) != 0 {
		t.Fatalf("驿站 expanded before it was in the file: %v", e)
	}
	if err := os.WriteFile(file, []byte("驿站 服务站 => 服务中心\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := s.ReloadThesaurus(); err != nil {
		t.Fatal(err)
	}
	if e := expansions("驿站"); len(e) != 1 {
		t.Fatalf("after reload 驿站: %v", e)
	}
	if e := expansions("长者"); len(e) != 0 {
		t.Fatalf("after reload 长者 still expands: %v", e)
	}
	if e := expansions("服务中心"); len(e) != 0 {
		t.Fatalf("a one-way entry expanded backwards: %v", e)
	}
	// A broken file is refused and the thesaurus in use stays.
	os.WriteFile(file, []byte("孤词\n"), 0o644)
	if err := s.ReloadThesaurus(); err == nil {
		t.Fatal("a broken synonym file was accepted")
	}
	if e := expansions("驿站"); len(e) != 1 {
		t.Fatalf("after a failed reload: %v", e)
	}
}
