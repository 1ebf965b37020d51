package indexer_test

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"

	"github.com/govreply/precedent/dict"
	"github.com/govreply/precedent/indexer"
	"github.com/govreply/precedent/ingest"
	"github.com/govreply/precedent/record"
)

// Loading the dictionaries takes seconds, so the seed index is built once
// per test binary and shared by the tests that only read it.
var shared struct {
	once  sync.Once
	dir   string
	stats indexer.BuildStats
	err   error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if shared.dir != "" {
		os.RemoveAll(shared.dir)
	}
	os.Exit(code)
}

// seedIndex returns the data directory of the shared seed index.
func seedIndex(t *testing.T) (string, indexer.BuildStats) {
	t.Helper()
	shared.once.Do(func() {
		if shared.dir, shared.err = os.MkdirTemp("", "precedent-indexer-test-"); shared.err != nil {
			return
		}
		var ps []record.Proposal
		if ps, shared.err = readRecords(seedPath); shared.err != nil {
			return
		}
		shared.stats, shared.err = indexer.Build(shared.dir, ps, indexer.BuildOptions{Sources: []string{seedName}})
	})
	if shared.err != nil {
		t.Fatalf("build the seed index: %v", shared.err)
	}
	return shared.dir, shared.stats
}

// buildSeed builds the seed into a fresh data directory of t's own.
func buildSeed(t *testing.T) (string, indexer.BuildStats) {
	t.Helper()
	dir := t.TempDir()
	st, err := indexer.Build(dir, parseSeed(t), indexer.BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return dir, st
}

// docCount opens dataDir's current index and counts its documents.
func docCount(t *testing.T, dataDir string) uint64 {
	t.Helper()
	idx, _, err := indexer.Open(dataDir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	n, err := idx.DocCount()
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// entries lists the names in dir.
func entries(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		out = append(out, e.Name())
	}
	return out
}

func readCurrent(t *testing.T, dataDir string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dataDir, "CURRENT"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestBuildSeed(t *testing.T) {
	dir, st := seedIndex(t)
	a, err := dict.Default()
	if err != nil {
		t.Fatal(err)
	}
	name := filepath.Base(st.Path)

	t.Run("stats", func(t *testing.T) {
		if st.Proposals != 18 || st.Suggestions != 70 {
			t.Errorf("stats: %d proposals, %d suggestions; want 18, 70", st.Proposals, st.Suggestions)
		}
		if filepath.Dir(st.Path) != dir || !strings.HasPrefix(name, "idx-") {
			t.Errorf("index path %s, want %s/idx-…", st.Path, dir)
		}
	})
	t.Run("CURRENT names the idx- directory", func(t *testing.T) {
		if got := readCurrent(t, dir); got != name+"\n" {
			t.Errorf("CURRENT = %q, want %q", got, name+"\n")
		}
		if p, err := indexer.CurrentPath(dir); err != nil || p != st.Path {
			t.Errorf("CurrentPath = %q, %v; want %q", p, err, st.Path)
		}
		if !indexer.Exists(dir) {
			t.Error("Exists = false")
		}
		if got := indexer.Indexes(dir); !reflect.DeepEqual(got, []string{name}) {
			t.Errorf("Indexes = %q, want [%s]", got, name)
		}
		if got, want := entries(t, dir), []string{"CURRENT", name}; !reflect.DeepEqual(got, want) {
			t.Errorf("data directory holds %q, want %q (no tmp- left)", got, want)
		}
	})
	t.Run("meta file", func(t *testing.T) {
		b, err := os.ReadFile(filepath.Join(st.Path, "precedent.json"))
		if err != nil {
			t.Fatal(err)
		}
		var m indexer.Meta
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		if m.Proposals != 18 || m.Suggestions != 70 || m.AnalysisVersion != a.Version() {
			t.Errorf("precedent.json = %+v", m)
		}
	})
	t.Run("Open", func(t *testing.T) {
		idx, meta, err := indexer.Open(dir, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer idx.Close()
		if meta.Proposals != 18 || meta.Suggestions != 70 {
			t.Errorf("meta: %d proposals, %d suggestions; want 18, 70", meta.Proposals, meta.Suggestions)
		}
		if meta.AnalysisVersion != a.Version() {
			t.Errorf("meta analysis version %q, want %q", meta.AnalysisVersion, a.Version())
		}
		if !reflect.DeepEqual(meta.Sources, []string{seedName}) {
			t.Errorf("meta sources %q", meta.Sources)
		}
		if age := time.Since(meta.BuiltAt); age < 0 || age > time.Hour {
			t.Errorf("meta built at %v", meta.BuiltAt)
		}
		if n, err := idx.DocCount(); err != nil || n != 70 {
			t.Errorf("DocCount = %d, %v; want 70", n, err)
		}
		docs := []struct {
			name  string
			query func() *bleve.SearchRequest
			want  int
		}{
			{"suggestions of 20190798", func() *bleve.SearchRequest {
				q := bleve.NewTermQuery("20190798")
				q.SetField(indexer.FieldProposalID)
				return bleve.NewSearchRequest(q)
			}, 6},
			{"not adopted", func() *bleve.SearchRequest {
				q := bleve.NewTermQuery(string(record.NotAdopted))
				q.SetField(indexer.FacetStatus)
				return bleve.NewSearchRequest(q)
			}, 2},
			{"planned", func() *bleve.SearchRequest {
				q := bleve.NewTermQuery(string(record.Planned))
				q.SetField(indexer.FacetStatus)
				return bleve.NewSearchRequest(q)
			}, 11},
			{"year 2020", func() *bleve.SearchRequest {
				q := bleve.NewTermQuery("2020")
				q.SetField(indexer.FacetYear)
				return bleve.NewSearchRequest(q)
			}, 15},
			{"by document id", func() *bleve.SearchRequest {
				return bleve.NewSearchRequest(bleve.NewDocIDQuery([]string{"20190730-1", "20190798-4", "20190798-7"}))
			}, 2},
		}
		for _, d := range docs {
			res, err := bleve.NewIndexAlias(idx...).Search(d.query())
			if err != nil {
				t.Errorf("%s: %v", d.name, err)
				continue
			}
			if int(res.Total) != d.want {
				t.Errorf("%s: %d hits, want %d", d.name, res.Total, d.want)
			}
		}
	})
}

// A second build replaces the first: CURRENT names it, the old directory
// goes, and progress reaches the total.
func TestBuildReplaces(t *testing.T) {
	dir, first := buildSeed(t)
	ps := parseSeed(t)[:3] // 4+3+4 suggestions
	var calls [][2]int
	second, err := indexer.Build(dir, ps, indexer.BuildOptions{BatchSize: 4, Progress: func(done, total int) {
		calls = append(calls, [2]int{done, total})
	}})
	if err != nil {
		t.Fatal(err)
	}
	if second.Path == first.Path {
		t.Fatal("the second build reused the first one's directory")
	}
	if got := readCurrent(t, dir); got != filepath.Base(second.Path)+"\n" {
		t.Errorf("CURRENT = %q, want the second build", got)
	}
	if _, err := os.Stat(first.Path); !os.IsNotExist(err) {
		t.Errorf("the first index %s is still there (%v)", first.Path, err)
	}
	if got := indexer.Indexes(dir); !reflect.DeepEqual(got, []string{filepath.Base(second.Path)}) {
		t.Errorf("Indexes = %q", got)
	}
	if n := docCount(t, dir); n != 11 {
		t.Errorf("DocCount = %d, want 11", n)
	}
	if want := [][2]int{{4, 11}, {8, 11}, {11, 11}}; !reflect.DeepEqual(calls, want) {
		t.Errorf("progress calls %v, want %v", calls, want)
	}
}

// A build that fails leaves the previous index current and whole, and no
// tmp- directory behind.
func TestBuildFailureKeepsPrevious(t *testing.T) {
	tests := []struct {
		name string
		// sabotage runs during the build, when the tmp- directory exists.
		sabotage func(t *testing.T, dataDir, tmp string)
	}{
		{"meta file cannot be written", func(t *testing.T, dataDir, tmp string) {
			if err := os.Mkdir(filepath.Join(tmp, "precedent.json"), 0o755); err != nil {
				t.Fatal(err)
			}
		}},
		{"index directory cannot be renamed into place", func(t *testing.T, dataDir, tmp string) {
			final := filepath.Join(dataDir, "idx-"+strings.TrimPrefix(filepath.Base(tmp), "tmp-"))
			if err := os.MkdirAll(filepath.Join(final, "in-the-way"), 0o755); err != nil {
				t.Fatal(err)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir, prev := buildSeed(t)
			current := readCurrent(t, dir)
			sabotaged := false
			_, err := indexer.Build(dir, parseSeed(t)[:2], indexer.BuildOptions{Progress: func(done, total int) {
				tmps, _ := filepath.Glob(filepath.Join(dir, "tmp-*"))
				if len(tmps) != 1 {
					t.Fatalf("during the build: tmp- directories %q, want one", tmps)
				}
				tt.sabotage(t, dir, tmps[0])
				sabotaged = true
			}})
			if !sabotaged {
				t.Fatal("Progress was not called")
			}
			if err == nil {
				t.Fatal("the sabotaged build succeeded")
			}
			if got := readCurrent(t, dir); got != current {
				t.Errorf("CURRENT = %q, was %q", got, current)
			}
			if tmps, _ := filepath.Glob(filepath.Join(dir, "tmp-*")); len(tmps) != 0 {
				t.Errorf("tmp- directories left: %q", tmps)
			}
			if _, err := os.Stat(prev.Path); err != nil {
				t.Errorf("the previous index: %v", err)
			}
			if n := docCount(t, dir); n != 70 {
				t.Errorf("DocCount = %d, want the previous index's 70", n)
			}
		})
	}
}

// A bad import stops at ReadFiles: there is nothing to build, and the
// current index is unchanged.
func TestBadImportNeverReachesBuild(t *testing.T) {
	dir, _ := buildSeed(t)
	current := readCurrent(t, dir)
	bad := filepath.Join(t.TempDir(), "bad.txt")
	writeFile(t, bad, withLines(replaceLine(seedLines(t), 110, "\tabcdefgh")))
	header := filepath.Join(t.TempDir(), "header-only.csv")
	writeFile(t, header, []byte(csvHeader))
	for _, paths := range [][]string{{bad}, {seedPath, bad}, {header}} {
		c, err := ingest.ReadFiles(ingest.Options{}, paths...)
		if err == nil {
			// What precedent index does with a collection.
			indexer.Build(dir, c.Proposals, indexer.BuildOptions{})
			t.Errorf("ReadFiles(%q) succeeded with %d proposals", paths, len(c.Proposals))
		}
	}
	if got := readCurrent(t, dir); got != current {
		t.Errorf("CURRENT = %q, was %q", got, current)
	}
	if n := docCount(t, dir); n != 70 {
		t.Errorf("DocCount = %d, want 70", n)
	}
}

// What an interrupted build leaves goes with CleanStale and with the next
// build; nothing else does.
func TestCleanStale(t *testing.T) {
	dir := t.TempDir()
	mk := func(path string, isDir bool) {
		t.Helper()
		p := filepath.Join(dir, path)
		if isDir {
			if err := os.MkdirAll(filepath.Join(p, "store"), 0o755); err != nil {
				t.Fatal(err)
			}
			return
		}
		writeFile(t, p, []byte("x"))
	}
	mk("tmp-20261129T091500-aaaaaa", true)
	mk("tmp-20261129T091501-bbbbbb", true)
	mk("CURRENT.tmp-cccccc", false)
	mk("idx-20261129T091400-dddddd", true)
	mk("notes.txt", false)
	got := indexer.CleanStale(dir)
	want := []string{"CURRENT.tmp-cccccc", "tmp-20261129T091500-aaaaaa", "tmp-20261129T091501-bbbbbb"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("CleanStale removed %q, want %q", got, want)
	}
	if got, want := entries(t, dir), []string{"idx-20261129T091400-dddddd", "notes.txt"}; !reflect.DeepEqual(got, want) {
		t.Errorf("left %q, want %q", got, want)
	}
	if got := indexer.CleanStale(dir); len(got) != 0 {
		t.Errorf("second CleanStale removed %q", got)
	}
	if got := indexer.CleanStale(filepath.Join(dir, "missing")); len(got) != 0 {
		t.Errorf("CleanStale of a missing directory removed %q", got)
	}

	// The next build removes a crashed build's leftovers too.
	dir, _ = buildSeed(t)
	mk("tmp-20261129T091500-eeeeee", true)
	mk("CURRENT.tmp-ffffff", false)
	st, err := indexer.Build(dir, parseSeed(t)[:1], indexer.BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := entries(t, dir), []string{"CURRENT", filepath.Base(st.Path)}; !reflect.DeepEqual(got, want) {
		t.Errorf("after the next build the data directory holds %q, want %q", got, want)
	}
}

func TestOpenRefuses(t *testing.T) {
	a, err := dict.Default()
	if err != nil {
		t.Fatal(err)
	}
	// setMeta rewrites the metadata of dataDir's current index.
	setMeta := func(t *testing.T, dataDir string, meta []byte) {
		t.Helper()
		path, err := indexer.CurrentPath(dataDir)
		if err != nil {
			t.Fatal(err)
		}
		idx, err := bleve.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		if meta == nil {
			err = idx.DeleteInternal([]byte("precedent.meta"))
		} else {
			err = idx.SetInternal([]byte("precedent.meta"), meta)
		}
		if err != nil {
			t.Fatal(err)
		}
		if err := idx.Close(); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name    string
		prepare func(t *testing.T) string // returns the data directory
		is      error
		msg     []string
	}{
		{"other analysis version", func(t *testing.T) string {
			dir, _ := buildSeed(t)
			m, _ := json.Marshal(indexer.Meta{AnalysisVersion: "0-000000000000", Proposals: 18, Suggestions: 70})
			setMeta(t, dir, m)
			return dir
		}, indexer.ErrAnalysisVersion, []string{"the index has 0-000000000000, this binary " + a.Version(), "rebuild"}},
		{"older document schema", func(t *testing.T) string {
			dir, _ := buildSeed(t)
			m, _ := json.Marshal(indexer.Meta{AnalysisVersion: a.Version(), Schema: 1, Proposals: 18, Suggestions: 70})
			setMeta(t, dir, m)
			return dir
		}, indexer.ErrAnalysisVersion, []string{"the index has document schema 1, this binary " + strconv.Itoa(indexer.SchemaVersion), "rebuild"}},
		{"no metadata", func(t *testing.T) string {
			dir, _ := buildSeed(t)
			setMeta(t, dir, nil)
			return dir
		}, nil, []string{"not built by precedent (no metadata)"}},
		{"metadata not JSON", func(t *testing.T) string {
			dir, _ := buildSeed(t)
			setMeta(t, dir, []byte("{"))
			return dir
		}, nil, []string{"metadata:"}},
		{"no index", func(t *testing.T) string { return t.TempDir() }, nil, []string{"no index here"}},
		{"CURRENT outside the data directory", func(t *testing.T) string {
			dir := t.TempDir()
			writeFile(t, filepath.Join(dir, "CURRENT"), []byte("../idx-x\n"))
			return dir
		}, nil, []string{"bad CURRENT file"}},
		{"CURRENT naming no idx- directory", func(t *testing.T) string {
			dir := t.TempDir()
			writeFile(t, filepath.Join(dir, "CURRENT"), []byte("tmp-x\n"))
			return dir
		}, nil, []string{"bad CURRENT file"}},
		{"CURRENT naming a missing index", func(t *testing.T) string {
			dir := t.TempDir()
			writeFile(t, filepath.Join(dir, "CURRENT"), []byte("idx-gone\n"))
			return dir
		}, nil, []string{"open index"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := tt.prepare(t)
			idx, _, err := indexer.Open(dir, a)
			if err == nil {
				idx.Close()
				t.Fatal("Open succeeded")
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("error %q does not wrap %v", err, tt.is)
			}
			for _, m := range tt.msg {
				if !strings.Contains(err.Error(), m) {
					t.Errorf("error %q does not contain %q", err, m)
				}
			}
		})
	}
}

// A data directory that is itself a bleve index is its own current index.
func TestCurrentPathBareIndex(t *testing.T) {
	_, st := seedIndex(t)
	if p, err := indexer.CurrentPath(st.Path); err != nil || p != st.Path {
		t.Errorf("CurrentPath(%s) = %q, %v", st.Path, p, err)
	}
	idx, meta, err := indexer.Open(st.Path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	if meta.Suggestions != 70 {
		t.Errorf("meta %+v", meta)
	}
}
