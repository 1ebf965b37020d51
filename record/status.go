package record

import (
	"regexp"
	"strings"
)

// Status says where a reply leaves a suggestion. The first four are the
// columns of the reply form; the result classes that other offices give a
// whole proposal (A–D, or their words) map onto them (see ParseClass); a
// reply letter without a class is Replied, and no reply at all Unanswered.
type Status string

// The statuses, in the order they are listed.
const (
	Done       Status = "done"        // 已落实; class A 已解决或采纳
	InProgress Status = "in_progress" // 正在落实; class B 正在解决
	Planned    Status = "planned"     // 计划落实; class B 列入计划
	NotAdopted Status = "not_adopted" // 未能落实; classes C 因条件限制暂不能解决 and D 留作参考
	Replied    Status = "replied"     // 已答复: a reply letter without a result class
	Unanswered Status = "unanswered"  // 未答复: no reply
)

// Statuses lists every status in order.
var Statuses = []Status{Done, InProgress, Planned, NotAdopted, Replied, Unanswered}

// ColumnStatuses are the statuses of the four columns of the reply form.
var ColumnStatuses = Statuses[:4]

// Label is the status's name in Chinese.
func (s Status) Label() string {
	switch s {
	case Done:
		return "已落实"
	case InProgress:
		return "正在落实"
	case Planned:
		return "计划落实"
	case NotAdopted:
		return "未能落实"
	case Replied:
		return "已答复"
	case Unanswered:
		return "未答复"
	}
	return string(s)
}

// ParseStatus accepts a status's code or its Chinese label.
func ParseStatus(s string) (Status, bool) {
	s = strings.TrimSpace(s)
	for _, st := range Statuses {
		if s == string(st) || s == st.Label() {
			return st, true
		}
	}
	return "", false
}

// A Class is a result class as CPPCC and NPC offices grade the handling of a
// whole proposal: A 已解决或采纳, B 正在解决或列入计划, C 因条件限制暂不能解决,
// D 留作参考, or the same in words (已解决, 列入计划, 留作参考 …).
type Class struct {
	Letter string // "A"–"D" when the class was given as a letter; "" for words alone
	Status Status // the status it maps to
}

// classLetters maps the class letters to their statuses. B, "being solved or
// planned", is InProgress unless its words say 列入计划.
var classLetters = map[string]Status{"A": Done, "B": InProgress, "C": NotAdopted, "D": NotAdopted}

// classWords map a class's words to statuses, the first match winning: the
// longer and more specific words come before the words they contain.
var classWords = []struct {
	words  []string
	status Status
}{
	{[]string{"正在解决或列入计划"}, InProgress}, // B's own words, before 列入计划
	{[]string{"因条件限制暂不能解决", "暂不能解决", "不能解决", "未能解决", "暂不能采纳", "未采纳", "不予采纳", "未能落实", "暂缓", "不予办理"}, NotAdopted},
	{[]string{"留作参考", "留做参考", "作为参考", "参考"}, NotAdopted},
	{[]string{"列入计划", "计划解决", "计划落实", "逐步解决"}, Planned},
	{[]string{"正在解决", "正在落实", "正在办理", "部分解决", "基本解决"}, InProgress},
	{[]string{"已解决或采纳", "已解决", "已采纳", "采纳", "解决", "已落实", "已办结", "办结"}, Done},
}

// classPattern reads a class given as a letter: "A", "A类", "A 类",
// "A类（已解决或采纳）", "Ａ类" (full-width letters are folded first).
var classPattern = regexp.MustCompile(`^([A-Da-d])\s*类?\s*(?:[（(【\[](.*)[）)】\]])?\s*$`)

// ParseClass reads a result class written as a letter (A, A类, A类（已解决或
// 采纳）) or in words (已解决, 正在解决, 列入计划, 留作参考, 因条件限制暂不能解
// 决 …). A letter decides the class; the words in brackets after it only
// refine B (B类（列入计划） is Planned). ok is false for "" and for text it
// cannot read.
func ParseClass(s string) (c Class, ok bool) {
	s = foldWidth(strings.TrimSpace(s))
	if s == "" {
		return c, false
	}
	if m := classPattern.FindStringSubmatch(s); m != nil {
		c.Letter = strings.ToUpper(m[1])
		c.Status = classLetters[c.Letter]
		if c.Letter == "B" && m[2] != "" {
			if st, ok := classWordStatus(m[2]); ok && (st == Planned || st == InProgress) && !strings.Contains(m[2], "或") {
				c.Status = st
			}
		}
		return c, true
	}
	if st, ok := classWordStatus(s); ok {
		c.Status = st
		return c, true
	}
	return c, false
}

// classWordStatus is the status of a class written in words.
func classWordStatus(s string) (Status, bool) {
	s = strings.TrimSuffix(strings.TrimSpace(s), "类")
	for _, cw := range classWords {
		for _, w := range cw.words {
			if strings.Contains(s, w) {
				return cw.status, true
			}
		}
	}
	return "", false
}

// foldWidth turns full-width ASCII letters, digits and brackets into
// half-width ones: Ａ类 is A类.
func foldWidth(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '！' && r <= '～' && r != '（' && r != '）' {
			return r - '！' + '!'
		}
		if r == '\u3000' {
			return ' '
		}
		return r
	}, s)
}
