// The inspector page's HTML, CSS and script: self-contained, reading the admin JSON endpoints.
import { escapeHtml } from './html.js';

const STYLE = `
:root{--bg:#f6f7f9;--panel:#fff;--line:#e3e6eb;--text:#1f2430;--muted:#6b7280;--accent:#2563eb}
*{box-sizing:border-box}
html,body{margin:0;height:100%}
body{display:flex;flex-direction:column;background:var(--bg);color:var(--text);font:13px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif}
header{display:flex;align-items:center;gap:16px;padding:10px 16px;background:#111827;color:#f9fafb}
header h1{font-size:15px;margin:0;font-weight:600}
header .sp{flex:1}
header label,header span{color:#d1d5db;font-size:12px}
header button{background:#374151;color:#f9fafb;border:0;border-radius:5px;padding:3px 8px;font:inherit;font-size:12px;cursor:pointer}
header button:hover{background:#4b5563}
header a{color:#93c5fd;font-size:12px}
.layout{flex:1;display:grid;grid-template-columns:250px minmax(320px,1fr) minmax(380px,1.3fr);grid-template-rows:minmax(0,1fr) minmax(160px,32vh);gap:10px;padding:10px;min-height:0}
section{background:var(--panel);border:1px solid var(--line);border-radius:8px;display:flex;flex-direction:column;min-height:0;min-width:0}
section>h2{margin:0;padding:8px 12px;font-size:11px;text-transform:uppercase;letter-spacing:.06em;color:var(--muted);border-bottom:1px solid var(--line);display:flex;gap:8px;align-items:center}
section>h2 .sp{flex:1}
.scroll{overflow:auto;flex:1;min-height:0}
#journal{grid-column:1 / -1}
.empty{padding:14px;color:var(--muted)}
.key{display:block;width:100%;text-align:left;border:0;border-bottom:1px solid var(--line);background:none;padding:8px 12px;font:inherit;cursor:pointer}
.key:hover{background:#f3f4f6}
.key[aria-current=true]{background:#eff6ff;box-shadow:inset 3px 0 0 var(--accent)}
.key code{font-weight:600;word-break:break-all}
.key small{display:block;color:var(--muted)}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:5px 10px;border-bottom:1px solid var(--line);vertical-align:top}
th{position:sticky;top:0;background:#fafbfc;font-size:11px;color:var(--muted);font-weight:600;z-index:1}
tbody tr.pick{cursor:pointer}
tbody tr.pick:hover{background:#f9fafb}
tbody tr[aria-current=true]{background:#eff6ff}
code,.mono{font:12px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.pill{display:inline-block;padding:0 7px;border-radius:999px;font-size:11px;font-weight:600;background:#e5e7eb;color:#374151;white-space:nowrap}
.pill.running,.pill.active,.pill.started{background:#d1fae5;color:#065f46}
h3.sub{margin:10px 12px 4px;font-size:11px;text-transform:uppercase;letter-spacing:.06em;color:var(--muted)}
.pill.created{background:#fef3c7;color:#92400e}
.pill.finished{background:#dbeafe;color:#1e40af}
.pill.idle{background:#dbeafe;color:#1e40af}
.pill.error{background:#fee2e2;color:#991b1b}
.pill.timed_out{background:#ffedd5;color:#9a3412}
.s2{color:#047857}.s3{color:#6b7280}.s4{color:#b45309}.s5{color:#b91c1c}
.detail{padding:10px 12px}
.detail h3{margin:14px 0 6px;font-size:12px;text-transform:uppercase;letter-spacing:.05em;color:var(--muted)}
.detail h3:first-child{margin-top:0}
.title{font-size:15px;font-weight:600;margin:0 0 4px}
.facts{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:6px 14px;margin:8px 0}
.facts div small{display:block;color:var(--muted);font-size:11px}
.task{border:1px solid var(--line);border-radius:6px;margin:8px 0;overflow:hidden}
.task>div{padding:6px 10px;background:#fafbfc;border-bottom:1px solid var(--line)}
.steps td{padding:3px 10px}
.steps tr.pending td{color:#9ca3af}
.mark{width:16px;text-align:center}
pre{margin:4px 0;white-space:pre-wrap;word-break:break-word;background:#f8fafc;border:1px solid var(--line);border-radius:5px;padding:6px 8px;max-height:14em;overflow:auto}
tr.hidden td{color:#9ca3af}
a{color:var(--accent)}
.err{color:#b91c1c;padding:10px 12px}
@media (max-width:1100px){.layout{grid-template-columns:220px 1fr;grid-template-rows:auto auto auto}#detailpane{grid-column:1 / -1}}
`;

// Runs in the browser: plain ES2019, no dependencies.
const SCRIPT = `
(function () {
  'use strict';
  var $ = function (id) { return document.getElementById(id); };
  var sel = { key: null, session: null };
  var timer = null;
  var busy = false;

  function h(tag, attrs) {
    var el = document.createElement(tag);
    var kids = Array.prototype.slice.call(arguments, 2);
    if (attrs) Object.keys(attrs).forEach(function (k) {
      var v = attrs[k];
      if (v === null || v === undefined || v === false) return;
      if (k === 'onclick') el.addEventListener('click', v);
      else if (k === 'text') el.textContent = v;
      else el.setAttribute(k, v === true ? '' : String(v));
    });
    kids.forEach(function add(kid) {
      if (kid === null || kid === undefined || kid === false) return;
      if (Array.isArray(kid)) kid.forEach(add);
      else el.appendChild(typeof kid === 'object' ? kid : document.createTextNode(String(kid)));
    });
    return el;
  }
  function replace(id, node) {
    var el = $(id);
    var scroll = el.scrollTop;
    el.replaceChildren(node);
    el.scrollTop = scroll;
  }
  function clock(iso) {
    var m = /T(\\d\\d:\\d\\d:\\d\\d(?:\\.\\d{1,3})?)/.exec(String(iso || ''));
    return m ? m[1] : '';
  }
  function shortId(id) { return String(id).slice(0, 8); }
  function pill(status) { return h('span', { 'class': 'pill ' + status, text: String(status).replace('_', ' ') }); }
  function usd(v) { return v === null || v === undefined ? '' : '$' + v; }
  function seconds(fromIso, toIso) {
    var ms = Date.parse(toIso) - Date.parse(fromIso);
    return isNaN(ms) ? '' : '+' + (ms / 1000).toFixed(1) + 's';
  }
  function readHash() {
    var p = new URLSearchParams(location.hash.slice(1));
    sel.key = p.get('key');
    sel.session = p.get('session');
  }
  function writeHash() {
    var p = new URLSearchParams();
    if (sel.key !== null) p.set('key', sel.key);
    if (sel.session) p.set('session', sel.session);
    history.replaceState(null, '', '#' + p.toString());
  }
  function getJson(url) {
    return fetch(url, { cache: 'no-store', headers: { accept: 'application/json' } }).then(function (res) {
      if (res.status === 404) return { missing: true };
      if (!res.ok) throw new Error(url + ': HTTP ' + res.status);
      return res.json();
    });
  }

  function renderClock(c) {
    if (!c || c.missing) { $('clock').textContent = ''; return; }
    $('clock').textContent = 'Simulated ' + String(c.now).replace('T', ' ').replace('Z', ' UTC') + ' (' + (c.mode === 'manual' ? 'manual clock' : c.speed + 'x') + ')';
    $('advance').hidden = c.mode !== 'manual';
  }
  function renderKeys(keys) {
    if (keys.missing) return replace('keys', h('div', { 'class': 'err', text: 'GET /_mock/keys is not available.' }));
    if (!keys.length) return replace('keys', h('div', { 'class': 'empty', text: 'No key has called the API yet.' }));
    if (sel.key === null || !keys.some(function (k) { return k.key === sel.key; })) { sel.key = keys[0].key; writeHash(); }
    replace('keys', h('div', null, keys.map(function (k) {
      return h('button', { 'class': 'key', 'aria-current': k.key === sel.key ? 'true' : 'false', onclick: function () { sel.key = k.key; sel.session = null; writeHash(); refresh(); } },
        h('code', { text: k.key }),
        h('small', { text: k.sessions + ' sessions \\u00b7 ' + k.activeSessions + ' active \\u00b7 ' + usd(k.balanceUsd) + ' left' }));
    })));
  }
  function renderSessions(state) {
    var list = state.sessions.slice().reverse();
    $('skey').textContent = sel.key;
    if (!list.length) { replace('sessions', h('div', { 'class': 'empty', text: 'No sessions for this key.' })); return list; }
    if (!sel.session || !list.some(function (s) { return s.id === sel.session; })) { sel.session = list[0].id; writeHash(); }
    replace('sessions', h('div', null, h('table', null,
      h('thead', null, h('tr', null, h('th', { text: 'Status' }), h('th', { text: 'Title' }), h('th', { 'class': 'num', text: 'Steps' }), h('th', { 'class': 'num', text: 'Cost' }), h('th', { text: 'Created' }))),
      h('tbody', null, list.map(function (s) {
        return h('tr', { 'class': 'pick', 'data-id': s.id, 'aria-current': s.id === sel.session ? 'true' : 'false', onclick: function () { sel.session = s.id; writeHash(); render(); } },
          h('td', null, pill(s.status)),
          h('td', null, s.api === 'v2' ? h('span', { 'class': 'pill', text: 'v2' }) : null, s.api === 'v2' ? ' ' : null, s.title || h('span', { 'class': 'mono', text: shortId(s.id) })),
          h('td', { 'class': 'num', text: s.stepCount }),
          h('td', { 'class': 'num', text: usd(s.costs && s.costs.totalUsd) }),
          h('td', { 'class': 'mono', text: clock(s.createdAt) }));
      }))), renderV2Tasks(state.v2Tasks || [])));
    return list;
  }
  function renderV2Tasks(tasks) {
    if (!tasks.length) return null;
    return h('div', { id: 'v2tasks' }, h('h3', { 'class': 'sub', text: 'v2 tasks' }), h('table', null,
      h('thead', null, h('tr', null, h('th', { text: 'Status' }), h('th', { text: 'Task' }), h('th', { 'class': 'num', text: 'Cost' }), h('th', { text: 'Created' }), h('th', { text: 'Live' }))),
      h('tbody', null, tasks.map(function (t) {
        return h('tr', { 'class': 'pick', 'data-task': t.id, 'aria-current': t.sessionId === sel.session ? 'true' : 'false', title: t.id, onclick: function () { sel.session = t.sessionId; writeHash(); render(); } },
          h('td', null, pill(t.status)),
          h('td', null, h('span', { 'class': 'mono', text: shortId(t.id) }), ' ', t.task.length > 80 ? t.task.slice(0, 77) + '...' : t.task),
          h('td', { 'class': 'num', text: usd(t.costUsd) }),
          h('td', { 'class': 'mono', text: clock(t.createdAt) }),
          h('td', null, h('a', { href: '/_mock/ui/live/' + encodeURIComponent(t.sessionId), target: '_blank', rel: 'noopener', text: 'live' })));
      }))));
  }
  function fact(label, value) { return h('div', null, h('small', { text: label }), value); }
  function renderDetail(s) {
    if (!s) { replace('detail', h('div', { 'class': 'empty', text: 'Select a session.' })); return; }
    var c = s.costs || {};
    var out = s.output === null || s.output === undefined ? null : (typeof s.output === 'string' ? s.output : JSON.stringify(s.output, null, 2));
    replace('detail', h('div', { 'class': 'detail' },
      h('p', { 'class': 'title', text: s.title || 'Untitled session' }),
      h('div', null, pill(s.status), ' ', h('code', { text: s.id }), ' \\u00b7 ', h('a', { href: '/_mock/ui/live/' + encodeURIComponent(s.id), target: '_blank', rel: 'noopener', text: 'Open live view' })),
      h('div', { 'class': 'facts' },
        fact('Model', s.model), fact('Created', clock(s.createdAt)), fact('Updated', clock(s.updatedAt)), fact('Keep alive', String(s.keepAlive)),
        fact('Steps', s.stepCount), fact('Tokens in / out', (c.inputTokens || 0) + ' / ' + (c.outputTokens || 0)),
        fact('LLM', usd(c.llmUsd)), fact('Browser', usd(c.browserUsd)), fact('Proxy', usd(c.proxyUsd) + ' (' + (c.proxyUsedMb || 0) + ' MB)'), fact('Total', h('b', { text: usd(c.totalUsd) })),
        fact('Successful', s.isTaskSuccessful === null ? '-' : String(s.isTaskSuccessful)), fact('Profile / workspace', (s.profileId ? shortId(s.profileId) : '-') + ' / ' + (s.workspaceId ? shortId(s.workspaceId) : '-'))),
      out !== null ? [h('h3', { text: 'Output' }), h('pre', { text: out })] : null,
      h('h3', { text: 'Timeline' }),
      s.tasks.length ? s.tasks.map(renderTask) : h('div', { 'class': 'empty', text: 'No task dispatched.' }),
      h('h3', { text: 'Messages' }),
      renderMessages(s.messages || [])));
  }
  function renderTask(t) {
    var done = t.steps.filter(function (x) { return x.done; }).length;
    return h('div', { 'class': 'task' },
      h('div', null, h('b', { text: 'Task ' + (t.index + 1) }), ' \\u00b7 scenario ', h('code', { text: t.scenario }), ' \\u00b7 ', t.model,
        ' \\u00b7 dispatched ', h('span', { 'class': 'mono', text: clock(t.dispatchedAt) }), ' \\u00b7 starts ', h('span', { 'class': 'mono', text: clock(t.startAt) }),
        t.endedAt ? [' \\u00b7 ended ', h('span', { 'class': 'mono', text: clock(t.endedAt) }), ' (', h('b', { text: t.end || t.plannedEnding }), ')'] : [' \\u00b7 planned end ', h('span', { 'class': 'mono', text: t.plannedEndAt ? clock(t.plannedEndAt) : 'never' }), ' (', t.plannedEnding, ')'],
        ' \\u00b7 ' + done + '/' + t.steps.length + ' steps', t.costUsd !== null ? ' \\u00b7 ' + usd(t.costUsd) : '', ' \\u00b7 budget ' + usd(t.budgetUsd),
        h('div', { 'class': 'mono', text: t.task })),
      h('table', { 'class': 'steps' }, h('tbody', null, t.steps.map(function (st) {
        return h('tr', { 'class': st.done ? 'done' : 'pending' },
          h('td', { 'class': 'mark', text: st.done ? '\\u2713' : '\\u25cb' }),
          h('td', { 'class': 'num mono', text: String(st.index + 1) }),
          h('td', { 'class': 'num mono', text: seconds(t.startAt, st.doneAt) }),
          h('td', { text: st.summary }),
          h('td', { 'class': 'num mono', text: st.inputTokens + '/' + st.outputTokens }),
          h('td', { 'class': 'num mono', text: usd(st.costUsd) }));
      }))));
  }
  function renderMessages(messages) {
    if (!messages.length) return h('div', { 'class': 'empty', text: 'No messages yet.' });
    return h('table', null, h('tbody', null, messages.map(function (m) {
      return h('tr', { 'class': m.hidden ? 'hidden' : null },
        h('td', { 'class': 'mono', text: clock(m.createdAt) }), h('td', null, h('code', { text: m.type })), h('td', { text: m.summary }));
    })));
  }
  function renderJournal(j) {
    if (j.missing) return replace('jrows', h('div', { 'class': 'err', text: 'GET /_mock/journal is not available.' }));
    $('jtotal').textContent = j.total + ' recorded';
    var rows = j.entries;
    if (!rows.length) return replace('jrows', h('div', { 'class': 'empty', text: 'No API requests yet.' }));
    replace('jrows', h('table', null,
      h('thead', null, h('tr', null, ['Simulated', 'Key', 'Method', 'Path', 'Status', 'Operation', 'ms', 'Fault'].map(function (t) { return h('th', { text: t }); }))),
      h('tbody', null, rows.map(function (e) {
        var problem = e.validationErrors ? JSON.stringify(e.validationErrors) : null;
        return h('tr', { title: problem || (e.requestBody || '') },
          h('td', { 'class': 'mono', text: clock(e.simulatedTime) }), h('td', { 'class': 'mono', text: e.key || '-' }), h('td', { 'class': 'mono', text: e.method }),
          h('td', { 'class': 'mono', text: e.path + (e.query ? '?' + e.query : '') }),
          h('td', { 'class': 'mono s' + String(e.status || 0).charAt(0), text: e.status === null ? 'dropped' : e.status }),
          h('td', { 'class': 'mono', text: e.operationId || '' }), h('td', { 'class': 'num mono', text: Math.round(e.durationMs) }), h('td', { 'class': 'mono', text: e.fault || '' }));
      }))));
  }

  var last = { state: null };
  function render() {
    var s = last.state;
    if (!s || s.missing) {
      replace('sessions', h('div', { 'class': 'empty', text: sel.key === null ? 'Select a key.' : 'No state for this key.' }));
      renderDetail(null);
      return;
    }
    var list = renderSessions(s);
    renderDetail(list.filter(function (x) { return x.id === sel.session; })[0]);
  }
  function refresh() {
    if (busy) return;
    busy = true;
    getJson('/_mock/clock').then(renderClock).catch(function () {});
    getJson('/_mock/keys').then(function (keys) {
      renderKeys(keys);
      var journalUrl = '/_mock/journal?limit=200' + ($('onlykey').checked && sel.key !== null ? '&key=' + encodeURIComponent(sel.key) : '');
      return Promise.all([
        sel.key === null || keys.missing ? Promise.resolve(null) : getJson('/_mock/keys/' + encodeURIComponent(sel.key) + '/state'),
        getJson(journalUrl),
      ]);
    }).then(function (r) {
      last.state = r[0];
      render();
      renderJournal(r[1]);
      $('updated').textContent = 'Updated ' + new Date().toLocaleTimeString();
    }).catch(function (err) {
      $('updated').textContent = String(err.message || err);
    }).then(function () {
      busy = false;
      schedule();
    });
  }
  function schedule() {
    clearTimeout(timer);
    if ($('auto').checked) timer = setTimeout(refresh, 2000);
  }
  function advance(ms) {
    fetch('/_mock/clock/advance', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ms: ms }) }).then(refresh, refresh);
  }
  $('auto').addEventListener('change', function () { if ($('auto').checked) refresh(); else clearTimeout(timer); });
  $('onlykey').addEventListener('change', refresh);
  $('a1').addEventListener('click', function () { advance(1000); });
  $('a10').addEventListener('click', function () { advance(10000); });
  $('a60').addEventListener('click', function () { advance(60000); });
  window.addEventListener('hashchange', function () { readHash(); refresh(); });
  readHash();
  refresh();
})();
`;

export function inspectorPage(nonce: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>browser-use-mock inspector</title><link rel="icon" href="data:,"><style>${STYLE}</style></head>
<body>
<header><h1>browser-use-mock inspector</h1><span id="clock"></span>
<span id="advance" hidden><button id="a1" type="button">+1 s</button> <button id="a10" type="button">+10 s</button> <button id="a60" type="button">+1 min</button></span>
<span class="sp"></span><a href="/docs" target="_blank" rel="noopener">API docs</a><span id="updated"></span><label><input id="auto" type="checkbox" checked> auto-refresh</label></header>
<div class="layout">
<section id="keyspane"><h2>Keys</h2><div id="keys" class="scroll"></div></section>
<section><h2>Sessions <code id="skey"></code></h2><div id="sessions" class="scroll"></div></section>
<section id="detailpane"><h2>Session</h2><div id="detail" class="scroll"></div></section>
<section id="journal"><h2>Request journal <span id="jtotal"></span><span class="sp"></span><label><input id="onlykey" type="checkbox"> selected key only</label></h2><div id="jrows" class="scroll"></div></section>
</div>
<script nonce="${escapeHtml(nonce)}">${SCRIPT}</script>
</body></html>`;
}
