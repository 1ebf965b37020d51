package record_test

import (
	"reflect"
	"testing"

	"github.com/govreply/precedent/record"
)

func TestParseClass(t *testing.T) {
	tests := []struct {
		in     string
		letter string
		status record.Status
		ok     bool
	}{
		{"A", "A", record.Done, true},
		{"a", "A", record.Done, true},
		{"A类", "A", record.Done, true},
		{"Ａ类", "A", record.Done, true},
		{"A 类", "A", record.Done, true},
		{"A类（已解决或采纳）", "A", record.Done, true},
		{"B类（正在解决或列入计划）", "B", record.InProgress, true},
		{"B类(列入计划)", "B", record.Planned, true},
		{"B", "B", record.InProgress, true},
		{"C类", "C", record.NotAdopted, true},
		{"C类（因条件限制暂不能解决）", "C", record.NotAdopted, true},
		{"D", "D", record.NotAdopted, true},
		{"D类（留作参考）", "D", record.NotAdopted, true},
		{"已解决", "", record.Done, true},
		{"已采纳", "", record.Done, true},
		{"正在解决", "", record.InProgress, true},
		{"正在解决或列入计划", "", record.InProgress, true},
		{"列入计划", "", record.Planned, true},
		{"列入计划解决", "", record.Planned, true},
		{"留作参考", "", record.NotAdopted, true},
		{"因条件限制暂不能解决", "", record.NotAdopted, true},
		{"", "", "", false},
		{"E类", "", "", false},
		{"很好", "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			c, ok := record.ParseClass(tt.in)
			if ok != tt.ok || c.Letter != tt.letter || c.Status != tt.status {
				t.Errorf("ParseClass(%q) = %+v, %v; want {%s %s}, %v", tt.in, c, ok, tt.letter, tt.status, tt.ok)
			}
		})
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		date string
		year int
		err  bool
	}{
		{"2019-06-20", "2019-06-20", 2019, false},
		{"2019/6/20", "2019-06-20", 2019, false},
		{"2019/6/20 10:55:18", "2019-06-20 10:55:18", 2019, false},
		{"2019/6/20 9:05", "2019-06-20 09:05:00", 2019, false},
		{"2019.6.20", "2019-06-20", 2019, false},
		{"2019年6月20日", "2019-06-20", 2019, false},
		{"2019-06-20T10:55:18Z", "2019-06-20 10:55:18", 2019, false},
		{"２０１９－０６－２０", "2019-06-20", 2019, false},
		{"20190620", "2019-06-20", 2019, false},
		{"43636", "2019-06-20", 2019, false},
		{"43636.5", "2019-06-20 12:00:00", 2019, false},
		{" 2019 ", "", 2019, false},
		{"", "", 0, false},
		{"2019/13/45", "", 0, true},
		{"2019-02-30", "", 0, true},
		{"明天", "", 0, true},
		{"12", "", 0, true},
		{"1800-01-01", "", 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			d, y, err := record.ParseDate(tt.in)
			if (err != nil) != tt.err || d != tt.date || y != tt.year {
				t.Errorf("ParseDate(%q) = %q, %d, %v; want %q, %d, error %v", tt.in, d, y, err, tt.date, tt.year, tt.err)
			}
		})
	}
}

func TestDerive(t *testing.T) {
	tests := []struct {
		name string
		p    record.Proposal
		year int
	}{
		{"year given", record.Proposal{ID: "20190720", Year: 2018}, 2018},
		{"from the id", record.Proposal{ID: "20190720"}, 2019},
		{"from the submission date before the id", record.Proposal{ID: "20190720", Submitted: "2018-12-30"}, 2018},
		{"from the reply date", record.Proposal{ID: "第156号", Replied: "2020-05-01"}, 2020},
		{"an id that is no year", record.Proposal{ID: "2549"}, 0},
		{"an id with a year and a separator", record.Proposal{ID: "2019-156"}, 2019},
		{"an id of letters", record.Proposal{ID: "tc20c-fj4-2549"}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.p.Derive()
			if tt.p.Year != tt.year {
				t.Errorf("year %d, want %d", tt.p.Year, tt.year)
			}
		})
	}
}

func TestStatuses(t *testing.T) {
	tests := []struct {
		name  string
		class string
		reply record.Reply
		want  []record.Status
	}{
		{"columns", "", record.Reply{Done: "x", Planned: "y"}, []record.Status{record.Done, record.Planned}},
		{"class A and a letter", "A类", record.Reply{Letter: "函"}, []record.Status{record.Done}},
		{"class D", "D类（留作参考）", record.Reply{Letter: "函"}, []record.Status{record.NotAdopted}},
		{"columns and a class", "B", record.Reply{Done: "x"}, []record.Status{record.Done, record.InProgress}},
		{"a letter alone", "", record.Reply{Letter: "函"}, []record.Status{record.Replied}},
		{"no reply", "", record.Reply{}, []record.Status{record.Unanswered}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := record.Proposal{ID: "1", Class: tt.class, Suggestions: []record.Suggestion{{Text: "t", Reply: tt.reply}}}
			if got := p.Statuses(&p.Suggestions[0]); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestDaysToReply(t *testing.T) {
	tests := []struct {
		submitted, replied string
		days               int
		ok                 bool
	}{
		{"2019-04-25 09:32:09", "2019-05-10 14:56:53", 15, true},
		{"2019-12-31", "2020-01-01", 1, true},
		{"2019-05-10", "2019-05-10", 0, true},
		{"2019-05-10", "2019-05-01", 0, false},
		{"", "2019-05-01", 0, false},
	}
	for _, tt := range tests {
		p := record.Proposal{Submitted: tt.submitted, Replied: tt.replied}
		if d, ok := p.DaysToReply(); d != tt.days || ok != tt.ok {
			t.Errorf("%s → %s: %d, %v; want %d, %v", tt.submitted, tt.replied, d, ok, tt.days, tt.ok)
		}
	}
}

func TestDocID(t *testing.T) {
	p := record.Proposal{ID: "20190720", Suggestions: []record.Suggestion{{No: 1}, {No: 2}}}
	w := record.Proposal{ID: "tc20c-fj4-2549", Suggestions: []record.Suggestion{{No: 0}}}
	if got := record.DocID(&p, &p.Suggestions[1]); got != "20190720-2" {
		t.Errorf("numbered: %q", got)
	}
	if got := record.DocID(&w, &w.Suggestions[0]); got != "tc20c-fj4-2549" || !w.Whole() || p.Whole() {
		t.Errorf("whole: %q, %v %v", got, w.Whole(), p.Whole())
	}
}
