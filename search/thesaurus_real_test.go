package search

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/govreply/precedent/dict"
)

// thesaurusCases are the everyday words of dict/data/synonyms.txt, one or
// more for each of its lines: searching query finds a message that has
// other but not query. Each is a direction in which the thesaurus brings
// such a message up (the other way round the query's own messages may be
// all the hits a reader looks at).
var thesaurusCases = []struct{ query, other string }{
	// 违建 / 市容 / 拆迁
	{"私搭乱建", "乱搭乱建"},
	{"违建", "违章建筑"},
	{"私搭乱建", "违章建筑"},
	{"游商", "摊贩"},
	{"摆地摊", "摆摊"},
	{"店外经营", "占道经营"},
	{"强制拆除", "强拆"},
	{"征拆", "拆迁"},
	{"釆石场", "采石场"},
	{"挖砂", "采砂"},
	{"洗砂", "洗沙"},
	{"泥头车", "渣土车"},

	// 住房 / 物业
	{"物管费", "物业费"},
	{"小朋友", "孩子"},
	{"小孩", "孩子"},
	{"孩子", "小孩"},
	{"停车收费", "停车费"},
	{"停车费", "停车收费"},
	{"轨道交通", "地铁"},
	{"地铁", "轨道交通"},
	{"协警", "辅警"},
	{"辅警", "协警"},
	{"老旧小区", "老小区"},
	{"老小区", "旧小区"},
	{"不动产权证书", "房屋所有权证"},
	{"土地证", "土地使用证"},
	{"房企", "开发商"},
	{"公摊", "分摊面积"},
	{"网上签约", "网签"},
	{"专项维修资金", "维修基金"},
	{"按揭", "房贷"},
	{"回迁房", "安置房"},
	{"棚改", "棚户区改造"},
	{"经适房", "经济适用房"},
	{"公共租赁住房", "公租房"},
	{"廉租住房", "廉租房"},
	{"消防通道", "生命通道"},
	{"逾期交房", "延期交房"},
	{"渗水", "漏水"},
	{"车位", "停车位"},
	{"物业管理公司", "物业公司"},
	{"拆迁补偿款", "拆迁款"},
	{"购房补助", "购房补贴"},
	{"地下停车场", "地下车库"},
	{"搭售", "捆绑销售"},

	// 交通
	{"共享单车", "酷骑"},
	{"共享单车", "共享自行车"},
	{"网络预约出租汽车", "网约车"},
	{"网络预约出租汽车", "滴滴出行"}, // the synonyms of a clause whose first word is generic (网络 预约 出租汽车)
	{"网约车", "滴滴"},
	{"计程车", "出租车"},
	{"的哥", "出租车司机"},
	{"公共汽车", "公交车"},
	{"公交站点", "公交站台"},
	{"客运站", "汽车站"},
	{"电单车", "电动车"},
	{"驾照", "驾驶证"},
	{"车管所", "车辆管理所"},
	{"驾驶培训学校", "驾校"},
	{"信号灯", "红绿灯"},
	{"交通灯", "红绿灯"},
	{"人行横道", "斑马线"},
	{"电子眼", "电子警察"},
	{"乱停乱靠", "违章停车"},
	{"黑车", "非法营运车辆"},
	{"年审", "年检"},
	{"号牌", "车牌"},
	{"车祸", "交通事故"},
	{"扩宽", "拓宽"},
	{"交通警察", "交警"},

	// 水电气 / 环境
	{"断水", "停水"},
	{"断电", "停电"},
	{"天然气", "燃气"},
	{"煤气", "燃气"},
	{"噪声", "噪音"},
	{"下水管道", "下水道"},
	{"大气污染", "空气污染"},
	{"液化气罐", "煤气罐"},
	{"臭味", "臭气"},
	{"异味", "臭味"},
	{"垃圾转运站", "垃圾中转站"}, // the same (垃圾 转运站)
	{"公共厕所", "公厕"},
	{"养猪场", "猪场"},
	{"炮竹", "爆竹"},
	{"环境保护局", "环保局"},
	{"暖气", "供暖"},
	{"供暖", "暖气"},

	// 劳动 / 社保
	{"欠工资", "拖欠工资"},
	{"拖欠薪资", "拖欠工资"}, // the same (拖欠 薪资)
	{"讨薪", "欠薪"},
	{"讨薪", "拖欠工资"},
	{"解雇", "辞退"},
	{"离职", "辞职"},
	{"劳动局", "人社局"},
	{"社会保险", "社保"},
	{"社会保障卡", "社保卡"},
	{"退休工资", "养老金"},
	{"失业保险金", "失业金"},
	{"新农合", "农合"},
	{"新农保", "城乡居民养老保险"},
	{"医疗费", "医药费"},
	{"事业编制", "事业编"},

	// 户籍 / 证件 / 计生
	{"户籍", "户口"},
	{"户口簿", "户口本"},
	{"暂住证", "居住证"},
	{"生育证", "准生证"},
	{"计划生育", "计生"},
	{"光荣证", "独生子女证"},
	{"残疾人证", "残疾证"},
	{"车辆行驶证", "行驶证"},
	{"老年证", "老年优待证"},
	{"老年优待证", "老年证"},
	{"工商执照", "营业执照"},
	{"营业执照", "工商执照"},
	{"二孩", "二胎"},
	{"出生医学证明", "出生证"},
	{"上户口", "落户"},
	{"迁户口", "户口迁移"},

	// 教育 / 卫生
	{"异地就医", "异地报销"},
	{"异地就医", "异地医疗"},
	{"幼稚园", "幼儿园"},
	{"教师", "老师"},
	{"学杂费", "学费"},
	{"辅导班", "补习班"},
	{"代课老师", "代课教师"},
	{"村医", "乡村医生"},
	{"药房", "药店"},
	{"医疗纠纷", "医患纠纷"},
	{"医患纠纷", "医疗纠纷"},
	{"上学难", "入学难"},
	{"就医难", "看病难"},
	{"黑诊所", "非法行医"},

	// 农村 / 扶贫
	{"征地", "土地征收"},
	{"建档立卡户", "建档立卡贫困户"},
	{"危房改建", "危房改造"},
	{"异地搬迁", "易地搬迁"},
	{"村委会", "村委"},
	{"村书记", "村支书"},
	{"村委会主任", "村主任"},

	// 部门 / 渠道
	{"市场监管局", "工商局"},
	{"国土局", "自然资源局"},
	{"卫健委", "卫计委"},
	{"卫健局", "卫生健康局"},
	{"上访", "信访"},
	{"网贷", "网络借贷"},
	{"p2p", "网贷"},
	{"城管局", "城市管理局"},

	// 生活
	{"棋牌室", "麻将馆"},
	{"网咖", "网吧"},
	{"违规收费", "乱收费"},
	{"个体工商户", "个体户"},
	{"养犬", "养狗"},
	{"宵夜", "夜宵"},
	{"菜场", "菜市场"},
	{"垃圾箱", "垃圾桶"},
	{"退钱", "退款"},
	{"假货", "伪劣产品"},
	{"网上购物", "网购"},
	{"窨井盖", "井盖"},
	{"加装电梯", "增设电梯"},
	{"快递", "快件"},
	{"快件", "快递"},
	{"健身器材", "健身设施"},
	{"健身设施", "健身器材"},
	{"账户", "帐户"},
	{"帐户", "账户"},
	{"账号", "帐号"},
	{"帐号", "账号"},
	{"账目", "帐目"},
	{"帐目", "账目"},
	{"账单", "帐单"},
	{"帐单", "账单"},
	{"到账", "到帐"},
	{"到帐", "到账"},
	{"欺凌", "霸凌"},
	{"霸凌", "欺凌"},
	{"增设电梯", "安装电梯"},

	// 港澳台 words
	{"巴士", "公交车"},
	{"泊车", "停车"},
	{"街市", "菜市场"},
	{"屋苑", "小区"},
	{"警署", "派出所"},
	{"公屋", "公租房"},
	{"行人路", "人行道"},
	{"捷运", "地铁"},
	{"脚踏车", "自行车"},
	{"综援", "低保"},
	{"楼宇", "楼房"},
	{"泊位", "停车位"},
	{"外佣", "家政"},
	{"差馆", "派出所"},
	{"升降机", "电梯"},
	{"冷气", "空调"},
	{"行人天桥", "人行天桥"},
	{"港铁", "地铁"},
	{"业主立案法团", "业委会"},
	{"僭建", "违建"},
	{"回旋处", "环岛"},
	{"告票", "罚单"},
	{"居屋", "经济适用房"},
	{"垃圾房", "垃圾站"},
	{"健保", "医保"},
	{"警察局", "公安局"},
	{"身分证", "身份证"},
}

// Each everyday word finds a message that says the same thing only in
// another word of its line (私搭乱建 one about 违章建筑, 物管费 one about
// 物业费, 幼稚园 one about 幼儿园) among its first hits: its own messages and
// ten more. The thesaurus is what brings it: without it, such a message
// comes later or not at all. The messages are found in the data: those
// that have the other word and not the query (but as a part of the other
// word: 村医 in 乡村医生).
func TestThesaurusRealMessages(t *testing.T) {
	s := realIndex(t)
	a := dict.MustDefault()
	for _, c := range thesaurusCases {
		t.Run(c.query+"→"+c.other, func(t *testing.T) {
			q, o := a.Fold(c.query), a.Fold(c.other)
			own, want := 0, map[string]bool{}
			for id, text := range real.texts {
				if strings.Contains(text, q) {
					own++
				}
				if !strings.Contains(text, o) {
					continue
				}
				rest := text
				if strings.Contains(o, q) { // 村医 as a part of 乡村医生 does not count
					rest = strings.ReplaceAll(text, o, "")
				}
				if !strings.Contains(rest, q) {
					want[id] = true
				}
			}
			if len(want) == 0 {
				t.Fatalf("no message has %s without %s: the case shows nothing", c.other, c.query)
			}
			top := own + 10
			with, withCount, resp := firstRank(t, s, Request{Query: c.query}, top, want)
			expanded := false
			for _, e := range resp.Expansions {
				expanded = expanded || slices.Contains(e.Synonyms, o)
			}
			if !expanded {
				t.Errorf("%s is not expanded to %s: %+v", c.query, c.other, resp.Expansions)
			}
			if with == 0 {
				var titles []string
				for _, h := range resp.Hits[:min(10, len(resp.Hits))] {
					titles = append(titles, fmt.Sprintf("%s %q", h.ID, h.Title))
				}
				t.Fatalf("none of the %d messages with %s but not %s is in the first %d hits of %s (%d messages hold it; %d hits); the first:\n%s",
					len(want), c.other, c.query, top, c.query, own, resp.Total, strings.Join(titles, "\n"))
			}
			// Without the thesaurus such a message may be found by a part
			// of the query (网约 of 网约车 in 网约平台); the thesaurus must
			// bring one earlier or bring more of them.
			if without, withoutCount, _ := firstRank(t, s, Request{Query: c.query, NoExpand: true}, top, want); without != 0 && without <= with && withoutCount >= withCount {
				t.Errorf("without the thesaurus a message with %s but not %s ranks %d already (%d of them in the first %d), with it %d (%d)", c.other, c.query, without, withoutCount, top, with, withCount)
			}
		})
	}
}

// firstRank is the rank (1-based) of the first of r's first top hits that
// is in want, 0 for none; how many of those top hits are in want; and r's
// first page.
func firstRank(t *testing.T, s *Searcher, r Request, top int, want map[string]bool) (rank, count int, first *Response) {
	t.Helper()
	r.Size, r.NoFacets = MaxSize, true
	for r.Page = 1; (r.Page-1)*MaxSize < top; r.Page++ {
		resp, err := s.Search(context.Background(), r)
		if err != nil {
			t.Fatal(err)
		}
		if first == nil {
			first = resp
		}
		for i, h := range resp.Hits {
			k := (r.Page-1)*MaxSize + i + 1
			if k > top {
				break
			}
			if want[h.ID] {
				count++
				if rank == 0 {
					rank = k
				}
			}
		}
		if len(resp.Hits) < MaxSize {
			break
		}
	}
	return rank, count, first
}
