package web

// The shapes index of the API and browser tests: the seed (提案 answered in
// the four columns, no dates) beside a CPPCC office's list (提案 with result
// classes, dates, co-proposers and a category, answered by letter), an NPC
// list (建议) and a platform's messages (留言 with reply letters of several
// paragraphs, columns the import keeps as they are, one unanswered, and one
// whose id holds characters that need escaping in a URL). Made here, read
// by the import as staff's files are.

import (
	"sort"
	"sync"
	"testing"

	"github.com/govreply/precedent/dict"
	"github.com/govreply/precedent/indexer"
	"github.com/govreply/precedent/ingest"
	"github.com/govreply/precedent/record"
)

// shapeFiles are the files of the shapes index besides the seed.
var shapeFiles = []struct{ name, data string }{
	{"cppcc-2021.csv", "年度,提案号,案由,第一提案人,联名提案人,主办单位,协办单位,一级分类,提案内容,办理结果,答复内容,提交日期,答复日期\n" +
		"2021,0001,关于建设社区长者食堂的提案,张三,李明、王芳,市民政局,市财政局,民生保障,建议在各街道建设社区长者食堂，解决老年人就餐难。,A类（已解决或采纳）," +
		"\"张三委员：\n\n您提出的关于建设社区长者食堂的提案收悉。我局已在各街道建成长者食堂二十家。\n\n感谢您对民政工作的关心和支持。\",2021-01-10,2021-03-01\n" +
		"2021,0002,关于发展普惠托育服务的提案,李四,,市卫健委,,民生保障,建议发展普惠托育服务。,B类（列入计划）,普惠托育已列入明年工作计划。,2021-01-12,2021-04-02\n" +
		"2021,0003,关于老旧小区加装电梯的提案,王五,,市住房建设局,,城市建设,建议加快老旧小区加装电梯。,C类（因条件限制暂不能解决）,受资金所限暂不能解决。,2021-01-15,2021-02-14\n" +
		"2021,0004,关于加强养老护理员培训的提案,孙八,周九,市民政局,,民生保障,建议加强养老护理员职业培训。,B类（正在解决）,已开展养老护理员培训三期。,2021-02-01,2021-04-12\n" +
		"2021,0005,关于完善社区卫生服务中心的提案,吴十,,市卫健委,,医疗卫生,建议完善社区卫生服务中心布局。,D类（留作参考）,意见留作今后工作参考。,2021-02-03,2021-03-05\n" +
		"2021,0006,关于提高居家养老服务补贴的提案,郑一,,市民政局,,民生保障,建议提高居家养老服务补贴标准。,已解决,补贴标准已于今年提高。,2021-03-01,2021-05-20\n"},
	{"npc-2021.csv", "建议编号,建议标题,领衔代表,承办单位,建议内容,答复意见,提出日期,答复时间,办理类别\n" +
		"第156号,关于增设夜班公交线路的建议,赵六,市交通运输局,建议增开夜班公交线路。,已增开两条夜班公交线路。,2021-03-08,2021-05-10,已解决\n" +
		"第157号,关于增加中小学学位供给的建议,钱七,市教育局,建议新建中小学增加学位。,新建学校的建议留作参考。,,2021-05-12,留作参考\n"},
	{"messages-2019.csv", "留言编号,留言用户,留言主题,留言时间,留言详情,答复意见,答复时间,点赞数\n" +
		"\"" + escapedID + "\",A000123,小区夜间施工噪音扰民,2019/6/20 10:55:18,工地夜间施工噪音很大，影响居民休息。," +
		"\"网友您好：\n\n经查，该工地未办理夜间施工许可，已责令其停止夜间施工。\n\n感谢您对城市管理工作的关注。\",2019/7/1 09:00:00,12\n" +
		"2550,A000124,小区路灯不亮,2019-06-21 08:00:00,小区门口路灯坏了一个月。,,,3\n" +
		"2551,A000125,共享单车乱停放,2019-03-02 14:20:00,地铁口共享单车乱停放堵塞通道。,\"网友您好：\n关于共享单车乱停放的问题，已责成运营企业清理并增设停放区。\",2019-03-20 10:00:00,40\n" +
		"2552,A000126,公园厕所不足,2019-01-15 09:30:00,公园里厕所太少，节假日排长队。,网友您好：公园将于年内新建公厕两座。,2019-02-01 16:45:00,7\n"},
}

// escapedID is a message's id that holds characters a URL must escape.
const escapedID = "fj4/25 #1?a=1&b=%2F 甲"

var (
	shapesOnce sync.Once
	shapesRecs []record.Proposal
	shapesErr  error
)

// shapesRecords reads the seed and the shape files as the import does.
func shapesRecords(t *testing.T) []record.Proposal {
	t.Helper()
	shapesOnce.Do(func() {
		c := &ingest.Collection{}
		seed, err := ingest.ReadFile("../testdata/000_8b6b214a39f4da34.txt", ingest.Options{})
		if err != nil {
			shapesErr = err
			return
		}
		for _, src := range seed {
			c.Add(src)
		}
		for _, f := range shapeFiles {
			srcs, err := ingest.ParseBytes(f.name, []byte(f.data), ingest.Options{})
			if err != nil {
				shapesErr = err
				return
			}
			for _, src := range srcs {
				c.Add(src)
			}
		}
		shapesRecs = c.Proposals
	})
	if shapesErr != nil {
		t.Fatal(shapesErr)
	}
	return shapesRecs
}

// shapesDataDir indexes the shapes records into a new temporary directory.
func shapesDataDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if _, err := indexer.Build(dir, shapesRecords(t), indexer.BuildOptions{Analyzer: dict.MustDefault()}); err != nil {
		t.Fatal(err)
	}
	return dir
}

// shapesRecord returns the record with the given id.
func shapesRecord(t *testing.T, id string) record.Proposal {
	t.Helper()
	for _, p := range shapesRecords(t) {
		if p.ID == id {
			return p
		}
	}
	t.Fatalf("no record %s among the shapes", id)
	return record.Proposal{}
}

// replyDays is what reply_days should say of records: per lead department,
// the median days to reply over the suggestions of the records that have
// both dates, and how many those are; most first, ties by name.
func replyDays(ps []record.Proposal) []struct {
	Department string
	Median     float64
	Count      int
} {
	by := map[string][]int{}
	for i := range ps {
		d, ok := ps[i].DaysToReply()
		if !ok || ps[i].LeadDepartment == "" {
			continue
		}
		for range ps[i].Suggestions {
			by[ps[i].LeadDepartment] = append(by[ps[i].LeadDepartment], d)
		}
	}
	var out []struct {
		Department string
		Median     float64
		Count      int
	}
	for name, ds := range by {
		sort.Ints(ds)
		m := float64(ds[len(ds)/2])
		if len(ds)%2 == 0 {
			m = float64(ds[len(ds)/2-1]+ds[len(ds)/2]) / 2
		}
		out = append(out, struct {
			Department string
			Median     float64
			Count      int
		}{name, m, len(ds)})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Department < out[j].Department
	})
	return out
}

// TestShapesData guards the test data: each shape is read as meant.
func TestShapesData(t *testing.T) {
	ps := shapesRecords(t)
	kinds := map[string]int{}
	for _, p := range ps {
		kinds[p.Kind]++
	}
	if kinds["提案"] != 18+6 || kinds["建议"] != 2 || kinds["留言"] != 4 || len(kinds) != 3 {
		t.Errorf("kinds %v", kinds)
	}
	p := shapesRecord(t, "20210001")
	if len(p.CoProposers) != 2 || p.Category != "民生保障" || p.Class != "A类（已解决或采纳）" || !p.Whole() || p.Suggestions[0].Reply.Letter == "" {
		t.Errorf("CPPCC record %+v", p)
	}
	if d, ok := p.DaysToReply(); !ok || d != 50 {
		t.Errorf("20210001: %d days to reply", d)
	}
	m := shapesRecord(t, escapedID)
	if m.Kind != "留言" || len(m.Suggestions[0].Extra) != 2 || m.Submitted != "2019-06-20 10:55:18" {
		t.Errorf("message %+v", m)
	}
	if st := shapesRecord(t, "2550"); st.Statuses(&st.Suggestions[0])[0] != record.Unanswered {
		t.Errorf("2550 is not unanswered: %+v", st)
	}
}
