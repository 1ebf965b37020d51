package search

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/govreply/precedent/dict"
	"github.com/govreply/precedent/indexer"
	"github.com/govreply/precedent/ingest"
	"github.com/govreply/precedent/record"
)

// realDir holds the real platform export (not in the repository).
const realDir = "../../shared/real"

// cppccList and npcList are an office's lists, one row a record with a
// reply letter and a result class.
const (
	cppccList = "年度,提案号,案由,第一提案人,主办单位,提案内容,办理结果,答复内容,提交日期,答复日期\n" +
		"2021,0001,关于社区食堂的提案,张三,市民政局,建议建设社区长者食堂。,A类（已解决或采纳）,已建成长者食堂二十家。,2021-01-10,2021-03-01\n" +
		"2021,0002,关于托育服务的提案,李四,市卫健委,建议发展普惠托育。,B类（列入计划）,普惠托育已列入明年计划。,2021-01-12,2021-04-02\n" +
		"2021,0003,关于加装电梯的提案,王五,市民政局,建议老旧小区加装电梯。,C类（因条件限制暂不能解决）,资金所限暂不能解决。,2021-01-15,2021-02-14\n"
	npcList = "建议编号,建议标题,领衔代表,承办单位,建议内容,答复意见,答复时间,办理类别\n" +
		"第156号,关于增设公交线路的建议,赵六,市交通运输局,建议增开夜班公交。,已增开两条夜班线路。,2021-05-10,已解决\n" +
		"第157号,关于学位供给的建议,钱七,市教育局,建议新建学校。,新建学校留作参考。,2021-05-12,留作参考\n"
)

var shapes struct {
	once sync.Once
	s    *Searcher
	real []record.Proposal
	err  error
}

// shapesIndex is an index of the seed, a CPPCC and an NPC list, and the
// first 300 messages of the real platform export: every shape at once.
func shapesIndex(t *testing.T) (*Searcher, []record.Proposal) {
	t.Helper()
	if _, err := os.Stat(filepath.Join(realDir, "附件4.xlsx")); err != nil {
		t.Fatalf("the real data is missing: %v (tests read ../shared/real beside the repository)", err)
	}
	shapes.once.Do(func() {
		c := &ingest.Collection{}
		for _, f := range []struct{ name, data string }{{"cppcc.csv", cppccList}, {"npc.csv", npcList}} {
			srcs, err := ingest.ParseBytes(f.name, []byte(f.data), ingest.Options{})
			if err != nil {
				shapes.err = err
				return
			}
			c.Add(srcs[0])
		}
		real, err := ingest.ReadRecords(ingest.Options{}, filepath.Join(realDir, "附件4.xlsx"))
		if err != nil {
			shapes.err = err
			return
		}
		shapes.real = real[:300]
		ps := append(append(slices.Clone(seed), c.Proposals...), shapes.real...)
		dir, err := os.MkdirTemp("", "search-shapes-")
		if err != nil {
			shapes.err = err
			return
		}
		a := dict.MustDefault()
		if _, err := indexer.Build(dir, ps, indexer.BuildOptions{Analyzer: a, Partitions: 2}); err != nil {
			shapes.err = err
			return
		}
		shapes.s, shapes.err = Open(dir, a)
		if shapes.err == nil {
			shapes.err = shapes.s.Prepared(context.Background())
		}
	})
	if shapes.err != nil {
		t.Fatal(shapes.err)
	}
	return shapes.s, shapes.real
}

func facet(resp *Response, name, value string) int {
	for _, v := range resp.Facets[name] {
		if v.Value == value {
			return v.Count
		}
	}
	return 0
}

// The kind facet counts each shape; the status facet carries the result
// classes of the lists and the replies of the messages.
func TestShapesFacets(t *testing.T) {
	s, _ := shapesIndex(t)
	resp, err := s.Search(context.Background(), Request{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		facet, value string
		want         int
	}{
		{"kind", "提案", 70 + 3}, {"kind", "建议", 2}, {"kind", "留言", 300},
		{"status", "done", 47 + 1 + 1}, {"status", "planned", 11 + 1}, {"status", "not_adopted", 2 + 1 + 1},
		{"status", "replied", 300},
	} {
		if got := facet(resp, c.facet, c.value); got != c.want {
			t.Errorf("%s %s: %d, want %d", c.facet, c.value, got, c.want)
		}
	}
	planned, err := s.Search(context.Background(), Request{Statuses: []record.Status{record.Planned}, Kinds: []string{"提案"}, Years: []int{2021}})
	if err != nil {
		t.Fatal(err)
	}
	if planned.Total != 1 || planned.Hits[0].ID != "20210002" || planned.Hits[0].Class != "B类（列入计划）" || planned.Hits[0].Kind != "提案" {
		t.Errorf("planned 提案 of 2021: %d hits %+v", planned.Total, planned.Hits)
	}
}

// The date range keeps the records submitted (else replied to) in it, and
// sorting by date orders them.
func TestShapesDates(t *testing.T) {
	s, real := shapesIndex(t)
	want := 0
	for _, p := range real {
		if d := record.Day(p.Date()); d >= "2019-01-01" && d <= "2019-03-31" {
			want++
		}
	}
	for _, sortBy := range []Sort{ByDateDesc, ByDateAsc} {
		resp, err := s.Search(context.Background(), Request{DateFrom: "2019-01-01", DateTo: "2019/3/31", Sort: sortBy, Size: 100})
		if err != nil {
			t.Fatal(err)
		}
		if int(resp.Total) != want || want == 0 {
			t.Errorf("%s: %d hits in the first quarter of 2019, want %d", sortBy, resp.Total, want)
		}
		for i := 1; i < len(resp.Hits); i++ {
			a, b := resp.Hits[i-1].Date[:10], resp.Hits[i].Date[:10]
			if (sortBy == ByDateDesc && a < b) || (sortBy == ByDateAsc && a > b) {
				t.Errorf("%s: %s before %s", sortBy, a, b)
			}
		}
	}
	if _, err := s.Search(context.Background(), Request{DateFrom: "2019-13-01"}); err == nil {
		t.Error("a bad date_from is accepted")
	}
	// Records without a date come after the dated ones.
	resp, err := s.Search(context.Background(), Request{Sort: ByDateDesc, Size: 100, Page: 4})
	if err != nil {
		t.Fatal(err)
	}
	if last := resp.Hits[len(resp.Hits)-1]; last.Date != "" || last.Kind != "提案" {
		t.Errorf("the last records by date: %+v", last)
	}
}

// Days to reply: in the record, and their median per lead department over
// a search's matches.
func TestShapesReplyDays(t *testing.T) {
	s, _ := shapesIndex(t)
	resp, err := s.Search(context.Background(), Request{Kinds: []string{"提案", "建议"}})
	if err != nil {
		t.Fatal(err)
	}
	// 市民政局: 50 and 30 days (0001, 0003); 市卫健委: 80 days.
	want := map[string]DepartmentDays{"市民政局": {"市民政局", 40, 2}, "市卫健委": {"市卫健委", 80, 1}}
	if len(resp.ReplyDays) != 2 {
		t.Fatalf("reply days %+v", resp.ReplyDays)
	}
	for _, d := range resp.ReplyDays {
		if d != want[d.Department] {
			t.Errorf("%+v, want %+v", d, want[d.Department])
		}
	}
	p, err := s.Proposal(context.Background(), "20210002")
	if err != nil {
		t.Fatal(err)
	}
	if p.DaysToReply == nil || *p.DaysToReply != 80 || p.Submitted != "2021-01-12" || p.ClassStatus != "planned" {
		t.Errorf("record %+v", p)
	}
}

// A phrase from one reply letter finds that message first, marked in the
// letter; the record shows its kept columns.
func TestShapesLetterPhrase(t *testing.T) {
	s, real := shapesIndex(t)
	p := real[17]
	letter := []rune(p.Suggestions[0].Reply.Letter)
	phrase := string(letter[len(letter)/2 : len(letter)/2+14])
	resp, err := s.Search(context.Background(), Request{Query: `"` + phrase + `"`})
	if err != nil {
		t.Fatal(err)
	}
	if resp.Total == 0 || resp.Hits[0].ID != p.ID {
		t.Fatalf("%q: %d hits, first %v; want %s", phrase, resp.Total, ids(resp), p.ID)
	}
	if frags := resp.Hits[0].Highlights[indexer.FieldLetter]; len(frags) == 0 || !strings.Contains(frags[0], "<mark>") {
		t.Errorf("letter fragments %q", frags)
	}
	rec, err := s.Proposal(context.Background(), p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.Suggestions) != 1 || rec.Suggestions[0].ID != p.ID || len(rec.Suggestions[0].Extra) != 1 || rec.Suggestions[0].Extra[0].Name != "留言用户" {
		t.Errorf("record %+v", rec)
	}
	sim, err := s.Similar(context.Background(), SimilarRequest{ID: p.ID})
	if err != nil || len(sim.Hits) == 0 || slices.Contains(ids(&Response{Hits: sim.Hits}), p.ID) {
		t.Errorf("similar to %s: %+v, %v", p.ID, sim, err)
	}
}

// What the index holds of every shape exports and imports back the same.
func TestShapesExportRoundTrip(t *testing.T) {
	s, _ := shapesIndex(t)
	all, err := s.All(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 18+3+2+300 {
		t.Fatalf("%d records", len(all))
	}
	for _, f := range []struct {
		name  string
		write func(*strings.Builder, []record.Proposal) error
	}{
		{"export.csv", func(b *strings.Builder, ps []record.Proposal) error { return ingest.WriteCSV(b, ps) }},
		{"export.jsonl", func(b *strings.Builder, ps []record.Proposal) error { return ingest.WriteJSONL(b, ps) }},
	} {
		var b strings.Builder
		if err := f.write(&b, all); err != nil {
			t.Fatal(err)
		}
		back, err := ingest.ParseRecords(f.name, []byte(b.String()), ingest.Options{})
		if err != nil {
			t.Fatalf("%s: %v", f.name, err)
		}
		if !slices.EqualFunc(back, all, func(a, b record.Proposal) bool { return equalRecords(a, b) }) {
			for i := range all {
				if !equalRecords(back[i], all[i]) {
					t.Fatalf("%s: record %s differs:\n%+v\n%+v", f.name, all[i].ID, back[i], all[i])
				}
			}
		}
	}
}

func equalRecords(a, b record.Proposal) bool {
	return a.ID == b.ID && a.Kind == b.Kind && a.Year == b.Year && a.Title == b.Title && a.Proposer == b.Proposer &&
		slices.Equal(a.CoProposers, b.CoProposers) && a.LeadDepartment == b.LeadDepartment && slices.Equal(a.CoDepartments, b.CoDepartments) &&
		a.Submitted == b.Submitted && a.Replied == b.Replied && a.Class == b.Class && a.Category == b.Category &&
		slices.EqualFunc(a.Suggestions, b.Suggestions, func(x, y record.Suggestion) bool {
			return x.No == y.No && x.Text == y.Text && x.Reply == y.Reply && slices.Equal(x.Extra, y.Extra)
		})
}
