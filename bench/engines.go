package bench

import (
	"bufio"
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	"github.com/blevesearch/bleve/v2/mapping"

	"github.com/govreply/precedent/dict"
	"github.com/govreply/precedent/indexer"
	"github.com/govreply/precedent/record"
)

// The engines compared.
const (
	EngineOurs = "ours"      // indexer.Build and search.Searcher: gse words, pieces and sub-words
	EngineCJK  = "bleve-cjk" // the same mapping and documents, text fields analysed with bleve's "cjk" bigrams
)

// Engines lists the engines in the order they are run and shown.
var Engines = []string{EngineOurs, EngineCJK}

// cjkTextFields are the fields whose analyzer the baseline replaces.
var cjkTextFields = append(append([]string{}, indexer.TextFields...), indexer.FieldDepartments)

// CJKMapping is indexer.Mapping with every text field analysed by bleve's
// built-in "cjk" analyzer (Unicode tokenizer, width folding, lower case, CJK
// bigrams) instead of ours. Keyword fields, stored fields, term vectors and
// the BM25 scoring are unchanged.
func CJKMapping() (mapping.IndexMapping, error) {
	m, ok := indexer.Mapping().(*mapping.IndexMappingImpl)
	if !ok {
		return nil, fmt.Errorf("bench: indexer.Mapping is a %T, not *mapping.IndexMappingImpl", indexer.Mapping())
	}
	m.DefaultAnalyzer = cjk.AnalyzerName
	for _, f := range cjkTextFields {
		dm := m.DefaultMapping.Properties[f]
		if dm == nil || len(dm.Fields) == 0 {
			return nil, fmt.Errorf("bench: indexer.Mapping has no field %q", f)
		}
		for _, fm := range dm.Fields {
			fm.Analyzer = cjk.AnalyzerName
		}
	}
	return m, m.Validate()
}

// BuildCJK indexes proposals into a new bleve index at path with CJKMapping,
// the same documents as indexer.Build (indexer.Document with the taxonomy's
// topics) and the same batch size.
func BuildCJK(path string, proposals []record.Proposal, a *dict.Analyzer, batchSize int) error {
	if batchSize <= 0 {
		batchSize = 1000
	}
	m, err := CJKMapping()
	if err != nil {
		return err
	}
	idx, err := bleve.New(path, m)
	if err != nil {
		return fmt.Errorf("bench: create %s: %w", path, err)
	}
	b := idx.NewBatch()
	for i := range proposals {
		p := &proposals[i]
		for j := range p.Suggestions {
			s := &p.Suggestions[j]
			id := record.SuggestionID(p.ID, s.No)
			if err := b.Index(id, indexer.Document(p, s, indexer.Topics(a.Topics(), p, s))); err != nil {
				idx.Close()
				return fmt.Errorf("bench: index %s: %w", id, err)
			}
			if b.Size() >= batchSize {
				if err := idx.Batch(b); err != nil {
					idx.Close()
					return err
				}
				b.Reset()
			}
		}
	}
	if b.Size() > 0 {
		if err := idx.Batch(b); err != nil {
			idx.Close()
			return err
		}
	}
	return idx.Close()
}

// An IndexResult is one engine's indexing of one corpus.
type IndexResult struct {
	Engine      string
	Suggestions int
	InputBytes  int64         // JSON Lines of the corpus
	Duration    time.Duration // the build, from parsed proposals to a closed index
	Path        string        // the index directory
	SizeBytes   int64         // files of the index directory
	Terms       int           // distinct terms of the text fields (union over fields)
	Segments    int           // segments holding documents after the build, all partitions
	Partitions  int           // bleve indexes the index is split into
	BaseRSS     int64         // resident memory before the build, bytes; 0 if unknown
	PeakRSS     int64         // peak resident memory during the build (VmHWM), bytes; 0 if unknown
	PeakIsClean bool          // the peak was reset before the build (else it is the process's peak so far)
}

// SuggestionsPerSec is the indexing throughput in documents.
func (r IndexResult) SuggestionsPerSec() float64 {
	return float64(r.Suggestions) / r.Duration.Seconds()
}

// MBPerSec is the indexing throughput in input JSON megabytes (10^6 bytes).
func (r IndexResult) MBPerSec() float64 {
	return float64(r.InputBytes) / 1e6 / r.Duration.Seconds()
}

// RunIndexBench builds an index of proposals with engine under dir (a new
// or empty directory) and measures it. Peak memory is measured in this
// process: the kernel's high-water mark is reset (/proc/self/clear_refs) after
// a GC that returns freed memory to the OS, then read (VmHWM) after the
// build, so it includes what the process held before (BaseRSS: the
// analyzer's dictionaries, the parsed corpus).
func RunIndexBench(engine, dir string, proposals []record.Proposal, inputBytes int64, a *dict.Analyzer) (IndexResult, error) {
	r := IndexResult{Engine: engine, InputBytes: inputBytes}
	for _, p := range proposals {
		r.Suggestions += len(p.Suggestions)
	}
	runtime.GC()
	debug.FreeOSMemory()
	r.PeakIsClean = ResetPeakRSS() == nil
	r.BaseRSS = procStatus("VmRSS")
	start := time.Now()
	switch engine {
	case EngineOurs:
		st, err := indexer.Build(dir, proposals, indexer.BuildOptions{Analyzer: a})
		if err != nil {
			return r, err
		}
		r.Path = st.Path
	case EngineCJK:
		r.Path = filepath.Join(dir, "index")
		if err := BuildCJK(r.Path, proposals, a, 1000); err != nil {
			return r, err
		}
	default:
		return r, fmt.Errorf("bench: unknown engine %q", engine)
	}
	r.Duration = time.Since(start)
	r.PeakRSS = procStatus("VmHWM")
	var err error
	if r.SizeBytes, err = DirSize(r.Path); err != nil {
		return r, err
	}
	idx, err := OpenIndex(engine, dir, a)
	if err != nil {
		return r, err
	}
	defer idx.Close()
	if r.Segments, err = idx.Segments(); err != nil {
		return r, err
	}
	r.Partitions = len(idx)
	r.Terms, err = CountTerms(idx, cjkTextFields)
	return r, err
}

// OpenIndex opens the index RunIndexBench built for engine in dir, read-only:
// its partitions (the baseline's is one index).
func OpenIndex(engine, dir string, a *dict.Analyzer) (indexer.Parts, error) {
	switch engine {
	case EngineOurs:
		parts, _, err := indexer.Open(dir, a)
		return parts, err
	case EngineCJK:
		idx, err := bleve.OpenUsing(filepath.Join(dir, "index"), map[string]interface{}{"read_only": true})
		if err != nil {
			return nil, err
		}
		return indexer.Parts{idx}, nil
	}
	return nil, fmt.Errorf("bench: unknown engine %q", engine)
}

// CountTerms counts the distinct terms of the fields' dictionaries.
func CountTerms(parts indexer.Parts, fields []string) (int, error) {
	seen := map[string]struct{}{}
	for _, idx := range parts {
		if err := addTerms(seen, idx, fields); err != nil {
			return 0, err
		}
	}
	return len(seen), nil
}

func addTerms(seen map[string]struct{}, idx bleve.Index, fields []string) error {
	for _, f := range fields {
		d, err := idx.FieldDict(f)
		if err != nil {
			return err
		}
		for {
			e, err := d.Next()
			if err != nil {
				d.Close()
				return err
			}
			if e == nil {
				break
			}
			seen[e.Term] = struct{}{}
		}
		if err := d.Close(); err != nil {
			return err
		}
	}
	return nil
}

// DirSize is the total size of the regular files under dir.
func DirSize(dir string) (int64, error) {
	var n int64
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() {
			fi, err := d.Info()
			if err != nil {
				return err
			}
			n += fi.Size()
		}
		return nil
	})
	return n, err
}

// ResetPeakRSS resets the process's resident-memory high-water mark (VmHWM);
// Linux only.
func ResetPeakRSS() error {
	return os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
}

// procStatus reads a "kB" line of /proc/self/status in bytes; 0 if unknown.
func procStatus(key string) int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if !strings.HasPrefix(line, key+":") {
			continue
		}
		fs := strings.Fields(line[len(key)+1:])
		if len(fs) == 0 {
			return 0
		}
		n, err := strconv.ParseInt(fs[0], 10, 64)
		if err != nil {
			return 0
		}
		return n * 1024
	}
	return 0
}

// LoadAverage is the first field of /proc/loadavg, "" if unknown.
func LoadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	f := bytes.Fields(b)
	if len(f) < 3 {
		return ""
	}
	return string(bytes.Join(f[:3], []byte(" ")))
}
