package eval

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/govreply/precedent/dict"
	"github.com/govreply/precedent/record"
)

// realDir is where the real-text corpus lies: $PRECEDENT_REAL, else
// ../shared/real beside the repository.
func realDir() string {
	if d := os.Getenv("PRECEDENT_REAL"); d != "" {
		return d
	}
	return filepath.Join("..", "..", "shared", "real")
}

const realQueriesPath = "../" + RealQueriesFile

// needReal fails the test, saying why and what to do, when the corpus is
// not there: the real-text set never passes by being skipped.
func needReal(t *testing.T) string {
	t.Helper()
	dir := realDir()
	if err := CheckRealDir(dir); err != nil {
		t.Fatalf("%v\nThe real-text judged set runs on that corpus; put it at ../shared/real beside the repository or set PRECEDENT_REAL to its directory.", err)
	}
	return dir
}

// TestRealQueriesFile checks the judged real-text set itself: enough needs
// of each kind, both splits, every judged id a record of the corpus, every
// covered need with something relevant and every uncovered one with nothing.
func TestRealQueriesFile(t *testing.T) {
	qs, err := LoadQueries(realQueriesPath)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	splits := map[string]int{}
	for _, q := range qs {
		kinds[q.Kind]++
		splits[q.Split]++
		if q.Note == "" {
			t.Errorf("%q has no note saying what counts", q.Query)
		}
		if q.Kind == "uncovered" {
			if !q.Uncovered() {
				t.Errorf("uncovered need %q has relevant records", q.Query)
			}
		} else if q.RelevantCount() == 0 {
			t.Errorf("%s need %q has no relevant record", q.Kind, q.Query)
		}
	}
	if len(qs) < 48 {
		t.Errorf("%d needs, want 48 or more", len(qs))
	}
	for kind, least := range map[string]int{"keyword": 16, "sentence": 14, "traditional": 6, "uncovered": 6} {
		if kinds[kind] < least {
			t.Errorf("%d %s needs, want %d or more", kinds[kind], kind, least)
		}
	}
	if len(splits) != 2 || splits["dev"] == 0 || splits["check"] == 0 {
		t.Errorf("splits %v, want dev and check only", splits)
	}
	if share := float64(splits["check"]) / float64(len(qs)); share < 0.25 || share > 0.45 {
		t.Errorf("check split holds %.0f%% of the needs, want about a third", 100*share)
	}
	rs, err := LoadReal(needReal(t))
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, r := range rs {
		ids[r.ID] = true
	}
	for _, q := range qs {
		for id := range q.Relevant {
			if !ids[id] {
				t.Errorf("%q judges %s, which is no record of the corpus", q.Query, id)
			}
		}
	}
}

// realMargin is how far below bleve-cjk's overall nDCG@10 on the real-text
// set this engine may fall before the test fails. When the set was judged
// it stood above (0.755 against 0.667 over all covered needs), so the test
// asserts the comparison rather than recording a baseline of its own.
const realMargin = 0.02

// TestRealSet runs the judged real-text needs on the corpus with this
// engine and bleve-cjk and keeps this engine's overall nDCG@10 (over the
// needs something answers, both splits) from falling below bleve-cjk's
// minus realMargin. Under the race detector it only checks that the
// corpus is there: building the two indexes of its 10,148 records then
// takes longer than go test's 10-minute limit on the two shared cores (it
// takes a minute without it), as with the bench package's large corpora.
func TestRealSet(t *testing.T) {
	dir := needReal(t)
	if raceEnabled {
		t.Skip("race detector on: the real-text comparison runs without -race (go test ./eval -run TestRealSet)")
	}
	qs, err := LoadQueries(realQueriesPath)
	if err != nil {
		t.Fatal(err)
	}
	reports, err := CompareReal(dir, qs, dict.MustDefault())
	if err != nil {
		t.Fatal(err)
	}
	by := map[string]*Report{}
	for _, r := range reports {
		by[r.Engine] = r
		for _, res := range r.Results {
			for _, id := range res.IDs {
				if !strings.HasPrefix(id, "tc20c-") {
					t.Fatalf("%s answers %q with %s, not a record id", r.Engine, res.Query.Query, id)
				}
			}
		}
	}
	ours, cjk := by["precedent"].All, by["bleve-cjk"].All
	if ours.Covered != cjk.Covered || ours.Covered == 0 {
		t.Fatalf("covered needs: precedent %d, bleve-cjk %d", ours.Covered, cjk.Covered)
	}
	if ours.NDCG10 < cjk.NDCG10-realMargin {
		t.Errorf("real-text nDCG@10 %.3f fell below bleve-cjk's %.3f minus %.2f", ours.NDCG10, cjk.NDCG10, realMargin)
	}
	for _, split := range []string{"dev", "check"} {
		_, o := by["precedent"].Summaries(split)
		_, c := by["bleve-cjk"].Summaries(split)
		t.Logf("%s: nDCG@10 precedent %.3f, bleve-cjk %.3f; P@10 %.3f, %.3f; R@100 %.3f, %.3f; uncovered hits mean %.0f, %.0f",
			split, o.NDCG10, c.NDCG10, o.Precision10, c.Precision10, o.Recall100, c.Recall100, o.HitsMean, c.HitsMean)
	}
}

func TestCheckRealDirMissing(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "nowhere")
	err := CheckRealDir(missing)
	if !errors.Is(err, ErrRealMissing) || !strings.Contains(err.Error(), missing) {
		t.Errorf("missing directory: %v, want ErrRealMissing naming %s", err, missing)
	}
	for _, f := range RealFiles[:2] {
		os.WriteFile(filepath.Join(dir, f), []byte("{}\n"), 0o644)
	}
	err = CheckRealDir(dir)
	if !errors.Is(err, ErrRealMissing) || !strings.Contains(err.Error(), RealFiles[2]) {
		t.Errorf("missing file: %v, want ErrRealMissing naming %s", err, RealFiles[2])
	}
}

// writeReal writes the four corpus files into a temporary directory, the
// first with the given lines and the others with one record each.
func writeReal(t *testing.T, first string) string {
	t.Helper()
	dir := t.TempDir()
	for i, f := range RealFiles {
		body := first
		if i > 0 {
			body = `{"id":"tc20c-x-` + strconv.Itoa(i) + `","title":"t","text":"正文"}` + "\n"
		}
		if err := os.WriteFile(filepath.Join(dir, f), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// LoadReal reads the corpus as the importer does: the records' own ids,
// their replies as letters, errors naming file and line.
func TestLoadReal(t *testing.T) {
	dir := writeReal(t, `{"id":"tc20c-fj4-1","title":"标题","text":"正文","reply":"答复","date":"2019-01-01 00:00:00"}`+"\n\n"+`{"id":"tc20c-fj4-2","title":"二","text":"二"}`+"\n")
	ps, err := LoadReal(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 5 {
		t.Fatalf("%d records", len(ps))
	}
	p := ps[0]
	if p.ID != "tc20c-fj4-1" || p.Kind != "留言" || p.Title != "标题" || !p.Whole() || p.Suggestions[0].Text != "正文" ||
		p.Suggestions[0].Reply.Letter != "答复" || p.Submitted != "2019-01-01 00:00:00" || record.DocID(&p, &p.Suggestions[0]) != "tc20c-fj4-1" {
		t.Errorf("record %+v", p)
	}
	for name, c := range map[string]struct{ body, want string }{
		"bad json": {`{"id":"a","title":"t"}` + "\n" + `{"id":` + "\n", RealFiles[0] + ":2:"},
		"bad date": {`{"id":"a","title":"t","date":"2019-02-30"}` + "\n", RealFiles[0] + ":1: date (submitted)"},
	} {
		_, err := LoadReal(writeReal(t, c.body))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", name, err, c.want)
		}
	}
}
