package ingest

import (
	"archive/zip"
	"bytes"
	"hash/crc32"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/govreply/precedent/ingest/internal/docxtest"
)

// Helpers that write WordprocessingML by hand, for what docxtest.Body does
// not write.

// para returns a paragraph of the given runs and other content.
func para(content ...string) string { return "<w:p>" + strings.Join(content, "") + "</w:p>" }

// run returns a run of text.
func run(text string) string { return `<w:r><w:t xml:space="preserve">` + text + `</w:t></w:r>` }

// cell returns a table cell with the cell properties props (may be "")
// and content, which must hold a paragraph.
func cell(props string, content ...string) string {
	return "<w:tc><w:tcPr>" + props + "</w:tcPr>" + strings.Join(content, "") + "</w:tc>"
}

// textCell returns a cell of one paragraph of text.
func textCell(text string) string { return cell("", para(run(text))) }

// row returns a table row with the row properties props (may be "").
func row(props string, cells ...string) string {
	return "<w:tr><w:trPr>" + props + "</w:trPr>" + strings.Join(cells, "") + "</w:tr>"
}

// table returns a table of rows, on a grid of cols columns.
func table(cols int, rows ...string) string {
	return `<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid>` +
		strings.Repeat(`<w:gridCol w:w="1000"/>`, cols) + "</w:tblGrid>" + strings.Join(rows, "") + "</w:tbl>"
}

// writeDocx returns a .docx of rows (see docxtest.Write).
func writeDocx(t testing.TB, title string, rows [][]string, merge func(row, col int) bool) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := docxtest.Write(&b, title, rows, merge); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// bodyDocx returns a .docx whose body is body (see docxtest.WriteBody).
func bodyDocx(t testing.TB, body string) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := docxtest.WriteBody(&b, body); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// partsDocx returns a zip of parts (see docxtest.WriteParts).
func partsDocx(t testing.TB, parts map[string]string) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := docxtest.WriteParts(&b, parts); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// rawDocx returns a zip whose word/document.xml holds data, stored as it
// is, with the header saying it is size bytes: a zip can lie about it.
func rawDocx(t testing.TB, data string, size uint64) []byte {
	t.Helper()
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	w, err := z.CreateRaw(&zip.FileHeader{
		Name:               "word/document.xml",
		Method:             zip.Store,
		CRC32:              crc32.ChecksumIEEE([]byte(data)),
		CompressedSize64:   uint64(len(data)),
		UncompressedSize64: size,
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write([]byte(data)); err != nil {
		t.Fatal(err)
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// documentXML returns a main document part whose body is body, in the
// namespace ns (transitional or strict WordprocessingML).
func documentXML(ns, body string) string {
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<w:document xmlns:w="` + ns + `"><w:body>` + body + `</w:body></w:document>`
}

// contentTypes is a [Content_Types].xml for a docx of word/document.xml.
const contentTypes = `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>`

// relsTo returns a _rels/.rels naming target the main document part.
func relsTo(target string) string {
	return `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="` + target + `"/></Relationships>`
}

func readBytes(data []byte) ([]docxTable, error) {
	return readDocx(bytes.NewReader(data), int64(len(data)))
}

func TestReadDocx(t *testing.T) {
	header := []string{"提案编号", "标题", "提案人", "主办单位", "协办单位", "建议", "已落实", "正在落实", "计划落实", "未能落实"}
	tests := []struct {
		name string
		docx []byte
		want []docxTable
	}{
		{
			name: "vertical merges",
			docx: writeDocx(t, "", [][]string{
				{"20190001", "标题一", "建议一"},
				{"", "", "建议二"},
				{"", "", "建议三"},
				{"20190002", "标题二", "建议一"},
			}, func(row, col int) bool { return (row == 1 || row == 2) && col < 2 }),
			want: []docxTable{{Rows: [][]string{
				{"20190001", "标题一", "建议一"},
				{"", "", "建议二"},
				{"", "", "建议三"},
				{"20190002", "标题二", "建议一"},
			}}},
		},
		{
			name: "cells of several paragraphs",
			docx: writeDocx(t, "", [][]string{{"1.第一段\n\n2.第二段", "\n\n末段\n", ""}}, nil),
			want: []docxTable{{Rows: [][]string{{"1.第一段\n\n2.第二段", "\n\n末段\n", ""}}}},
		},
		{
			name: "title paragraphs and a header row",
			docx: writeDocx(t, "2019—2020年提案办理答复表\n（第一批）", [][]string{header, {"20190720", "关于…的建议"}}, nil),
			want: []docxTable{{Title: "2019—2020年提案办理答复表\n（第一批）", Rows: [][]string{header, {"20190720", "关于…的建议", "", "", "", "", "", "", "", ""}}}},
		},
		{
			name: "tabs and characters XML escapes",
			docx: writeDocx(t, "", [][]string{{"a\tb", `<&>"'`, "\tlead"}}, nil),
			want: []docxTable{{Rows: [][]string{{"a\tb", `<&>"'`, "\tlead"}}}},
		},
		{
			name: "horizontal span",
			docx: bodyDocx(t, table(4,
				row("", cell(`<w:gridSpan w:val="3"/>`, para(run("wide"))), textCell("d")),
				row("", textCell("a"), textCell("b"), textCell("c"), textCell("d")),
			)),
			want: []docxTable{{Rows: [][]string{{"wide", "", "", "d"}, {"a", "b", "c", "d"}}}},
		},
		{
			name: "grid before and after",
			docx: bodyDocx(t, table(4,
				row(`<w:gridBefore w:val="1"/><w:gridAfter w:val="2"/>`, textCell("b")),
				row(`<w:gridBefore w:val="2"/>`, textCell("c"), textCell("d")),
			)),
			want: []docxTable{{Rows: [][]string{{"", "b", "", ""}, {"", "", "c", "d"}}}},
		},
		{
			name: "vertical merge with w:val, and text in a continuing cell",
			docx: bodyDocx(t, table(2,
				row("", cell(`<w:vMerge w:val="restart"/>`, para(run("top"))), textCell("1")),
				row("", cell(`<w:vMerge w:val="continue"/>`, para(run("hidden"))), textCell("2")),
				row("", cell(`<w:vMerge/>`, para()), textCell("3")),
			)),
			want: []docxTable{{Rows: [][]string{{"top", "1"}, {"", "2"}, {"", "3"}}}},
		},
		{
			name: "legacy horizontal merge",
			docx: bodyDocx(t, table(3,
				row("", cell(`<w:hMerge w:val="restart"/>`, para(run("left"))), cell(`<w:hMerge/>`, para()), textCell("c")),
			)),
			want: []docxTable{{Rows: [][]string{{"left", "", "c"}}}},
		},
		{
			name: "tracked changes",
			docx: bodyDocx(t, table(2,
				row("", cell("",
					para(run("kept "),
						`<w:del w:id="1" w:author="a"><w:r><w:delText>deleted </w:delText></w:r></w:del>`,
						`<w:ins w:id="2" w:author="a"><w:r><w:t>inserted</w:t></w:r></w:ins>`),
					para(`<w:moveFrom w:id="3" w:author="a"><w:r><w:t>moved away</w:t></w:r></w:moveFrom>`,
						`<w:moveTo w:id="4" w:author="a"><w:r><w:t>moved here</w:t></w:r></w:moveTo>`),
				), cell("",
					para(`<w:pPr><w:rPr><w:del w:id="5" w:author="a"/></w:rPr></w:pPr>`, run("joined ")),
					para(run("paragraphs")),
				)),
				row(`<w:del w:id="6" w:author="a"/>`,
					cell("", para(`<w:del w:id="7" w:author="a"><w:r><w:delText>row</w:delText></w:r></w:del>`)), textCell("")),
				row(`<w:ins w:id="8" w:author="a"/>`, textCell("new"), textCell("row")),
			)),
			want: []docxTable{{Rows: [][]string{{"kept inserted\nmoved here", "joined paragraphs"}, {"new", "row"}}}},
		},
		{
			name: "hyperlinks, fields, smart tags, content controls, custom XML",
			docx: bodyDocx(t, table(1,
				row("", cell("",
					para(`<w:hyperlink w:anchor="x">`, run("link"), `</w:hyperlink>`),
					para(`<w:fldSimple w:instr=" PAGE ">`, run("7"), `</w:fldSimple>`),
					para(`<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> DATE </w:instrText></w:r>`,
						`<w:r><w:fldChar w:fldCharType="separate"/></w:r>`, run("2020-05-01"), `<w:r><w:fldChar w:fldCharType="end"/></w:r>`),
					para(`<w:smartTag w:uri="u" w:element="place">`, run("深圳"), `<w:smartTagPr><w:attr w:name="n" w:val="v"/></w:smartTagPr></w:smartTag>`),
					para(`<w:sdt><w:sdtPr><w:alias w:val="部门"/><w:text/></w:sdtPr><w:sdtContent>`, run("市民政局"), `</w:sdtContent></w:sdt>`),
					para(`<w:customXml w:element="x">`, run("custom"), `</w:customXml>`),
				)),
			)),
			want: []docxTable{{Rows: [][]string{{"link\n7\n2020-05-01\n深圳\n市民政局\ncustom"}}}},
		},
		{
			name: "breaks, tabs and hyphens",
			docx: bodyDocx(t, table(1, row("", cell("",
				para(`<w:r><w:t>a</w:t><w:br/><w:t>b</w:t><w:tab/><w:t>c</w:t><w:cr/><w:t>d</w:t><w:noBreakHyphen/><w:t>e</w:t><w:softHyphen/><w:t>f</w:t></w:r>`),
			)))),
			want: []docxTable{{Rows: [][]string{{"a\nb\tc\nd-ef"}}}},
		},
		{
			name: "nested table",
			docx: bodyDocx(t, table(2,
				row("", cell("",
					para(run("outer")),
					table(2,
						row("", textCell("n1"), cell("", para(run("n2a")), para(run("n2b")))),
						row("", cell(`<w:vMerge w:val="restart"/>`, para(run("n3"))), textCell("n4")),
					),
					para(),
				), textCell("right")),
			)),
			want: []docxTable{{Rows: [][]string{{"outer\nn1\nn2a\nn2b\nn3\nn4\n", "right"}}}},
		},
		{
			name: "tables, rows and cells in content controls",
			docx: bodyDocx(t, `<w:sdt><w:sdtPr><w:alias w:val="t"/></w:sdtPr><w:sdtContent>`+
				para(run("标题"))+
				table(2,
					row("", textCell("a"), `<w:sdt><w:sdtContent>`+textCell("b")+`</w:sdtContent></w:sdt>`),
					`<w:sdt><w:sdtContent>`+row("", textCell("c"), textCell("d"))+`</w:sdtContent></w:sdt>`,
					`<w:customXml w:element="r">`+row("", textCell("e"), textCell("f"))+`</w:customXml>`,
				)+`</w:sdtContent></w:sdt>`),
			want: []docxTable{{Title: "标题", Rows: [][]string{{"a", "b"}, {"c", "d"}, {"e", "f"}}}},
		},
		{
			name: "two tables and their titles",
			docx: bodyDocx(t, para(run("  表一  "))+para()+para(run("（续）"))+
				table(1, row("", textCell("1")))+
				para(run("表二"))+
				table(1, row("", textCell("2")))+
				table(1, row("", textCell("3")))+
				para(run("after the last table"))),
			want: []docxTable{
				{Title: "表一\n（续）", Rows: [][]string{{"1"}}},
				{Title: "表二", Rows: [][]string{{"2"}}},
				{Rows: [][]string{{"3"}}},
			},
		},
		{
			name: "alternate content: the first choice",
			docx: bodyDocx(t, table(1, row("", cell("", para(
				`<mc:AlternateContent><mc:Choice Requires="w14">`, run("choice"), `</mc:Choice><mc:Fallback>`, run("fallback"), `</mc:Fallback></mc:AlternateContent>`,
			))))),
			want: []docxTable{{Rows: [][]string{{"choice"}}}},
		},
		{
			name: "bookmarks, proofing marks, pictures and text boxes",
			docx: bodyDocx(t, table(1, row("", cell("", para(
				`<w:bookmarkStart w:id="0" w:name="_GoBack"/>`, `<w:proofErr w:type="spellStart"/>`, run("text"), `<w:proofErr w:type="spellEnd"/>`, `<w:bookmarkEnd w:id="0"/>`,
				`<w:r><w:drawing><w:txbxContent><w:p><w:r><w:t>in a text box</w:t></w:r></w:p></w:txbxContent></w:drawing></w:r>`,
				`<w:r><w:pict><w:txbxContent><w:p><w:r><w:t>in a VML text box</w:t></w:r></w:p></w:txbxContent></w:pict></w:r>`,
			))))),
			want: []docxTable{{Rows: [][]string{{"text"}}}},
		},
		{
			name: "equation",
			docx: bodyDocx(t, table(1, row("", cell("", para(run("面积 "), `<m:oMath><m:r><m:t>S=ab</m:t></m:r></m:oMath>`))))),
			want: []docxTable{{Rows: [][]string{{"面积 S=ab"}}}},
		},
		{
			name: "no table",
			docx: bodyDocx(t, para(run("只有正文"))),
			want: nil,
		},
		{
			name: "strict WordprocessingML",
			docx: partsDocx(t, map[string]string{
				"[Content_Types].xml": contentTypes,
				"_rels/.rels":         relsTo("word/document.xml"),
				"word/document.xml":   documentXML(wordStrictNS, table(2, row("", textCell("a"), cell(`<w:gridSpan w:val="1"/>`, para(run("b")))))),
			}),
			want: []docxTable{{Rows: [][]string{{"a", "b"}}}},
		},
		{
			name: "main part named in _rels/.rels",
			docx: partsDocx(t, map[string]string{
				"[Content_Types].xml": contentTypes,
				"_rels/.rels":         relsTo("/word/document2.xml"),
				"word/document.xml":   documentXML(wordNS, table(1, row("", textCell("not this one")))),
				"word/document2.xml":  documentXML(wordNS, table(1, row("", textCell("main")))),
			}),
			want: []docxTable{{Rows: [][]string{{"main"}}}},
		},
		{
			name: "no _rels/.rels",
			docx: partsDocx(t, map[string]string{
				"word/document.xml": documentXML(wordNS, table(1, row("", textCell("x")))),
			}),
			want: []docxTable{{Rows: [][]string{{"x"}}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := readBytes(tt.docx)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got\n%q\nwant\n%q", got, tt.want)
			}
		})
	}
}

func TestReadDocxErrors(t *testing.T) {
	valid := documentXML(wordNS, table(1, row("", textCell("x"))))
	doc := func(xml string) []byte {
		return partsDocx(t, map[string]string{"[Content_Types].xml": contentTypes, "_rels/.rels": relsTo("word/document.xml"), "word/document.xml": xml})
	}
	tests := []struct {
		name string
		docx []byte
		want string // what the error says
	}{
		{"empty file", nil, "docx: not a .docx (a .docx is a zip file): zip: not a valid zip file"},
		{"text, not a zip", []byte(" \t20190720\n\t标题\n"), "docx: not a .docx (a .docx is a zip file): zip: not a valid zip file"},
		{"OLE compound file", append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 504)...), "docx: an OLE compound file, not a .docx"},
		{"zip without word/document.xml", partsDocx(t, map[string]string{"[Content_Types].xml": contentTypes, "xl/workbook.xml": "<workbook/>"}), "docx: no word/document.xml in the zip"},
		{"main part named in _rels/.rels missing", partsDocx(t, map[string]string{"_rels/.rels": relsTo("word/missing.xml"), "word/document.xml": valid}), "docx: no word/missing.xml in the zip"},
		{"empty word/document.xml", doc(""), "docx: word/document.xml: no XML element: the part is empty"},
		{"truncated XML", doc(valid[:len(valid)*2/3]), "docx: word/document.xml: XML syntax error on line 2: unexpected EOF"},
		{"mismatched tags", doc(documentXML(wordNS, "<w:p><w:r><w:t>x</w:r></w:p>")), "docx: word/document.xml: XML syntax error on line 2: element <t> closed by </r>"},
		{"garbage after the document", doc(valid + "<"), "docx: word/document.xml: XML syntax error on line 2: unexpected EOF"},
		{"not WordprocessingML", doc(`<html><body/></html>`), "docx: word/document.xml: line 1, column 7: the root element is <html>, not a WordprocessingML w:document"},
		{"undeclared w prefix", doc(`<w:document><w:body/></w:document>`), "docx: word/document.xml: line 1, column 13: the root element is <{w}document>, not a WordprocessingML w:document"},
		{"no w:body", doc(`<w:document xmlns:w="` + wordNS + `"/>`), "docx: word/document.xml: line 1, column 85: w:document has no w:body"},
		{"gridSpan not a number", doc(documentXML(wordNS, table(1, row("", cell(`<w:gridSpan w:val="two"/>`, para()))))),
			`docx: word/document.xml: line 2, column 257: w:gridSpan w:val="two": want a number from 1 to 1000`},
		{"gridSpan zero", doc(documentXML(wordNS, table(1, row("", cell(`<w:gridSpan w:val="0"/>`, para()))))), `w:gridSpan w:val="0": want a number from 1 to 1000`},
		{"gridAfter too large", doc(documentXML(wordNS, table(1, row(`<w:gridAfter w:val="1000000000"/>`, textCell("x"))))), `w:gridAfter w:val="1000000000": want a number from 0 to 1000`},
		{"row wider than 1000 columns", doc(documentXML(wordNS, table(1, row(`<w:gridBefore w:val="600"/>`, cell(`<w:gridSpan w:val="600"/>`, para()))))),
			"a table row of more than 1000 columns"},
		{"too many cells", doc(documentXML(wordNS, table(1000, strings.Repeat(row("", cell(`<w:gridSpan w:val="1000"/>`, para())), maxCells/1000+1)))),
			"more than 4194304 table cells"},
		{"elements nested too deep", doc(documentXML(wordNS, strings.Repeat("<w:customXml>", 2000)+strings.Repeat("</w:customXml>", 2000))),
			"docx: word/document.xml: line 2, column 13079: elements nested more than 1000 deep"},
		{"zip header: document.xml over 256 MiB", rawDocx(t, valid, 300<<20), "docx: word/document.xml: 314572800 bytes decompressed, more than the 256 MiB read"},
		{"document.xml longer than its zip header says", rawDocx(t, valid, 100), "docx: word/document.xml: line 1, column 1: zip: not a valid zip file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := readBytes(tt.docx)
			if err == nil {
				t.Fatalf("no error, read %q", got)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q\nwant it to say %q", err, tt.want)
			}
		})
	}
}

// seedRows splits the seed, a reply table saved from Word as text, into
// rows of cells the way the text reader splits it (indexer.ParseTable, as
// of this writing: copied, since the reader is being rewritten): a cell
// begins at a line that starts with a tab (after spaces or a BOM), and the
// lines after it that do not belong to it; ten cells make a row.
func seedRows(t testing.TB) [][]string {
	t.Helper()
	data, err := os.ReadFile("../testdata/000_8b6b214a39f4da34.txt")
	if err != nil {
		t.Fatal(err)
	}
	text := strings.ReplaceAll(strings.TrimPrefix(string(data), "\uFEFF"), "\r\n", "\n")
	var cells []string
	for i, ln := range strings.Split(text, "\n") {
		trimmed := strings.TrimLeft(ln, " \uFEFF")
		switch {
		case strings.HasPrefix(trimmed, "\t"):
			cells = append(cells, trimmed[1:])
		case len(cells) > 0:
			cells[len(cells)-1] += "\n" + ln
		case strings.TrimSpace(ln) != "":
			t.Fatalf("seed line %d: text before the first cell", i+1)
		}
	}
	const columns = 10
	if len(cells)%columns != 0 {
		t.Fatalf("seed: %d cells, not rows of %d", len(cells), columns)
	}
	var rows [][]string
	for i := 0; i < len(cells); i += columns {
		rows = append(rows, cells[i:i+columns])
	}
	return rows
}

// seedHeader is the reply table's header row, as staff's documents have it.
var seedHeader = []string{"提案编号", "标题", "提案人", "主办单位", "协办单位", "建议", "已落实", "正在落实", "计划落实", "未能落实"}

// seedTitle is the paragraph above the table.
const seedTitle = "2019—2020年提案办理答复表"

// seedDocx returns the seed table as staff keep it in Word, and its rows:
// a title paragraph, a header row, then the seed's rows, with a proposal's
// five cells (id, title, proposer, lead and co-departments) merged down
// its later rows, where the text has them empty.
func seedDocx(t testing.TB) ([]byte, [][]string) {
	t.Helper()
	seed := seedRows(t)
	rows := append([][]string{seedHeader}, seed...)
	merge := func(row, col int) bool { return row > 1 && col < 5 && rows[row][0] == "" }
	return writeDocx(t, seedTitle, rows, merge), rows
}

// TestReadDocxSeed reads the seed table from a Word document: it gives the
// seed's rows back cell for cell, exactly (no trimming needed).
func TestReadDocxSeed(t *testing.T) {
	docx, rows := seedDocx(t)
	tables, err := readBytes(docx)
	if err != nil {
		t.Fatal(err)
	}
	if len(tables) != 1 {
		t.Fatalf("%d tables, want 1", len(tables))
	}
	got := tables[0]
	if got.Title != seedTitle {
		t.Errorf("title %q, want %q", got.Title, seedTitle)
	}
	if len(got.Rows) != len(rows) {
		t.Fatalf("%d rows, want %d", len(got.Rows), len(rows))
	}
	merged := 0
	for i := range rows {
		if !reflect.DeepEqual(got.Rows[i], rows[i]) {
			for j := range max(len(got.Rows[i]), len(rows[i])) {
				var g, w string
				if j < len(got.Rows[i]) {
					g = got.Rows[i][j]
				}
				if j < len(rows[i]) {
					w = rows[i][j]
				}
				if g != w {
					t.Errorf("row %d, cell %d: %q, want %q", i+1, j+1, g, w)
				}
			}
		}
		if i > 1 && rows[i][0] == "" {
			merged++
		}
	}
	if merged == 0 {
		t.Error("no merged rows: the test does not test merges")
	}

	// What the text reader makes of the rows: 18 proposals of 70
	// suggestions in all.
	proposals, suggestions := 0, 0
	for _, row := range got.Rows[1:] {
		if cleanCell(row[0]) != "" {
			proposals++
		}
		if cleanCell(row[5]) != "" {
			suggestions++
		}
	}
	if proposals != 18 || suggestions != 70 {
		t.Errorf("%d proposals, %d suggestions; want 18, 70", proposals, suggestions)
	}
}

// FuzzReadDocx feeds readDocx main document parts: it must return tables
// or an error, never panic, whatever the XML.
func FuzzReadDocx(f *testing.F) {
	f.Add(documentXML(wordNS, table(2, row("", cell(`<w:vMerge w:val="restart"/><w:gridSpan w:val="2"/>`, para(run("a")))), row("", cell(`<w:vMerge/>`, para()), textCell("b")))))
	f.Add(documentXML(wordNS, table(1, row(`<w:gridBefore w:val="3"/>`, cell("", table(1, row("", textCell("n"))), para())))))
	f.Add(documentXML(wordNS, `<w:sdt><w:sdtContent>`+para(`<w:ins><w:r><w:t>i</w:t></w:r></w:ins><w:del><w:r><w:delText>d</w:delText></w:r></w:del>`)+`</w:sdtContent></w:sdt>`))
	f.Add(`<w:document xmlns:w="` + wordNS + `"><w:body><w:tbl><w:tr><w:tc>`)
	f.Fuzz(func(t *testing.T, xml string) {
		var b bytes.Buffer
		if err := docxtest.WriteParts(&b, map[string]string{"word/document.xml": xml}); err != nil {
			t.Fatal(err)
		}
		if _, err := readBytes(b.Bytes()); err != nil && !strings.HasPrefix(err.Error(), "docx: word/document.xml: ") {
			t.Errorf("error %q does not name the part", err)
		}
	})
}

// BenchmarkReadDocx reads the seed table (70 rows of 10 cells) from its
// Word document.
func BenchmarkReadDocx(b *testing.B) {
	docx, _ := seedDocx(b)
	b.SetBytes(int64(len(docx)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := readBytes(docx); err != nil {
			b.Fatal(err)
		}
	}
}

// TestReadDocxErrorNamesPart checks that an error names the main part
// when _rels/.rels names another than word/document.xml.
func TestReadDocxErrorNamesPart(t *testing.T) {
	data := partsDocx(t, map[string]string{"_rels/.rels": relsTo("word/document2.xml"), "word/document2.xml": "<w:document"})
	_, err := readBytes(data)
	if err == nil || !strings.HasPrefix(err.Error(), "docx: word/document2.xml: XML syntax error") {
		t.Errorf("error %v, want one naming word/document2.xml", err)
	}
}

// TestReadDocxLibreOffice reads testdata/seed-libreoffice.docx, the
// document of seedDocx opened in LibreOffice 7.4 and saved by it as a
// .docx (soffice --headless --convert-to docx): a file another program
// wrote, with its styles, fonts and settings, its own run properties and
// w:vMerge w:val="continue". It gives the same table.
func TestReadDocxLibreOffice(t *testing.T) {
	data, err := os.ReadFile("testdata/seed-libreoffice.docx")
	if err != nil {
		t.Fatal(err)
	}
	_, rows := seedDocx(t)
	got, err := readBytes(data)
	if err != nil {
		t.Fatal(err)
	}
	want := []docxTable{{Title: seedTitle, Rows: rows}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %d tables, want the seed's", len(got))
	}
}
