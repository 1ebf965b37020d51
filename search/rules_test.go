package search

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode"

	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/govreply/precedent/dict"
	"github.com/govreply/precedent/indexer"
	"github.com/govreply/precedent/ingest"
	"github.com/govreply/precedent/record"
)

var real struct {
	once  sync.Once
	s     *Searcher
	texts map[string]string // record id → its folded title, text and letter
	words map[string]string // the same, its letters, digits and Han characters only
	ps    []record.Proposal
	err   error
}

// realIndex is an index of the whole real corpus (../shared/real: four
// JSON Lines files, 10,148 messages), built once for the package's tests.
func realIndex(t *testing.T) *Searcher {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(realDir, "*.jsonl"))
	if len(files) != 4 {
		t.Fatalf("the real data is missing: %d JSON Lines files in %s (tests read ../shared/real beside the repository)", len(files), realDir)
	}
	real.once.Do(func() {
		a := dict.MustDefault()
		if real.ps, real.err = ingest.ReadRecords(ingest.Options{Kind: "留言"}, files...); real.err != nil {
			return
		}
		real.texts, real.words = map[string]string{}, map[string]string{}
		for _, p := range real.ps {
			s := p.Suggestions[0]
			real.texts[p.ID] = a.Fold(p.Title + "\n" + s.Text + "\n" + s.Reply.Letter)
			real.words[p.ID] = wordRunes(real.texts[p.ID])
		}
		dir, err := os.MkdirTemp("", "search-real-")
		if err != nil {
			real.err = err
			return
		}
		if _, real.err = indexer.Build(dir, real.ps, indexer.BuildOptions{Analyzer: a}); real.err != nil {
			return
		}
		if real.s, real.err = Open(dir, a); real.err == nil {
			real.err = real.s.Prepared(context.Background())
		}
	})
	if real.err != nil {
		t.Fatal(real.err)
	}
	return real.s
}

// wordRunes is s without punctuation and spaces: where a phrase of words
// matches whatever stands between them.
func wordRunes(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r
		}
		return -1
	}, s)
}

// has reports whether the real record id's text holds any of words.
// hasWord reports whether record id's text holds one of words as a word
// of the index (停车位 is not a word of 停车位置).
func hasWord(t *testing.T, id string, words ...string) bool {
	for _, tk := range realIndex(t).a.Tokens(real.texts[id]) {
		if slices.Contains(words, tk.Term) {
			return true
		}
	}
	return false
}

func has(id string, words ...string) bool {
	for _, w := range words {
		if strings.Contains(real.texts[id], w) {
			return true
		}
	}
	return false
}

func searchReal(t *testing.T, r Request) *Response {
	t.Helper()
	resp, err := realIndex(t).Search(context.Background(), r)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

// allHits is every hit of q, best first.
func allHits(t *testing.T, q string) *Response {
	t.Helper()
	var out *Response
	for page := 1; ; page++ {
		resp := searchReal(t, Request{Query: q, Size: MaxSize, Page: page, NoFacets: true})
		if out == nil {
			out = resp
		} else {
			out.Hits = append(out.Hits, resp.Hits...)
		}
		if len(resp.Hits) < MaxSize || page == MaxPage {
			return out
		}
	}
}

// The query's specific words decide the ranking: every text with 驾驶证
// comes before the texts with only 补办 (社保卡挂失补办), which a generic
// word in a short title would otherwise put first.
func TestRealSpecificBeforeGeneric(t *testing.T) {
	tests := []struct {
		query    string
		specific []string // a hit with one of them comes before every hit without
	}{
		{"驾驶证 补办", []string{"驾驶证", "驾照", "驾驶执照"}},
		{"噪音 问题", []string{"噪音", "噪声"}},
		{"物业 咨询", []string{"物业"}},
		{"学位 申请", []string{"学位"}},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			resp := allHits(t, tt.query)
			if len(resp.Hits) == 0 {
				t.Fatal("no hits")
			}
			without := -1
			for i, h := range resp.Hits {
				w := has(h.ID, tt.specific...)
				if !w && without < 0 {
					without = i
				}
				if w && without >= 0 {
					t.Fatalf("hit %d %s (%s) has %v after hit %d %s without it", i+1, h.ID, h.Title, tt.specific, without+1, resp.Hits[without].ID)
				}
			}
		})
	}
}

// A sentence query is carried by its topic words, not its frame
// (强烈要求, 怎么办, 去哪里投诉): the texts with its specific words come
// first, then those with only a lesser word that names a topic (村民,
// 小区, 公交车), and no text is found by the frame alone.
func TestRealSentenceFrameWeighsLittle(t *testing.T) {
	tests := []struct {
		query  string
		topic  []string // the sentence's specific words: the texts with one come first
		lesser []string // its lesser topic words, which find texts after them; its frame finds none
	}{
		{"工厂排放废气村民强烈要求整改", []string{"工厂", "废气"}, []string{"村民"}},
		{"去哪里投诉噪音扰民", []string{"噪音", "扰民", "噪声"}, nil},
		{"小区停车位被占用怎么办", []string{"停车位", "车位"}, []string{"小区"}},
		// 公交车 weighs less than 班次 but names the topic: a message about
		// buses hard to wait for answers it, after those with 班次.
		{"公交车班次太少等一趟车要一个小时希望增加班次", []string{"班次"}, []string{"公交车", "公共汽车"}},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			resp := allHits(t, tt.query)
			if len(resp.Hits) < 10 {
				t.Fatalf("%d hits", len(resp.Hits))
			}
			firstLesser := -1
			for i, h := range resp.Hits {
				switch {
				case hasWord(t, h.ID, tt.topic...):
					if firstLesser >= 0 {
						t.Fatalf("hit %d %s (%s) has one of %v, after hit %d with none", i+1, h.ID, h.Title, tt.topic, firstLesser+1)
					}
				case hasWord(t, h.ID, tt.lesser...):
					if firstLesser < 0 {
						firstLesser = i
					}
				default:
					t.Fatalf("hit %d %s (%s) has none of %v %v: the frame found it", i+1, h.ID, h.Title, tt.topic, tt.lesser)
				}
			}
			if firstLesser >= 0 && firstLesser < 10 {
				t.Errorf("hit %d has none of %v: fewer than ten texts on the topic first", firstLesser+1, tt.topic)
			}
			if len(tt.lesser) > 0 && firstLesser < 0 {
				t.Errorf("no text found by %v alone", tt.lesser)
			}
		})
	}
}

// A word gse's dictionary has only as a rare name but that starts with an
// adverb (太贵: 太 贵, too dear) is read as the frame of a sentence, not as
// its rarest topic word: a question about nursery fees is answered by texts
// about 幼儿园, not by every text that finds something 太贵 (taxi fares,
// medicines), nor one about parking fees by texts calling anything 太贵.
// Left as a name, 太贵 (15 texts) made every other word of the query
// generic.
func TestRealMisreadNameIsFrame(t *testing.T) {
	s := realIndex(t)
	for _, tt := range []struct {
		word string
		want bool
	}{
		{"太贵", true},   // a name 17 times; 太 an adverb
		{"红绿灯", false}, // a name 22 times, but 红 is no adverb
		{"幼儿园", false}, // a name 405 times: the dictionary knows it well
		{"噪音", false},  // no name
	} {
		u := &queryUnit{text: tt.word, pos: s.a.POS(tt.word)}
		if got := s.misreadName(u); got != tt.want {
			t.Errorf("misreadName(%s, tag %q, freq %g) = %v, want %v", tt.word, u.pos, s.a.Freq(tt.word), got, tt.want)
		}
	}
	for _, tt := range []struct {
		query string
		topic []string // each of the first ten hits has one
	}{
		{"孩子上幼儿园太贵了有没有补贴", []string{"幼儿园", "幼稚园"}}, // a sentence
		{"停车场收费太贵", []string{"停车场", "停车"}},         // keywords
		{"燃气费太高", []string{"燃气"}},                  // 太高 a run no word holds, no name
	} {
		resp := searchReal(t, Request{Query: tt.query, Size: 10, NoFacets: true})
		if len(resp.Hits) < 10 {
			t.Fatalf("%s: %d hits", tt.query, len(resp.Hits))
		}
		for i, h := range resp.Hits {
			if !hasWord(t, h.ID, tt.topic...) {
				t.Errorf("%s: hit %d %s (%s) is not about %s", tt.query, i+1, h.ID, h.Title, tt.topic[0])
			}
		}
	}
}

// A compound's pieces cover it by how specific each is: in
// 老旧小区改造加装电梯 (加装电梯 is in one text), a text about a lift (电梯)
// comes before a text that adds a railing or a noise barrier (加装护栏,
// 加装隔音屏). With equal shares the first such text was the fifth hit,
// after two about lifts.
func TestRealPiecesShareBySpecificity(t *testing.T) {
	s := realIndex(t)
	u := s.unitOf(firstWord(s, "加装电梯"), allFields, true, nil)
	s.weigh([]*queryUnit{u})
	credit := map[string]float64{}
	var total float64
	for _, g := range u.groups {
		if g.additive {
			credit[g.leaves[0].(*query.TermQuery).Term] = g.credit
			total += g.credit
		}
	}
	if credit["电梯"] <= credit["加装"] {
		t.Errorf("credits %v: 电梯 (a noun) covers no more of 加装电梯 than 加装 (a verb)", credit)
	}
	if math.Abs(total-pieceCredit) > 1e-9 {
		t.Errorf("pieces cover %g together, want %g", total, pieceCredit)
	}

	lifts := 0
	for i, h := range allHits(t, "老旧小区改造加装电梯").Hits {
		if hasWord(t, h.ID, "电梯") {
			lifts++
		} else if hasWord(t, h.ID, "加装") {
			if lifts < 5 {
				t.Errorf("hit %d %s (%s) adds something else, after %d about lifts", i+1, h.ID, h.Title, lifts)
			}
			break
		}
	}
}

// A piece of one character never matches by itself: 无人机 is not 打鱼机,
// 冬奥会 is not 奥新燃气.
func TestRealNoLoneCharacters(t *testing.T) {
	tests := []struct {
		query string
		words []string // every hit has one of them
	}{
		{"无人机 表演", []string{"无人机", "表演", "无人"}},
		{"冬奥会 志愿者", []string{"志愿者", "志愿", "义工"}},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			for i, h := range allHits(t, tt.query).Hits {
				if !has(h.ID, tt.words...) {
					t.Fatalf("hit %d %s (%s) has none of %v", i+1, h.ID, h.Title, tt.words)
				}
			}
		})
	}
}

// A query word no text holds is said, and a typed compound half of which no
// text holds finds nothing: zero hits is a correct answer.
func TestRealUnmatched(t *testing.T) {
	tests := []struct {
		query     string
		unmatched []string
		apart     []string
		none      bool // no hits
	}{
		{"量子通信", []string{"量子"}, nil, true},
		// Said as typed, not as folded to be searched.
		{"郵輪旅遊", []string{"郵輪"}, nil, true},
		{"PM2.5 超标", []string{"PM2"}, nil, true},
		{"冬奥会 志愿者", []string{"冬奥会"}, nil, false},
		{"物业", nil, nil, false},
		// Each word is somewhere, the idea nowhere: partial hits, said so.
		{"出口退税政策", nil, []string{"出口退税政策"}, false},
		// A word no text holds whole, found by a part (医疗券: 医疗).
		{"長者 醫療券", nil, []string{"醫療券"}, false},
		{"公积金贷款", nil, nil, false},
		// A run of characters the dictionary lacks is its words of two:
		// 拒载 is in 16 texts, 绕路 in 6, 拒载绕路 in none.
		{"出租车拒载绕路怎么投诉", nil, nil, false},
		// 卡 ends 医保卡 (in 10 texts), not a word 卡丢 (in none).
		{"医保卡丢了怎么补办", nil, nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			resp := searchReal(t, Request{Query: tt.query})
			if !slices.Equal(resp.Unmatched, tt.unmatched) {
				t.Errorf("unmatched %q, want %q", resp.Unmatched, tt.unmatched)
			}
			if !slices.Equal(resp.Apart, tt.apart) {
				t.Errorf("apart %q, want %q", resp.Apart, tt.apart)
			}
			if (resp.Total == 0) != tt.none {
				t.Errorf("%d hits, want none: %v", resp.Total, tt.none)
			}
		})
	}
}

// The query as typed, found verbatim, ranks above its words apart; a text
// saying it in its thesaurus words (物业费 for 物业服务费) is neither, and
// ranks among the verbatim ones by its score.
func TestRealVerbatimFirst(t *testing.T) {
	for _, q := range []string{"噪音扰民", "违章建筑", "物业服务费", "拖欠工资"} {
		t.Run(q, func(t *testing.T) {
			resp := allHits(t, q)
			var syns []string
			for _, e := range resp.Expansions {
				if e.Term == q {
					syns = append(syns, e.Synonyms...)
				}
			}
			verbatim, apart := 0, -1
			for i, h := range resp.Hits {
				words := real.words[h.ID]
				v := strings.Contains(words, q)
				if v {
					verbatim++
				}
				if !v && apart < 0 && !slices.ContainsFunc(syns, func(w string) bool { return strings.Contains(words, w) }) {
					apart = i
				}
				if v && apart >= 0 {
					t.Fatalf("hit %d %s has %q verbatim after hit %d %s with its words apart", i+1, h.ID, q, apart+1, resp.Hits[apart].ID)
				}
			}
			if verbatim == 0 || apart < 0 {
				t.Fatalf("%d hits verbatim, first apart at %d: not a test", verbatim, apart)
			}
		})
	}
}

// A text whose title says the query in its thesaurus words is the same
// idea as one that has it verbatim: it ranks with them by its score, above
// the texts that name the query once in a long letter about something else
// (共享单车: 酷骑单车 and 共享自行车 in a title; before, seven texts naming
// 共享单车 once, in letters about roads and the like, ranked above them).
func TestRealThesaurusWordsRankWithVerbatim(t *testing.T) {
	tests := []struct {
		query string
		ids   []string // each among the first ten hits
	}{
		{"共享单车", []string{"tc20c-test-7984", "tc20c-test-7652", "tc20c-test-8432"}},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			resp := searchReal(t, Request{Query: tt.query, Size: 10})
			var got []string
			for _, h := range resp.Hits {
				got = append(got, h.ID)
			}
			for _, id := range tt.ids {
				if !slices.Contains(got, id) {
					t.Errorf("%s not among the first ten: %v", id, got)
				}
			}
		})
	}
}

// For a pasted message, the identical messages (the corpus has 28 posted
// twice under two ids) come first, and the reply's boilerplate is not a key
// term.
func TestRealRelatedCopiesFirst(t *testing.T) {
	s := realIndex(t)
	byText := map[string][]string{}
	for _, p := range real.ps {
		k := p.Title + "\x00" + p.Suggestions[0].Text
		byText[k] = append(byText[k], p.ID)
	}
	pairs := 0
	for k, ids := range byText {
		if len(ids) < 2 {
			continue
		}
		pairs++
		title, text, _ := strings.Cut(k, "\x00")
		resp, err := s.Similar(context.Background(), SimilarRequest{Text: title + "\n" + text, Size: len(ids)})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, h := range resp.Hits {
			got = append(got, h.ID)
		}
		if !slices.Equal(sorted(got), sorted(ids)) {
			t.Errorf("pasted %s: first %v, want the copies %v", ids[0], got, ids)
		}
	}
	if pairs < 28 {
		t.Fatalf("%d messages posted more than once, want 28 or more", pairs)
	}
	// A reply letter's key terms leave out the platform's boilerplate.
	for _, p := range real.ps {
		if l := p.Suggestions[0].Reply.Letter; strings.Contains(l, "网友") && strings.Contains(l, "您好") && len(l) > 300 {
			resp, err := s.Similar(context.Background(), SimilarRequest{ID: p.ID})
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range []string{"网友", "您好", "收悉", "答复", "留言"} {
				if slices.Contains(resp.Terms, w) {
					t.Errorf("related to %s: key terms %v hold the boilerplate %q", p.ID, resp.Terms, w)
				}
			}
			break
		}
	}
}

// A compound of three characters typed alone, the dictionary knowing none
// of its parts, also finds the texts that say it by the part bound to it
// (烂尾 of 烂尾楼, 渣土 of 渣土车), after every text with the word as typed
// or its thesaurus words.
// A part the texts mostly use in other senses (治疗 of 治疗费) finds nothing
// by itself, nor does a piece of a compound of words (自行 of 自行车, by
// oneself; 出租 of 出租车, to let).
func TestRealBoundPieces(t *testing.T) {
	tests := []struct {
		query    string
		synonyms []string // the thesaurus's words for it
		piece    string   // "": no hit without the word or a synonym
	}{
		{"烂尾楼", nil, "烂尾"},
		{"渣土车", []string{"泥头车"}, "渣土"},
		{"治疗费", []string{"医疗费", "医药费"}, ""},
		{"上个月", nil, ""}, // 上个 (上个星期): 14 of 39 messages, under two in five
		{"自行车", []string{"单车"}, ""},
		{"出租车", []string{"的士", "出租汽车"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			resp := allHits(t, tt.query)
			first, byPiece := -1, 0
			for i, h := range resp.Hits {
				if has(h.ID, tt.query) || has(h.ID, tt.synonyms...) {
					if first >= 0 {
						t.Fatalf("hit %d %s has %s or %v after hit %d %s with neither", i+1, h.ID, tt.query, tt.synonyms, first+1, resp.Hits[first].ID)
					}
					continue
				}
				if first < 0 {
					first = i
				}
				if tt.piece == "" || !has(h.ID, tt.piece) {
					t.Fatalf("hit %d %s (%s) has none of %s %v %s", i+1, h.ID, h.Title, tt.query, tt.synonyms, tt.piece)
				}
				byPiece++
			}
			if tt.piece != "" && byPiece == 0 {
				t.Fatalf("no hit by %s alone", tt.piece)
			}
		})
	}
}

// A negation or degree adverb that opens a run of single characters is not
// a part of the word the rest spells: in a sentence, 不交房 is 交房 said
// negatively, and the messages about 交房 that put it otherwise (延期交房,
// 迟迟不能交房) are found as well. Typed as a keyword, the adverb stays
// with its word: 不作为 is not 作为, 不文明 not 文明.
func TestRealNegationNotTopic(t *testing.T) {
	resp := searchReal(t, Request{Query: "开发商一直拖着不交房业主强烈要求给个说法", Size: 20, NoFacets: true})
	n := 0
	for _, h := range resp.Hits {
		if has(h.ID, "交房") && !has(h.ID, "不交房") {
			n++
		}
	}
	if n < 12 {
		t.Errorf("%d of the first %d hits have 交房 but not 不交房, want 12 or more (9 when 不交房 was one word)", n, len(resp.Hits))
	}
	for _, q := range []string{"不作为", "不文明", "不交房"} {
		resp := allHits(t, q)
		if len(resp.Hits) == 0 {
			t.Errorf("%s: no hits", q)
		}
		for i, h := range resp.Hits {
			if !strings.Contains(real.words[h.ID], q) {
				t.Errorf("%s: hit %d %s (%s) does not hold it", q, i+1, h.ID, h.Title)
				break
			}
		}
	}
}

// A word is as specific as the idea it is searched as: 信号灯 is also
// 红绿灯, so the rarer spelling does not make the sentence's other topic
// word (事故) generic, and messages about accidents at a crossing (路口)
// that name no light are found too.
func TestRealSpecificAsItsIdea(t *testing.T) {
	lights := []string{"红绿灯", "信号灯", "交通信号灯"}
	n := 0
	for _, h := range allHits(t, "路口没有红绿灯经常出事故建议安装信号灯").Hits {
		if !has(h.ID, lights...) && has(h.ID, "事故") && has(h.ID, "路口") {
			n++
		}
	}
	if n < 10 {
		t.Fatalf("%d hits have 路口 and 事故 without %v, want 10 or more (1 when 信号灯 weighed as its 34 messages)", n, lights)
	}
}

// What the query is said in the thesaurus's words ranks above what has
// only a part of it, below what has it as typed: for a word searched alone,
// 泥头车 before 渣土 for 渣土车; for a clause of several words, 网约车 or 滴滴
// before 网络 … 出租汽车 apart for 网络预约出租汽车.
func TestRealSynonymsBeforeParts(t *testing.T) {
	tests := []struct{ query, synonyms string }{
		{"渣土车", "泥头车"},
		{"网络预约出租汽车", "网约车 滴滴"},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			firstPart, synonyms := -1, 0
			hits := allHits(t, tt.query).Hits
			for i, h := range hits {
				switch {
				case strings.Contains(real.words[h.ID], tt.query):
				case has(h.ID, strings.Fields(tt.synonyms)...):
					synonyms++
					if firstPart >= 0 {
						t.Fatalf("hit %d %s says it in other words after hit %d %s with only a part of it", i+1, h.ID, firstPart+1, hits[firstPart].ID)
					}
				case firstPart < 0:
					firstPart = i
				}
			}
			if synonyms == 0 || firstPart < 0 {
				t.Fatalf("%d hits by the synonyms, first by a part at %d: not a test", synonyms, firstPart)
			}
		})
	}
}

// In a keyword query whose words are all found, a word generic only for
// weighing less than the most specific one (扰民 beside 广场舞) finds texts
// too, after every text with the specific word: the issue's "a text matching
// only its generic words comes after every text that has the specific ones".
func TestRealLesserWordsAfter(t *testing.T) {
	hits := allHits(t, "广场舞 扰民").Hits
	firstLesser, lesser := -1, 0
	for i, h := range hits {
		switch {
		case has(h.ID, "广场舞"):
			if firstLesser >= 0 {
				t.Fatalf("hit %d %s has 广场舞 after hit %d %s with 扰民 alone", i+1, h.ID, firstLesser+1, hits[firstLesser].ID)
			}
		case has(h.ID, "扰民") && !has(h.ID, "广场"): // 广场: the head word of 广场舞, which the dictionary lacks
			lesser++
			if firstLesser < 0 {
				firstLesser = i
			}
		}
	}
	if lesser == 0 {
		t.Fatal("no hit by 扰民 alone")
	}
}

// firstWord is the first word of query text q.
func firstWord(s *Searcher, q string) dict.Word {
	ws, _ := s.queryWords(q)
	return ws[0]
}

// A sentence said in everyday words of one character (狗, 路, 树) is read
// as a sentence: its characters are not glued to a function word (的河,
// 又黑), an adverb (天天叫) or each other where no text has them together
// (叫吵), and a run of characters one text holds (人修 of 没人修) does not
// decide alone which texts answer it. Before, each of these found one or
// two texts, none about it.
func TestRealColloquialSentence(t *testing.T) {
	tests := []struct {
		query    string
		notWords []string // no query word is one of these
		topic    []string // of the first ten hits, at least min have one of these (by substring)
		min      int
	}{
		{"楼上养的狗天天叫吵得不行", []string{"天天叫", "叫吵", "的狗"}, []string{"狗", "犬"}, 8},
		{"村里的路坑坑洼洼没人修", []string{"的路", "坑坑洼洼没"}, []string{"坑洼"}, 6},
		{"家门口的河又黑又臭", []string{"的河", "又黑", "又臭"}, nil, 0},
	}
	s := realIndex(t)
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			ws, sentence := s.queryWords(tt.query)
			if !sentence {
				t.Errorf("%s is not read as a sentence", tt.query)
			}
			for _, w := range ws {
				if slices.Contains(tt.notWords, w.Text) {
					t.Errorf("word %q", w.Text)
				}
			}
			if tt.min == 0 {
				return
			}
			wantOnTopic(t, tt.query, tt.topic, tt.min)
		})
	}
}

// loosen takes a word and one character that owns or places it (邻居家,
// 家门口) as its word, and nothing else: not a word and its head (养老院),
// not a compound of words (时间银行).
func TestLoosen(t *testing.T) {
	tests := []struct {
		word  string
		loose bool
	}{
		{"邻居家", true},
		{"家门口", true},
		{"老人家", true},
		{"养老院", false},
		{"时间银行", false},
	}
	s := seedIndex
	for _, tt := range tests {
		t.Run(tt.word, func(t *testing.T) {
			ws := s.a.Words(tt.word)
			if len(ws) != 1 {
				t.Fatalf("%s is %d words", tt.word, len(ws))
			}
			u := s.unitOf(ws[0], allFields, true, nil)
			loosen(u)
			got := len(u.groups) > 1 && u.groups[1].credit == 1 && !u.groups[1].additive
			if got != tt.loose {
				t.Errorf("loose %v, want %v (pieces %q)", got, tt.loose, u.t.pieces)
			}
		})
	}
}

// A loose compound of a sentence, a word and a character that only places
// or owns it (邻居家, 老人家), is as good as the word and does not outweigh
// the sentence's topic: its few texts (a hotel's scam, a demolition) do not
// lead.
func TestRealLooseCompound(t *testing.T) {
	tests := []struct {
		query string
		topic []string // of the first ten hits, at least min have one of these (by substring)
		min   int
	}{
		{"隔壁邻居家装修噪音太大影响孩子学习", []string{"噪音", "噪声", "装修"}, 9},
		{"老人家看病报销太麻烦能不能简化手续", []string{"报销"}, 9},
	}
	realIndex(t)
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			wantOnTopic(t, tt.query, tt.topic, tt.min)
		})
	}
}

// wantOnTopic fails t unless at least min of the first ten hits of query on
// the real corpus have one of the topic's words (by substring).
func wantOnTopic(t *testing.T, query string, topic []string, min int) {
	t.Helper()
	resp := searchReal(t, Request{Query: query, Size: 10})
	n := 0
	var titles []string
	for _, h := range resp.Hits {
		if has(h.ID, topic...) {
			n++
		}
		titles = append(titles, h.Title)
	}
	if n < min {
		t.Errorf("%d of the first ten hits (of %d) have one of %v, want %d or more: %q", n, resp.Total, topic, min, titles)
	}
}

// An idiom of a sentence the texts do not repeat is its frame, however few
// texts have it: 受不了 (25 messages, 1.04 times each) was the rarest word
// of these sentences, and the messages that can't stand anything came
// first.
func TestRealSentenceIdiomIsFrame(t *testing.T) {
	tests := []struct {
		query string
		topic []string // of the first ten hits, at least min have one of these (by substring)
		min   int
	}{
		{"楼下的垃圾站太臭了夏天受不了", []string{"垃圾站", "垃圾中转站"}, 9},
		{"隔壁装修天天砸墙吵得受不了", []string{"装修", "砸"}, 8},
	}
	realIndex(t)
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			wantOnTopic(t, tt.query, tt.topic, tt.min)
		})
	}
}

// A name the dictionary has that is a character and a locative (河里) is a
// place in a sentence, not its rarest word: 工厂晚上偷偷排污水河里的鱼都死了
// found 23 texts, led by those with 河里 (fishing nets, a pig farm), now
// the texts about discharging sewage.
func TestRealPlacedName(t *testing.T) {
	realIndex(t)
	wantOnTopic(t, "工厂晚上偷偷排污水河里的鱼都死了", []string{"排污", "污水", "污染"}, 8)
}

// An office named after its place keeps its name in the texts (dict's
// wordChars): A7县民政局 was read 县民 政局, and the query 民政局 missed 19
// of the 63 messages that name it; 城管局 after 县 (县城 管 局) the same.
// Every message holding the office's name is found.
func TestRealOfficeAfterPlace(t *testing.T) {
	realIndex(t)
	for _, office := range []string{"民政局", "城管局"} {
		t.Run(office, func(t *testing.T) {
			found := map[string]bool{}
			for _, h := range allHits(t, office).Hits {
				found[h.ID] = true
			}
			var want, missed []string
			for id, text := range real.texts {
				if strings.Contains(text, office) {
					want = append(want, id)
					if !found[id] {
						missed = append(missed, id)
					}
				}
			}
			if len(want) == 0 || len(missed) > 0 {
				slices.Sort(missed)
				t.Errorf("%s: %d of the %d messages holding it not found: %v", office, len(missed), len(want), missed)
			}
		})
	}
}

// A noun before a locative or a function word keeps its name in the texts
// (dict's wordChars): 小区内 was read 小 区内 (406 of the 9,074 小区 in the
// messages' sentences cut across, 42 now). Count the messages that say the
// word but whose tokens never hold it, which the query for the word cannot
// find.
func TestRealNounBeforeCharacterWord(t *testing.T) {
	realIndex(t)
	for _, tt := range []struct {
		word string
		max  int // messages saying it that the index does not hold it for
	}{
		{"小区", 4},  // 23 before the locatives
		{"派出所", 6}, // 9 before the function words (派出所说: 派出 所说)
		{"开发商", 3}, // 5 before them (开发商都: 开发 商都)
		{"人行道", 7}, // 13 before 路 (芙蓉路人行道: 路人 行道)
	} {
		t.Run(tt.word, func(t *testing.T) {
			var says, lost []string
			for id, text := range real.texts {
				if !strings.Contains(text, tt.word) {
					continue
				}
				says = append(says, id)
				if !hasWord(t, id, tt.word) {
					lost = append(lost, id)
				}
			}
			if len(says) == 0 || len(lost) > tt.max {
				slices.Sort(lost)
				t.Errorf("%s: %d of the %d messages saying it do not hold it as a word: %v", tt.word, len(lost), len(says), lost)
			}
		})
	}
}

// A character between two words goes with the one the texts hold it with:
// 乱 (at random) says how 收费 or 摆摊 is done and is no suffix of the word
// before it (管理处乱, 商贩乱: in one text or none, 商贩乱 the rarest word of
// its query); it joins the word after where the two make a word the
// thesaurus knows (乱收费, 乱停车). 老人院 keeps its 院.
func TestRealCharacterLeansForward(t *testing.T) {
	tests := []struct {
		query    string
		words    []string // the query's words include these
		notWords []string // and none of these
	}{
		{"物业管理处乱收费", []string{"乱收费"}, []string{"管理处乱"}},
		{"商贩乱摆摊", []string{"商贩", "摆摊"}, []string{"商贩乱"}},
		{"小区乱停车", []string{"乱停车"}, []string{"小区乱"}},
		{"老人院", []string{"老人院"}, nil},
	}
	s := realIndex(t)
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			wantWords(t, s, tt.query, tt.words, tt.notWords)
		})
	}
	// Off the word before, 乱 no longer makes 商贩乱 (one text) the word
	// that decides: the stalls lead, not every text naming a vendor (6 of
	// ten said 摆摊 before).
	wantOnTopic(t, "商贩乱摆摊", []string{"摆摊"}, 9)
}

// A run of characters no word of the dictionary holds weighs, in a
// sentence, by how the texts repeat it once enough of them hold it: 交房
// (2.4 times a message that has it) is the topic of a sentence about a
// flat not handed over, where it weighed half, as the sentence's glue, and
// texts about developers of every kind came first; 给个 (of 给个说法) and
// 派人, said once a text, are the frame. A run of three that few texts hold
// is cut where the texts hold two of its characters (交房到 is 交房 到,
// 想退费 想 退费, 驾校收 驾校 收), and the two are weighed so.
func TestRealRunWeighsByRepetition(t *testing.T) {
	s := realIndex(t)
	for _, c := range []struct {
		run  string
		word bool // repeated as a topic's word is
	}{{"交房", true}, {"退费", true}, {"给个", false}, {"派人", false}} {
		st := s.runStat(term{text: c.run, pieces: strings.Split(c.run, "")})
		if st.bodyDF < burstMinDocs {
			t.Errorf("%s: in %d texts, want %d or more", c.run, st.bodyDF, burstMinDocs)
		}
		if got := burstFactor(st, burstMinDocs) >= 1; got != c.word {
			t.Errorf("%s: %.2f times a text: repeated %v, want %v", c.run, st.burst(), got, c.word)
		}
	}
	tests := []struct {
		query string
		words []string // the query's words include these
		topic []string // of the first ten hits, at least min have one of these (by substring)
		min   int
	}{
		{"开发商一直拖着不交房我们该怎么维权", []string{"交房"}, []string{"交房"}, 9},      // 7 before
		{"业主们交了首付开发商拖着不交房", []string{"交房"}, []string{"交房"}, 9},        // 8
		{"开发商说好的年底交房到现在还没动静", []string{"交房", "到"}, []string{"交房"}, 9}, // 4
		{"驾校收了钱一直不安排考试想退费", []string{"驾校", "退费"}, []string{"退费"}, 8},  // 2
		{"培训机构倒闭了学员想退费找谁", []string{"退费"}, []string{"退费"}, 8},         // 4
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			wantWords(t, s, tt.query, tt.words, nil)
			wantOnTopic(t, tt.query, tt.topic, tt.min)
		})
	}
}

// wantWords fails t unless the words s reads query as include words and
// none of notWords.
func wantWords(t *testing.T, s *Searcher, query string, words, notWords []string) {
	t.Helper()
	ws, _ := s.queryWords(query)
	var got []string
	for _, w := range ws {
		got = append(got, w.Text)
	}
	for _, w := range words {
		if !slices.Contains(got, w) {
			t.Errorf("words %q, want %s among them", got, w)
		}
	}
	for _, w := range notWords {
		if slices.Contains(got, w) {
			t.Errorf("words %q, want no %s", got, w)
		}
	}
}

// A word of one clause with thesaurus words but no part (退款, also 退钱)
// is no tier of its own: in 车票 退款 two texts about ticket money, the
// rarer and more specific word, lead. Before, the first forty hits were
// refunds of every kind and none had 车票. A part counts once weighed: the
// bound part of 治疗费 (治疗, seldom said of its fees) is dropped, and the
// word is no tier; 烂尾楼 keeps 烂尾.
func TestRealSynonymWordNoTier(t *testing.T) {
	s := realIndex(t)
	for word, want := range map[string]bool{"治疗费": false, "烂尾楼": true} {
		u := s.unitOf(firstWord(s, word), allFields, false, s.a.Thesaurus())
		s.weigh([]*queryUnit{u})
		if got := u.hasPart(); got != want {
			t.Errorf("%s typed alone: hasPart %v, want %v", word, got, want)
		}
	}
	hits := searchReal(t, Request{Query: "车票 退款", Size: 10}).Hits
	if len(hits) < 2 {
		t.Fatalf("%d hits", len(hits))
	}
	for i, h := range hits[:2] {
		if !has(h.ID, "车票") {
			t.Errorf("hit %d %s (%s) has no 车票", i+1, h.ID, h.Title)
		}
	}
}

// A word rarer than a tier's is a tier beside it: in 出租车 拒载 (出租车 a
// tier by its parts 出租 and 车; 拒载 in 16 texts, no parts) the texts
// with 拒载 and 出租车 (seven in the corpus) come first, then those that
// say 的士 拒载, all ten with 拒载. Before, some seventy texts naming only
// 出租车 (subsidies, licences) ranked above 的士无故拒载 (76th).
func TestRealRarerWordTier(t *testing.T) {
	hits := searchReal(t, Request{Query: "出租车 拒载", Size: 10}).Hits
	if len(hits) < 10 {
		t.Fatalf("%d hits", len(hits))
	}
	for i, h := range hits {
		if !has(h.ID, "拒载") {
			t.Errorf("hit %d %s (%s) has no 拒载", i+1, h.ID, h.Title)
		}
		if i < 7 && !has(h.ID, "出租车") {
			t.Errorf("hit %d %s (%s) has 拒载 without 出租车", i+1, h.ID, h.Title)
		}
		if !has(h.ID, "出租车", "的士") {
			t.Errorf("hit %d %s (%s) names neither 出租车 nor 的士", i+1, h.ID, h.Title)
		}
	}
}

// A clause found verbatim whose words are all generic is no tier above a
// specific word of another clause: in 低保 申请条件 (申请 and 条件, each
// in some 500 texts, weigh under 0.6 of 低保) every one of the first ten
// is about 低保. Before, nine of them asked the 申请条件 of anything else
// (廉租房, a chemical store, a company lawyer) and none named 低保.
func TestRealGenericClauseNoTier(t *testing.T) {
	wantOnTopic(t, "低保 申请条件", []string{"低保", "最低生活保障"}, 10)
}

// A compound searched with other words is as specific as the texts that
// hold all its pieces: 养老服务设施 is a word of the dictionary one seed
// text holds verbatim, and weighed as a word of one text it made 社区 (in
// 22 texts) generic beside it in 社区养老服务设施建设, so the texts about
// 社区养老 counted it for little.
func TestCompoundAsSpecificAsItsPieces(t *testing.T) {
	s := seedIndex
	var units []*queryUnit
	ws, _ := s.queryWords("社区养老服务设施建设")
	for _, w := range ws {
		units = append(units, s.unitOf(w, allFields, true, nil))
	}
	s.weigh(units)
	var compound, community *queryUnit
	for _, u := range units {
		switch u.text {
		case "养老服务设施":
			compound = u
		case "社区":
			community = u
		}
	}
	if compound == nil || community == nil {
		t.Fatalf("words %v: want 社区 and 养老服务设施", ws)
	}
	pieces := s.piecesDF(compound)
	if pieces <= compound.st.df {
		t.Fatalf("养老服务设施: %d texts hold it, %d its pieces: the test needs more of the latter", compound.st.df, pieces)
	}
	if community.generic {
		t.Errorf("社区 (weight %.3f) is generic beside 养老服务设施 (%.3f)", community.weight, compound.weight)
	}
	// Counted in the fields the clause is searched in: in the titles alone
	// fewer texts hold the pieces, and the count of all fields, remembered
	// first, is not taken for it.
	i := slices.IndexFunc(ws, func(w dict.Word) bool { return w.Text == "养老服务设施" })
	title := s.unitOf(ws[i], fieldsFor("title"), true, nil)
	s.weigh([]*queryUnit{title})
	if got := s.piecesDF(title); got >= pieces {
		t.Errorf("养老服务设施 in titles: %d texts hold its pieces, as many as in all fields (%d)", got, pieces)
	}
}
