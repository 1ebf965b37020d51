package ingest

import (
	"bytes"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/govreply/precedent/record"
)

// seedRecords is the seed read from its text export, as ParseTable reads it.
func seedRecords(t *testing.T) []record.Proposal {
	t.Helper()
	data := mustRead(t, "../testdata/000_8b6b214a39f4da34.txt")
	src, err := ParseTable(bytes.NewReader(data), "seed.txt", Options{})
	if err != nil {
		t.Fatal(err)
	}
	return src.Proposals
}

// The seed kept as a Word document, with or without a header row and a
// title above, its proposals' cells merged down their suggestions, gives
// the same records as its text export, cell for cell.
func TestParseDOCXSeed(t *testing.T) {
	want := seedRecords(t)
	docx, rows := seedDocx(t)
	body := rows[1:]
	merge := func(row, col int) bool { return row > 0 && col < 5 && body[row][0] == "" }
	tests := []struct {
		name string
		data []byte
	}{
		{"title, header row, merged cells", docx},
		{"no title, no header row, merged cells", writeDocx(t, "", body, merge)},
		{"re-saved by LibreOffice", mustRead(t, "testdata/seed-libreoffice.docx")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srcs, err := ParseDOCX(bytes.NewReader(tt.data), int64(len(tt.data)), "seed.docx", Options{})
			if err != nil {
				t.Fatal(err)
			}
			if len(srcs) != 1 {
				t.Fatalf("%d sources, want 1", len(srcs))
			}
			got := srcs[0].Proposals
			if n := countSuggestions(got); len(got) != 18 || n != 70 {
				t.Errorf("%d proposals, %d suggestions; want 18, 70", len(got), n)
			}
			if !reflect.DeepEqual(got, want) {
				for i := range min(len(got), len(want)) {
					if !reflect.DeepEqual(got[i], want[i]) {
						t.Fatalf("record %d: %+v\nwant %+v", i, got[i], want[i])
					}
				}
				t.Fatal("records differ from the text export's")
			}
		})
	}
}

// Tables that are not reply tables (a letterhead, a signature block) are
// skipped and named; a document without any reply table is an error naming
// each table.
func TestParseDOCXTables(t *testing.T) {
	body := table(1, row("", textCell("签发人：张三"))) + para(run("附表")) +
		table(4, row("", textCell("提案编号"), textCell("标题"), textCell("建议"), textCell("已落实")),
			row("", textCell("20190720"), textCell("关于养老的建议"), textCell("1.加大投入。"), textCell("1.已印发。")))
	data := bodyDocx(t, body)
	srcs, err := ParseDOCX(bytes.NewReader(data), int64(len(data)), "two.docx", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(srcs) != 1 || len(srcs[0].Proposals) != 1 || srcs[0].Name != "two.docx#2" {
		t.Fatalf("sources %+v", srcs)
	}
	if len(srcs[0].Skipped) != 1 || !strings.Contains(srcs[0].Skipped[0], "table 1") {
		t.Errorf("skipped %q, want table 1", srcs[0].Skipped)
	}
	p := srcs[0].Proposals[0]
	if p.ID != "20190720" || p.Kind != record.KindProposal || p.Suggestions[0].Reply.Done != "1.已印发。" {
		t.Errorf("record %+v", p)
	}

	none := bodyDocx(t, table(1, row("", textCell("签发人：张三"))))
	_, err = ParseDOCX(bytes.NewReader(none), int64(len(none)), "none.docx", Options{})
	if err == nil || !strings.Contains(err.Error(), "none.docx: header: no table with a recognised header row") || !strings.Contains(err.Error(), "table 1") {
		t.Errorf("error %v", err)
	}
	text := bodyDocx(t, para(run("只有正文")))
	if _, err = ParseDOCX(bytes.NewReader(text), int64(len(text)), "text.docx", Options{}); err == nil || !strings.Contains(err.Error(), "no table") {
		t.Errorf("error %v", err)
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}
