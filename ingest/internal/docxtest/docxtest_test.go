package docxtest

import (
	"archive/zip"
	"bytes"
	"io"
	"strings"
	"testing"
)

// TestWrite checks the package Write makes: the parts Word needs, and a
// document.xml with the title, the paragraphs and the merges.
func TestWrite(t *testing.T) {
	var b bytes.Buffer
	rows := [][]string{{"a", "b\nc"}, {"", "d\te"}, {"f"}}
	if err := Write(&b, "标题 & more", rows, func(r, c int) bool { return r == 1 && c == 0 }); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(b.Bytes()), int64(b.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	var doc string
	for _, f := range zr.File {
		names = append(names, f.Name)
		if f.Name == "word/document.xml" {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			data, err := io.ReadAll(rc)
			rc.Close()
			if err != nil {
				t.Fatal(err)
			}
			doc = string(data)
		}
	}
	if got, want := strings.Join(names, " "), "[Content_Types].xml _rels/.rels word/document.xml"; got != want {
		t.Errorf("parts %s, want %s", got, want)
	}
	for _, want := range []string{
		`<w:t xml:space="preserve">标题 &amp; more</w:t>`,
		`<w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t xml:space="preserve">a</w:t></w:r></w:p></w:tc>`,
		`<w:p><w:r><w:t xml:space="preserve">b</w:t></w:r></w:p><w:p><w:r><w:t xml:space="preserve">c</w:t></w:r></w:p>`,
		`<w:vMerge/></w:tcPr><w:p></w:p></w:tc>`,
		`<w:t xml:space="preserve">d</w:t><w:tab/><w:t xml:space="preserve">e</w:t>`,
		`<w:trPr><w:gridAfter w:val="1"/></w:trPr>`,
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("document.xml has no %s", want)
		}
	}
}

// TestBodyErrors checks that Body refuses a merge Word could not show and
// text XML cannot hold.
func TestBodyErrors(t *testing.T) {
	tests := []struct {
		name  string
		rows  [][]string
		merge func(row, col int) bool
		want  string
	}{
		{"merge in the first row", [][]string{{""}}, func(r, c int) bool { return true }, "row 1, cell 1: merged into a cell above that is not there"},
		{"merge past the row above", [][]string{{"a"}, {"b", ""}}, func(r, c int) bool { return c == 1 }, "row 2, cell 2: merged into a cell above that is not there"},
		{"continuing cell with text", [][]string{{"a"}, {"b"}}, func(r, c int) bool { return r == 1 }, `row 2, cell 1: continues a merge but has text "b"`},
		{"control character", [][]string{{"a\x01"}}, nil, "row 1, cell 1: character U+0001 at byte 1 cannot be written in XML"},
		{"invalid UTF-8", [][]string{{"a\xff"}}, nil, `row 1, cell 1: "a\xff" is not valid UTF-8`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Body("", tt.rows, tt.merge)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one saying %q", err, tt.want)
			}
		})
	}
}
