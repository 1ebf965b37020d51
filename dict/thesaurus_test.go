package dict

import (
	"slices"
	"strings"
	"testing"
)

// everydayGroups are the lines of the thesaurus's everyday words of the
// citizens' messages (synonyms.txt): a group of equivalents, or "A => B"
// one way. Their searches on the real messages are tested in search
// (TestThesaurusRealMessages).
var everydayGroups = []string{
	"违建 违章建筑 违法建筑 违法建设 违章搭建 违法搭建 私搭乱建 乱搭乱建",
	"摊贩 小贩 小摊贩 流动摊贩 流动商贩 商贩 游商",
	"摆摊 摆地摊",
	"强拆 强制拆除",
	"拆迁 征拆",
	"采石场 采石厂 釆石场",
	"采砂 采沙 挖沙 挖砂",
	"洗沙 洗砂",
	"渣土车 泥头车",
	"物业费 物管费 物业管理费 物业服务费",
	"房产证 房屋所有权证 不动产权证 不动产权证书 不动产证 产权证",
	"土地证 土地使用证",
	"开发商 房地产开发企业 房地产商 房企",
	"公摊 公摊面积 分摊面积",
	"网签 网上签约",
	"维修基金 专项维修资金 维修资金",
	"房贷 按揭 住房贷款 按揭贷款",
	"安置房 回迁房",
	"棚改 棚户区改造",
	"经适房 经济适用房 经济适用住房",
	"公租房 公共租赁住房",
	"廉租房 廉租住房",
	"消防通道 生命通道 消防车通道",
	"网约车 网络预约出租汽车",
	"网约车 网络预约出租汽车 => 滴滴 滴滴出行",
	"出租车 的士 出租汽车 计程车",
	"的哥 => 出租车司机 的士司机",
	"公交车 公共汽车",
	"公交站 公交车站 公交站台 公交站点",
	"汽车站 客运站",
	"共享单车 共享自行车 互联网租赁自行车",
	"共享单车 共享自行车 => 摩拜 ofo 酷骑 小黄车 哈啰单车 青桔单车 永安行",
	"电动车 电瓶车 电动自行车 电单车",
	"驾照 驾驶证 驾驶执照",
	"车管所 车辆管理所",
	"驾校 驾驶培训学校 驾培",
	"红绿灯 交通信号灯 信号灯",
	"斑马线 人行横道",
	"电子警察 电子眼",
	"违停 违章停车 违法停车 乱停车 乱停乱放 乱停乱靠",
	"黑车 非法营运车辆",
	"年检 年审",
	"车牌 号牌",
	"交通事故 车祸",
	"交警 交通警察",
	"拓宽 扩宽 加宽",
	"停水 断水",
	"停电 断电",
	"燃气 天然气",
	"燃气 煤气",
	"噪音 噪声",
	"臭味 臭气",
	"异味 => 臭味 臭气",
	"垃圾站 垃圾中转站 垃圾转运站",
	"公厕 公共厕所",
	"养猪场 猪场",
	"鞭炮 炮竹 爆竹 烟花爆竹",
	"环保局 生态环境局 环境保护局",
	"欠薪 拖欠工资 欠工资 拖欠薪资",
	"讨薪 讨要工资 => 欠薪 拖欠工资",
	"辞退 解雇",
	"离职 => 辞职",
	"劳动局 => 人社局",
	"社保 社会保险",
	"社保卡 社会保障卡",
	"退休金 养老金 退休工资",
	"失业金 失业保险金",
	"新农合 新型农村合作医疗 农合",
	"城乡居民养老保险 城乡居民基本养老保险 新农保",
	"医药费 医疗费",
	"户口 户籍",
	"户口本 户口簿",
	"暂住证 => 居住证",
	"准生证 生育证 生育服务证",
	"计生 计划生育",
	"独生子女证 独生子女父母光荣证 光荣证",
	"残疾证 残疾人证",
	"幼儿园 幼稚园",
	"教师 老师",
	"学费 学杂费",
	"补习班 辅导班",
	"村医 乡村医生",
	"药店 药房",
	"异地就医 异地医疗 异地看病 异地住院",
	"异地就医 异地医疗 => 异地报销 异地医保",
	"征地 土地征收 征收土地",
	"建档立卡户 建档立卡贫困户",
	"易地搬迁 易地扶贫搬迁 异地搬迁",
	"村委会 村委 村民委员会",
	"村支书 村书记 村党支部书记",
	"村主任 村委会主任",
	"工商局 市场监管局 市场监督管理局",
	"国土局 国土资源局 => 自然资源局",
	"卫计委 卫健委",
	"卫计局 卫健局 卫生健康局",
	"上访 => 信访",
	"城管局 城市管理局",
	"网贷 网络借贷",
	"p2p => 网贷 网络借贷",
	"麻将馆 棋牌室",
	"乱收费 违规收费 违法收费",
	"网吧 网咖",
	"养狗 养犬",
	"夜宵 宵夜",
	"农贸市场 菜市场 菜场",
	"延期交房 逾期交房 延迟交房 推迟交房 交房延期",
	"漏水 渗水",
	"下水道 下水管道 下水管",
	"事业编 事业编制",
	"二胎 二孩 两孩",
	"出生证 出生医学证明 出生证明",
	"落户 上户口",
	"代课教师 代课老师",
	"危房改造 危房改建 危旧房改造",
	"车位 停车位",
	"物业公司 物业管理公司",
	"拆迁款 拆迁补偿款",
	"占道经营 店外经营 出店经营",
	"个体户 个体工商户",
	"入学难 上学难",
	"看病难 就医难",
	"黑诊所 => 非法行医",
	"巴士 => 公交车 公共汽车",
	"泊车 => 停车",
	"街市 => 菜市场 农贸市场",
	"屋苑 屋邨 => 小区",
	"警署 => 派出所",
	"公屋 => 公租房 公共租赁住房",
	"行人路 => 人行道",
	"捷运 => 地铁",
	"脚踏车 => 自行车",
	"煤气罐 液化气罐",
}

// The built-in thesaurus expands each word of each everyday group to the
// others, and each left word of a one-way entry to the right ones and not
// back.
func TestThesaurusEverydayWords(t *testing.T) {
	a := analyzer(t)
	th := a.Thesaurus()
	for _, line := range everydayGroups {
		t.Run(strings.Fields(line)[0], func(t *testing.T) {
			from, to := strings.Fields(line), strings.Fields(line)
			l, r, oneWay := strings.Cut(line, "=>")
			if oneWay {
				from, to = strings.Fields(l), strings.Fields(r)
			}
			for _, f := range from {
				got := th.Expand(a.Fold(f))
				for _, w := range to {
					if w != f && !slices.Contains(got, a.Fold(w)) {
						t.Errorf("Expand(%q) = %q, lacks %q", f, got, w)
					}
				}
			}
			if !oneWay {
				return
			}
			for _, w := range to {
				for _, f := range from {
					if slices.Contains(th.Expand(a.Fold(w)), a.Fold(f)) {
						t.Errorf("Expand(%q) has %q: %q is one way", w, f, line)
					}
				}
			}
		})
	}
}
