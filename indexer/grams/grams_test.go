package grams

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// build writes the index of docs (document i's texts at docs[i]) in a
// temporary directory and opens it.
func build(t *testing.T, docs [][]string) *Index {
	t.Helper()
	b := NewBuilder()
	for i, texts := range docs {
		if err := b.Add(uint32(i), texts); err != nil {
			t.Fatal(err)
		}
	}
	dir := t.TempDir()
	if err := b.WriteFile(dir, uint32(len(docs))); err != nil {
		t.Fatal(err)
	}
	x, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { x.Close() })
	return x
}

func candidates(t *testing.T, x *Index, frag string) []uint32 {
	t.Helper()
	got, err := x.Candidates(frag)
	if err != nil {
		t.Fatalf("Candidates(%q): %v", frag, err)
	}
	return got
}

// bruteCandidates is what Candidates returns when it intersects every
// pair's list (the lists are of like lengths, see skipRatio): for one
// character, the documents with it; for more, those with every pair of its
// characters standing together in one of their texts, at places (counted
// over the texts one after the other) that may line up, mod 8.
func bruteCandidates(docs [][]string, frag string) []uint32 {
	rs := []rune(frag)
	out := []uint32{}
	for i, texts := range docs {
		// The places of each pair of the document.
		places := map[string][]int{}
		pos := 0
		for _, t := range texts {
			trs := []rune(t)
			for j := range trs {
				p := string(trs[j]) + "$"
				if j+1 < len(trs) {
					p = string(trs[j : j+2])
				}
				places[p] = append(places[p], pos)
				pos++
			}
		}
		ok := false
		switch len(rs) {
		case 0:
		case 1:
			ok = slices.ContainsFunc(texts, func(s string) bool { return strings.ContainsRune(s, rs[0]) })
		default:
			for s := 0; s < 8 && !ok; s++ {
				ok = true
				for k := 0; k+1 < len(rs) && ok; k++ {
					ok = slices.ContainsFunc(places[string(rs[k:k+2])], func(p int) bool { return p%8 == (s+k)%8 })
				}
			}
		}
		if ok {
			out = append(out, uint32(i))
		}
	}
	return out
}

// pairsOnly are the documents with every pair of frag's characters,
// wherever they stand.
func pairsOnly(docs [][]string, frag string) []uint32 {
	rs := []rune(frag)
	out := []uint32{}
	for i, texts := range docs {
		ok := len(rs) > 1
		for k := 0; k+1 < len(rs) && ok; k++ {
			p := string(rs[k : k+2])
			ok = slices.ContainsFunc(texts, func(s string) bool { return strings.Contains(s, p) })
		}
		if ok {
			out = append(out, uint32(i))
		}
	}
	return out
}

// holders are the documents that hold frag in one of their texts.
func holders(docs [][]string, frag string) []uint32 {
	out := []uint32{}
	for i, texts := range docs {
		if slices.ContainsFunc(texts, func(s string) bool { return strings.Contains(s, frag) }) {
			out = append(out, uint32(i))
		}
	}
	return out
}

// TestRoundTrip: random documents over a small alphabet (so that pairs
// repeat and fragments' pairs stand apart), every fragment of up to four
// characters: Candidates is the brute force's answer, holds every
// document with the fragment, and is exactly them for one or two
// characters.
func TestRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []rune("养老服务托育a1")
	docs := make([][]string, 300)
	for i := range docs {
		if rng.IntN(10) == 0 {
			continue // a document without text
		}
		for range 1 + rng.IntN(3) {
			rs := make([]rune, rng.IntN(12))
			for k := range rs {
				rs[k] = alphabet[rng.IntN(len(alphabet))]
			}
			docs[i] = append(docs[i], string(rs))
		}
	}
	x := build(t, docs)
	if x.Docs() != 300 {
		t.Fatalf("Docs() = %d", x.Docs())
	}
	var frags []string
	var grow func(prefix []rune)
	grow = func(prefix []rune) {
		if len(prefix) > 0 {
			frags = append(frags, string(prefix))
		}
		if len(prefix) == 4 {
			return
		}
		for _, r := range alphabet {
			grow(append(prefix, r))
		}
	}
	grow(nil)
	apart, lined := 0, 0
	for _, f := range frags {
		got := candidates(t, x, f)
		if want := bruteCandidates(docs, f); !slices.Equal(got, want) {
			t.Fatalf("%q: %v, want %v", f, got, want)
		}
		hold := holders(docs, f)
		for _, d := range hold {
			if _, ok := slices.BinarySearch(got, d); !ok {
				t.Fatalf("%q: document %d holds it, not a candidate", f, d)
			}
		}
		if len([]rune(f)) <= 2 && !slices.Equal(got, hold) {
			t.Fatalf("%q: %v, the holders %v", f, got, hold)
		}
		if len(got) > len(hold) {
			apart++
		}
		if len(got) < len(pairsOnly(docs, f)) {
			lined++
		}
	}
	if apart == 0 {
		t.Fatal("no fragment had its pairs apart: the test tests nothing")
	}
	if lined == 0 {
		t.Fatal("no document with a fragment's pairs was left out by their places: the test tests nothing")
	}
	if got := candidates(t, x, ""); len(got) != 0 {
		t.Fatalf("empty fragment: %v", got)
	}
	if got := candidates(t, x, "养z"); len(got) != 0 {
		t.Fatalf("a pair no document has: %v", got)
	}
	if got := candidates(t, x, "z"); len(got) != 0 {
		t.Fatalf("a character no document has: %v", got)
	}
}

// TestBoundaries: no pair spans two texts of a document; the last character
// of each text, and a text of one character, are found.
func TestBoundaries(t *testing.T) {
	x := build(t, [][]string{
		{"养老", "服务"},
		{"", "托", ""},
		{},
		{"老服"},
	})
	for frag, want := range map[string][]uint32{
		"老服": {3},
		"养老": {0},
		"老":  {0, 3},
		"务":  {0},
		"服":  {0, 3},
		"托":  {1},
		"托育": {},
		"服务": {0},
	} {
		if got := candidates(t, x, frag); !slices.Equal(got, want) {
			t.Errorf("%q: %v, want %v", frag, got, want)
		}
	}
}

// TestEmpty: an index of no documents, and of documents without text.
func TestEmpty(t *testing.T) {
	for _, docs := range [][][]string{nil, {{}, {""}}} {
		x := build(t, docs)
		if x.Docs() != uint32(len(docs)) {
			t.Fatalf("Docs() = %d, want %d", x.Docs(), len(docs))
		}
		for _, f := range []string{"", "养", "养老"} {
			if got := candidates(t, x, f); len(got) != 0 {
				t.Fatalf("%q: %v", f, got)
			}
		}
	}
}

// TestLargeLists: lists of many documents with large gaps (multi-byte
// uvarints), intersected shortest first.
func TestLargeLists(t *testing.T) {
	b := NewBuilder()
	const n = 1 << 20
	var want, alone []uint32
	for d := uint32(0); d < n; d += 7 {
		texts := []string{"甲乙"}
		switch d % (7 * 1000) {
		case 0:
			texts = []string{"甲乙丙"}
			want = append(want, d)
		case 7:
			texts = []string{"乙丙"} // no 甲乙
			alone = append(alone, d)
		}
		if err := b.Add(d, texts); err != nil {
			t.Fatal(err)
		}
	}
	dir := t.TempDir()
	if err := b.WriteFile(dir, n); err != nil {
		t.Fatal(err)
	}
	x, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	// 甲乙 is in 500 times as many documents as 乙丙 (skipRatio): the
	// candidates are those with 乙丙, to be checked.
	both := append(slices.Clone(want), alone...)
	slices.Sort(both)
	if got := candidates(t, x, "甲乙丙"); !slices.Equal(got, both) {
		t.Fatalf("%d candidates, want %d", len(got), len(both))
	}
	if got := candidates(t, x, "乙丙"); !slices.Equal(got, both) {
		t.Fatalf("乙丙: %d candidates, want %d", len(got), len(both))
	}
	if got := candidates(t, x, "甲乙"); len(got) != (n+6)/7-len(alone) {
		t.Fatalf("%d documents with 甲乙, want %d", len(got), (n+6)/7-len(alone))
	}
	if got := candidates(t, x, "乙"); len(got) != (n+6)/7 {
		t.Fatalf("%d documents with 乙, want %d", len(got), (n+6)/7)
	}
}

// TestBuilderErrors: documents out of order, or beyond the part's count.
func TestBuilderErrors(t *testing.T) {
	b := NewBuilder()
	if err := b.Add(5, []string{"养老"}); err != nil {
		t.Fatal(err)
	}
	if err := b.Add(5, []string{"养老"}); err == nil {
		t.Error("a document added twice")
	}
	if err := b.Add(3, []string{"养老"}); err == nil {
		t.Error("a document added after a later one")
	}
	if err := b.WriteFile(t.TempDir(), 5); err == nil {
		t.Error("document 5 written in an index of 5 documents")
	}
}

// TestDamaged: a file cut short, of another version or not an index is
// refused at Open; damaged postings are an error, never a wrong answer.
func TestDamaged(t *testing.T) {
	dir := t.TempDir()
	b := NewBuilder()
	for d := range uint32(100) {
		b.Add(d, []string{"养老服务", "托育"})
	}
	if err := b.WriteFile(dir, 100); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, FileName)
	good, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{
		"cut short":     good[:len(good)-1],
		"longer":        append(slices.Clone(good), 0),
		"other magic":   append([]byte("XGRM"), good[4:]...),
		"other version": append(append([]byte("PGRM"), 9, 0, 0, 0), good[8:]...),
		"empty":         {},
	} {
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		if x, err := Open(dir); err == nil || !errors.Is(err, ErrFormat) {
			if x != nil {
				x.Close()
			}
			t.Errorf("%s: opened (%v)", name, err)
		}
	}
	// Postings overwritten with bytes that decode to numbers beyond the
	// part's documents.
	bad := slices.Clone(good)
	at := bytes.LastIndex(bad, []byte{1}) // a gap of one in the last list
	for i := at; i < len(bad); i++ {
		bad[i] = 0x7f
	}
	if err := os.WriteFile(path, bad, 0o644); err != nil {
		t.Fatal(err)
	}
	x, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	errs := 0
	for _, f := range []string{"养老", "老服", "服务", "托育", "养", "务", "育", "养老服务"} {
		got, err := x.Candidates(f)
		if err != nil {
			errs++
			continue
		}
		if len(got) != 100 {
			t.Errorf("%q: %d documents from a damaged list, no error", f, len(got))
		}
	}
	if errs == 0 {
		t.Error("no damaged list reported")
	}
}

// TestAppend: builders of consecutive ranges of documents, appended, write
// the same file as one builder of them all.
func TestAppend(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	alphabet := []rune("养老服务托育")
	docs := make([][]string, 500)
	for i := range docs {
		rs := make([]rune, rng.IntN(20))
		for k := range rs {
			rs[k] = alphabet[rng.IntN(len(alphabet))]
		}
		docs[i] = []string{string(rs)}
	}
	write := func(cuts ...int) []byte {
		var bs []*Builder
		for k := 0; k+1 < len(cuts); k++ {
			b := NewBuilder()
			for d := cuts[k]; d < cuts[k+1]; d++ {
				if err := b.Add(uint32(d), docs[d]); err != nil {
					t.Fatal(err)
				}
			}
			bs = append(bs, b)
		}
		for _, b := range bs[1:] {
			if err := bs[0].Append(b); err != nil {
				t.Fatal(err)
			}
		}
		dir := t.TempDir()
		if err := bs[0].WriteFile(dir, uint32(len(docs))); err != nil {
			t.Fatal(err)
		}
		data, err := os.ReadFile(filepath.Join(dir, FileName))
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	one := write(0, 500)
	for _, cuts := range [][]int{{0, 250, 500}, {0, 1, 499, 500}, {0, 100, 200, 300, 500}, {0, 0, 500}} {
		if got := write(cuts...); !bytes.Equal(got, one) {
			t.Errorf("builders of %v: a different file", cuts)
		}
	}
	b, o := NewBuilder(), NewBuilder()
	b.Add(10, []string{"养老"})
	o.Add(5, []string{"养老"})
	if err := b.Append(o); err == nil {
		t.Error("documents appended before the builder's own")
	}
}

// TestSkips: long lists are intersected by their skips, whatever the sizes
// of the lists and the blocks the candidates fall in.
func TestSkips(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for _, n := range []int{1, 63, 64, 65, 127, 128, 129, 1000, 5000} {
		for _, share := range []int{1, 3, 50} { // one document in share holds both pairs
			b := NewBuilder()
			var want []uint32
			for d := range n {
				texts := []string{"甲乙"}
				switch {
				case rng.IntN(share) == 0:
					texts = []string{"甲乙丙"}
					want = append(want, uint32(d))
				case rng.IntN(20) == 0:
					texts = []string{"乙丙"} // so the list of 乙丙 is short, of 甲乙 long
				}
				if err := b.Add(uint32(d), texts); err != nil {
					t.Fatal(err)
				}
			}
			dir := t.TempDir()
			if err := b.WriteFile(dir, uint32(n)); err != nil {
				t.Fatal(err)
			}
			x, err := Open(dir)
			if err != nil {
				t.Fatal(err)
			}
			got, err := x.Candidates("甲乙丙")
			x.Close()
			if err != nil {
				t.Fatal(err)
			}
			if len(want) == 0 {
				want = []uint32{}
			}
			if !slices.Equal(got, want) {
				t.Fatalf("%d documents, 1 in %d: %d candidates, want %d", n, share, len(got), len(want))
			}
		}
	}
}
