// The live view over plain HTTP: the page, its token, the JSON it polls, standalone browsers, the
// inspector's forwarding route and the API docs.
import t from 'tap';
import { BrowserUse } from 'browser-use-sdk/v3';
import type { SessionResponse } from '../../src/contract/types.generated.js';
import type { LiveBrowserState, LiveSessionState } from '../../src/web/live.js';
import { startTestServer } from '../helpers/server.js';

const TASK = 'Find the best-rated wireless mouse under $50 on amazon.com';

const liveOf = (session: SessionResponse): string => session.liveUrl ?? '';
const stateUrlOf = (liveUrl: string): string => liveUrl.replace(/\?token=/, '/state?token=');

t.test('liveUrl opens an embeddable, self-contained page', async (t) => {
  const s = await startTestServer(t);
  const created = (await s.call<SessionResponse>('POST', '/sessions', { body: { task: TASK } })).json;
  const page = await s.call('GET', liveOf(created), { key: null });
  t.equal(page.status, 200);
  t.match(page.headers.get('content-type'), /^text\/html/);
  t.equal(page.headers.get('x-frame-options'), null, 'no frame-blocking header');
  const csp = page.headers.get('content-security-policy') ?? '';
  t.match(csp, /frame-ancestors \*/);
  t.match(csp, /default-src 'none'/);
  t.match(csp, /connect-src 'self'/);
  t.equal(page.headers.get('referrer-policy'), 'no-referrer', 'the token does not leak through Referer');
  t.equal(page.headers.get('cache-control'), 'no-store');
  t.match(page.text, /<h1 id="title">Find the best-rated wireless mouse under \$50 on<\/h1>/);
  t.match(page.text, /data-status="created"/);
  t.notMatch(page.text, /<(script|link|img)[^>]+(src|href)="(https?:)?\/\//i, 'no external scripts, styles or images');
  const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1] ?? '';
  t.ok(page.text.includes(`<script nonce="${nonce}">`), 'the inline script carries the nonce');
});

t.test('a wrong or missing token is a 403 page; an unknown id a 404 page', async (t) => {
  const s = await startTestServer(t);
  const created = (await s.call<SessionResponse>('POST', '/sessions', { body: { task: TASK } })).json;
  const other = (await s.call<SessionResponse>('POST', '/sessions', { body: {} })).json;
  const bare = liveOf(created).split('?')[0] ?? '';
  for (const url of [bare, `${bare}?token=`, `${bare}?token=wrong`, `${bare}?token=${new URL(liveOf(other)).searchParams.get('token') ?? ''}`]) {
    const page = await s.call('GET', url, { key: null });
    t.equal(page.status, 403, url.replace(s.url, ''));
    t.match(page.headers.get('content-type'), /^text\/html/);
    t.match(page.text, /Access denied/);
    const state = await s.call('GET', stateUrlOf(url.includes('?') ? url : `${url}?token=`), { key: null });
    t.equal(state.status, 403);
    t.same(state.json, { detail: 'Invalid or missing token' });
  }
  t.equal((await s.call('DELETE', `/sessions/${created.id}`)).status, 204);
  const gone = await s.call('GET', liveOf(created), { key: null });
  t.equal(gone.status, 404);
  t.match(gone.text, /Session not found/);
  t.equal((await s.call('GET', stateUrlOf(liveOf(created)), { key: null })).status, 404);
});

t.test('the state follows the run as the clock moves', async (t) => {
  const s = await startTestServer(t);
  const created = (await s.call<SessionResponse>('POST', '/sessions', { body: { task: TASK } })).json;
  const read = async (): Promise<LiveSessionState> => {
    const response = await s.call<LiveSessionState>('GET', stateUrlOf(liveOf(created)), { key: null });
    t.equal(response.headers.get('cache-control'), 'no-store');
    return response.json;
  };
  const first = await read();
  t.equal(first.kind, 'session');
  t.equal(first.status, 'created');
  t.same(first.step, { number: 0, summary: null });
  t.equal(first.screenshot, null);
  t.equal(first.messages[0]?.type, 'user_message');
  t.equal(first.task?.text, TASK);

  const seenSteps: number[] = [];
  const seenKeys = new Set<string>();
  let last = first;
  for (let i = 0; i < 300 && last.status !== 'stopped'; i++) {
    s.advance(500);
    last = await read();
    if (seenSteps[seenSteps.length - 1] !== last.step.number) seenSteps.push(last.step.number);
    if (last.screenshot) seenKeys.add(last.screenshot.key);
    const api = (await s.call<SessionResponse>('GET', `/sessions/${created.id}`)).json;
    t.equal(last.status, api.status, 'same status as the API');
    if (last.step.number > 0) t.equal(last.step.summary, api.lastStepSummary, 'same step as the API');
  }
  t.equal(last.status, 'stopped');
  t.same(seenSteps, Array.from({ length: seenSteps.length }, (_, i) => i), `steps counted up one by one (${seenSteps.join(',')})`);
  t.ok(seenKeys.size >= 5, `the screenshot changed with the steps (${[...seenKeys].join(' ')})`);
  t.equal(last.isTaskSuccessful, true);
  t.type(last.output, 'string');
  t.equal(last.messages[last.messages.length - 1]?.type, 'completion');
  t.notOk(last.messages.some((m) => m.type === 'browser_action_result'), 'hidden messages are left out');
  const shot = await fetch(last.screenshot?.url ?? '');
  t.equal(shot.status, 200);
  t.equal(shot.headers.get('content-type'), 'image/png');
});

t.test('sessions of every key are found without an API key', async (t) => {
  const s = await startTestServer(t);
  const a = (await s.call<SessionResponse>('POST', '/sessions', { body: { task: 'Look up the weather in Berlin' }, key: 'key-a' })).json;
  const b = (await s.call<SessionResponse>('POST', '/sessions', { body: { task: 'Find the top story on news.ycombinator.com' }, key: 'key-b' })).json;
  const stateA = (await s.call<LiveSessionState>('GET', stateUrlOf(liveOf(a)), { key: null })).json;
  const stateB = (await s.call<LiveSessionState>('GET', stateUrlOf(liveOf(b)), { key: null })).json;
  t.equal(stateA.id, a.id);
  t.equal(stateA.title, 'Look up the weather in Berlin');
  t.equal(stateB.id, b.id);
  t.equal(stateB.title, 'Find the top story on news.ycombinator.com');
});

t.test('a standalone browser gets a simpler page', async (t) => {
  const s = await startTestServer(t);
  const client = new BrowserUse({ apiKey: 'live-key', baseUrl: s.apiUrl, maxRetries: 0 });
  const browser = await client.browsers.create({ timeout: 30 });
  t.match(browser.liveUrl, new RegExp(`/live/${browser.id}\\?token=`));
  const page = await s.call('GET', browser.liveUrl ?? '', { key: null });
  t.equal(page.status, 200);
  t.match(page.text, /<h1 id="title">Browser<\/h1>/);
  t.match(page.text, /data-status="active"/);
  t.match(page.headers.get('content-security-policy'), /frame-ancestors \*/);
  const active = (await s.call<LiveBrowserState>('GET', stateUrlOf(browser.liveUrl ?? ''), { key: null })).json;
  t.equal(active.kind, 'browser');
  t.equal(active.status, 'active');
  t.equal(active.timeoutAt, browser.timeoutAt);
  t.equal(active.finishedAt, null);
  s.advance(31 * 60_000);
  const timedOut = (await s.call<LiveBrowserState>('GET', stateUrlOf(browser.liveUrl ?? ''), { key: null })).json;
  t.equal(timedOut.status, 'stopped', 'stopped once its timeout has passed');
  t.equal(timedOut.finishedAt, browser.timeoutAt);
  t.equal((await s.call('GET', (browser.liveUrl ?? '').replace(/token=.*/, 'token=nope'), { key: null })).status, 403);
});

t.test('/_mock/ui serves the inspector; /_mock/ui/live/{id} forwards to the live view', async (t) => {
  const s = await startTestServer(t);
  const created = (await s.call<SessionResponse>('POST', '/sessions', { body: { task: TASK } })).json;
  const ui = await s.call('GET', '/_mock/ui', { key: null });
  t.equal(ui.status, 200);
  t.match(ui.headers.get('content-type'), /^text\/html/);
  t.match(ui.text, /browser-use-mock inspector/);
  t.match(ui.headers.get('content-security-policy'), /connect-src 'self'/);
  const forward = await fetch(`${s.url}/_mock/ui/live/${created.id}`, { redirect: 'manual' });
  t.equal(forward.status, 302);
  t.equal(forward.headers.get('location'), liveOf(created));
  t.equal((await s.call('GET', '/_mock/ui/live/00000000-0000-4000-8000-000000000000', { key: null })).status, 404);
});

t.test('/docs renders /openapi.json with locally served assets', async (t) => {
  const s = await startTestServer(t);
  const docs = await s.call('GET', `${s.url}/docs`, { key: null });
  t.equal(docs.status, 200);
  t.match(docs.headers.get('content-type'), /^text\/html/);
  t.notMatch(docs.text, /(src|href)="https?:\/\//, 'no assets from elsewhere');
  const json = await s.call('GET', `${s.url}/docs/json`, { key: null });
  const served = await s.call('GET', `${s.url}/openapi.json`, { key: null });
  t.equal(json.status, 200);
  t.equal(served.status, 200);
  t.match(served.json, { openapi: '3.1.0' });
  t.same(json.json, served.json, 'the UI shows exactly the served document');
  const yaml = await s.call('GET', `${s.url}/docs/yaml`, { key: null });
  t.match(yaml.text, /^openapi: 3\.1\.0/m);
  for (const asset of ['swagger-ui-bundle.js', 'swagger-ui-standalone-preset.js', 'swagger-ui.css', 'swagger-initializer.js']) {
    t.equal((await s.call('GET', `${s.url}/docs/static/${asset}`, { key: null })).status, 200, asset);
  }
});
