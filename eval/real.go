package eval

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/govreply/precedent/indexer"
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

// A RealRecord is one record of the real-text corpus: a citizen's message
// and, in the replies file, the department's reply.
type RealRecord struct {
	ID        string `json:"id"` // "tc20c-fj4-2549": unique across the files
	Title     string `json:"title"`
	Text      string `json:"text"`
	Reply     string `json:"reply"`
	ReplyDate string `json:"reply_date"`
	Date      string `json:"date"`
	Topic     string `json:"topic"` // the first-level label, in the labelled sample only
}

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

// ReadReal reads every record of the real-text corpus in dir, in the order
// of RealFiles. Errors name file:line. A record without an id, or an id seen
// before, is an error.
func ReadReal(dir string) ([]RealRecord, error) {
	if err := CheckRealDir(dir); err != nil {
		return nil, err
	}
	var out []RealRecord
	seen := map[string]string{}
	for _, name := range RealFiles {
		path := filepath.Join(dir, name)
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 16<<20)
		line := 0
		for sc.Scan() {
			line++
			s := strings.TrimSpace(sc.Text())
			if s == "" {
				continue
			}
			var r RealRecord
			if err := json.Unmarshal([]byte(s), &r); err != nil {
				f.Close()
				return nil, fmt.Errorf("%s:%d: %w", path, line, err)
			}
			at := fmt.Sprintf("%s:%d", path, line)
			if r.ID == "" {
				f.Close()
				return nil, fmt.Errorf("%s: record without an id", at)
			}
			if first, dup := seen[r.ID]; dup {
				f.Close()
				return nil, fmt.Errorf("%s: id %s seen before at %s", at, r.ID, first)
			}
			seen[r.ID] = at
			out = append(out, r)
		}
		err = sc.Err()
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, line+1, err)
		}
	}
	return out, nil
}

// LoadReal reads the real-text corpus in dir as the proposals an index is
// built from. It is the seam between the judged real set and the record
// model: today each record becomes a proposal whose id is the record id,
// holding one suggestion (title → title, message → suggestion text,
// reply → reply.done), and RealHitID maps the suggestion's document id back
// to the record id. The importer of the record model replaces both.
var LoadReal = func(dir string) ([]indexer.Proposal, error) {
	rs, err := ReadReal(dir)
	if err != nil {
		return nil, err
	}
	ps := make([]indexer.Proposal, 0, len(rs))
	for _, r := range rs {
		ps = append(ps, indexer.Proposal{ID: r.ID, Title: r.Title,
			Suggestions: []indexer.Suggestion{{No: 1, Text: r.Text, Reply: indexer.Reply{Done: r.Reply}}}})
	}
	return ps, nil
}

// RealHitID maps the document id of a hit in an index built from LoadReal's
// proposals to the record id it stands for: "tc20c-fj4-2549-1" (the
// record's one suggestion) → "tc20c-fj4-2549".
var RealHitID = func(docID string) string {
	if pid, no, ok := indexer.SplitSuggestionID(docID); ok && no == 1 {
		return pid
	}
	return docID
}
