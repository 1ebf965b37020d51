// Package docxtest writes small Word documents (.docx) for tests: a table
// of cell texts, with an optional title paragraph above it and vertically
// merged cells, or any body of WordprocessingML written by hand. The files
// are minimal but valid: Word and LibreOffice open them.
package docxtest

import (
	"archive/zip"
	"encoding/xml"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"
)

// Write writes a .docx to w whose body is Body(title, rows, merge).
func Write(w io.Writer, title string, rows [][]string, merge func(row, col int) bool) error {
	body, err := Body(title, rows, merge)
	if err != nil {
		return err
	}
	return WriteBody(w, body)
}

// Body returns the WordprocessingML of a table with rows of cell texts,
// preceded by a title paragraph (one for each line of title) unless title
// is empty. A cell holds a paragraph for each line of its text; a tab in
// the text is written as <w:tab/>. Rows may be of different lengths: the
// table's grid is as wide as the longest row, and a shorter row ends in a
// w:gridAfter.
//
// merge, if not nil, tells which cells continue a vertical merge: cell
// (row, col) with merge(row, col) true is merged into the cell above it,
// as Word writes it: <w:vMerge w:val="restart"/> on the first cell and
// <w:vMerge/> on the ones that continue it. A continuing cell must be
// empty (Word shows only the first cell's text), and not be in the first
// row or past the end of the row above.
//
// Body returns an error for a character that XML cannot hold (control
// characters other than tab, newline and carriage return; invalid UTF-8).
func Body(title string, rows [][]string, merge func(row, col int) bool) (string, error) {
	if merge == nil {
		merge = func(int, int) bool { return false }
	}
	var b strings.Builder
	if title != "" {
		for _, line := range strings.Split(title, "\n") {
			b.WriteString(`<w:p><w:pPr><w:jc w:val="center"/></w:pPr>`)
			if err := writeRuns(&b, line, `<w:rPr><w:b/><w:sz w:val="32"/></w:rPr>`); err != nil {
				return "", fmt.Errorf("docxtest: title: %w", err)
			}
			b.WriteString(`</w:p>`)
		}
	}
	cols := 0
	for _, row := range rows {
		cols = max(cols, len(row))
	}
	width := 14000 / max(cols, 1) // a landscape A4 page's text width, in twentieths of a point
	b.WriteString(`<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/><w:tblBorders>`)
	for _, side := range []string{"top", "left", "bottom", "right", "insideH", "insideV"} {
		fmt.Fprintf(&b, `<w:%s w:val="single" w:sz="4" w:space="0" w:color="auto"/>`, side)
	}
	b.WriteString(`</w:tblBorders><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>`)
	for range cols {
		fmt.Fprintf(&b, `<w:gridCol w:w="%d"/>`, width)
	}
	b.WriteString(`</w:tblGrid>`)
	for r, row := range rows {
		b.WriteString(`<w:tr>`)
		if len(row) < cols {
			fmt.Fprintf(&b, `<w:trPr><w:gridAfter w:val="%d"/></w:trPr>`, cols-len(row))
		}
		for c, text := range row {
			cont := merge(r, c)
			if cont && (r == 0 || c >= len(rows[r-1])) {
				return "", fmt.Errorf("docxtest: row %d, cell %d: merged into a cell above that is not there", r+1, c+1)
			}
			if cont && text != "" {
				return "", fmt.Errorf("docxtest: row %d, cell %d: continues a merge but has text %q", r+1, c+1, text)
			}
			restart := !cont && r+1 < len(rows) && c < len(rows[r+1]) && merge(r+1, c)
			fmt.Fprintf(&b, `<w:tc><w:tcPr><w:tcW w:w="%d" w:type="dxa"/>`, width)
			switch {
			case restart:
				b.WriteString(`<w:vMerge w:val="restart"/>`)
			case cont:
				b.WriteString(`<w:vMerge/>`)
			}
			b.WriteString(`</w:tcPr>`)
			for _, line := range strings.Split(text, "\n") {
				b.WriteString(`<w:p>`)
				if err := writeRuns(&b, line, ""); err != nil {
					return "", fmt.Errorf("docxtest: row %d, cell %d: %w", r+1, c+1, err)
				}
				b.WriteString(`</w:p>`)
			}
			b.WriteString(`</w:tc>`)
		}
		b.WriteString(`</w:tr>`)
	}
	b.WriteString(`</w:tbl>`)
	return b.String(), nil
}

// writeRuns writes a run holding line, a paragraph's text, with the run
// properties rPr (or none if empty); a tab becomes <w:tab/>. An empty line
// writes nothing: an empty paragraph.
func writeRuns(b *strings.Builder, line, rPr string) error {
	if line == "" {
		return nil
	}
	if !utf8.ValidString(line) {
		return fmt.Errorf("%q is not valid UTF-8", line)
	}
	for i, r := range line {
		if !xmlChar(r) {
			return fmt.Errorf("character %U at byte %d cannot be written in XML", r, i)
		}
	}
	b.WriteString(`<w:r>` + rPr)
	for i, part := range strings.Split(line, "\t") {
		if i > 0 {
			b.WriteString(`<w:tab/>`)
		}
		if part != "" {
			b.WriteString(`<w:t xml:space="preserve">`)
			escape(b, part)
			b.WriteString(`</w:t>`)
		}
	}
	b.WriteString(`</w:r>`)
	return nil
}

// xmlChar reports whether r may appear in an XML 1.0 document.
func xmlChar(r rune) bool {
	return r == '\t' || r == '\n' || r == '\r' ||
		r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

// escape writes s to b with the characters XML reserves escaped. A carriage
// return is written as a reference so that XML's line-end normalisation
// keeps it.
func escape(b *strings.Builder, s string) {
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '"':
			b.WriteString("&quot;")
		case '\r':
			b.WriteString("&#xD;")
		default:
			b.WriteRune(r)
		}
	}
}

// WriteBody writes a .docx to w whose w:body holds body, WordprocessingML
// as it appears inside <w:body>: the prefixes w (the main namespace), r
// (relationships), mc (markup compatibility), m (Office Math) and w14 are
// bound. A section's properties (A4, landscape) are added after body. The
// package holds the parts Word needs: [Content_Types].xml, _rels/.rels and
// word/document.xml.
func WriteBody(w io.Writer, body string) error {
	doc := xml.Header + `<w:document ` + namespaces + `><w:body>` + body +
		`<w:sectPr><w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/>` +
		`<w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="720" w:footer="720" w:gutter="0"/></w:sectPr>` +
		`</w:body></w:document>`
	return WriteParts(w, map[string]string{
		"[Content_Types].xml": contentTypes,
		"_rels/.rels":         rels,
		"word/document.xml":   doc,
	})
}

// WriteParts writes a zip to w holding parts, file name to content, in the
// order of their names with [Content_Types].xml first (as Word writes it).
// Tests use it for packages that WriteBody would not make: a missing or
// renamed part, a broken document.xml.
func WriteParts(w io.Writer, parts map[string]string) error {
	names := make([]string, 0, len(parts))
	for name := range parts {
		names = append(names, name)
	}
	slices.SortFunc(names, func(a, b string) int {
		if (a == contentTypesName) != (b == contentTypesName) {
			if a == contentTypesName {
				return -1
			}
			return 1
		}
		return strings.Compare(a, b)
	})
	z := zip.NewWriter(w)
	for _, name := range names {
		f, err := z.Create(name)
		if err != nil {
			return fmt.Errorf("docxtest: %s: %w", name, err)
		}
		if _, err := io.WriteString(f, parts[name]); err != nil {
			return fmt.Errorf("docxtest: %s: %w", name, err)
		}
	}
	if err := z.Close(); err != nil {
		return fmt.Errorf("docxtest: %w", err)
	}
	return nil
}

const contentTypesName = "[Content_Types].xml"

const namespaces = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" ` +
	`xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" ` +
	`xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" ` +
	`xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math" ` +
	`xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" ` +
	`mc:Ignorable="w14"`

const contentTypes = xml.Header +
	`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
	`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
	`<Default Extension="xml" ContentType="application/xml"/>` +
	`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
	`</Types>`

const rels = xml.Header +
	`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>` +
	`</Relationships>`
