// <precedent-search> — an embeddable search box for 提案办理答复检索.
//
// An intranet page adds
//   <script src="http://HOST/embed.js"></script>
//   <precedent-search size="5" placeholder="检索既往答复"></precedent-search>
// and the server is started with -cors-origin set to that page's origin
// (README, "Embedding the search box"). A service published under a path
// (http://HOST/precedent/embed.js) is called under that path.
// The element lives in a Shadow DOM with its own styles (nothing leaks into
// the host page) and calls HOST's /api/search with fetch (CORS). Text from
// the API is inserted with textContent; only the server's highlight fragment
// (HTML-escaped, matches in <mark>) is inserted with innerHTML.
(() => {
  'use strict';

  if (!window.customElements || customElements.get('precedent-search')) return;

  // BASE is where this script was loaded from, captured at load time
  // (document.currentScript is null once the script has run): the origin
  // and the path the service is published under, e.g.
  // http://HOST/precedent for http://HOST/precedent/embed.js.
  const BASE = (() => {
    let src = document.currentScript && document.currentScript.src;
    if (!src) {
      const scripts = document.querySelectorAll('script[src*="embed.js"]');
      if (scripts.length) src = scripts[scripts.length - 1].src;
    }
    try {
      const u = new URL(src || '', location.href);
      return u.origin + u.pathname.replace(/\/embed\.js$/, '');
    } catch {
      return location.origin;
    }
  })();

  const DEFAULT_SIZE = 5;
  const MAX_SIZE = 20;
  const STATUS_LABEL = {
    done: '已落实', in_progress: '正在落实', planned: '计划落实', not_adopted: '未能落实', replied: '已答复', unanswered: '未答复',
  };
  const FIELD_LABEL = { suggestion: '建议', ...STATUS_LABEL, letter: '答复', title: '标题' };
  const SNIPPET_ORDER = ['suggestion', 'done', 'in_progress', 'planned', 'not_adopted', 'letter', 'title'];

  // textLabel names a record's text by its kind (as the page does).
  function textLabel(kind, no) {
    if (kind === '留言') return '留言内容';
    if (!no && kind) return `${kind}内容`;
    return '建议';
  }

  const CSS = `
:host {
  all: initial;
  display: block;
  contain: content;
  font-family: "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif;
  font-size: 14px;
  line-height: 1.6;
  color: #1f2933;
  text-align: left;
}
:host([hidden]) { display: none; }
*, *::before, *::after { box-sizing: border-box; }
.ps-box {
  border: 1px solid #d9dee5;
  border-top: 3px solid #1d4e89;
  border-radius: 6px;
  background: #fff;
  padding: 12px;
}
.ps-title {
  margin: 0 0 8px;
  font-size: 14px;
  font-weight: 600;
  color: #1d4e89;
}
.ps-form { display: flex; gap: 6px; margin: 0; }
.ps-q {
  flex: 1;
  min-width: 0;
  height: 36px;
  padding: 0 10px;
  border: 1px solid #b9c3cf;
  border-radius: 4px;
  font: inherit;
  color: inherit;
  background: #fff;
}
.ps-go {
  height: 36px;
  padding: 0 16px;
  border: 1px solid #1d4e89;
  border-radius: 4px;
  background: #1d4e89;
  color: #fff;
  font: inherit;
  cursor: pointer;
  white-space: nowrap;
}
.ps-go:hover { background: #153a66; }
.ps-go:disabled { opacity: .6; cursor: progress; }
.ps-q:focus-visible, .ps-go:focus-visible, a:focus-visible {
  outline: 3px solid #f2a900;
  outline-offset: 1px;
}
.ps-error {
  margin: 8px 0 0;
  padding: 6px 10px;
  border-left: 3px solid #b3261e;
  background: #fdf0f0;
  color: #7a1c1f;
  border-radius: 4px;
}
.ps-error[hidden], .ps-status[hidden] { display: none; }
.ps-status { margin: 8px 0 0; color: #5b6775; }
.ps-results { list-style: none; margin: 0; padding: 0; }
.ps-results:not(:empty) { margin-top: 8px; }
.ps-hit { padding: 8px 0; border-top: 1px solid #e8ecf1; }
.ps-hit:first-child { border-top: 0; }
.ps-hit a { color: #1d4e89; text-decoration: none; font-weight: 600; }
.ps-hit a:hover { text-decoration: underline; }
.ps-meta { font-size: 12px; color: #5b6775; }
.ps-badge {
  display: inline-block;
  margin-left: 6px;
  padding: 0 5px;
  border-radius: 3px;
  font-size: 11px;
  line-height: 18px;
  color: #1b6e37;
  background: #e3f3e8;
}
.ps-badge.in_progress { color: #1a56a8; background: #e5eefb; }
.ps-badge.planned { color: #8a5300; background: #fcefd8; }
.ps-badge.not_adopted { color: #a3262c; background: #fbe7e8; }
.ps-badge.replied { color: #1f5f73; background: #e2f0f4; }
.ps-badge.unanswered { color: #5b6775; background: #eef1f5; }
.ps-kind { margin-right: 6px; padding: 0 5px; border-radius: 3px; font-size: 11px; line-height: 18px; color: #1d4e89; background: #e8eff8; }
.ps-snippet { margin: 2px 0 0; font-size: 13px; color: #3d4853; overflow-wrap: anywhere; }
.ps-label { color: #8a96a3; margin-right: 4px; }
.ps-snippet mark { background: #fff1a8; color: inherit; padding: 0 1px; border-radius: 2px; }
.ps-more { margin: 8px 0 0; font-size: 13px; }
.ps-more a { color: #1d4e89; }
`;

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = String(text);
    return e;
  }

  const arr = (v) => (Array.isArray(v) ? v : []);

  class PrecedentSearch extends HTMLElement {
    static get observedAttributes() {
      return ['placeholder'];
    }

    constructor() {
      super();
      const root = this.attachShadow({ mode: 'open' });
      this._adoptStyles(root);

      const box = el('div', 'ps-box');
      box.setAttribute('part', 'box');
      const title = el('p', 'ps-title', '提案办理答复检索');
      const form = el('form', 'ps-form');
      form.setAttribute('role', 'search');
      this._input = el('input', 'ps-q');
      this._input.type = 'search';
      this._input.autocomplete = 'off';
      this._input.setAttribute('aria-label', '检索既往提案答复');
      this._button = el('button', 'ps-go', '检索');
      this._button.type = 'submit';
      form.append(this._input, this._button);
      this._error = el('p', 'ps-error');
      this._error.setAttribute('role', 'alert');
      this._error.hidden = true;
      this._status = el('p', 'ps-status');
      this._status.setAttribute('aria-live', 'polite');
      this._status.hidden = true;
      this._results = el('ul', 'ps-results');
      this._more = el('p', 'ps-more');
      this._more.hidden = true;
      box.append(title, form, this._error, this._status, this._results, this._more);
      root.append(box);

      form.addEventListener('submit', (e) => {
        e.preventDefault();
        this.search(this._input.value);
      });
      this._placeholder();
    }

    // Constructable stylesheets are not subject to the host page's
    // style-src; older browsers get a <style> element instead.
    _adoptStyles(root) {
      try {
        const sheet = new CSSStyleSheet();
        sheet.replaceSync(CSS);
        root.adoptedStyleSheets = [sheet];
        return;
      } catch {
        const style = document.createElement('style');
        style.textContent = CSS;
        root.append(style);
      }
    }

    attributeChangedCallback() {
      if (this._input) this._placeholder();
    }

    _placeholder() {
      this._input.placeholder = this.getAttribute('placeholder') || '输入关键词，检索既往提案答复';
    }

    get size() {
      const n = Number.parseInt(this.getAttribute('size'), 10);
      return Number.isFinite(n) && n > 0 ? Math.min(n, MAX_SIZE) : DEFAULT_SIZE;
    }

    _showError(msg) {
      this._error.textContent = msg;
      this._error.hidden = false;
    }

    _clear() {
      this._error.hidden = true;
      this._error.textContent = '';
      this._status.hidden = true;
      this._status.textContent = '';
      this._results.replaceChildren();
      this._more.hidden = true;
      this._more.replaceChildren();
    }

    async search(q) {
      q = String(q || '').trim();
      this._clear();
      if (!q) {
        this._status.textContent = '请输入关键词。';
        this._status.hidden = false;
        this._input.focus();
        return;
      }
      if (this._ctl) this._ctl.abort();
      const ctl = new AbortController();
      this._ctl = ctl;
      this._button.disabled = true;
      this._status.textContent = '正在检索…';
      this._status.hidden = false;
      const params = new URLSearchParams({ q, size: String(this.size) });
      try {
        let res;
        try {
          res = await fetch(`${BASE}/api/search?${params}`, {
            mode: 'cors',
            credentials: 'omit',
            headers: { Accept: 'application/json' },
            signal: ctl.signal,
          });
        } catch (e) {
          if (e.name === 'AbortError') throw e;
          throw new Error('无法连接检索服务');
        }
        let data = null;
        try {
          data = await res.json();
        } catch {
          data = null;
        }
        if (!res.ok) throw new Error((data && typeof data.error === 'string' && data.error) || `检索失败（HTTP ${res.status}）`);
        if (!data || typeof data !== 'object') throw new Error('检索服务返回了无法识别的数据');
        if (ctl !== this._ctl) return;
        this._render(q, data);
      } catch (e) {
        if (e.name === 'AbortError' || ctl !== this._ctl) return;
        this._status.hidden = true;
        this._showError(e.message || '无法连接检索服务');
      } finally {
        if (ctl === this._ctl) this._button.disabled = false;
      }
    }

    _render(q, data) {
      const hits = arr(data.hits);
      this._status.hidden = false;
      if (!hits.length) {
        this._status.textContent = '无结果';
        return;
      }
      const total = Number(data.total) || hits.length;
      this._status.textContent = `共 ${total} 条结果`;
      for (const hit of hits) this._results.append(this._hit(hit));
      if (total > hits.length) {
        const a = el('a', null, `在检索页面中查看全部 ${total} 条`);
        a.href = `${BASE}/?${new URLSearchParams({ q })}`;
        a.target = '_blank';
        a.rel = 'noopener';
        this._more.append(a);
        this._more.hidden = false;
      }
    }

    _hit(hit) {
      const li = el('li', 'ps-hit');
      li.dataset.id = hit.id || '';
      const pid = hit.proposal_id || String(hit.id || '').replace(/-\d+$/, '');
      const a = el('a', null, hit.title || '（无标题）');
      a.href = `${BASE}/proposal/${encodeURIComponent(pid)}${hit.suggestion_no ? `#s${hit.suggestion_no}` : ''}`;
      a.target = '_blank';
      a.rel = 'noopener';
      li.append(a);

      const meta = el('div', 'ps-meta');
      if (hit.kind) meta.append(el('span', 'ps-kind', hit.kind));
      const when = hit.date ? String(hit.date).slice(0, 10) : hit.year;
      const parts = [hit.proposer, when, hit.lead_department].filter((x) => x != null && x !== '');
      meta.append(parts.join(' · '));
      for (const s of arr(hit.status)) {
        if (STATUS_LABEL[s]) meta.append(el('span', `ps-badge ${s}`, STATUS_LABEL[s]));
      }
      li.append(meta);

      // One snippet: the first field with a match, else the first with text
      // (the server always sends the suggestion, matched or not).
      const hl = hit.highlights && typeof hit.highlights === 'object' ? hit.highlights : {};
      const frags = SNIPPET_ORDER.flatMap((f) =>
        arr(hl[f]).filter((x) => typeof x === 'string' && x !== '').map((frag) => [f, frag]));
      const best = frags.find(([, frag]) => frag.includes('<mark>')) || frags[0];
      if (best) {
        const [f, frag] = best;
        const p = el('p', 'ps-snippet');
        p.append(el('span', 'ps-label', `${f === 'suggestion' ? textLabel(hit.kind, hit.suggestion_no) : FIELD_LABEL[f]}：`));
        const text = document.createElement('span');
        text.innerHTML = frag; // server-escaped fragment, matches in <mark>
        p.append(text);
        li.append(p);
      }
      return li;
    }
  }

  customElements.define('precedent-search', PrecedentSearch);
})();
