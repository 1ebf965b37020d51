package search

import (
	"context"
	"math"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/govreply/precedent/dict"
)

// A queryUnit is one word of a user's query as the ranking weighs it: the
// ways it matches (its leaf groups), how specific it is, and whether any
// indexed text holds it.
type queryUnit struct {
	text     string // as folded
	t        term
	merged   bool   // single characters the dictionary does not know together (七弟, or 不给 of a sentence)
	sentence bool   // a word of a sentence (isSentence)
	clause   int    // the query clause (a token the user typed) it is a word of
	at, end  int    // where its word stands in the clause's text (byte offsets): as typed (typedAs)
	pos      string // its part of speech, from the dictionary
	groups   []leafGroup
	exp      *Expansion // the thesaurus words searched for it

	st      termStat // the whole word's statistics
	matched bool     // some leaf of it matches an indexed text
	covered bool     // a thesaurus word of the clause it is in matches (老人食堂: 长者饭堂)
	weight  float64  // how specific it is (weigh)
	generic bool     // a word of any topic: it alone answers nothing
	lesser  bool     // generic only for weighing little beside the query's most specific word
	topic   bool     // names a topic by both signs: a noun-class word, repeated in the texts that have it (posFactor and burstFactor 1)
}

// A leafGroup is a way a unit matches: its leaves, and how much of the unit
// a match covers.
type leafGroup struct {
	leaves   []query.Query
	credit   float64
	additive bool    // the credits of additive groups add up (a compound's pieces)
	topical  bool    // a piece that names a topic of its own (养老 of 养老护理; not 无人 of 无人机)
	posF     float64 // a piece's posFactor
	also     []int   // further units the group covers (a synonym of several words)
	bound    bool    // the part of a compound typed alone, kept only if bound to it (boundPieces)
	key      string  // what its count is remembered by, "" for not at all (groupDF)
	df       uint64
	// postings is a lower bound of the postings a search of its leaves
	// visits, over all parts (weigh): its terms' in their fields, or the
	// texts its phrases match.
	postings uint64
}

// Weights of the parts of a query.
const (
	synonymWeight  = 0.5 // all thesaurus words of a word count half the word typed
	adjacentWeight = 1.0 // two query words standing together, per field
	phraseWeight   = 2.0 // the whole query standing together, per field
	pieceWeight    = 0.3 // a piece of a compound, in a query of several words
	compoundBoost  = 2.0 // a dictionary compound found whole (a term, where another word needs its phrase too)

	// maxVerbatimWords bounds the clauses found verbatim.
	maxVerbatimWords = 8

	// sentenceWords is how many words of two characters or more make a
	// typed clause a sentence.
	sentenceWords = 4

	pieceCredit = 0.6 // how much of a compound its pieces cover, together
	headCredit  = 0.6 // how much of 志愿者 志愿 covers
)

// unitOf is the unit of query word w searched in fields: the word itself
// and its thesaurus words (credit 1), and in a query of several words
// (relax) its pieces, or else its head word (志愿者: 志愿). A piece of one
// character never matches on its own: 无人机 is not 机.
func (s *Searcher) unitOf(w dict.Word, fields []weightedField, relax bool, thes *dict.Thesaurus) *queryUnit {
	t := s.termOf(w)
	u := &queryUnit{text: w.Text, t: t, pos: s.a.POS(w.Text), merged: !t.known && utf8.RuneCountInString(w.Text) == len(t.pieces) && len(t.pieces) > 1}
	u.groups = append(u.groups, leafGroup{leaves: t.leaves(nil, fields, 1), credit: 1})
	if relax && len(t.pieces) > 1 {
		var multi []string
		for _, p := range t.pieces {
			if utf8.RuneCountInString(p) > 1 && !s.a.IsStopWord(p) {
				multi = append(multi, p)
			}
		}
		for _, p := range multi {
			pt := term{text: p, pieces: []string{p}}
			pf := posFactor(s.a.POS(p), 2)
			u.groups = append(u.groups, leafGroup{leaves: pt.leaves(nil, prose(fields), pieceWeight),
				credit: pieceCredit / float64(len(t.pieces)), additive: true, posF: pf, topical: pf >= 1})
		}
	} else if head := headWord(t.pieces, t.known); head != "" {
		// A word made of a word and a suffix (志愿者, 老年人, 养老院) also
		// finds its head word (志愿服务, 老年社工), below it.
		ht := term{text: head, pieces: []string{head}}
		u.groups = append(u.groups, leafGroup{leaves: ht.leaves(nil, prose(fields), pieceWeight), credit: headCredit})
	} else if pt, ok := boundCandidate(t); ok {
		// A compound typed alone (烂尾楼, 渣土车) also finds the texts that
		// say it by the part bound to it (烂尾, 渣土), below the texts that
		// have it whole; weigh keeps the part only if the texts use it
		// mostly in the compound's sense.
		pf := prose(fields)
		key := "\x00part\x00" + pt.text
		for _, f := range pf {
			key += "\x00" + f.name
		}
		u.groups = append(u.groups, leafGroup{leaves: pt.leaves(nil, pf, pieceWeight), credit: headCredit, bound: true, key: key})
	}
	if syns := thes.Expand(w.Text); len(syns) > 0 {
		var leaves []query.Query
		var used []string
		for _, syn := range syns {
			if st, ok := s.termOfText(syn); ok {
				leaves = st.leaves(leaves, fields, synonymWeight/float64(len(syns)))
				used = append(used, syn)
			}
		}
		if len(leaves) > 0 {
			u.groups = append(u.groups, leafGroup{leaves: leaves, credit: 1})
		}
		u.exp = &Expansion{Term: w.Text, Synonyms: used}
	}
	return u
}

// looseEnds are the characters a sentence adds to a word without naming
// another thing: 邻居家 is the neighbour's, 家门口 the door, 老人家 an old
// person.
const looseEnds = "家" + locatives

// loosen makes the word of a loose compound of a sentence, a word and one
// of the looseEnds (邻居家, 家门口), as good as the compound: a text with
// 邻居 answers 邻居家的狗 as well as one with 邻居家, and the compound, rare
// in the texts, weighs as its word (weigh: otherWords) and does not make
// the sentence's topic (狗) generic beside it.
func loosen(u *queryUnit) {
	p := u.t.pieces
	if len(p) != 2 || len(u.groups) < 2 || !u.groups[1].additive {
		return
	}
	word, end := p[0], p[1]
	if utf8.RuneCountInString(word) == 1 {
		word, end = end, word
	}
	if utf8.RuneCountInString(end) != 1 || utf8.RuneCountInString(word) < 2 || !strings.Contains(looseEnds, end) {
		return
	}
	g := &u.groups[1]
	g.credit, g.additive = 1, false
}

// found reports whether some text answers the unit: it matches, or a
// thesaurus word of its whole clause does.
func (u *queryUnit) found() bool { return u.matched || u.covered }

// whole is the query of the unit itself and its thesaurus words (the groups
// of full credit), nil when none matches any text.
func (u *queryUnit) whole() query.Query {
	var qs []query.Query
	for _, g := range u.groups {
		if g.credit >= 1 && g.df > 0 && !g.additive {
			qs = append(qs, g.leaves...)
		}
	}
	if qs == nil {
		return nil
	}
	return disjunction(qs)
}

// partial reports whether the unit has both ways of matching it whole
// beside the word (thesaurus words) and ways of matching a part of it
// (pieces, head word, bound part).
func (u *queryUnit) partial() bool {
	for i := range u.groups {
		if u.groups[i].df > 0 && u.otherWords(i) {
			return u.hasPart()
		}
	}
	return false
}

// hasPart reports whether the unit also matches by a part of it (pieces,
// head word, bound part) that some text holds; after weigh, which counts
// the groups and drops the bound parts the texts do not use in the word's
// sense.
func (u *queryUnit) hasPart() bool {
	return slices.ContainsFunc(u.groups, func(g leafGroup) bool { return g.credit < 1 && g.df > 0 })
}

// otherWords reports whether the unit's group i is its thesaurus words: the
// word said otherwise, not the word itself, a part of it, or a thesaurus
// word of its whole clause.
func (u *queryUnit) otherWords(i int) bool {
	g := &u.groups[i]
	return i > 0 && g.credit >= 1 && !g.additive && g.also == nil
}

// marks is the query that marks the unit's matches in a hit.
func (u *queryUnit) marks() query.Query {
	var all []query.Query
	for _, g := range u.groups {
		all = append(all, g.leaves...)
	}
	return disjunction(all)
}

// Parts of speech and how much a word of each says about a text's topic.
// Nouns, names, abbreviations and idioms name topics; verbs less so (排放,
// 补办 come with any topic); adjectives, adverbs, pronouns and the like are
// the frame of a sentence (强烈, 迟迟, 哪里).
func posFactor(pos string, runes int) float64 {
	switch {
	case runes == 1:
		return ranking.charPOS // a character said alone: 院 of 老人院, 去
	case pos == "":
		return 1 // not in the dictionary: a name or a new word
	case strings.HasPrefix(pos, "n"), pos == "j", pos == "l", pos == "i", pos == "vn", pos == "eng", pos == "x":
		return 1
	case strings.HasPrefix(pos, "v"):
		return ranking.verbPOS
	case pos == "a", pos == "an", pos == "b":
		return ranking.adjPOS
	}
	return ranking.functionPOS // d, ad, r, c, p, u, y, e, o, m, q, t, f, s, z …
}

// ranking holds the numbers the ranking is tuned by, each measured on the
// judged sets (the seed's and the real corpus's dev split; README).
var ranking = struct {
	coverageExponent                      float64 // how strongly coverage ranks (coverageQuery)
	genericRatio                          float64 // a word weighing less than this share of the query's most specific is generic
	genericFactor                         float64 // a word whose part of speech and repetition say this little is generic
	charPOS, verbPOS, adjPOS, functionPOS float64 // posFactor's weights
	mergedPOS                             float64 // a queryUnit's that is merged
	unitBoostExp                          float64 // how much a unit's weight scales its own score
	keepPartial                           bool    // keep the found half of a typed compound of two (dropPartialCompounds)
}{
	coverageExponent: 2, genericRatio: 0.6, genericFactor: 0.4,
	charPOS: 0.6, verbPOS: 0.5, adjPOS: 0.5, functionPOS: 0.3, mergedPOS: 0.5,
	unitBoostExp: 1,
}

// burstFactor weighs a word by how often it comes back in a text that has
// it, once minDocs bodies or more hold it: a topic's word is repeated (物业
// 4 times a text in the real messages, 驾驶证 1.8), a frame word is said
// once (强烈 1.16, 怎么办 1.15).
func burstFactor(st termStat, minDocs uint64) float64 {
	if st.bodyDF < minDocs {
		return 1 // too few texts to tell
	}
	return min(1, max(0.25, (st.burst()-1)/0.6))
}

// burstMinDocs is how many bodies must hold a word for its repetition to
// tell anything; idiomMinDocs the fewer an idiom or set phrase of a sentence
// needs (gse's l and i: 受不了, 遥遥无期, 一刀切): one the texts do not repeat
// frames the sentence however rare (受不了, 25 messages, 1.04 times each,
// was the rarest word of 楼下的垃圾站太臭了夏天受不了, and its texts came
// first), where a rare noun is given the benefit of the doubt. Typed as a
// keyword, an idiom is the topic the user chose (乱搭乱建).
const (
	burstMinDocs = 50
	idiomMinDocs = 10
)

// idiom reports whether pos is gse's tag of an idiom or a set phrase.
func idiom(pos string) bool { return pos == "l" || pos == "i" }

// Thresholds of genericity.
const (
	// genericShare: a word in more than this share of the texts is generic,
	// in an index of genericMinDocs texts or more (in a small one, of one
	// office's few proposals on one theme, most words are in most texts).
	genericShare   = 0.2
	genericMinDocs = 1000
)

// weigh looks up the units' statistics and sets how specific each is, which
// match anything, and which are generic.
func (s *Searcher) weigh(units []*queryUnit) {
	if len(units) == 0 {
		return
	}
	n := float64(s.DocCount())
	st := s.statsOf()
	defer st.close()
	maxW := 0.0
	for _, u := range units {
		u.st = s.unitStat(st, u)
		df := u.st.df
		for i := range u.groups {
			g := &u.groups[i]
			if i == 0 {
				g.df = df
			} else {
				g.df = s.groupDF(st, g)
			}
		}
		u.groups = boundPieces(u.groups, df)
		for i := range u.groups {
			g := &u.groups[i]
			g.postings = st.postings(g.leaves)
			if !allTerms(g.leaves) {
				g.postings = max(g.postings, g.df) // counted on these leaves (groupDF, unitStat)
			}
			u.matched = u.matched || g.df > 0
			if df == 0 && g.df > 0 {
				df = g.df // a compound the texts have only in pieces: as specific as its most common piece
			}
		}
		if !u.matched {
			continue
		}
		sharePieces(u.groups, n)
		// A compound searched with other words is as specific as the
		// idea its pieces make together: 养老服务设施, a word of the
		// dictionary one seed text holds verbatim, is said by many as 养老
		// 服务 设施 apart; weighed as a word of one text it made 社区 and
		// 建设 of 社区养老服务设施建设 generic beside it.
		if c := s.piecesDF(u); c > df {
			df = c
		}
		// A word is as specific as the idea it is searched as: 信号灯 (34
		// messages) is also 红绿灯 (142), so it weighs as the commoner of
		// its thesaurus words, not as its rarest spelling, and does not
		// make the sentence's other topic words (事故) generic. (A synonym
		// of a whole clause, 房屋所有权证 of 不动产权证书, stands for all its
		// words, not this one.)
		for i := range u.groups {
			if u.otherWords(i) {
				df = max(df, u.groups[i].df)
			}
		}
		inv := idf(float64(df), n)
		minDocs := uint64(burstMinDocs)
		if u.sentence && idiom(u.pos) {
			minDocs = idiomMinDocs
		}
		f := posFactor(u.pos, utf8.RuneCountInString(u.text)) * burstFactor(u.st, minDocs)
		adverb := s.adverbFirst(u.text)
		glue := u.merged && (u.sentence || adverb)
		if glue && u.sentence && !adverb {
			// Unless enough texts hold it to tell: then it weighs as a
			// word the dictionary lacks, by how the texts repeat it. 交房
			// (2.4 times a text) is the topic of 开发商一直拖着不交房; 给个
			// of 给个说法 and 派人 are said once a text, the frame.
			if rs := s.runStat(u.t); rs.bodyDF >= burstMinDocs {
				f, glue = burstFactor(rs, burstMinDocs), false
			}
		}
		if glue {
			// A run of characters no word of the dictionary: a name (七弟)
			// when typed alone, more often the glue of a sentence (给个
			// 说法, 去哪里), and no name when it starts with an adverb
			// (燃气费太高): how specific it is is not to be told from its
			// few matches.
			f = ranking.mergedPOS
		}
		if s.misreadName(u) || u.sentence && placedName(u) {
			f = ranking.functionPOS // 太贵: an adverb and an adjective, the frame; 河里: a place
		}
		u.weight = inv * f
		u.topic = f >= 1
		u.generic = f <= ranking.genericFactor || (n >= genericMinDocs && float64(df) > genericShare*n)
		if glue && u.sentence {
			// Nor does it set the measure of the others: a run one text
			// holds (人修 of 村里的路坑坑洼洼没人修) would leave every other
			// word generic, and the sentence that one text.
			continue
		}
		maxW = max(maxW, u.weight)
	}
	for _, u := range units {
		for _, g := range u.groups {
			if g.df > 0 {
				for _, o := range g.also {
					units[o].covered = true
				}
			}
		}
	}
	for _, u := range units {
		if u.matched && u.weight < ranking.genericRatio*maxW {
			u.lesser = !u.generic
			u.generic = true
		}
	}
}

// misreadName reports whether u is a word the dictionary knows only as a
// rare person's name (under rareNameFreq) that starts with an adverb (太,
// 不, 最, 更 …, by the dictionary's tag of the character): 太贵, a name 17
// times in gse's counts, is 太 贵 (too dear), no name. It weighs as the
// frame words (adverbs and the like) do, not as a rare name: 幼儿园太贵了
// and 停车场收费太贵 are about 幼儿园 and 停车场. (A name the dictionary
// knows well, or one that starts otherwise, 红绿灯, a name 22 times, is
// left as it is.)
func (s *Searcher) misreadName(u *queryUnit) bool {
	if !strings.HasPrefix(u.pos, "nr") || s.a.Freq(u.text) >= rareNameFreq {
		return false
	}
	return s.adverbFirst(u.text)
}

// placedName reports whether u is a word the dictionary tags as a noun or
// a name that is a character and a locative (河里, a place name to gse 324
// times; 庙里, 镇里, 店里): in a sentence it places what is said (河里的鱼都
// 死了, in the river), as 村里 and 家里 (tagged as place words) do, and
// weighs as they do, not as the rare name that made 工厂晚上偷偷排污水河里的
// 鱼都死了 the 21 texts saying 河里. (Not 中: 华中, 汉中 and the like are
// names.)
func placedName(u *queryUnit) bool {
	r := []rune(u.text)
	return strings.HasPrefix(u.pos, "n") && len(r) == 2 && r[1] != '中' && strings.ContainsRune(locatives, r[1])
}

// adverbFirst reports whether w starts with a character the dictionary
// tags as an adverb (太, 不, 最, 更 …): no name starts so.
func (s *Searcher) adverbFirst(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return s.a.CharPOS(r) == "d"
}

// rareNameFreq: a word gse's dictionary has as a person's name fewer times
// than this is as likely a run of words it once misread (the project's
// own names have 100).
const rareNameFreq = 100

// sharePieces shares the credit of a compound's pieces among those that
// match by how specific each is (its idf times its part of speech's
// factor): 电梯 covers more of 加装电梯 than 加装 does, so a text about a
// lift comes before one that adds a railing (加装护栏).
func sharePieces(groups []leafGroup, n float64) {
	var total, sum float64
	for _, g := range groups {
		if g.additive && g.df > 0 {
			total += g.credit
			sum += pieceSpecificity(g, n)
		}
	}
	if sum <= 0 {
		return
	}
	for i := range groups {
		if g := &groups[i]; g.additive && g.df > 0 {
			g.credit = total * pieceSpecificity(*g, n) / sum
		}
	}
}

// pieceSpecificity is how specific a compound's piece is in an index of n
// texts, as weigh tells a word's: its idf times its part of speech's factor.
func pieceSpecificity(g leafGroup, n float64) float64 {
	return idf(float64(g.df), n) * g.posF
}

// idf is the inverse document frequency of a word in df of n texts, as
// BM25 has it.
func idf(df, n float64) float64 {
	return math.Log(1 + (n-df+0.5)/(df+0.5))
}

// boundCandidate is the part of compound t that may stand for it when the
// dictionary knows none of its parts (烂尾楼, 渣土车: three characters):
// the word without its last character, the head a Chinese compound ends in
// (烂尾, 渣土), as the phrase of its characters. A compound of words
// (时间银行) is one idea and is matched only whole.
func boundCandidate(t term) (term, bool) {
	if len(t.pieces) != 3 {
		return term{}, false // an idiom of four (综上所述) has no head
	}
	for _, p := range t.pieces {
		if utf8.RuneCountInString(p) > 1 {
			return term{}, false
		}
	}
	last := len(t.pieces) - 1
	return term{text: strings.Join(t.pieces[:last], ""), pieces: t.pieces[:last]}, true
}

// boundShare is the least share of the texts holding the part of a
// compound typed alone (boundCandidate) that must hold the compound too for
// the part to stand for it: 烂尾 is said mostly of 烂尾楼 (a stalled
// building, 24 of 60 real messages), 渣土 of 渣土车 (63 of 104), 治疗 seldom
// of 治疗费 (20 of 165).
const boundShare = 0.4

// boundPieces drops the bound groups (the part of a compound typed alone)
// whose part the texts do not use mostly in the compound's sense: fewer
// than boundShare of the texts with the part have the compound (df texts),
// or none has the compound at all.
func boundPieces(groups []leafGroup, df uint64) []leafGroup {
	out := groups[:0]
	for _, g := range groups {
		if g.bound && (df == 0 || float64(df) < boundShare*float64(g.df)) {
			continue
		}
		out = append(out, g)
	}
	return out
}

// finder reports whether a lesser unit may find texts: a word of a keyword
// query, or of a sentence a word that names a topic (公交车 beside 班次 in
// 公交车班次太少等一趟车要一个小时希望增加班次: a message about buses that are
// hard to wait for answers it too), never its frame (怎么办, 强烈要求, 一个
// 小时), which must not find texts.
func finder(u *queryUnit) bool {
	return u.matched && (!u.sentence || u.topic)
}

// lesserTier returns tiers with one more when a lesser word finds texts
// (coverageOf): the texts with a specific word (or a thesaurus word of it,
// or a clause verbatim), so that every one of them ranks above the texts
// with lesser words only.
func lesserTier(units []*queryUnit, tiers []coverageClause) []coverageClause {
	var specific []query.Query
	lesser := false
	for _, u := range units {
		switch {
		case !u.matched:
		case u.lesser:
			lesser = lesser || finder(u)
		case !u.generic:
			if w := u.whole(); w != nil {
				specific = append(specific, w)
			}
		}
	}
	if !lesser || specific == nil {
		return tiers
	}
	// A text with a clause verbatim has its words, however the word index
	// segmented them there.
	for _, t := range tiers {
		specific = append(specific, t.q)
	}
	return append(tiers, coverageClause{q: disjunction(specific), unit: -1, tier: true})
}

// unitStat is the statistics of a unit's whole word: the term's, or for a
// word matched as the phrase of its pieces, how many texts the phrase
// matches (counted once, then remembered).
func (s *Searcher) unitStat(st *statReader, u *queryUnit) termStat {
	if len(u.t.pieces) <= 1 || u.t.known {
		return st.get(u.t.text)
	}
	return termStat{df: s.countOf("\\x00phrase\\x00"+u.t.text, u.groups[0].leaves)}
}

// groupDF is how many texts a leaf group may match: the most of any of its
// single terms, or its count (remembered under the group's key, if any).
func (s *Searcher) groupDF(st *statReader, g *leafGroup) uint64 {
	if !allTerms(g.leaves) {
		return s.countOf(g.key, g.leaves)
	}
	var df uint64
	for _, l := range g.leaves {
		df = max(df, st.get(l.(*query.TermQuery).Term).df)
	}
	return df
}

// allTerms reports whether every leaf is a term query.
func allTerms(leaves []query.Query) bool {
	for _, l := range leaves {
		if _, ok := l.(*query.TermQuery); !ok {
			return false
		}
	}
	return true
}

// countOf is how many texts the disjunction of leaves matches, over all
// parts; remembered under key unless key is "".
func (s *Searcher) countOf(key string, leaves []query.Query) uint64 {
	if key != "" {
		if st, ok := s.terms.get(key); ok {
			return st.df
		}
	}
	req := bleve.NewSearchRequestOptions(disjunction(leaves), 0, 0, false)
	req.Score = "none"
	res, err := s.run(context.Background(), req)
	if err != nil {
		return 0
	}
	if key != "" {
		s.terms.put(key, termStat{df: res.Total})
	}
	return res.Total
}

// runStat is the statistics of t, a run of characters no word of the
// dictionary holds (交房, 给个), in the body fields, read from the texts that
// hold its characters in a row (the first maxRunDocs of them, in the
// index's order, not by how often they say it): in how many and how often,
// so that weigh can tell a run the texts repeat, as they repeat a topic's
// word, from one said once, the glue of a sentence. Remembered.
func (s *Searcher) runStat(t term) termStat {
	key := "\x00run\x00" + t.text
	if st, ok := s.terms.get(key); ok {
		return st
	}
	req := bleve.NewSearchRequestOptions(disjunction(phraseLeaves(nil, t.pieces, bodyFields, 1)), maxRunDocs, 0, false)
	req.IncludeLocations = true
	req.Score = "none" // the first texts, not those that repeat it most
	res, err := s.run(context.Background(), req)
	if err != nil {
		return termStat{}
	}
	var st termStat // bodyDF and bodyCF of the sample; df is not counted
	for _, h := range res.Hits {
		n := 0
		for _, tl := range h.Locations {
			n += len(tl[t.pieces[0]]) // a phrase's matches are its first word's
		}
		if n > 0 {
			st.bodyDF++
			st.bodyCF += uint64(n)
		}
	}
	s.terms.put(key, st)
	return st
}

// maxRunDocs is how many texts runStat reads a run's repetition from.
const maxRunDocs = 300

// unitBoost is how much a unit's own score counts beside the query's most
// specific word's, by their weights: a generic word's matches add little.
func unitBoost(weight, maxWeight float64) float64 {
	if maxWeight <= 0 {
		return 1
	}
	return math.Pow(weight/maxWeight, ranking.unitBoostExp)
}

// coverageOf is the coverageQuery of the units, with the proximity clauses
// adding to the scores and the tiers (the clauses found verbatim) ranking
// above them. nothing reports that the query's specific words
// match no text and only generic ones do: no text answers it.
//
// When every word of the query is found and no clause only apart
// (complete), a word of a keyword query that is generic only for weighing
// less than the most specific word (lesser: 培训 beside 护工, 扰民 beside
// 广场舞) finds texts too, after every text with a specific word.
func coverageOf(units []*queryUnit, prox []query.Query, tiers []coverageClause, complete bool) (q query.Query, nothing bool) {
	cq := &coverageQuery{units: make([]float64, len(units))}
	specific, unmatched := false, false
	maxW := 0.0
	for i, u := range units {
		if !u.matched {
			unmatched = true
			continue
		}
		cq.units[i] = u.weight
		cq.total += u.weight
		specific = specific || !u.generic
		maxW = max(maxW, u.weight)
	}
	if !specific && unmatched {
		return query.NewMatchNoneQuery(), true
	}
	for i, u := range units {
		if !u.matched {
			continue
		}
		finds := complete && finder(u) && u.lesser // a lesser word finds texts too (lesserTier ranks them last)
		for _, g := range u.groups {
			if g.df == 0 {
				continue
			}
			// A group that stands for several units (the thesaurus words
			// of a clause typed whole, 拖欠工资: 欠薪) is as specific as the
			// most specific of them, whichever unit it hangs on.
			weight, generic := u.weight, u.generic
			for _, j := range g.also {
				if units[j].matched {
					weight, generic = max(weight, units[j].weight), generic && units[j].generic
				}
			}
			b := unitBoost(weight, maxW)
			for _, l := range g.leaves {
				if bq, ok := l.(query.BoostableQuery); ok {
					bq.SetBoost(bq.Boost() * b)
				}
			}
			// A compound's pieces find texts when no text has the compound
			// whole (养老护理 as 养老 and 护理), or when they name topics of
			// their own (社区养老: 养老); else they only add to the texts
			// that have it or the other words (无人机 表演 is not 无人问津).
			driver := !generic && (!g.additive || g.topical || u.st.df == 0) || finds && !g.additive
			cq.clauses = append(cq.clauses, coverageClause{q: disjunction(g.leaves), unit: i, also: g.also,
				credit: g.credit, additive: g.additive, driver: driver})
			if driver {
				cq.postings += g.postings
			}
		}
	}
	if complete {
		tiers = lesserTier(units, tiers)
	}
	for _, p := range prox {
		cq.clauses = append(cq.clauses, coverageClause{q: p, unit: -1})
	}
	for _, t := range tiers {
		cq.clauses = append(cq.clauses, t)
		cq.tiered = true
	}
	return cq, false
}

// dropPartialCompounds drops the words of a typed compound of two words
// when the other one matches nothing: 量子通信 is one idea, and texts about
// 通信 do not answer it when no text has 量子. (The words of a longer
// clause, a sentence, are kept: one missing word of a sentence leaves the
// others' meaning.)
func dropPartialCompounds(units []*queryUnit) {
	if ranking.keepPartial {
		return
	}
	byClause := map[int][]*queryUnit{}
	for _, u := range units {
		byClause[u.clause] = append(byClause[u.clause], u)
	}
	for _, us := range byClause {
		if len(us) != 2 || us[0].found() == us[1].found() {
			continue
		}
		for _, u := range us {
			u.matched = false
		}
	}
}

// unmatchedWords names the query's words that no text holds: a typed clause
// none of whose words any text holds by its text as typed (区块链, not 区块
// and 链), else each such word, and characters of a sentence said one after
// another as the run the user typed (想退费找谁, not 想, 退, 费, 找 and 谁).
func unmatchedWords(units []*queryUnit, clauses []Clause) []string {
	var out []string
	byClause := map[int][]*queryUnit{}
	var order []int
	for _, u := range units {
		if _, ok := byClause[u.clause]; !ok {
			order = append(order, u.clause)
		}
		byClause[u.clause] = append(byClause[u.clause], u)
	}
	for _, c := range order {
		us := byClause[c]
		none := true
		for _, u := range us {
			none = none && !u.found()
		}
		if none && len(us) > 1 {
			out = append(out, strings.TrimSpace(clauses[c].Text))
			continue
		}
		text := clauses[c].Text
		var run *queryUnit // the first unit of the last word said, if a character of a sentence
		for i, u := range us {
			if u.found() {
				run = nil
				continue
			}
			if run != nil && u.sentence && oneChar(u) && us[i-1].end == u.at {
				out[len(out)-1] = typedAs(text, run.at, u.end, out[len(out)-1]+u.text)
				continue
			}
			out = append(out, typedAs(text, u.at, u.end, u.text))
			run = nil
			if u.sentence && oneChar(u) {
				run = u
			}
		}
	}
	return out
}

// oneChar reports whether u is a word of one character.
func oneChar(u *queryUnit) bool { return utf8.RuneCountInString(u.text) == 1 }

// relativeWeights is each unit's weight over the most specific one's
// (unitBoost), 1 for a phrase (nil) and 0 for a unit no text holds.
func relativeWeights(units []*queryUnit) []float64 {
	maxW := 0.0
	for _, u := range units {
		if u != nil && u.matched {
			maxW = max(maxW, u.weight)
		}
	}
	out := make([]float64, len(units))
	for i, u := range units {
		switch {
		case u == nil:
			out[i] = 1
		case u.matched:
			out[i] = unitBoost(u.weight, maxW)
		}
	}
	return out
}

// apartClauses names the typed clauses of two or three words (a keyword,
// 出口退税政策) each of whose words some text holds but no text all of them:
// the idea is nowhere, only its parts; the hits are partial, and the
// response says so.
func (s *Searcher) apartClauses(units []*queryUnit, clauses []Clause) []string {
	byClause := map[int][]*queryUnit{}
	var order []int
	for _, u := range units {
		if _, ok := byClause[u.clause]; !ok {
			order = append(order, u.clause)
		}
		byClause[u.clause] = append(byClause[u.clause], u)
	}
	var out []string
	for _, c := range order {
		us := byClause[c]
		if len(us) == 1 && !us[0].sentence && us[0].matched && !us[0].covered && us[0].whole() == nil {
			// A word no text holds, nor its thesaurus words, that its
			// parts find (医疗券: 医疗): the texts hold it only in part.
			out = append(out, strings.TrimSpace(clauses[c].Text))
			continue
		}
		if len(us) < 2 || us[0].sentence {
			continue
		}
		all := make([]query.Query, 0, len(us))
		found, apart := true, false
		for _, u := range us {
			found = found && u.found()
			if w := u.whole(); w != nil {
				all = append(all, w)
			} else if !u.covered {
				apart = true // the word itself is nowhere, only its pieces
			}
		}
		if !found {
			continue // said already (unmatchedWords)
		}
		if !apart && len(all) == len(us) {
			key := "\x00all\x00" + strings.TrimSpace(s.a.Fold(clauses[c].Text))
			apart = s.countOf(key, []query.Query{query.NewConjunctionQuery(all)}) == 0
		}
		if apart {
			out = append(out, strings.TrimSpace(clauses[c].Text))
		}
	}
	return out
}

// piecesDF is how many texts hold every piece of the unit's compound (its
// additive groups, which a word has in a query of several words), 0 when it
// has fewer than two pieces or one that no text has; weigh calls it once it
// has counted the groups. Counted once a searcher, like the terms'
// statistics.
func (s *Searcher) piecesDF(u *queryUnit) uint64 {
	var parts []query.Query
	var fields []string
	for _, g := range u.groups {
		if g.additive {
			if g.df == 0 {
				return 0
			}
			parts = append(parts, disjunction(g.leaves))
			if fields == nil {
				for _, l := range g.leaves {
					if tq, ok := l.(*query.TermQuery); ok {
						fields = append(fields, tq.Field())
					}
				}
			}
		}
	}
	if len(parts) < 2 {
		return 0
	}
	// A clause searched in some fields only counts there.
	key := "\x00pieces\x00" + u.text + "\x00" + strings.Join(fields, "\x00")
	return s.countOf(key, []query.Query{query.NewConjunctionQuery(parts)})
}
