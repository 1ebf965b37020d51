package dict

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

func analyzer(t testing.TB) *Analyzer {
	t.Helper()
	a, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestTokenOffsets(t *testing.T) {
	a := analyzer(t)
	cases := []struct{ name, text string }{
		{"chinese", "建立养老服务时间银行制度，推进社区居家养老服务。"},
		{"ascii", "Hello World, 3H center"},
		{"digits", "1336工程和12361热线，补助1.5倍"},
		{"full-width", "１３３６工程 ＡＢＣ　市民政局（试行）"},
		{"traditional", "時間銀行與長者飯堂的醫養結合"},
		{"mixed", "深圳市民政局2019年：“时间银行”pilot（盐田区）"},
		{"repeated words", "养老养老养老，时间银行时间银行"},
		{"compound body", "九三学社深圳市委会提出"},
		{"newlines", "1.先后制定\n\n2.成立深圳首家中法合资高端养老项目"},
		{"invalid utf-8", "养老\xff服务\xfe时间银行"},
		{"empty", ""},
		{"punctuation only", "，。！？、"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			lastPiece := 0
			for _, tk := range a.Tokens(c.text) {
				if tk.Start < 0 || tk.End > len(c.text) || tk.Start >= tk.End {
					t.Fatalf("token %q: bad range [%d,%d) of %d bytes", tk.Term, tk.Start, tk.End, len(c.text))
				}
				src := c.text[tk.Start:tk.End]
				if got := a.Fold(src); got != tk.Term && utf8.ValidString(src) {
					t.Errorf("token %q at [%d,%d): source %q folds to %q", tk.Term, tk.Start, tk.End, src, got)
				}
				if tk.Piece {
					if tk.Position != lastPiece+1 {
						t.Errorf("piece %q at position %d, want %d", tk.Term, tk.Position, lastPiece+1)
					}
					lastPiece = tk.Position
				} else if tk.Position < 1 || tk.Position > lastPiece {
					t.Errorf("word %q at position %d, pieces so far %d", tk.Term, tk.Position, lastPiece)
				}
			}
		})
	}
}

// terms returns the tokens' terms, and the terms at each position.
func terms(a *Analyzer, s string) (all map[string]bool, pos map[string]int) {
	all, pos = map[string]bool{}, map[string]int{}
	for _, tk := range a.Tokens(s) {
		all[tk.Term] = true
		if _, ok := pos[tk.Term]; !ok {
			pos[tk.Term] = tk.Position
		}
	}
	return all, pos
}

func TestTokensRepeatedWordsKeepTheirOwnOffsets(t *testing.T) {
	a := analyzer(t)
	s := "养老与养老，又是养老"
	var starts []int
	for _, tk := range a.Tokens(s) {
		if tk.Term == "养老" {
			starts = append(starts, tk.Start)
		}
	}
	want := []int{0, strings.Index(s, "与养老") + len("与"), strings.LastIndex(s, "养老")}
	if len(starts) != 3 || starts[0] != want[0] || starts[1] != want[1] || starts[2] != want[2] {
		t.Fatalf("养老 starts %v, want %v", starts, want)
	}
}

func TestSegmentation(t *testing.T) {
	a := analyzer(t)
	cases := []struct {
		name, text string
		word       string // must be one top-level word
	}{
		{"department", "市民政局", "市民政局"},
		{"department in text", "由市民政局牵头", "市民政局"},
		{"body", "九三学社深圳市委会", "九三学社深圳市委会"},
		{"policy term", "探索时间银行模式", "时间银行"},
		{"policy term 2", "推进医养结合", "医养结合"},
		{"hotline", "开通12361热线", "12361"},
		{"full-width digits", "１３３６工程", "1336"},
		{"traditional", "時間銀行", "时间银行"},
		// A place's last character or a locative is a word of its own
		// (wordChars): the noun before it and the office after it keep
		// their names, and words that start with it stay whole.
		{"office after a county", "A7县民政局", "民政局"},
		{"office after a county in text", "分属县民政局和规建", "民政局"},
		{"office after a district", "E1区住建局", "住建局"},
		{"clinic after a town", "镇卫生院", "卫生院"},
		{"word after a county kept", "该县民营企业", "民营"},
		{"citizens kept", "市民反映", "市民"},
		{"county town kept", "县城", "县城"},
		{"estate before a locative", "华庭小区内幼儿园", "小区"},
		{"estate before a locative 2", "小区内的路灯", "小区"},
		{"pavement after a locative", "小区外人行道违规停车", "人行道"},
		{"pavement after a road", "芙蓉路人行道被占", "人行道"},
		{"passer-by kept", "路人反映", "路人"},
		{"locative word kept", "室内", "室内"},
		// A function word is a word of its own too: the noun before it
		// keeps its name.
		{"station before a verb", "当地派出所说籍贯不符", "派出所"},
		{"developer before an adverb", "公司和开发商都无果", "开发商"},
		{"violation after a verb", "那里有违章建筑的", "违章"},
		{"demolition before an adverb", "或是不拆迁都给个说法", "拆迁"},
		{"content kept", "内容", "内容"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var got []string
			for _, w := range a.Words(c.text) {
				got = append(got, w.Text)
				if w.Text == c.word {
					return
				}
			}
			t.Fatalf("Words(%q) = %q, want the single word %q", c.text, got, c.word)
		})
	}
}

func TestSubWordsAndPrecision(t *testing.T) {
	a := analyzer(t)
	cases := []struct {
		name, text, term string
		want             bool
	}{
		{"老年 in 老年人", "关爱老年人", "老年", true},
		{"养老 in 居家养老", "推进居家养老", "养老", true},
		{"民政局 in 市民政局", "市民政局", "民政局", true},
		{"养老 in 养老院", "建设养老院", "养老", true},
		{"和服 not in 和服务", "标准和服务", "和服", false},
		{"no prefix non-word", "时间银行", "时间银", false},
		{"no single characters stacked", "时间银行", "间", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			all, _ := terms(a, c.text)
			if all[c.term] != c.want {
				t.Fatalf("tokens of %q contain %q: %v, want %v", c.text, c.term, all[c.term], c.want)
			}
		})
	}
}

func TestFold(t *testing.T) {
	a := analyzer(t)
	cases := map[string]string{
		"時間銀行":    "时间银行",
		"長者飯堂":    "长者饭堂",
		"１３３６":    "1336",
		"ＡＢＣ ABC": "abc abc",
		"醫養結合":    "医养结合",
		"养老":      "养老",
	}
	for in, want := range cases {
		if got := a.Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
		if n := a.Normalize(in); n.Text != a.Fold(in) || n.Orig(len(n.Text)) != len(in) {
			t.Errorf("Normalize(%q) = %q (end %d), want %q (end %d)", in, n.Text, n.Orig(len(n.Text)), a.Fold(in), len(in))
		}
	}
}

func TestVersionIsStable(t *testing.T) {
	a := analyzer(t)
	if a.Version() == "" || !strings.HasPrefix(a.Version(), analysisRevision+"-") {
		t.Fatalf("version %q", a.Version())
	}
}

func TestCharPOS(t *testing.T) {
	a := analyzer(t)
	for _, tt := range []struct {
		char rune
		want string
	}{
		{'太', "d"}, // an adverb
		{'人', "n"},
		{'贵', "a"},
		{'A', ""}, // no word of gse's
	} {
		if got := a.CharPOS(tt.char); got != tt.want {
			t.Errorf("CharPOS(%c) = %q, want %q", tt.char, got, tt.want)
		}
	}
	for _, tt := range []struct{ name, data, err string }{
		{"two characters", "太大 d 10\n", "x.txt:1: want a character, its tag and its frequency"},
		{"no tag", "# head\n太\n", "x.txt:2: want a character, its tag and its frequency"},
		{"no frequency", "太 d\n", "x.txt:1: want a character, its tag and its frequency"},
		{"bad frequency", "太 d x\n", `x.txt:1: frequency "x"`},
		{"zero frequency", "太 d 0\n", `x.txt:1: frequency "0"`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := parseChars("x.txt", tt.data); err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Fatalf("err = %v, want %q", err, tt.err)
			}
		})
	}
}

func TestThesaurus(t *testing.T) {
	a := analyzer(t)
	th, err := ParseThesaurus("t.txt", "# comment\n老年人 长者 老龄人口\n敬老 => 养老\n義工 志愿者\n", a)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		word string
		want []string
	}{
		{"长者", []string{"老年人", "老龄人口"}},
		{"老年人", []string{"长者", "老龄人口"}},
		{"敬老", []string{"养老"}},
		{"养老", nil},             // one-way: no reverse
		{"义工", []string{"志愿者"}}, // folded from 義工
		{"其他", nil},
	}
	for _, c := range cases {
		if got := th.Expand(c.word); strings.Join(got, " ") != strings.Join(c.want, " ") {
			t.Errorf("Expand(%q) = %q, want %q", c.word, got, c.want)
		}
	}
	for _, bad := range []string{"孤词\n", "=> 养老\n", "敬老 =>\n"} {
		if _, err := ParseThesaurus("bad.txt", bad, a); err == nil || !strings.Contains(err.Error(), "bad.txt:1") {
			t.Errorf("ParseThesaurus(%q) error = %v, want one naming bad.txt:1", bad, err)
		}
	}
}

func TestEmbeddedThesaurusLoaded(t *testing.T) {
	a := analyzer(t)
	if got := a.Thesaurus().Expand("长者"); len(got) == 0 {
		t.Fatal("the built-in thesaurus has no synonyms for 长者")
	}
}

func TestTaxonomy(t *testing.T) {
	a := analyzer(t)
	tx, err := ParseTaxonomy("topics.txt", "养老: 养老, 老年人\n养老 › 时间银行: 时间银行\n托育: 托育, 托幼\n", a)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		text []string
		want string
	}{
		{"subtopic implies parent", []string{"探索時間銀行"}, "养老,养老 › 时间银行"},
		{"two fields", []string{"托幼服务", "关爱老年人"}, "养老,托育"},
		{"none", []string{"困境儿童"}, ""},
	}
	for _, c := range cases {
		if got := strings.Join(tx.Assign(c.text...), ","); got != c.want {
			t.Errorf("%s: Assign = %q, want %q", c.name, got, c.want)
		}
	}
	for _, bad := range []string{"养老 老年人\n", "养老:\n", "养老: a\n养老: b\n", "缺失 › 子: x\n"} {
		if _, err := ParseTaxonomy("topics.txt", bad, a); err == nil || !strings.Contains(err.Error(), "topics.txt") {
			t.Errorf("ParseTaxonomy(%q) error = %v", bad, err)
		}
	}
}

func TestEmbeddedTaxonomy(t *testing.T) {
	a := analyzer(t)
	got := a.Topics().Assign("建立养老服务时间银行制度")
	want := map[string]bool{"养老": false}
	for _, g := range got {
		if _, ok := want[g]; ok {
			want[g] = true
		}
	}
	if !want["养老"] || len(got) < 2 {
		t.Fatalf("topics of a 时间银行 text: %q", got)
	}
}

// TestGramText: folded as Fold folds, and only letters, digits and Han
// characters kept; the table agrees with foldRune on every rune.
func TestGramText(t *testing.T) {
	a := MustDefault()
	for in, want := range map[string]string{
		"深圳市人民政府，关于加\n快": "深圳市人民政府关于加快",
		"時間銀行 ＡＢＣ１２３":    "时间银行abc123",
		"“居家养老”（试点）":     "居家养老试点",
		"，。！ \n\t":       "",
		"a\xffb𫝈𠀀":       "ab𫝈𠀀",
	} {
		if got := a.GramText(in); got != want {
			t.Errorf("GramText(%q) = %q, want %q", in, got, want)
		}
	}
	for r := rune(0); r <= 0x2FFFF; r++ {
		if r >= 0xD800 && r < 0xE000 {
			continue
		}
		want := ""
		if f := a.foldRune(r); isWordRune(f) {
			want = string(f)
		}
		if got := a.GramText(string(r)); got != want {
			t.Fatalf("GramText(%U) = %q, want %q", r, got, want)
		}
	}
}

// TestGramMatcher: a matcher finds a fragment exactly where GramText's
// text holds it, on random texts of traditional, simplified, full-width,
// upper- and lower-case forms, punctuation, line breaks and bad bytes.
func TestGramMatcher(t *testing.T) {
	a := MustDefault()
	alphabet := []string{"养", "老", "服", "務", "务", "事", "業", "业", "A", "a", "Ａ", "ａ", "1", "１", "，", "\n", " ", "“", "\xff", "𫝈", "𐐀", "𐐨"}
	rng := rand.New(rand.NewPCG(3, 4))
	text := func(n int) string {
		var b strings.Builder
		for range n {
			b.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		return b.String()
	}
	found := 0
	for range 20000 {
		doc := text(rng.IntN(30))
		frag := a.GramText(text(1 + rng.IntN(4)))
		want := strings.Contains(a.GramText(doc), frag)
		if got := a.NewGramMatcher(frag).Match([]byte(doc)); got != want {
			t.Fatalf("NewGramMatcher(%q).Match(%q) = %v, want %v (gram text %q)", frag, doc, got, want, a.GramText(doc))
		}
		if want {
			found++
		}
	}
	if found < 1000 {
		t.Fatalf("only %d matches: the test tests little", found)
	}
}
