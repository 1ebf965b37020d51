package dict

import (
	"crypto/sha256"
	"reflect"
	"testing"

	"github.com/go-ego/gse"

	"github.com/govreply/precedent/dict/internal/t2s"
)

// TestLoadMatchesGse checks that the dictionary Load builds is the one gse's
// own LoadDictStr and CalcToken build: the same tokens with the same path
// lengths (setDistances writes them into an unexported field), so the same
// segmentation.
func TestLoadMatchesGse(t *testing.T) {
	a := analyzer(t)
	var ref gse.Segmenter
	ref.SkipLog = true
	ref.Dict = gse.NewDict()
	ref.Init()
	h := sha256.New()
	lists, err := readWordLists(h)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.addWordLists(&ref, lists); err != nil {
		t.Fatal(err)
	}
	base, err := baseWords(h)
	if err != nil {
		t.Fatal(err)
	}
	if err := ref.LoadDictStr(base); err != nil {
		t.Fatal(err)
	}
	// The single characters of wordChars, which gse's loading skips, then
	// the path lengths again with them in the total.
	if err := addChars(&ref, a.chars, wordChars); err != nil {
		t.Fatal(err)
	}
	ref.CalcToken()
	got, want := a.seg.Dict.Tokens, ref.Dict.Tokens
	if len(got) != len(want) || a.seg.Dict.TotalFreq() != ref.Dict.TotalFreq() {
		t.Fatalf("%d tokens, total frequency %g; gse loads %d, %g", len(got), a.seg.Dict.TotalFreq(), len(want), ref.Dict.TotalFreq())
	}
	for i := range want {
		g, w := &got[i], &want[i]
		gd := reflect.ValueOf(g).Elem().FieldByName("distance").Float()
		wd := reflect.ValueOf(w).Elem().FieldByName("distance").Float()
		if g.Text() != w.Text() || g.Freq() != w.Freq() || g.Pos() != w.Pos() || gd != wd {
			t.Fatalf("token %d: %q %g %q distance %g; gse: %q %g %q distance %g", i,
				g.Text(), g.Freq(), g.Pos(), gd, w.Text(), w.Freq(), w.Pos(), wd)
		}
	}
	text := "建立养老服务时间银行制度，推进社区居家养老服务。深圳市民政局2019年在盐田区试点，九三学社深圳市委会提出加强中小学心理健康教育。"
	gs, ws := a.seg.Segment([]byte(text)), ref.Segment([]byte(text))
	if len(gs) != len(ws) {
		t.Fatalf("%d segments, gse %d", len(gs), len(ws))
	}
	for i := range ws {
		if gs[i].Start() != ws[i].Start() || gs[i].End() != ws[i].End() {
			t.Errorf("segment %d: [%d,%d), gse [%d,%d)", i, gs[i].Start(), gs[i].End(), ws[i].Start(), ws[i].End())
		}
	}
}

// TestT2STable checks the embedded folding table against OpenCC: run go
// generate in dict/ when it fails after an upgrade.
func TestT2STable(t *testing.T) {
	want, err := t2s.Build()
	if err != nil {
		t.Fatal(err)
	}
	a := analyzer(t)
	if !reflect.DeepEqual(a.t2s, want) {
		t.Errorf("data/t2s.txt has %d characters, OpenCC's tables give %d: run go generate in dict/", len(a.t2s), len(want))
	}
}
