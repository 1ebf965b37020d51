package eval

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/govreply/precedent/ingest"
	"github.com/govreply/precedent/record"
)

// RealFiles are the JSON Lines files of the real-text corpus (see
// ../shared/real/SOURCE.md): citizen messages to a provincial 网络问政
// platform, the first file with the departments' replies. The corpus is
// read from where it lies and never copied into the repository.
var RealFiles = []string{
	"teddycup2020c_fj4_replies.jsonl",
	"teddycup2020c_fj2_labeled_sample.jsonl",
	"teddycup2020c_fj3_messages.jsonl",
	"teddycup2020c_testset_messages.jsonl",
}

// RealQueriesFile is the judged query set on the real-text corpus, relative
// to the repository root.
const RealQueriesFile = "testdata/eval/real_queries.jsonl"

// ErrRealMissing is returned (wrapped, naming the path) when the real-text
// corpus or one of its files is not there.
var ErrRealMissing = errors.New("real-text corpus not found")

// CheckRealDir reports, naming the path, whether dir holds every file of
// RealFiles.
func CheckRealDir(dir string) error {
	abs, err := filepath.Abs(dir)
	if err != nil {
		abs = dir
	}
	if fi, err := os.Stat(abs); err != nil || !fi.IsDir() {
		return fmt.Errorf("%w: no directory %s (the corpus, described in its SOURCE.md, lies beside the repository in ../shared/real and is never copied into it)", ErrRealMissing, abs)
	}
	for _, f := range RealFiles {
		p := filepath.Join(abs, f)
		if _, err := os.Stat(p); err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return fmt.Errorf("%w: %s is missing (the corpus is described in its SOURCE.md)", ErrRealMissing, p)
			}
			return fmt.Errorf("real-text corpus: %w", err)
		}
	}
	return nil
}

// LoadReal reads the real-text corpus in dir with the importer, as
// `precedent index -kind 留言 ../shared/real/*.jsonl` does: each record one
// document whose id is the record's own, the id the judgments use.
func LoadReal(dir string) ([]record.Proposal, error) {
	if err := CheckRealDir(dir); err != nil {
		return nil, err
	}
	paths := make([]string, len(RealFiles))
	for i, f := range RealFiles {
		paths[i] = filepath.Join(dir, f)
	}
	return ingest.ReadRecords(ingest.Options{Kind: record.KindMessage}, paths...)
}
