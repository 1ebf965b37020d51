package ingest

import (
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"unicode"
)

// A Field is a place in the record model a column can fill. Its name is the
// column's English header in exported files.
type Field string

// The fields, in the order of exported files. A record's fields (id …
// category) are given once per record; the others once per suggestion row.
const (
	FieldID             Field = "id"
	FieldKind           Field = "kind"
	FieldYear           Field = "year"
	FieldTitle          Field = "title"
	FieldProposer       Field = "proposer"
	FieldCoProposers    Field = "co_proposers"
	FieldLeadDepartment Field = "lead_department"
	FieldCoDepartments  Field = "co_departments"
	FieldSubmitted      Field = "submitted"
	FieldReplied        Field = "replied"
	FieldClass          Field = "class"
	FieldCategory       Field = "category"
	FieldSuggestionNo   Field = "suggestion_no"
	FieldText           Field = "text"
	FieldDone           Field = "done"
	FieldInProgress     Field = "in_progress"
	FieldPlanned        Field = "planned"
	FieldNotAdopted     Field = "not_adopted"
	FieldLetter         Field = "letter"
)

// Fields lists every field in export order.
var Fields = []Field{FieldID, FieldKind, FieldYear, FieldTitle, FieldProposer, FieldCoProposers,
	FieldLeadDepartment, FieldCoDepartments, FieldSubmitted, FieldReplied, FieldClass, FieldCategory,
	FieldSuggestionNo, FieldText, FieldDone, FieldInProgress, FieldPlanned, FieldNotAdopted, FieldLetter}

// replyColumns are the four columns of the reply form.
var replyColumns = []Field{FieldDone, FieldInProgress, FieldPlanned, FieldNotAdopted}

// fieldNames are the headers each field is recognised by, besides its own
// English name: Chinese and English names and their common variants. A
// header is looked up as written, then without a note in brackets
// (未能落实（原因）), then without the name of the record kind it starts
// with (提案标题, 建议内容, 留言主题).
var fieldNames = map[Field][]string{
	FieldID: {"proposal_id", "编号", "提案编号", "提案号", "案号", "建议编号", "建议号", "议案号", "议案编号",
		"留言编号", "来信编号", "工单号", "工单编号", "件号", "流水号"},
	FieldKind:     {"类型", "文种", "件类", "type"},
	FieldYear:     {"年度", "年份", "年", "提案年度", "届次年度"},
	FieldTitle:    {"标题", "题目", "主题", "案由", "事由", "名称", "subject"},
	FieldProposer: {"提案人", "第一提案人", "领衔人", "领衔代表", "领衔委员", "提出人", "委员", "代表", "提议人", "建议人", "来信人", "反映人", "author"},
	FieldCoProposers: {"联名提案人", "联名人", "联名委员", "联名代表", "附议人", "附议代表", "其他提案人", "共同提案人",
		"co_proposer", "coproposers"},
	FieldLeadDepartment: {"lead", "主办单位", "主办", "主办部门", "承办单位", "承办部门", "办理单位", "答复单位",
		"责任单位", "回复单位", "处理单位", "department"},
	FieldCoDepartments: {"协办单位", "协办", "协办部门", "会办单位", "会办", "会办部门", "分办单位", "配合单位",
		"co_department", "co_lead"},
	FieldSubmitted: {"date", "提交时间", "提交日期", "提出时间", "提出日期", "立案时间", "立案日期", "来信时间",
		"受理时间", "时间", "日期", "submitted_at", "created"},
	FieldReplied: {"reply_date", "答复时间", "答复日期", "办结时间", "办结日期", "回复时间", "回复日期", "办复时间",
		"办复日期", "答复办结时间", "replied_at"},
	FieldClass:        {"result", "办理结果", "办理类别", "答复类别", "结果类别", "办理结果类别", "采纳情况", "落实情况类别", "类别"},
	FieldCategory:     {"topic", "一级分类", "分类", "一级标签", "领域", "主题分类", "内容分类", "问题分类", "类目"},
	FieldSuggestionNo: {"no", "序号", "建议序号", "条目"},
	FieldText: {"suggestion", "content", "body", "建议", "内容", "正文", "详情", "具体内容", "诉求内容", "主要内容",
		"反映内容", "来信内容", "案情", "提案内容", "建议内容", "留言详情", "留言内容", "问题描述"},
	FieldDone:       {"已落实", "已落实情况", "已落实事项"},
	FieldInProgress: {"正在落实", "正在落实情况", "正在落实事项"},
	FieldPlanned:    {"计划落实", "计划落实情况", "计划落实事项"},
	FieldNotAdopted: {"未能落实", "未能落实及原因", "未能落实原因", "未落实", "未能落实事项"},
	FieldLetter: {"reply", "答复", "答复意见", "答复内容", "答复全文", "答复函", "回复", "回复内容", "回复意见",
		"办理答复", "办复意见", "办理情况", "处理结果", "处理意见"},
}

// kindPrefixes are the record kinds a header may start with (提案标题 is a
// 提案's title), in the order they decide the kind of a file whose headers
// name several: a CPPCC table's 提案编号 and 建议内容 hold 提案 with their
// suggestions.
var kindPrefixes = []string{"留言", "来信", "诉求", "提案", "议案", "建议"}

// byName maps a header, folded (foldHeader), to its field.
var byName = func() map[string]Field {
	m := map[string]Field{}
	for _, f := range Fields {
		m[foldHeader(string(f))] = f
		for _, n := range fieldNames[f] {
			if prev, dup := m[foldHeader(n)]; dup && prev != f {
				panic(fmt.Sprintf("ingest: header %q names both %s and %s", n, prev, f))
			}
			m[foldHeader(n)] = f
		}
	}
	return m
}()

// note is a note in brackets at the end of a header: 未能落实（原因）, 日期(年/月/日).
var note = regexp.MustCompile(`\s*[（(【\[][^（()）【】\[\]]*[）)】\]]\s*$`)

// foldHeader is the form headers are compared in: no spaces or
// underscores-vs-dashes differences, lower case, full-width folded.
func foldHeader(h string) string {
	h = strings.TrimPrefix(h, "\uFEFF")
	var b strings.Builder
	for _, r := range h {
		switch {
		case r >= '！' && r <= '～':
			r = r - '！' + '!'
		case r == '\u3000':
			continue
		}
		if unicode.IsSpace(r) || r == '*' || r == '：' || r == ':' {
			continue
		}
		if r == '-' {
			r = '_'
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// lookupHeader finds the field a header names, and the record kind its
// prefix names, if any ("" when it names none).
func lookupHeader(h string) (f Field, kind string, ok bool) {
	k := foldHeader(h)
	try := func(s string) bool {
		f, ok = byName[s]
		return ok
	}
	for _, p := range kindPrefixes {
		if strings.HasPrefix(k, p) && len(k) > len(p) {
			kind = p
			break
		}
	}
	if try(k) {
		return f, kind, true
	}
	base := foldHeader(note.ReplaceAllString(h, ""))
	if base != k && try(base) {
		return f, kind, true
	}
	for _, p := range kindPrefixes {
		if rest, cut := strings.CutPrefix(base, p); cut && rest != "" && try(rest) {
			return f, kind, true
		}
	}
	return "", kind, false
}

// A Column is one column of a source and what it fills.
type Column struct {
	Header string // as the source writes it
	Field  Field  // "" when it maps to nothing: kept as an extra field
	ByFlag bool   // mapped by the user's mapping, not by its name
	Index  int    // its place in the row, 0-based
}

// A Mapping says which field each column of a source fills, and the kind
// of record its headers name.
type Mapping struct {
	Columns []Column
	Kind    string // the kind the headers name (提案编号: 提案), "" when none
	at      map[Field]int
}

// has reports whether a column fills f.
func (m *Mapping) has(f Field) bool {
	_, ok := m.at[f]
	return ok
}

// String is the mapping as the import prints it: 留言主题→title, 留言用户→(kept).
func (m *Mapping) String() string {
	var parts []string
	for _, c := range m.Columns {
		to := string(c.Field)
		if c.Field == "" {
			to = "(kept as is)"
		} else if c.ByFlag {
			to += " (by -map)"
		}
		parts = append(parts, c.Header+"→"+to)
	}
	return strings.Join(parts, ", ")
}

// Unmapped lists the headers that map to nothing.
func (m *Mapping) Unmapped() []string {
	var out []string
	for _, c := range m.Columns {
		if c.Field == "" {
			out = append(out, c.Header)
		}
	}
	return out
}

// textFields are the fields of which a source must have one: something to
// search.
var textFields = []Field{FieldTitle, FieldText, FieldLetter, FieldDone, FieldInProgress, FieldPlanned, FieldNotAdopted}

// ColumnMap is a user's mapping of headers to fields, which wins over the
// names ingest recognises: 留言主题=title. A header mapped to "-" or "" is
// kept as an extra field whatever its name.
type ColumnMap map[string]Field

// ParseColumnMap reads a mapping given as "header=field,header=field"
// (fields by their English names, or by any header that names them).
func ParseColumnMap(spec string) (ColumnMap, error) {
	return parseColumnMap("-map", strings.Split(spec, ","))
}

// LoadColumnMap reads a mapping file: one header=field a line, "#" comments.
func LoadColumnMap(path string) (ColumnMap, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return parseColumnMap(path, strings.Split(string(data), "\n"))
}

func parseColumnMap(name string, items []string) (ColumnMap, error) {
	m := ColumnMap{}
	for i, it := range items {
		it = strings.TrimSpace(it)
		if it == "" || strings.HasPrefix(it, "#") {
			continue
		}
		h, f, ok := strings.Cut(it, "=")
		if !ok {
			return nil, fmt.Errorf("%s: item %d %q: want header=field", name, i+1, it)
		}
		h, f = strings.TrimSpace(h), strings.TrimSpace(f)
		switch {
		case h == "":
			return nil, fmt.Errorf("%s: item %d %q: no header before =", name, i+1, it)
		case f == "-" || f == "":
			m[h] = ""
		case slices.Contains(Fields, Field(f)):
			m[h] = Field(f)
		default:
			if ff, _, ok := lookupHeader(f); ok {
				m[h] = ff
				continue
			}
			return nil, fmt.Errorf("%s: item %d %q: unknown field %q (fields: %s, or - to keep the column as is)", name, i+1, it, f, fieldList())
		}
	}
	return m, nil
}

func fieldList() string {
	s := make([]string, len(Fields))
	for i, f := range Fields {
		s[i] = string(f)
	}
	return strings.Join(s, ", ")
}

// newMapping maps a header row. It fails when two columns fill the same
// field, or when no column holds text to search, naming what it saw and the
// names it knows.
func newMapping(file string, line int, header []string, user ColumnMap) (*Mapping, error) {
	m := &Mapping{at: map[Field]int{}}
	kinds := map[string]bool{}
	for i, h := range header {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\uFEFF"))
		c := Column{Header: h, Index: i}
		if f, ok := user[h]; ok {
			c.Field, c.ByFlag = f, true
		} else if f, kind, ok := lookupHeader(h); ok {
			c.Field = f
			if kind != "" {
				kinds[kind] = true
			}
		} else if kind != "" {
			kinds[kind] = true
		}
		if h == "" && c.Field == "" {
			c.Header = fmt.Sprintf("column %s", columnName(i))
		}
		if c.Field != "" {
			if j, dup := m.at[c.Field]; dup {
				return nil, &ParseError{File: file, Line: line, Field: "header",
					Err: fmt.Errorf("columns %q and %q both name %s (use -map to say which is which)", m.Columns[j].Header, h, c.Field)}
			}
			m.at[c.Field] = len(m.Columns)
		}
		m.Columns = append(m.Columns, c)
	}
	for _, k := range kindPrefixes {
		if kinds[k] {
			m.Kind = k
			break
		}
	}
	hasText := false
	for _, f := range textFields {
		hasText = hasText || m.has(f)
	}
	if !hasText {
		var seen []string
		for _, c := range m.Columns {
			seen = append(seen, c.Header)
		}
		return nil, &ParseError{File: file, Line: line, Field: "header", Err: fmt.Errorf(
			"no column with text to search among %s; known names: title %s; text %s; letter %s (or map one with -map header=field)",
			quoteList(seen), quoteList(fieldNames[FieldTitle]), quoteList(fieldNames[FieldText]), quoteList(fieldNames[FieldLetter]))}
	}
	return m, nil
}

// recognised counts the cells of a row that name a field: a header row has
// at least two, one of them text.
func recognised(row []string, user ColumnMap) (n int, text bool) {
	for _, h := range row {
		h = strings.TrimSpace(h)
		if h == "" {
			continue
		}
		f, ok := user[strings.TrimPrefix(h, "\uFEFF")]
		if !ok {
			f, _, ok = lookupHeader(h)
		}
		if ok && f != "" {
			n++
			text = text || slices.Contains(textFields, f)
		}
	}
	return n, text
}

// isHeader reports whether row reads as a header row.
func isHeader(row []string, user ColumnMap) bool {
	n, text := recognised(row, user)
	return n >= 2 && text
}

func quoteList(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}

// columnName is the spreadsheet name of the 0-based column i: A, B, …, AA.
func columnName(i int) string {
	s := ""
	for i++; i > 0; i = (i - 1) / 26 {
		s = string(rune('A'+(i-1)%26)) + s
	}
	return s
}
