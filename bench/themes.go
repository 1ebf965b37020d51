package bench

import (
	"sort"
	"strings"
	"unicode/utf8"
)

// A theme is a policy area a generated proposal is about. The seed is about
// elderly care and civil affairs; a real city's proposals over 26 years
// spread over many areas, handled by many departments.
type theme struct {
	Name   string
	Dept   string   // the department that usually leads its proposals
	Field  string   // the area as a modifier: 教育领域, 教育部门
	Agency string   // the national ministry or commission
	Terms  []string // policy compounds of the area
	People []string // whom its policies are for
	// Seed marks the seed's own theme: its proposals keep the seed clauses
	// as they are.
	Seed bool
}

// themes, most frequent first: proposals draw a theme by rank with a
// Zipf-like distribution (themeWeights). Elderly care, the seed's theme, is
// third, about 8% of proposals.
var themes = []theme{
	{Name: "教育", Dept: "市教育局", Field: "教育", Agency: "教育部",
		Terms: []string{"义务教育", "双减", "校外培训", "学前教育", "学位供给", "职业教育", "产教融合", "课后服务",
			"中小学教师队伍", "集团化办学", "高等教育", "特殊教育", "中小学心理健康教育", "教育信息化", "民办教育", "学区划分", "普惠性幼儿园"},
		People: []string{"学生", "中小学生", "家长", "教师", "适龄儿童"}},
	{Name: "医疗卫生", Dept: "市卫生健康委员会", Field: "卫生健康", Agency: "国家卫生健康委",
		Terms: []string{"分级诊疗", "家庭医生", "社康中心", "医联体", "公立医院改革", "基层医疗卫生机构", "优质医疗资源", "预约挂号",
			"慢性病管理", "公共卫生应急", "中医药", "精神卫生", "全科医生", "传染病防控", "急救医疗", "院前急救"},
		People: []string{"患者", "居民", "医务人员", "慢性病患者", "群众"}},
	{Name: "养老服务", Dept: "市民政局", Field: "民政", Agency: "民政部", Seed: true,
		Terms: []string{"养老服务", "居家养老", "社区养老", "居家社区养老服务", "医养结合", "养老机构", "养老护理人才", "智慧养老",
			"长期护理保险", "时间银行", "长者饭堂", "适老化改造", "老年教育", "老年人健康管理", "养老服务标准化", "长者服务中心"},
		People: []string{"老年人", "老人", "长者", "高龄老人", "失能老人"}},
	{Name: "交通", Dept: "市交通运输局", Field: "交通运输", Agency: "交通运输部",
		Terms: []string{"公共交通", "停车难", "轨道交通", "地铁线网", "慢行系统", "交通拥堵治理", "网约车", "共享单车",
			"公交站点", "智能交通", "充电桩", "新能源汽车", "停车设施", "货运物流", "公交优先", "接驳公交"},
		People: []string{"市民", "乘客", "驾驶员", "通勤人员"}},
	{Name: "住房", Dept: "市住房和建设局", Field: "住房建设", Agency: "住房和城乡建设部",
		Terms: []string{"保障性住房", "老旧小区改造", "城中村综合治理", "公共租赁住房", "人才住房", "住房租赁市场", "物业管理", "既有住宅加装电梯",
			"房地产市场", "安居工程", "共有产权住房", "棚户区改造", "建筑工程质量", "住房公积金", "装配式建筑"},
		People: []string{"新市民", "青年人", "业主", "租户", "住户"}},
	{Name: "就业", Dept: "市人力资源和社会保障局", Field: "人力资源", Agency: "人力资源社会保障部",
		Terms: []string{"稳就业", "高校毕业生就业", "职业技能培训", "灵活就业", "创业担保贷款", "就业见习", "劳动权益保障", "欠薪治理",
			"零工市场", "新就业形态", "人力资源市场", "技能人才", "公共就业服务", "和谐劳动关系"},
		People: []string{"高校毕业生", "农民工", "求职者", "劳动者", "灵活就业人员"}},
	{Name: "生态环境", Dept: "市生态环境局", Field: "生态环境", Agency: "生态环境部",
		Terms: []string{"垃圾分类", "大气污染防治", "碳达峰", "碳中和", "噪声污染防治", "生态修复", "固体废物", "环境监测",
			"绿色低碳", "生活垃圾减量", "臭氧污染", "土壤污染防治", "生物多样性保护", "环境执法", "无废城市"},
		People: []string{"居民", "企业", "市民", "环保志愿者"}},
	{Name: "营商环境", Dept: "市发展和改革委员会", Field: "发展改革", Agency: "国家发展改革委",
		Terms: []string{"营商环境", "民营经济", "中小微企业", "减税降费", "融资难", "专精特新", "招商引资", "市场准入",
			"涉企收费", "公平竞争审查", "信用体系建设", "总部经济", "政府投资项目", "重大项目"},
		People: []string{"企业", "中小企业", "市场主体", "个体工商户", "民营企业家"}},
	{Name: "城市管理", Dept: "市城市管理和综合执法局", Field: "城市管理", Agency: "住房和城乡建设部",
		Terms: []string{"市容环境", "占道经营", "违法建筑", "城市绿化", "公园建设", "燃气安全", "环卫保洁", "公共厕所",
			"户外广告", "城市照明", "口袋公园", "绿道建设", "城市精细化管理", "综合执法"},
		People: []string{"市民", "商户", "居民", "环卫工人"}},
	{Name: "文化旅游", Dept: "市文化广电旅游体育局", Field: "文化旅游", Agency: "文化和旅游部",
		Terms: []string{"非物质文化遗产", "全域旅游", "公共文化服务", "文旅融合", "夜间经济", "文物保护", "历史文化街区", "博物馆",
			"全民阅读", "公共图书馆", "红色旅游", "文化创意产业", "全民健身", "体育场馆", "群众体育"},
		People: []string{"游客", "市民", "文艺工作者", "青少年"}},
	{Name: "社会保险", Dept: "市人力资源和社会保障局", Field: "社会保险", Agency: "人力资源社会保障部",
		Terms: []string{"基本养老保险", "企业年金", "工伤保险", "失业保险", "社保转移接续", "社会保险费征缴", "参保扩面", "个人养老金",
			"社保卡应用", "社保经办服务", "被征地农民社会保障", "社会保险待遇"},
		People: []string{"参保人", "退休人员", "灵活就业人员", "外来务工人员"}},
	{Name: "儿童与家庭", Dept: "市妇联", Field: "妇女儿童", Agency: "全国妇联",
		Terms: []string{"困境儿童", "留守儿童", "未成年人保护", "托育服务", "婴幼儿照护", "儿童友好城市", "家庭教育", "妇女权益保障",
			"儿童之家", "普惠托育", "反家庭暴力", "生育支持", "儿童青少年近视防控"},
		People: []string{"儿童", "未成年人", "婴幼儿", "妇女", "家长"}},
	{Name: "公共安全", Dept: "市公安局", Field: "公安", Agency: "公安部",
		Terms: []string{"电信网络诈骗", "社会治安", "扫黑除恶", "道路交通安全", "禁毒", "视频监控", "群防群治", "平安建设",
			"反诈宣传", "户籍管理", "电动自行车管理", "治安防控体系"},
		People: []string{"群众", "居民", "受害人", "辅警"}},
	{Name: "科技创新", Dept: "市科技创新委员会", Field: "科技", Agency: "科技部",
		Terms: []string{"科技创新", "基础研究", "关键核心技术", "科技成果转化", "高新技术企业", "创新载体", "科技企业孵化器", "新型研发机构",
			"科研经费管理", "人工智能", "集成电路", "生物医药产业", "科技伦理"},
		People: []string{"科研人员", "科技企业", "青年科学家", "创新团队"}},
	{Name: "数字政府", Dept: "市政务服务数据管理局", Field: "政务服务", Agency: "国务院办公厅",
		Terms: []string{"智慧城市", "数字政府", "一网通办", "政务数据共享", "数据安全", "秒批", "电子证照", "个人信息保护",
			"城市大脑", "一件事一次办", "政务服务热线", "数字鸿沟"},
		People: []string{"办事群众", "企业", "市民"}},
	{Name: "水务", Dept: "市水务局", Field: "水务", Agency: "水利部",
		Terms: []string{"河长制", "黑臭水体", "供水安全", "海绵城市", "防洪排涝", "污水管网", "节水型社会", "饮用水水源保护",
			"水库管理", "碧道建设", "雨污分流", "二次供水"},
		People: []string{"居民", "用水户", "沿河居民"}},
	{Name: "应急管理", Dept: "市应急管理局", Field: "应急管理", Agency: "应急管理部",
		Terms: []string{"消防安全", "安全生产", "防灾减灾", "应急避难场所", "危险化学品", "城市内涝", "台风防御", "应急物资储备",
			"高层建筑消防", "地质灾害防治", "安全隐患排查", "应急救援队伍"},
		People: []string{"群众", "企业", "救援人员", "居民"}},
	{Name: "市场监管", Dept: "市市场监督管理局", Field: "市场监管", Agency: "国家市场监督管理总局",
		Terms: []string{"食品安全", "药品安全", "特种设备安全", "知识产权保护", "消费者权益保护", "价格监管", "网络交易监管", "产品质量",
			"校园食品安全", "预付式消费", "计量检测", "农贸市场"},
		People: []string{"消费者", "经营者", "商户", "企业"}},
	{Name: "产业发展", Dept: "市工业和信息化局", Field: "工业和信息化", Agency: "工业和信息化部",
		Terms: []string{"先进制造业", "数字经济", "工业园区", "产业用地", "战略性新兴产业", "智能制造", "工业互联网", "产业链供应链",
			"5G网络建设", "低空经济", "新能源产业", "工业上楼"},
		People: []string{"制造业企业", "企业", "产业工人"}},
	{Name: "商贸消费", Dept: "市商务局", Field: "商务", Agency: "商务部",
		Terms: []string{"消费升级", "商圈建设", "跨境电商", "外贸企业", "国际消费中心城市", "老字号", "步行街改造", "会展经济",
			"进出口贸易", "社区商业", "直播电商", "首店经济"},
		People: []string{"商户", "消费者", "外贸企业", "商家"}},
	{Name: "规划与自然资源", Dept: "市规划和自然资源局", Field: "规划和自然资源", Agency: "自然资源部",
		Terms: []string{"国土空间规划", "城市更新", "土地整备", "生态保护红线", "海洋经济", "历史风貌保护", "地下空间开发", "公共服务设施配套",
			"林长制", "自然保护地", "土地节约集约利用"},
		People: []string{"原村民", "居民", "业主"}},
	{Name: "社会救助与慈善", Dept: "市民政局", Field: "社会救助", Agency: "民政部",
		Terms: []string{"社会救助", "最低生活保障", "临时救助", "特困人员供养", "社会组织", "慈善事业", "社会工作", "社工人才",
			"志愿服务", "殡葬服务", "婚姻登记", "流浪乞讨人员救助", "社区治理"},
		People: []string{"困难群众", "低收入群体", "社工", "志愿者"}},
	{Name: "青年与人才", Dept: "团市委", Field: "青年", Agency: "共青团中央",
		Terms: []string{"青年发展", "人才引进", "青年创新创业", "人才安居", "港澳青年", "青少年心理健康", "高层次人才", "青年友好城市",
			"博士后工作", "留学人员创业"},
		People: []string{"青年", "青少年", "留学人员", "青年人才"}},
	{Name: "法治", Dept: "市司法局", Field: "司法行政", Agency: "司法部",
		Terms: []string{"公共法律服务", "法治政府", "人民调解", "法律援助", "行政复议", "普法宣传", "社区矫正", "矛盾纠纷化解",
			"律师行业", "公证服务", "涉外法治"},
		People: []string{"群众", "当事人", "律师", "社区矫正对象"}},
	{Name: "乡村振兴", Dept: "市发展和改革委员会", Field: "乡村振兴", Agency: "农业农村部",
		Terms: []string{"乡村振兴", "高标准农田", "对口帮扶", "东西部协作", "菜篮子工程", "农产品供应", "都市农业", "消费帮扶",
			"农村集体经济", "耕地保护", "种业振兴"},
		People: []string{"农户", "农民", "村民", "原村民"}},
	{Name: "残疾人", Dept: "市残联", Field: "残疾人工作", Agency: "中国残联",
		Terms: []string{"残疾人康复", "无障碍环境建设", "残疾人就业", "助残服务", "残疾儿童康复救助", "辅助器具适配", "盲道",
			"手语服务", "残疾人托养", "信息无障碍"},
		People: []string{"残疾人", "残障人士", "残疾儿童", "视障人士"}},
	{Name: "金融", Dept: "市地方金融监督管理局", Field: "金融", Agency: "国家金融监督管理总局",
		Terms: []string{"普惠金融", "金融风险防范", "非法集资", "科技金融", "绿色金融", "供应链金融", "资本市场", "小额贷款",
			"金融消费者保护", "数字人民币"},
		People: []string{"小微企业", "投资者", "金融消费者"}},
	{Name: "大湾区合作", Dept: "市委大湾区办", Field: "港澳合作", Agency: "国务院港澳办",
		Terms: []string{"粤港澳大湾区", "深港合作", "前海合作区", "河套合作区", "规则衔接", "跨境通关", "湾区标准", "跨境数据流动",
			"港澳专业人士执业", "跨境公共服务"},
		People: []string{"港澳居民", "港澳青年", "跨境学童"}},
	{Name: "退役军人", Dept: "市退役军人事务局", Field: "退役军人", Agency: "退役军人事务部",
		Terms:  []string{"退役军人服务", "双拥工作", "优抚安置", "退役军人就业创业", "军人军属权益", "烈士纪念设施", "退役军人服务站", "拥军优属"},
		People: []string{"退役军人", "军属", "优抚对象"}},
}

// themeWeights draws the theme of rank k (from 0) with weight 1/(k+3):
// the first theme 13% of proposals, the seed's third 8%, the last 1.4%.
var themeWeights = func() []float64 {
	w := make([]float64, len(themes))
	for i := range w {
		w[i] = 1 / float64(i+3)
	}
	return w
}()

// themeLeadShare is the share of proposals led by their theme's
// department; the rest draw the lead from the departments' Zipf ranks.
const themeLeadShare = 0.6

// Placeholders of templated seed clauses: a theme fills them in.
const (
	slotTerm   = '\uE000' // one of the theme's terms
	slotPeople = '\uE001' // whom the theme is for
	slotDept   = '\uE002' // its lead department
	slotField  = '\uE003' // its area as a modifier
	slotAgency = '\uE004' // its ministry
)

// seedDomain maps the seed's elderly-care and civil-affairs vocabulary to
// placeholders (or neutral wording), so a clause keeps its policy prose and
// takes another theme's topic words. Derived from the seed's clauses; the
// replacer tries longer keys first.
var seedDomain = map[string]string{
	// elderly-care services and institutions
	"居家和社区养老服务": "T", "居家和社区养老": "T", "居家社区机构养老服务": "T", "居家—社区养老服务平台": "T平台",
	"社区居家养老服务": "T", "居家社区养老服务": "T", "居家养老服务": "T", "社区养老服务": "T", "居家社区养老": "T",
	"智慧健康养老": "T", "智慧化养老服务": "T", "健康养老服务业": "T", "养老服务业": "T", "健康养老服务": "T",
	"托幼养老服务驿站": "T驿站", "托幼养老": "T", "养老托育": "T", "养老服务": "T", "居家养老": "T", "社区养老": "T",
	"互助养老": "T", "健康养老": "T", "志愿养老": "T", "绿色养老": "T", "都市养老": "T", "养老机构": "T", "养老院": "T",
	"养老人群": "P", "养老护理": "T", "养老": "T",
	"医养结合": "T", "医养融合": "T", "医养相结合": "T", "医养": "T",
	"家庭适老化改造": "T", "适老化改造": "T", "适老化": "T",
	"长期护理保险": "T", "医疗护理员": "T从业人员", "医疗护理": "T", "康复护理": "T", "护理院": "T机构", "护理人员": "T人员",
	"护理中心": "T中心", "护理员": "T从业人员", "护理服务": "T", "护理": "T", "专护": "T", "陪护": "帮扶",
	"长期照护": "T", "康复照护": "T", "照护培训": "T培训", "专业照护": "专业服务", "安宁疗护": "T",
	"日间照料中心": "T", "日间照料": "T", "生活照料": "T", "居家照料": "T", "日照中心": "T中心", "临时托养": "T",
	"长者服务中心": "T中心", "长者服务站": "T服务站", "长者服务点": "T服务点", "长者助餐": "T", "长者饭堂": "T",
	"老年助餐专区": "T专区", "助餐配餐": "T", "老人餐": "T", "养老床位": "T", "家庭养老床位": "T",
	"时间银行": "T", "老有颐养": "T", "幸福康养": "T", "颐康护理": "T", "颐养": "T", "颐康": "T", "安老服务": "T", "老龄服务": "T",
	"老年健康服务体系": "T体系", "老年健康": "T", "老年服务与管理": "T与管理", "老年服务": "T", "老年文体活动": "T活动",
	"老年活动": "T活动", "老年文化学习": "T学习", "老年社工": "T社工", "老年专业社工": "T专业社工", "老年志愿者": "志愿者",
	"“老”进社区": "“T”进社区", "老有所为": "共建共享", "助老": "", "为老志愿": "志愿", "护老者": "P",
	// whom it is for
	"老年人群": "P", "老年人": "P", "老年群体": "P", "老年覆盖群体": "P", "老年市民": "P", "老年": "P", "新老人": "P",
	"老人": "P", "长者": "P", "老龄人口": "P", "老龄": "P", "长期失能人员": "P", "高龄、失能、失智等": "有需求的",
	"养老服务从业人员": "T从业人员",
	// children (a theme of its own)
	"困境未成年人": "P", "困境儿童": "T", "未成年人保护": "T", "未成年人": "P", "妇女儿童": "P", "儿童友好型城市": "T",
	"儿童主任": "T专干", "儿童工作": "T工作", "儿童": "P", "婴幼儿照护": "T", "婴幼儿": "P", "托育": "T", "托幼": "T",
	"幼有所育": "T",
	// civil-affairs bodies and funds
	"市民政局": "D", "民政部": "A", "民政领域": "F领域", "全省民政": "全省F", "福彩公益金": "专项资金", "彩票公益金": "财政资金",
}

var slotOf = map[byte]rune{'T': slotTerm, 'P': slotPeople, 'D': slotDept, 'F': slotField, 'A': slotAgency}

// seedReplacer turns a seed clause into a template (see seedDomain).
var seedReplacer = func() *strings.Replacer {
	keys := make([]string, 0, len(seedDomain))
	for k := range seedDomain {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := utf8.RuneCountInString(keys[i]), utf8.RuneCountInString(keys[j])
		if a != b {
			return a > b
		}
		return keys[i] < keys[j]
	})
	args := make([]string, 0, 2*len(keys))
	for _, k := range keys {
		var sb strings.Builder
		for _, r := range seedDomain[k] {
			if r < utf8.RuneSelf {
				if s, ok := slotOf[byte(r)]; ok {
					sb.WriteRune(s)
					continue
				}
			}
			sb.WriteRune(r)
		}
		args = append(args, k, sb.String())
	}
	return strings.NewReplacer(args...)
}()

// template is a seed clause with its domain words replaced by placeholders.
func template(clause string) string { return seedReplacer.Replace(clause) }
