// 提案办理答复检索 — the search page and the proposal page.
//
// Plain JavaScript, no framework and no build step. Every piece of text that
// comes from the API is inserted with textContent; the only HTML inserted is
// the server's highlight fragments (already escaped, matches in <mark>), see
// appendFragment. Every UI state lives in the URL: the page renders from
// location and navigates with history.pushState.
'use strict';

(() => {
  // ---------------------------------------------------------------- constants

  // The kind facet comes first: it is shown when the index holds more than
  // one kind of record (or one is selected).
  const FACETS = [
    { key: 'kind', label: '类型', hint: '提案、建议、留言' },
    { key: 'department', label: '部门', hint: '主办或协办单位' },
    { key: 'lead', label: '主办单位' },
    { key: 'year', label: '年份' },
    { key: 'proposer', label: '提案人' },
    { key: 'topic', label: '主题' },
    { key: 'status', label: '办理状态' },
  ];
  const FACET_LABEL = Object.fromEntries(FACETS.map((f) => [f.key, f.label]));
  // The four columns of the reply form; the statuses after them say where a
  // reply letter without a result class (replied) or no reply (unanswered)
  // leaves a record.
  const COLUMNS = ['done', 'in_progress', 'planned', 'not_adopted'];
  const STATUSES = [...COLUMNS, 'replied', 'unanswered'];
  const STATUS_LABEL = {
    done: '已落实',
    in_progress: '正在落实',
    planned: '计划落实',
    not_adopted: '未能落实',
    replied: '已答复',
    unanswered: '未答复',
  };
  const FIELDS = ['title', 'suggestion', ...COLUMNS, 'letter'];
  const FIELD_LABEL = { title: '标题', suggestion: '建议', ...STATUS_LABEL, letter: '答复' };
  const SORTS = ['relevance', 'year_desc', 'year_asc', 'date_desc', 'date_asc'];
  // RECORD_KIND names the kinds of record the imports know, for CSS classes.
  const RECORD_KIND = { 提案: 'proposal', 建议: 'suggestion', 留言: 'message' };
  const PROPOSER_LABEL = { 提案: '提案人', 建议: '领衔代表', 留言: '留言人' };
  const KIND_LABEL = {
    term: '词语',
    title: '标题',
    topic: '主题',
    proposer: '提案人',
    department: '部门',
    pinyin: '拼音',
  };
  const DEFAULT_SIZE = 10;
  const MAX_SIZE = 100;
  const FACET_SHOWN = { year: 30, status: 6, kind: 6 }; // values shown per facet before "显示全部"
  const FACET_SHOWN_DEFAULT = 8;
  const SIMILAR_SIZE = 5; // related replies per suggestion
  const DRAFT_SIZE = 10; // related replies for a pasted draft
  const PRODUCT = '提案办理答复检索';

  // ------------------------------------------------------------------ helpers

  const $ = (sel, root = document) => root.querySelector(sel);

  // h builds an element. attrs: class, text (textContent), dataset, on*
  // (listeners), anything else via setAttribute (never "style"). Children
  // that are strings become text nodes.
  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    if (attrs) {
      for (const [k, v] of Object.entries(attrs)) {
        if (v == null || v === false) continue;
        if (k === 'class') el.className = v;
        else if (k === 'text') el.textContent = String(v);
        else if (k === 'dataset') Object.assign(el.dataset, v);
        else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
        else if (k === 'style') throw new Error('inline styles are not allowed');
        else el.setAttribute(k, v === true ? '' : String(v));
      }
    }
    for (const c of children.flat(Infinity)) {
      if (c == null || c === false) continue;
      el.append(c instanceof Node ? c : String(c));
    }
    return el;
  }

  // appendFragment inserts one highlight fragment from the server. The server
  // HTML-escapes the text and adds only <mark>…</mark>; this is the one place
  // that uses innerHTML.
  function appendFragment(parent, fragment) {
    const span = document.createElement('span');
    span.className = 'frag';
    span.innerHTML = String(fragment);
    parent.append(span);
  }

  // fragmentText is the plain text of a highlight fragment (parsed inertly).
  function fragmentText(fragment) {
    const t = document.createElement('template');
    t.innerHTML = String(fragment);
    return t.content.textContent;
  }

  const squash = (s) => String(s || '').replace(/\s+/g, '');
  const fmt = (n) => (Number.isFinite(Number(n)) ? Number(n).toLocaleString('zh-CN') : '0');
  const arr = (v) => (Array.isArray(v) ? v : []);
  const uniq = (xs) => [...new Set(xs)];

  function displayValue(facet, value) {
    if (facet === 'status') return STATUS_LABEL[value] || value;
    return value;
  }

  // textLabel names a record's text by its kind: a message's is 留言内容, a
  // proposal's numbered parts are 建议, and a record that is one text is
  // its kind's 内容 (提案内容).
  function textLabel(kind, no) {
    if (kind === '留言') return '留言内容';
    if (!no && kind) return `${kind}内容`;
    return '建议';
  }

  // textName is how a heading names a record's text: 第 2 条建议, or for a
  // record that is one text, its label.
  const textName = (kind, no) => (no ? `第 ${no} 条建议` : textLabel(kind, no));

  const kindClass = (kind) => `kind-${RECORD_KIND[kind] || 'other'}`;

  // day is the date part of a date as the API writes it (2019-06-20 or
  // 2019-06-20 10:55:18).
  const day = (d) => String(d || '').slice(0, 10);

  class ApiError extends Error {
    constructor(message, status) {
      super(message);
      this.status = status;
    }
  }

  // BASE is the path the service is published under: '' at the root of its
  // site, '/precedent' when an intranet's proxy puts it there (serve
  // -base-path). The server writes it into the page's <meta>. Every link and
  // API path of the page starts with it.
  const BASE = document.querySelector('meta[name="precedent-base"]')?.content || '';

  // api fetches JSON from the API path url (/api/…); a non-2xx answer throws
  // ApiError with the server's {"error": "..."} message.
  async function api(url, opts = {}) {
    let res;
    try {
      res = await fetch(BASE + url, { headers: { Accept: 'application/json', ...(opts.headers || {}) }, ...opts });
    } catch (e) {
      if (e.name === 'AbortError') throw e;
      throw new ApiError('无法连接检索服务，请检查网络后重试。', 0);
    }
    const body = await res.text();
    let data = null;
    try {
      data = body ? JSON.parse(body) : null;
    } catch {
      data = null;
    }
    if (!res.ok) {
      const msg = data && typeof data.error === 'string' && data.error ? data.error : `请求失败（HTTP ${res.status}）`;
      throw new ApiError(msg, res.status);
    }
    if (data == null || typeof data !== 'object') throw new ApiError('检索服务返回了无法识别的数据。', res.status);
    return data;
  }

  const isAbort = (e) => e && e.name === 'AbortError';

  // -------------------------------------------------------------- URL state

  function emptyState() {
    const s = { q: '', year_from: '', year_to: '', date_from: '', date_to: '', page: 1, size: DEFAULT_SIZE, sort: '', group: '', noexpand: false };
    for (const f of FACETS) s[f.key] = [];
    return s;
  }

  function posInt(v, dflt) {
    const n = Number.parseInt(v, 10);
    return Number.isFinite(n) && n > 0 ? n : dflt;
  }

  function yearParam(v) {
    const s = String(v || '').trim();
    return /^\d{4}$/.test(s) ? s : '';
  }

  // dateParam reads a date as 2019-06-20 (also 2019/6/20); '' if it is none.
  function dateParam(v) {
    const m = String(v || '').trim().match(/^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/);
    if (!m) return '';
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const t = new Date(Date.UTC(y, mo - 1, d));
    if (t.getUTCFullYear() !== y || t.getUTCMonth() !== mo - 1 || t.getUTCDate() !== d) return '';
    return `${m[1]}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  }

  function parseState(search) {
    const p = new URLSearchParams(search);
    const s = emptyState();
    s.q = (p.get('q') || '').trim();
    for (const f of FACETS) s[f.key] = uniq(p.getAll(f.key).map((v) => v.trim()).filter(Boolean));
    s.year_from = yearParam(p.get('year_from'));
    s.year_to = yearParam(p.get('year_to'));
    s.date_from = dateParam(p.get('date_from'));
    s.date_to = dateParam(p.get('date_to'));
    s.page = posInt(p.get('page'), 1);
    s.size = Math.min(posInt(p.get('size'), DEFAULT_SIZE), MAX_SIZE);
    const sort = p.get('sort') || '';
    s.sort = SORTS.includes(sort) && sort !== 'relevance' ? sort : '';
    s.group = p.get('group') === 'proposal' ? 'proposal' : '';
    s.noexpand = p.get('noexpand') === '1';
    return s;
  }

  // toParams serializes a state; defaults are left out so URLs stay short.
  // The same string is the page's query and the /api/search query.
  function toParams(s, { paging = true } = {}) {
    const p = new URLSearchParams();
    if (s.q) p.set('q', s.q);
    for (const f of FACETS) for (const v of s[f.key]) p.append(f.key, v);
    if (s.year_from) p.set('year_from', s.year_from);
    if (s.year_to) p.set('year_to', s.year_to);
    if (s.date_from) p.set('date_from', s.date_from);
    if (s.date_to) p.set('date_to', s.date_to);
    if (paging && s.page > 1) p.set('page', String(s.page));
    if (paging && s.size !== DEFAULT_SIZE) p.set('size', String(s.size));
    if (s.sort) p.set('sort', s.sort);
    if (s.group) p.set('group', s.group);
    if (s.noexpand) p.set('noexpand', '1');
    return p;
  }

  function searchURL(s) {
    const qs = toParams(s).toString();
    return qs ? `${BASE}/?${qs}` : `${BASE}/`;
  }

  const cloneState = (s) => {
    const c = { ...s };
    for (const f of FACETS) c[f.key] = [...s[f.key]];
    return c;
  };

  // with returns a copy of s changed by fn, back on page 1.
  function withState(s, fn) {
    const c = cloneState(s);
    fn(c);
    if (!('keepPage' in c)) c.page = 1;
    delete c.keepPage;
    return c;
  }

  function filterCount(s) {
    let n = 0;
    for (const f of FACETS) n += s[f.key].length;
    if (s.year_from || s.year_to) n++;
    if (s.date_from || s.date_to) n++;
    return n;
  }

  // clearFilters removes every filter of s (not the query).
  function clearFilters(s) {
    for (const f of FACETS) s[f.key] = [];
    s.year_from = '';
    s.year_to = '';
    s.date_from = '';
    s.date_to = '';
  }

  const proposalHref = (pid, no) => `${BASE}/proposal/${encodeURIComponent(pid)}${no ? `#s${no}` : ''}`;

  // ---------------------------------------------------------------- routing

  let current = emptyState(); // state of the search page being shown
  let lastSearchHref = `${BASE}/`; // for "返回检索" on the proposal page
  let pendingScroll = null; // what to do with the scroll position after render
  let pendingFocus = null; // function returning an element to focus after render

  if ('scrollRestoration' in history) history.scrollRestoration = 'manual';

  // navigate moves to url with pushState (or replaceState) and renders it.
  // scroll: 'top' | 'keep' | 'results' | 'hash' | 'none'.
  function navigate(url, { replace = false, scroll = 'top' } = {}) {
    const u = new URL(url, location.href);
    const target = u.pathname + u.search + u.hash;
    const here = location.pathname + location.search + location.hash;
    pendingScroll = scroll;
    clearTimeout(scrollSaveTimer);
    if (target !== here) {
      // remember where this entry was scrolled to, for the back button
      history.replaceState({ ...(history.state || {}), y: window.scrollY }, '');
      if (replace) history.replaceState({}, '', target);
      else history.pushState({}, '', target);
    }
    route();
  }

  // The scroll position of the current entry is kept in history.state, so
  // back and forward return to it.
  let scrollSaveTimer = null;
  window.addEventListener('scroll', () => {
    clearTimeout(scrollSaveTimer);
    scrollSaveTimer = setTimeout(() => {
      history.replaceState({ ...(history.state || {}), y: window.scrollY }, '');
    }, 250);
  }, { passive: true });

  window.addEventListener('popstate', (e) => {
    clearTimeout(scrollSaveTimer);
    const y = e.state && typeof e.state.y === 'number' ? e.state.y : null;
    pendingScroll = y != null ? { y } : location.hash ? 'hash' : 'top';
    pendingFocus = null;
    route();
  });

  function applyScroll() {
    const how = pendingScroll;
    pendingScroll = null;
    shortScroll = null;
    if (how == null || how === 'keep' || how === 'none') return;
    if (typeof how === 'object') {
      window.scrollTo(0, how.y);
    } else if (how === 'top') {
      window.scrollTo(0, 0);
    } else if (how === 'results') {
      const el = $('#chips').hidden ? $('.toolbar') : $('#chips');
      const top = el.getBoundingClientRect().top + window.scrollY - 12;
      if (window.scrollY > top) window.scrollTo(0, Math.max(0, top));
    } else if (how === 'hash') {
      let id = location.hash.slice(1);
      try {
        id = decodeURIComponent(id);
      } catch {
        // keep it as it is
      }
      const el = id && document.getElementById(id);
      if (el) {
        el.scrollIntoView({ block: 'start' });
        // near the end of the page the target cannot reach the top yet; try
        // again when more content (the related replies) has been added
        shortScroll = el.getBoundingClientRect().top > 20 ? { el, y: window.scrollY } : null;
      } else {
        window.scrollTo(0, 0);
      }
    }
  }

  let shortScroll = null;
  function retryShortScroll() {
    const s = shortScroll;
    shortScroll = null;
    if (s && s.el.isConnected && Math.abs(window.scrollY - s.y) < 2) s.el.scrollIntoView({ block: 'start' });
  }

  function applyFocus() {
    const fn = pendingFocus;
    pendingFocus = null;
    if (!fn) return;
    const el = fn();
    if (el) el.focus({ preventScroll: true });
  }

  function route() {
    hideError();
    closeSuggest();
    const path = location.pathname.startsWith(`${BASE}/`) ? location.pathname.slice(BASE.length) : location.pathname;
    const m = path.match(/^\/proposal\/([^/]+)\/?$/);
    if (m) {
      let id;
      try {
        id = decodeURIComponent(m[1]);
      } catch {
        id = m[1];
      }
      showProposal(id);
    } else {
      showSearch();
    }
  }

  function setView(name) {
    $('#search-view').hidden = name !== 'search';
    $('#proposal-view').hidden = name !== 'proposal';
    document.body.dataset.view = name;
  }

  // Same-origin links marked data-nav are followed without a page load.
  document.addEventListener('click', (e) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const a = e.target.closest('a[data-nav]');
    if (!a || a.target === '_blank' || a.hasAttribute('download')) return;
    const u = new URL(a.href, location.href);
    if (u.origin !== location.origin) return;
    e.preventDefault();
    // after paging, keyboard users continue at the first result
    if (a.closest('#pager')) pendingFocus = () => $('#results .hit-link');
    navigate(u.href, { scroll: a.dataset.scroll || (u.hash ? 'hash' : 'top') });
  });

  // ------------------------------------------------------------ error box

  function showError(msg) {
    const box = $('#error');
    // icon and × come from CSS, so the box's text is just the message
    box.replaceChildren(
      h('span', { class: 'error-icon', 'aria-hidden': 'true' }),
      h('span', { class: 'error-text', text: msg }),
      h('button', { type: 'button', class: 'error-close', 'aria-label': '关闭提示', title: '关闭', onclick: hideError }),
    );
    box.hidden = false;
  }

  function hideError() {
    const box = $('#error');
    box.hidden = true;
    box.replaceChildren();
  }

  // ------------------------------------------------------------ search page

  let searchCtl = null;
  let cache = { key: null, data: null };

  async function showSearch() {
    setView('search');
    const state = parseState(location.search);
    current = state;
    lastSearchHref = location.pathname + location.search;
    syncControls(state);
    document.title = state.q ? `${state.q} - ${PRODUCT}` : PRODUCT;

    const key = toParams(state).toString();
    if (cache.key === key && cache.data) {
      renderSearch(state, cache.data);
      return;
    }
    if (searchCtl) searchCtl.abort();
    const ctl = new AbortController();
    searchCtl = ctl;
    setLoading(true);
    try {
      const data = await api(`/api/search${key ? `?${key}` : ''}`, { signal: ctl.signal });
      if (ctl !== searchCtl) return;
      cache = { key, data };
      renderSearch(state, data);
    } catch (e) {
      if (isAbort(e) || ctl !== searchCtl) return;
      showError(e.message);
      renderSearch(state, { total: 0, hits: [], facets: {}, failed: true });
    } finally {
      if (ctl === searchCtl) setLoading(false);
    }
  }

  let loadingTimer = null;
  function setLoading(on) {
    clearTimeout(loadingTimer);
    const res = $('#results');
    if (on) {
      res.setAttribute('aria-busy', 'true');
      // only dim for slow answers, to avoid flicker
      loadingTimer = setTimeout(() => document.body.classList.add('is-loading'), 150);
    } else {
      res.removeAttribute('aria-busy');
      document.body.classList.remove('is-loading');
    }
  }

  function syncControls(s) {
    const q = $('#q');
    if (document.activeElement !== q || q.value.trim() === '') q.value = s.q;
    $('#sort').value = s.sort || 'relevance';
    const size = $('#size');
    if (![...size.options].some((o) => o.value === String(s.size))) {
      size.append(h('option', { value: String(s.size), text: String(s.size) }));
    }
    size.value = String(s.size);
    $('#group').checked = s.group === 'proposal';
    const exp = toParams(s, { paging: false }).toString();
    $('#export').href = `${BASE}/api/export${exp ? `?${exp}` : ''}`;
    const n = filterCount(s);
    $('#facets-toggle-count').textContent = n ? `（已选 ${n}）` : '';
  }

  function renderSearch(state, data) {
    const grouped = state.group === 'proposal' && Array.isArray(data.groups);
    renderSummary(state, data, grouped);
    renderChips(state);
    renderFacets(state, data.facets || {});
    renderChart(state, (data.facets || {}).year);
    renderReplyDays(state, data.reply_days);
    renderExpansions(state, data.expansions);
    renderUnmatched(state, data);
    $('#browse-hint').hidden = !!state.q || !!data.failed;
    renderResults(state, data, grouped);
    const pages = grouped ? data.total_groups : data.total;
    renderPager(state, Number(pages) || 0);
    applyScroll();
    applyFocus();
  }

  function renderSummary(state, data, grouped) {
    const total = h('span', { id: 'total', text: fmt(data.total) });
    const parts = [total, ' 条结果'];
    if (grouped) parts.push(`，分属 ${fmt(data.total_groups)} 件提案`);
    $('#summary-text').replaceChildren(...parts);
    const took = $('#took');
    const ms = Number(data.took_ms);
    took.textContent = data.took_ms != null && Number.isFinite(ms)
      ? `用时 ${ms < 10 ? Math.round(ms * 10) / 10 : Math.round(ms)} 毫秒`
      : '';
  }

  // ------------------------------------------------------------ chips

  function renderChips(state) {
    const box = $('#chips');
    const chips = [];
    for (const f of FACETS) {
      for (const v of state[f.key]) {
        const label = `${f.label}：${displayValue(f.key, v)}`;
        chips.push(chip(label, (s) => { s[f.key] = s[f.key].filter((x) => x !== v); }));
      }
    }
    if (state.year_from || state.year_to) {
      const range = `${state.year_from || '…'} – ${state.year_to || '…'}`;
      chips.push(chip(`年份范围：${range}`, (s) => { s.year_from = ''; s.year_to = ''; }));
    }
    if (state.date_from || state.date_to) {
      const range = `${state.date_from || '…'} – ${state.date_to || '…'}`;
      chips.push(chip(`日期范围：${range}`, (s) => { s.date_from = ''; s.date_to = ''; }));
    }
    if (chips.length > 1) {
      chips.push(h('button', {
        type: 'button',
        class: 'chip-clear',
        text: '清除全部筛选',
        onclick: () => {
          pendingFocus = () => $('#q');
          navigate(searchURL(withState(current, clearFilters)), { scroll: 'keep' });
        },
      }));
    }
    box.replaceChildren(...chips);
    box.hidden = chips.length === 0;
  }

  function chip(label, remove) {
    return h('button', {
      type: 'button',
      class: 'chip',
      'aria-label': `移除筛选条件 ${label}`,
      title: '移除此筛选条件',
      onclick: (e) => {
        const idx = [...$('#chips').querySelectorAll('.chip')].indexOf(e.currentTarget);
        pendingFocus = () => {
          const left = $('#chips').querySelectorAll('.chip');
          return left[Math.min(idx, left.length - 1)] || $('#q');
        };
        navigate(searchURL(withState(current, remove)), { scroll: 'keep' });
      },
    }, h('span', { class: 'chip-text', text: label }), h('span', { class: 'chip-x', 'aria-hidden': 'true', text: '×' }));
  }

  // ------------------------------------------------------------ facets

  const expandedFacets = new Set(); // facets showing all their values
  const closedFacets = new Set(); // facet panels the user folded

  function sortedFacetValues(key, values, selected) {
    let vs = arr(values)
      .filter((v) => v && v.value != null && String(v.value) !== '')
      .map((v) => ({ value: String(v.value), count: Number(v.count) || 0 }));
    // selected values the answer no longer counts stay visible, to be unticked
    for (const s of selected) if (!vs.some((v) => v.value === s)) vs.push({ value: s, count: 0 });
    if (key === 'year') vs.sort((a, b) => b.value.localeCompare(a.value));
    if (key === 'status') vs.sort((a, b) => rank(a.value) - rank(b.value));
    return vs;
  }
  const rank = (st) => {
    const i = STATUSES.indexOf(st);
    return i < 0 ? 99 : i;
  };

  function renderFacets(state, facets) {
    const box = $('#facets');
    const panels = [];
    for (const f of FACETS) {
      const selected = state[f.key];
      const values = sortedFacetValues(f.key, facets[f.key], selected);
      // a facet with nothing to offer is left out (the year panel stays for
      // its range form); the kind facet only when there is a choice
      if (!values.length && f.key !== 'year') continue;
      if (f.key === 'kind' && values.length < 2 && !selected.length) continue;
      const details = h('details', { class: `facet facet-${f.key}`, dataset: { facet: f.key } });
      details.open = !closedFacets.has(f.key);
      details.addEventListener('toggle', () => {
        if (details.open) closedFacets.delete(f.key);
        else closedFacets.add(f.key);
      });
      const summary = h('summary', { class: 'facet-title' },
        h('span', { text: f.label }),
        selected.length ? h('span', { class: 'facet-selected', text: `已选 ${selected.length}` }) : null);
      if (f.hint) summary.title = f.hint;
      details.append(summary);

      const list = h('div', { class: 'facet-values', role: 'group', 'aria-label': f.label });
      const all = expandedFacets.has(f.key);
      const shown = FACET_SHOWN[f.key] || FACET_SHOWN_DEFAULT;
      let hiddenCount = 0;
      values.forEach((v, i) => {
        const on = selected.includes(v.value);
        if (!all && i >= shown && !on) {
          hiddenCount++;
          return;
        }
        list.append(facetButton(f.key, v, on));
      });
      if (values.length) details.append(list);
      if (hiddenCount || (all && values.length > shown)) {
        details.append(h('button', {
          type: 'button',
          class: 'facet-more',
          'aria-expanded': String(all),
          text: all ? '收起' : `显示全部 ${values.length} 项`,
          onclick: () => {
            if (all) expandedFacets.delete(f.key);
            else expandedFacets.add(f.key);
            renderFacets(current, facets);
            const again = box.querySelector(`details[data-facet="${f.key}"] .facet-more`);
            if (again) again.focus();
          },
        }));
      }
      if (f.key === 'year') details.append(yearRangeForm(state));
      panels.push(details);
      if (f.key === 'year') panels.push(datePanel(state));
    }
    box.replaceChildren(...panels);
  }

  // datePanel is the sidebar's date range: records submitted (else replied
  // to) from one day to another, both included.
  function datePanel(state) {
    const on = !!(state.date_from || state.date_to);
    const details = h('details', { class: 'facet facet-date', dataset: { facet: 'date' } });
    details.open = !closedFacets.has('date');
    details.addEventListener('toggle', () => {
      if (details.open) closedFacets.delete('date');
      else closedFacets.add('date');
    });
    const summary = h('summary', { class: 'facet-title', title: '按提交日期（无则按答复日期）筛选' },
      h('span', { text: '日期范围' }),
      on ? h('span', { class: 'facet-selected', text: '已选' }) : null);
    details.append(summary, dateRangeForm(state));
    return details;
  }

  function dateRangeForm(state) {
    const from = h('input', { type: 'date', class: 'date-input', name: 'date_from', 'aria-label': '起始日期', value: state.date_from, max: state.date_to || null });
    const to = h('input', { type: 'date', class: 'date-input', name: 'date_to', 'aria-label': '截止日期', value: state.date_to, min: state.date_from || null });
    const form = h('form', { class: 'date-range', novalidate: true },
      h('label', { class: 'date-field' }, h('span', { class: 'date-label', text: '起' }), from),
      h('label', { class: 'date-field' }, h('span', { class: 'date-label', text: '止' }), to),
      h('button', { type: 'submit', class: 'btn btn-small', text: '应用' }));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      let a = dateParam(from.value);
      let b = dateParam(to.value);
      // a date input whose text is incomplete has the value ''
      if ((from.value.trim() && !a) || (to.value.trim() && !b) || from.validity.badInput || to.validity.badInput) {
        showError('日期请填写完整，例如 2019-06-20。');
        return;
      }
      if (a && b && a > b) [a, b] = [b, a];
      pendingFocus = () => $('#facets .date-range button');
      navigate(searchURL(withState(current, (s) => { s.date_from = a; s.date_to = b; })), { scroll: 'keep' });
    });
    return form;
  }

  function facetButton(key, v, on) {
    const name = displayValue(key, v.value);
    const btn = h('button', {
      type: 'button',
      class: `facet-value${on ? ' selected' : ''}${key === 'status' ? ` status-${v.value}` : ''}`,
      role: 'checkbox',
      'aria-checked': String(on),
      title: name,
      dataset: { facet: key, value: v.value },
    },
    h('span', { class: 'fv-box', 'aria-hidden': 'true' }),
    h('span', { class: 'fv-name', text: name }),
    h('span', { class: 'fv-count', text: fmt(v.count) }));
    btn.addEventListener('click', () => toggleFilter(key, v.value));
    return btn;
  }

  function toggleFilter(key, value) {
    pendingFocus = () => [...document.querySelectorAll('#facets .facet-value')]
      .find((el) => el.dataset.facet === key && el.dataset.value === value) || null;
    navigate(searchURL(withState(current, (s) => {
      s[key] = s[key].includes(value) ? s[key].filter((x) => x !== value) : [...s[key], value];
    })), { scroll: 'keep' });
  }

  function yearRangeForm(state) {
    const from = h('input', { type: 'text', inputmode: 'numeric', pattern: '\\d{4}', maxlength: '4', placeholder: '起', 'aria-label': '起始年份', class: 'year-input', value: state.year_from });
    const to = h('input', { type: 'text', inputmode: 'numeric', pattern: '\\d{4}', maxlength: '4', placeholder: '止', 'aria-label': '截止年份', class: 'year-input', value: state.year_to });
    const form = h('form', { class: 'year-range', novalidate: true },
      h('span', { class: 'year-range-label', text: '年份范围' }), from, h('span', { text: '–' }), to,
      h('button', { type: 'submit', class: 'btn btn-small', text: '应用' }));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      let a = yearParam(from.value);
      let b = yearParam(to.value);
      if ((from.value.trim() && !a) || (to.value.trim() && !b)) {
        showError('年份请填写四位数字，例如 2019。');
        return;
      }
      if (a && b && a > b) [a, b] = [b, a];
      navigate(searchURL(withState(current, (s) => { s.year_from = a; s.year_to = b; })), { scroll: 'keep' });
    });
    return form;
  }

  // ------------------------------------------------------------ year chart

  function renderChart(state, yearFacet) {
    const chart = $('#year-chart');
    const years = arr(yearFacet)
      .filter((v) => v && /^\d{4}$/.test(String(v.value)))
      .map((v) => ({ value: String(v.value), count: Number(v.count) || 0 }))
      .sort((a, b) => a.value.localeCompare(b.value));
    chart.closest('.chart-panel').hidden = years.length === 0;
    if (!years.length) {
      chart.replaceChildren();
      return;
    }
    const max = Math.max(1, ...years.map((y) => y.count));
    chart.setAttribute('role', 'group');
    chart.setAttribute('aria-label', '各年份命中数，点击柱子只看该年');
    chart.replaceChildren(...years.map((y) => {
      const on = state.year.includes(y.value);
      const fill = h('span', { class: 'bar-fill' });
      fill.style.height = `${y.count ? Math.max(3, (y.count / max) * 100) : 0}%`;
      const bar = h('button', {
        type: 'button',
        class: `year-bar${on ? ' selected' : ''}`,
        'aria-pressed': String(on),
        'aria-label': `${y.value} 年 ${y.count} 条${on ? '，已筛选，点击取消' : '，点击只看该年'}`,
        title: `${y.value} 年：${y.count} 条`,
        dataset: { year: y.value },
      },
      h('span', { class: 'bar-count', text: fmt(y.count) }),
      h('span', { class: 'bar-track' }, fill),
      h('span', { class: 'bar-year', text: y.value }));
      bar.addEventListener('click', () => {
        pendingFocus = () => $(`#year-chart .year-bar[data-year="${y.value}"]`);
        navigate(searchURL(withState(current, (s) => {
          s.year = on && s.year.length === 1 ? [] : on ? s.year.filter((x) => x !== y.value) : [y.value];
        })), { scroll: 'keep' });
      });
      return bar;
    }));
  }

  // ------------------------------------------------------------ reply days

  // renderReplyDays shows, per lead department, the median days from
  // submission to reply over the matches (the API's reply_days); a
  // department filters by it as the lead facet does.
  function renderReplyDays(state, replyDays) {
    const panel = $('#days-panel');
    const rows = arr(replyDays)
      .filter((d) => d && d.department && Number.isFinite(Number(d.median_days)))
      .map((d) => ({ department: String(d.department), median: Number(d.median_days), count: Number(d.count) || 0 }));
    panel.hidden = rows.length === 0;
    const stats = $('.stats');
    stats.classList.toggle('stats-two', rows.length > 0 && !$('#chart-panel').hidden);
    stats.hidden = rows.length === 0 && $('#chart-panel').hidden;
    const body = $('#days-body');
    if (!rows.length) {
      body.replaceChildren();
      return;
    }
    const max = Math.max(1, ...rows.map((r) => r.median));
    body.replaceChildren(...rows.map((r) => {
      const on = state.lead.includes(r.department);
      const btn = h('button', {
        type: 'button',
        class: `link-button days-dept${on ? ' selected' : ''}`,
        'aria-pressed': String(on),
        title: on ? `取消主办单位“${r.department}”筛选` : `只看主办单位为“${r.department}”的结果`,
        dataset: { department: r.department },
        text: r.department,
      });
      btn.addEventListener('click', () => {
        pendingFocus = () => [...document.querySelectorAll('#days-body .days-dept')].find((el) => el.dataset.department === r.department) || null;
        navigate(searchURL(withState(current, (s) => {
          s.lead = on ? s.lead.filter((x) => x !== r.department) : [...s.lead, r.department];
        })), { scroll: 'keep' });
      });
      const fill = h('span', { class: 'days-fill' });
      fill.style.width = `${Math.max(2, (r.median / max) * 100)}%`;
      return h('tr', { class: on ? 'selected' : null, dataset: { department: r.department } },
        h('th', { scope: 'row', class: 'days-name' }, btn),
        h('td', { class: 'days-median' },
          h('span', { class: 'days-bar', 'aria-hidden': 'true' }, fill),
          h('span', { class: 'days-value', text: `${fmtDays(r.median)} 天` })),
        h('td', { class: 'days-count', text: fmt(r.count) }));
    }));
  }

  // fmtDays writes a median: whole days, or a half day (40.5).
  const fmtDays = (d) => (Number.isInteger(d) ? String(d) : d.toFixed(1));

  // ------------------------------------------------------------ expansions

  // renderUnmatched says which of the query's words no text has: the hits
  // shown, if any, are texts without them.
  function renderUnmatched(state, data) {
    const el = $('#unmatched');
    const words = arr(data.unmatched);
    const apart = arr(data.apart);
    if (!state.q || (!words.length && !apart.length)) {
      el.hidden = true;
      el.replaceChildren();
      return;
    }
    const quote = (ws) => ws.map((w) => `“${w}”`).join('、');
    const hits = Number(data.total) > 0;
    const lines = [];
    if (words.length) {
      lines.push(h('span', { class: 'unmatched-words', text: `没有找到包含${quote(words)}的结果。${hits && !apart.length ? '以下是不含这些词的结果。' : ''}` }));
    }
    if (apart.length) {
      lines.push(h('span', { class: 'unmatched-apart', text: `没有找到完整包含${quote(apart)}的结果。${hits ? '以下结果只含其中部分词语。' : ''}` }));
    }
    el.replaceChildren(...lines);
    el.hidden = false;
  }

  function renderExpansions(state, expansions) {
    const el = $('#expansions');
    const exps = arr(expansions).filter((e) => e && arr(e.synonyms).length);
    if (state.noexpand) {
      el.replaceChildren(
        h('span', { text: '已关闭同义词扩展，只检索原词。' }),
        h('button', {
          type: 'button',
          class: 'link-button',
          text: '恢复同义词扩展',
          onclick: () => {
            pendingFocus = () => $('#expansions button');
            navigate(searchURL(withState(current, (s) => { s.noexpand = false; })), { scroll: 'keep' });
          },
        }));
      el.hidden = false;
      return;
    }
    if (!state.q || !exps.length) {
      el.hidden = true;
      el.replaceChildren();
      return;
    }
    const words = [];
    for (const e of exps) {
      arr(e.synonyms).forEach((syn) => {
        if (words.length) words.push('、');
        words.push(h('span', { class: 'synonym', title: `“${e.term}”的同义词`, text: syn }));
      });
    }
    el.replaceChildren(
      h('span', { class: 'expansions-label', text: '也搜索了：' }), ...words,
      h('button', {
        type: 'button',
        class: 'link-button',
        text: '只搜原词',
        onclick: () => {
          pendingFocus = () => $('#expansions button');
          navigate(searchURL(withState(current, (s) => { s.noexpand = true; })), { scroll: 'keep' });
        },
      }));
    el.hidden = false;
  }

  // ------------------------------------------------------------ results

  function renderResults(state, data, grouped) {
    const box = $('#results');
    if (data.failed) {
      box.replaceChildren(h('p', { class: 'empty', text: '检索未能完成。' }));
      return;
    }
    const items = grouped
      ? arr(data.groups).map((g) => renderGroup(g, state))
      : arr(data.hits).map((hit) => renderHit(hit, { base: state }));
    if (!items.length) {
      box.replaceChildren(renderEmpty(state, data));
      return;
    }
    box.replaceChildren(...items);
  }

  function renderEmpty(state, data) {
    const tips = [];
    if (filterCount(state)) {
      tips.push(h('li', {}, '减少筛选条件，或 ', h('a', {
        href: searchURL(withState(state, clearFilters)),
        'data-nav': true,
        'data-scroll': 'keep',
        text: '清除全部筛选',
      })));
    }
    if (state.noexpand) {
      tips.push(h('li', {}, h('a', {
        href: searchURL(withState(state, (s) => { s.noexpand = false; })),
        'data-nav': true,
        'data-scroll': 'keep',
        text: '恢复同义词扩展',
      }), ' 后再试'));
    }
    if (state.page > 1 && Number(data.total) > 0) {
      tips.push(h('li', {}, h('a', {
        href: searchURL(withState(state, () => {})),
        'data-nav': true,
        text: '回到第一页',
      })));
    }
    tips.push(h('li', { text: '换一个说法，或使用更短的关键词' }));
    return h('div', { class: 'empty' },
      h('p', { class: 'empty-title', text: state.q ? `没有找到与“${state.q}”相关的提案答复。` : '没有符合条件的提案答复。' }),
      h('ul', { class: 'empty-tips' }, tips));
  }

  function metaItem(label, value) {
    return h('span', { class: 'meta-item' }, h('span', { class: 'meta-label', text: label }), h('span', { class: 'meta-value', text: value }));
  }

  // metaLine is a hit's or group's proposer, date (else year) and
  // departments.
  function metaLine(obj) {
    const parts = [];
    if (obj.proposer) parts.push(metaItem(PROPOSER_LABEL[obj.kind] || '提案人', obj.proposer));
    if (obj.date) parts.push(metaItem('日期', day(obj.date)));
    else if (obj.year) parts.push(metaItem('年份', String(obj.year)));
    if (obj.lead_department) parts.push(metaItem('主办', obj.lead_department));
    const co = arr(obj.co_departments).filter(Boolean);
    if (co.length) parts.push(metaItem('协办', co.join('、')));
    return h('div', { class: 'meta' }, parts);
  }

  // kindTag is the record's kind (提案, 建议, 留言 …) as a small label.
  function kindTag(kind) {
    if (!kind) return null;
    return h('span', { class: `kind-tag ${kindClass(kind)}`, dataset: { kind }, text: kind });
  }

  // classBadge shows a result class as written (A类（已解决或采纳）, 留作参考),
  // coloured by the status it maps to.
  function classBadge(cls, status) {
    if (!cls) return null;
    const st = status || '';
    return h('span', {
      class: `badge class-badge status-${st || 'none'}`,
      dataset: { status: st || '' },
      title: st ? `办理结果：${cls}（计入“${STATUS_LABEL[st]}”）` : `办理结果：${cls}`,
      text: cls,
    });
  }

  // statusBadges shows the statuses, and the result class when there is one
  // in place of the status it maps to.
  function statusBadges(statuses, cls, clsStatus) {
    const st = cls ? clsStatus || '' : '';
    const ss = arr(statuses).filter((s) => !st || s !== st).sort((a, b) => rank(a) - rank(b));
    if (!ss.length && !cls) return null;
    return h('span', { class: 'badges' },
      cls ? classBadge(cls, st) : null,
      ss.map((s) => h('span', { class: `badge status-${s}`, dataset: { status: s }, text: STATUS_LABEL[s] || s })));
  }

  // topicTags links each topic to a search for it: added to base's filters
  // when given (the search page), or on its own.
  function topicTags(topics, base) {
    const ts = arr(topics).filter(Boolean);
    if (!ts.length) return null;
    return h('span', { class: 'tags' }, ts.map((t) => {
      const href = searchURL(withState(base || emptyState(), (s) => {
        if (!s.topic.includes(t)) s.topic = [...s.topic, t];
      }));
      return h('a', { class: 'tag', href, 'data-nav': true, 'data-scroll': base ? 'keep' : 'top', title: `只看主题“${t}”`, text: t });
    }));
  }

  // renderHit draws one suggestion hit. opts.nested: inside a proposal group
  // (the heading is the suggestion number). opts.base: search state for tag
  // links. opts.target: open links in a new tab.
  function renderHit(hit, opts = {}) {
    const hl = hit.highlights && typeof hit.highlights === 'object' ? hit.highlights : {};
    const no = hit.suggestion_no;
    const pid = hit.proposal_id || String(hit.id || '').replace(/-\d+$/, '');
    const href = proposalHref(pid, no);
    const art = h('article', { class: `hit${opts.nested ? ' hit-nested' : ''}`, dataset: { id: hit.id || '' } });

    const link = h('a', { href, class: 'hit-link' });
    if (opts.target) {
      link.target = '_blank';
      link.rel = 'noopener';
    } else {
      link.setAttribute('data-nav', '');
      link.dataset.scroll = 'hash';
    }
    let titleShown = false;
    if (opts.nested) {
      link.textContent = textName(hit.kind, no);
    } else {
      const frag = arr(hl.title)[0];
      if (frag && squash(fragmentText(frag)) === squash(hit.title)) {
        appendFragment(link, frag);
        titleShown = true;
      } else {
        link.textContent = hit.title || '（无标题）';
      }
    }
    const head = h('div', { class: 'hit-head' },
      opts.nested ? null : kindTag(hit.kind),
      h('h3', { class: 'hit-title' }, link),
      !opts.nested && no ? h('span', { class: 'hit-no', text: `第 ${no} 条建议` }) : null,
      statusBadges(hit.status, hit.class, hit.class_status));
    art.append(head);
    if (!opts.nested) art.append(metaLine(hit));

    const snippets = h('div', { class: 'snippets' });
    for (const f of FIELDS) {
      if (f === 'title' && (titleShown || opts.nested)) continue;
      const frags = arr(hl[f]).filter((x) => typeof x === 'string' && x !== '');
      if (!frags.length) continue;
      const text = h('span', { class: 'snippet-text' });
      frags.forEach((fr, i) => {
        if (i) text.append(h('span', { class: 'ellipsis', text: ' … ' }));
        appendFragment(text, fr);
      });
      const label = f === 'suggestion' ? textLabel(hit.kind, no) : FIELD_LABEL[f];
      snippets.append(h('div', { class: `snippet snippet-${f}`, dataset: { field: f } },
        h('span', { class: `snippet-label label-${f}`, text: label }), text));
    }
    if (snippets.childNodes.length) art.append(snippets);
    const tags = topicTags(hit.topics, opts.base);
    if (tags) art.append(tags);
    return art;
  }

  function renderGroup(g, state) {
    const pid = g.proposal_id;
    const hits = arr(g.hits);
    const head = h('div', { class: 'group-head' },
      kindTag(g.kind),
      h('h3', { class: 'hit-title' }, h('a', { href: proposalHref(pid), 'data-nav': true, class: 'hit-link', text: g.title || '（无标题）' })),
      h('span', { class: 'group-count', text: `命中 ${fmt(g.count != null ? g.count : hits.length)} 条${hits.every((x) => x && !x.suggestion_no) ? '' : '建议'}` }));
    // a record's date is the same in each of its hits
    const dated = hits.find((x) => x && x.date);
    return h('article', { class: 'group', dataset: { proposalId: pid || '' } },
      head,
      metaLine({ ...g, date: dated ? dated.date : '' }),
      h('div', { class: 'group-hits' }, hits.map((hit) => renderHit(hit, { nested: true, base: state }))));
  }

  // ------------------------------------------------------------ pager

  function pageWindow(page, pages) {
    const out = new Set([1, pages]);
    for (let p = page - 2; p <= page + 2; p++) if (p >= 1 && p <= pages) out.add(p);
    const list = [...out].sort((a, b) => a - b);
    const withGaps = [];
    list.forEach((p, i) => {
      if (i && p - list[i - 1] > 1) withGaps.push(null);
      withGaps.push(p);
    });
    return withGaps;
  }

  function renderPager(state, total) {
    const nav = $('#pager');
    const pages = Math.ceil(total / state.size);
    if (pages <= 1 && state.page <= 1) {
      nav.hidden = true;
      nav.replaceChildren();
      return;
    }
    const last = Math.max(pages, 1);
    const link = (p, text, cls, rel) => {
      const href = searchURL(withState(state, (s) => { s.page = p; s.keepPage = true; }));
      return h('a', { href, class: cls, rel, 'data-nav': true, 'data-scroll': 'results', text });
    };
    const items = [];
    if (state.page > 1) items.push(link(Math.min(state.page - 1, last), '上一页', 'pager-prev', 'prev'));
    else items.push(h('span', { class: 'pager-prev disabled', 'aria-disabled': 'true', text: '上一页' }));
    for (const p of pageWindow(Math.min(state.page, last), last)) {
      if (p == null) items.push(h('span', { class: 'pager-gap', 'aria-hidden': 'true', text: '…' }));
      else if (p === state.page) items.push(h('span', { class: 'pager-page current', 'aria-current': 'page', text: String(p) }));
      else {
        const a = link(p, String(p), 'pager-page');
        a.setAttribute('aria-label', `第 ${p} 页`);
        items.push(a);
      }
    }
    if (state.page < last) items.push(link(state.page + 1, '下一页', 'pager-next', 'next'));
    else items.push(h('span', { class: 'pager-next disabled', 'aria-disabled': 'true', text: '下一页' }));
    nav.replaceChildren(...items);
    nav.hidden = false;
  }

  // ------------------------------------------------------------ controls

  function submitSearch() {
    closeSuggest();
    sugSeq++;
    clearTimeout(sugTimer);
    const q = $('#q').value.trim();
    const onSearch = !$('#search-view').hidden;
    const next = onSearch ? withState(current, (s) => { s.q = q; }) : withState(emptyState(), (s) => { s.q = q; });
    cache = { key: null, data: null }; // an explicit search always asks again
    navigate(searchURL(next), { scroll: 'top' });
  }

  $('#search-form').addEventListener('submit', (e) => {
    e.preventDefault();
    submitSearch();
  });

  $('#sort').addEventListener('change', (e) => {
    const v = e.target.value;
    navigate(searchURL(withState(current, (s) => { s.sort = v === 'relevance' ? '' : v; })), { scroll: 'keep' });
  });

  $('#size').addEventListener('change', (e) => {
    const v = Math.min(posInt(e.target.value, DEFAULT_SIZE), MAX_SIZE);
    navigate(searchURL(withState(current, (s) => { s.size = v; })), { scroll: 'keep' });
  });

  $('#group').addEventListener('change', (e) => {
    const on = e.target.checked;
    navigate(searchURL(withState(current, (s) => { s.group = on ? 'proposal' : ''; })), { scroll: 'keep' });
  });

  $('#facets-toggle').addEventListener('click', (e) => {
    const sidebar = e.currentTarget.closest('.sidebar');
    const open = !sidebar.classList.contains('open');
    sidebar.classList.toggle('open', open);
    e.currentTarget.setAttribute('aria-expanded', String(open));
  });

  // "/" focuses the search box, as on most search sites.
  document.addEventListener('keydown', (e) => {
    if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey) return;
    const t = e.target;
    if (t.closest && t.closest('input, textarea, select, [contenteditable="true"]')) return;
    e.preventDefault();
    $('#q').focus();
    $('#q').select();
  });

  // ------------------------------------------------------------ suggestions

  const input = $('#q');
  const list = $('#suggest');
  let sugTimer = null;
  let sugCtl = null;
  let sugSeq = 0;
  let sugItems = [];
  let sugActive = -1;

  input.addEventListener('input', () => {
    clearTimeout(sugTimer);
    const v = input.value.trim();
    if (!v) {
      sugSeq++;
      closeSuggest();
      return;
    }
    sugTimer = setTimeout(() => fetchSuggest(v), 150);
  });

  async function fetchSuggest(v) {
    if (sugCtl) sugCtl.abort();
    const ctl = new AbortController();
    sugCtl = ctl;
    const seq = ++sugSeq;
    try {
      const data = await api(`/api/suggest?q=${encodeURIComponent(v)}`, { signal: ctl.signal });
      if (seq !== sugSeq || input.value.trim() !== v || document.activeElement !== input) return;
      openSuggest(arr(data.suggestions).filter((s) => s && s.text), v);
    } catch (e) {
      if (!isAbort(e) && seq === sugSeq) closeSuggest();
    }
  }

  // markTyped shows the typed part of a suggestion in bold (text nodes only).
  function markTyped(text, typed) {
    const i = typed ? text.toLowerCase().indexOf(typed.toLowerCase()) : -1;
    if (i < 0) return [text];
    return [text.slice(0, i), h('b', { text: text.slice(i, i + typed.length) }), text.slice(i + typed.length)];
  }

  function openSuggest(items, typed) {
    sugItems = items.slice(0, 10);
    sugActive = -1;
    if (!sugItems.length) {
      closeSuggest();
      return;
    }
    list.replaceChildren(...sugItems.map((it, i) => {
      const li = h('li', {
        id: `suggest-${i}`,
        class: `suggest-item kind-${it.kind || 'term'}`,
        role: 'option',
        'aria-selected': 'false',
        dataset: { index: String(i), kind: it.kind || '' },
      },
      h('span', { class: 'suggest-text' }, markTyped(String(it.text), typed)),
      KIND_LABEL[it.kind]
        ? h('span', { class: 'suggest-kind', title: KIND_FILTER[it.kind] ? `按${KIND_LABEL[it.kind]}筛选` : null, text: KIND_LABEL[it.kind] })
        : null);
      return li;
    }));
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    input.removeAttribute('aria-activedescendant');
  }

  function closeSuggest() {
    list.hidden = true;
    list.replaceChildren();
    sugItems = [];
    sugActive = -1;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
  }

  function setActive(i) {
    const items = list.querySelectorAll('.suggest-item');
    if (!items.length) return;
    if (i < -1) i = items.length - 1;
    if (i >= items.length) i = -1;
    sugActive = i;
    items.forEach((el, j) => {
      el.classList.toggle('active', j === i);
      el.setAttribute('aria-selected', String(j === i));
    });
    if (i >= 0) {
      input.setAttribute('aria-activedescendant', items[i].id);
      items[i].scrollIntoView({ block: 'nearest' });
    } else {
      input.removeAttribute('aria-activedescendant');
    }
  }

  // Picking a term, title or pinyin suggestion searches for its text; a
  // topic, proposer or department becomes a filter instead (the typed
  // prefix is dropped).
  const KIND_FILTER = { topic: 'topic', proposer: 'proposer', department: 'department' };

  function pickSuggestion(i) {
    const it = sugItems[i];
    if (!it) return;
    const text = String(it.text);
    const facet = KIND_FILTER[it.kind];
    if (!facet) {
      input.value = text;
      submitSearch();
      return;
    }
    closeSuggest();
    sugSeq++;
    clearTimeout(sugTimer);
    input.value = '';
    const base = $('#search-view').hidden ? emptyState() : current;
    cache = { key: null, data: null };
    navigate(searchURL(withState(base, (s) => {
      s.q = '';
      if (!s[facet].includes(text)) s[facet] = [...s[facet], text];
    })), { scroll: 'top' });
  }

  input.addEventListener('keydown', (e) => {
    const open = !list.hidden;
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      if (open) setActive(sugActive + 1);
      else if (input.value.trim()) fetchSuggest(input.value.trim());
    } else if (e.key === 'ArrowUp') {
      if (open) {
        e.preventDefault();
        setActive(sugActive - 1);
      }
    } else if (e.key === 'Enter') {
      if (e.isComposing) return; // IME is picking characters
      if (open && sugActive >= 0) {
        e.preventDefault();
        pickSuggestion(sugActive);
      }
    } else if (e.key === 'Escape') {
      if (open) {
        e.preventDefault();
        sugSeq++;
        closeSuggest();
      }
    } else if (e.key === 'Tab') {
      closeSuggest();
    }
  });

  input.addEventListener('blur', () => {
    sugSeq++;
    clearTimeout(sugTimer);
    closeSuggest();
  });
  // keep focus in the input while clicking a suggestion
  list.addEventListener('mousedown', (e) => e.preventDefault());
  list.addEventListener('click', (e) => {
    const li = e.target.closest('.suggest-item');
    if (li) pickSuggestion(Number(li.dataset.index));
  });
  list.addEventListener('mousemove', (e) => {
    const li = e.target.closest('.suggest-item');
    if (li && Number(li.dataset.index) !== sugActive) setActive(Number(li.dataset.index));
  });

  // ------------------------------------------------------------ similar

  // renderSimilar fills box with the answer of /api/similar.
  function renderSimilar(box, data, { heading, onClose, base } = {}) {
    const hits = arr(data.hits);
    const terms = arr(data.terms).filter(Boolean);
    const head = h('div', { class: 'similar-head' },
      h('h3', { class: 'similar-title', text: `${heading}（${fmt(hits.length)} 条）` }),
      onClose ? h('button', { type: 'button', class: 'link-button', text: '收起', onclick: onClose }) : null);
    const parts = [head];
    if (terms.length) {
      parts.push(h('p', { class: 'similar-terms' }, h('span', { class: 'meta-label', text: '依据关键词' }),
        terms.map((t) => h('span', { class: 'term', text: t }))));
    }
    if (hits.length) parts.push(h('div', { class: 'similar-hits' }, hits.map((hit) => renderHit(hit, { base }))));
    else parts.push(h('p', { class: 'empty', text: '没有找到相关的既往答复。' }));
    box.replaceChildren(...parts);
  }

  function boxMessage(box, text, cls = 'box-note') {
    box.replaceChildren(h('p', { class: cls, role: cls === 'box-error' ? 'alert' : null, text }));
  }

  let draftCtl = null;
  async function runDraft() {
    const draft = $('#draft');
    const box = $('#similar-results');
    const text = draft.value.trim();
    if (!text) {
      boxMessage(box, '请先把草稿内容粘贴到上面的文本框。', 'box-error');
      draft.focus();
      return;
    }
    if (draftCtl) draftCtl.abort();
    const ctl = new AbortController();
    draftCtl = ctl;
    const btn = $('#draft-submit');
    btn.disabled = true;
    box.setAttribute('aria-busy', 'true');
    boxMessage(box, '正在查找相关答复…');
    try {
      const data = await api('/api/similar', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ text, size: DRAFT_SIZE }),
        signal: ctl.signal,
      });
      if (ctl !== draftCtl) return;
      renderSimilar(box, data, {
        heading: '与草稿相关的既往答复',
        onClose: () => {
          box.replaceChildren();
          draft.focus();
        },
      });
    } catch (e) {
      if (isAbort(e) || ctl !== draftCtl) return;
      boxMessage(box, e.message, 'box-error');
    } finally {
      if (ctl === draftCtl) {
        btn.disabled = false;
        box.removeAttribute('aria-busy');
      }
    }
  }

  $('#draft-submit').addEventListener('click', runDraft);
  $('#draft').addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      runDraft();
    }
  });

  // ------------------------------------------------------------ proposal page

  let propCtl = null;
  let prop = { id: null, data: null };
  const relatedCache = new Map(); // suggestion id -> /api/similar answer
  const relatedPanel = h('section', { id: 'related', class: 'related-panel', 'aria-live': 'polite' });
  let relatedFor = null; // suggestion id the panel shows
  let relatedCtl = null;

  async function showProposal(id) {
    setView('proposal');
    $('#back-link').href = lastSearchHref;
    const box = $('#proposal');
    if (prop.id === id && prop.data) {
      afterProposal();
      return;
    }
    if (propCtl) propCtl.abort();
    const ctl = new AbortController();
    propCtl = ctl;
    prop = { id: null, data: null };
    relatedFor = null;
    document.title = `提案 ${id} - ${PRODUCT}`;
    box.replaceChildren(h('p', { class: 'box-note', text: '正在载入提案…' }));
    setLoading(true);
    try {
      const data = await api(`/api/proposals/${encodeURIComponent(id)}`, { signal: ctl.signal });
      if (ctl !== propCtl) return;
      prop = { id, data };
      renderProposal(data);
      afterProposal();
    } catch (e) {
      if (isAbort(e) || ctl !== propCtl) return;
      showError(e.message);
      box.replaceChildren(h('div', { class: 'empty' },
        h('p', { class: 'empty-title', text: e.status === 404 ? `未找到编号为 ${id} 的提案。` : '无法显示该提案。' }),
        h('p', {}, h('a', { href: lastSearchHref, 'data-nav': true, text: '返回检索' }))));
      applyScroll();
    } finally {
      if (ctl === propCtl) setLoading(false);
    }
  }

  // metaRow is one row of the proposal's facts; name, when given, is its
  // data-field (for tests and styles).
  function metaRow(label, value, name, wide) {
    if (value == null || value === '' || (Array.isArray(value) && !value.length)) return null;
    return h('div', { class: `pm-row${wide ? ' pm-wide' : ''}`, dataset: name ? { field: name } : null }, h('dt', { text: label }), h('dd', {}, value));
  }

  function filterLink(key, value) {
    const href = searchURL(withState(emptyState(), (s) => { s[key] = [value]; }));
    return h('a', { href, 'data-nav': true, title: `检索${FACET_LABEL[key]}为“${value}”的提案答复`, text: value });
  }

  function joinNodes(nodes, sep = '、') {
    const out = [];
    nodes.forEach((n, i) => {
      if (i) out.push(sep);
      out.push(n);
    });
    return out;
  }

  function renderProposal(p) {
    document.title = `${p.title || p.id} - ${PRODUCT}`;
    const sugs = arr(p.suggestions);
    const whole = sugs.length === 1 && !sugs[0].no;
    const co = arr(p.co_departments).filter(Boolean);
    const coProposers = arr(p.co_proposers).filter(Boolean);
    const counts = {};
    for (const sg of sugs) for (const st of arr(sg.status)) counts[st] = (counts[st] || 0) + 1;
    const message = p.kind === '留言';
    const days = p.days_to_reply;

    const head = h('header', { class: 'proposal-head' },
      h('p', { class: 'proposal-id', text: `${p.kind || '提案'}编号 ${p.id}` }),
      h('h1', { class: 'proposal-title', text: p.title || '（无标题）' }),
      h('dl', { class: 'proposal-meta' },
        metaRow('类型', p.kind ? filterLink('kind', p.kind) : null, 'kind'),
        metaRow(PROPOSER_LABEL[p.kind] || '提案人', p.proposer ? filterLink('proposer', p.proposer) : null, 'proposer'),
        metaRow('联名', coProposers.length ? joinNodes(coProposers.map((n) => filterLink('proposer', n))) : null, 'co-proposers'),
        metaRow('年份', p.year ? filterLink('year', String(p.year)) : null, 'year'),
        metaRow('主办单位', p.lead_department ? filterLink('lead', p.lead_department) : null, 'lead'),
        metaRow('协办单位', co.length ? joinNodes(co.map((d) => filterLink('department', d))) : null, 'co-departments'),
        metaRow(message ? '留言时间' : '提交日期', p.submitted ? h('time', { datetime: day(p.submitted), text: p.submitted }) : null, 'submitted'),
        metaRow(message ? '答复时间' : '答复日期', p.replied ? h('time', { datetime: day(p.replied), text: p.replied }) : null, 'replied'),
        metaRow('答复用时', Number.isInteger(days) ? `${days} 天` : null, 'days'),
        metaRow('办理结果', p.class ? classBadge(p.class, p.class_status) : null, 'class'),
        metaRow('分类', p.category || null, 'category'),
        metaRow('主题', topicTags(p.topics, null), 'topics', true),
        whole
          ? metaRow('办理状态', statusBadges(sugs[0].status), 'status', true)
          : metaRow('建议', h('span', {},
            `共 ${sugs.length} 条`,
            STATUSES.filter((s) => counts[s]).map((s) => h('span', { class: `badge status-${s}`, text: `${STATUS_LABEL[s]} ${counts[s]}` }))), 'count', true)));

    const toc = sugs.length > 1
      ? h('nav', { class: 'proposal-toc', 'aria-label': '建议目录' },
        sugs.map((sg) => h('a', { href: `#s${sg.no}`, class: 'toc-link', text: `建议 ${sg.no}` })))
      : null;

    const list = h('div', { class: 'suggestions' }, sugs.map((sg) => renderSuggestion(p, sg, whole)));
    $('#proposal').replaceChildren(...[head, toc, list].filter(Boolean));
  }

  function suggestionID(p, sg) {
    return sg.id || (sg.no ? `${p.id}-${sg.no}` : p.id);
  }

  // paragraphs turns a text into a <p> for each of its lines with text.
  function paragraphs(text) {
    return String(text).split(/\r?\n/).map((l) => l.trim()).filter(Boolean).map((l) => h('p', { text: l }));
  }

  // renderSuggestion draws one suggestion and its reply: the reply letter
  // (答复意见) when there is one, the four columns of the reply form when
  // any is filled, and the source's other columns (其他信息).
  function renderSuggestion(p, sg, whole) {
    const reply = sg.reply && typeof sg.reply === 'object' ? sg.reply : {};
    const sid = suggestionID(p, sg);
    const texts = Object.fromEntries(COLUMNS.map((st) => [st, typeof reply[st] === 'string' ? reply[st].trim() : '']));
    const letter = typeof reply.letter === 'string' ? reply.letter.trim() : '';
    const hasColumns = COLUMNS.some((st) => texts[st]);
    const cols = COLUMNS.map((st) => h('div', { class: `reply-col status-${st}${texts[st] ? '' : ' empty'}`, dataset: { status: st } },
      h('h3', { class: 'reply-label', text: STATUS_LABEL[st] }),
      h('div', { class: 'reply-text', text: texts[st] || '—' })));
    const extra = arr(sg.extra).filter((f) => f && f.name);
    const btn = h('button', {
      type: 'button',
      class: 'btn related-btn',
      'aria-controls': 'related',
      'aria-expanded': 'false',
      text: '相关的既往答复',
    });
    btn.addEventListener('click', () => {
      if (relatedFor === sid && location.hash === `#s${sg.no}`) {
        relatedPanel.focus();
        return;
      }
      navigate(`${location.pathname}${location.search}#s${sg.no}`, { scroll: 'none' });
    });
    const title = whole
      ? h('h2', { id: `s${sg.no}-h`, class: 'suggestion-title', text: textLabel(p.kind, 0) })
      : h('h2', { id: `s${sg.no}-h`, class: 'suggestion-title' },
        h('a', { href: `#s${sg.no}`, class: 'anchor', title: '本条建议的链接', text: `第 ${sg.no} 条建议` }));
    return h('section', { class: `suggestion${whole ? ' suggestion-whole' : ''}`, id: `s${sg.no}`, dataset: { id: sid, no: String(sg.no) }, 'aria-labelledby': `s${sg.no}-h` },
      h('div', { class: 'suggestion-head' },
        title,
        whole ? null : statusBadges(sg.status, p.class, p.class_status),
        topicTags(sg.topics, null)),
      h('div', { class: 'suggestion-text', text: sg.text || '' }),
      letter
        ? h('section', { class: 'reply-letter', 'aria-labelledby': `s${sg.no}-letter` },
          h('h3', { id: `s${sg.no}-letter`, class: 'reply-letter-title', text: '答复意见' }),
          h('div', { class: 'letter-text' }, paragraphs(letter)))
        : null,
      hasColumns ? h('div', { class: 'reply-grid', role: 'group', 'aria-label': '办理答复' }, cols) : null,
      !letter && !hasColumns ? h('p', { class: 'no-reply', text: '尚无答复。' }) : null,
      extra.length
        ? h('table', { class: 'extra-table' },
          h('caption', { text: '其他信息' }),
          h('tbody', {}, extra.map((f) => h('tr', {}, h('th', { scope: 'row', text: f.name }), h('td', { text: f.value == null ? '' : String(f.value) })))))
        : null,
      h('div', { class: 'suggestion-actions' }, btn));
  }

  // afterProposal selects the suggestion named by the hash (or the first),
  // shows the related-replies panel under it, and scrolls.
  function afterProposal() {
    const p = prop.data;
    const sugs = arr(p && p.suggestions);
    const m = location.hash.match(/^#s(\d+)$/);
    const sel = (m && sugs.find((sg) => String(sg.no) === m[1])) || sugs[0];
    document.querySelectorAll('#proposal .suggestion').forEach((el) => {
      const on = sel && el.id === `s${sel.no}`;
      el.classList.toggle('selected', !!on);
      const b = el.querySelector('.related-btn');
      if (b) b.setAttribute('aria-expanded', String(!!on));
    });
    if (sel) {
      const host = document.getElementById(`s${sel.no}`);
      host.append(relatedPanel);
      loadRelated(suggestionID(p, sel), sel.no);
    } else {
      relatedPanel.remove();
    }
    applyScroll();
  }

  async function loadRelated(sid, no) {
    const kind = prop.data && prop.data.kind;
    const heading = no ? `与第 ${no} 条建议相关的既往答复` : `与本${kind || '记录'}相关的既往答复`;
    relatedPanel.setAttribute('aria-label', heading);
    relatedPanel.tabIndex = -1;
    if (relatedFor === sid && relatedCache.has(sid)) return;
    relatedFor = sid;
    if (relatedCache.has(sid)) {
      renderSimilar(relatedPanel, relatedCache.get(sid), { heading });
      return;
    }
    if (relatedCtl) relatedCtl.abort();
    const ctl = new AbortController();
    relatedCtl = ctl;
    relatedPanel.setAttribute('aria-busy', 'true');
    boxMessage(relatedPanel, '正在查找相关的既往答复…');
    try {
      const data = await api(`/api/similar?id=${encodeURIComponent(sid)}&size=${SIMILAR_SIZE}`, { signal: ctl.signal });
      if (ctl !== relatedCtl) return;
      relatedCache.set(sid, data);
      renderSimilar(relatedPanel, data, { heading });
      retryShortScroll();
    } catch (e) {
      if (isAbort(e) || ctl !== relatedCtl) return;
      relatedFor = null;
      relatedPanel.replaceChildren(
        h('h3', { class: 'similar-title', text: heading }),
        h('p', { class: 'box-error', role: 'alert', text: e.message }));
    } finally {
      if (ctl === relatedCtl) relatedPanel.removeAttribute('aria-busy');
    }
  }

  // ------------------------------------------------------------ start

  const saved = history.state && typeof history.state.y === 'number' ? { y: history.state.y } : null;
  pendingScroll = saved || (location.hash ? 'hash' : 'none');
  route();
})();
