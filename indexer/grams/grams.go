// Package grams is the fragment index of a built index part: for each pair
// of characters that stand together in a document's texts, the documents
// that have it. A quoted fragment, cut anywhere, even inside a word, is
// only in documents that have every pair of its characters (Candidates);
// the search checks those against their text where the pairs alone are no
// proof.
//
// The index knows no analysis: it pairs the runes of the texts it is given,
// which are gram text (dict.Analyzer.GramText: folded, letters, digits and
// Han characters only), and Candidates takes a fragment in the same form. A
// document's texts never join: no pair spans two of them. The last
// character of each text is also paired with 0 (the end of a text), so that
// every character of a text starts a pair, and the documents with a
// character are those of the pairs it starts: a fragment of one character
// is found too.
//
// Each document of a pair also keeps where the pair stands, coarsely: a
// byte whose bit i says the pair starts at a place ≡ i (mod 8) of the
// document's texts (read one after the other). A fragment's pairs must
// stand one after the other, so the documents whose masks cannot line up
// are no candidates: most documents that have the pairs apart are left
// out without reading their text.
//
// A fragment of one or two characters is in exactly the documents
// Candidates returns; a longer one in some of them.
//
// # File format
//
// FileName in the part's directory, little-endian, every array of uint32
// 4-byte aligned:
//
//	header, 24 bytes:
//	  magic    [4]byte  "PGRM"
//	  version  uint32   Version
//	  docs     uint32   documents are numbered 0 … docs-1 (the part's own numbers)
//	  firsts   uint32   distinct first runes of the pairs
//	  keys     uint32   distinct pairs
//	  size     uint32   bytes of postings
//	first    [firsts]uint32    the first runes, ascending
//	start    [firsts+1]uint32  index of each first rune's first pair; start[firsts] = keys
//	second   [keys]uint32      each pair's second rune (0: the end of a text), ascending within its first rune
//	off      [keys+1]uint32    each pair's offset in postings; off[keys] = size
//	postings [size]byte        each pair's documents: uvarint n; for n > skipEvery, the skips:
//	                           (n-1)/skipEvery times [uint32 d, uint32 o], d the document
//	                           before block j+1 (documents j·skipEvery … ) and o where the
//	                           block starts after the skips; then n times a uvarint, the
//	                           first document or the gap from the one before (ascending, no
//	                           repeats), and its mask byte (never 0)
//
// The skips let a short list of candidates be intersected with a long list
// without reading all of it.
//
// The file is mapped into memory read-only (Open), as bleve maps its
// segments: a part's fragment index is a sixth (the bench's corpus) to a
// quarter (the real replies, long texts) of its bleve index's size, and a
// search reads only the pages of the pairs it looks up.
package grams

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"math/bits"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/mmap-go"
)

// FileName is the fragment index's file in a part's directory.
const FileName = "grams.idx"

// Version is the file format's version.
const Version = 1

const (
	magic      = "PGRM"
	headerSize = 24
)

// pair is the key of two runes standing together: 21 bits each.
func pair(r1, r2 rune) uint64 { return uint64(r1&0x1FFFFF)<<21 | uint64(r2&0x1FFFFF) }

// maskBits is how many places a mask tells apart (its bits).
const maskBits = 8

// skipEvery is how many documents of a list a skip passes over.
const skipEvery = 64

// A Builder collects the pairs of documents added in order of their numbers
// and writes the index. Each pair's documents are kept as the bytes of the
// file (uvarint gaps), so a part of a million documents is built in about
// the size of its index.
type Builder struct {
	ids     map[uint64]uint32 // pair → its list
	lists   []list
	keys    []uint64 // the pair of each list
	next    uint32   // the least document number Add accepts
	scratch []uint64
}

type list struct {
	last, n uint32 // last document added, documents
	buf     []byte // the uvarints
}

// NewBuilder returns an empty Builder.
func NewBuilder() *Builder { return &Builder{ids: map[uint64]uint32{}} }

// Add adds document doc with its texts (gram text; a rune 0 is skipped).
// Documents are added in ascending order of their numbers, each once; a
// document without text need not be added.
func (b *Builder) Add(doc uint32, texts []string) error {
	if doc < b.next {
		return fmt.Errorf("grams: document %d added after %d", doc, b.next-1)
	}
	if doc == math.MaxUint32 {
		return fmt.Errorf("grams: document number %d out of range", doc)
	}
	b.next = doc + 1
	// Each pair as its key and place: key<<3 | place mod 8.
	ks := b.scratch[:0]
	pos := uint64(0)
	for _, t := range texts {
		prev := rune(-1)
		for _, r := range t {
			if r == 0 || r > unicode.MaxRune {
				continue
			}
			if prev >= 0 {
				ks = append(ks, pair(prev, r)<<3|pos%maskBits)
				pos++
			}
			prev = r
		}
		if prev >= 0 {
			ks = append(ks, pair(prev, 0)<<3|pos%maskBits)
			pos++
		}
	}
	slices.Sort(ks)
	for j := 0; j < len(ks); {
		k := ks[j] >> 3
		var mask byte
		for ; j < len(ks) && ks[j]>>3 == k; j++ {
			mask |= 1 << (ks[j] & 7)
		}
		i, ok := b.ids[k]
		if !ok {
			i = uint32(len(b.lists))
			b.ids[k] = i
			b.lists = append(b.lists, list{})
			b.keys = append(b.keys, k)
		}
		l := &b.lists[i]
		if l.n == 0 {
			l.buf = binary.AppendUvarint(l.buf, uint64(doc))
		} else {
			l.buf = binary.AppendUvarint(l.buf, uint64(doc-l.last))
		}
		l.buf = append(l.buf, mask)
		l.last = doc
		l.n++
	}
	b.scratch = ks
	return nil
}

// Append adds the documents of o, all numbered above b's, to b, and leaves
// o empty: builders of consecutive ranges of a part's documents, filled at
// once, make one index.
func (b *Builder) Append(o *Builder) error {
	if len(o.lists) == 0 {
		return nil
	}
	for i, k := range o.keys {
		ol := &o.lists[i]
		first, n := binary.Uvarint(ol.buf)
		if n <= 0 {
			return ErrFormat
		}
		j, ok := b.ids[k]
		if !ok {
			b.ids[k] = uint32(len(b.lists))
			b.lists = append(b.lists, *ol)
			b.keys = append(b.keys, k)
			continue
		}
		l := &b.lists[j]
		if uint64(l.last) >= first {
			return fmt.Errorf("grams: document %d appended after %d", first, l.last)
		}
		l.buf = binary.AppendUvarint(l.buf, first-uint64(l.last))
		l.buf = append(l.buf, ol.buf[n:]...)
		l.last, l.n = ol.last, l.n+ol.n
	}
	b.next = max(b.next, o.next)
	*o = *NewBuilder()
	return nil
}

// WriteFile writes the index of the documents added, numbered 0 … docs-1,
// to dir/FileName and syncs it.
func (b *Builder) WriteFile(dir string, docs uint32) (err error) {
	if b.next > docs {
		return fmt.Errorf("grams: document %d added, the part has %d", b.next-1, docs)
	}
	order := make([]uint32, len(b.lists))
	for i := range order {
		order[i] = uint32(i)
	}
	sort.Slice(order, func(i, j int) bool { return b.keys[order[i]] < b.keys[order[j]] })
	var first, start, second, off []uint32
	var size uint64
	for k, i := range order {
		r1 := uint32(b.keys[i] >> 21)
		if len(first) == 0 || first[len(first)-1] != r1 {
			first = append(first, r1)
			start = append(start, uint32(k))
		}
		second = append(second, uint32(b.keys[i]&0x1FFFFF))
		off = append(off, uint32(size))
		l := &b.lists[i]
		size += uint64(uvarintLen(uint64(l.n)) + 8*skips(l.n) + len(l.buf))
		if size > math.MaxUint32 {
			return errors.New("grams: postings larger than 4 GiB; split the index into more partitions")
		}
	}
	start = append(start, uint32(len(order)))
	off = append(off, uint32(size))

	f, err := os.Create(filepath.Join(dir, FileName))
	if err != nil {
		return err
	}
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	w := bufio.NewWriterSize(f, 1<<16)
	var h [headerSize]byte
	copy(h[:], magic)
	le := binary.LittleEndian
	le.PutUint32(h[4:], Version)
	le.PutUint32(h[8:], docs)
	le.PutUint32(h[12:], uint32(len(first)))
	le.PutUint32(h[16:], uint32(len(order)))
	le.PutUint32(h[20:], uint32(size))
	w.Write(h[:])
	for _, a := range [][]uint32{first, start, second, off} {
		var buf [4]byte
		for _, v := range a {
			le.PutUint32(buf[:], v)
			w.Write(buf[:])
		}
	}
	var n [binary.MaxVarintLen64]byte
	var sk []byte
	for _, i := range order {
		l := &b.lists[i]
		w.Write(n[:binary.PutUvarint(n[:], uint64(l.n))])
		if sk, err = skipTable(sk[:0], l); err != nil {
			return err
		}
		w.Write(sk)
		w.Write(l.buf)
	}
	if err := w.Flush(); err != nil {
		return err
	}
	return f.Sync()
}

func uvarintLen(v uint64) int { return (bits.Len64(v|1) + 6) / 7 }

// skips is the number of skips of a list of n documents.
func skips(n uint32) int {
	if n <= skipEvery {
		return 0
	}
	return int((n - 1) / skipEvery)
}

// skipTable appends the skips of list l to dst.
func skipTable(dst []byte, l *list) ([]byte, error) {
	m := skips(l.n)
	if m == 0 {
		return dst, nil
	}
	p, doc := 0, uint64(0)
	for k := uint32(0); k < l.n; k++ {
		if k > 0 && k%skipEvery == 0 {
			dst = binary.LittleEndian.AppendUint32(dst, uint32(doc))
			dst = binary.LittleEndian.AppendUint32(dst, uint32(p))
		}
		v, n := binary.Uvarint(l.buf[p:])
		if n <= 0 {
			return nil, ErrFormat
		}
		if k == 0 {
			doc = v
		} else {
			doc += v
		}
		p += n + 1
	}
	return dst, nil
}

// An Index is an opened fragment index, safe for concurrent use until
// Close.
type Index struct {
	m                    mmap.MMap // nil when the file was read (empty)
	data                 []byte
	docs, firsts, keys   uint32
	first, start, second []byte // uint32 arrays
	off                  []byte
	postings             []byte
	path                 string
}

// ErrFormat is returned for a file that is not a fragment index of this
// version, or is damaged.
var ErrFormat = errors.New("not a fragment index of this version, or damaged")

// Open opens the fragment index of the part in dir, mapped read-only.
func Open(dir string) (*Index, error) {
	path := filepath.Join(dir, FileName)
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if st.Size() < headerSize {
		return nil, fmt.Errorf("%s: %w (%d bytes)", path, ErrFormat, st.Size())
	}
	m, err := mmap.Map(f, mmap.RDONLY, 0)
	if err != nil {
		return nil, fmt.Errorf("%s: map: %w", path, err)
	}
	x, err := parse(m)
	if err != nil {
		m.Unmap()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	x.m, x.path = m, path
	return x, nil
}

// parse reads the header of data and slices its arrays.
func parse(data []byte) (*Index, error) {
	if len(data) < headerSize || string(data[:4]) != magic {
		return nil, ErrFormat
	}
	le := binary.LittleEndian
	if v := le.Uint32(data[4:]); v != Version {
		return nil, fmt.Errorf("%w: version %d, want %d", ErrFormat, v, Version)
	}
	x := &Index{data: data, docs: le.Uint32(data[8:]), firsts: le.Uint32(data[12:]), keys: le.Uint32(data[16:])}
	size := uint64(le.Uint32(data[20:]))
	want := headerSize + 4*(2*uint64(x.firsts)+1+2*uint64(x.keys)+1) + size
	if uint64(len(data)) != want {
		return nil, fmt.Errorf("%w: %d bytes, the header says %d", ErrFormat, len(data), want)
	}
	at := uint64(headerSize)
	take := func(n uint64) []byte {
		b := data[at : at+4*n]
		at += 4 * n
		return b
	}
	x.first = take(uint64(x.firsts))
	x.start = take(uint64(x.firsts) + 1)
	x.second = take(uint64(x.keys))
	x.off = take(uint64(x.keys) + 1)
	x.postings = data[at:]
	if u32(x.start, int(x.firsts)) != x.keys || u32(x.off, int(x.keys)) != uint32(size) {
		return nil, ErrFormat
	}
	return x, nil
}

// Close unmaps the index. No search may use it after.
func (x *Index) Close() error {
	if x.m == nil {
		return nil
	}
	err := x.m.Unmap()
	x.m, x.data, x.first, x.start, x.second, x.off, x.postings = nil, nil, nil, nil, nil, nil, nil
	return err
}

// Docs is the number of documents of the part: they are numbered 0 … Docs-1.
func (x *Index) Docs() uint32 { return x.docs }

// Bytes is the size of the index file.
func (x *Index) Bytes() int { return len(x.data) }

func u32(b []byte, i int) uint32 { return binary.LittleEndian.Uint32(b[4*i:]) }

// firstRange is the range of pair indexes whose first rune is r.
func (x *Index) firstRange(r rune) (lo, hi int) {
	n := int(x.firsts)
	i := sort.Search(n, func(i int) bool { return u32(x.first, i) >= uint32(r) })
	if i == n || u32(x.first, i) != uint32(r) {
		return 0, 0
	}
	return int(u32(x.start, i)), int(u32(x.start, i+1))
}

// lookup returns the postings of the pair r1 r2; nil when no document has it.
func (x *Index) lookup(r1, r2 rune) ([]byte, error) {
	lo, hi := x.firstRange(r1)
	k := lo + sort.Search(hi-lo, func(i int) bool { return u32(x.second, lo+i) >= uint32(r2) })
	if k == hi || u32(x.second, k) != uint32(r2) {
		return nil, nil
	}
	return x.list(k)
}

// list returns the postings of pair index k.
func (x *Index) list(k int) ([]byte, error) {
	a, b := u32(x.off, k), u32(x.off, k+1)
	if a > b || int(b) > len(x.postings) {
		return nil, ErrFormat
	}
	return x.postings[a:b], nil
}

// count is the number of documents of postings p.
func count(p []byte) (uint64, error) {
	n, k := binary.Uvarint(p)
	if k <= 0 {
		return 0, ErrFormat
	}
	return n, nil
}

// A cursor reads a postings list.
type cursor struct {
	p       []byte // what is left to read
	data    []byte // the documents, after the skips
	skips   []byte
	n, read uint64 // documents, and those read
	doc     uint32
	mask    byte
	started bool
	docs    uint32
}

func newCursor(p []byte, docs uint32) (cursor, error) {
	n, k := binary.Uvarint(p)
	if k <= 0 || n > uint64(len(p))/2 || n > math.MaxUint32 {
		return cursor{}, ErrFormat
	}
	p = p[k:]
	sk := 8 * skips(uint32(n))
	if sk > len(p) {
		return cursor{}, ErrFormat
	}
	return cursor{p: p[sk:], data: p[sk:], skips: p[:sk], n: n, docs: docs}, nil
}

// next moves to the next document (c.doc, c.mask); false at the end.
func (c *cursor) next() (bool, error) {
	if c.read == c.n {
		return false, nil
	}
	var v uint64
	var k int
	if len(c.p) >= 2 && c.p[0] < 0x80 {
		v, k = uint64(c.p[0]), 1 // most gaps are under 128
	} else if v, k = binary.Uvarint(c.p); k <= 0 || k >= len(c.p) {
		return false, ErrFormat
	}
	if (c.started && v == 0) || c.p[k] == 0 {
		return false, ErrFormat
	}
	d := uint64(c.doc) + v
	if !c.started {
		d = v
	}
	if d >= uint64(c.docs) {
		return false, ErrFormat
	}
	c.doc, c.mask, c.started = uint32(d), c.p[k], true
	c.p = c.p[k+1:]
	c.read++
	return true, nil
}

// seek moves to the first document ≥ t, passing over whole blocks by the
// skips; false when there is none.
func (c *cursor) seek(t uint32) (bool, error) {
	if c.started && c.doc >= t {
		return true, nil
	}
	// The last block whose document before it is below t, past those read.
	for j := c.read / skipEvery; j < uint64(len(c.skips)/8); j++ {
		before := binary.LittleEndian.Uint32(c.skips[8*j:])
		if before >= t {
			break
		}
		if (j+1)*skipEvery <= c.read {
			continue
		}
		o := binary.LittleEndian.Uint32(c.skips[8*j+4:])
		if int(o) > len(c.data) || before >= c.docs || (c.started && before < c.doc) {
			return false, ErrFormat
		}
		c.p, c.doc, c.started, c.read = c.data[o:], before, true, (j+1)*skipEvery
	}
	for {
		ok, err := c.next()
		if !ok || err != nil || c.doc >= t {
			return ok, err
		}
	}
}

// Candidates returns, ascending, the documents that may hold fragment (gram
// text, see dict.Analyzer.GramText): for one or two characters exactly
// those that hold it (for one, the documents of the pairs it starts); for
// more, every document that holds it and maybe others, that have its
// pairs apart or lack a pair far commoner than the candidates (skipRatio).
// nil for an empty fragment.
func (x *Index) Candidates(fragment string) ([]uint32, error) {
	var rs []rune
	for _, r := range fragment {
		if r == 0 || r == utf8.RuneError {
			continue
		}
		rs = append(rs, r)
	}
	switch len(rs) {
	case 0:
		return nil, nil
	case 1:
		return x.starting(rs[0])
	}
	// The distinct pairs, the one with fewest documents first, each with
	// the places it stands at in the fragment.
	type pl struct {
		p    []byte
		n    uint64
		at   []int
		pair uint64
	}
	var lists []pl
	for i := 0; i+1 < len(rs); i++ {
		k := pair(rs[i], rs[i+1])
		if j := slices.IndexFunc(lists, func(l pl) bool { return l.pair == k }); j >= 0 {
			lists[j].at = append(lists[j].at, i)
			continue
		}
		p, err := x.lookup(rs[i], rs[i+1])
		if err != nil {
			return nil, err
		}
		if p == nil {
			return []uint32{}, nil
		}
		n, err := count(p)
		if err != nil {
			return nil, err
		}
		lists = append(lists, pl{p, n, []int{i}, k})
	}
	sort.SliceStable(lists, func(i, j int) bool { return lists[i].n < lists[j].n })
	// Each candidate's mask: bit s says the fragment may start at a place
	// ≡ s (mod 8), as far as the pairs read tell.
	c, err := newCursor(lists[0].p, x.docs)
	if err != nil {
		return nil, err
	}
	out := make([]uint32, 0, lists[0].n)
	masks := make([]byte, 0, lists[0].n)
	for {
		ok, err := c.next()
		if err != nil {
			return nil, err
		}
		if !ok {
			break
		}
		if m := aligned(c.mask, lists[0].at); m != 0 {
			out, masks = append(out, c.doc), append(masks, m)
		}
	}
	for _, l := range lists[1:] {
		if len(out) == 0 || l.n > skipRatio*uint64(len(out)) {
			break // the lists after are longer still
		}
		if out, masks, err = intersect(out, masks, l.p, l.at, x.docs); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// aligned is a pair's mask (the places it stands at, mod 8) turned into the
// places the fragment may start at, the pair standing at offsets at of it.
func aligned(mask byte, at []int) byte {
	m := byte(0xFF)
	for _, k := range at {
		m &= bits.RotateLeft8(mask, -(k % maskBits))
	}
	return m
}

// intersect keeps the documents of docs (ascending) that postings p has
// where the fragment may still start (masks), the pair standing at
// offsets at of the fragment.
func intersect(docs []uint32, masks []byte, p []byte, at []int, n uint32) ([]uint32, []byte, error) {
	c, err := newCursor(p, n)
	if err != nil {
		return nil, nil, err
	}
	kept := 0
	for i, d := range docs {
		ok, err := c.seek(d)
		if err != nil {
			return nil, nil, err
		}
		if !ok {
			break
		}
		if c.doc == d {
			if m := masks[i] & aligned(c.mask, at); m != 0 {
				docs[kept], masks[kept] = d, m
				kept++
			}
		}
	}
	return docs[:kept], masks[:kept], nil
}

// skipRatio: a pair whose documents are more than skipRatio times the
// candidates left is not intersected (nor any longer one): reading a
// document's number costs a few nanoseconds, checking a candidate against
// its text (which a fragment of three characters or more needs anyway)
// microseconds. A long pasted fragment has many pairs, some in most
// documents.
const skipRatio = 256

// starting returns the documents of the pairs r starts: those with r.
func (x *Index) starting(r rune) ([]uint32, error) {
	lo, hi := x.firstRange(r)
	if lo == hi {
		return []uint32{}, nil
	}
	set := make([]uint64, (x.docs+63)/64)
	for k := lo; k < hi; k++ {
		p, err := x.list(k)
		if err != nil {
			return nil, err
		}
		c, err := newCursor(p, x.docs)
		if err != nil {
			return nil, err
		}
		for {
			ok, err := c.next()
			if err != nil {
				return nil, err
			}
			if !ok {
				break
			}
			set[c.doc/64] |= 1 << (c.doc % 64)
		}
	}
	var out []uint32
	for w, v := range set {
		for v != 0 {
			out = append(out, uint32(w*64+bits.TrailingZeros64(v)))
			v &= v - 1
		}
	}
	return out, nil
}
