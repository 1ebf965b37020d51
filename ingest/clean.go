package ingest

import (
	"bytes"
	"html"
	"regexp"
	"strings"
	"unicode/utf8"
)

// cleanCell returns a cell's text as stored, with what exports leave around
// the text removed and nothing else changed:
//   - line ends normalised to \n, Word's "[bookmark: …]" artifacts removed;
//   - HTML entities decoded (&nbsp; &amp; &#12288; …);
//   - blanks tidied: a run of spaces, tabs or no-break spaces within a line is
//     one space, a line has no blanks at its ends, and more than one blank
//     line in a row is one;
//   - the cell trimmed, full-width spaces at its edges too.
//
// cleanCell(cleanCell(s)) == cleanCell(s), so a stored cell reads back the
// same after export.
func cleanCell(s string) string {
	// Each step may expose what an earlier one removes (an entity that
	// decodes to a line end): a few passes reach the fixed point of real
	// cells; the passes stop as soon as one changes nothing.
	for range 3 {
		t := cleanOnce(s)
		if t == s {
			break
		}
		s = t
	}
	return s
}

func cleanOnce(s string) string {
	if strings.IndexByte(s, '&') >= 0 {
		s = decodeEntities(s)
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = bookmark.ReplaceAllString(s, "")
	if strings.Contains(s, "\r\n") || bookmark.MatchString(s) {
		// Removing some joined up others: "\r\r\n", "\r[bookmark: x]\n",
		// "[bookm[bookmark: x]ark: y]".
		s = dropArtifacts(s)
	}
	s = tidyBlanks(s)
	return strings.TrimFunc(s, isBlank)
}

// bookmark matches the bookmarks Word leaves in exported text.
var bookmark = regexp.MustCompile(`\[bookmark: [^\]]*\]`)

// bookmarkOpen starts a bookmark Word leaves in exported text; the next ']'
// ends it: "[bookmark: _GoBack]".
const bookmarkOpen = "[bookmark: "

// dropArtifacts removes the bookmarks and the CRs before a LF in one pass,
// with those that removing others joins up, so that none is left: in linear
// time, where removing them again and again until none is left could take a
// pass for each CR of "\r\r…\r\n".
func dropArtifacts(s string) string {
	open := []byte(bookmarkOpen)
	out := make([]byte, 0, len(s))
	sealed := 0 // out[:sealed] ends with a kept ']': no bookmark starts in it
	from := 0   // no bookmark starts before out[from:]
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\n':
			for len(out) > 0 && out[len(out)-1] == '\r' {
				out = out[:len(out)-1]
			}
			from = max(sealed, min(from, len(out)-len(open)+1))
		case ']':
			if j := bytes.Index(out[from:], open); j >= 0 {
				out = out[:from+j]
				from = max(sealed, len(out)-len(open)+1)
				continue
			}
			out = append(out, c)
			sealed, from = len(out), len(out)
			continue
		}
		out = append(out, s[i])
	}
	return string(out)
}

// entity is an HTML character reference: &amp; &nbsp; &#12288; &#x3000;.
var entity = regexp.MustCompile(`&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});`)

// decodeEntities decodes the HTML character references of s. One that
// decodes to '&' just before more of a reference stays as it is
// ("&amp;lt;" is the text "&lt;" written in HTML, and decoding it again
// would turn it into "<"); so does one that decodes to a CR, which would
// join a LF after it.
func decodeEntities(s string) string {
	locs := entity.FindAllStringIndex(s, -1)
	if locs == nil {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	last := 0
	for _, l := range locs {
		ref := s[l[0]:l[1]]
		dec := html.UnescapeString(ref)
		// The longest reference is 34 bytes: look no further (a regexp
		// run on the rest of a long cell would cost its length each time).
		if dec == "&" && entityStart.MatchString(s[l[1]:min(len(s), l[1]+34)]) || dec == "\r" {
			dec = ref
		}
		b.WriteString(s[last:l[0]])
		b.WriteString(dec)
		last = l[1]
	}
	b.WriteString(s[last:])
	return b.String()
}

// entityStart matches text that an '&' before it would make a reference.
var entityStart = regexp.MustCompile(`^(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});`)

// isBlank reports whether r is a blank a cell may be padded with.
func isBlank(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\r', '\v', '\f', '\u00a0', '\u3000', '\ufeff':
		return true
	}
	return false
}

// isInlineBlank reports whether r is a blank within a line that tidyBlanks
// folds: the ASCII blanks and the no-break space. Full-width spaces inside a
// line (a paragraph's indent) are text.
func isInlineBlank(r rune) bool {
	return r == ' ' || r == '\t' || r == '\u00a0' || r == '\v' || r == '\f'
}

// tidyBlanks folds each run of inline blanks into one space, drops the
// blanks at either end of each line and the full-width ones at its end, and
// keeps at most one blank line in a row.
func tidyBlanks(s string) string {
	if !needsTidy(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	blankLines := 0
	for i, line := range strings.Split(s, "\n") {
		line = strings.TrimRightFunc(strings.TrimLeftFunc(line, isInlineBlank), func(r rune) bool {
			return isInlineBlank(r) || r == '\u3000'
		})
		if line == "" {
			blankLines++
			if blankLines > 1 {
				continue
			}
		} else {
			blankLines = 0
		}
		if i > 0 {
			b.WriteByte('\n')
		}
		space := false
		for _, r := range line {
			if isInlineBlank(r) {
				space = true
				continue
			}
			if space {
				b.WriteByte(' ')
				space = false
			}
			b.WriteRune(r)
		}
	}
	return b.String()
}

// needsTidy reports whether tidyBlanks would change s: it holds a blank other
// than a single space between two other characters, or two blank lines.
func needsTidy(s string) bool {
	prev := '\n'
	for i, r := range s {
		switch {
		case r == ' ':
			if prev == ' ' || prev == '\n' || i+1 == len(s) || s[i+1] == '\n' {
				return true
			}
		case r == '\n':
			if prev == '\u3000' || prev == ' ' || strings.HasPrefix(s[i+1:], "\n\n") {
				return true
			}
		case isInlineBlank(r):
			return true
		}
		prev = r
	}
	return false
}

// splitList splits a cell listing several names: "市财政局,市医疗保障局",
// "张三、李四".
func splitList(s string) []string {
	var out []string
	for _, d := range strings.FieldsFunc(s, func(r rune) bool {
		return r == ',' || r == '，' || r == '、' || r == ';' || r == '；' || r == '\n'
	}) {
		if d = strings.TrimFunc(d, isBlank); d != "" {
			out = append(out, d)
		}
	}
	return out
}

// firstInvalidUTF8 returns the 1-based line of the first invalid UTF-8 byte
// of data, or 0 when data is valid.
func firstInvalidUTF8(data []byte) int {
	if utf8.Valid(data) {
		return 0
	}
	line := 1
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size == 1 {
			return line
		}
		if data[i] == '\n' {
			line++
		}
		i += size
	}
	return line
}

// short abbreviates s for an error message.
func short(s string) string {
	s = strings.ReplaceAll(s, "\n", " ")
	if r := []rune(s); len(r) > 30 {
		return string(r[:30]) + "…"
	}
	return s
}
