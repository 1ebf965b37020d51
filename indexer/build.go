package indexer

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/govreply/precedent/dict"
	"github.com/govreply/precedent/indexer/grams"
	"github.com/govreply/precedent/record"
)

// A data directory holds one or more built indexes and a CURRENT file naming
// the one in use:
//
//	DIR/CURRENT            "idx-20261129T091500.123456-1a2b3c"
//	DIR/idx-20261129T091500.123456-1a2b3c/   a complete bleve index
//	DIR/tmp-…/                        an index being built
//
// A name starts with its build time in microseconds (UTC), so names sort in
// the order they were built, two builds in the same second too: roll-outs
// keep the newest by name.
//
// A large index is split into partitions, DIR/idx-…/part-0, part-1, …, each
// a bleve index of the suggestions of some proposals (by a hash of the
// proposal id): a search runs on all of them at once, one core each.
//
// A build writes a tmp- directory, renames it to idx- when complete and then
// replaces CURRENT by renaming a new file over it, so a reader sees the old
// index or the new one, never a half-built one. A crash leaves at worst a
// tmp- directory, which the next build or server start removes.
const (
	currentFile  = "CURRENT"
	indexPrefix  = "idx-"
	buildPrefix  = "tmp-"
	metaKey      = "precedent.meta"
	metaFileName = "precedent.json"
	partPrefix   = "part-"
)

// Meta describes a built index.
type Meta struct {
	AnalysisVersion string    `json:"analysis_version"`
	Schema          int       `json:"schema"` // SchemaVersion of the binary that built it
	BuiltAt         time.Time `json:"built_at"`
	Proposals       int       `json:"proposals"`
	Suggestions     int       `json:"suggestions"`
	Sources         []string  `json:"sources,omitempty"`
	Partitions      int       `json:"partitions,omitempty"` // bleve indexes the index is split into; 0 or 1: one
	// Snapshot is the name of the index directory (idx-…) that Open opened,
	// the snapshot a server serves (see Snapshot); not stored in the index.
	Snapshot string `json:"-"`
}

// BuildOptions tune Build. The zero value works.
type BuildOptions struct {
	Analyzer  *dict.Analyzer        // default dict.Default()
	BatchSize int                   // suggestions a batch; default 1000
	Progress  func(done, total int) // called after each batch
	Sources   []string              // recorded in Meta
	// Partitions is how many bleve indexes the index is split into, so
	// that a search uses that many cores; 0 picks AutoPartitions.
	Partitions int
}

// Partitioning. A partition of fewer suggestions than partitionMin would
// answer fast anyway, and its BM25 statistics would stray from the whole
// index's. More partitions than cores only add overhead.
const (
	partitionMin  = 20000
	maxPartitions = 8
)

// AutoPartitions is the number of partitions a build of n suggestions
// makes by default: one per partitionMin suggestions, at most one per core.
func AutoPartitions(n int) int {
	return max(1, min(n/partitionMin, runtime.GOMAXPROCS(0), maxPartitions))
}

// Partition is the partition (of n) that a proposal's suggestions go to.
func Partition(proposalID string, n int) int {
	if n <= 1 {
		return 0
	}
	h := fnv.New32a()
	h.Write([]byte(proposalID))
	return int(h.Sum32() % uint32(n))
}

// BuildStats reports a finished build.
type BuildStats struct {
	Path        string // the new index directory
	Proposals   int
	Suggestions int
	Partitions  int
	Duration    time.Duration
}

// ErrAnalysisVersion is returned when an index was built with another
// analysis (dictionary or segmentation) than the running binary's.
var ErrAnalysisVersion = errors.New("index built with a different analysis version")

// Build indexes proposals into a new index in dataDir and makes it the
// current one. On any error nothing changes: the current index stays and the
// partial one is removed.
func Build(dataDir string, proposals []record.Proposal, opts BuildOptions) (st BuildStats, err error) {
	start := time.Now()
	a := opts.Analyzer
	if a == nil {
		if a, err = dict.Default(); err != nil {
			return st, err
		}
	}
	if opts.BatchSize <= 0 {
		opts.BatchSize = 1000
	}
	if err := os.MkdirAll(dataDir, 0o755); err != nil {
		return st, err
	}
	CleanStale(dataDir)
	name := time.Now().UTC().Format("20060102T150405.000000") + "-" + randomHex(3)
	tmp := filepath.Join(dataDir, buildPrefix+name)
	defer func() {
		if err != nil {
			os.RemoveAll(tmp)
		}
	}()
	total := 0
	for _, p := range proposals {
		total += len(p.Suggestions)
	}
	parts := opts.Partitions
	if parts <= 0 {
		parts = AutoPartitions(total)
	}
	meta := Meta{AnalysisVersion: a.Version(), Schema: SchemaVersion, BuiltAt: time.Now().UTC(), Proposals: len(proposals), Suggestions: total, Sources: opts.Sources}
	if parts == 1 {
		all := make([]int, len(proposals))
		for i := range all {
			all[i] = i
		}
		if err = buildPart(tmp, a, proposals, all, meta, opts, buildWorkers, opts.Progress); err != nil {
			return st, err
		}
	} else {
		meta.Partitions = parts
		if err = buildParts(tmp, a, proposals, meta, opts); err != nil {
			return st, err
		}
	}
	mb, _ := json.Marshal(meta)
	if err = os.WriteFile(filepath.Join(tmp, metaFileName), mb, 0o644); err != nil {
		return st, err
	}
	final := filepath.Join(dataDir, indexPrefix+name)
	if err = os.Rename(tmp, final); err != nil {
		return st, err
	}
	if err = setCurrent(dataDir, indexPrefix+name); err != nil {
		os.RemoveAll(final)
		return st, err
	}
	removeOld(dataDir, indexPrefix+name)
	return BuildStats{Path: final, Proposals: len(proposals), Suggestions: total, Partitions: parts, Duration: time.Since(start)}, nil
}

// buildParts builds meta.Partitions partitions of proposals in dir, all at
// once, the build workers shared among them.
func buildParts(dir string, a *dict.Analyzer, proposals []record.Proposal, meta Meta, opts BuildOptions) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	n := meta.Partitions
	ids := make([][]int, n)
	metas := make([]Meta, n)
	for i := range proposals {
		k := Partition(proposals[i].ID, n)
		ids[k] = append(ids[k], i)
		metas[k].Proposals++
		metas[k].Suggestions += len(proposals[i].Suggestions)
	}
	// Progress sums the partitions' progress; Build reports the end.
	var mu sync.Mutex
	done := make([]int, n)
	progress := func(k int) func(int, int) {
		if opts.Progress == nil {
			return nil
		}
		return func(d, _ int) {
			mu.Lock()
			defer mu.Unlock()
			done[k] = d
			sum := 0
			for _, d := range done {
				sum += d
			}
			if sum < meta.Suggestions {
				opts.Progress(sum, meta.Suggestions)
			}
		}
	}
	errs := make([]error, n)
	var wg sync.WaitGroup
	for k := range n {
		m := meta
		m.Proposals, m.Suggestions = metas[k].Proposals, metas[k].Suggestions
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[k] = buildPart(filepath.Join(dir, partPrefix+strconv.Itoa(k)), a, proposals, ids[k], m, opts, max(1, buildWorkers/n), progress(k))
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return err
	}
	if opts.Progress != nil {
		opts.Progress(meta.Suggestions, meta.Suggestions)
	}
	return nil
}

// buildPart builds the bleve index at path of the proposals at positions ids
// (their place in the import is their seq), merged into one segment, with
// meta stored in it.
func buildPart(path string, a *dict.Analyzer, proposals []record.Proposal, ids []int, meta Meta, opts BuildOptions, workers int, progress func(done, total int)) (err error) {
	asyncErr := make(chan error, 1)
	buildErrs.Store(path, asyncErr)
	defer buildErrs.Delete(path)
	idx, err := createForBuild(path)
	if err != nil {
		return fmt.Errorf("create index in %s: %w", path, err)
	}
	closed := false // closing a bleve index twice panics
	defer func() {
		if err != nil && !closed {
			idx.Close()
		}
	}()
	if err = indexBatches(idx, a, proposals, ids, meta.Suggestions, opts.BatchSize, workers, progress, asyncErr); err != nil {
		return err
	}
	// The metadata goes in with the last batch, after all the others, which
	// the build waits to see persisted: the batches before it are persisted
	// with it or earlier.
	mb, _ := json.Marshal(meta)
	b := idx.NewBatch()
	b.SetInternal([]byte(metaKey), mb)
	if err = batchPersisted(idx, b, asyncErr); err != nil {
		return err
	}
	if progress != nil {
		progress(meta.Suggestions, meta.Suggestions)
	}
	if err = mergeAll(idx); err != nil {
		return fmt.Errorf("merge %s: %w", path, err)
	}
	// With unsafe batches, Close need not persist the merged snapshot: write
	// the metadata once more and wait for the snapshot holding it to be
	// persisted, so the merged segment is what the index on disk refers to.
	b = idx.NewBatch()
	b.SetInternal([]byte(metaKey), mb)
	if err = batchPersisted(idx, b, asyncErr); err != nil {
		return err
	}
	closed = true
	if err = idx.Close(); err != nil {
		return err
	}
	if err = pruneSegments(path); err != nil {
		return fmt.Errorf("prune %s: %w", path, err)
	}
	if err = buildGrams(path, a, workers); err != nil {
		return fmt.Errorf("fragment index of %s: %w", path, err)
	}
	return nil
}

// mergeAll merges the index's segments into one. A built index is only read
// after, and every segment costs each term of every query a dictionary
// lookup and a postings list of its own: a build leaves about ten.
func mergeAll(idx bleve.Index) error {
	adv, err := idx.Advanced()
	if err != nil {
		return err
	}
	sc, ok := adv.(*scorch.Scorch)
	if !ok {
		return nil
	}
	// All segments in one merge task: one pass over the data, one segment.
	// (bleve's default force merge takes ten segments a task.) A segment the
	// merger could not take yet is merged in a further pass.
	mo := mergeplan.SingleSegmentMergePlanOptions
	mo.SegmentsPerMergeTask = 1 << 16
	for range 4 {
		n, err := countSegments(idx, true)
		if err != nil || n <= 1 {
			return err
		}
		if err := sc.ForceMerge(context.Background(), &mo); err != nil {
			return err
		}
	}
	return nil
}

// pruneSegments removes the segment files of the closed index at path that
// its last snapshot does not use: scorch keeps the snapshot before the last
// (and so the segments mergeAll merged) for a rollback a built index never
// makes.
func pruneSegments(path string) error {
	idx, err := bleve.OpenUsing(path, map[string]any{"read_only": true})
	if err != nil {
		return err
	}
	live := map[string]bool{}
	adv, err := idx.Advanced()
	if err == nil {
		var r index.IndexReader
		if r, err = adv.Reader(); err == nil {
			if snap, ok := r.(*scorch.IndexSnapshot); ok {
				for _, seg := range snap.Segments() {
					if p, ok := seg.Segment().(interface{ Path() string }); ok {
						live[filepath.Base(p.Path())] = true
					}
				}
			}
			r.Close()
		}
	}
	if cerr := idx.Close(); err == nil {
		err = cerr
	}
	if err != nil || len(live) == 0 {
		return err // nothing known to be live: remove nothing
	}
	store := filepath.Join(path, "store")
	files, err := os.ReadDir(store)
	if err != nil {
		return err
	}
	for _, f := range files {
		if filepath.Ext(f.Name()) == ".zap" && !live[f.Name()] {
			if err := os.Remove(filepath.Join(store, f.Name())); err != nil {
				return err
			}
		}
	}
	return nil
}

// buildConfig is the scorch configuration of a build. A build writes a
// directory no reader sees until Build renames it into place after closing
// the index, so a batch need not be on disk when idx.Batch returns
// ("unsafe_batch"): indexBatches bounds how many batches are in memory
// instead, and Build waits for the last one to be persisted before closing.
func buildConfig() map[string]any {
	return map[string]any{"unsafe_batch": true, "asyncErrorCallbackName": asyncErrorCallback}
}

// With unsafe batches, an error of scorch's persister or merger (a full
// disk) does not come back from idx.Batch: scorch reports it to a callback
// registered by name and retries. The callback hands it to the build of that
// index directory, which fails.
const asyncErrorCallback = "precedent-build"

// buildErrs maps the directory of a running build to a chan error (buffer 1)
// that receives the first asynchronous error of its index.
var buildErrs sync.Map

func init() {
	scorch.RegistryAsyncErrorCallbacks[asyncErrorCallback] = func(err error, path string) {
		if ch, ok := buildErrs.Load(path); ok {
			select {
			case ch.(chan error) <- err:
			default:
			}
		}
	}
}

// createForBuild creates an index at path and opens it with buildConfig. The
// index is created with bleve's defaults and reopened because bleve records
// the configuration an index is created with (index_meta.json) and applies it
// whenever the index is opened, while the one it is opened with holds for
// that process only: the build's unsafe batches must not outlive the build.
func createForBuild(path string) (bleve.Index, error) {
	idx, err := bleve.New(path, Mapping())
	if err != nil {
		return nil, err
	}
	if err := idx.Close(); err != nil {
		return nil, err
	}
	return bleve.OpenUsing(path, buildConfig())
}

// buildWorkers goroutines make documents and feed batches to the index, so
// that while scorch turns one batch into a segment (on the calling
// goroutine) the next one is analysed (on its analysis queue) and both cores
// are busy. Each waits for the persister to write its previous batch before
// it feeds the next one, so at most buildWorkers batches are in memory
// besides the ones being indexed. More workers or larger batches did not
// index faster on two cores and took more memory. Partitions built at once
// share the workers.
const buildWorkers = 2

// indexBatches indexes every suggestion of the proposals at positions ids
// (total suggestions) in batches of batchSize from workers goroutines.
func indexBatches(idx bleve.Index, a *dict.Analyzer, proposals []record.Proposal, ids []int, total, batchSize, workers int, progress func(done, total int), asyncErr <-chan error) error {
	// Batch seq holds n suggestions from suggestion j of proposal ids[i].
	type chunk struct{ seq, i, j, n int }
	chunks := make(chan chunk)
	stop := make(chan struct{})
	var (
		mu       sync.Mutex
		firstErr error
		// Progress counts the batches indexed in order: finished[k] says
		// batch k is indexed, the batches before next and done suggestions are
		// reported.
		finished   = make([]bool, (total+batchSize-1)/batchSize)
		next, done int
	)
	fail := func(err error) {
		mu.Lock()
		defer mu.Unlock()
		if firstErr == nil {
			firstErr = err
			close(stop)
		}
	}
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// persisted receives the persister's word on this worker's
			// previous batch, which it waits for before the next one: at
			// most workers batches are unpersisted.
			var persisted chan error
			for c := range chunks {
				b := idx.NewBatch()
				i, j := c.i, c.j
				for k := 0; k < c.n; k++ {
					p := &proposals[ids[i]]
					s := &p.Suggestions[j]
					doc := Document(p, s, Topics(a.Topics(), p, s))
					doc[FieldSeq] = float64(ids[i])
					if err := b.Index(record.DocID(p, s), doc); err != nil {
						fail(fmt.Errorf("index %s: %w", record.DocID(p, s), err))
						return
					}
					if j++; j == len(p.Suggestions) {
						i, j = i+1, 0
					}
				}
				if persisted != nil {
					select {
					case <-persisted:
					case err := <-asyncErr:
						fail(fmt.Errorf("write index: %w", err))
						return
					case <-stop:
						return
					}
				}
				ch := make(chan error, 1)
				b.SetPersistedCallback(func(err error) { ch <- err })
				persisted = ch
				if err := idx.Batch(b); err != nil {
					fail(err)
					return
				}
				mu.Lock()
				finished[c.seq] = true
				for next < len(finished) && finished[next] {
					done += min(batchSize, total-next*batchSize)
					next++
					// The build reports the last batch after the metadata.
					if progress != nil && done < total {
						progress(done, total)
					}
				}
				mu.Unlock()
			}
		}()
	}
	// Chunks of BatchSize suggestions, in order.
	c := chunk{}
	send := func() bool {
		if c.n > 0 {
			select {
			case chunks <- c:
			case <-stop:
				return false
			}
		}
		c = chunk{seq: c.seq + 1}
		return true
	}
feed:
	for i, id := range ids {
		for j := range proposals[id].Suggestions {
			if c.n == 0 {
				c.i, c.j = i, j
			}
			if c.n++; c.n == batchSize && !send() {
				break feed
			}
		}
	}
	send()
	close(chunks)
	wg.Wait()
	return firstErr
}

// batchPersisted applies b and waits until the persister has written it.
func batchPersisted(idx bleve.Index, b *bleve.Batch, asyncErr <-chan error) error {
	persisted := make(chan error, 1)
	b.SetPersistedCallback(func(err error) { persisted <- err })
	if err := idx.Batch(b); err != nil {
		return err
	}
	select {
	case err := <-persisted:
		return err
	case err := <-asyncErr:
		return fmt.Errorf("write index: %w", err)
	}
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func setCurrent(dataDir, name string) error {
	tmp := filepath.Join(dataDir, currentFile+".tmp-"+randomHex(3))
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	if _, err := f.WriteString(name + "\n"); err != nil {
		f.Close()
		os.Remove(tmp)
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		os.Remove(tmp)
		return err
	}
	f.Close()
	if err := os.Rename(tmp, filepath.Join(dataDir, currentFile)); err != nil {
		os.Remove(tmp)
		return err
	}
	if d, err := os.Open(dataDir); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

// CleanStale removes what an interrupted build left in dataDir: tmp-
// directories and temporary CURRENT files. It returns what it removed.
func CleanStale(dataDir string) []string {
	var removed []string
	entries, _ := os.ReadDir(dataDir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), buildPrefix) || strings.HasPrefix(e.Name(), currentFile+".tmp-") {
			if os.RemoveAll(filepath.Join(dataDir, e.Name())) == nil {
				removed = append(removed, e.Name())
			}
		}
	}
	return removed
}

// removeOld removes the complete indexes other than keep. A server that still
// reads one keeps its open files; they go when it closes them.
func removeOld(dataDir, keep string) {
	entries, _ := os.ReadDir(dataDir)
	for _, e := range entries {
		if e.IsDir() && strings.HasPrefix(e.Name(), indexPrefix) && e.Name() != keep {
			os.RemoveAll(filepath.Join(dataDir, e.Name()))
		}
	}
}

// CurrentPath returns the directory of the current index of dataDir. A
// directory that is itself a bleve index is its own current index.
func CurrentPath(dataDir string) (string, error) {
	b, err := os.ReadFile(filepath.Join(dataDir, currentFile))
	if err == nil {
		name := strings.TrimSpace(string(b))
		if !strings.HasPrefix(name, indexPrefix) || strings.ContainsAny(name, `/\`) {
			return "", fmt.Errorf("%s: bad CURRENT file %q", dataDir, name)
		}
		return filepath.Join(dataDir, name), nil
	}
	if _, err2 := os.Stat(filepath.Join(dataDir, "index_meta.json")); err2 == nil {
		return dataDir, nil
	}
	if os.IsNotExist(err) {
		return "", fmt.Errorf("%s: no index here (build one with: precedent index -o %s FILE...)", dataDir, dataDir)
	}
	return "", err
}

// Exists reports whether dataDir holds a current index.
func Exists(dataDir string) bool {
	_, err := CurrentPath(dataDir)
	return err == nil
}

// Open opens the current index of dataDir read-only, all its partitions,
// and checks that it was built with analysis a (nil: dict.Default()).
func Open(dataDir string, a *dict.Analyzer) (Parts, Meta, error) {
	var meta Meta
	if a == nil {
		var err error
		if a, err = dict.Default(); err != nil {
			return nil, meta, err
		}
	}
	path, err := CurrentPath(dataDir)
	if err != nil {
		return nil, meta, err
	}
	paths := []string{path}
	if n := countParts(path); n > 0 {
		paths = paths[:0]
		for k := range n {
			paths = append(paths, filepath.Join(path, partPrefix+strconv.Itoa(k)))
		}
	}
	var parts Parts
	closeAll := func() { parts.Close() }
	for _, p := range paths {
		idx, m, err := openPart(p, a)
		if err != nil {
			closeAll()
			return nil, meta, err
		}
		parts = append(parts, idx)
		if len(parts) == 1 {
			meta = m
			meta.Proposals, meta.Suggestions = 0, 0
		}
		meta.Proposals += m.Proposals
		meta.Suggestions += m.Suggestions
	}
	if len(parts) > 1 && meta.Partitions != len(parts) {
		closeAll()
		return nil, meta, fmt.Errorf("open index %s: %d partitions, its metadata says %d", path, len(parts), meta.Partitions)
	}
	meta.Snapshot = filepath.Base(path)
	return parts, meta, nil
}

// Parts are the bleve indexes of an opened index, one per partition.
type Parts []bleve.Index

// Close closes all the partitions.
func (ps Parts) Close() error {
	var errs []error
	for _, p := range ps {
		errs = append(errs, p.Close())
	}
	return errors.Join(errs...)
}

// DocCount is the number of suggestions in all the partitions.
func (ps Parts) DocCount() (uint64, error) {
	var n uint64
	for _, p := range ps {
		c, err := p.DocCount()
		if err != nil {
			return 0, err
		}
		n += c
	}
	return n, nil
}

// Segments is the number of segments holding documents in all partitions:
// a built index has one a partition.
func (ps Parts) Segments() (int, error) {
	n := 0
	for _, p := range ps {
		c, err := Segments(p)
		if err != nil {
			return 0, err
		}
		n += c
	}
	return n, nil
}

// countParts is the number of partitions of the index directory path, 0 when
// it is a bleve index itself.
func countParts(path string) int {
	n := 0
	for {
		if _, err := os.Stat(filepath.Join(path, partPrefix+strconv.Itoa(n))); err != nil {
			return n
		}
		n++
	}
}

// openPart opens one bleve index of a built index read-only.
func openPart(path string, a *dict.Analyzer) (bleve.Index, Meta, error) {
	var meta Meta
	idx, err := bleve.OpenUsing(path, map[string]interface{}{"read_only": true})
	if err != nil {
		return nil, meta, fmt.Errorf("open index %s: %w", path, err)
	}
	mb, err := idx.GetInternal([]byte(metaKey))
	if err != nil || len(mb) == 0 {
		idx.Close()
		return nil, meta, fmt.Errorf("open index %s: not built by precedent (no metadata)", path)
	}
	if err := json.Unmarshal(mb, &meta); err != nil {
		idx.Close()
		return nil, meta, fmt.Errorf("open index %s: metadata: %w", path, err)
	}
	if meta.AnalysisVersion != a.Version() {
		idx.Close()
		return nil, meta, fmt.Errorf("open index %s: %w: the index has %s, this binary %s; rebuild it with precedent index",
			path, ErrAnalysisVersion, meta.AnalysisVersion, a.Version())
	}
	if meta.Schema != SchemaVersion {
		idx.Close()
		return nil, meta, fmt.Errorf("open index %s: %w: the index has document schema %d, this binary %d; rebuild it with precedent index",
			path, ErrAnalysisVersion, meta.Schema, SchemaVersion)
	}
	if _, err := os.Stat(filepath.Join(path, grams.FileName)); err != nil {
		idx.Close()
		return nil, meta, fmt.Errorf("open index %s: %w: no fragment index (%v); rebuild it with precedent index", path, ErrAnalysisVersion, err)
	}
	return idx, meta, nil
}

// Indexes lists the complete index directories of dataDir, oldest first.
func Indexes(dataDir string) []string {
	var out []string
	entries, _ := os.ReadDir(dataDir)
	for _, e := range entries {
		if e.IsDir() && strings.HasPrefix(e.Name(), indexPrefix) {
			out = append(out, e.Name())
		}
	}
	sort.Strings(out)
	return out
}

// ReadMeta reads the description of dataDir's current index without opening it.
func ReadMeta(dataDir string) (Meta, error) {
	var m Meta
	path, err := CurrentPath(dataDir)
	if err != nil {
		return m, err
	}
	b, err := os.ReadFile(filepath.Join(path, metaFileName))
	if err != nil {
		return m, err
	}
	return m, json.Unmarshal(b, &m)
}

// Segments is the number of segments of idx that hold documents (0 for an
// index that is not scorch's). A built index has one.
func Segments(idx bleve.Index) (int, error) { return countSegments(idx, false) }

// countSegments counts the segments of idx, empty ones too with all.
func countSegments(idx bleve.Index, all bool) (int, error) {
	adv, err := idx.Advanced()
	if err != nil {
		return 0, err
	}
	r, err := adv.Reader()
	if err != nil {
		return 0, err
	}
	defer r.Close()
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return 0, nil
	}
	n := 0
	for _, seg := range snap.Segments() {
		if all || seg.Count() > 0 {
			n++
		}
	}
	return n, nil
}
