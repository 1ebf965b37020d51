package web

// Browser tests: real user flows on the real page and the embeddable search
// box, in headless Chromium, against the real server over the real seed
// (18 proposals, 70 suggestions). Each test asserts what a user sees.
//
//	go test ./web -run Browser            # all of them
//	go test ./web -run Browser/Widget     # one
//	PRECEDENT_SCREENSHOTS=/tmp/shots go test ./web -run Browser   # keep the screenshots
//
// Without /usr/bin/chromium the tests are skipped, unless CI is set: then
// they fail.

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/govreply/precedent/dict"
	"github.com/govreply/precedent/ingest"
	"github.com/govreply/precedent/record"
	"github.com/govreply/precedent/search"
)

// browserQuery is in 4 of the seed's suggestions, all of 2019.
const browserQuery = "时间银行"

// browserSuite is what the browser tests share: one browser and one server
// over the seed, started once.
type browserSuite struct {
	browser  context.Context
	analyzer *dict.Analyzer
	seed     *browserStack
	shapes   *browserStack // the seed beside proposals, suggestions and messages of the new shapes (shapes_test.go)
	shots    string
}

func TestBrowser(t *testing.T) {
	requireChromium(t)
	start := time.Now()
	browser := startBrowser(t)
	a, err := dict.Default()
	if err != nil {
		t.Fatal(err)
	}
	ps, err := ingest.ReadRecords(ingest.Options{}, "../testdata/000_8b6b214a39f4da34.txt")
	if err != nil {
		t.Fatal(err)
	}
	s := &browserSuite{analyzer: a, shots: browserShotsDir(t)}
	dictDone := time.Now()
	s.seed = newBrowserStack(t, a, ps)
	s.shapes = newBrowserStack(t, a, shapesRecords(t))
	// The facet tables (and with them reply_days) are built in the
	// background after the first search; have them ready.
	if err := s.shapes.srv.Searcher().Prepared(context.Background()); err != nil {
		t.Fatal(err)
	}
	serverDone := time.Now()
	s.browser = browser()
	t.Logf("setup: dictionaries %v, index and server %v, then waited %v for chromium",
		dictDone.Sub(start).Round(time.Millisecond), serverDone.Sub(dictDone).Round(time.Millisecond), time.Since(serverDone).Round(time.Millisecond))

	t.Run("Search", s.testSearch)
	t.Run("Facet", s.testFacet)
	t.Run("Proposal", s.testProposal)
	t.Run("Draft", s.testDraft)
	t.Run("Suggest", s.testSuggest)
	t.Run("WidgetAllowedOrigin", s.testWidgetAllowed)
	t.Run("WidgetRefusedOrigin", s.testWidgetRefused)
	t.Run("HostileInput", s.testHostileInput)
	t.Run("KindFacet", s.testKindFacet)
	t.Run("DateRange", s.testDateRange)
	t.Run("Badges", s.testBadges)
	t.Run("ReplyDays", s.testReplyDays)
	t.Run("RecordDetail", s.testRecordDetail)
	t.Run("EscapedID", s.testEscapedID)
	t.Run("WidgetShapes", s.testWidgetShapes)
	t.Run("Unmatched", s.testUnmatched)
	t.Run("SubPath", s.testSubPath)
}

// ------------------------------------------------------------ the search page

// browserSearchView is what the search page shows.
type browserSearchView struct {
	Path   string   `json:"path"`
	Query  string   `json:"query"` // location.search
	Title  string   `json:"title"`
	Input  string   `json:"input"` // the search box
	Total  string   `json:"total"`
	HitIDs []string `json:"hitIds"`
	Years  []string `json:"years"` // the year each hit shows
	Marks  []string `json:"marks"` // the highlighted words
	Error  string   `json:"error"`
}

const readSearchView = `(() => {
	const all = (sel) => [...document.querySelectorAll(sel)];
	const hits = all('#results .hit');
	return {
		path: location.pathname,
		query: location.search,
		title: document.title,
		input: document.querySelector('#q').value,
		total: document.querySelector('#total').textContent,
		hitIds: hits.map((h) => h.dataset.id),
		years: hits.map((h) => {
			const item = [...h.querySelectorAll('.meta-item')].find((i) => i.querySelector('.meta-label').textContent === '年份');
			return item ? item.querySelector('.meta-value').textContent : '';
		}),
		marks: all('#results mark').map((m) => m.textContent),
		error: document.querySelector('#error').hidden ? '' : document.querySelector('#error').textContent,
	};
})()`

// searchSettled is true once the search page shows the answer for the URL
// (aria-busy is set in the same task that changes the URL).
const searchSettled = `document.body.dataset.view === 'search' && !document.querySelector('#results').hasAttribute('aria-busy')`

func urlHasQ(q string) string {
	return `new URLSearchParams(location.search).get('q') === ` + jsString(q)
}

// openSearchPage opens "/" and waits for its first answer (browsing all).
func (s *browserSuite) openSearchPage(b *browserTab, st *browserStack) {
	b.t.Helper()
	b.open(st.api.URL + "/")
	b.waitJS("the search page", searchSettled+` && document.querySelectorAll('#results .hit').length > 0`)
}

// typeSearch types q into the search box, presses Enter and waits for the
// answer.
func (s *browserSuite) typeSearch(b *browserTab, q string) browserSearchView {
	b.t.Helper()
	b.do("type "+q, chromedp.SendKeys(chromedp.ID("q"), q), chromedp.KeyEvent(kb.Enter))
	b.waitJS("the results for "+q, urlHasQ(q)+` && `+searchSettled)
	return browserEval[browserSearchView](b, readSearchView)
}

// hasMark reports whether any of the hit's fragments highlights a match.
func hasMark(h search.Hit) bool {
	for _, frags := range h.Highlights {
		for _, f := range frags {
			if strings.Contains(f, "<mark>") {
				return true
			}
		}
	}
	return false
}

func hitIDs(hits []search.Hit) []string {
	ids := []string{}
	for _, h := range hits {
		ids = append(ids, h.ID)
	}
	return ids
}

func (s *browserSuite) testSearch(t *testing.T) {
	b := newTab(t, s.browser)
	want := browserGet[search.Response](t, s.seed.origin, searchPath(url.Values{"q": {browserQuery}}))
	if want.Total != 4 {
		t.Errorf("API: %d hits for %s, the seed has 4", want.Total, browserQuery)
	}
	s.openSearchPage(b, s.seed)
	v := s.typeSearch(b, browserQuery)

	if v.Error != "" {
		t.Errorf("error box shows %q", v.Error)
	}
	if v.Total != strconv.FormatUint(want.Total, 10) {
		t.Errorf("#total shows %q, want %d", v.Total, want.Total)
	}
	if !slices.Equal(v.HitIDs, hitIDs(want.Hits)) {
		t.Errorf("hits shown %v, the API answers %v", v.HitIDs, hitIDs(want.Hits))
	}
	if len(v.Marks) < len(v.HitIDs) {
		t.Errorf("%d <mark>s for %d hits: %q", len(v.Marks), len(v.HitIDs), v.Marks)
	}
	for _, m := range v.Marks {
		if m != browserQuery {
			t.Errorf("highlighted %q, want %q", m, browserQuery)
		}
	}
	if q, _ := url.ParseQuery(strings.TrimPrefix(v.Query, "?")); q.Get("q") != browserQuery {
		t.Errorf("URL query %q has no q=%s", v.Query, browserQuery)
	}
	if v.Input != browserQuery {
		t.Errorf("search box shows %q", v.Input)
	}
	if !strings.HasPrefix(v.Title, browserQuery) {
		t.Errorf("document title %q", v.Title)
	}
	// The marks are painted: a highlight background, not just a tag.
	bg := browserEval[string](b, `getComputedStyle(document.querySelector('#results mark')).backgroundColor`)
	if bg == "" || bg == "rgba(0, 0, 0, 0)" || bg == "transparent" {
		t.Errorf("a <mark> has no background: %q", bg)
	}
	b.screenshot(s.shots, "1-search")
	b.expectCleanConsole()
}

func (s *browserSuite) testFacet(t *testing.T) {
	b := newTab(t, s.browser)
	s.openSearchPage(b, s.seed)
	s.typeSearch(b, browserQuery)

	const year = "2019"
	want := browserGet[search.Response](t, s.seed.origin, searchPath(url.Values{"q": {browserQuery}, "year": {year}}))
	facet := `#facets .facet-value[data-facet="year"][data-value="` + year + `"]`
	b.do("click the year facet", chromedp.Click(chromedp.CSS(facet)))
	b.waitJS("the results for year "+year,
		`new URLSearchParams(location.search).getAll('year').includes('`+year+`') && `+urlHasQ(browserQuery)+` && `+searchSettled)
	v := browserEval[browserSearchView](b, readSearchView)

	if v.Total != strconv.FormatUint(want.Total, 10) {
		t.Errorf("#total shows %q, the API answers %d for year=%s", v.Total, want.Total, year)
	}
	if !slices.Equal(v.HitIDs, hitIDs(want.Hits)) {
		t.Errorf("hits shown %v, the API answers %v", v.HitIDs, hitIDs(want.Hits))
	}
	if len(v.Years) == 0 {
		t.Error("no hits shown")
	}
	for i, y := range v.Years {
		if y != year {
			t.Errorf("hit %s shows year %q", v.HitIDs[i], y)
		}
	}
	// The filter shows as ticked, as a chip and as the selected bar.
	type filterView struct {
		Checked string   `json:"checked"`
		Chips   []string `json:"chips"`
		Bar     string   `json:"bar"`
	}
	f := browserEval[filterView](b, `({
		checked: document.querySelector(`+jsString(facet)+`).getAttribute('aria-checked'),
		chips: [...document.querySelectorAll('#chips .chip-text')].map((c) => c.textContent),
		bar: (document.querySelector('#year-chart .year-bar[data-year="`+year+`"]') || {getAttribute: () => 'missing'}).getAttribute('aria-pressed'),
	})`)
	if f.Checked != "true" {
		t.Errorf("year facet aria-checked=%q", f.Checked)
	}
	if !slices.Contains(f.Chips, "年份："+year) {
		t.Errorf("chips %q lack 年份：%s", f.Chips, year)
	}
	if f.Bar != "true" {
		t.Errorf("year bar aria-pressed=%q", f.Bar)
	}
	b.expectCleanConsole()
}

// ------------------------------------------------------------ the proposal page

// browserProposalView is what the proposal page shows.
type browserProposalView struct {
	Path        string   `json:"path"`
	Hash        string   `json:"hash"`
	DocTitle    string   `json:"docTitle"`
	Title       string   `json:"title"`
	ID          string   `json:"id"`
	Meta        string   `json:"meta"`
	Selected    string   `json:"selected"`    // the id of the suggestion that holds #related
	RelatedIDs  []string `json:"relatedIds"`  // hits in #related
	RelatedHead string   `json:"relatedHead"` // its heading
	BackHref    string   `json:"backHref"`
	Suggestions []struct {
		ID      string `json:"id"`
		DataID  string `json:"dataId"`
		Text    string `json:"text"`
		Columns []struct {
			Status string `json:"status"`
			Label  string `json:"label"`
			Text   string `json:"text"`
		} `json:"columns"`
	} `json:"suggestions"`
}

const readProposalView = `(() => {
	const text = (sel, root = document) => { const e = root.querySelector(sel); return e ? e.textContent : ''; };
	const related = document.querySelector('#related');
	const holder = related && related.closest('.suggestion');
	return {
		path: location.pathname,
		hash: location.hash,
		docTitle: document.title,
		title: text('#proposal .proposal-title'),
		id: text('#proposal .proposal-id'),
		meta: text('#proposal .proposal-meta'),
		selected: holder ? holder.id : '',
		relatedIds: related ? [...related.querySelectorAll('.hit')].map((h) => h.dataset.id) : [],
		relatedHead: related ? text('.similar-title', related) : '',
		backHref: document.querySelector('#back-link').getAttribute('href'),
		suggestions: [...document.querySelectorAll('#proposal .suggestion')].map((s) => ({
			id: s.id,
			dataId: s.dataset.id,
			text: text('.suggestion-text', s),
			columns: [...s.querySelectorAll('.reply-col')].map((c) => ({
				status: c.dataset.status,
				label: text('.reply-label', c),
				text: text('.reply-text', c),
			})),
		})),
	};
})()`

// proposalSettled is true once the proposal page shows its proposal and the
// related replies of the selected suggestion.
const proposalSettled = `document.body.dataset.view === 'proposal' && document.querySelector('#proposal .proposal-title') !== null &&
	document.querySelector('#related .similar-title') !== null && !document.querySelector('#related').hasAttribute('aria-busy')`

// checkProposal compares the proposal page with the API's record.
func checkProposal(t *testing.T, v browserProposalView, rec search.ProposalRecord, selectedNo int, related search.SimilarResponse) {
	t.Helper()
	if v.Path != "/proposal/"+rec.ID {
		t.Errorf("path %q", v.Path)
	}
	if v.Title != rec.Title {
		t.Errorf("title shows %q, want %q", v.Title, rec.Title)
	}
	if !strings.HasPrefix(v.DocTitle, rec.Title) {
		t.Errorf("document title %q", v.DocTitle)
	}
	if !strings.Contains(v.ID, rec.ID) {
		t.Errorf("proposal id line %q", v.ID)
	}
	if !strings.Contains(v.Meta, rec.Proposer) || !strings.Contains(v.Meta, rec.LeadDepartment) {
		t.Errorf("meta %q lacks proposer %q or lead department %q", v.Meta, rec.Proposer, rec.LeadDepartment)
	}
	if len(v.Suggestions) != len(rec.Suggestions) {
		t.Fatalf("%d suggestions shown, the proposal has %d", len(v.Suggestions), len(rec.Suggestions))
	}
	labels := map[string]string{"done": "已落实", "in_progress": "正在落实", "planned": "计划落实", "not_adopted": "未能落实"}
	for i, sg := range rec.Suggestions {
		got := v.Suggestions[i]
		if got.ID != "s"+strconv.Itoa(sg.No) || got.DataID != sg.ID {
			t.Errorf("suggestion %d: id %q data-id %q, want s%d and %s", i, got.ID, got.DataID, sg.No, sg.ID)
		}
		if got.Text != sg.Text {
			t.Errorf("suggestion %s shows %q, want %q", sg.ID, got.Text, sg.Text)
		}
		if len(got.Columns) != 4 {
			t.Errorf("suggestion %s has %d reply columns, want 4", sg.ID, len(got.Columns))
			continue
		}
		for j, st := range record.ColumnStatuses {
			c := got.Columns[j]
			want := strings.TrimSpace(sg.Reply.Column(st))
			if want == "" {
				want = "—"
			}
			if c.Status != string(st) || c.Label != labels[string(st)] || c.Text != want {
				t.Errorf("suggestion %s column %d: %q %q %.40q, want %s %s %.40q", sg.ID, j, c.Status, c.Label, c.Text, st, labels[string(st)], want)
			}
		}
	}
	if v.Selected != "s"+strconv.Itoa(selectedNo) {
		t.Errorf("#related is under %q, want s%d", v.Selected, selectedNo)
	}
	if len(related.Hits) == 0 {
		t.Errorf("API: no related replies")
	}
	if !slices.Equal(v.RelatedIDs, hitIDs(related.Hits)) {
		t.Errorf("#related shows %v, the API answers %v", v.RelatedIDs, hitIDs(related.Hits))
	}
	if !strings.Contains(v.RelatedHead, "相关的既往答复") {
		t.Errorf("#related heading %q", v.RelatedHead)
	}
}

func (s *browserSuite) testProposal(t *testing.T) {
	b := newTab(t, s.browser)
	s.openSearchPage(b, s.seed)
	s.typeSearch(b, browserQuery)
	res := browserGet[search.Response](t, s.seed.origin, searchPath(url.Values{"q": {browserQuery}}))
	if len(res.Hits) == 0 {
		t.Fatal("API: no hits")
	}
	first := res.Hits[0]
	rec := browserGet[search.ProposalRecord](t, s.seed.origin, "/api/proposals/"+first.ProposalID)
	related := browserGet[search.SimilarResponse](t, s.seed.origin, "/api/similar?size=5&id="+url.QueryEscape(first.ID))

	b.do("click the first hit", chromedp.Click(chromedp.CSS("#results .hit .hit-link")))
	b.waitJS("the proposal page", `location.pathname === '/proposal/`+first.ProposalID+`' && `+proposalSettled)
	v := browserEval[browserProposalView](b, readProposalView)
	checkProposal(t, v, rec, first.SuggestionNo, related)
	if v.Hash != "#s"+strconv.Itoa(first.SuggestionNo) {
		t.Errorf("hash %q, want #s%d", v.Hash, first.SuggestionNo)
	}
	if !strings.Contains(v.BackHref, "q="+url.QueryEscape(browserQuery)) {
		t.Errorf("back link %q does not return to the search", v.BackHref)
	}
	b.screenshot(s.shots, "3-proposal")

	// Back to the results: the same search, without asking the user again.
	b.do("click 返回检索", chromedp.Click(chromedp.ID("back-link")))
	b.waitJS("the results again", urlHasQ(browserQuery)+` && `+searchSettled)
	back := browserEval[browserSearchView](b, readSearchView)
	if !slices.Equal(back.HitIDs, hitIDs(res.Hits)) {
		t.Errorf("back on the results: hits %v, want %v", back.HitIDs, hitIDs(res.Hits))
	}
	b.expectCleanConsole()
}

// ------------------------------------------------------------ draft and suggestions

func (s *browserSuite) testDraft(t *testing.T) {
	const draft = "建议推广时间银行互助养老模式，鼓励低龄老人为高龄老人提供志愿服务"
	b := newTab(t, s.browser)
	s.openSearchPage(b, s.seed)
	want := browserPost[search.SimilarResponse](t, s.seed.origin, "/api/similar", map[string]any{"text": draft, "size": 10})
	if len(want.Hits) == 0 {
		t.Fatal("API: nothing similar to the draft")
	}

	b.do("paste the draft", chromedp.Focus(chromedp.ID("draft")), insertText(draft), chromedp.Click(chromedp.ID("draft-submit")))
	b.waitJS("the related replies", `document.querySelector('#similar-results .similar-title') !== null &&
		!document.querySelector('#similar-results').hasAttribute('aria-busy') && !document.querySelector('#draft-submit').disabled`)
	type draftView struct {
		Head  string   `json:"head"`
		IDs   []string `json:"ids"`
		Terms []string `json:"terms"`
	}
	v := browserEval[draftView](b, `({
		head: document.querySelector('#similar-results .similar-title').textContent,
		ids: [...document.querySelectorAll('#similar-results .hit')].map((h) => h.dataset.id),
		terms: [...document.querySelectorAll('#similar-results .similar-terms .term')].map((t) => t.textContent),
	})`)
	if !slices.Equal(v.IDs, hitIDs(want.Hits)) {
		t.Errorf("related replies shown %v, the API answers %v", v.IDs, hitIDs(want.Hits))
	}
	if wantHead := "与草稿相关的既往答复（" + strconv.Itoa(len(want.Hits)) + " 条）"; v.Head != wantHead {
		t.Errorf("heading %q, want %q", v.Head, wantHead)
	}
	if !slices.Equal(v.Terms, want.Terms) {
		t.Errorf("key terms shown %q, the API used %q", v.Terms, want.Terms)
	}
	// The draft is about 时间银行: one of those suggestions is among them.
	bank := hitIDs(browserGet[search.Response](t, s.seed.origin, searchPath(url.Values{"q": {browserQuery}})).Hits)
	if !slices.ContainsFunc(v.IDs, func(id string) bool { return slices.Contains(bank, id) }) {
		t.Errorf("none of the related replies %v is one of the %s suggestions %v", v.IDs, browserQuery, bank)
	}
	b.expectCleanConsole()
}

func (s *browserSuite) testSuggest(t *testing.T) {
	const typed = "ylfw" // pinyin initials of 养老服务
	b := newTab(t, s.browser)
	s.openSearchPage(b, s.seed)
	sug := browserGet[struct {
		Suggestions []search.Completion `json:"suggestions"`
	}](t, s.seed.origin, "/api/suggest?q="+typed).Suggestions
	if len(sug) == 0 {
		t.Fatalf("API: no suggestions for %s", typed)
	}
	var texts []string
	for _, c := range sug[:min(len(sug), 10)] {
		texts = append(texts, c.Text)
	}

	// One key at a time, as a person types.
	b.do("focus the search box", chromedp.Click(chromedp.ID("q")))
	for _, r := range typed {
		b.do("type "+string(r), chromedp.SendKeys(chromedp.ID("q"), string(r)))
	}
	b.waitJS("the suggestions for "+typed, `!document.querySelector('#suggest').hidden &&
		[...document.querySelectorAll('#suggest .suggest-item .suggest-text')].map((e) => e.textContent).join('|') === `+jsString(strings.Join(texts, "|")))
	if got := browserEval[string](b, `document.querySelector('#q').getAttribute('aria-expanded')`); got != "true" {
		t.Errorf("#q aria-expanded=%q with the list open", got)
	}

	b.do("press ArrowDown", chromedp.KeyEvent(kb.ArrowDown))
	type active struct {
		Active []string `json:"active"`
		Desc   string   `json:"desc"`
	}
	a := browserEval[active](b, `({
		active: [...document.querySelectorAll('#suggest .suggest-item.active')].map((e) => e.textContent),
		desc: document.querySelector('#q').getAttribute('aria-activedescendant') || '',
	})`)
	if len(a.Active) != 1 || !strings.HasPrefix(a.Active[0], sug[0].Text) || a.Desc != "suggest-0" {
		t.Errorf("after ArrowDown: active %q, aria-activedescendant %q; want the first, %q", a.Active, a.Desc, sug[0].Text)
	}

	// Enter picks it: a term searches for its text, a topic, proposer or
	// department becomes a filter.
	pick := sug[0]
	params := url.Values{}
	switch pick.Kind {
	case "topic", "proposer", "department":
		params.Set(pick.Kind, pick.Text)
	default:
		params.Set("q", pick.Text)
	}
	want := browserGet[search.Response](t, s.seed.origin, searchPath(params))
	b.do("press Enter", chromedp.KeyEvent(kb.Enter))
	b.waitJS("the search for the suggestion", `new URLSearchParams(location.search).toString() === `+jsString(params.Encode())+` && `+searchSettled)
	v := browserEval[browserSearchView](b, readSearchView)
	if v.Total != strconv.FormatUint(want.Total, 10) || want.Total == 0 {
		t.Errorf("#total shows %q, the API answers %d for %s", v.Total, want.Total, params.Encode())
	}
	if !slices.Equal(v.HitIDs, hitIDs(want.Hits)) {
		t.Errorf("hits shown %v, the API answers %v", v.HitIDs, hitIDs(want.Hits))
	}
	if hidden := browserEval[bool](b, `document.querySelector('#suggest').hidden`); !hidden {
		t.Error("the suggestion list is still open after the search")
	}
	if pick.Kind == "term" && v.Input != pick.Text {
		t.Errorf("search box shows %q, want %q", v.Input, pick.Text)
	}
	b.expectCleanConsole()
}

// ------------------------------------------------------------ the embeddable box

// The search box lives in the shadow root of <precedent-search>.
const (
	widgetRoot  = `document.querySelector('precedent-search').shadowRoot`
	widgetReady = `!!customElements.get('precedent-search') && !!document.querySelector('precedent-search') && !!` + widgetRoot + ` && !!` + widgetRoot + `.querySelector('.ps-q')`
	// widgetDone: hits or an error, and the button enabled again.
	widgetDone = `(` + widgetRoot + `.querySelectorAll('.ps-hit').length > 0 || !` + widgetRoot + `.querySelector('.ps-error').hidden) && !` + widgetRoot + `.querySelector('.ps-go').disabled`
)

// browserWidgetView is what the search box shows.
type browserWidgetView struct {
	Origin string   `json:"origin"` // the host page's
	Error  string   `json:"error"`  // "" when hidden
	Status string   `json:"status"`
	HitIDs []string `json:"hitIds"`
	Links  []string `json:"links"`
	Titles []string `json:"titles"`
	Metas  []string `json:"metas"`
	Marks  []string `json:"marks"`
	// HitMarks counts the <mark>s in each hit's snippet.
	HitMarks []int `json:"hitMarks"`
}

const readWidgetView = `(() => {
	const root = ` + widgetRoot + `;
	const all = (sel) => [...root.querySelectorAll(sel)];
	const err = root.querySelector('.ps-error');
	const status = root.querySelector('.ps-status');
	return {
		origin: location.origin,
		error: err.hidden ? '' : err.textContent,
		status: status.hidden ? '' : status.textContent,
		hitIds: all('.ps-hit').map((h) => h.dataset.id),
		links: all('.ps-hit > a').map((a) => a.href),
		titles: all('.ps-hit > a').map((a) => a.textContent),
		metas: all('.ps-hit .ps-meta').map((m) => m.textContent),
		marks: all('.ps-snippet mark').map((m) => m.textContent),
		hitMarks: all('.ps-hit').map((h) => h.querySelectorAll('.ps-snippet mark').length),
	};
})()`

// widgetSearch opens a host page, types q into the search box and clicks
// its button, as a visitor of the host page does.
func widgetSearch(b *browserTab, host, q string) browserWidgetView {
	b.t.Helper()
	b.open(host)
	b.waitJS("the search box", widgetReady)
	b.do("search in the box",
		chromedp.SendKeys(chromedp.JSPath(widgetRoot+`.querySelector('.ps-q')`), q),
		chromedp.Click(chromedp.JSPath(widgetRoot+`.querySelector('.ps-go')`)))
	b.waitJS("the box's answer", widgetDone)
	return browserEval[browserWidgetView](b, readWidgetView)
}

func (s *browserSuite) testWidgetAllowed(t *testing.T) {
	b := newTab(t, s.browser)
	want := browserGet[search.Response](t, s.seed.origin, searchPath(url.Values{"q": {browserQuery}, "size": {"5"}}))
	v := widgetSearch(b, s.seed.allowed.URL, browserQuery)

	if v.Origin == s.seed.origin {
		t.Fatalf("the host page is on the API's origin %s", v.Origin)
	}
	if v.Error != "" {
		t.Fatalf("the box shows an error: %q", v.Error)
	}
	if !slices.Equal(v.HitIDs, hitIDs(want.Hits)) || len(v.HitIDs) == 0 {
		t.Errorf("box shows %v, the API answers %v", v.HitIDs, hitIDs(want.Hits))
	}
	if wantStatus := "共 " + strconv.FormatUint(want.Total, 10) + " 条结果"; v.Status != wantStatus {
		t.Errorf("status %q, want %q", v.Status, wantStatus)
	}
	for i, h := range want.Hits {
		if i >= len(v.Links) {
			break
		}
		link := s.seed.origin + "/proposal/" + h.ProposalID + "#s" + strconv.Itoa(h.SuggestionNo)
		if v.Links[i] != link || v.Titles[i] != h.Title {
			t.Errorf("hit %d links %q %q, want %q %q", i, v.Titles[i], v.Links[i], h.Title, link)
		}
		// The snippet shows why it matched when any field did.
		if hasMark(h) && v.HitMarks[i] == 0 {
			t.Errorf("hit %s: the box's snippet has no <mark>, though the API highlights a match: %q", h.ID, h.Highlights)
		}
	}
	if len(v.Marks) == 0 {
		t.Error("no <mark> in the box's snippets")
	}
	for _, m := range v.Marks {
		if m != browserQuery {
			t.Errorf("highlighted %q, want %q", m, browserQuery)
		}
	}
	b.screenshot(s.shots, "6-widget")
	b.expectCleanConsole()
}

func (s *browserSuite) testWidgetRefused(t *testing.T) {
	// The server refuses the origin; the browser then hides the answer from
	// the page, so the box can only say that it failed.
	req, _ := http.NewRequest(http.MethodGet, s.seed.origin+searchPath(url.Values{"q": {browserQuery}}), nil)
	req.Header.Set("Origin", s.seed.refused.URL)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("API answers %s to origin %s, want 403", res.Status, s.seed.refused.URL)
	}

	b := newTab(t, s.browser)
	v := widgetSearch(b, s.seed.refused.URL, browserQuery)
	if v.Error == "" {
		t.Error("the box shows no error")
	}
	if len(v.HitIDs) != 0 || v.Status != "" {
		t.Errorf("the box shows hits %v or status %q from a refused origin", v.HitIDs, v.Status)
	}
	t.Logf("the box says: %s", v.Error)
	// The console has the browser's CORS error; nothing else may be there.
	for _, p := range b.consoleProblems() {
		if !strings.Contains(p, "CORS") && !strings.Contains(p, "Failed to load resource") && !strings.Contains(p, "/api/search") {
			t.Errorf("console: %s", p)
		}
	}
}

// ------------------------------------------------------------ hostile input

// Markup in the data: it must show as text everywhere.
const (
	xssScript = `<script>window.__xss=1</script>`
	xssImg    = `<img src=x onerror="window.__xss=1">`
	xssSvg    = `"><svg onload=window.__xss=1>`
)

func hostileProposals() []record.Proposal {
	return []record.Proposal{
		{
			ID:             "20230001",
			Title:          "关于推广时间银行的建议" + xssScript + xssImg,
			Proposer:       "张三" + xssSvg,
			LeadDepartment: "市民政局" + xssImg,
			CoDepartments:  []string{"市财政局" + xssScript},
			Suggestions: []record.Suggestion{
				{No: 1, Text: "建立时间银行" + xssScript + xssImg, Reply: record.Reply{
					Done:       "已在盐田区试点时间银行" + xssImg,
					InProgress: "正在推广时间银行" + xssSvg,
					Planned:    xssScript + "计划全市推广时间银行",
					NotAdopted: "时间银行积分通兑" + xssScript + xssImg + xssSvg,
				}},
				{No: 2, Text: "鼓励低龄老人参与时间银行志愿服务" + xssSvg, Reply: record.Reply{
					Done: "志愿者注册时间银行" + xssScript,
				}},
			},
		},
		{
			ID:             "20230002",
			Title:          "关于时间银行志愿服务的提案" + xssSvg,
			Proposer:       "李四" + xssImg,
			LeadDepartment: "市民政局",
			Suggestions: []record.Suggestion{
				{No: 1, Text: "完善时间银行" + xssImg, Reply: record.Reply{InProgress: "推进时间银行" + xssScript}},
			},
		},
	}
}

// browserDOMCheck is what an injection would leave in the page.
type browserDOMCheck struct {
	XSS     string   `json:"xss"`     // typeof window.__xss
	Bad     []string `json:"bad"`     // elements that came from the data
	NonMark []string `json:"nonMark"` // markup in snippets other than <mark>
	Text    string   `json:"text"`    // the text of the page and the box
}

const readDOMCheck = `(() => {
	const roots = [document];
	const host = document.querySelector('precedent-search');
	if (host && host.shadowRoot) roots.push(host.shadowRoot);
	const bad = [], nonMark = [];
	let text = '';
	for (const r of roots) {
		for (const e of r.querySelectorAll('img, svg, iframe, object, embed, [onerror], [onload]')) bad.push(e.outerHTML.slice(0, 200));
		for (const e of r.querySelectorAll('script')) if (!e.src || e.textContent.includes('__xss')) bad.push(e.outerHTML.slice(0, 200));
		for (const e of r.querySelectorAll('.frag *, .ps-snippet span:not(.ps-label) *')) if (e.tagName !== 'MARK' || e.attributes.length) nonMark.push(e.outerHTML.slice(0, 200));
		text += r === document ? document.body.textContent : r.textContent;
	}
	return { xss: typeof window.__xss, bad, nonMark, text };
})()`

func expectNoInjection(t *testing.T, b *browserTab, where string, literals ...string) {
	t.Helper()
	c := browserEval[browserDOMCheck](b, readDOMCheck)
	if c.XSS != "undefined" {
		t.Errorf("%s: window.__xss is %s: the data's script ran", where, c.XSS)
	}
	if len(c.Bad) > 0 {
		t.Errorf("%s: elements from the data in the DOM: %q", where, c.Bad)
	}
	if len(c.NonMark) > 0 {
		t.Errorf("%s: markup other than <mark> in snippets: %q", where, c.NonMark)
	}
	for _, l := range literals {
		if !strings.Contains(c.Text, l) {
			t.Errorf("%s: the text %q is not shown literally", where, l)
		}
	}
}

func (s *browserSuite) testHostileInput(t *testing.T) {
	ps := hostileProposals()
	st := newBrowserStack(t, s.analyzer, ps)

	// The page's headers: no inline script may run, nothing is sniffed.
	for _, p := range []string{"/", "/proposal/" + ps[0].ID, "/api/search?q=x"} {
		res, err := http.Get(st.origin + p)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if got := res.Header.Get("X-Content-Type-Options"); got != "nosniff" {
			t.Errorf("%s: X-Content-Type-Options %q", p, got)
		}
		csp := res.Header.Get("Content-Security-Policy")
		if !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") {
			t.Errorf("%s: Content-Security-Policy %q", p, csp)
		}
	}

	b := newTab(t, s.browser)
	// The search page, with the suggestion list open on the way.
	s.openSearchPage(b, st)
	sug := browserGet[struct {
		Suggestions []search.Completion `json:"suggestions"`
	}](t, st.origin, "/api/suggest?q="+url.QueryEscape(browserQuery)).Suggestions
	b.do("type "+browserQuery, chromedp.SendKeys(chromedp.ID("q"), browserQuery))
	if len(sug) > 0 {
		b.waitJS("the suggestions", `document.querySelectorAll('#suggest .suggest-item').length === `+strconv.Itoa(min(len(sug), 10)))
		expectNoInjection(t, b, "suggestions")
	}
	b.do("press Enter", chromedp.KeyEvent(kb.Enter))
	b.waitJS("the results", urlHasQ(browserQuery)+` && `+searchSettled)
	v := browserEval[browserSearchView](b, readSearchView)
	if len(v.HitIDs) == 0 {
		t.Fatalf("no hits for %s in the hostile index", browserQuery)
	}
	expectNoInjection(t, b, "search page", ps[0].Title, ps[0].Proposer, xssScript, xssImg, xssSvg)
	first := browserEval[string](b, `document.querySelector('#results .hit .hit-link').textContent`)
	res := browserGet[search.Response](t, st.origin, searchPath(url.Values{"q": {browserQuery}}))
	if first != res.Hits[0].Title {
		t.Errorf("first hit's title shows %q, want %q", first, res.Hits[0].Title)
	}

	// The proposal page.
	hit := res.Hits[0]
	rec := browserGet[search.ProposalRecord](t, st.origin, "/api/proposals/"+hit.ProposalID)
	related := browserGet[search.SimilarResponse](t, st.origin, "/api/similar?size=5&id="+url.QueryEscape(hit.ID))
	b.do("click the first hit", chromedp.Click(chromedp.CSS("#results .hit .hit-link")))
	b.waitJS("the proposal page", `location.pathname === '/proposal/`+hit.ProposalID+`' && `+proposalSettled)
	checkProposal(t, browserEval[browserProposalView](b, readProposalView), rec, hit.SuggestionNo, related)
	expectNoInjection(t, b, "proposal page", rec.Title, rec.Proposer, rec.LeadDepartment, xssScript, xssImg, xssSvg)
	b.expectCleanConsole()

	// The search box on an allowed host page, which has no CSP of its own.
	w := widgetSearch(b, st.allowed.URL, browserQuery)
	if w.Error != "" || len(w.HitIDs) == 0 {
		t.Fatalf("the box shows error %q and %d hits", w.Error, len(w.HitIDs))
	}
	if w.Titles[0] != res.Hits[0].Title {
		t.Errorf("the box's first title %q, want %q", w.Titles[0], res.Hits[0].Title)
	}
	expectNoInjection(t, b, "search box", ps[0].Title, xssScript, xssImg)
	b.expectCleanConsole()
}

// ------------------------------------------------------------ the shapes of records

// browserHit is what one hit of the search page shows.
type browserHit struct {
	ID       string         `json:"id"`
	Kind     string         `json:"kind"` // its kind tag
	Date     string         `json:"date"` // the 日期 of its meta line
	Year     string         `json:"year"` // the 年份 of its meta line
	Lead     string         `json:"lead"` // the 主办 of its meta line
	Classes  []browserBadge `json:"classes"`
	Statuses []browserBadge `json:"statuses"`
	Snippets []struct {
		Field string `json:"field"`
		Label string `json:"label"`
		Marks int    `json:"marks"`
	} `json:"snippets"`
}

// browserBadge is a status or class badge and its colours.
type browserBadge struct {
	Text       string `json:"text"`
	Status     string `json:"status"`
	Color      string `json:"color"`
	Background string `json:"background"`
}

const readHits = `[...document.querySelectorAll('#results .hit')].map((h) => {
	const meta = (label) => {
		const item = [...h.querySelectorAll('.meta-item')].find((i) => i.querySelector('.meta-label').textContent === label);
		return item ? item.querySelector('.meta-value').textContent : '';
	};
	const badge = (b) => ({ text: b.textContent, status: b.dataset.status || '', color: getComputedStyle(b).color, background: getComputedStyle(b).backgroundColor });
	const tag = h.querySelector('.hit-head .kind-tag');
	return {
		id: h.dataset.id,
		kind: tag ? tag.textContent : '',
		date: meta('日期'),
		year: meta('年份'),
		lead: meta('主办'),
		classes: [...h.querySelectorAll('.hit-head .badge.class-badge')].map(badge),
		statuses: [...h.querySelectorAll('.hit-head .badge:not(.class-badge)')].map(badge),
		snippets: [...h.querySelectorAll('.snippet')].map((s) => ({ field: s.dataset.field, label: s.querySelector('.snippet-label').textContent, marks: s.querySelectorAll('mark').length })),
	};
})`

func readHitIDs(hits []browserHit) []string {
	ids := []string{}
	for _, h := range hits {
		ids = append(ids, h.ID)
	}
	return ids
}

// docIDs are the document ids of the suggestions of the records that keep
// says yes to, in import order.
func docIDs(ps []record.Proposal, keep func(*record.Proposal) bool) []string {
	var out []string
	for i := range ps {
		if !keep(&ps[i]) {
			continue
		}
		for j := range ps[i].Suggestions {
			out = append(out, record.DocID(&ps[i], &ps[i].Suggestions[j]))
		}
	}
	return out
}

func sortedCopy(ss []string) []string {
	c := slices.Clone(ss)
	slices.Sort(c)
	return c
}

// pageParams are the page's URL parameters.
func pageParams(b *browserTab) url.Values {
	b.t.Helper()
	v, err := url.ParseQuery(strings.TrimPrefix(browserEval[string](b, `location.search`), "?"))
	if err != nil {
		b.t.Fatal(err)
	}
	return v
}

// exportParams are the parameters of the page's export link.
func exportParams(b *browserTab) url.Values {
	b.t.Helper()
	u, err := url.Parse(browserEval[string](b, `document.querySelector('#export').href`))
	if err != nil {
		b.t.Fatal(err)
	}
	return u.Query()
}

func chipTexts(b *browserTab) []string {
	return browserEval[[]string](b, `[...document.querySelectorAll('#chips .chip-text')].map((c) => c.textContent)`)
}

// openShapes opens the shapes index's search page at query and waits for
// its answer.
func (s *browserSuite) openShapes(b *browserTab, query url.Values) {
	b.t.Helper()
	u := s.shapes.api.URL + "/"
	if len(query) > 0 {
		u += "?" + query.Encode()
	}
	b.open(u)
	b.waitJS("the search page at "+u, searchSettled+` && location.search === `+jsString(strings.TrimSuffix("?"+query.Encode(), "?")))
}

func (s *browserSuite) testKindFacet(t *testing.T) {
	ps := shapesRecords(t)
	count := map[string]int{}
	for _, p := range ps {
		count[p.Kind] += len(p.Suggestions)
	}
	b := newTab(t, s.browser)

	// The seed holds one kind: nothing to choose.
	s.openSearchPage(b, s.seed)
	if n := browserEval[int](b, `document.querySelectorAll('#facets [data-facet="kind"]').length`); n != 0 {
		t.Errorf("the seed's page shows a kind facet (%d elements), though all its records are 提案", n)
	}

	s.openSearchPage(b, s.shapes)
	type facetView struct {
		First  string `json:"first"`
		Label  string `json:"label"`
		Values []struct {
			Value string `json:"value"`
			Count string `json:"count"`
		} `json:"values"`
	}
	f := browserEval[facetView](b, `({
		first: document.querySelector('#facets details.facet').dataset.facet,
		label: document.querySelector('#facets details.facet .facet-title').textContent,
		values: [...document.querySelectorAll('#facets .facet-value[data-facet="kind"]')].map((v) => ({ value: v.dataset.value, count: v.querySelector('.fv-count').textContent })),
	})`)
	if f.First != "kind" || f.Label != "类型" {
		t.Errorf("the first facet is %q %q, want the kind facet 类型", f.First, f.Label)
	}
	if len(f.Values) != len(count) {
		t.Errorf("kind facet shows %v, the data has %v", f.Values, count)
	}
	for i, v := range f.Values {
		if v.Count != strconv.Itoa(count[v.Value]) {
			t.Errorf("kind %s: %s, the data has %d suggestions", v.Value, v.Count, count[v.Value])
		}
		if i > 0 && count[v.Value] > count[f.Values[i-1].Value] {
			t.Errorf("kind facet not by count: %v", f.Values)
		}
	}

	// Tick 留言: only the messages, as the API answers.
	const kind = "留言"
	b.do("click the kind facet", chromedp.Click(chromedp.CSS(`#facets .facet-value[data-facet="kind"][data-value="`+kind+`"]`)))
	b.waitJS("the messages", `new URLSearchParams(location.search).getAll('kind').join() === '`+kind+`' && `+searchSettled)
	want := browserGet[search.Response](t, s.shapes.origin, searchPath(url.Values{"kind": {kind}}))
	hits := browserEval[[]browserHit](b, readHits)
	messages := docIDs(ps, func(p *record.Proposal) bool { return p.Kind == kind })
	if !slices.Equal(readHitIDs(hits), hitIDs(want.Hits)) || !slices.Equal(sortedCopy(readHitIDs(hits)), sortedCopy(messages)) {
		t.Errorf("hits %v; the API answers %v; the messages are %v", readHitIDs(hits), hitIDs(want.Hits), messages)
	}
	for _, h := range hits {
		if h.Kind != kind {
			t.Errorf("hit %s: kind tag %q", h.ID, h.Kind)
		}
		if !slices.ContainsFunc(h.Snippets, func(sn struct {
			Field string `json:"field"`
			Label string `json:"label"`
			Marks int    `json:"marks"`
		}) bool {
			return sn.Field == "suggestion" && sn.Label == "留言内容"
		}) {
			t.Errorf("hit %s: no message text labelled 留言内容: %+v", h.ID, h.Snippets)
		}
	}
	if total := browserEval[string](b, `document.querySelector('#total').textContent`); total != strconv.Itoa(len(messages)) {
		t.Errorf("#total %s, want %d", total, len(messages))
	}
	if c := chipTexts(b); !slices.Equal(c, []string{"类型：" + kind}) {
		t.Errorf("chips %q", c)
	}
	if checked := browserEval[string](b, `document.querySelector('#facets .facet-value[data-facet="kind"][data-value="`+kind+`"]').getAttribute('aria-checked')`); checked != "true" {
		t.Errorf("kind facet aria-checked=%q", checked)
	}
	if e := exportParams(b); !slices.Equal(e["kind"], []string{kind}) {
		t.Errorf("the export link %v does not carry kind=%s", e, kind)
	}

	// The chip takes it away again.
	b.do("remove the chip", chromedp.Click(chromedp.CSS(`#chips .chip`)))
	b.waitJS("all kinds again", `!new URLSearchParams(location.search).has('kind') && `+searchSettled)
	all := 0
	for _, n := range count {
		all += n
	}
	if total := browserEval[string](b, `document.querySelector('#total').textContent`); total != strconv.Itoa(all) {
		t.Errorf("#total %s after removing the kind, want %d", total, all)
	}
	b.expectCleanConsole()
}

func (s *browserSuite) testDateRange(t *testing.T) {
	ps := shapesRecords(t)
	const from, to = "2019-02-01", "2019-06-20"
	// the date of a record is when it was submitted, else replied to; the
	// last day is included whatever the time of day
	inRange := func(p *record.Proposal) bool {
		d := record.Day(p.Date())
		return d != "" && d >= from && d <= to
	}
	want := docIDs(ps, inRange)
	if len(want) < 2 {
		t.Fatalf("the data has %d records in the range", len(want))
	}
	dates := map[string]string{} // doc id → date
	for i := range ps {
		for j := range ps[i].Suggestions {
			dates[record.DocID(&ps[i], &ps[i].Suggestions[j])] = ps[i].Date()
		}
	}
	byDate := func(ids []string, desc bool) []string {
		c := slices.Clone(ids)
		slices.SortStableFunc(c, func(a, b string) int {
			if desc {
				return strings.Compare(dates[b], dates[a])
			}
			return strings.Compare(dates[a], dates[b])
		})
		return c
	}

	b := newTab(t, s.browser)
	s.openSearchPage(b, s.shapes)
	b.do("fill in the date range",
		chromedp.SetValue(chromedp.CSS(`#facets .date-range input[name="date_from"]`), from),
		chromedp.SetValue(chromedp.CSS(`#facets .date-range input[name="date_to"]`), to),
		chromedp.Click(chromedp.CSS(`#facets .date-range button[type="submit"]`)))
	b.waitJS("the date range", `new URLSearchParams(location.search).get('date_from') === '`+from+`' && new URLSearchParams(location.search).get('date_to') === '`+to+`' && `+searchSettled)
	hits := browserEval[[]browserHit](b, readHits)
	if got := readHitIDs(hits); !slices.Equal(sortedCopy(got), sortedCopy(want)) {
		t.Errorf("hits %v, the records dated %s to %s are %v", got, from, to, want)
	}
	for _, h := range hits {
		if h.Date != record.Day(dates[h.ID]) {
			t.Errorf("hit %s shows the date %q, want %q", h.ID, h.Date, record.Day(dates[h.ID]))
		}
	}
	if c := chipTexts(b); !slices.Equal(c, []string{"日期范围：" + from + " – " + to}) {
		t.Errorf("chips %q", c)
	}
	inputs := browserEval[[]string](b, `[...document.querySelectorAll('#facets .date-range input')].map((i) => i.value)`)
	if !slices.Equal(inputs, []string{from, to}) {
		t.Errorf("the date inputs show %q", inputs)
	}

	// Sorted by date, either way; the range and the sort are in the URL and
	// the export link.
	for _, c := range []struct {
		sort, label string
		desc        bool
	}{{"date_desc", "日期新→旧", true}, {"date_asc", "日期旧→新", false}} {
		b.do("sort "+c.sort, chromedp.SetValue(chromedp.ID("sort"), c.sort))
		browserEval[bool](b, `document.querySelector('#sort').dispatchEvent(new Event('change', { bubbles: true }))`)
		b.waitJS("the results "+c.sort, `new URLSearchParams(location.search).get('sort') === '`+c.sort+`' && new URLSearchParams(location.search).get('date_from') === '`+from+`' && `+searchSettled)
		got := readHitIDs(browserEval[[]browserHit](b, readHits))
		if w := byDate(want, c.desc); !slices.Equal(got, w) {
			t.Errorf("%s: hits %v, want %v", c.sort, got, w)
		}
		if label := browserEval[string](b, `document.querySelector('#sort').selectedOptions[0].textContent`); label != c.label {
			t.Errorf("%s: the sort shows %q, want %q", c.sort, label, c.label)
		}
		e := exportParams(b)
		if e.Get("date_from") != from || e.Get("date_to") != to || e.Get("sort") != c.sort {
			t.Errorf("the export link %v lacks the range or the sort", e)
		}
	}

	// Over everything, newest first: the ten most recent records; those
	// without a date come last.
	s.openShapes(b, url.Values{"sort": {"date_desc"}})
	dated := docIDs(ps, func(p *record.Proposal) bool { return p.Date() != "" })
	got := readHitIDs(browserEval[[]browserHit](b, readHits))
	if w := byDate(dated, true)[:10]; !slices.Equal(got, w) {
		t.Errorf("newest first: %v, want %v", got, w)
	}
	b.expectCleanConsole()
}

// badgeColors are the colours of the status badges, from the page's styles.
func badgeColors(b *browserTab) map[string]browserBadge {
	return browserEval[map[string]browserBadge](b, `(() => {
		const out = {};
		for (const st of ['done', 'in_progress', 'planned', 'not_adopted', 'replied', 'unanswered']) {
			const probe = document.createElement('span');
			probe.className = 'badge status-' + st;
			document.querySelector('#results').append(probe);
			out[st] = { text: '', status: st, color: getComputedStyle(probe).color, background: getComputedStyle(probe).backgroundColor };
			probe.remove();
		}
		return out;
	})()`)
}

func (s *browserSuite) testBadges(t *testing.T) {
	b := newTab(t, s.browser)
	labels := map[record.Status]string{}
	for _, st := range record.Statuses {
		labels[st] = st.Label()
	}

	// The lists' classes as written, coloured by the status they map to.
	s.openShapes(b, url.Values{"kind": {"提案", "建议"}, "year": {"2021"}})
	colors := badgeColors(b)
	hits := browserEval[[]browserHit](b, readHits)
	want := docIDs(shapesRecords(t), func(p *record.Proposal) bool { return (p.Kind == "提案" || p.Kind == "建议") && p.Year == 2021 })
	if !slices.Equal(sortedCopy(readHitIDs(hits)), sortedCopy(want)) {
		t.Fatalf("hits %v, want %v", readHitIDs(hits), want)
	}
	seen := map[record.Status]bool{}
	for _, h := range hits {
		p := shapesRecord(t, h.ID)
		c, ok := record.ParseClass(p.Class)
		if !ok {
			t.Fatalf("%s: class %q unread", p.ID, p.Class)
		}
		seen[c.Status] = true
		if len(h.Classes) != 1 || h.Classes[0].Text != p.Class || h.Classes[0].Status != string(c.Status) {
			t.Errorf("hit %s: class badges %+v, want %q as %s", h.ID, h.Classes, p.Class, c.Status)
			continue
		}
		if col := colors[string(c.Status)]; h.Classes[0].Color != col.Color {
			t.Errorf("hit %s: class %q in %s, the %s badge's colour is %s", h.ID, p.Class, h.Classes[0].Color, c.Status, col.Color)
		}
		// the class stands for its status; no other status here
		var others []string
		for _, st := range p.Statuses(&p.Suggestions[0]) {
			if st != c.Status {
				others = append(others, labels[st])
			}
		}
		var shown []string
		for _, bd := range h.Statuses {
			shown = append(shown, bd.Text)
		}
		if !slices.Equal(shown, others) {
			t.Errorf("hit %s: status badges %q, want %q", h.ID, shown, others)
		}
		if h.Kind != p.Kind || h.Date != record.Day(p.Date()) {
			t.Errorf("hit %s: kind %q date %q, want %q %q", h.ID, h.Kind, h.Date, p.Kind, record.Day(p.Date()))
		}
	}
	if len(seen) < 4 {
		t.Errorf("the classes shown map to only %v", seen)
	}
	b.screenshot(s.shots, "7-classes")

	// The messages: 已答复 (a letter, no class) and 未答复 (no reply).
	s.openShapes(b, url.Values{"kind": {"留言"}})
	hits = browserEval[[]browserHit](b, readHits)
	got := map[string]bool{}
	for _, h := range hits {
		p := shapesRecord(t, h.ID)
		st := p.Statuses(&p.Suggestions[0])
		if len(h.Classes) != 0 || len(h.Statuses) != 1 || len(st) != 1 || h.Statuses[0].Status != string(st[0]) || h.Statuses[0].Text != labels[st[0]] {
			t.Errorf("hit %s: badges %+v %+v, want %s only", h.ID, h.Classes, h.Statuses, st)
			continue
		}
		got[string(st[0])] = true
		if bg := h.Statuses[0].Background; bg != colors[string(st[0])].Background || bg == "rgba(0, 0, 0, 0)" {
			t.Errorf("hit %s: the %s badge's background %s", h.ID, st[0], bg)
		}
	}
	if !got["replied"] || !got["unanswered"] || colors["replied"].Background == colors["unanswered"].Background {
		t.Errorf("badges shown %v; 已答复 and 未答复 look alike: %+v %+v", got, colors["replied"], colors["unanswered"])
	}

	// A match in a reply letter is shown, labelled 答复.
	const q = "责成运营企业清理"
	res := browserGet[search.Response](t, s.shapes.origin, searchPath(url.Values{"q": {q}, "kind": {"留言"}}))
	if len(res.Hits) == 0 || res.Hits[0].ID != "2551" || !strings.Contains(strings.Join(res.Hits[0].Highlights["letter"], ""), "<mark>") {
		t.Fatalf("API: %s does not find 2551 by its letter: %+v", q, res.Hits)
	}
	s.typeSearch(b, q)
	hits = browserEval[[]browserHit](b, readHits)
	if len(hits) == 0 || hits[0].ID != "2551" {
		t.Fatalf("hits %v, want 2551 first", readHitIDs(hits))
	}
	var letter, text bool
	for _, sn := range hits[0].Snippets {
		letter = letter || (sn.Field == "letter" && sn.Label == "答复" && sn.Marks > 0)
		text = text || (sn.Field == "suggestion" && sn.Label == "留言内容")
	}
	if !letter || !text {
		t.Errorf("2551's snippets %+v: want the letter, marked, labelled 答复, and the text labelled 留言内容", hits[0].Snippets)
	}
	b.expectCleanConsole()
}

// browserDaysView is the panel of days to reply.
type browserDaysView struct {
	Hidden bool `json:"hidden"`
	Rows   []struct {
		Department string `json:"department"`
		Median     string `json:"median"`
		Count      string `json:"count"`
		Pressed    string `json:"pressed"`
	} `json:"rows"`
}

const readDays = `({
	hidden: document.querySelector('#days-panel').hidden,
	rows: [...document.querySelectorAll('#days-body tr')].map((r) => ({
		department: r.querySelector('.days-dept').textContent,
		median: r.querySelector('.days-value').textContent,
		count: r.querySelector('.days-count').textContent,
		pressed: r.querySelector('.days-dept').getAttribute('aria-pressed'),
	})),
})`

// checkDays compares the panel with the medians computed from ps.
func checkDays(t *testing.T, where string, v browserDaysView, ps []record.Proposal, pressed string) {
	t.Helper()
	want := replyDays(ps)
	if v.Hidden || len(v.Rows) != len(want) {
		t.Errorf("%s: the panel (hidden %v) shows %+v, want %+v", where, v.Hidden, v.Rows, want)
		return
	}
	for i, w := range want {
		r := v.Rows[i]
		wantPressed := strconv.FormatBool(w.Department == pressed)
		if r.Department != w.Department || r.Median != strconv.FormatFloat(w.Median, 'f', -1, 64)+" 天" || r.Count != strconv.Itoa(w.Count) || r.Pressed != wantPressed {
			t.Errorf("%s: row %d %+v, want %s %v 天 %d pressed %s", where, i, r, w.Department, w.Median, w.Count, wantPressed)
		}
	}
}

func (s *browserSuite) testReplyDays(t *testing.T) {
	ps := shapesRecords(t)
	only := func(keep func(*record.Proposal) bool) []record.Proposal {
		var out []record.Proposal
		for _, p := range ps {
			if keep(&p) {
				out = append(out, p)
			}
		}
		return out
	}
	b := newTab(t, s.browser)

	// All the matches: every department with dated records.
	s.openShapes(b, nil)
	checkDays(t, "all", browserEval[browserDaysView](b, readDays), ps, "")
	api := browserGet[search.Response](t, s.shapes.origin, "/api/search")
	if len(api.ReplyDays) != len(replyDays(ps)) {
		t.Errorf("API reply_days %+v", api.ReplyDays)
	}
	b.screenshot(s.shots, "8-reply-days")

	// Under a filter, over its matches only.
	isProposal := func(p *record.Proposal) bool { return p.Kind == "提案" }
	s.openShapes(b, url.Values{"kind": {"提案"}})
	checkDays(t, "提案", browserEval[browserDaysView](b, readDays), only(isProposal), "")

	// A department filters by lead department, as the facet does.
	const dept = "市卫健委"
	b.do("click "+dept, chromedp.Click(chromedp.CSS(`#days-body .days-dept[data-department="`+dept+`"]`)))
	b.waitJS("the lead filter", `new URLSearchParams(location.search).getAll('lead').join() === '`+dept+`' && `+searchSettled)
	if k := pageParams(b)["kind"]; !slices.Equal(k, []string{"提案"}) {
		t.Errorf("the kind filter was lost: %v", k)
	}
	want := browserGet[search.Response](t, s.shapes.origin, searchPath(url.Values{"kind": {"提案"}, "lead": {dept}}))
	hits := browserEval[[]browserHit](b, readHits)
	if !slices.Equal(readHitIDs(hits), hitIDs(want.Hits)) || len(hits) == 0 {
		t.Errorf("hits %v, the API answers %v", readHitIDs(hits), hitIDs(want.Hits))
	}
	for _, h := range hits {
		if h.Lead != dept {
			t.Errorf("hit %s: lead %q", h.ID, h.Lead)
		}
	}
	checkDays(t, dept, browserEval[browserDaysView](b, readDays), only(func(p *record.Proposal) bool { return isProposal(p) && p.LeadDepartment == dept }), dept)
	if checked := browserEval[string](b, `document.querySelector('#facets .facet-value[data-facet="lead"][data-value="`+dept+`"]').getAttribute('aria-checked')`); checked != "true" {
		t.Errorf("lead facet aria-checked=%q", checked)
	}
	if c := chipTexts(b); !slices.Contains(c, "主办单位："+dept) {
		t.Errorf("chips %q", c)
	}
	// and again takes the filter away
	b.do("click "+dept+" again", chromedp.Click(chromedp.CSS(`#days-body .days-dept[data-department="`+dept+`"]`)))
	b.waitJS("no lead filter", `!new URLSearchParams(location.search).has('lead') && new URLSearchParams(location.search).get('kind') === '提案' && `+searchSettled)
	checkDays(t, "提案 again", browserEval[browserDaysView](b, readDays), only(isProposal), "")

	// Messages have no department: no panel.
	s.openShapes(b, url.Values{"kind": {"留言"}})
	if v := browserEval[browserDaysView](b, readDays); !v.Hidden {
		t.Errorf("the panel shows for messages: %+v", v)
	}
	if r := browserGet[search.Response](t, s.shapes.origin, searchPath(url.Values{"kind": {"留言"}})); len(r.ReplyDays) != 0 {
		t.Errorf("API: reply_days for messages %+v", r.ReplyDays)
	}
	b.expectCleanConsole()
}

// browserRecordView is what the record page shows of a record that is one
// text, or of its first suggestion.
type browserRecordView struct {
	Path        string  `json:"path"`
	IDLine      string  `json:"idLine"`
	Title       string  `json:"title"`
	Kind        *string `json:"kind"`
	Proposer    *string `json:"proposer"`
	CoProposers *string `json:"coProposers"`
	Submitted   *string `json:"submitted"`
	Replied     *string `json:"replied"`
	Days        *string `json:"days"`
	Category    *string `json:"category"`
	Class       string  `json:"class"`
	ClassStatus string  `json:"classStatus"`
	Status      []string
	TOC         bool `json:"toc"`
	Sections    []struct {
		ID          string     `json:"id"`
		Heading     string     `json:"heading"`
		Text        string     `json:"text"`
		LetterTitle string     `json:"letterTitle"`
		Letter      []string   `json:"letter"`
		Columns     int        `json:"columns"`
		NoReply     bool       `json:"noReply"`
		ExtraTitle  string     `json:"extraTitle"`
		Extra       [][]string `json:"extra"`
	} `json:"sections"`
	RelatedHead string   `json:"relatedHead"`
	RelatedIDs  []string `json:"relatedIds"`
}

const readRecordView = `(() => {
	const row = (f) => { const r = document.querySelector('#proposal .pm-row[data-field="' + f + '"] dd'); return r ? r.textContent : null; };
	const text = (sel, root = document) => { const e = root.querySelector(sel); return e ? e.textContent : ''; };
	const cls = document.querySelector('#proposal .pm-row[data-field="class"] .class-badge');
	const related = document.querySelector('#related');
	return {
		path: location.pathname,
		idLine: text('#proposal .proposal-id'),
		title: text('#proposal .proposal-title'),
		kind: row('kind'), proposer: row('proposer'), coProposers: row('co-proposers'),
		submitted: row('submitted'), replied: row('replied'), days: row('days'), category: row('category'),
		class: cls ? cls.textContent : '', classStatus: cls ? cls.dataset.status : '',
		Status: [...document.querySelectorAll('#proposal .pm-row[data-field="status"] .badge')].map((b) => b.dataset.status),
		toc: !!document.querySelector('#proposal .proposal-toc'),
		sections: [...document.querySelectorAll('#proposal .suggestion')].map((s) => ({
			id: s.id,
			heading: text('.suggestion-title', s),
			text: text('.suggestion-text', s),
			letterTitle: text('.reply-letter-title', s),
			letter: [...s.querySelectorAll('.letter-text p')].map((p) => p.textContent),
			columns: s.querySelectorAll('.reply-col').length,
			noReply: !!s.querySelector('.no-reply'),
			extraTitle: text('.extra-table caption', s),
			extra: [...s.querySelectorAll('.extra-table tr')].map((tr) => [text('th', tr), text('td', tr)]),
		})),
		relatedHead: related ? text('.similar-title', related) : '',
		relatedIds: related ? [...related.querySelectorAll('.hit')].map((h) => h.dataset.id) : [],
	};
})()`

// letterParagraphs are the paragraphs of a reply letter: its lines with text.
func letterParagraphs(letter string) []string {
	var out []string
	for _, l := range strings.Split(letter, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

func str(p *string) string {
	if p == nil {
		return "(none)"
	}
	return *p
}

// checkRecord compares the page of a record that is one text with the
// record as imported and as the API gives it.
func checkRecord(t *testing.T, v browserRecordView, p record.Proposal, rec search.ProposalRecord, related search.SimilarResponse) {
	t.Helper()
	sg := p.Suggestions[0]
	if !strings.Contains(v.IDLine, p.ID) || !strings.HasPrefix(v.IDLine, p.Kind+"编号") || v.Title != p.Title {
		t.Errorf("%s: id line %q, title %q", p.ID, v.IDLine, v.Title)
	}
	opt := func(s string) string {
		if s == "" {
			return "(none)"
		}
		return s
	}
	days := ""
	if d, ok := p.DaysToReply(); ok {
		days = strconv.Itoa(d) + " 天"
	}
	for _, c := range []struct {
		name      string
		got, want string
	}{
		{"kind", str(v.Kind), opt(p.Kind)},
		{"proposer", str(v.Proposer), opt(p.Proposer)},
		{"co-proposers", str(v.CoProposers), opt(strings.Join(p.CoProposers, "、"))},
		{"submitted", str(v.Submitted), opt(p.Submitted)},
		{"replied", str(v.Replied), opt(p.Replied)},
		{"days to reply", str(v.Days), opt(days)},
		{"category", str(v.Category), opt(p.Category)},
		{"class", v.Class, p.Class},
		{"class status", v.ClassStatus, rec.ClassStatus},
	} {
		if c.got != c.want {
			t.Errorf("%s: %s shows %q, want %q", p.ID, c.name, c.got, c.want)
		}
	}
	if c, ok := record.ParseClass(p.Class); ok && rec.ClassStatus != string(c.Status) {
		t.Errorf("%s: API class_status %q, want %s", p.ID, rec.ClassStatus, c.Status)
	}
	var statuses []string
	for _, st := range p.Statuses(&sg) {
		statuses = append(statuses, string(st))
	}
	if !slices.Equal(v.Status, statuses) {
		t.Errorf("%s: statuses %v, want %v", p.ID, v.Status, statuses)
	}
	if v.TOC || len(v.Sections) != 1 {
		t.Fatalf("%s: toc %v, %d sections; a record of one text has one and no toc", p.ID, v.TOC, len(v.Sections))
	}
	sec := v.Sections[0]
	wantHeading := p.Kind + "内容"
	if sec.ID != "s0" || sec.Heading != wantHeading || sec.Text != sg.Text {
		t.Errorf("%s: section %q headed %q with %q, want s0 %q %q", p.ID, sec.ID, sec.Heading, sec.Text, wantHeading, sg.Text)
	}
	if paras := letterParagraphs(sg.Reply.Letter); !slices.Equal(sec.Letter, paras) || (len(paras) > 0) != (sec.LetterTitle == "答复意见") {
		t.Errorf("%s: letter %q %q, want 答复意见 %q", p.ID, sec.LetterTitle, sec.Letter, paras)
	}
	if cols := sg.Reply.Columns(); (len(cols) > 0) != (sec.Columns == 4) || (len(cols) == 0 && sec.Columns != 0) {
		t.Errorf("%s: %d reply columns shown for a reply with %v filled", p.ID, sec.Columns, cols)
	}
	if sec.NoReply != sg.Reply.Empty() {
		t.Errorf("%s: 尚无答复 shown %v, reply empty %v", p.ID, sec.NoReply, sg.Reply.Empty())
	}
	var extra [][]string
	for _, f := range sg.Extra {
		extra = append(extra, []string{f.Name, f.Value})
	}
	if !slices.EqualFunc(sec.Extra, extra, slices.Equal) || (len(extra) > 0) != (sec.ExtraTitle == "其他信息") {
		t.Errorf("%s: extra %q %q, want 其他信息 %q", p.ID, sec.ExtraTitle, sec.Extra, extra)
	}
	if want := "与本" + p.Kind + "相关的既往答复（" + strconv.Itoa(len(related.Hits)) + " 条）"; v.RelatedHead != want {
		t.Errorf("%s: related heading %q, want %q", p.ID, v.RelatedHead, want)
	}
	if !slices.Equal(v.RelatedIDs, hitIDs(related.Hits)) || slices.Contains(v.RelatedIDs, p.ID) {
		t.Errorf("%s: related %v, the API answers %v", p.ID, v.RelatedIDs, hitIDs(related.Hits))
	}
}

// openRecord opens the record page at path and reads it.
func (s *browserSuite) openRecord(b *browserTab, path string) browserRecordView {
	b.t.Helper()
	b.open(s.shapes.api.URL + path)
	b.waitJS("the record page "+path, proposalSettled)
	return browserEval[browserRecordView](b, readRecordView)
}

func (s *browserSuite) testRecordDetail(t *testing.T) {
	b := newTab(t, s.browser)
	// A CPPCC proposal answered by letter, with a class, dates,
	// co-proposers and a category; an NPC suggestion with a reply date
	// only; an unanswered message with kept columns.
	for _, id := range []string{"20210001", "20210157", "2550"} {
		p := shapesRecord(t, id)
		rec := browserGet[search.ProposalRecord](t, s.shapes.origin, "/api/proposals/"+id)
		related := browserGet[search.SimilarResponse](t, s.shapes.origin, "/api/similar?size=5&id="+url.QueryEscape(id))
		v := s.openRecord(b, "/proposal/"+id)
		checkRecord(t, v, p, rec, related)
		if id == "20210001" {
			if v.Days == nil || *v.Days != "50 天" {
				t.Errorf("20210001: days to reply %q, want 50 天", str(v.Days))
			}
			b.screenshot(s.shots, "9-cppcc-record")
		}
	}
	b.expectCleanConsole()
}

func (s *browserSuite) testEscapedID(t *testing.T) {
	p := shapesRecord(t, escapedID)
	rec := browserGet[search.ProposalRecord](t, s.shapes.origin, "/api/proposals/"+url.PathEscape(escapedID))
	if rec.ID != escapedID {
		t.Fatalf("API: /api/proposals/%s gives %q", url.PathEscape(escapedID), rec.ID)
	}
	related := browserGet[search.SimilarResponse](t, s.shapes.origin, "/api/similar?size=5&id="+url.QueryEscape(escapedID))

	// From the results: the hit links to the record, its id escaped.
	b := newTab(t, s.browser)
	s.openShapes(b, url.Values{"kind": {"留言"}})
	hit := `[...document.querySelectorAll('#results .hit')].find((h) => h.dataset.id === ` + jsString(escapedID) + `)`
	b.do("click the message", chromedp.Click(chromedp.JSPath(hit+`.querySelector('.hit-link')`)))
	b.waitJS("the message's page", `location.pathname === '/proposal/' + encodeURIComponent(`+jsString(escapedID)+`) && `+proposalSettled)
	v := browserEval[browserRecordView](b, readRecordView)
	if id, err := url.PathUnescape(strings.TrimPrefix(v.Path, "/proposal/")); err != nil || id != escapedID {
		t.Errorf("path %q names %q, want %q", v.Path, id, escapedID)
	}
	checkRecord(t, v, p, rec, related)
	b.screenshot(s.shots, "10-message")

	// Opened from its address, escaped as Go does (a path segment: & and =
	// left as they are).
	v = s.openRecord(b, "/proposal/"+url.PathEscape(escapedID))
	checkRecord(t, v, p, rec, related)

	// The back link returns to the messages.
	b.do("click 返回检索", chromedp.Click(chromedp.ID("back-link")))
	b.waitJS("the search page", searchSettled)
	b.expectCleanConsole()
}

// The search box shows a message as the page does: its kind and date, its
// letter's match labelled 答复, its status, and a link that opens it.
func (s *browserSuite) testWidgetShapes(t *testing.T) {
	const q = "责成运营企业清理"
	b := newTab(t, s.browser)
	v := widgetSearch(b, s.shapes.allowed.URL, q)
	if v.Error != "" || len(v.HitIDs) == 0 || v.HitIDs[0] != "2551" {
		t.Fatalf("the box shows %v (error %q), want 2551 first", v.HitIDs, v.Error)
	}
	p := shapesRecord(t, "2551")
	type boxHit struct {
		Kind   string `json:"kind"`
		Meta   string `json:"meta"`
		Badges []string
		Label  string `json:"label"`
		Marks  int    `json:"marks"`
		Link   string `json:"link"`
	}
	h := browserEval[boxHit](b, `(() => {
		const hit = `+widgetRoot+`.querySelector('.ps-hit');
		return {
			kind: hit.querySelector('.ps-kind') ? hit.querySelector('.ps-kind').textContent : '',
			meta: hit.querySelector('.ps-meta').textContent,
			Badges: [...hit.querySelectorAll('.ps-badge')].map((e) => e.textContent),
			label: hit.querySelector('.ps-label') ? hit.querySelector('.ps-label').textContent : '',
			marks: hit.querySelectorAll('.ps-snippet mark').length,
			link: hit.querySelector('a').href,
		};
	})()`)
	if h.Kind != p.Kind || !strings.Contains(h.Meta, record.Day(p.Date())) || !slices.Equal(h.Badges, []string{"已答复"}) {
		t.Errorf("the box's hit: kind %q, meta %q, badges %q; want %s, %s, 已答复", h.Kind, h.Meta, h.Badges, p.Kind, record.Day(p.Date()))
	}
	if h.Label != "答复：" || h.Marks == 0 {
		t.Errorf("the box's snippet is labelled %q with %d marks, want the letter's match labelled 答复", h.Label, h.Marks)
	}
	if h.Link != s.shapes.origin+"/proposal/2551" {
		t.Errorf("the box links to %q", h.Link)
	}
	b.expectCleanConsole()
}

// A query word no text has is named above the results: with hits of the
// other words, or with none.
func (s *browserSuite) testUnmatched(t *testing.T) {
	tests := []struct {
		query, word string
		hits        bool
	}{
		{"时间银行 区块链", "区块链", true},
		{"量子通信", "量子通信", false},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			want := browserGet[search.Response](t, s.seed.origin, searchPath(url.Values{"q": {tt.query}}))
			if !slices.Contains(want.Unmatched, tt.word) || (want.Total > 0) != tt.hits {
				t.Fatalf("API: unmatched %q, %d hits; want %q and hits %v", want.Unmatched, want.Total, tt.word, tt.hits)
			}
			b := newTab(t, s.browser)
			s.openSearchPage(b, s.seed)
			s.typeSearch(b, tt.query)
			b.waitJS("the unmatched notice", `!document.querySelector('#unmatched').hidden`)
			text := browserEval[string](b, `document.querySelector('#unmatched').textContent`)
			if !strings.Contains(text, "没有找到包含“"+tt.word+"”的结果") {
				t.Errorf("notice %q does not name %q", text, tt.word)
			}
			if shown := strings.Contains(text, "以下是不含这些词的结果"); shown != tt.hits {
				t.Errorf("notice %q: says hits follow: %v, want %v", text, shown, tt.hits)
			}
			b.expectCleanConsole()
		})
	}
	// A clause whose words texts hold only apart is said to be partial.
	want := browserGet[search.Response](t, s.seed.origin, searchPath(url.Values{"q": {"时间银行立法"}}))
	if len(want.Apart) == 1 {
		b := newTab(t, s.browser)
		s.openSearchPage(b, s.seed)
		s.typeSearch(b, "时间银行立法")
		b.waitJS("the partial notice", `!document.querySelector('#unmatched').hidden`)
		if text := browserEval[string](b, `document.querySelector('#unmatched').textContent`); !strings.Contains(text, "没有找到完整包含“时间银行立法”的结果") {
			t.Errorf("notice %q", text)
		}
	} else {
		t.Errorf("API: apart %q for 时间银行立法, want it named (the seed has both words, never together)", want.Apart)
	}
	// A query whose words all match has no notice.
	b := newTab(t, s.browser)
	s.openSearchPage(b, s.seed)
	s.typeSearch(b, browserQuery)
	if !browserEval[bool](b, `document.querySelector('#unmatched').hidden`) {
		t.Error("a notice for a query whose words all match")
	}
}
