package indexer_test

import (
	"bytes"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/govreply/precedent/indexer"
)

// badPath is a fixture of testdata/bad.
func badPath(name string) string { return filepath.Join("..", "testdata", "bad", name) }

// tableRow is one row of the table export: each cell on its own line,
// starting with a tab.
func tableRow(cells ...string) string {
	var b strings.Builder
	for _, c := range cells {
		b.WriteString("\t" + c + "\n")
	}
	return b.String()
}

// validRow is a complete first row of proposal id.
func validRow(id string) string {
	return tableRow(id, "关于大力发展养老事业的若干建议", "朱文豪", "市民政局", "市财政局", "1.加大投入。", "1.已印发文件。", "", "", "")
}

func TestParseTableBad(t *testing.T) {
	lines := seedLines(t)
	// Seed line numbers used below: rows start at lines 1, 20, 41, 56, 67,
	// 82, 99, 110, …, 958 (the last row). Line 67 is "\t20190842", line 69
	// its proposer, line 108 the empty not-adopted cell of 20190842-3, line
	// 110 "\t20190821", line 971 the last cell of the file.
	if lines[66] != "\t20190842" || lines[68] != "\t常远" || lines[109] != "\t20190821" || lines[107] != "\t" || lines[970] != "\t" {
		t.Fatal("the seed changed: fix the line numbers of this test")
	}
	manyBad := validRow("20190720")
	for range 25 {
		manyBad += validRow("2019")
	}
	tests := []struct {
		name string
		data []byte
		want wantErr
	}{
		// A dropped cell shifts the cells after it: the row that starts
		// before the dropped line still looks like a row and is taken as
		// one, the next row is then wrong. The lines in errors are those of
		// the damaged file, one less than the seed's after a dropped line.
		{"proposer cell of 20190842 dropped (line 69)", withLines(dropLine(lines, 69)),
			// Line 82 is the seed's 83, the second cell of row 82.
			wantErr{seedName, 82, "proposal id", []string{`row has proposal cells (title "") but no proposal id`, "is a cell missing or extra in the row before?"}}},
		{"not-adopted cell of 20190842-3 dropped (line 108)", withLines(dropLine(lines, 108)),
			// The id 20190821 became the last cell of the row before; the
			// row now starts at its title, the seed's line 111.
			wantErr{seedName, 110, "proposal id", []string{`"关于先行先试建设社区托幼养老一体化服务驿站的提案" is not a proposal id`, "is a cell missing or extra"}}},
		{"last cell of the file dropped (line 971)", withLines(dropLine(lines, 971)),
			wantErr{seedName, 958, "", []string{"the last row has 9 cells, a row has 10"}}},
		{"extra cell inserted as line 73", withLines(append(append(append([]string{}, lines[:72]...), "\t多余"), lines[72:]...)),
			// Line 81 is the seed's 80: the next row now has its suggestion
			// in the done column.
			wantErr{seedName, 81, "suggestion", []string{"proposal 20190842: a reply without a suggestion",
				`:109: proposal id: row has proposal cells (title "20190821") but no proposal id`}}},
		{"id of 7 digits on line 67", withLines(replaceLine(lines, 67, "\t2019084")),
			wantErr{seedName, 67, "proposal id", []string{`"2019084" is not a proposal id (8 digits, year first)`}}},
		{"id of letters on line 67", withLines(replaceLine(lines, 67, "\tabcdefgh")),
			wantErr{seedName, 67, "proposal id", []string{`"abcdefgh" is not a proposal id`}}},
		{"id of 7 digits on line 1", withLines(replaceLine(lines, 1, " \t2019072")),
			wantErr{seedName, 1, "proposal id", []string{`"2019072" is not a proposal id`}}},
		{"id with a year before 1949 on line 110", withLines(replaceLine(lines, 110, "\t18990821")),
			wantErr{seedName, 110, "proposal id", []string{`"18990821" is not a proposal id`}}},
		{"id of 9 digits on line 110", withLines(replaceLine(lines, 110, "\t201908210")),
			wantErr{seedName, 110, "proposal id", []string{`"201908210" is not a proposal id`}}},
		{"id twice (line 110 repeats line 1)", withLines(replaceLine(lines, 110, "\t20190720")),
			wantErr{seedName, 110, "proposal id", []string{"proposal 20190720 appears twice in the file (first at line 1)"}}},
		{"invalid UTF-8 on line 400 (a continuation line)", withLines(replaceLine(lines, 400, lines[399][:6]+"\xff"+lines[399][6:])),
			wantErr{seedName, 400, "", []string{"not valid UTF-8"}}},
		{"invalid UTF-8 on line 1", withLines(replaceLine(lines, 1, " \t2019\xff0720")),
			wantErr{seedName, 1, "", []string{"not valid UTF-8"}}},
		{"invalid UTF-8 on line 971 (the last cell)", withLines(replaceLine(lines, 971, "\t\xc3")),
			wantErr{seedName, 971, "", []string{"not valid UTF-8"}}},
		{"GBK text", []byte("\t2019\xd5\xe2\n"),
			wantErr{seedName, 1, "", []string{"not valid UTF-8"}}},
		{"empty file", []byte{},
			wantErr{seedName, 0, "", []string{"empty file"}}},
		{"only blank lines", []byte("\n \n\r\n  \n"),
			wantErr{seedName, 0, "", []string{"empty file"}}},
		{"only a byte-order mark", []byte("\uFEFF\r\n"),
			wantErr{seedName, 0, "", []string{"empty file"}}},
		{"text before the first cell", append([]byte("提案办理情况汇总表\n"), readSeed(t)...),
			wantErr{seedName, 1, "", []string{"text before the first cell", "提案办理情况汇总表"}}},
		{"text before the first cell after blank lines", append([]byte("\n\n提案办理情况汇总表\n"), readSeed(t)...),
			wantErr{seedName, 3, "", []string{"text before the first cell"}}},
		{"first row has no proposal id", []byte(tableRow("", "", "", "", "", "1.加大投入。", "1.已印发。", "", "", "")),
			wantErr{seedName, 1, "proposal id", []string{"the first row has no proposal id"}}},
		{"row with a title but no id (line 11)", []byte(validRow("20190720") + tableRow("", "关于建立社区养老赋能中心的提案", "常远", "市民政局", "", "1.建立中心。", "1.已建立。", "", "", "")),
			wantErr{seedName, 11, "proposal id", []string{`row has proposal cells (title "关于建立社区养老赋能中心的提案") but no proposal id`}}},
		{"proposal without a title", []byte(tableRow("20190720", "", "朱文豪", "市民政局", "", "1.加大投入。", "1.已印发。", "", "", "")),
			wantErr{seedName, 1, "title", []string{"proposal 20190720 has no title"}}},
		{"proposal row without a suggestion", []byte(tableRow("20190720", "关于养老的建议", "朱文豪", "市民政局", "", "", "", "", "", "")),
			wantErr{seedName, 1, "suggestion", []string{"proposal 20190720: the row has no suggestion"}}},
		{"reply without a suggestion on line 11", []byte(validRow("20190720") + tableRow("", "", "", "", "", "", "1.已落实。", "", "", "")),
			wantErr{seedName, 11, "suggestion", []string{"proposal 20190720: a reply without a suggestion"}}},
		{"too many errors", []byte(manyBad),
			wantErr{seedName, 11, "proposal id", []string{`"2019" is not a proposal id`, "too many errors, stopped"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps, err := indexer.ParseTable(bytes.NewReader(tt.data), seedName)
			if ps != nil {
				t.Errorf("got %d proposals with the error, want none", len(ps))
			}
			checkErr(t, err, tt.want)
		})
	}
}

// Fixture files: ReadFile names the file by its path.
func TestReadFileBadFixtures(t *testing.T) {
	tests := []struct {
		file string
		want wantErr
	}{
		{"table_title_without_id.txt", wantErr{line: 11, field: "proposal id", msg: []string{`title "关于建立社区养老赋能中心的提案"`, "but no proposal id"}}},
		{"bad_quote.csv", wantErr{line: 4, msg: []string{`bare " in non-quoted-field`}}},
		{"invalid_json_line3.jsonl", wantErr{line: 3, msg: []string{"unexpected EOF"}}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			path := badPath(tt.file)
			tt.want.file = path
			ps, err := indexer.ReadFile(path)
			if ps != nil {
				t.Errorf("got %d proposals with the error, want none", len(ps))
			}
			checkErr(t, err, tt.want)
		})
	}
}

const csvHeader = "proposal_id,title,proposer,lead_department,co_departments,suggestion_no,suggestion,done,in_progress,planned,not_adopted\n"

func TestParseCSVBad(t *testing.T) {
	const name = "import.csv"
	good := "20190720,关于养老的建议,朱文豪,市民政局,市财政局,1,1.加大投入。,1.已印发。,,,\n"
	tests := []struct {
		name string
		data string
		want wantErr
	}{
		{"missing suggestion column", "proposal_id,title,done\n20190720,关于养老的建议,1.已印发。\n",
			wantErr{name, 1, "header", []string{`missing column "suggestion"`}}},
		{"missing proposal_id column", "title,suggestion\n关于养老的建议,1.加大投入。\n",
			wantErr{name, 1, "header", []string{`missing column "proposal_id"`}}},
		{"unknown column", "proposal_id,title,suggestion,remarks\n",
			wantErr{name, 1, "header", []string{`unknown column "remarks"`}}},
		{"column given twice under two names", "proposal_id,提案编号,suggestion\n",
			wantErr{name, 1, "header", []string{`column "提案编号" given twice`}}},
		{"suggestion_no not a number on line 3", csvHeader + good + "20190720,,,,,二,2.引进合作。,,1.推进中。,,\n",
			wantErr{name, 3, "suggestion_no", []string{`"二" is not a positive number`}}},
		{"suggestion_no zero on line 3", csvHeader + good + "20190720,,,,,0,2.引进合作。,,1.推进中。,,\n",
			wantErr{name, 3, "suggestion_no", []string{`"0" is not a positive number`}}},
		{"suggestion_no negative on line 3", csvHeader + good + "20190720,,,,,-2,2.引进合作。,,1.推进中。,,\n",
			wantErr{name, 3, "suggestion_no", []string{`"-2" is not a positive number`}}},
		// The record on lines 2-5 has a quoted cell over four lines: the
		// error still names the line the bad record starts on.
		{"bad suggestion_no after a multi-line record (line 6)", csvHeader +
			"20190720,关于养老的建议,朱文豪,市民政局,,1,1.加大投入。,\"1.已印发。\n\n2.已资助。\n\",,,\n" +
			"20190720,,,,,x,2.引进合作。,,1.推进中。,,\n",
			wantErr{name, 6, "suggestion_no", []string{`"x" is not a positive number`}}},
		{"suggestion number twice", csvHeader + good + "20190720,,,,,1,2.引进合作。,,1.推进中。,,\n",
			wantErr{name, 3, "suggestion_no", []string{"proposal 20190720 has suggestion 1 twice"}}},
		{"conflicting title on line 3", csvHeader + good + "20190720,关于养老事业的建议,,,,2,2.引进合作。,,1.推进中。,,\n",
			wantErr{name, 3, "title", []string{`proposal 20190720: "关于养老事业的建议" differs from "关于养老的建议" on line 2`}}},
		{"conflicting title on line 4 after a gap row", csvHeader + good + "\"\",,,,,,,,,,\n" + "20190720,关于养老事业的建议,,,,2,2.引进合作。,,1.推进中。,,\n",
			wantErr{name, 4, "title", []string{`differs from "关于养老的建议" on line 2`}}},
		{"conflicting lead department", csvHeader + good + "20190720,,,市卫生健康委员会,,2,2.引进合作。,,1.推进中。,,\n",
			wantErr{name, 3, "lead_department", []string{`"市卫生健康委员会" differs from "市民政局"`}}},
		{"bare quote on line 3", csvHeader + good + "20190720,,,,,2,2.引进\"香港\"合作。,,,,\n",
			wantErr{name, 3, "", []string{`bare " in non-quoted-field`}}},
		{"text after a closing quote on line 3", csvHeader + good + "20190720,,,,,2,\"2.引进\"合作。,,,,\n",
			wantErr{name, 3, "", []string{`extraneous or missing " in quoted-field`}}},
		{"unterminated quote from line 3", csvHeader + good + "20190720,,,,,2,\"2.引进合作。,,,,\n20190720,,,,,3,3.鼓励。,,,,\n",
			wantErr{name, -1, "", []string{`extraneous or missing " in quoted-field`}}},
		{"too many cells on line 3", csvHeader + good + "20190720,,,,,2,2.引进合作。,,,,,多余\n",
			wantErr{name, 3, "", []string{"12 cells, the header has 11"}}},
		{"first row without id", csvHeader + ",关于养老的建议,,,,1,1.加大投入。,,,,\n",
			wantErr{name, 2, "proposal_id", []string{"empty, and no earlier row to continue"}}},
		{"bad id on line 3", csvHeader + good + "2019072,关于养老事业的建议,,,,1,1.加大投入。,,,,\n",
			wantErr{name, 3, "proposal_id", []string{`"2019072" is not a proposal id`}}},
		{"empty suggestion on line 3", csvHeader + good + "20190720,,,,,2,,1.已落实。,,,\n",
			wantErr{name, 3, "suggestion", []string{"empty"}}},
		{"proposal without a title", csvHeader + "20190720,,,,,1,1.加大投入。,,,,\n",
			wantErr{name, 2, "title", []string{"proposal 20190720 has no title"}}},
		{"invalid UTF-8 on line 4", csvHeader + good + good + "20190720,,,,,3,3.\xff,,,,\n",
			wantErr{name, 4, "", []string{"not valid UTF-8"}}},
		{"empty file", "",
			wantErr{name, 0, "", []string{"empty file"}}},
		{"only a byte-order mark and blank lines", "\uFEFF\r\n\n",
			wantErr{name, 0, "", []string{"empty file"}}},
		// Imported, a file without proposals would replace the index with
		// an empty one.
		{"header only", csvHeader,
			wantErr{name, 0, "", []string{"no proposals: no rows under the header"}}},
		{"header and empty rows", csvHeader + ",,,\n\"\"\n",
			wantErr{name, 0, "", []string{"no proposals"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps, err := indexer.ParseCSV(strings.NewReader(tt.data), name)
			if ps != nil {
				t.Errorf("got %d proposals with the error, want none", len(ps))
			}
			checkErr(t, err, tt.want)
		})
	}
}

func TestParseJSONLBad(t *testing.T) {
	const name = "import.jsonl"
	good := func(id string) string {
		return `{"id":"` + id + `","title":"关于养老的建议","proposer":"朱文豪","lead_department":"市民政局","co_departments":["市财政局"],"suggestions":[{"no":1,"text":"1.加大投入。","reply":{"done":"1.已印发。"}}]}` + "\n"
	}
	tests := []struct {
		name string
		data string
		want wantErr
	}{
		{"invalid JSON on line 3", good("20190720") + good("20190842") + `{"id":"20190821","title":"关于托幼的提案",}` + "\n",
			wantErr{name, 3, "", []string{"invalid JSON at byte", "invalid character '}'"}}},
		{"invalid JSON on line 3 after a blank line", good("20190720") + "\n" + `{"id":"20190821"` + "\n",
			wantErr{name, 3, "", []string{"unexpected EOF"}}},
		{"unknown field on line 2", good("20190720") + `{"id":"20190842","title":"关于养老的提案","remarks":"x","suggestions":[{"text":"1.建立中心。"}]}` + "\n",
			wantErr{name, 2, "", []string{`unknown field "remarks"`}}},
		{"unknown reply field on line 1", `{"id":"20190842","title":"关于养老的提案","suggestions":[{"text":"1.建立中心。","reply":{"finished":"x"}}]}` + "\n",
			wantErr{name, 1, "", []string{`unknown field "finished"`}}},
		{"duplicate id on line 3", good("20190720") + good("20190842") + good("20190720"),
			wantErr{name, 3, "id", []string{"proposal 20190720 appears twice in the file (first at line 1)"}}},
		{"suggestion number as a string", `{"id":"20190842","title":"关于养老的提案","suggestions":[{"no":"1","text":"1.建立中心。"}]}` + "\n",
			wantErr{name, 1, "", []string{`field "suggestions.no": want int, got JSON string`}}},
		{"two values on a line", strings.TrimSuffix(good("20190720"), "\n") + " {}\n",
			wantErr{name, 1, "", []string{"more than one JSON value on the line"}}},
		{"bad id on line 2", good("20190720") + good("2019084"),
			wantErr{name, 2, "proposal id", []string{`"2019084" is not a proposal id`}}},
		{"no title", `{"id":"20190842","suggestions":[{"text":"1.建立中心。"}]}` + "\n",
			wantErr{name, 1, "title", []string{"proposal 20190842 has no title"}}},
		{"no suggestions", `{"id":"20190842","title":"关于养老的提案"}` + "\n",
			wantErr{name, 1, "suggestion", []string{"proposal 20190842 has no suggestions"}}},
		{"empty suggestion text", `{"id":"20190842","title":"关于养老的提案","suggestions":[{"text":"  "}]}` + "\n",
			wantErr{name, 1, "suggestion", []string{"proposal 20190842 suggestion 1 is empty"}}},
		{"suggestion number twice", `{"id":"20190842","title":"关于养老的提案","suggestions":[{"no":2,"text":"2.甲"},{"no":2,"text":"2.乙"}]}` + "\n",
			wantErr{name, 1, "suggestions", []string{"proposal 20190842 has suggestion 2 twice"}}},
		{"numbered and unnumbered suggestions collide", `{"id":"20190842","title":"关于养老的提案","suggestions":[{"text":"1.甲"},{"no":1,"text":"1.乙"}]}` + "\n",
			wantErr{name, 1, "suggestions", []string{"has suggestion 1 twice"}}},
		{"negative suggestion number", `{"id":"20190842","title":"关于养老的提案","suggestions":[{"no":-1,"text":"1.甲"}]}` + "\n",
			wantErr{name, 1, "suggestions", []string{"proposal 20190842: suggestion number -1 is not positive"}}},
		{"invalid UTF-8 on line 2", good("20190720") + `{"id":"20190842","title":"关于养老的提案` + "\xff" + `"}` + "\n",
			wantErr{name, 2, "", []string{"not valid UTF-8"}}},
		{"empty file", "",
			wantErr{name, 0, "", []string{"empty file"}}},
		{"only blank lines and a byte-order mark", "\uFEFF\n  \r\n\n",
			wantErr{name, 0, "", []string{"empty file"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps, err := indexer.ParseJSONL(strings.NewReader(tt.data), name)
			if ps != nil {
				t.Errorf("got %d proposals with the error, want none", len(ps))
			}
			checkErr(t, err, tt.want)
		})
	}
}

// workbook builds an xlsx file whose first sheet has rows at the given
// 1-based row numbers.
func workbook(t *testing.T, rows map[int][]string) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sheet := f.GetSheetName(0)
	for n, row := range rows {
		vals := make([]any, len(row))
		for i, v := range row {
			vals[i] = v
		}
		cell, err := excelize.CoordinatesToCellName(1, n)
		if err != nil {
			t.Fatal(err)
		}
		if err := f.SetSheetRow(sheet, cell, &vals); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestParseXLSXBad(t *testing.T) {
	const name = "import.xlsx"
	const sheetName = name + "[Sheet1]" // errors in rows name the sheet too
	header := indexer.Columns
	row := func(id, title string, no, text string) []string {
		return []string{id, title, "朱文豪", "市民政局", "市财政局", no, text, "1.已印发。", "", "", ""}
	}
	tests := []struct {
		name string
		data []byte
		want wantErr
	}{
		{"not a zip", []byte("proposal_id,title\n20190720,x\n"),
			wantErr{name, 0, "", []string{"not a readable .xlsx workbook"}}},
		{"a zip header and nothing else", []byte("PK\x03\x04garbage"),
			wantErr{name, 0, "", []string{"not a readable .xlsx workbook"}}},
		{"empty file", []byte{},
			wantErr{name, 0, "", []string{"not a readable .xlsx workbook"}}},
		{"empty workbook", workbook(t, nil),
			wantErr{name, 0, "", []string{"empty workbook"}}},
		{"header only", workbook(t, map[int][]string{1: header}),
			wantErr{sheetName, 0, "", []string{"no proposals: no rows under the header"}}},
		{"bad id on row 4", workbook(t, map[int][]string{
			1: header,
			2: row("20190720", "关于养老的建议", "1", "1.加大投入。"),
			3: row("20190720", "", "2", "2.引进合作。"),
			4: row("2019072", "关于托幼的建议", "1", "1.建设驿站。"),
		}), wantErr{sheetName, 4, "proposal_id", []string{`"2019072" is not a proposal id`}}},
		{"bad id on row 6 after blank rows before the header", workbook(t, map[int][]string{
			3: header,
			4: row("20190720", "关于养老的建议", "1", "1.加大投入。"),
			6: row("abcdefgh", "关于托幼的建议", "1", "1.建设驿站。"),
		}), wantErr{sheetName, 6, "proposal_id", []string{`"abcdefgh" is not a proposal id`}}},
		{"unknown column in the header on row 2", workbook(t, map[int][]string{
			2: {"proposal_id", "suggestion", "备注"},
		}), wantErr{sheetName, 2, "header", []string{`unknown column "备注"`}}},
		{"missing suggestion column", workbook(t, map[int][]string{
			1: {"提案编号", "标题"},
		}), wantErr{sheetName, 1, "header", []string{`missing column "suggestion"`}}},
		{"conflicting title on row 3", workbook(t, map[int][]string{
			1: header,
			2: row("20190720", "关于养老的建议", "1", "1.加大投入。"),
			3: row("20190720", "关于养老事业的建议", "2", "2.引进合作。"),
		}), wantErr{sheetName, 3, "title", []string{`differs from "关于养老的建议" on line 2`}}},
		{"bad suggestion number on row 3", workbook(t, map[int][]string{
			1: header,
			2: row("20190720", "关于养老的建议", "1", "1.加大投入。"),
			3: row("20190720", "", "第二", "2.引进合作。"),
		}), wantErr{sheetName, 3, "suggestion_no", []string{`"第二" is not a positive number`}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps, err := indexer.ParseXLSX(bytes.NewReader(tt.data), name)
			if ps != nil {
				t.Errorf("got %d proposals with the error, want none", len(ps))
			}
			checkErr(t, err, tt.want)
		})
	}
}

// ReadFiles reads every file and reports every bad one, with no collection:
// a bad import never reaches Build.
func TestReadFilesReportsEveryBadFile(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.txt")
	writeFile(t, good, readSeed(t))
	badTable := filepath.Join(dir, "bad.txt")
	writeFile(t, badTable, withLines(replaceLine(seedLines(t), 67, "\t2019084")))
	badCSV := filepath.Join(dir, "bad.csv")
	writeFile(t, badCSV, []byte(csvHeader+"20190720,关于养老的建议,,,,x,1.加大投入。,,,,\n"))
	missing := filepath.Join(dir, "missing.jsonl")

	c, err := indexer.ReadFiles(good, badTable, badCSV, missing)
	if c != nil {
		t.Errorf("got a collection of %d proposals with errors", len(c.Proposals))
	}
	if err == nil {
		t.Fatal("no error")
	}
	msg := err.Error()
	for _, want := range []string{badTable + ":67: proposal id:", badCSV + ":2: suggestion_no:", "missing.jsonl"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q does not name %q", msg, want)
		}
	}
	if strings.Contains(msg, good) {
		t.Errorf("error %q names the good file", msg)
	}
	var pe *indexer.ParseError
	if !errors.As(err, &pe) || pe.File != badTable || pe.Line != 67 {
		t.Errorf("first ParseError = %+v, want %s:67", pe, badTable)
	}
}
