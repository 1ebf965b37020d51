package ingest_test

import (
	"bytes"
	"errors"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/govreply/precedent/ingest"
	"github.com/xuri/excelize/v2"
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
			wantErr{seedName, 82, "id", []string{`the row has a co_departments ("2.鼓励互助养老`, "but no id; is a cell missing or extra in the row before?"}}},
		{"not-adopted cell of 20190842-3 dropped (line 108)", withLines(dropLine(lines, 108)),
			// The id 20190821 became the last cell of the row before; the
			// row now starts at its title, the seed's line 111.
			wantErr{seedName, 110, "id", []string{`"关于先行先试建设社区托幼养老一体化服务驿站的提案" is not an id`, "is a cell missing or extra"}}},
		{"last cell of the file dropped (line 971)", withLines(dropLine(lines, 971)),
			wantErr{seedName, 958, "", []string{"the last row has 9 cells, a row has 10"}}},
		{"extra cell inserted as line 73", withLines(append(append(append([]string{}, lines[:72]...), "\t多余"), lines[72:]...)),
			// Line 81 is the seed's 80: the next row now has its suggestion
			// in the done column.
			wantErr{seedName, 81, "text", []string{"record 20190842: a reply without a suggestion",
				`:109: id: the row has a title ("20190821") but no id`}}},
		{"id of letters on line 67", withLines(replaceLine(lines, 67, "\tabcdefgh")),
			wantErr{seedName, 67, "id", []string{`"abcdefgh" is not an id (a number such as 20190720 or 第0720号)`}}},
		{"id of two lines on line 67", withLines(append(append(append([]string{}, lines[:67]...), "0720"), lines[67:]...)),
			wantErr{seedName, 67, "id", []string{`"20190842 0720" is not an id`}}},
		{"id twice (line 110 repeats line 1)", withLines(replaceLine(lines, 110, "\t20190720")),
			wantErr{seedName, 110, "id", []string{"record 20190720 appears twice in the file (first at line 1)"}}},
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
		{"first row has no id", []byte(tableRow("", "", "", "", "", "1.加大投入。", "1.已印发。", "", "", "")),
			wantErr{seedName, 1, "id", []string{"the first row has no id"}}},
		{"row with a title but no id (line 11)", []byte(validRow("20190720") + tableRow("", "关于建立社区养老赋能中心的提案", "常远", "市民政局", "", "1.建立中心。", "1.已建立。", "", "", "")),
			wantErr{seedName, 11, "id", []string{`the row has a title ("关于建立社区养老赋能中心的提案") but no id`}}},
		{"proposal without a title", []byte(tableRow("20190720", "", "朱文豪", "市民政局", "", "1.加大投入。", "1.已印发。", "", "", "")),
			wantErr{seedName, 1, "title", []string{"record 20190720 has no title"}}},
		{"proposal row without a suggestion", []byte(tableRow("20190720", "关于养老的建议", "朱文豪", "市民政局", "", "", "", "", "", "")),
			wantErr{seedName, 1, "text", []string{"record 20190720: the row has no suggestion"}}},
		{"reply without a suggestion on line 11", []byte(validRow("20190720") + tableRow("", "", "", "", "", "", "1.已落实。", "", "", "")),
			wantErr{seedName, 11, "text", []string{"record 20190720: a reply without a suggestion"}}},
		{"too many errors", []byte(manyBad),
			wantErr{seedName, 21, "id", []string{"record 2019 appears twice", "too many errors, stopped"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps, err := records(one(ingest.ParseTable(bytes.NewReader(tt.data), seedName, ingest.Options{})))
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
		{"table_title_without_id.txt", wantErr{line: 11, field: "id", msg: []string{`the row has a title ("关于建立社区养老赋能中心的提案") but no id`}}},
		{"bad_quote.csv", wantErr{line: 4, msg: []string{`bare " in non-quoted-field`}}},
		{"invalid_json_line3.jsonl", wantErr{line: 3, msg: []string{"unexpected EOF"}}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			path := badPath(tt.file)
			tt.want.file = path
			srcs, err := ingest.ReadFile(path, ingest.Options{})
			if srcs != nil {
				t.Errorf("got %d sources with the error, want none", len(srcs))
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
		// A header must hold something to search; the error names what it
		// saw and the names it knows.
		{"no text column", "proposal_id,done_by,备注\n20190720,x,y\n",
			wantErr{name, 1, "header", []string{`no column with text to search among "proposal_id", "done_by", "备注"`, `title "标题"`, `"留言详情"`, `"答复意见"`, "-map"}}},
		{"two columns for one field", "proposal_id,提案编号,suggestion\n",
			wantErr{name, 1, "header", []string{`columns "proposal_id" and "提案编号" both name id`}}},
		{"suggestion_no not a number on line 3", csvHeader + good + "20190720,,,,,二,2.引进合作。,,1.推进中。,,\n",
			wantErr{name, 3, "suggestion_no", []string{`"二" is not a number`}}},
		{"suggestion_no negative on line 3", csvHeader + good + "20190720,,,,,-2,2.引进合作。,,1.推进中。,,\n",
			wantErr{name, 3, "suggestion_no", []string{`"-2" is not a number`}}},
		// The record on lines 2-5 has a quoted cell over four lines: the
		// error still names the line the bad record starts on.
		{"bad suggestion_no after a multi-line record (line 6)", csvHeader +
			"20190720,关于养老的建议,朱文豪,市民政局,,1,1.加大投入。,\"1.已印发。\n\n2.已资助。\n\",,,\n" +
			"20190720,,,,,x,2.引进合作。,,1.推进中。,,\n",
			wantErr{name, 6, "suggestion_no", []string{`"x" is not a number`}}},
		{"suggestion number twice", csvHeader + good + "20190720,,,,,1,2.引进合作。,,1.推进中。,,\n",
			wantErr{name, 3, "suggestion_no", []string{"record 20190720 has suggestion 1 twice"}}},
		{"conflicting title on line 3", csvHeader + good + "20190720,关于养老事业的建议,,,,2,2.引进合作。,,1.推进中。,,\n",
			wantErr{name, 3, "title", []string{`record 20190720: "关于养老事业的建议" differs from "关于养老的建议" on row 2`}}},
		{"conflicting title on line 4 after a gap row", csvHeader + good + "\"\",,,,,,,,,,\n" + "20190720,关于养老事业的建议,,,,2,2.引进合作。,,1.推进中。,,\n",
			wantErr{name, 4, "title", []string{`differs from "关于养老的建议" on row 2`}}},
		{"conflicting lead department", csvHeader + good + "20190720,,,市卫生健康委员会,,2,2.引进合作。,,1.推进中。,,\n",
			wantErr{name, 3, "lead_department", []string{`"市卫生健康委员会" differs from "市民政局"`}}},
		{"continuation row with another title", csvHeader + good + ",关于托幼的建议,,,,2,2.引进合作。,,1.推进中。,,\n",
			wantErr{name, 3, "title", []string{`the row has no id, and its "关于托幼的建议" differs from "关于养老的建议" of record 20190720 above (row 2)`}}},
		{"bare quote on line 3", csvHeader + good + "20190720,,,,,2,2.引进\"香港\"合作。,,,,\n",
			wantErr{name, 3, "", []string{`bare " in non-quoted-field`}}},
		{"text after a closing quote on line 3", csvHeader + good + "20190720,,,,,2,\"2.引进\"合作。,,,,\n",
			wantErr{name, 3, "", []string{`extraneous or missing " in quoted-field`}}},
		{"unterminated quote from line 3", csvHeader + good + "20190720,,,,,2,\"2.引进合作。,,,,\n20190720,,,,,3,3.鼓励。,,,,\n",
			wantErr{name, -1, "", []string{`extraneous or missing " in quoted-field`}}},
		{"too many cells on line 3", csvHeader + good + "20190720,,,,,2,2.引进合作。,,,,,多余\n",
			wantErr{name, 3, "", []string{"12 cells, the header has 11"}}},
		{"first row without id", csvHeader + ",关于养老的建议,,,,1,1.加大投入。,,,,\n",
			wantErr{name, 2, "proposal_id (id)", []string{"empty, and no record above to continue"}}},
		{"id over two lines", csvHeader + "\"2019\n0720\",关于养老的建议,,,,1,1.加大投入。,,,,\n",
			wantErr{name, 2, "proposal_id (id)", []string{`"2019 0720" is not an id (one line, at most 64 characters)`}}},
		{"reply without a suggestion on line 3", csvHeader + good + "20190720,,,,,2,,1.已落实。,,,\n",
			wantErr{name, 3, "suggestion (text)", []string{"record 20190720: a reply without a suggestion"}}},
		{"record without a title or text", "id,title,text,letter,date\nA-1,,,,2019-06-20\n",
			wantErr{name, 2, "title", []string{"record A-1 has no title and no text"}}},
		{"unparseable date names file, row and column", "留言编号,留言主题,留言详情,留言时间\n1,路灯不亮,夜里很黑,2019/6/20\n2,噪音,施工,2019/13/45 10:00\n",
			wantErr{name, 3, "留言时间 (submitted)", []string{`"2019/13/45 10:00" is not a date: no such day or time`}}},
		{"unparseable reply date", "id,title,reply,reply_date\n1,路灯,已修,明天\n",
			wantErr{name, 2, "reply_date (replied)", []string{`"明天" is not a date`}}},
		{"unparseable class names file, row and column", "提案号,案由,办理结果\n0720,关于养老的提案,A类\n0721,关于托幼的提案,很满意\n",
			wantErr{name, 3, "办理结果 (class)", []string{`"很满意" is not a result class`}}},
		{"unparseable year", "年度,提案号,案由\n二〇一九,0720,关于养老的提案\n",
			wantErr{name, 2, "年度 (year)", []string{`"二〇一九" is not a year`}}},
		{"two ids for one record", "年度,提案号,案由\n2019,0720,关于养老的提案\n2019,第0720号,关于养老的提案（二）\n",
			wantErr{name, 3, "提案号 (id)", []string{`ids "0720" and "第0720号" are both record 20190720`}}},
		{"invalid UTF-8 on line 4", csvHeader + good + good + "20190720,,,,,3,3.\xff,,,,\n",
			wantErr{name, 4, "", []string{"not valid UTF-8"}}},
		{"empty file", "",
			wantErr{name, 0, "", []string{"empty file"}}},
		{"only a byte-order mark and blank lines", "\uFEFF\r\n\n",
			wantErr{name, 0, "", []string{"empty file"}}},
		// Imported, a file without records would replace the index with
		// an empty one.
		{"header only", csvHeader,
			wantErr{name, 0, "", []string{"no records: no rows under the header"}}},
		{"header and empty rows", csvHeader + ",,,\n\"\"\n",
			wantErr{name, 0, "", []string{"no records"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src, err := ingest.ParseCSV(strings.NewReader(tt.data), name, ingest.Options{})
			if src != nil {
				t.Errorf("got %d records with the error, want none", len(src.Proposals))
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
			wantErr{name, 3, "id", []string{"record 20190720 appears twice in the file (first at line 1)"}}},
		{"suggestion number as a string", `{"id":"20190842","title":"关于养老的提案","suggestions":[{"no":"1","text":"1.建立中心。"}]}` + "\n",
			wantErr{name, 1, "", []string{`field "suggestions.no": want int, got JSON string`}}},
		{"two values on a line", strings.TrimSuffix(good("20190720"), "\n") + " {}\n",
			wantErr{name, 1, "", []string{"more than one JSON value on the line"}}},
		{"empty id on line 2", good("20190720") + good(" "),
			wantErr{name, 2, "id", []string{"empty"}}},
		{"no title and no suggestions", `{"id":"20190842","suggestions":[]}` + "\n",
			wantErr{name, 1, "suggestions", []string{"record 20190842 has no title and no suggestions"}}},
		{"empty suggestion and no title", `{"id":"20190842","suggestions":[{"text":"  "}]}` + "\n",
			wantErr{name, 1, "suggestions", []string{"record 20190842 suggestion 1 is empty"}}},
		{"suggestion number twice", `{"id":"20190842","title":"关于养老的提案","suggestions":[{"no":2,"text":"2.甲"},{"no":2,"text":"2.乙"}]}` + "\n",
			wantErr{name, 1, "suggestions", []string{"record 20190842 has suggestion 2 twice"}}},
		{"numbered and unnumbered suggestions collide", `{"id":"20190842","title":"关于养老的提案","suggestions":[{"text":"1.甲"},{"no":1,"text":"1.乙"}]}` + "\n",
			wantErr{name, 1, "suggestions", []string{"has suggestion 1 twice"}}},
		{"negative suggestion number", `{"id":"20190842","title":"关于养老的提案","suggestions":[{"no":-1,"text":"1.甲"}]}` + "\n",
			wantErr{name, 1, "suggestions", []string{"record 20190842: suggestion number -1 is negative"}}},
		{"suggestion 0 beside others", `{"id":"20190842","title":"关于养老的提案","suggestions":[{"no":0,"text":"甲"},{"no":1,"text":"1.乙"}]}` + "\n",
			wantErr{name, 1, "suggestions", []string{"suggestion number 0 (the record's one text) beside others"}}},
		{"date not in the model's form", `{"id":"1","title":"t","submitted":"2019/6/20","suggestions":[{"no":0,"text":"x"}]}` + "\n",
			wantErr{name, 1, "submitted", []string{`"2019/6/20": write dates as "2019-06-20"`}}},
		{"bad class", `{"id":"1","title":"t","class":"E","suggestions":[{"no":0,"text":"x"}]}` + "\n",
			wantErr{name, 1, "class", []string{`"E" is not a result class`}}},
		{"invalid UTF-8 on line 2", good("20190720") + `{"id":"20190842","title":"关于养老的提案` + "\xff" + `"}` + "\n",
			wantErr{name, 2, "", []string{"not valid UTF-8"}}},
		{"empty file", "",
			wantErr{name, 0, "", []string{"empty file"}}},
		{"only blank lines and a byte-order mark", "\uFEFF\n  \r\n\n",
			wantErr{name, 0, "", []string{"empty file"}}},
		// Flat records, read by their keys as a header.
		{"flat: no text key", `{"id":"1","date":"2019-06-20"}` + "\n",
			wantErr{name, 1, "header", []string{`no column with text to search among "id", "date"`}}},
		{"flat: a nested object", `{"id":"1","title":"路灯"}` + "\n" + `{"id":"2","title":"噪音","who":{"name":"x"}}` + "\n",
			wantErr{name, 2, "who", []string{"an object"}}},
		{"flat: unparseable date on line 2", `{"id":"1","title":"路灯","date":"2019-06-20"}` + "\n" + `{"id":"2","title":"噪音","date":"2019-02-30"}` + "\n",
			wantErr{name, 2, "date (submitted)", []string{`"2019-02-30" is not a date`}}},
		{"flat: not an object", `{"id":"1","title":"路灯"}` + "\n" + `["x"]` + "\n",
			wantErr{name, 2, "", []string{"want a JSON object"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src, err := ingest.ParseJSONL(strings.NewReader(tt.data), name, ingest.Options{})
			if src != nil {
				t.Errorf("got %d records with the error, want none", len(src.Proposals))
			}
			checkErr(t, err, tt.want)
		})
	}
}

// workbook builds an xlsx file whose sheets (the first one named Sheet1)
// have rows at the given 1-based row numbers.
func workbook(t *testing.T, sheets ...map[int][]string) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, rows := range sheets {
		sheet := f.GetSheetName(0)
		if i > 0 {
			sheet = "Sheet" + strconv.Itoa(i+1)
			if _, err := f.NewSheet(sheet); err != nil {
				t.Fatal(err)
			}
		}
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
	header := ingest.Header(nil)
	row := func(id, title string, no, text string) []string {
		return []string{id, "", "", title, "朱文豪", "", "市民政局", "市财政局", "", "", "", "", no, text, "1.已印发。", "", "", "", ""}
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
			wantErr{sheetName, 0, "header", []string{`sheet "Sheet1": empty`}}},
		{"header only", workbook(t, map[int][]string{1: header}),
			wantErr{sheetName, 0, "", []string{"no records: no rows under the header"}}},
		{"id over two lines on row 4", workbook(t, map[int][]string{
			1: header,
			2: row("20190720", "关于养老的建议", "1", "1.加大投入。"),
			3: row("20190720", "", "2", "2.引进合作。"),
			4: row("2019\n072", "关于托幼的建议", "1", "1.建设驿站。"),
		}), wantErr{sheetName, 4, "id", []string{`"2019 072" is not an id`}}},
		{"conflicting title on row 6 under a title row", workbook(t, map[int][]string{
			1: {"2019年提案办理情况一览表"},
			3: header,
			4: row("20190720", "关于养老的建议", "1", "1.加大投入。"),
			6: row("20190720", "关于托幼的建议", "2", "1.建设驿站。"),
		}), wantErr{sheetName, 6, "title", []string{`record 20190720: "关于托幼的建议" differs from "关于养老的建议" on row 4`}}},
		{"header without a text column", workbook(t, map[int][]string{
			2: {"提案编号", "备注"},
		}), wantErr{sheetName, 2, "header", []string{`no column with text to search among "提案编号", "备注"`}}},
		{"bad suggestion number on row 3", workbook(t, map[int][]string{
			1: header,
			2: row("20190720", "关于养老的建议", "1", "1.加大投入。"),
			3: row("20190720", "", "第二", "2.引进合作。"),
		}), wantErr{sheetName, 3, "suggestion_no", []string{`"第二" is not a number`}}},
		{"no sheet with a header", workbook(t, map[int][]string{1: {"说明", "本表"}}, map[int][]string{1: {"备注"}}),
			wantErr{name, 0, "header", []string{`no sheet has a recognised header row`, `sheet "Sheet1"`, `sheet "Sheet2"`}}},
		{"a bad row on the second sheet", workbook(t, map[int][]string{1: header, 2: row("20190720", "关于养老的建议", "1", "1.加大投入。")},
			map[int][]string{1: {"留言编号", "留言主题", "留言时间"}, 2: {"1", "路灯", "2019-02-30"}}),
			wantErr{name + "[Sheet2]", 2, "留言时间 (submitted)", []string{`"2019-02-30" is not a date`}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srcs, err := ingest.ParseXLSX(bytes.NewReader(tt.data), name, ingest.Options{})
			if srcs != nil {
				t.Errorf("got %d sources with the error, want none", len(srcs))
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
	writeFile(t, badTable, withLines(replaceLine(seedLines(t), 67, "\tabcdefgh")))
	badCSV := filepath.Join(dir, "bad.csv")
	writeFile(t, badCSV, []byte(csvHeader+"20190720,关于养老的建议,,,,x,1.加大投入。,,,,\n"))
	missing := filepath.Join(dir, "missing.jsonl")

	c, err := ingest.ReadFiles(ingest.Options{}, good, badTable, badCSV, missing)
	if c != nil {
		t.Errorf("got a collection of %d records with errors", len(c.Proposals))
	}
	if err == nil {
		t.Fatal("no error")
	}
	msg := err.Error()
	for _, want := range []string{badTable + ":67: id:", badCSV + ":2: suggestion_no:", "missing.jsonl"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q does not name %q", msg, want)
		}
	}
	if strings.Contains(msg, good) {
		t.Errorf("error %q names the good file", msg)
	}
	var pe *ingest.ParseError
	if !errors.As(err, &pe) || pe.File != badTable || pe.Line != 67 {
		t.Errorf("first ParseError = %+v, want %s:67", pe, badTable)
	}
}
