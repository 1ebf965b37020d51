package search

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/govreply/precedent/dict"
	"github.com/govreply/precedent/indexer"
	"github.com/govreply/precedent/record"
)

// A weightedField is a text field searched and how much a match in it counts.
type weightedField struct {
	name  string
	boost float64
}

// allFields are the text fields a query word is looked for in. The title
// and the suggestion say what a document is about; replies say more, at
// more length.
var allFields = []weightedField{
	{indexer.FieldTitle, 3}, {indexer.FieldSuggestion, 2},
	{indexer.FieldDone, 1}, {indexer.FieldInProgress, 1}, {indexer.FieldPlanned, 1}, {indexer.FieldNotAdopted, 1},
	{indexer.FieldLetter, 1},
	{indexer.FieldProposer, 1.5}, {indexer.FieldDepartments, 1},
}

// proseFields are the fields where words standing together is a signal.
var proseFields = allFields[:7]

// replyFields are the fields of a reply.
var replyFields = allFields[2:7]

// fieldsFor returns the fields a clause with field prefix f searches.
func fieldsFor(f string) []weightedField {
	switch f {
	case "":
		return allFields
	case "reply":
		return replyFields
	}
	for _, wf := range allFields {
		if wf.name == f {
			return []weightedField{{wf.name, 1}}
		}
	}
	return allFields
}

// A term is something to match: a word as a whole term or as the phrase of
// its pieces.
type term struct {
	text   string   // whole folded text
	pieces []string // finest segmentation, len 1 for a short word; for a phrase, its words' phrase()
	known  bool     // a dictionary word: indexed as a term wherever whole pieces spell it
}

// phrase is how t is matched within a phrase: a dictionary word as itself,
// then a gap for each further piece (the index holds it at the position of
// its first piece, and a whole word is a far rarer term than its pieces, so
// the phrase has fewer places to check); another word as its pieces.
func (t term) phrase() []string {
	if t.known && len(t.pieces) > 1 {
		out := make([]string, len(t.pieces))
		out[0] = t.text
		return out
	}
	return t.pieces
}

// joinPhrases is the phrase of terms standing in a row, without trailing gaps.
func joinPhrases(ts []term) []string {
	var out []string
	for _, t := range ts {
		out = append(out, t.phrase()...)
	}
	for len(out) > 0 && out[len(out)-1] == "" {
		out = out[:len(out)-1]
	}
	return out
}

// phraseTerm is the term of text matched as phrase: when the phrase is one
// word, that word.
func phraseTerm(text string, phrase []string) term {
	if len(phrase) == 1 {
		return term{text: phrase[0], pieces: phrase}
	}
	return term{text: text, pieces: phrase}
}

func (s *Searcher) termOf(w dict.Word) term {
	known := s.a.Freq(w.Text) > 0 && utf8.RuneCountInString(w.Text) <= dict.MaxSpanRunes
	return term{text: w.Text, pieces: w.Pieces, known: known}
}

// termOfText analyses arbitrary text (a thesaurus word) as one term.
func (s *Searcher) termOfText(t string) (term, bool) {
	return s.termOfWords(t, s.a.Words(t))
}

// termOfWords is the term of text t, whose words are ws.
func (s *Searcher) termOfWords(t string, ws []dict.Word) (term, bool) {
	if len(ws) == 0 {
		return term{}, false
	}
	if len(ws) == 1 {
		return s.termOf(ws[0]), true
	}
	ts := make([]term, len(ws))
	for i, w := range ws {
		ts[i] = s.termOf(w)
	}
	return phraseTerm(s.a.Fold(t), joinPhrases(ts)), true
}

// nameFields hold names (proposers, departments): a name matches whole.
var nameFields = map[string]bool{indexer.FieldProposer: true, indexer.FieldDepartments: true}

// leaves appends the leaf queries matching t in the fields, scaled by weight.
// A dictionary word matches as a term: the index holds it wherever its
// pieces stand together (dict.MaxSpanRunes). Another word matches as a term
// or as the phrase of its pieces, in a name field as the phrase only.
func (t term) leaves(dst []query.Query, fields []weightedField, weight float64) []query.Query {
	for _, f := range fields {
		name := nameFields[f.name]
		if len(t.pieces) <= 1 || (!strings.ContainsAny(t.text, " ") && (!name || t.known)) {
			tq := query.NewTermQuery(t.text)
			tq.SetField(f.name)
			b := f.boost * weight
			if t.known && len(t.pieces) > 1 && !name {
				b *= compoundBoost
			}
			tq.SetBoost(b)
			dst = append(dst, tq)
		}
		if len(t.pieces) > 1 && !t.known {
			dst = append(dst, newPhrase(t.pieces, f.name, f.boost*weight))
		}
	}
	return dst
}

// prose keeps the fields where text runs on (not the name fields).
func prose(fields []weightedField) []weightedField {
	var out []weightedField
	for _, f := range fields {
		if !nameFields[f.name] {
			out = append(out, f)
		}
	}
	return out
}

func phraseLeaves(dst []query.Query, pieces []string, fields []weightedField, weight float64) []query.Query {
	for _, f := range fields {
		var q query.Query
		if len(pieces) == 1 {
			tq := query.NewTermQuery(pieces[0])
			tq.SetField(f.name)
			tq.SetBoost(f.boost * weight)
			q = tq
		} else {
			q = newPhrase(pieces, f.name, f.boost*weight)
		}
		dst = append(dst, q)
	}
	return dst
}

func disjunction(qs []query.Query) query.Query {
	if len(qs) == 1 {
		return qs[0]
	}
	return anyOf(qs)
}

// A built is a request's query and what it says about the words.
type built struct {
	q, hl, plain query.Query
	exps         []Expansion
	unmatched    []string // query words no indexed text holds
	apart        []string // typed clauses whose words texts hold only apart
	// specific is false when the query's specific words matched nothing
	// and only generic ones are left: nothing to answer.
	nothing bool
}

// buildQuery turns a request into a bleve query: the user's words, ranked
// by how much of the query a text covers, weighing each word by how
// specific it is, where and how close together (coverageQuery); quoted
// phrases required; exclusions; filters. hl is the query that marks the
// words in the hits shown: the same words without what only ranks or
// narrows (proximity, exclusions, filters), which marks nothing more; nil
// when the request has no words to mark. plain is q without the filters
// (nil when r has none), for filtering from the facet tables (tableFilter).
func (s *Searcher) buildQuery(r Request) built {
	var (
		must, mustNot, marks []query.Query
		verbatim             []verbatimClause // clauses typed as one, found verbatim
		seq                  []term           // the plain words in order, for proximity
		seqUnit              []*queryUnit     // the unit of each, nil for a phrase
		units                []*queryUnit
		out                  built
	)
	thes := s.a.Thesaurus()
	if r.NoExpand {
		thes = nil
	}
	clauses := ParseQuery(r.Query)
	// In a query of several words, each compound also matches by its pieces,
	// weakly: 养老护理人才培养 is 养老 护理 人才 培养 to a reader, and a text
	// with most of them should come back. A query of one word is matched
	// exactly: 时间银行 means its parts standing together.
	clauseWords := make([][]dict.Word, len(clauses))
	sentence := make([]bool, len(clauses))
	for i, c := range clauses {
		clauseWords[i], sentence[i] = s.queryWords(c.Text)
	}
	relax := s.countWords(clauses, clauseWords) > 1
	for i, c := range clauses {
		fields := fieldsFor(c.Field)
		words := clauseWords[i]
		if len(words) == 0 {
			if !c.Exclude {
				// Signs no text is indexed by (😀, ①): said to be found
				// nowhere, never dropped as if nothing had been typed.
				out.unmatched = append(out.unmatched, strings.TrimSpace(c.Text))
			}
			continue
		}
		if c.Phrase || c.Exclude {
			ts := make([]term, len(words))
			for i, w := range words {
				ts[i] = s.termOf(w)
			}
			pt := phraseTerm(s.a.Fold(c.Text), joinPhrases(ts))
			q := disjunction(pt.leaves(nil, fields, 1))
			if len(words) == 1 {
				q = disjunction(s.termOf(words[0]).leaves(nil, fields, 1))
			}
			req := q // what the clause requires (or excludes)
			if c.Phrase {
				req = s.fragmentClause(c.Text, fields, q, pt)
			}
			if c.Exclude {
				mustNot = append(mustNot, req)
			} else {
				must = append(must, req)
				marks = append(marks, q)
				seq = append(seq, pt)
				seqUnit = append(seqUnit, nil)
			}
			continue
		}
		content := words[:0:0]
		for _, w := range words {
			if !s.a.IsStopWord(w.Text) {
				content = append(content, w)
			}
		}
		if len(content) == 0 {
			content = words
		}
		first := len(units)
		for _, w := range content {
			if len(units) >= MaxClauses {
				break
			}
			u := s.unitOf(w, fields, relax, thes)
			u.clause, u.at, u.end = i, w.Start, w.End
			units = append(units, u)
			if u.exp != nil {
				out.exps = append(out.exps, *u.exp)
			}
			seq = append(seq, u.t)
			seqUnit = append(seqUnit, u)
		}
		if sentence[i] {
			for _, u := range units[first:] {
				u.sentence = true
				loosen(u)
			}
		}
		// A clause typed as one (社区矫正工作条例, 违章建筑) is one idea: the
		// texts that have it verbatim, or its thesaurus words, come first,
		// before those with its words apart or its pieces (a clause of
		// one word stays a tier only if it has a part: overTier).
		if n := len(units) - first; n >= 1 && n <= maxVerbatimWords && (n > 1 || len(units[first].groups) > 1) {
			ts := make([]term, 0, n)
			for _, u := range units[first:] {
				ts = append(ts, u.t)
			}
			verbatim = append(verbatim, verbatimClause{text: c.Text, ts: ts, from: len(seq) - n, to: len(seq), weight: 1})
		}
		// A multi-word clause may be a thesaurus entry as a whole (最低生活保障):
		// its synonyms stand for all the clause's words.
		if len(content) > 1 && thes != nil && len(units) > first {
			whole := s.a.Fold(c.Text)
			if syns := thes.Expand(whole); len(syns) > 0 {
				var leaves []query.Query
				var used []string
				for _, syn := range syns {
					if st, ok := s.termOfText(syn); ok {
						leaves = st.leaves(leaves, fields, synonymWeight/float64(len(syns)))
						used = append(used, syn)
					}
				}
				if len(leaves) > 0 {
					g := leafGroup{leaves: leaves, credit: 1}
					for u := first; u < len(units); u++ {
						g.also = append(g.also, u)
					}
					units[first].groups = append(units[first].groups, g)
					out.exps = append(out.exps, Expansion{Term: whole, Synonyms: used})
					if v := len(verbatim) - 1; v >= 0 && verbatim[v].to == len(seq) {
						verbatim[v].syns = leaves // the clause's own, found verbatim
					}
				}
			}
		}
	}
	s.weigh(units)
	verbatim = slices.DeleteFunc(verbatim, func(v verbatimClause) bool { return overTier(v, seqUnit, units) })
	signs := len(out.unmatched)
	out.unmatched = append(out.unmatched, unmatchedWords(units, clauses)...)
	dropPartialCompounds(units)
	out.apart = s.apartClauses(units, clauses)

	// Proximity: each pair of neighbouring words standing together, as much
	// as the less specific of the two weighs (给个 说法, a frame, says
	// nothing), and the whole query as one phrase. A phrase that is a
	// clause found verbatim is searched once, by its verbatim clause, which
	// then scores it as the phrase would.
	var prox []query.Query
	phrase := func(from, to int, weight float64) {
		for i := range verbatim {
			if v := &verbatim[i]; v.from == from && v.to == to && !v.scored {
				v.weight, v.scored = weight, true
				return
			}
		}
		prox = append(prox, disjunction(phraseLeaves(nil, joinPhrases(seq[from:to]), proseFields, weight)))
	}
	if len(seq) > 1 {
		rel := relativeWeights(seqUnit)
		for i := 0; i+1 < len(seq); i++ {
			if w := min(rel[i], rel[i+1]); w > 0 {
				phrase(i, i+2, adjacentWeight*w)
			}
		}
		if len(seq) > 2 {
			phrase(0, len(seq), phraseWeight)
		}
	}
	var tiers []coverageClause
	for _, v := range verbatim {
		// Found as an exact fragment: the word segmentation of a text may
		// cut it otherwise (噪音扰民 read as 噪音 扰 民和).
		pt := phraseTerm(s.a.Fold(v.text), joinPhrases(v.ts))
		q := s.fragmentClause(v.text, proseFields, disjunction(phraseLeaves(nil, pt.pieces, proseFields, v.weight)), pt)
		if v.syns == nil {
			tiers = append(tiers, coverageClause{q: q, unit: -1, tier: true, scored: v.scored})
			continue
		}
		// The clause said in the thesaurus's words (最低生活保障: 低保,
		// 共享单车: 共享自行车) is the same idea: one tier with the clause
		// as typed, above its words apart, where the scores rank them (a
		// title saying 共享自行车 above a letter naming 共享单车 once in
		// passing). The clause as typed still adds its phrase's score.
		if v.scored {
			prox = append(prox, q)
		}
		tiers = append(tiers, coverageClause{q: disjunction(append([]query.Query{q}, v.syns...)), unit: -1, tier: true})
	}
	tiers = append(tiers, wordTiers(units, verbatim, seqUnit)...)
	if len(units) == 1 && units[0].partial() {
		// A word searched alone, its thesaurus words beside its parts: the
		// texts that say it in other words (泥头车 for 渣土车, 敬老院 for
		// 老人院) are the same idea, and rank above those that have only a
		// part of it (渣土, 老人).
		if w := units[0].whole(); w != nil {
			tiers = append(tiers, coverageClause{q: w, unit: -1, tier: true})
		}
	}
	var words query.Query
	if len(units) > 0 {
		cq, nothing := coverageOf(units, prox, tiers, len(out.unmatched) == signs && len(out.apart) == 0)
		out.nothing = nothing && len(must) == 0
		words = cq
		for _, u := range units {
			marks = append(marks, u.marks())
		}
	} else if signs > 0 && len(must) == 0 {
		// Only signs were typed: no text holds them, and browsing every
		// text (an empty query) is not what was asked.
		words, out.nothing = query.NewMatchNoneQuery(), true
	}

	fs := filters(r)
	out.q = assemble(fs, must, words, mustNot)
	if len(fs) > 0 {
		out.plain = assemble(nil, must, words, mustNot)
	}
	if len(marks) > 0 {
		out.hl = disjunction(marks)
	}
	for _, q := range []query.Query{out.q, out.hl, out.plain} {
		s.markAbsent(q)
	}
	return out
}

// markAbsent turns the term queries of q whose terms no document has in
// their fields, by the statistics read while q was built, into
// absentQuery: their searchers look nothing up. q's shape is kept (q
// scores as before); terms the statistics were not read for are left.
func (s *Searcher) markAbsent(q query.Query) {
	absent := func(sub query.Query) query.Query {
		tq, ok := sub.(*query.TermQuery)
		if !ok || !slices.ContainsFunc(allFields, func(f weightedField) bool { return f.name == tq.FieldVal }) {
			return sub
		}
		if st, ok := s.terms.get(tq.Term); ok && st.in(tq.FieldVal) == 0 {
			return absentQuery{tq}
		}
		return sub
	}
	switch q := q.(type) {
	case disjunctionQuery:
		for i, d := range q.Disjuncts {
			q.Disjuncts[i] = absent(d)
			s.markAbsent(q.Disjuncts[i])
		}
	case *query.BooleanQuery:
		for _, sub := range []query.Query{q.Must, q.Should, q.MustNot, q.Filter} {
			s.markAbsent(sub)
		}
	case *query.ConjunctionQuery:
		for _, c := range q.Conjuncts {
			s.markAbsent(c)
		}
	case *coverageQuery:
		for i := range q.clauses {
			q.clauses[i].q = absent(q.clauses[i].q)
			s.markAbsent(q.clauses[i].q)
		}
	case *fragmentQuery:
		s.markAbsent(q.words)
	}
}

// overTier reports whether v, a clause found verbatim, would as a tier rank
// texts above others it should not, once the units are weighed:
//
//   - a word with no part that some text holds (pieces, a head word, a
//     bound part the texts use in its sense): with thesaurus words alone it
//     has nothing to rank above but the texts that say it in those words,
//     the same idea, which its scores rank (异地就医 beside 异地医疗); and
//     beside other words it ranked every text with it before every text of
//     theirs (车票 退款: every refund, 退款 or 退钱, and none about tickets
//     in the first forty hits);
//   - a clause whose words are all generic, with no thesaurus words of its
//     own as a whole, beside a specific word of another clause (低保
//     申请条件: every text asking the 申请条件 of anything, none about 低保,
//     came first).
//
// Its words still count as the others do.
func overTier(v verbatimClause, seqUnit, units []*queryUnit) bool {
	own := seqUnit[v.from:v.to]
	if len(own) == 1 && own[0] != nil && !own[0].hasPart() {
		return true
	}
	if v.syns != nil || slices.ContainsFunc(own, func(u *queryUnit) bool { return u != nil && !u.generic }) {
		return false
	}
	return slices.ContainsFunc(units, func(u *queryUnit) bool {
		return !u.generic && u.matched && !slices.Contains(own, u)
	})
}

// wordTiers returns, when some clause of a query of several is a tier, a
// tier for each other clause of one word that is none and is at least as
// specific as a tier's words: the texts with the word or its thesaurus
// words. A tier ranks its texts above those without it, and the query's
// most specific word must not come after a less specific one: `出租车 拒载`
// (出租车 a tier, by its parts 出租 and 车; 拒载, rarer, none: it has no
// parts) ranked every text naming 出租车 above 的士拒载, texts with 拒载
// and 出租车 in a long letter, and any refusal to take a passenger. A
// word less specific than the tiers' (上涨 of 物业费 上涨) stays under
// them: a text about 物业费 answers more of it than a rise of anything.
func wordTiers(units []*queryUnit, verbatim []verbatimClause, seqUnit []*queryUnit) []coverageClause {
	if len(verbatim) == 0 {
		return nil
	}
	tiered := map[int]bool{}
	least := math.Inf(1) // the weight of the least specific tier, by its most specific word
	for _, v := range verbatim {
		w := 0.0
		for _, u := range seqUnit[v.from:v.to] {
			if u != nil {
				tiered[u.clause] = true
				w = max(w, u.weight)
			}
		}
		least = min(least, w)
	}
	words := map[int]int{}
	for _, u := range units {
		words[u.clause]++
	}
	var out []coverageClause
	for _, u := range units {
		if tiered[u.clause] || words[u.clause] != 1 || !u.matched || u.generic || u.weight < least {
			continue
		}
		if w := u.whole(); w != nil {
			out = append(out, coverageClause{q: w, unit: -1, tier: true})
		}
	}
	return out
}

// A verbatimClause is a clause typed as one, to be found verbatim: its
// text, its words' terms and where they stand in the query's sequence.
type verbatimClause struct {
	text     string
	ts       []term
	from, to int           // its words in the sequence of the query's words
	syns     []query.Query // the leaves of the thesaurus words of the whole clause
	weight   float64       // its words' phrase's weight
	scored   bool          // it stands for a proximity phrase: its score counts
}

// assemble makes the query of a request's parts and filters: the required
// phrases, the words (optional beside required phrases; nil for none), the
// exclusions and the filters.
func assemble(fs, must []query.Query, words query.Query, mustNot []query.Query) query.Query {
	bq := query.NewBooleanQuery(nil, nil, nil)
	switch {
	case len(must) > 0:
		bq.Must = query.NewConjunctionQuery(must)
		if words != nil {
			bq.Should = words
		}
	case words != nil:
		bq.Must = words
	default:
		bq.Must = query.NewMatchAllQuery()
	}
	if len(mustNot) > 0 {
		bq.MustNot = query.NewDisjunctionQuery(mustNot)
	}
	// Filters are required clauses that score 0, not a bleve Filter: a
	// Filter is checked on every match of the query, while a clause of a
	// conjunction lets the search skip to the filtered documents.
	if len(fs) > 0 {
		bq.Must = query.NewConjunctionQuery(append([]query.Query{bq.Must}, fs...))
	}
	return bq
}

// A facetFilter is a filter of a request on one facet: the values wanted,
// any of them.
type facetFilter struct {
	facet  string // a FacetNames name
	values []string
}

// A facetRange is a filter of a request on a range of a keyword field's
// values, both ends inclusive, compared as text: years and dates in the
// model's form compare as their text.
type facetRange struct {
	column string // a tableColumns name
	lo, hi string
}

// requestFilters lists r's filters by facet (values trimmed, empty ones
// left out), and its year and date ranges, if any (open ends are the least
// and greatest values).
func requestFilters(r Request) (fs []facetFilter, ranges []facetRange) {
	add := func(facet string, values []string) {
		var want []string
		for _, v := range values {
			if v = strings.TrimSpace(v); v != "" {
				want = append(want, v)
			}
		}
		if len(want) > 0 {
			fs = append(fs, facetFilter{facet, want})
		}
	}
	add("kind", r.Kinds)
	add("department", r.Departments)
	add("lead", r.Leads)
	add("proposer", r.Proposers)
	add("topic", r.Topics)
	var years, statuses []string
	for _, y := range r.Years {
		years = append(years, strconv.Itoa(y))
	}
	for _, st := range r.Statuses {
		p, _ := record.ParseStatus(string(st))
		statuses = append(statuses, string(p))
	}
	add("year", years)
	add("status", statuses)
	if r.YearFrom != 0 || r.YearTo != 0 {
		yr := facetRange{"year", "0000", "9999"}
		if r.YearFrom != 0 {
			yr.lo = strconv.Itoa(r.YearFrom)
		}
		if r.YearTo != 0 {
			yr.hi = strconv.Itoa(r.YearTo)
		}
		ranges = append(ranges, yr)
	}
	if r.DateFrom != "" || r.DateTo != "" {
		dr := facetRange{"date", "0000-00-00", "9999-99-99"}
		if r.DateFrom != "" {
			dr.lo = r.DateFrom
		}
		if r.DateTo != "" {
			dr.hi = r.DateTo
		}
		ranges = append(ranges, dr)
	}
	return fs, ranges
}

// filters are the request's facet filters as queries: values of one facet
// are alternatives, different facets must all hold. They score 0.
func filters(r Request) []query.Query {
	var out []query.Query
	fs, ranges := requestFilters(r)
	for _, f := range fs {
		qs := make([]query.Query, len(f.values))
		for i, v := range f.values {
			tq := query.NewTermQuery(v)
			tq.SetField(facetField[f.facet])
			tq.SetBoost(0)
			qs[i] = tq
		}
		out = append(out, query.NewDisjunctionQuery(qs))
	}
	for _, fr := range ranges {
		t := true
		rq := query.NewTermRangeInclusiveQuery(fr.lo, fr.hi, &t, &t)
		rq.SetField(columnField[fr.column])
		rq.SetBoost(0)
		out = append(out, rq)
	}
	return out
}

// queryWords segments query text into words. A run of single characters
// that stand together and are not stop words is one word made of them: a
// word the dictionary lacks (七弟, a new place name) falls apart into its
// characters, and the user means it whole, not any text with 七 or 弟. It
// matches as the phrase of its characters, as it is indexed the same way.
// In a short clause (a keyword, not a sentence) a single character beside a
// word is the end of a compound the dictionary lacks (充电桩, 烂尾楼: 充电 桩,
// 烂尾 楼): it is joined to the word before it, or after it at the start.
func (s *Searcher) queryWords(text string) (words []dict.Word, sentence bool) {
	words = s.a.Words(text)
	var out []dict.Word
	for i := 0; i < len(words); {
		j := i
		for j < len(words) && s.lone(words[j]) && (j == i || words[j].Start == words[j-1].End) {
			j++
		}
		if j-i >= 3 && strings.Contains(negations, words[i].Text) {
			// 不交房 is 交房 said negatively: the adverb stands alone.
			out = append(out, words[i])
			i++
		}
		if j-i < 2 {
			out = append(out, words[i])
			i++
			continue
		}
		// A longer run no text holds is words the dictionary does not
		// know, most of two characters (拒载绕路 is 拒载 绕路): cut in twos,
		// the last taking an odd one, each found where its characters
		// stand together. One the texts hold is kept whole (私搭乱建).
		if j-i >= 4 && s.textsWith(joinWords(words[i:j])) == 0 {
			for j-i >= 4 {
				out = append(out, joinWords(words[i:i+2]))
				i += 2
			}
		}
		out = append(out, joinWords(words[i:j]))
		i = j
	}
	sentence = s.isSentence(out)
	out = s.unstraddle(out)
	if sentence {
		out = s.splitUnheld(out)
	}
	if len(out) > 1 && !sentence {
		out = s.joinAffixes(out)
	}
	return out, sentence
}

// unstraddle gives the first character of a run of single characters that
// no text holds (the words a query's segmentation did not know, joined) to
// the word before it when the texts hold the two together: in 医保卡丢了,
// 卡丢 is in no text and 医保卡 in many; the user typed 医保卡 and 丢. The
// rest of the run stays a word (or a character) of its own.
func (s *Searcher) unstraddle(ws []dict.Word) []dict.Word {
	for k := 1; k < len(ws); k++ {
		w, prev := ws[k], ws[k-1]
		if !s.isRun(w) || prev.End != w.Start || s.lone(prev) || !s.takesAffix(prev) {
			continue
		}
		first, rest := w.Pieces[0], w.Pieces[1:]
		if s.textsWith(w) > 0 {
			continue
		}
		with := joinWords([]dict.Word{prev, charWord(first, w.Start)})
		if s.textsWith(with) == 0 {
			continue
		}
		ws[k-1] = with
		ws[k] = dict.Word{Text: strings.Join(rest, ""), Start: with.End, End: w.End, Pieces: rest}
	}
	return ws
}

// splitUnheld gives back, in a sentence, the parts of a short run of
// single characters that the texts do not hold as it stands. A run of
// three that many times as many texts hold two of is the character and the
// two (splitRun: 想退费 is 想 退费). A run of two or three that no text
// holds, the thesaurus does not know and the word before did not take (叫吵
// of 狗天天叫吵得不行) is its characters: in a sentence, characters said one
// by one are words of one character more often than a name, and a word of
// nothing would be reported as not found. (Typed as a keyword, a run no
// text holds is a word the texts lack: 港珠澳 is said not found.)
func (s *Searcher) splitUnheld(ws []dict.Word) []dict.Word {
	var out []dict.Word
	for _, w := range ws {
		if !s.isRun(w) || len(w.Pieces) > 3 || s.inThesaurus(w) {
			out = append(out, w)
			continue
		}
		if parts, ok := s.splitRun(w); ok {
			out = append(out, parts...)
			continue
		}
		if s.textsWith(w) > 0 {
			out = append(out, w)
			continue
		}
		out = append(out, charsOf(w)...)
	}
	return out
}

// splitRun cuts a run of three characters into a character and a run of
// two that runSplitRatio times as many texts hold as hold the three (or
// as one, if none does): the user's verb or adverb before a word the
// dictionary lacks, which the texts hold (想退费: one text, 退费 57; 做环评
// 做 环评; 驾校收 驾校 收). The run of two is then weighed as the texts
// repeat it (weigh). ok is false for a run of another length or one the
// texts hold as it stands.
func (s *Searcher) splitRun(w dict.Word) (parts []dict.Word, ok bool) {
	if len(w.Pieces) != 3 {
		return nil, false
	}
	c := charsOf(w)
	first, last := joinWords(c[:2]), joinWords(c[1:])
	a, b := s.textsWith(first), s.textsWith(last)
	if max(a, b) < runSplitRatio*max(s.textsWith(w), 1) {
		return nil, false
	}
	if b >= a {
		return []dict.Word{c[0], last}, true
	}
	return []dict.Word{first, c[2]}, true
}

// runSplitRatio is how many times as many texts must hold a run's two
// characters as hold the three for splitRun to cut it.
const runSplitRatio = 10

// isRun reports whether w is a run of characters the segmentation left
// single, joined by queryWords (拒载, 卡丢), and no word of the dictionary.
func (s *Searcher) isRun(w dict.Word) bool {
	n := utf8.RuneCountInString(w.Text)
	return n >= 2 && n == len(w.Pieces) && !s.termOf(w).known
}

// typedAs is the span [at, end) of clause text as the user typed it (PM2
// of PM2.5, 郵輪 of 郵輪旅遊), not as it was folded to be searched (pm2,
// 邮轮, which folded is): folded where the span is not in text.
func typedAs(text string, at, end int, folded string) string {
	if at < 0 || end > len(text) || at >= end {
		return folded
	}
	if t := strings.TrimSpace(text[at:end]); t != "" {
		return t
	}
	return folded
}

// charWord is the word of the one character c at byte offset at.
func charWord(c string, at int) dict.Word {
	return dict.Word{Text: c, Start: at, End: at + len(c), Pieces: []string{c}}
}

// charsOf is run w given back as the words of its characters.
func charsOf(w dict.Word) []dict.Word {
	out := make([]dict.Word, 0, len(w.Pieces))
	at := w.Start
	for _, p := range w.Pieces {
		out = append(out, charWord(p, at))
		at += len(p)
	}
	return out
}

// textsWith is how many texts hold w, in any field.
func (s *Searcher) textsWith(w dict.Word) uint64 {
	t := s.termOf(w)
	return s.countOf("\x00found\x00"+t.text, t.leaves(nil, allFields, 1))
}

// negations are the negation and degree adverbs that open a run of single
// characters in a query without being part of the word the rest spells
// (不交房, 没交社保, 太吵人). In a keyword query the adverb is joined to the
// word again (joinAffixes: 不作为, 再就业 stay whole); in a sentence it
// stays apart, a frame word that weighs little.
const negations = "不没未别太很挺更最才已再"

// locatives are the characters that place a thing (小区里, 桥下, 路上): they
// follow a word without being a part of it.
const locatives = "里上下中内外旁边前后"

// isSentence reports whether the words of a typed clause are a sentence
// (楼下烧烤店油烟太大晚上吵得睡不着怎么办) rather than a keyword or a title (碳排放权交易,
// 冰雪运动进校园): sentenceWords words of two characters or more; or as many
// words of any length with a function word among them (小区里的树被人砍了,
// 家门口的河又黑又臭: said in words of one character, and 的, 被, 又 tie
// them into a sentence, where a keyword has none).
func (s *Searcher) isSentence(words []dict.Word) bool {
	long, content, tied := 0, 0, false
	for i, w := range words {
		if utf8.RuneCountInString(w.Text) > 1 {
			long++
		}
		if s.a.IsStopWord(w.Text) {
			tied = tied || (i > 0 && i < len(words)-1)
		} else {
			content++
		}
	}
	return long >= sentenceWords || tied && content >= sentenceWords
}

// joinWords is the word of several words standing together, pieced by
// theirs.
func joinWords(ws []dict.Word) dict.Word {
	w := dict.Word{Start: ws[0].Start, End: ws[len(ws)-1].End}
	for _, c := range ws {
		w.Text += c.Text
		w.Pieces = append(w.Pieces, c.Pieces...)
	}
	return w
}

// joinAffixes joins each single character to the word before it where
// they touch, or to the word after it: the first one, or one that leans
// forward (leansForward) where the two make a word the dictionary or the
// thesaurus knows (乱收费).
func (s *Searcher) joinAffixes(ws []dict.Word) []dict.Word {
	var out []dict.Word
	for i := 0; i < len(ws); i++ {
		w := ws[i]
		if !s.lone(w) {
			out = append(out, w)
			continue
		}
		var prev *dict.Word
		if len(out) > 0 {
			prev = &out[len(out)-1]
		}
		switch {
		case prev != nil && !strings.Contains(negations+locatives, w.Text) && prev.End == w.Start && !s.lone(*prev) && s.takesAffix(*prev) && !s.leansForward(*prev, w, ws[i+1:]):
			*prev = joinWords([]dict.Word{*prev, w})
		case i+1 < len(ws) && ws[i+1].Start == w.End && !s.lone(ws[i+1]) && !s.a.IsStopWord(ws[i+1].Text) &&
			(prev == nil || s.named(joinWords([]dict.Word{w, ws[i+1]}))):
			out = append(out, joinWords([]dict.Word{w, ws[i+1]}))
			i++
		default:
			out = append(out, w)
		}
	}
	return out
}

// named reports whether w is a word of the dictionary or the thesaurus
// (乱收费, 乱停车), not only characters that stand together somewhere.
func (s *Searcher) named(w dict.Word) bool {
	return s.termOf(w).known || s.inThesaurus(w)
}

// inThesaurus reports whether the thesaurus has w (folded, as words are)
// as an entry. It is asked even for a request with NoExpand: a query's
// words do not depend on whether synonyms are searched.
func (s *Searcher) inThesaurus(w dict.Word) bool {
	return len(s.a.Thesaurus().Expand(w.Text)) > 0
}

// leansForward reports whether character c, between the word before it
// and the words after it (rest), belongs with the word after: the texts
// hold it with that word's first character more often than with the word
// before. 商贩乱摆摊: 乱摆 is in more texts than 商贩乱 (one), and 乱 (at
// random) says how 摆摊 is done; 物业管理处乱收费: 乱收, not 管理处乱 (none).
// 医保卡丢了 keeps 卡 with 医保 (医保卡 in 10 texts, 卡丢 in none).
func (s *Searcher) leansForward(before, c dict.Word, rest []dict.Word) bool {
	if len(rest) == 0 || rest[0].Start != c.End {
		return false
	}
	r, _ := utf8.DecodeRuneInString(rest[0].Text)
	after := joinWords([]dict.Word{c, charWord(string(r), rest[0].Start)})
	return s.textsWith(after) > s.textsWith(joinWords([]dict.Word{before, c}))
}

// takesAffix reports whether a character standing next to w may be a
// part of the same word, one the segmentation cut (医保 卡 is 医保卡, 养老
// 院 养老院): w is a content word (a noun, a verb, a name, a word the
// dictionary lacks), not a function word (的 河 is no word 的河, 又 黑 no
// 又黑) nor an adverb or a time word (天天 叫 is no word 天天叫).
func (s *Searcher) takesAffix(w dict.Word) bool {
	if s.a.IsStopWord(w.Text) {
		return false
	}
	return posFactor(s.a.POS(w.Text), utf8.RuneCountInString(w.Text)) > ranking.functionPOS
}

// lone reports whether w is a single Han character that carries meaning.
func (s *Searcher) lone(w dict.Word) bool {
	return utf8.RuneCountInString(w.Text) == 1 && dict.HasHan(w.Text) && !s.a.IsStopWord(w.Text)
}

// countWords counts the searched words of the plain clauses of a query;
// words[i] are the words of clauses[i].
func (s *Searcher) countWords(clauses []Clause, words [][]dict.Word) int {
	n := 0
	for i, c := range clauses {
		if c.Phrase || c.Exclude {
			continue
		}
		for _, w := range words[i] {
			if !s.a.IsStopWord(w.Text) {
				n++
			}
		}
	}
	return n
}

// nominalSuffixes are characters that turn a word into a person, place or
// kind of it: 志愿者, 老年人, 养老院, 服务站, 标准化.
const nominalSuffixes = "者人员院站所化性式型家师生区队点"

// headWord returns the word before a nominal suffix when pieces are exactly
// that (志愿 者), else "". The word of a compound the dictionary lacks
// (known false), whatever its last character, is its head (充电 of 充电桩).
func headWord(pieces []string, known bool) string {
	if len(pieces) != 2 || utf8.RuneCountInString(pieces[0]) < 2 || utf8.RuneCountInString(pieces[1]) != 1 {
		return ""
	}
	if !known || strings.Contains(nominalSuffixes, pieces[1]) {
		return pieces[0]
	}
	return ""
}
