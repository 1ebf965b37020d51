package record

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Dates are kept as text in one form, "2019-06-20" or, when the source gives
// the time of day, "2019-06-20 10:55:18": they sort and compare as text, and
// a date exported and imported again reads back the same.
const (
	dateLayout     = "2006-01-02"
	dateTimeLayout = "2006-01-02 15:04:05"
)

// datePattern reads the dates offices write: 2019-06-20, 2019/6/20,
// 2019.6.20, 2019年6月20日, each optionally followed by a time of day
// (10:55, 10:55:18, T10:55:18Z).
var datePattern = regexp.MustCompile(`^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]+(\d{1,2})[:：](\d{2})(?:[:：](\d{2})(?:\.\d+)?)?)?(?:Z|[+-]\d{2}:?\d{2})?$`)

// compactDate is a date written as eight digits: 20190620.
var compactDate = regexp.MustCompile(`^(\d{4})(\d{2})(\d{2})$`)

// serialPattern is a number as a spreadsheet stores a date: days since
// 1899-12-30, with the time of day as the fraction (43636.4550694444).
var serialPattern = regexp.MustCompile(`^\d{1,6}(?:\.\d+)?$`)

// ParseDate reads a date as offices write it (see datePattern), as eight
// digits (20190620), or as a spreadsheet serial number (43636, 43636.455:
// days since 1899-12-30, as Excel counts them), and returns it in the
// model's form. A value that is only a year (2019) is not a date: ParseDate
// then returns that year and no date. An empty value is no date, no error.
func ParseDate(s string) (date string, year int, err error) {
	s = strings.TrimSpace(foldWidth(s))
	if s == "" {
		return "", 0, nil
	}
	if y, err := strconv.Atoi(s); err == nil && ValidYear(y) && len(s) == 4 {
		return "", y, nil
	}
	var y, mo, d, h, mi, sec int
	hasTime := false
	switch m := datePattern.FindStringSubmatch(s); {
	case m != nil:
		y, mo, d = atoi(m[1]), atoi(m[2]), atoi(m[3])
		if m[4] != "" {
			hasTime = true
			h, mi, sec = atoi(m[4]), atoi(m[5]), atoi(m[6])
		}
	case compactDate.MatchString(s):
		m := compactDate.FindStringSubmatch(s)
		y, mo, d = atoi(m[1]), atoi(m[2]), atoi(m[3])
	case serialPattern.MatchString(s):
		return fromSerial(s)
	default:
		return "", 0, fmt.Errorf("%q is not a date (write 2019-06-20 or 2019/6/20 10:55)", s)
	}
	t := time.Date(y, time.Month(mo), d, h, mi, sec, 0, time.UTC)
	if t.Year() != y || int(t.Month()) != mo || t.Day() != d || h > 23 || mi > 59 || sec > 59 {
		return "", 0, fmt.Errorf("%q is not a date: no such day or time", s)
	}
	if !ValidYear(y) {
		return "", 0, fmt.Errorf("%q: the year %d is out of range (%d–%d)", s, y, MinYear, MaxYear)
	}
	if hasTime {
		return t.Format(dateTimeLayout), y, nil
	}
	return t.Format(dateLayout), y, nil
}

// fromSerial reads a spreadsheet serial date. Excel's day 60 is the 29th of
// February 1900, a day that never was; days from 61 on count from
// 1899-12-30, and no record is that old, so earlier serials are refused.
func fromSerial(s string) (string, int, error) {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < 61 {
		return "", 0, fmt.Errorf("%q is not a date", s)
	}
	days := int(f)
	secs := int((f-float64(days))*86400 + 0.5)
	t := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC).AddDate(0, 0, days).Add(time.Duration(secs) * time.Second)
	if !ValidYear(t.Year()) {
		return "", 0, fmt.Errorf("%q read as a spreadsheet date is %s, out of range", s, t.Format(dateLayout))
	}
	if secs > 0 {
		return t.Format(dateTimeLayout), t.Year(), nil
	}
	return t.Format(dateLayout), t.Year(), nil
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// DaysBetween is the number of calendar days from date a to date b (both in
// the model's form), negative when b comes first.
func DaysBetween(a, b string) (int, bool) {
	ta, err1 := time.Parse(dateLayout, Day(a))
	tb, err2 := time.Parse(dateLayout, Day(b))
	if err1 != nil || err2 != nil {
		return 0, false
	}
	return int(tb.Sub(ta).Hours() / 24), true
}

// Day is the date part of a date in the model's form: 2019-06-20.
func Day(d string) string {
	if len(d) > len(dateLayout) {
		return d[:len(dateLayout)]
	}
	return d
}
