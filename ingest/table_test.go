package ingest_test

import (
	"bytes"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/govreply/precedent/ingest"
	"github.com/govreply/precedent/record"
)

// The expected values below are copied from testdata/000_8b6b214a39f4da34.txt
// by hand, not from the parser's output.

func TestParseTableSeedCounts(t *testing.T) {
	ps := parseSeed(t)
	suggestions := 0
	status := map[record.Status]int{}
	year := map[int]int{}
	for _, p := range ps {
		suggestions += len(p.Suggestions)
		year[p.Year] += len(p.Suggestions)
		for _, s := range p.Suggestions {
			for _, st := range s.Reply.Columns() {
				status[st]++
			}
		}
	}
	tests := []struct {
		name      string
		got, want int
	}{
		{"proposals", len(ps), 18},
		{"suggestions", suggestions, 70},
		{"filled done cells", status[record.Done], 47},
		{"filled in-progress cells", status[record.InProgress], 42},
		{"filled planned cells", status[record.Planned], 11},
		{"filled not-adopted cells", status[record.NotAdopted], 2},
		{"suggestions of 2019", year[2019], 55},
		{"suggestions of 2020", year[2020], 15},
		{"suggestions of other years", suggestions - year[2019] - year[2020], 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %d, want %d", tt.got, tt.want)
			}
		})
	}
}

func TestParseTableSeedProposals(t *testing.T) {
	want := []struct {
		id, title, proposer, lead string
		co                        []string
		suggestions               int
	}{
		{"20190720", "关于大力发展粤港澳大湾区养老事业的若干建议", "朱文豪", "市民政局",
			[]string{"市人力资源和社会保障局", "市财政局", "市医疗保障局"}, 4},
		{"20190842", "关于建立社区养老赋能中心与精准扶持养老商业主体的提案", "常远", "市民政局",
			[]string{"市卫生健康委员会", "深圳市税务局"}, 3},
		{"20190821", "关于先行先试建设社区托幼养老一体化服务驿站的提案", "曾玉芳", "市民政局",
			[]string{"市财政局", "市市场监督管理局", "市妇联", "市卫生健康委员会", "市教育局"}, 4},
		{"20190730", "关于深圳困境儿童救助保护的建议", "潘争艳", "市民政局",
			[]string{"市公安局", "市教育局", "市卫生健康委员会", "市妇联", "团市委", "市委政法委", "市司法局", "市医疗保障局"}, 5},
		{"20190724", "关于加大扶持深圳健康养老产业发展的提案", "刘朝霞", "市民政局",
			[]string{"市人力资源和社会保障局", "市发展和改革委员会", "市总工会"}, 3},
		{"20190680", "关于完善我市社会养老服务体系的建议", "曹国文", "市民政局",
			[]string{"市人力资源和社会保障局", "市医疗保障局", "市卫生健康委员会", "市教育局", "市发展和改革委员会"}, 6},
		{"20190601", "关于激发社会组织活力参与公共服务 供给的提案", "房涛", "市民政局",
			[]string{"深圳市税务局", "市地方金融监督管理局", "市发展和改革委员会", "市住房和建设局", "市委组织部", "市人力资源和社会保障局"}, 3},
		{"20190691", "关于借鉴国外成熟模式，系统开展非营利社区活动的建议", "李沛良", "市民政局",
			[]string{"市文化广电旅游体育局", "市教育局", "市委组织部"}, 3},
		{"20190770", "解决深圳养老饮食健康的提案", "方曼荻", "市民政局",
			[]string{"市卫生健康委员会", "市市场监督管理局"}, 3},
		{"20190803", "关于建立和完善老龄人口城市健康养老服务体系的建议", "王岚", "市民政局",
			[]string{"市卫生健康委员会", "市工业和信息化局", "市人力资源和社会保障局"}, 6},
		{"20190818", "关于倡导绿色养老、创建老人幸福社区的建议", "陈雪芳", "市民政局",
			[]string{"市卫生健康委员会", "共青团深圳市委"}, 2},
		{"20190727", "关于建立养老服务标准化体系，打造深圳民生幸福标杆的提案", "九三学社深圳市委会", "市民政局",
			[]string{"市市场监督管理局", "市人力资源和社会保障局"}, 4},
		{"20190518", "关于成立粤港澳慈善共同体助推大湾区社会治理的提案", "房涛", "市民政局",
			[]string{"市委大湾区办"}, 3},
		{"20200066", "关于大力培养发展老年社工专业队伍，建设粤港澳大湾区示范性老年社工人才培训基地的提案", "吴兰平", "市民政局",
			[]string{"市人力资源和社会保障局"}, 4},
		{"20200060", "关于加强家庭教育主体引导和培训建立家庭教育长效机制的提案", "叶文学", "市民政局",
			[]string{"市教育局", "市妇联"}, 4},
		{"20200046", "关于重点支持我市居家养老服务的建议", "孙亚华", "市民政局",
			[]string{"市教育局", "市人力资源和社会保障局"}, 3},
		{"20200015", "关于加强保障社区“抗新型冠状病毒肺炎疫情”一线工作人员防护装备配置的建议", "孙亚华", "市民政局",
			[]string{"市市场监督管理局", "市委政法委", "市人力资源和社会保障局"}, 4},
		{"20190798", "关于探索多元协同的“居家—社区养老服务平台”创新模式的提案", "民盟深圳市委会", "市民政局",
			[]string{"市卫生健康委员会", "市医疗保障局", "市财政局", "市商务局", "市人力资源和社会保障局"}, 6},
	}
	ps := parseSeed(t)
	if len(ps) != len(want) {
		t.Fatalf("%d proposals, want %d", len(ps), len(want))
	}
	for i, w := range want {
		t.Run(w.id, func(t *testing.T) {
			p := ps[i]
			if p.ID != w.id {
				t.Fatalf("proposal %d is %s, want %s (file order)", i, p.ID, w.id)
			}
			for _, f := range []struct{ name, got, want string }{
				{"title", p.Title, w.title},
				{"proposer", p.Proposer, w.proposer},
				{"lead department", p.LeadDepartment, w.lead},
			} {
				if f.got != f.want {
					t.Errorf("%s = %q, want %q", f.name, f.got, f.want)
				}
			}
			if !reflect.DeepEqual(p.CoDepartments, w.co) {
				t.Errorf("co-departments = %q, want %q", p.CoDepartments, w.co)
			}
			if len(p.Suggestions) != w.suggestions {
				t.Errorf("%d suggestions, want %d", len(p.Suggestions), w.suggestions)
			}
		})
	}
}

// suggestion finds suggestion no of proposal id.
func suggestion(t *testing.T, ps []record.Proposal, id string, no int) record.Suggestion {
	t.Helper()
	for _, p := range ps {
		if p.ID != id {
			continue
		}
		for _, s := range p.Suggestions {
			if s.No == no {
				return s
			}
		}
	}
	t.Fatalf("no suggestion %s", record.SuggestionID(id, no))
	return record.Suggestion{}
}

// column is a cell of a suggestion's row: "text" or a status.
func column(s record.Suggestion, col string) string {
	switch col {
	case "text":
		return s.Text
	case "letter":
		return s.Reply.Letter
	}
	return s.Reply.Column(record.Status(col))
}

func TestParseTableSeedCells(t *testing.T) {
	tests := []struct {
		name string
		id   string
		no   int
		col  string // "text" or a status
		want string
	}{
		{"20190720-1 suggestion", "20190720", 1, "text", "1.加大对养老机构的支持投入。"},
		// Four numbered items with a blank line between them; the source's
		// double space after the first 《…》 is one (cleanCell).
		{"20190720-1 done, four items over seven lines", "20190720", 1, "done", `1.先后制定印发《深圳市人民政府关于加快发展老龄服务事业和产业的意见》 《深圳市公办养老机构建设和运营指引》《深圳市公办养老机构入住评估轮候管理办法（试行）》 《深圳市医养结合试点工作方案》 《深圳市民办养老机构资助办法》等系列政策和配套文件。

2.先后制定印发《关于全面放开养老服务市场提升养老服务质量的若干措施》 《深圳市民办养老机构资助办法》等多项文件。

3.制定印发《深圳市民政局中国银行深圳市分行关于印发<支持深圳市养老服务行业发展专属金融服务方案>的通知》。

4.先后制定印发《深圳市社区居家养老服务实施方案》 《深圳市居家养老消费券定点服务机构管理暂行办法》 《深圳市居家养老消费券管理暂行规定》。`},
		{"20190720-1 in progress empty", "20190720", 1, "in_progress", ""},
		{"20190720-2 suggestion without final stop", "20190720", 2, "text", "2.引进香港成熟的养老机构合作"},
		{"20190720-2 in progress", "20190720", 2, "in_progress", `1.现正积极推动复康会二期养老设施建设工程，为香港长者、内地老人提供安老服务。

2.推进《深圳经济特区养老服务条例》的研究制定。`},
		{"20190720-4 done empty", "20190720", 4, "done", ""},
		{"20190720-4 in progress", "20190720", 4, "in_progress", "1.推动落实《香港澳门台湾居民在内地（大陆）参加社会保险暂行办法》（人力资源社会保障部 国家医疗保障局令第41号）。"},
		{"20190720-4 planned", "20190720", 4, "planned", "1.因港澳地区和内地的医保政策、结算制度及经办服务等方面有较大的差异，对于港澳居民在我省就医费用直接结算报销的问题，需港澳政府部门、境外保险机构提出需求，并与我省相关部门协商，通过签订协议授权等方式探索开展。"},
		{"20190842-2 suggestion", "20190842", 2, "text", "2.鼓励互助养老，提倡身体状况良好的老年人以及年轻人作为志愿者为老人提供服务。"},
		{"20190842-2 done, three items", "20190842", 2, "done", `1.市人大常委会会议通过了《深圳市人民代表大会常务委员会关于构建高水平养老服务体系的决定》，提出要大力推动居家社区机构养老服务协调发展，扶持和发展各类居家养老服务志愿组织，建立养老服务时间银行制度。

2.我市被确定为第四批中央财政支持开展居家和社区养老服务改革试点地区，盐田区申报获批成为我市“时间银行”建设试点，以建立健全为老志愿服务时间记录、储蓄、回馈等激励机制为目标，探索科学健康可持续的“时间银行”模式。

3.为支持盐田区试点建设工作，在中央专项彩票公益金补助资金的基础上，市级福彩公益金按中央专项彩票公益金补助资金的1.5倍给予配套经费。`},
		{"20190842-2 in progress", "20190842", 2, "in_progress", "1.会同市团市委、市红十字会等部门，支持盐田区试点建设工作，总结试点经验，将“时间银行”管理纳入我市志愿服务信息系统，探索推进我市以“时间银行”为载体的互助养老项目。"},
		// The cell starts "[bookmark: _GoBack]1.计划…" in the export.
		{"20190730-1 in progress, bookmark removed", "20190730", 1, "in_progress", `1.计划推动出台《深圳经济特区未成年人保护条例》。

2.健全学生欺凌防控相关机制。

3.完善儿童友好型城市纲领性文件。`},
		{"20190730-1 done", "20190730", 1, "done", "1.建立困境儿童多层次医疗保障体系。"},
		// Two blank lines between the items in the source: one is kept.
		{"20190518-1 done, double blank lines one", "20190518", 1, "done", `1.积极支持协助市科协等单位和行业协会举办涉港澳交流活动近30场次。

2.协调处理国际友城智慧城市论坛等28场次。

3.协助办理其他了一些国际会议和大型活动涉港澳相关事务。`},
		{"20190727-3 in progress, five items", "20190727", 3, "in_progress", `1.完善养老服务设施建设标准和服务质量标准，配合六个层级的服务网络建设，确定养老服务设施布局和建设标准。

2.完善“老有颐养”服务标准规范，编制深圳养老服务系列标准。

3.引导鼓励养老机构参加全国养老服务等级评定，打造一批“星”级养老机构；

4.制定《社区养老服务质量评价技术规范》并将于近期发布。

5.不断提升养老服务机构标准化管理意识和服务能力，探索标准试点，建设一批标准化创新基地试点。`},
		{"20190798-3 suggestion", "20190798", 3, "text", "3.建立养老服务引导基金。"},
		{"20190798-3 not adopted reason", "20190798", 3, "not_adopted", "1.鉴于近年来我市已设立政府投资引导基金和产业发展专项资金等实际情况，为了统筹安排使用政府资金，我市不宜单独设立市养老服务引导基金，拟将养老服务项目纳入政府投资引导基金支持或扶持范围。"},
		{"20190798-4 suggestion", "20190798", 4, "text", "4.实行“服务机构会员制”，落实项目责任主体，探索“社会组织承接企业养老责任”的项目对接机制。"},
		{"20190798-4 not adopted reason", "20190798", 4, "not_adopted", "1.根据《关于印发政府购买服务的实施意见及两个配套文件的通知》（深府办〔2014〕15号）和《政府购买服务管理办法》（财政部令第102号）等有关要求，政府可通过集中采购、市场竞价等方式统筹购买社会组织提供的社会养老服务项目，因此，不能再设立市财政资金专项账户拨付社会组织“额外收入”。今后，我市将继续加大对养老服务业的资金投入力度，满足老年人多样化、多层次需求。"},
		{"20190798-6 in progress", "20190798", 6, "in_progress", "1.鼓励本市技工院校完善场地、设施设备、师资等配置，开设养老服务相关专业或相关课程，被评选为省级重点和特色专业的，按规定予以政策和资金支持。"},
	}
	ps := parseSeed(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := suggestion(t, ps, tt.id, tt.no)
			if got := column(s, tt.col); got != tt.want {
				t.Errorf("%s %s:\ngot  %q\nwant %q", record.SuggestionID(tt.id, tt.no), tt.col, got, tt.want)
			}
		})
	}
}

// Exactly two suggestions were not adopted, both of 20190798, and their
// replies fill no other column.
func TestParseTableSeedNotAdopted(t *testing.T) {
	var got []string
	for _, p := range parseSeed(t) {
		for _, s := range p.Suggestions {
			if s.Reply.NotAdopted != "" {
				got = append(got, record.SuggestionID(p.ID, s.No))
				if st := p.Statuses(&s); !reflect.DeepEqual(st, []record.Status{record.NotAdopted}) {
					t.Errorf("%s: statuses %v, want only not_adopted", record.SuggestionID(p.ID, s.No), st)
				}
			}
		}
	}
	if want := []string{"20190798-3", "20190798-4"}; !reflect.DeepEqual(got, want) {
		t.Errorf("not adopted: %v, want %v", got, want)
	}
}

func TestParseTableSeedStatuses(t *testing.T) {
	tests := []struct {
		id   string
		no   int
		want []record.Status
	}{
		{"20190720", 1, []record.Status{record.Done}},
		{"20190720", 2, []record.Status{record.Done, record.InProgress}},
		{"20190720", 4, []record.Status{record.InProgress, record.Planned}},
		{"20190842", 1, []record.Status{record.Done, record.InProgress}},
		{"20190842", 3, []record.Status{record.Done, record.InProgress}},
		{"20190730", 1, []record.Status{record.Done, record.InProgress}},
		{"20190798", 3, []record.Status{record.NotAdopted}},
		{"20190798", 6, []record.Status{record.Done, record.InProgress, record.Planned}},
	}
	ps := parseSeed(t)
	for _, tt := range tests {
		t.Run(record.SuggestionID(tt.id, tt.no), func(t *testing.T) {
			s := suggestion(t, ps, tt.id, tt.no)
			p := &record.Proposal{}
			if got := p.Statuses(&s); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("statuses %v, want %v", got, tt.want)
			}
		})
	}
}

// No cell keeps a Word bookmark, and the cell that had one keeps its "1."
// numbering.
func TestParseTableSeedBookmarkRemoved(t *testing.T) {
	if !bytes.Contains(readSeed(t), []byte("[bookmark: _GoBack]1.计划推动出台")) {
		t.Fatal("the seed no longer holds the bookmark this test is about")
	}
	ps := parseSeed(t)
	for _, p := range ps {
		cells := []string{p.ID, p.Title, p.Proposer, p.LeadDepartment, strings.Join(p.CoDepartments, ",")}
		for _, s := range p.Suggestions {
			cells = append(cells, s.Text, s.Reply.Done, s.Reply.InProgress, s.Reply.Planned, s.Reply.NotAdopted)
		}
		for _, c := range cells {
			if strings.Contains(c, "bookmark") || strings.Contains(c, "_GoBack") {
				t.Errorf("proposal %s: a cell keeps a bookmark: %q", p.ID, c)
			}
			if c != strings.TrimSpace(c) {
				t.Errorf("proposal %s: cell not trimmed: %q", p.ID, c)
			}
			if strings.Contains(c, "\r") || strings.Contains(c, "\t") {
				t.Errorf("proposal %s: cell keeps a CR or tab: %q", p.ID, c)
			}
		}
	}
	got := suggestion(t, ps, "20190730", 1).Reply.InProgress
	if !strings.HasPrefix(got, "1.计划推动出台《深圳经济特区未成年人保护条例》。") {
		t.Errorf("20190730-1 in progress starts %q, want the \"1.\" item", got[:min(len(got), 40)])
	}
}

// Suggestions are numbered 1..n in file order, and each text starts with
// its own number as the proposer wrote it.
func TestParseTableSeedNumbering(t *testing.T) {
	ps := parseSeed(t)
	checkInvariants(t, ps)
	for _, p := range ps {
		t.Run(p.ID, func(t *testing.T) {
			for i, s := range p.Suggestions {
				if s.No != i+1 {
					t.Errorf("suggestion %d has No %d", i+1, s.No)
				}
				if prefix := strconv.Itoa(s.No) + "."; !strings.HasPrefix(s.Text, prefix) {
					t.Errorf("suggestion %d text %q does not start with %q", s.No, s.Text, prefix)
				}
			}
		})
	}
}

// Line ends, a byte-order mark and the final newline do not change what is
// read.
func TestParseTableSeedVariants(t *testing.T) {
	seed := readSeed(t)
	want := parseSeed(t)
	tests := []struct {
		name string
		data []byte
	}{
		{"CRLF line ends", bytes.ReplaceAll(seed, []byte("\n"), []byte("\r\n"))},
		{"byte-order mark", append([]byte("\uFEFF"), seed...)},
		{"byte-order mark and CRLF", append([]byte("\uFEFF"), bytes.ReplaceAll(seed, []byte("\n"), []byte("\r\n"))...)},
		{"no final newlines", bytes.TrimRight(seed, "\n")},
		{"extra blank lines at the end", append(append([]byte{}, seed...), "\n\n\n"...)},
		{"blank lines before the first cell", append([]byte("\n\n"), seed...)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := records(one(ingest.ParseTable(bytes.NewReader(tt.data), seedName, ingest.Options{})))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Error("records differ from the plain seed's")
			}
		})
	}
}

// Parse, ParseBytes and ReadFile pick the table format for the seed.
func TestParseTableSeedDetect(t *testing.T) {
	want := parseSeed(t)
	seed := readSeed(t)
	f, err := ingest.DetectFormat("seed.txt", seed)
	if err != nil || f != ingest.FormatTable {
		t.Fatalf("DetectFormat(seed.txt) = %q, %v", f, err)
	}
	// Without an extension the leading " \t" of the export decides.
	for _, name := range []string{"seed.txt", "seed"} {
		t.Run(name, func(t *testing.T) {
			got, err := records(ingest.ParseBytes(name, seed, ingest.Options{}))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Error("records differ from ParseTable's")
			}
		})
	}
	got, err := records(ingest.ReadFile(seedPath, ingest.Options{}))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Error("ReadFile records differ from ParseTable's")
	}
}
