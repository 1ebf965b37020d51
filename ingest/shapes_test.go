package ingest_test

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/govreply/precedent/ingest"
	"github.com/govreply/precedent/record"
)

// realDir is the real platform export the project is judged on; it is not
// in the repository (see ../shared/real/SOURCE.md).
const realDir = "../../shared/real"

// realFile is a file of realDir; the test fails, never skips, when it is
// missing: CI has it.
func realFile(t testing.TB, name string) string {
	t.Helper()
	p := filepath.Join(realDir, name)
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("the real data is missing: %v (tests read ../shared/real beside the repository; see SOURCE.md there)", err)
	}
	return p
}

// The real platform export, read with no mapping: every row a record, the
// headers recognised, the user column kept, years from 留言时间, days to
// reply from 答复时间, cells cleaned of the export's padding.
func TestReadRealPlatformExport(t *testing.T) {
	c, err := ingest.ReadFiles(ingest.Options{}, realFile(t, "附件4.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	src := c.Sources[0]
	if src.Rows != 2816 || len(c.Proposals) != 2816 || c.Suggestions() != 2816 {
		t.Fatalf("%d rows, %d records, %d suggestions; want 2816 each", src.Rows, len(c.Proposals), c.Suggestions())
	}
	want := "留言编号→id, 留言用户→(kept as is), 留言主题→title, 留言时间→submitted, 留言详情→text, 答复意见→letter, 答复时间→replied"
	if got := src.Mapping.String(); got != want {
		t.Errorf("mapping %s\nwant    %s", got, want)
	}
	if src.Mapping.Kind != record.KindMessage {
		t.Errorf("kind %q, want 留言", src.Mapping.Kind)
	}
	var p *record.Proposal
	for i := range c.Proposals {
		if c.Proposals[i].ID == "2549" {
			p = &c.Proposals[i]
		}
	}
	if p == nil {
		t.Fatal("no record 2549")
	}
	s := p.Suggestions[0]
	if p.Kind != "留言" || p.Year != 2019 || p.Submitted != "2019-04-25 09:32:09" || p.Replied != "2019-05-10 14:56:53" ||
		p.Title != "A2区景蓉华苑物业管理有问题" || s.No != 0 || !p.Whole() {
		t.Errorf("record 2549: %+v", p)
	}
	if d, ok := p.DaysToReply(); !ok || d != 15 {
		t.Errorf("days to reply %d, %v; want 15", d, ok)
	}
	if !strings.HasPrefix(s.Text, "2019年4月以来，位于A市A2区桂花坪街道") || strings.ContainsAny(s.Text[:20], "\t\n") {
		t.Errorf("text %q…", s.Text[:60])
	}
	if !strings.HasPrefix(s.Reply.Letter, "现将网友在平台《问政西地省》栏目") {
		t.Errorf("letter %q…", s.Reply.Letter[:60])
	}
	if !reflect.DeepEqual(s.Extra, []record.Field{{Name: "留言用户", Value: "A00045581"}}) {
		t.Errorf("extra %+v", s.Extra)
	}
	years, days, replied := map[int]int{}, 0, 0
	for _, p := range c.Proposals {
		years[p.Year]++
		if _, ok := p.DaysToReply(); ok {
			days++
		}
		if p.Replied != "" {
			replied++
		}
		if st := p.Statuses(&p.Suggestions[0]); !reflect.DeepEqual(st, []record.Status{record.Replied}) {
			t.Fatalf("record %s: statuses %v, want replied", p.ID, st)
		}
	}
	if years[0] != 0 || replied != 2816 || days < 2800 {
		t.Errorf("%d records without a year, %d with a reply date, %d with days to reply", years[0], replied, days)
	}
}

// The messages without replies, with their likes and dislikes kept.
func TestReadRealMessages(t *testing.T) {
	c, err := ingest.ReadFiles(ingest.Options{}, realFile(t, "附件3.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Proposals) != c.Sources[0].Rows || len(c.Proposals) != 4326 {
		t.Fatalf("%d records of %d rows, want 4326", len(c.Proposals), c.Sources[0].Rows)
	}
	if u := c.Sources[0].Mapping.Unmapped(); !reflect.DeepEqual(u, []string{"留言用户", "反对数", "点赞数"}) {
		t.Errorf("kept %q", u)
	}
	for _, p := range c.Proposals {
		if p.Year == 0 || p.Submitted == "" {
			t.Fatalf("record %s: no date: %+v", p.ID, p)
		}
		if st := p.Statuses(&p.Suggestions[0]); !reflect.DeepEqual(st, []record.Status{record.Unanswered}) {
			t.Fatalf("record %s: statuses %v, want unanswered", p.ID, st)
		}
	}
}

// The JSON Lines forms of the real files: flat records whose keys are a
// header, the records' own ids kept.
func TestReadRealJSONL(t *testing.T) {
	files := []string{"teddycup2020c_fj4_replies.jsonl", "teddycup2020c_fj2_labeled_sample.jsonl",
		"teddycup2020c_fj3_messages.jsonl", "teddycup2020c_testset_messages.jsonl"}
	var paths []string
	for _, f := range files {
		paths = append(paths, realFile(t, f))
	}
	c, err := ingest.ReadFiles(ingest.Options{Kind: "留言"}, paths...)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Proposals) != 10148 || len(c.Warnings) != 0 {
		t.Fatalf("%d records, warnings %q; want 10148, none", len(c.Proposals), c.Warnings)
	}
	categories := 0
	for _, p := range c.Proposals {
		if !strings.HasPrefix(p.ID, "tc20c-") || !p.Whole() || p.Kind != "留言" || p.Year == 0 {
			t.Fatalf("record %+v", p)
		}
		if p.Category != "" {
			categories++
		}
	}
	if categories != 494 {
		t.Errorf("%d records with a category, want 494", categories)
	}
}

// A CPPCC office's list, one row a proposal with its letter and result
// class; an NPC office's list; each recognised by its headers.
func TestReadOfficeLists(t *testing.T) {
	cppcc := "\uFEFF年度,提案号,案由,第一提案人,联名提案人,主办单位,会办单位,提案内容,办理结果,答复内容,答复日期,备注\n" +
		"2019,0720,关于发展养老事业的提案,朱文豪,张三、李四,市民政局,市财政局；市卫健委,建议加大投入。,A类（已解决或采纳）,\"经研究，已印发文件。\n　　特此函复。\",2019年6月20日,重点提案\n" +
		"2019,第0721号,关于托幼服务的提案,曾玉芳,,市教育局,,建议建设驿站。,B类（列入计划）,正在推进。,2019/7/1,\n" +
		"2020,0066,关于老年社工的提案,吴兰平,,市民政局,,建议培训社工。,留作参考,感谢建议。,43998,\n"
	src, err := ingest.ParseCSV(strings.NewReader(cppcc), "政协提案.csv", ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []record.Proposal{
		{ID: "20190720", Kind: "提案", Year: 2019, Title: "关于发展养老事业的提案", Proposer: "朱文豪", CoProposers: []string{"张三", "李四"},
			LeadDepartment: "市民政局", CoDepartments: []string{"市财政局", "市卫健委"}, Replied: "2019-06-20", Class: "A类（已解决或采纳）",
			Suggestions: []record.Suggestion{{No: 0, Text: "建议加大投入。", Reply: record.Reply{Letter: "经研究，已印发文件。\n　　特此函复。"},
				Extra: []record.Field{{Name: "备注", Value: "重点提案"}}}}},
		{ID: "20190721", Kind: "提案", Year: 2019, Title: "关于托幼服务的提案", Proposer: "曾玉芳", LeadDepartment: "市教育局",
			Replied: "2019-07-01", Class: "B类（列入计划）",
			Suggestions: []record.Suggestion{{No: 0, Text: "建议建设驿站。", Reply: record.Reply{Letter: "正在推进。"}}}},
		{ID: "20200066", Kind: "提案", Year: 2020, Title: "关于老年社工的提案", Proposer: "吴兰平", LeadDepartment: "市民政局",
			Replied: "2020-06-16", Class: "留作参考",
			Suggestions: []record.Suggestion{{No: 0, Text: "建议培训社工。", Reply: record.Reply{Letter: "感谢建议。"}}}},
	}
	if d := diffProposals(src.Proposals, want); d != "" {
		t.Error(d)
	}
	statuses := []record.Status{record.Done, record.Planned, record.NotAdopted}
	for i, p := range src.Proposals {
		if st := p.Statuses(&p.Suggestions[0]); !reflect.DeepEqual(st, statuses[i:i+1]) {
			t.Errorf("%s: statuses %v, want %v", p.ID, st, statuses[i])
		}
	}

	npc := "建议编号,建议标题,领衔代表,承办单位,建议内容,答复意见,答复时间,办理类别\n" +
		"第156号,关于增设公交线路的建议,王五,市交通运输局,建议增开夜班公交。,已增开两条线路。,2021-05-10,已解决\n" +
		"第157号,关于学位供给的建议,赵六,市教育局,建议新建学校。,列入明年计划。,2021-05-12,列入计划\n"
	src, err = ingest.ParseCSV(strings.NewReader(npc), "人大建议.csv", ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(src.Proposals) != 2 {
		t.Fatalf("%d records", len(src.Proposals))
	}
	p := src.Proposals[0]
	if p.ID != "20210156" || p.Kind != "建议" || p.Year != 2021 || p.Proposer != "王五" || p.Class != "已解决" ||
		p.Statuses(&p.Suggestions[0])[0] != record.Done || src.Proposals[1].Statuses(&src.Proposals[1].Suggestions[0])[0] != record.Planned {
		t.Errorf("NPC record %+v", p)
	}
}

// A mapping given by the user names what the headers do not, and wins over
// them; a column mapped to "-" is kept as it is.
func TestColumnMap(t *testing.T) {
	data := "编号,诉求,处理情况说明,主题\n7,路灯不亮,已维修,照明\n"
	if _, err := ingest.ParseCSV(strings.NewReader(data), "m.csv", ingest.Options{}); err != nil {
		t.Fatalf("without a mapping: %v", err)
	}
	m, err := ingest.ParseColumnMap("诉求=text, 处理情况说明=letter,主题=-")
	if err != nil {
		t.Fatal(err)
	}
	src, err := ingest.ParseCSV(strings.NewReader(data), "m.csv", ingest.Options{Map: m})
	if err != nil {
		t.Fatal(err)
	}
	p := src.Proposals[0]
	if p.Title != "" || p.Suggestions[0].Text != "路灯不亮" || p.Suggestions[0].Reply.Letter != "已维修" ||
		!reflect.DeepEqual(p.Suggestions[0].Extra, []record.Field{{Name: "主题", Value: "照明"}}) {
		t.Errorf("record %+v", p)
	}
	if got := src.Mapping.String(); got != "编号→id, 诉求→text (by -map), 处理情况说明→letter (by -map), 主题→(kept as is)" {
		t.Errorf("mapping %s", got)
	}
	for _, bad := range []string{"诉求", "诉求=nothing", "=text"} {
		if _, err := ingest.ParseColumnMap(bad); err == nil {
			t.Errorf("ParseColumnMap(%q) accepted", bad)
		}
	}
	path := filepath.Join(t.TempDir(), "map.txt")
	if err := os.WriteFile(path, []byte("# 平台导出\n诉求 = 建议内容\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if m, err := ingest.LoadColumnMap(path); err != nil || m["诉求"] != ingest.FieldText {
		t.Errorf("LoadColumnMap: %v, %v", m, err)
	}
}

// Headers are recognised with a prefix naming the kind, a note in
// brackets, full-width letters and spaces.
func TestHeaderNames(t *testing.T) {
	header := "提案标题,建议内容,未能落实（原因）,留言时间,办结日期,Ｔｉｔｌｅ 2,答复单位,会办单位,诉求内容"
	src, err := ingest.ParseCSV(strings.NewReader("id,"+header+"\n1,a,b,c,2019-01-01,2019-01-09,x,d,e,\n"), "h.csv", ingest.Options{})
	if err == nil {
		t.Fatalf("two text columns accepted: %s", src.Mapping)
	}
	header = "id,提案标题,建议内容,未能落实（原因）,留言时间,办结日期,答复单位,会办单位"
	src, err = ingest.ParseCSV(strings.NewReader(header+"\n1,a,b,c,2019-01-01,2019-01-09,x,d\n"), "h.csv", ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := "id→id, 提案标题→title, 建议内容→text, 未能落实（原因）→not_adopted, 留言时间→submitted, 办结日期→replied, 答复单位→lead_department, 会办单位→co_departments"
	if got := src.Mapping.String(); got != want {
		t.Errorf("mapping %s\nwant    %s", got, want)
	}
}

// Every sheet of a workbook whose header is recognised is read; the others
// are named.
func TestReadWorkbookSheets(t *testing.T) {
	data := workbook(t,
		map[int][]string{1: {"填表说明：每行一件提案"}},
		map[int][]string{1: {"2019年提案办理情况"}, 2: {"提案号", "案由", "办理结果"}, 3: {"20190720", "关于养老的提案", "A"}},
		map[int][]string{1: {"建议编号", "建议标题", "办理类别"}, 2: {"第156号", "关于公交的建议", "正在解决"}})
	srcs, err := ingest.ParseXLSX(bytes.NewReader(data), "book.xlsx", ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(srcs) != 2 || srcs[0].Name != "book.xlsx[Sheet2]" || srcs[1].Name != "book.xlsx[Sheet3]" {
		t.Fatalf("sources %v", srcs)
	}
	if len(srcs[0].Skipped) != 1 || !strings.Contains(srcs[0].Skipped[0], `sheet "Sheet1"`) {
		t.Errorf("skipped %q", srcs[0].Skipped)
	}
	if p := srcs[1].Proposals[0]; p.ID != "156" || p.Kind != "建议" || p.Year != 0 {
		t.Errorf("NPC record without a year %+v", p)
	}
	var out bytes.Buffer
	c := &ingest.Collection{}
	for _, s := range srcs {
		c.Add(s)
	}
	c.Describe(&out)
	for _, w := range []string{"book.xlsx[Sheet2]: 1 rows → 1 records", "columns: 提案号→id, 案由→title, 办理结果→class", `skipped sheet "Sheet1"`} {
		if !strings.Contains(out.String(), w) {
			t.Errorf("description lacks %q:\n%s", w, out.String())
		}
	}
}

// The same id twice in a file of whole records is one record of two parts,
// reported; a row repeated exactly is kept once, reported.
func TestRepeatedIDs(t *testing.T) {
	data := "留言编号,留言主题,留言详情\n1,路灯,不亮\n2,噪音,施工\n1,路灯,又坏了\n2,噪音,施工\n"
	src, err := ingest.ParseCSV(strings.NewReader(data), "dup.csv", ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(src.Proposals) != 2 || len(src.Proposals[0].Suggestions) != 2 || !src.Proposals[1].Whole() {
		t.Fatalf("records %+v", src.Proposals)
	}
	if len(src.Warnings) != 2 || !strings.Contains(src.Warnings[0], "dup.csv:4: id 1 again (first on row 2)") ||
		!strings.Contains(src.Warnings[1], "dup.csv:5: the row repeats row 3 exactly; kept once") {
		t.Errorf("warnings %q", src.Warnings)
	}
}

// Records of every shape read back the same from every export format.
func TestRoundTripShapes(t *testing.T) {
	cppcc := "年度,提案号,案由,第一提案人,联名提案人,主办单位,提案内容,办理结果,答复内容,答复日期,提交日期,备注,分类\n" +
		"2019,0999,关于发展养老事业的提案,朱文豪,张三、李四,市民政局,建议加大投入。,A类（已解决或采纳）,已印发文件。,2019-06-20,2019-03-01 09:30,重点,养老\n"
	ps, err := ingest.ParseRecords("c.csv", []byte(cppcc), ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	real, err := ingest.ReadRecords(ingest.Options{}, realFile(t, "附件4.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	ps = append(append(ps, parseSeed(t)...), real[:50]...)
	for _, f := range formats {
		t.Run(f.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := f.write(&buf, ps); err != nil {
				t.Fatal(err)
			}
			got, err := f.parse(&buf, "shapes"+f.ext)
			if err != nil {
				t.Fatal(err)
			}
			if d := diffProposals(got, ps); d != "" {
				t.Error(d)
			}
		})
	}
}
