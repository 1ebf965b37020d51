package ingest

// This file reads the tables of a Word document (.docx), so that the reply
// table can be imported straight from the file staff keep, giving the same
// rows as the table saved from Word as text.
//
// It is written on archive/zip and encoding/xml (a streaming xml.Decoder)
// rather than on a .docx library: of those on the module proxy,
// github.com/fumiama/go-docx and github.com/gomutex/godocx read tables and
// w:vMerge but skip, as unsupported, what a paragraph holds besides runs
// and hyperlinks: the text of tracked insertions (w:ins), content controls
// (w:sdt), fields (w:fldSimple) and smart tags is lost, and so are tables
// inside content controls; both read a part whole, without a bound (a zip
// bomb); the first also drops some decoding errors. unioffice is
// commercial and not on the proxy. Reading text out of WordprocessingML
// takes a few hundred lines, here.

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"
)

// A docxTable is one table of a Word document: its rows of cell texts, top
// to bottom, and the text of the paragraphs just above it (a title), if
// any.
//
// A cell's text is its paragraphs joined with "\n", as Word's save as text
// writes them; see readDocx for what else it holds.
type docxTable struct {
	// Title is the text of the non-empty paragraphs between the previous
	// table (or the start of the document) and this one, each trimmed of
	// space, joined with "\n"; "" if there are none.
	Title string
	// Rows are the table's rows; every cell of the grid is there, so the
	// columns line up (see readDocx).
	Rows [][]string
}

// Limits on what readDocx reads, so that a small file cannot make it use
// much memory or time.
const (
	// maxDocumentSize is the largest main document part (decompressed)
	// readDocx reads; a reply table of a thousand proposals is a few MiB.
	maxDocumentSize = 256 << 20
	// maxRelsSize is the largest _rels/.rels it reads.
	maxRelsSize = 1 << 20
	// maxDepth is the deepest nesting of elements it follows (Word nests
	// tables at most 63 deep, each some 5 elements).
	maxDepth = 1000
	// maxColumns is the most grid columns a row covers (Word makes tables
	// of at most 63 columns), and so the largest w:gridSpan, w:gridBefore
	// or w:gridAfter.
	maxColumns = 1000
	// maxCells is the most cells, the empty ones spans add included, of all
	// the tables of a document: some 64 MiB of strings. (A reply table of a
	// thousand proposals has some 100,000.)
	maxCells = 1 << 22
)

// Namespaces of WordprocessingML: the transitional one Word writes, and
// the strict one it can be asked to.
const (
	wordNS       = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	wordStrictNS = "http://purl.oclc.org/ooxml/wordprocessingml/main"
	mathNS       = "http://schemas.openxmlformats.org/officeDocument/2006/math"
	mathStrictNS = "http://purl.oclc.org/ooxml/officeDocument/math"
	compatNS     = "http://schemas.openxmlformats.org/markup-compatibility/2006"
)

// oleSignature starts an OLE compound file: a Word 97–2003 .doc, or a
// .docx saved with a password (which encrypts it into one).
var oleSignature = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// readDocx returns the tables of the .docx in r (size bytes), in document
// order: the body's tables, those inside content controls (w:sdt) and
// custom XML included. A table nested in a cell is not one of them: its
// text is part of the cell's.
//
// A cell's text is what Word shows in it: its paragraphs joined with "\n",
// a paragraph being the text of its runs, hyperlinks, fields' results,
// smart tags, content controls and tracked insertions (w:ins), with
// <w:br/> and <w:cr/> read as "\n" and <w:tab/> as "\t"; tracked deletions
// (w:del, w:moveFrom) are left out, and a paragraph whose mark is deleted
// runs on into the next. Field codes, pictures, text boxes and embedded
// objects are left out too; hidden text (w:vanish) is read like any other.
// The text of a w:t is taken as it is (Word marks those with leading or
// trailing space xml:space="preserve"). The paragraphs of a table nested
// in the cell are lines of the cell's text, in order.
//
// Every row has a cell for each column of the table's grid it covers: a
// cell spanning n columns (w:gridSpan) is followed by n−1 empty cells, and
// the columns a row skips before or after its cells (w:gridBefore,
// w:gridAfter) are empty cells. A cell that continues a vertical merge
// (w:vMerge without w:val="restart", or a legacy w:hMerge continuing a
// horizontal one) is empty, as in the text Word saves: the merged cell's
// text is in its first cell. A row deleted as a tracked change is left out.
//
// The main document part is the one _rels/.rels names, else
// word/document.xml. Errors start with "docx: " and name the part and, for
// an error in its XML, the line. Not read, but an error: a part larger
// than 256 MiB decompressed, elements nested more than 1000 deep, a row of
// more than 1000 columns, tables of more than 4,194,304 cells in all.
func readDocx(r io.ReaderAt, size int64) ([]docxTable, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		head := make([]byte, len(oleSignature))
		if n, _ := r.ReadAt(head, 0); n == len(head) && bytes.Equal(head, oleSignature) {
			return nil, errors.New("docx: an OLE compound file, not a .docx: a Word 97–2003 .doc, or a .docx with a password (save it as .docx without one)")
		}
		return nil, fmt.Errorf("docx: not a .docx (a .docx is a zip file): %w", err)
	}
	name := mainPart(zr)
	f := findFile(zr, name)
	if f == nil {
		return nil, fmt.Errorf("docx: no %s in the zip: not a Word document", name)
	}
	if f.UncompressedSize64 > maxDocumentSize {
		return nil, fmt.Errorf("docx: %s: %d bytes decompressed, more than the %d MiB read", name, f.UncompressedSize64, maxDocumentSize>>20)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("docx: %s: %w", name, err)
	}
	defer rc.Close()
	// archive/zip fails a read past the size the zip declares, checked
	// above; the limit is a second guard.
	p := &docxParser{d: xml.NewDecoder(&limitReader{r: rc, n: maxDocumentSize + 1})}
	if err := p.document(); err != nil {
		return nil, fmt.Errorf("docx: %s: %w", name, err)
	}
	return p.tables, nil
}

// mainPart returns the name of the main document part: the target of the
// package's officeDocument relationship, or word/document.xml if
// _rels/.rels is missing, unreadable or names none.
func mainPart(zr *zip.Reader) string {
	const fallback = "word/document.xml"
	f := findFile(zr, "_rels/.rels")
	if f == nil || f.UncompressedSize64 > maxRelsSize {
		return fallback
	}
	rc, err := f.Open()
	if err != nil {
		return fallback
	}
	defer rc.Close()
	var rels struct {
		Relationship []struct {
			Type       string `xml:",attr"`
			Target     string `xml:",attr"`
			TargetMode string `xml:",attr"`
		}
	}
	if err := xml.NewDecoder(io.LimitReader(rc, maxRelsSize)).Decode(&rels); err != nil {
		return fallback
	}
	for _, rel := range rels.Relationship {
		if strings.HasSuffix(rel.Type, "/officeDocument") && rel.TargetMode != "External" && rel.Target != "" {
			return strings.TrimPrefix(path.Clean("/"+rel.Target), "/")
		}
	}
	return fallback
}

// findFile returns the file of zr named name, or nil: a package's part
// names are not case-sensitive.
func findFile(zr *zip.Reader, name string) *zip.File {
	for _, f := range zr.File {
		if strings.EqualFold(f.Name, name) {
			return f
		}
	}
	return nil
}

// A docxParser reads the tables of a main document part from its XML.
//
// Its reading methods (document aside) each read one element, whose start
// tag has just been read, up to and including its end tag.
type docxParser struct {
	d      *xml.Decoder
	depth  int         // elements open in children
	cells  int         // cells read so far
	title  []string    // the body's paragraphs since the last table
	tables []docxTable // tables read so far
}

// document reads the part: its w:document, whose w:body holds the tables,
// and then the rest of the input, so that a truncated or malformed part is
// an error.
func (p *docxParser) document() error {
	root, err := p.root()
	if err != nil {
		return err
	}
	if !isWord(root.Name, "document") {
		return p.errorf("the root element is <%s>, not a WordprocessingML w:document", localName(root.Name))
	}
	body := false
	err = p.children(func(el xml.StartElement) error {
		if !isWord(el.Name, "body") {
			return p.d.Skip()
		}
		body = true
		return p.children(p.block(p.bodyParagraph, p.bodyTable))
	})
	if err != nil {
		return err
	}
	if !body {
		return p.errorf("w:document has no w:body")
	}
	for {
		if _, err := p.d.Token(); err == io.EOF {
			return nil
		} else if err != nil {
			return p.wrap(err)
		}
	}
}

// root reads the input up to the start of its root element.
func (p *docxParser) root() (xml.StartElement, error) {
	for {
		tok, err := p.d.Token()
		if err == io.EOF {
			return xml.StartElement{}, errors.New("no XML element: the part is empty")
		}
		if err != nil {
			return xml.StartElement{}, p.wrap(err)
		}
		if el, ok := tok.(xml.StartElement); ok {
			return el, nil
		}
	}
}

// bodyParagraph takes a paragraph of the body, outside tables: a line of
// the next table's title.
func (p *docxParser) bodyParagraph(text string, _ bool) {
	if text = strings.TrimSpace(text); text != "" {
		p.title = append(p.title, text)
	}
}

// bodyTable reads a table of the body.
func (p *docxParser) bodyTable() error {
	t := docxTable{Title: strings.Join(p.title, "\n")}
	p.title = p.title[:0]
	var visit func(xml.StartElement) error
	visit = func(el xml.StartElement) error {
		switch {
		case isWord(el.Name, "tr"):
			row, deleted, err := p.row()
			if err != nil || deleted {
				return err
			}
			t.Rows = append(t.Rows, row)
			return nil
		case skipped(el.Name):
			return p.d.Skip()
		case isAlternate(el.Name):
			return p.alternate(visit)
		}
		return p.children(visit) // rows in a content control or custom XML
	}
	if err := p.children(visit); err != nil {
		return err
	}
	p.tables = append(p.tables, t)
	return nil
}

// row reads a w:tr: its cells' texts, as readDocx says, and whether the row
// is deleted as a tracked change.
func (p *docxParser) row() (cells []string, deleted bool, err error) {
	before, after := 0, 0
	var visit func(xml.StartElement) error
	visit = func(el xml.StartElement) error {
		switch {
		case isWord(el.Name, "trPr"):
			return p.children(func(el xml.StartElement) error {
				var err error
				switch {
				case isWord(el.Name, "gridBefore"):
					before, err = p.span(el, 0)
				case isWord(el.Name, "gridAfter"):
					after, err = p.span(el, 0)
				case isWord(el.Name, "del"):
					deleted = true
				}
				if err != nil {
					return err
				}
				return p.d.Skip()
			})
		case isWord(el.Name, "tc"):
			text, span, err := p.cell()
			if err != nil {
				return err
			}
			cells = append(cells, text)
			for range span - 1 {
				cells = append(cells, "")
			}
			return p.count(span, before+len(cells))
		case skipped(el.Name):
			return p.d.Skip()
		case isAlternate(el.Name):
			return p.alternate(visit)
		}
		return p.children(visit) // cells in a content control or custom XML
	}
	if err := p.children(visit); err != nil {
		return nil, false, err
	}
	if before+after > 0 {
		if err := p.count(before+after, before+len(cells)+after); err != nil {
			return nil, false, err
		}
		padded := make([]string, before, before+len(cells)+after)
		padded = append(padded, cells...)
		cells = append(padded, make([]string, after)...)
	}
	return cells, deleted, nil
}

// count adds n cells to those read, failing past maxCells, or if the row
// they are in is now wider than maxColumns.
func (p *docxParser) count(n, width int) error {
	p.cells += n
	switch {
	case width > maxColumns:
		return p.errorf("a table row of more than %d columns", maxColumns)
	case p.cells > maxCells:
		return p.errorf("more than %d table cells", maxCells)
	}
	return nil
}

// cell reads a w:tc: its text, as readDocx says, and how many columns of
// the grid it spans.
func (p *docxParser) cell() (text string, span int, err error) {
	span = 1
	continues := false
	var lines []string
	runOn := false // the last paragraph's mark is deleted
	paragraph := func(text string, markDeleted bool) {
		if runOn && len(lines) > 0 {
			lines[len(lines)-1] += text
		} else {
			lines = append(lines, text)
		}
		runOn = markDeleted
	}
	var nested func() error
	nested = func() error { return p.children(p.block(paragraph, nested)) }
	content := p.block(paragraph, nested)
	err = p.children(func(el xml.StartElement) error {
		if !isWord(el.Name, "tcPr") {
			return content(el)
		}
		return p.children(func(el xml.StartElement) error {
			var err error
			switch {
			case isWord(el.Name, "gridSpan"):
				span, err = p.span(el, 1)
			case isWord(el.Name, "vMerge"):
				continues = attr(el, "val") != "restart"
			case isWord(el.Name, "hMerge"):
				continues = continues || attr(el, "val") != "restart"
			}
			if err != nil {
				return err
			}
			return p.d.Skip()
		})
	})
	if err != nil || continues {
		return "", span, err
	}
	return strings.Join(lines, "\n"), span, nil
}

// span returns the number in the w:val of el, a w:gridSpan, w:gridBefore
// or w:gridAfter: from least to maxColumns.
func (p *docxParser) span(el xml.StartElement, least int) (int, error) {
	v := attr(el, "val")
	n, err := strconv.Atoi(v)
	if err != nil || n < least || n > maxColumns {
		return 0, p.errorf("w:%s w:val=%q: want a number from %d to %d", el.Name.Local, v, least, maxColumns)
	}
	return n, nil
}

// block returns a function that reads an element of block content, as a
// body or a cell holds: it passes the text of a paragraph (w:p) to
// paragraph, with whether its mark is deleted, calls table for a table
// (w:tbl), and looks into content controls, custom XML, tracked insertions
// and the like for more.
func (p *docxParser) block(paragraph func(text string, markDeleted bool), table func() error) func(xml.StartElement) error {
	var visit func(xml.StartElement) error
	visit = func(el xml.StartElement) error {
		switch {
		case isWord(el.Name, "p"):
			text, markDeleted, err := p.paragraph()
			if err != nil {
				return err
			}
			paragraph(text, markDeleted)
			return nil
		case isWord(el.Name, "tbl"):
			return table()
		case skipped(el.Name):
			return p.d.Skip()
		case isAlternate(el.Name):
			return p.alternate(visit)
		}
		return p.children(visit)
	}
	return visit
}

// paragraph reads a w:p: its text, and whether its mark is deleted as a
// tracked change (so that it runs on into the next paragraph).
func (p *docxParser) paragraph() (text string, markDeleted bool, err error) {
	var b strings.Builder
	var visit func(xml.StartElement) error
	visit = func(el xml.StartElement) error {
		if el.Name.Space == mathNS || el.Name.Space == mathStrictNS {
			if el.Name.Local == "t" { // an equation's text
				return p.text(&b)
			}
			return p.children(visit)
		}
		if !isWordNS(el.Name.Space) {
			if isAlternate(el.Name) {
				return p.alternate(visit)
			}
			return p.children(visit)
		}
		switch el.Name.Local {
		case "t":
			return p.text(&b)
		case "tab", "ptab":
			b.WriteByte('\t')
		case "br", "cr":
			b.WriteByte('\n')
		case "noBreakHyphen":
			b.WriteByte('-')
		case "pPr":
			return p.children(func(el xml.StartElement) error {
				if !isWord(el.Name, "rPr") {
					return p.d.Skip()
				}
				return p.children(func(el xml.StartElement) error {
					if isWord(el.Name, "del") || isWord(el.Name, "moveFrom") {
						markDeleted = true
					}
					return p.d.Skip()
				})
			})
		default:
			if skipped(el.Name) {
				return p.d.Skip()
			}
			return p.children(visit) // runs, hyperlinks, fields, smart tags, content controls, insertions
		}
		return p.d.Skip()
	}
	err = p.children(visit)
	return b.String(), markDeleted, err
}

// text reads a w:t (or m:t) and writes its text to b.
func (p *docxParser) text(b *strings.Builder) error {
	for {
		tok, err := p.d.Token()
		if err != nil {
			return p.wrap(err)
		}
		switch t := tok.(type) {
		case xml.CharData:
			b.Write(t)
		case xml.StartElement:
			if err := p.d.Skip(); err != nil {
				return p.wrap(err)
			}
		case xml.EndElement:
			return nil
		}
	}
}

// alternate reads an mc:AlternateContent, whose choices hold the same
// content in different forms: it reads the first (an mc:Choice, or else
// the mc:Fallback) with visit, and skips the others.
func (p *docxParser) alternate(visit func(xml.StartElement) error) error {
	chosen := false
	return p.children(func(el xml.StartElement) error {
		if chosen {
			return p.d.Skip()
		}
		chosen = true
		return p.children(visit)
	})
}

// children reads the content of the element just started, up to its end,
// calling visit for each child element; visit must read the child up to
// its end (with children or p.d.Skip). Character data between elements is
// not text in WordprocessingML, and is skipped.
func (p *docxParser) children(visit func(xml.StartElement) error) error {
	if p.depth >= maxDepth {
		return p.errorf("elements nested more than %d deep", maxDepth)
	}
	p.depth++
	defer func() { p.depth-- }()
	for {
		tok, err := p.d.Token()
		if err != nil {
			return p.wrap(err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if err := visit(t); err != nil {
				return p.wrap(err)
			}
		case xml.EndElement:
			return nil
		}
	}
}

// errorf returns an error about the XML just read, giving its place.
func (p *docxParser) errorf(format string, args ...any) error {
	line, col := p.d.InputPos()
	return &docxError{line: line, col: col, err: fmt.Errorf(format, args...)}
}

// wrap returns err, an error from the decoder or of the XML, as an error
// of the XML: a syntax error says its line itself; a read error (the part
// too large, a broken zip) gets the place it happened.
func (p *docxParser) wrap(err error) error {
	var de *docxError
	var se *xml.SyntaxError
	if errors.As(err, &de) || errors.As(err, &se) {
		return err
	}
	line, col := p.d.InputPos()
	return &docxError{line: line, col: col, err: err}
}

// errTooLarge is the error of a limitReader past its limit.
var errTooLarge = fmt.Errorf("larger than %d MiB decompressed", maxDocumentSize>>20)

// A limitReader reads from r, failing with errTooLarge once it has read n
// bytes: unlike io.LimitReader's end of file, which the XML decoder would
// report as a truncated document.
type limitReader struct {
	r io.Reader
	n int64
}

func (l *limitReader) Read(b []byte) (int, error) {
	if l.n <= 0 {
		return 0, errTooLarge
	}
	if int64(len(b)) > l.n {
		b = b[:l.n]
	}
	n, err := l.r.Read(b)
	l.n -= int64(n)
	return n, err
}

// A docxError is an error in the main document part, at a line and column
// of its XML.
type docxError struct {
	line, col int
	err       error
}

func (e *docxError) Error() string {
	return fmt.Sprintf("line %d, column %d: %v", e.line, e.col, e.err)
}

func (e *docxError) Unwrap() error { return e.err }

// skipped reports whether an element, wherever it is, holds nothing of the
// text: tracked deletions, field codes, properties, pictures, text boxes
// and embedded objects.
func skipped(n xml.Name) bool {
	if !isWordNS(n.Space) {
		return false
	}
	switch n.Local {
	case "del", "moveFrom", "delText", "delInstrText", "instrText",
		"rPr", "pPr", "sectPr", "tblPr", "tblGrid", "trPr", "tcPr", "tblPrEx",
		"sdtPr", "sdtEndPr", "customXmlPr", "smartTagPr", "fldData",
		"drawing", "pict", "object":
		return true
	}
	return false
}

// isWord reports whether n is the WordprocessingML element w:local.
func isWord(n xml.Name, local string) bool {
	return n.Local == local && isWordNS(n.Space)
}

// isWordNS reports whether space is WordprocessingML's namespace.
func isWordNS(space string) bool {
	return space == wordNS || space == wordStrictNS
}

// isAlternate reports whether n is mc:AlternateContent.
func isAlternate(n xml.Name) bool {
	return n.Local == "AlternateContent" && n.Space == compatNS
}

// attr returns the value of el's attribute local in WordprocessingML's
// namespace (w:val), or "".
func attr(el xml.StartElement, local string) string {
	for _, a := range el.Attr {
		if a.Name.Local == local && isWordNS(a.Name.Space) {
			return a.Value
		}
	}
	return ""
}

// localName returns n as it reads in a message: its namespace in braces,
// if it has one, then its local name.
func localName(n xml.Name) string {
	if n.Space == "" {
		return n.Local
	}
	return "{" + n.Space + "}" + n.Local
}
