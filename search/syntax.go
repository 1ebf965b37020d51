package search

import (
	"strings"
	"unicode"
)

// A Clause is one part of a user's query.
type Clause struct {
	Text    string
	Phrase  bool   // "quoted": the words must stand together, and must match
	Exclude bool   // -word: documents with it are left out
	Field   string // restricts the clause to one field ("" = all text fields)
}

// fieldPrefixes maps the field prefixes users type to index fields.
var fieldPrefixes = map[string]string{
	"title": "title", "标题": "title", "题目": "title",
	"proposer": "proposer", "提案人": "proposer", "代表": "proposer", "委员": "proposer",
	"suggestion": "suggestion", "建议": "suggestion",
	"reply": "reply", "答复": "reply", "办理": "reply",
	"done": "done", "已落实": "done",
	"in_progress": "in_progress", "正在落实": "in_progress",
	"planned": "planned", "计划落实": "planned",
	"not_adopted": "not_adopted", "未能落实": "not_adopted",
	"department": "departments", "部门": "departments", "单位": "departments",
}

// ParseQuery reads the forgiving user syntax: words, "quoted phrases"
// (ASCII or Chinese quotes), -exclusion, and field prefixes such as
// 标题:养老 or proposer:房涛 (full-width colons too). It never fails: an
// unclosed quote runs to the end, an unknown prefix is plain text.
func ParseQuery(s string) []Clause {
	var out []Clause
	rs := []rune(s)
	i := 0
	for i < len(rs) {
		for i < len(rs) && unicode.IsSpace(rs[i]) {
			i++
		}
		if i >= len(rs) {
			break
		}
		var c Clause
		if (rs[i] == '-' || rs[i] == '－') && i+1 < len(rs) && !unicode.IsSpace(rs[i+1]) {
			c.Exclude = true
			i++
		}
		// field prefix: letters up to a colon
		j := i
		for j < len(rs) && !unicode.IsSpace(rs[j]) && rs[j] != ':' && rs[j] != '：' && !isQuote(rs[j]) {
			j++
		}
		if j < len(rs) && j > i && (rs[j] == ':' || rs[j] == '：') {
			if f, ok := fieldPrefixes[strings.ToLower(string(rs[i:j]))]; ok {
				c.Field = f
				i = j + 1
			}
		}
		if i < len(rs) && isQuote(rs[i]) {
			close := closingQuote(rs[i])
			k := i + 1
			for k < len(rs) && rs[k] != close && !(close == '"' && rs[k] == '”') {
				k++
			}
			c.Text = strings.TrimSpace(string(rs[i+1 : k]))
			c.Phrase = true
			i = k + 1
		} else {
			k := i
			for k < len(rs) && !unicode.IsSpace(rs[k]) {
				k++
			}
			c.Text = string(rs[i:k])
			i = k
		}
		if !strings.ContainsFunc(c.Text, typed) {
			continue // punctuation alone
		}
		out = append(out, c)
	}
	return out
}

// typed reports whether r is something typed to be found: a letter, a
// number (2019, ①) or a pictograph (😀, ㊣), not punctuation or an
// operator's sign.
func typed(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.Is(unicode.So, r)
}

func isQuote(r rune) bool {
	return r == '"' || r == '“' || r == '「' || r == '『' || r == '＂'
}

func closingQuote(r rune) rune {
	switch r {
	case '“':
		return '”'
	case '「':
		return '」'
	case '『':
		return '』'
	case '＂':
		return '＂'
	}
	return '"'
}
