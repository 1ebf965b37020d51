package ingest

import (
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/govreply/precedent/record"
)

// A rowReader turns the rows under a header (a CSV file, a sheet, a Word
// table, flat JSON Lines) into records. Rows with the same id are one
// record, each row one of its suggestions; a row without an id continues
// the record above (a proposal's later rows leave its cells empty, as Word
// tables merge them). A record's own cells (title, proposer, dates …) are
// given once: a later row may leave them empty or repeat them, not change
// them.
type rowReader struct {
	name  string // the source in messages: file, file[sheet]
	stem  string // the file's name without extension, for ids made up
	m     *Mapping
	opts  Options
	l     *errList
	table bool // the Word table's fixed columns: ids must look like ids

	recs  map[string]*pending
	order []string
	last  string // raw id of the record the last row belonged to
	rows  int
	warn  []string
}

// pending is a record being read.
type pending struct {
	p        record.Proposal
	line     int            // its first row
	set      map[Field]int  // the row each record cell was first given on
	rows     map[string]int // a row's cells joined → the row, to find repeats
	yearHint int            // a year-only value in a date column
	unitRows []int          // the row of each suggestion
}

func newRowReader(name string, m *Mapping, opts Options) *rowReader {
	stem := strings.TrimSuffix(filepath.Base(name), filepath.Ext(name))
	if i := strings.IndexByte(stem, '['); i > 0 { // file.xlsx[Sheet1]
		stem = stem[:i]
	}
	return &rowReader{name: name, stem: stem, m: m, opts: opts, l: &errList{file: name}, recs: map[string]*pending{}}
}

// cell is the cleaned text of the column mapped to f, "" when none.
func (rr *rowReader) cell(row []string, f Field) string {
	i, ok := rr.m.at[f]
	if !ok {
		return ""
	}
	c := rr.m.Columns[i]
	if c.Index >= len(row) {
		return ""
	}
	return cleanCell(row[c.Index])
}

// where names the column of field f in errors: its header, and for a
// spreadsheet its letter.
func (rr *rowReader) where(f Field) string {
	i, ok := rr.m.at[f]
	if !ok {
		return string(f)
	}
	c := rr.m.Columns[i]
	if c.Header == string(f) {
		return c.Header
	}
	return fmt.Sprintf("%s (%s)", c.Header, f)
}

// add reads one data row; line is its 1-based line or row.
func (rr *rowReader) add(line int, row []string) {
	if rr.l.full() {
		return
	}
	empty := true
	for _, v := range row {
		empty = empty && strings.TrimFunc(v, isBlank) == ""
	}
	if empty {
		return
	}
	if len(row) > len(rr.m.Columns) {
		for _, v := range row[len(rr.m.Columns):] {
			if strings.TrimFunc(v, isBlank) != "" {
				rr.l.add(line, "", "%d cells, the header has %d", len(row), len(rr.m.Columns))
				return
			}
		}
	}
	rr.rows++
	id := rr.cell(row, FieldID)
	continued := false
	switch {
	case !rr.m.has(FieldID):
		id = fmt.Sprintf("%s-%d", rr.stem, line)
	case id == "":
		if rr.last == "" {
			rr.l.add(line, rr.where(FieldID), "empty, and no record above to continue")
			return
		}
		id, continued = rr.last, true
	default:
		if msg := badID(id, rr.table); msg != "" {
			rr.l.add(line, rr.where(FieldID), "%s", msg)
			return
		}
	}
	pr, ok := rr.recs[id]
	if rr.table && !rr.tableRow(line, row, pr, continued) {
		return
	}
	if !ok {
		pr = &pending{p: record.Proposal{ID: id}, line: line, set: map[Field]int{}, rows: map[string]int{}}
		rr.recs[id] = pr
		rr.order = append(rr.order, id)
	}
	rr.last = id
	key := strings.Join(row, "\x00")
	if first, dup := pr.rows[key]; dup {
		rr.warn = append(rr.warn, fmt.Sprintf("%s:%d: the row repeats row %d exactly; kept once", rr.name, line, first))
		return
	}
	pr.rows[key] = line
	if !rr.recordCells(line, row, pr, continued) {
		return
	}
	rr.unit(line, row, pr, ok)
}

// tableRow checks a row of the Word table, where a proposal's cells are
// merged down its suggestions: a later row leaves them empty, and a
// proposal's id starts one run of rows. A title or a name in a row without
// an id, or an id seen before, means a cell is missing or extra in a row
// above. pr is the record of the row's id, nil when new.
func (rr *rowReader) tableRow(line int, row []string, pr *pending, continued bool) bool {
	if continued {
		for _, f := range []Field{FieldTitle, FieldProposer, FieldLeadDepartment, FieldCoDepartments} {
			if v := rr.cell(row, f); v != "" {
				rr.l.add(line, rr.where(FieldID), "the row has a %s (%q) but no id; is a cell missing or extra in the row before?", f, short(v))
				return false
			}
		}
		return true
	}
	if pr != nil {
		rr.l.add(line, rr.where(FieldID), "record %s appears twice in the file (first at line %d)", pr.p.ID, pr.line)
		return false
	}
	return true
}

// recordCells reads a row's record cells into pr; false when one is wrong.
func (rr *rowReader) recordCells(line int, row []string, pr *pending, continued bool) bool {
	p := &pr.p
	good := true
	set := func(f Field, dst *string, v string) {
		if v == "" {
			return
		}
		if *dst != "" && *dst != v {
			if continued {
				rr.l.add(line, rr.where(f), "the row has no id, and its %q differs from %q of record %s above (row %d); is a cell missing or extra in the row before?",
					short(v), short(*dst), p.ID, pr.set[f])
			} else {
				rr.l.add(line, rr.where(f), "record %s: %q differs from %q on row %d", p.ID, short(v), short(*dst), pr.set[f])
			}
			good = false
			return
		}
		if *dst == "" {
			pr.set[f] = line
		}
		*dst = v
	}
	setList := func(f Field, dst *[]string) {
		v := rr.cell(row, f)
		if v == "" {
			return
		}
		cur := strings.Join(*dst, "、")
		set(f, &cur, strings.Join(splitList(v), "、"))
		*dst = splitList(cur)
	}
	set(FieldKind, &p.Kind, record.NormalizeKind(rr.cell(row, FieldKind)))
	if v := rr.cell(row, FieldYear); v != "" {
		y, ok := parseYear(v)
		if !ok {
			rr.l.add(line, rr.where(FieldYear), "%q is not a year", short(v))
			return false
		}
		cur := ""
		if p.Year != 0 {
			cur = strconv.Itoa(p.Year)
		}
		set(FieldYear, &cur, strconv.Itoa(y))
		p.Year, _ = strconv.Atoi(cur)
	}
	set(FieldTitle, &p.Title, rr.cell(row, FieldTitle))
	set(FieldProposer, &p.Proposer, rr.cell(row, FieldProposer))
	setList(FieldCoProposers, &p.CoProposers)
	set(FieldLeadDepartment, &p.LeadDepartment, rr.cell(row, FieldLeadDepartment))
	setList(FieldCoDepartments, &p.CoDepartments)
	for _, f := range []Field{FieldSubmitted, FieldReplied} {
		v := rr.cell(row, f)
		if v == "" {
			continue
		}
		d, y, err := record.ParseDate(v)
		if err != nil {
			rr.l.add(line, rr.where(f), "%v", err)
			good = false
			continue
		}
		if d == "" { // a year alone
			if f == FieldSubmitted {
				pr.yearHint = y
			}
			continue
		}
		if f == FieldSubmitted {
			set(f, &p.Submitted, d)
		} else {
			set(f, &p.Replied, d)
		}
	}
	if v := rr.cell(row, FieldClass); v != "" {
		if _, ok := record.ParseClass(v); !ok {
			rr.l.add(line, rr.where(FieldClass), "%q is not a result class (A–D, A类（已解决或采纳）, or words such as 已解决, 正在解决, 列入计划, 留作参考, 因条件限制暂不能解决)", short(v))
			good = false
		} else {
			set(FieldClass, &p.Class, v)
		}
	}
	set(FieldCategory, &p.Category, rr.cell(row, FieldCategory))
	return good
}

// unit reads a row's suggestion into pr. first says the row began its record.
func (rr *rowReader) unit(line int, row []string, pr *pending, existed bool) {
	p := &pr.p
	s := record.Suggestion{No: len(p.Suggestions) + 1, Text: rr.cell(row, FieldText), Reply: record.Reply{
		Done: rr.cell(row, FieldDone), InProgress: rr.cell(row, FieldInProgress), Planned: rr.cell(row, FieldPlanned),
		NotAdopted: rr.cell(row, FieldNotAdopted), Letter: rr.cell(row, FieldLetter)}}
	for _, c := range rr.m.Columns {
		if c.Field != "" || c.Index >= len(row) {
			continue
		}
		if v := cleanCell(row[c.Index]); v != "" {
			s.Extra = append(s.Extra, record.Field{Name: c.Header, Value: v})
		}
	}
	if v := rr.cell(row, FieldSuggestionNo); v != "" {
		n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(v, "第"), "条"))
		if err != nil || n < 0 {
			rr.l.add(line, rr.where(FieldSuggestionNo), "%q is not a number (1, 2, …; 0 for a record's one text)", short(v))
			return
		}
		s.No = n
	}
	hasReply := s.Reply.Columns() != nil
	switch {
	case s.Text == "" && hasReply:
		rr.l.add(line, rr.where(FieldText), "record %s: a reply without a suggestion; is a cell missing or extra in the row before?", p.ID)
		return
	case s.Text == "" && s.Reply.Empty() && existed:
		if s.Extra != nil {
			rr.l.add(line, rr.where(FieldText), "record %s: the row has no text and no reply, only %s", p.ID, s.Extra[0].Name)
		}
		return // a continuation row with nothing of its own
	case s.Text == "" && s.Reply.Empty() && rr.table:
		rr.l.add(line, rr.where(FieldText), "record %s: the row has no suggestion", p.ID)
		return
	}
	for _, o := range p.Suggestions {
		if o.No == s.No {
			rr.l.add(line, rr.where(FieldSuggestionNo), "record %s has suggestion %d twice", p.ID, s.No)
			return
		}
	}
	if existed && len(p.Suggestions) > 0 && !rr.suggestionRows() {
		rr.warn = append(rr.warn, fmt.Sprintf("%s:%d: id %s again (first on row %d): read as a further part of the same record",
			rr.name, line, p.ID, pr.line))
	}
	p.Suggestions = append(p.Suggestions, s)
	pr.unitRows = append(pr.unitRows, line)
}

// suggestionRows reports whether the source's rows are suggestions of
// proposals (it numbers them, or answers them in the four columns), rather
// than whole records.
func (rr *rowReader) suggestionRows() bool {
	if rr.table || rr.m.has(FieldSuggestionNo) {
		return true
	}
	for _, f := range replyColumns {
		if rr.m.has(f) {
			return true
		}
	}
	return false
}

// result finishes the records: numbering, kind, year, ids; and reports
// every error found.
func (rr *rowReader) result(defaultKind string) ([]record.Proposal, error) {
	out := make([]record.Proposal, 0, len(rr.order))
	final := map[string]string{} // final id → raw id
	docs := map[string]string{}  // document id → record id
	for _, raw := range rr.order {
		pr := rr.recs[raw]
		p := &pr.p
		slices.SortStableFunc(p.Suggestions, func(a, b record.Suggestion) int { return a.No - b.No })
		if len(p.Suggestions) == 1 && !rr.suggestionRows() {
			p.Suggestions[0].No = 0 // one text: the record's own id is its document's
		}
		if p.Kind == "" {
			p.Kind = firstNonEmpty(rr.opts.Kind, rr.m.Kind, defaultKind)
		}
		if p.Year == 0 {
			if y := record.DeriveYear("", p.Submitted, ""); y > 0 {
				p.Year = y
			} else if pr.yearHint > 0 {
				p.Year = pr.yearHint
			}
		}
		p.Derive()
		if p.Kind != record.KindMessage && rr.m.Kind != record.KindMessage {
			p.ID = normalizeID(p.ID, p.Year)
		}
		if other, dup := final[p.ID]; dup {
			rr.l.add(pr.line, rr.where(FieldID), "ids %q and %q are both record %s", other, raw, p.ID)
			continue
		}
		final[p.ID] = raw
		if p.Title == "" && !hasText(p) {
			rr.l.add(pr.line, rr.where(FieldTitle), "record %s has no title and no text", p.ID)
			continue
		}
		if rr.table && p.Title == "" {
			rr.l.add(pr.line, rr.where(FieldTitle), "record %s has no title", p.ID)
			continue
		}
		for i := range p.Suggestions {
			d := record.DocID(p, &p.Suggestions[i])
			if other, dup := docs[d]; dup {
				rr.l.add(pr.line, rr.where(FieldID), "record %s's document %s is also record %s's", p.ID, d, other)
			}
			docs[d] = p.ID
		}
		if p.Submitted != "" && p.Replied != "" {
			if d, ok := record.DaysBetween(p.Submitted, p.Replied); ok && d < 0 {
				rr.warn = append(rr.warn, fmt.Sprintf("%s:%d: record %s was replied to (%s) before it was submitted (%s): no days to reply",
					rr.name, pr.line, p.ID, p.Replied, p.Submitted))
			}
		}
		out = append(out, *p)
	}
	if err := rr.l.err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, &ParseError{File: rr.name, Err: fmt.Errorf("no records: no rows under the header")}
	}
	return out, nil
}

func hasText(p *record.Proposal) bool {
	for _, s := range p.Suggestions {
		if s.Text != "" || !s.Reply.Empty() {
			return true
		}
	}
	return false
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// parseYear reads a year cell: 2019, 2019年, 2019年度.
func parseYear(s string) (int, bool) {
	s = strings.TrimSuffix(strings.TrimSuffix(strings.TrimSpace(foldDigits(s)), "度"), "年")
	y, err := strconv.Atoi(s)
	return y, err == nil && record.ValidYear(y)
}

// numbered is a number as offices write it: 0720, 第0720号, 第156号.
var numbered = regexp.MustCompile(`^第?\s*([0-9]{1,4})\s*号?$`)

// normalizeID writes a proposal's number the way the product's ids are:
// 第0720号 and 0720 of 2019 are 20190720, as the CPPCC's own ids read; an
// id of another form is kept as it is. (A message's number is its id as it
// is: it is not numbered within a year.)
func normalizeID(id string, year int) string {
	m := numbered.FindStringSubmatch(foldDigits(id))
	if m == nil {
		return id
	}
	if year == 0 {
		if m[0] != m[1] { // 第156号 without a year: 156
			return m[1]
		}
		return id
	}
	n, _ := strconv.Atoi(m[1])
	return fmt.Sprintf("%d%04d", year, n)
}

// foldDigits turns full-width digits into ASCII ones.
func foldDigits(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '０' && r <= '９' {
			return r - '０' + '0'
		}
		return r
	}, s)
}

// maxIDRunes bounds an id.
const maxIDRunes = 64

// badID says what is wrong with an id, "" when nothing. In the Word table,
// whose rows have no header to check them, an id must also look like one:
// a digit and at most six Chinese characters (20190720, 第0720号,
// 深政协〔2019〕720号); a title in its place means a cell is missing or extra
// in the row before.
func badID(id string, table bool) string {
	if strings.ContainsAny(id, "\n\r") || utf8.RuneCountInString(id) > maxIDRunes {
		return fmt.Sprintf("%q is not an id (one line, at most %d characters)%s", short(id), maxIDRunes, tableHint(table))
	}
	if table {
		han, digit := 0, false
		for _, r := range id {
			if unicode.Is(unicode.Han, r) {
				han++
			}
			digit = digit || unicode.IsDigit(r)
		}
		if !digit || han > 6 {
			return fmt.Sprintf("%q is not an id (a number such as 20190720 or 第0720号)%s", short(id), tableHint(table))
		}
	}
	return ""
}

func tableHint(table bool) string {
	if table {
		return "; is a cell missing or extra in the row before?"
	}
	return ""
}
