// The live view page: self-contained HTML, CSS and script (nothing is loaded from elsewhere). It renders
// the state embedded at load and then polls /live/{id}/state, so it follows the run without a reload,
// whether the emulator's clock is real or moved by hand.
import { escapeHtml, jsonForScript } from './html.js';
import type { LiveState } from './live-state.js';

const STYLE = `
:root{color-scheme:dark;--bg:#0b0d12;--panel:#141821;--line:#232836;--text:#e6e8ee;--muted:#9aa3b2;--accent:#4f8cff}
*{box-sizing:border-box}
html,body{height:100%;margin:0}
body{display:flex;flex-direction:column;background:var(--bg);color:var(--text);font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif}
header{display:flex;align-items:center;gap:12px;padding:10px 14px;border-bottom:1px solid var(--line);background:var(--panel);min-width:0}
h1{font-size:15px;font-weight:600;margin:0;white-space:nowrap;overflow:hidden;text-overflow:ellipsis;flex:1;min-width:0}
.pill{display:inline-flex;align-items:center;gap:6px;padding:2px 10px;border-radius:999px;font-size:12px;font-weight:600;text-transform:uppercase;letter-spacing:.04em;background:#2a3040;color:#cbd5e1;white-space:nowrap}
.pill::before{content:"";width:7px;height:7px;border-radius:50%;background:currentColor}
.pill[data-status=running],.pill[data-status=active]{background:#0f3d2b;color:#34d399}
.pill[data-status=running]::before,.pill[data-status=active]::before{animation:pulse 1.2s ease-in-out infinite}
.pill[data-status=created]{background:#3b2f0b;color:#fbbf24}
.pill[data-status=idle]{background:#10284a;color:#60a5fa}
.pill[data-status=error]{background:#4a1212;color:#f87171}
.pill[data-status=timed_out]{background:#3b2a12;color:#fb923c}
@keyframes pulse{50%{opacity:.25}}
.meta{display:flex;gap:12px;color:var(--muted);font-size:12px;white-space:nowrap}
.step{padding:8px 14px;border-bottom:1px solid var(--line);font-size:13px;color:#cbd5e1;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.step b{color:var(--text)}
main{flex:1;display:grid;grid-template-columns:minmax(0,1fr) minmax(260px,340px);gap:12px;padding:12px;min-height:0}
.viewport{display:flex;flex-direction:column;gap:10px;min-height:0}
.screen{position:relative;width:100%;aspect-ratio:16/10;max-height:100%;background:#05070a;border:1px solid var(--line);border-radius:8px;overflow:hidden;display:flex;align-items:center;justify-content:center}
.screen img{width:100%;height:100%;object-fit:contain;display:block}
.screen img[hidden]{display:none}
.placeholder{position:absolute;inset:0;display:flex;flex-direction:column;align-items:center;justify-content:center;gap:12px;color:var(--muted)}
.placeholder[hidden]{display:none}
.spinner{width:28px;height:28px;border-radius:50%;border:3px solid #2a3040;border-top-color:var(--accent);animation:spin 1s linear infinite}
@keyframes spin{to{transform:rotate(360deg)}}
.result{background:var(--panel);border:1px solid var(--line);border-radius:8px;padding:10px 12px;max-height:30vh;overflow:auto}
.result[hidden]{display:none}
.result h2{font-size:12px;margin:0 0 6px;color:var(--muted);text-transform:uppercase;letter-spacing:.05em}
.result pre{margin:0;white-space:pre-wrap;word-break:break-word;font:12px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.result a{color:var(--accent)}
aside{display:flex;flex-direction:column;background:var(--panel);border:1px solid var(--line);border-radius:8px;min-height:0}
aside h2{margin:0;padding:10px 12px;font-size:12px;color:var(--muted);text-transform:uppercase;letter-spacing:.05em;border-bottom:1px solid var(--line)}
ol{list-style:none;margin:0;padding:6px 0;overflow:auto;flex:1;min-height:120px}
li{padding:6px 12px;border-bottom:1px solid #1b2030}
li:last-child{border-bottom:0}
.mhead{display:flex;align-items:center;gap:8px;font-size:11px;color:var(--muted)}
.badge{padding:0 6px;border-radius:4px;background:#232a3a;color:#cbd5e1;font-weight:600}
.badge[data-type=user_message]{background:#1e3a8a;color:#dbeafe}
.badge[data-type=completion]{background:#14532d;color:#bbf7d0}
.badge[data-type=browser_action_error]{background:#7f1d1d;color:#fecaca}
.badge[data-type=planning]{background:#3b0764;color:#e9d5ff}
.badge[data-type=file_operation]{background:#164e63;color:#cffafe}
.msum{margin-top:2px;word-break:break-word}
.mdata{margin:4px 0 0;white-space:pre-wrap;word-break:break-word;color:var(--muted);font:12px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;max-height:12em;overflow:auto}
.empty{padding:12px;color:var(--muted)}
footer{display:flex;gap:14px;justify-content:space-between;padding:6px 14px;border-top:1px solid var(--line);color:var(--muted);font-size:11px;white-space:nowrap;overflow:hidden}
footer code{font:11px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.solo{flex:1}
.card{margin:24px auto;max-width:420px;width:calc(100% - 32px);background:var(--panel);border:1px solid var(--line);border-radius:8px;padding:16px 18px}
.card dl{display:grid;grid-template-columns:auto 1fr;gap:8px 16px;margin:0}
.card dt{color:var(--muted)}
.card dd{margin:0}
.card p{color:var(--muted);margin:14px 0 0;font-size:13px}
@media (max-width:760px){main{grid-template-columns:1fr;grid-template-rows:auto minmax(200px,1fr)}.meta{display:none}}
`;

// Runs in the browser: plain ES2019, no dependencies.
const SCRIPT = `
(function () {
  'use strict';
  var initial = JSON.parse(document.getElementById('initial').textContent);
  var token = new URLSearchParams(location.search).get('token') || '';
  var stateUrl = encodeURIComponent(initial.id) + '/state?token=' + encodeURIComponent(token);
  var $ = function (id) { return document.getElementById(id); };
  var TERMINAL = { stopped: 1, timed_out: 1, error: 1 };
  var LABELS = { user_message: 'Task', planning: 'Plan', browser_action: 'Action', file_operation: 'File', completion: 'Result', browser_action_error: 'Error', assistant_message: 'Agent' };
  var SHOW_DATA = { user_message: 1, planning: 1, completion: 1, browser_action_error: 1, assistant_message: 1 };
  var shownKey = null;
  var rendered = {};
  var timer = null;

  function time(iso) {
    var d = new Date(iso);
    return isNaN(d) ? '' : d.toISOString().slice(11, 19);
  }
  function setStatus(status) {
    var el = $('status');
    el.textContent = status.replace('_', ' ');
    el.setAttribute('data-status', status);
  }
  function stepText(s) {
    var n = s.step.number;
    var label = n > 0 ? 'Step ' + n + ' \\u00b7 ' + (s.step.summary || '') : '';
    if (s.status === 'created') return s.task ? 'Starting the browser\\u2026' : 'Starting the browser\\u2026';
    if (s.status === 'running') return n > 0 ? label : 'Planning the task\\u2026';
    if (s.status === 'idle') return s.task ? 'Waiting for the next task' + (n > 0 ? ' \\u00b7 last: ' + label : '') : 'Ready for a task';
    return n > 0 ? label : 'No steps ran';
  }
  function renderMessage(m) {
    var li = document.createElement('li');
    li.id = 'm-' + m.id;
    var head = document.createElement('div');
    head.className = 'mhead';
    var badge = document.createElement('span');
    badge.className = 'badge';
    badge.setAttribute('data-type', m.type);
    badge.textContent = LABELS[m.type] || m.type;
    var at = document.createElement('time');
    at.textContent = time(m.createdAt);
    head.appendChild(badge);
    head.appendChild(at);
    li.appendChild(head);
    var summary = document.createElement('div');
    summary.className = 'msum';
    summary.textContent = m.summary;
    li.appendChild(summary);
    if (SHOW_DATA[m.type] && m.data && m.data !== m.summary) {
      var data = document.createElement('pre');
      data.className = 'mdata';
      data.textContent = m.data;
      li.appendChild(data);
    }
    return li;
  }
  function renderMessages(messages) {
    var log = $('log');
    var nearBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 40;
    var keep = {};
    var added = false;
    messages.forEach(function (m) {
      keep[m.id] = 1;
      if (!rendered[m.id]) {
        rendered[m.id] = 1;
        log.appendChild(renderMessage(m));
        added = true;
      }
    });
    Array.prototype.slice.call(log.children).forEach(function (li) {
      var id = li.id.slice(2);
      if (!keep[id]) { log.removeChild(li); delete rendered[id]; }
    });
    $('empty').hidden = messages.length > 0;
    $('count').textContent = messages.length ? '(' + messages.length + ')' : '';
    if (added && nearBottom) log.scrollTop = log.scrollHeight;
  }
  function renderSession(s) {
    document.title = (s.title || 'Session') + ' \\u00b7 Live';
    $('title').textContent = s.title || 'Untitled session';
    setStatus(s.status);
    $('step').textContent = stepText(s);
    $('model').textContent = s.model;
    $('cost').textContent = '$' + s.totalCostUsd;
    $('steps').textContent = s.stepCount + (s.stepCount === 1 ? ' step' : ' steps');
    var img = $('shot');
    if (s.screenshot) {
      if (s.screenshot.key !== shownKey) {
        shownKey = s.screenshot.key;
        img.src = s.screenshot.url;
      }
      img.hidden = false;
      $('placeholder').hidden = true;
    } else {
      img.hidden = true;
      $('placeholder').hidden = false;
      $('ptext').textContent = s.status === 'created' ? 'Starting the browser\\u2026' : s.status === 'running' ? 'Waiting for the first screenshot\\u2026' : 'No screenshot yet';
      $('spin').hidden = !(s.status === 'created' || s.status === 'running');
    }
    var done = s.output !== null && s.output !== undefined;
    $('result').hidden = !done && !s.recordingUrls.length;
    $('output').textContent = done ? (typeof s.output === 'string' ? s.output : JSON.stringify(s.output, null, 2)) : '';
    $('outcome').textContent = s.isTaskSuccessful === true ? 'Result' : s.isTaskSuccessful === false ? 'Result (unsuccessful)' : 'Result';
    var rec = $('recording');
    rec.hidden = !s.recordingUrls.length;
    if (s.recordingUrls.length) rec.href = s.recordingUrls[s.recordingUrls.length - 1];
    renderMessages(s.messages);
    $('clock').textContent = 'Simulated time ' + s.now.replace('T', ' ').replace(/\\.\\d+/, '').replace('Z', ' UTC');
  }
  function renderBrowser(b) {
    setStatus(b.status);
    $('timeout').textContent = b.timeoutAt ? b.timeoutAt.replace('T', ' ').replace(/\\.\\d+/, '').replace('Z', ' UTC') : '-';
    $('started').textContent = b.startedAt ? b.startedAt.replace('T', ' ').replace(/\\.\\d+/, '').replace('Z', ' UTC') : '-';
    $('clock').textContent = 'Simulated time ' + b.now.replace('T', ' ').replace(/\\.\\d+/, '').replace('Z', ' UTC');
  }
  function render(s) {
    if (s.kind === 'browser') renderBrowser(s); else renderSession(s);
  }
  function schedule(ms) {
    clearTimeout(timer);
    timer = setTimeout(poll, ms);
  }
  function poll() {
    fetch(stateUrl, { cache: 'no-store', headers: { accept: 'application/json' } }).then(function (res) {
      if (res.status === 404) {
        $('conn').textContent = 'This session no longer exists';
        setStatus('deleted');
        return;
      }
      if (!res.ok) throw new Error('HTTP ' + res.status);
      return res.json().then(function (s) {
        render(s);
        $('conn').textContent = 'Live';
        schedule(TERMINAL[s.status] ? 4000 : 1000);
      });
    }).catch(function () {
      $('conn').textContent = 'Reconnecting\\u2026';
      schedule(2000);
    });
  }
  render(initial);
  schedule(TERMINAL[initial.status] ? 4000 : 1000);
})();
`;

const head = (title: string): string => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><link rel="icon" href="data:,"><style>${STYLE}</style></head>`;

export function livePage(state: LiveState, nonce: string): string {
  const data = `<script type="application/json" id="initial">${jsonForScript(state)}</script>`;
  const script = `<script nonce="${escapeHtml(nonce)}">${SCRIPT}</script>`;
  if (state.kind === 'browser') {
    return `${head('Browser · Live')}
<body>
<header><span id="status" class="pill" data-status="${escapeHtml(state.status)}">${escapeHtml(state.status)}</span><h1 id="title">Browser</h1></header>
<div class="solo"><div class="card">
<dl><dt>Browser</dt><dd><code>${escapeHtml(state.id)}</code></dd><dt>Started</dt><dd id="started">-</dd><dt>Times out</dt><dd id="timeout">-</dd></dl>
<p>This browser is driven over CDP by your own code; the emulator has no picture of its pages.</p>
</div></div>
<footer><span>Browser <code>${escapeHtml(state.id)}</code></span><span id="clock"></span><span id="conn">Live</span></footer>
${data}${script}
</body></html>`;
  }
  return `${head(`${state.title ?? 'Session'} · Live`)}
<body>
<header><span id="status" class="pill" data-status="${escapeHtml(state.status)}">${escapeHtml(state.status)}</span><h1 id="title">${escapeHtml(state.title ?? 'Untitled session')}</h1>
<div class="meta"><span id="model"></span><span id="steps"></span><span id="cost"></span></div></header>
<div class="step" id="step"></div>
<main>
<section class="viewport">
<div class="screen"><img id="shot" alt="Latest screenshot of the browser" hidden><div id="placeholder" class="placeholder"><div id="spin" class="spinner"></div><div id="ptext">Starting the browser…</div></div></div>
<div id="result" class="result" hidden><h2 id="outcome">Result</h2><pre id="output"></pre><a id="recording" href="#" target="_blank" rel="noopener" hidden>Recording (MP4)</a></div>
</section>
<aside><h2>Messages <span id="count"></span></h2><ol id="log" aria-live="polite"></ol><div id="empty" class="empty">No messages yet.</div></aside>
</main>
<footer><span>Session <code>${escapeHtml(state.id)}</code></span><span id="clock"></span><span id="conn">Live</span></footer>
${data}${script}
</body></html>`;
}
