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
