// Standalone browsers over plain HTTP and the official client: lifecycle against the clock, limits,
// concurrency shared with agent sessions, recordings, the CDP placeholder and error shapes.
import t from 'tap';
import { BrowserUse, BrowserUseError } from 'browser-use-sdk/v3';
import type { AccountView, BrowserSessionItemView, BrowserSessionListResponse, BrowserSessionView, SessionResponse } from '../../src/contract/types.generated.js';
import { configFromEnv } from '../../src/config.js';
import { DEFAULT_KEY, startTestServer } from '../helpers/server.js';

const MINUTE = 60_000;
const TOO_MANY = { detail: 'Too many concurrent active sessions. Please wait for one to finish, kill one, or upgrade your plan.' };
const micros = (usd: number | string): number => Math.round(Number(usd) * 1e6);

t.test('POST /browsers: defaults, URLs and the upfront charge', async (t) => {
  const s = await startTestServer(t);
  s.advance(1234);
  const res = await s.call<BrowserSessionItemView>('POST', '/browsers', { body: {} });
  t.equal(res.status, 201);
  const b = res.json;
  const token = s.state.presigner.token(b.id);
  t.same(b, {
    id: b.id,
    status: 'active',
    liveUrl: `${s.url}/live/${b.id}?token=${token}`,
    cdpUrl: `${s.url.replace('http', 'ws')}/_mock/cdp/${b.id}?token=${s.state.presigner.token(`cdp:${b.id}`)}`,
    timeoutAt: '2026-01-01T01:00:01.234000Z',
    startedAt: '2026-01-01T00:00:01.234000Z',
    finishedAt: null,
    proxyUsedMb: '0',
    proxyCost: '0',
    browserCost: '0.06',
    agentSessionId: null,
    recordingUrl: null,
  });
  t.ok(s.state.presigner.verifyToken(b.id, token), 'the live page can verify the token');
  const record = s.state.projects.get(DEFAULT_KEY).browsers.get(b.id);
  t.match(record, { proxyCountryCode: 'us', customProxy: null, browserScreenWidth: null, allowResizing: false, enableRecording: false }, 'the live page finds it in project.browsers');

  const got = await s.call<BrowserSessionView>('GET', `/browsers/${b.id}`);
  t.same(got.json, b);
  const short = await s.call<BrowserSessionItemView>('POST', '/browsers', { body: { timeout: 5 } });
  t.equal(short.json.browserCost, '0.005', '1,000 micro-USD per minute');
  t.equal(short.json.timeoutAt, '2026-01-01T00:05:01.234000Z');
  const longest = await s.call<BrowserSessionItemView>('POST', '/browsers', { body: { timeout: 240 } });
  t.equal(longest.status, 201, '240 minutes is allowed');
  t.equal(longest.json.timeoutAt, '2026-01-01T04:00:01.234000Z');
  t.equal(longest.json.browserCost, '0.24');
});

t.test('options are kept on the record: proxy, custom proxy, screen size, resizing, recording', async (t) => {
  const s = await startTestServer(t);
  const body = {
    proxyCountryCode: 'de',
    customProxy: { host: 'proxy.internal', port: 3128, username: 'u', password: 'p' },
    browserScreenWidth: 1280,
    browserScreenHeight: 800,
    allowResizing: true,
    enableRecording: true,
  };
  const { json } = await s.call<BrowserSessionItemView>('POST', '/browsers', { body });
  t.match(s.state.projects.get(DEFAULT_KEY).browsers.get(json.id), body);
  const noProxy = await s.call<BrowserSessionItemView>('POST', '/browsers', { body: { proxyCountryCode: null } });
  t.equal(s.state.projects.get(DEFAULT_KEY).browsers.get(noProxy.json.id)?.proxyCountryCode, null);
});

t.test('stop refunds unused whole minutes; a second stop changes nothing', async (t) => {
  const s = await startTestServer(t);
  const account = async (): Promise<number> => micros((await s.call<AccountView>('GET', '/billing/account')).json.totalCreditsBalanceUsd);
  const start = await account();
  const { json: b } = await s.call<BrowserSessionItemView>('POST', '/browsers', { body: {} });
  t.equal(start - (await account()), 60_000, 'the whole hour is charged at start');

  s.advance(30 * MINUTE);
  const stopped = await s.call<BrowserSessionView>('PATCH', `/browsers/${b.id}`, { body: { action: 'stop' } });
  t.equal(stopped.status, 200);
  t.match(stopped.json, { status: 'stopped', finishedAt: '2026-01-01T00:30:00Z', browserCost: '0.03', recordingUrl: null });
  t.equal(start - (await account()), 30_000, 'half of the charge came back');

  s.advance(5 * MINUTE);
  const again = await s.call<BrowserSessionView>('PATCH', `/browsers/${b.id}`, { body: { action: 'stop' } });
  t.same(again.json, stopped.json);
  t.equal(start - (await account()), 30_000, 'no second refund');
  t.same((await s.call<BrowserSessionView>('GET', `/browsers/${b.id}`)).json, stopped.json);
});

t.test('billed time: whole minutes rounded up, at least one', async (t) => {
  const s = await startTestServer(t);
  const cases: [number, string][] = [
    [0, '0.001'],
    [1, '0.001'],
    [60_000, '0.001'],
    [60_001, '0.002'],
    [2 * MINUTE, '0.002'],
    [59 * MINUTE + 1, '0.06'],
  ];
  for (const [elapsed, cost] of cases) {
    const { json } = await s.call<BrowserSessionItemView>('POST', '/browsers', { body: {} });
    s.advance(elapsed);
    const stopped = await s.call<BrowserSessionView>('PATCH', `/browsers/${json.id}`, { body: { action: 'stop' } });
    t.equal(stopped.json.browserCost, cost, `stopped after ${elapsed} ms`);
  }
});

t.test('a browser stops by itself at timeoutAt, with no refund', async (t) => {
  const s = await startTestServer(t, { concurrencyLimit: 1 });
  const { json: b } = await s.call<BrowserSessionItemView>('POST', '/browsers', { body: { timeout: 10 } });
  t.equal((await s.call('POST', '/browsers', { body: {} })).status, 429, 'it holds the only slot');
  s.advance(10 * MINUTE - 1);
  t.equal((await s.call<BrowserSessionView>('GET', `/browsers/${b.id}`)).json.status, 'active');
  s.advance(1);
  const ended = await s.call<BrowserSessionView>('GET', `/browsers/${b.id}`);
  t.match(ended.json, { status: 'stopped', finishedAt: b.timeoutAt, browserCost: '0.01' });
  s.advance(MINUTE);
  const late = await s.call<BrowserSessionView>('PATCH', `/browsers/${b.id}`, { body: { action: 'stop' } });
  t.match(late.json, { status: 'stopped', finishedAt: b.timeoutAt, browserCost: '0.01' }, 'stopping it afterwards refunds nothing');
  t.equal((await s.call('POST', '/browsers', { body: {} })).status, 201, 'the slot is free again');
});

t.test('list: newest first, pages, filterBy', async (t) => {
  const s = await startTestServer(t);
  const ids: string[] = [];
  for (let i = 0; i < 5; i++) {
    ids.push((await s.call<BrowserSessionItemView>('POST', '/browsers', { body: { timeout: 30, enableRecording: true } })).json.id);
    s.advance(1000);
  }
  await s.call('PATCH', `/browsers/${ids[1]}`, { body: { action: 'stop' } });
  await s.call('PATCH', `/browsers/${ids[3]}`, { body: { action: 'stop' } });

  const all = await s.call<BrowserSessionListResponse>('GET', '/browsers');
  t.same(all.json.items.map((b) => b.id), [...ids].reverse());
  t.same({ totalItems: all.json.totalItems, pageNumber: all.json.pageNumber, pageSize: all.json.pageSize }, { totalItems: 5, pageNumber: 1, pageSize: 10 });
  t.ok(all.json.items.every((b) => b.recordingUrl === null), 'list items carry no recording');

  const stopped = await s.call<BrowserSessionListResponse>('GET', '/browsers?filterBy=stopped');
  t.same(stopped.json.items.map((b) => b.id), [ids[3], ids[1]]);
  t.equal(stopped.json.totalItems, 2);
  const active = await s.call<BrowserSessionListResponse>('GET', '/browsers?filterBy=active&pageSize=2&pageNumber=2');
  t.same(active.json.items.map((b) => b.id), [ids[0]]);
  t.same({ totalItems: active.json.totalItems, pageNumber: active.json.pageNumber, pageSize: active.json.pageSize }, { totalItems: 3, pageNumber: 2, pageSize: 2 });

  s.advance(30 * MINUTE);
  t.equal((await s.call<BrowserSessionListResponse>('GET', '/browsers?filterBy=active')).json.totalItems, 0, 'all timed out');
  t.equal((await s.call<BrowserSessionListResponse>('GET', '/browsers?filterBy=stopped')).json.totalItems, 5);

  const bad = await s.call<{ detail: { type: string; loc: string[] }[] }>('GET', '/browsers?filterBy=paused');
  t.equal(bad.status, 422);
  t.same(bad.json.detail.map((d) => [d.type, d.loc]), [['enum', ['query', 'filterBy']]]);
  t.equal((await s.call<BrowserSessionListResponse>('GET', '/browsers', { key: 'other-key' })).json.totalItems, 0);
});

t.test('recordingUrl: on GET once stopped, when recording was on', async (t) => {
  const s = await startTestServer(t);
  const rec = (await s.call<BrowserSessionItemView>('POST', '/browsers', { body: { enableRecording: true, timeout: 3 } })).json;
  const plain = (await s.call<BrowserSessionItemView>('POST', '/browsers', { body: { timeout: 3 } })).json;
  t.equal((await s.call<BrowserSessionView>('GET', `/browsers/${rec.id}`)).json.recordingUrl, null, 'nothing while active');

  s.advance(MINUTE);
  const stop = await s.call<BrowserSessionView>('PATCH', `/browsers/${rec.id}`, { body: { action: 'stop' } });
  t.equal(stop.json.recordingUrl, null, 'the stop response comes before the recording is saved');
  const got = await s.call<BrowserSessionView>('GET', `/browsers/${rec.id}`);
  const url = new URL(got.json.recordingUrl ?? '');
  t.equal(`${url.origin}${url.pathname}`, `${s.url}/_mock/recordings/${rec.id}/0.mp4`);
  const query = Object.fromEntries(url.searchParams);
  t.same(s.state.presigner.verify(url.pathname, 'GET', query, s.state.clock.now()), { ok: true });
  t.equal(query['X-Amz-Expires'], '3600');

  s.advance(3 * MINUTE);
  t.equal((await s.call<BrowserSessionView>('GET', `/browsers/${plain.id}`)).json.recordingUrl, null, 'never without enableRecording');
  const timedOut = (await s.call<BrowserSessionItemView>('POST', '/browsers', { body: { enableRecording: true, timeout: 1 } })).json;
  s.advance(MINUTE);
  t.match((await s.call<BrowserSessionView>('GET', `/browsers/${timedOut.id}`)).json.recordingUrl, /\/_mock\/recordings\/.+\/0\.mp4\?/, 'also after a timeout');
});

t.test('403 above 240 minutes, 422 below 1, 404 for unknown ids and other keys', async (t) => {
  const s = await startTestServer(t);
  const over = await s.call('POST', '/browsers', { body: { timeout: 241 } });
  t.equal(over.status, 403);
  t.same(over.json, { detail: 'Maximum session timeout is 4 hours (240 minutes).' });
  const zero = await s.call('POST', '/browsers', { body: { timeout: 0 } });
  t.equal(zero.status, 422);
  t.same(zero.json, { detail: [{ type: 'greater_than_equal', loc: ['body', 'timeout'], msg: 'Input should be greater than or equal to 1', input: 0, ctx: { ge: 1 } }] });
  t.equal((await s.call<BrowserSessionListResponse>('GET', '/browsers')).json.totalItems, 0, 'refusals create nothing');
  t.equal((await s.call<AccountView>('GET', '/billing/account')).json.totalCreditsBalanceUsd, 100, 'and charge nothing');

  const missing = '0b7f3c1e-7f0a-4d5e-9b1c-3e2a1d0c9f8e';
  for (const [method, body] of [['GET', undefined], ['PATCH', { action: 'stop' }]] as const) {
    const res = await s.call(method, `/browsers/${missing}`, { body });
    t.equal(res.status, 404, method);
    t.same(res.json, { detail: 'Session not found' });
  }
  const mine = (await s.call<BrowserSessionItemView>('POST', '/browsers', { body: {} })).json;
  const theirs = await s.call('PATCH', `/browsers/${mine.id}`, { key: 'other-key', body: { action: 'stop' } });
  t.equal(theirs.status, 404, "another key's browser does not exist for this key");
  t.equal((await s.call<BrowserSessionView>('GET', `/browsers/${mine.id}`)).json.status, 'active', 'and it was not stopped');
});

t.test('422 bodies of POST and PATCH are {"detail": [issues]}, not the bare ValidationError the reference declares', async (t) => {
  const s = await startTestServer(t);
  const post = await s.call('POST', '/browsers', { body: { browserScreenWidth: 100, allowResizing: 'sometimes' } });
  t.equal(post.status, 422);
  t.same(post.json, {
    detail: [
      { type: 'greater_than_equal', loc: ['body', 'browserScreenWidth'], msg: 'Input should be greater than or equal to 320', input: 100, ctx: { ge: 320 } },
      { type: 'bool_parsing', loc: ['body', 'allowResizing'], msg: 'Input should be a valid boolean, unable to interpret input', input: 'sometimes' },
    ],
  });
  const { json: b } = await s.call<BrowserSessionItemView>('POST', '/browsers', { body: {} });
  const patch = await s.call('PATCH', `/browsers/${b.id}`, { body: { action: 'pause' } });
  t.equal(patch.status, 422);
  t.same(patch.json, { detail: [{ type: 'enum', loc: ['body', 'action'], msg: "Input should be 'stop'", input: 'pause', ctx: { expected: "'stop'" } }] });
  const empty = await s.call('PATCH', `/browsers/${b.id}`, { body: {} });
  t.same(empty.json, { detail: [{ type: 'missing', loc: ['body', 'action'], msg: 'Field required', input: {} }] });
});

t.test('browsers and agent sessions share the concurrency limit (429)', async (t) => {
  const s = await startTestServer(t, { concurrencyLimit: 3 });
  const session = (await s.call<SessionResponse>('POST', '/sessions', { body: {} })).json;
  const b1 = (await s.call<BrowserSessionItemView>('POST', '/browsers', { body: {} })).json;
  await s.call('POST', '/browsers', { body: {} });
  const fourthBrowser = await s.call('POST', '/browsers', { body: {} });
  t.equal(fourthBrowser.status, 429);
  t.same(fourthBrowser.json, TOO_MANY);
  const fourthSession = await s.call('POST', '/sessions', { body: {} });
  t.equal(fourthSession.status, 429, 'browsers count against sessions too');
  t.same(fourthSession.json, TOO_MANY);
  t.equal((await s.call('POST', '/browsers', { key: 'other-key', body: {} })).status, 201, 'the limit is per key');

  await s.call('PATCH', `/browsers/${b1.id}`, { body: { action: 'stop' } });
  const next = await s.call<SessionResponse>('POST', '/sessions', { body: {} });
  t.equal(next.status, 200, 'a stopped browser frees its slot');
  t.equal((await s.call('POST', '/browsers', { body: {} })).status, 429);
  await s.call('POST', `/sessions/${session.id}/stop`, { body: { strategy: 'session' } });
  t.equal((await s.call('POST', '/browsers', { body: {} })).status, 201, 'a stopped session frees its slot');

  const project = s.state.projects.get('low-key');
  project.concurrencyLimit = 1;
  t.equal((await s.call('POST', '/browsers', { key: 'low-key', body: {} })).status, 201);
  t.equal((await s.call('POST', '/browsers', { key: 'low-key', body: {} })).status, 429, 'a per-key limit applies');
  t.equal((await s.call('POST', '/sessions', { key: 'low-key', body: {} })).status, 429);
  project.concurrencyLimit = 2;
  t.equal((await s.call('POST', '/sessions', { key: 'low-key', body: {} })).status, 200);

  t.equal(configFromEnv({ BU_MOCK_CONCURRENCY_LIMIT: '1' }).concurrencyLimit, 1, 'BU_MOCK_CONCURRENCY_LIMIT sets the global limit');
});

t.test('cdpUrl answers 501: CDP is not emulated', async (t) => {
  const s = await startTestServer(t);
  const { json: b } = await s.call<BrowserSessionItemView>('POST', '/browsers', { body: {} });
  const http = (b.cdpUrl ?? '').replace(/^ws/, 'http');
  const res = await s.call<{ detail: string }>('GET', http, { key: null });
  t.equal(res.status, 501);
  t.match(res.json.detail, /does not implement the Chrome DevTools Protocol/);
  const forged = await s.call('GET', http.replace(/token=.*/, 'token=nope'), { key: null });
  t.equal(forged.status, 404);
});

t.test('official client: browsers resource end to end', async (t) => {
  const s = await startTestServer(t, { concurrencyLimit: 2 });
  const client = new BrowserUse({ apiKey: 'sdk-key', baseUrl: s.apiUrl, maxRetries: 0 });
  const created = await client.browsers.create({ timeout: 15, enableRecording: true });
  t.match(created, { status: 'active', browserCost: '0.015', finishedAt: null });
  t.same(await client.browsers.get(created.id), created);
  const other = await client.browsers.create();
  t.equal(other.browserCost, '0.06');

  const listed = await client.browsers.list({ filterBy: 'active', pageSize: 1 });
  t.same({ ids: listed.items.map((b) => b.id), totalItems: listed.totalItems }, { ids: [other.id], totalItems: 2 });

  const busy = await client.browsers.create().catch((e: unknown) => e);
  t.ok(busy instanceof BrowserUseError);
  t.equal((busy as BrowserUseError).statusCode, 429);
  t.equal((busy as BrowserUseError).message, TOO_MANY.detail);
  const tooLong = await client.browsers.create({ timeout: 300 }).catch((e: unknown) => e);
  t.equal((tooLong as BrowserUseError).statusCode, 403);
  t.equal((tooLong as BrowserUseError).message, 'Maximum session timeout is 4 hours (240 minutes).');

  s.advance(90_000);
  const stopped = await client.browsers.stop(created.id);
  t.match(stopped, { status: 'stopped', browserCost: '0.002', recordingUrl: null });
  const viaUpdate = await client.browsers.update(other.id, { action: 'stop' });
  t.equal(viaUpdate.browserCost, '0.002');
  t.match((await client.browsers.get(created.id)).recordingUrl, /\/_mock\/recordings\//);
  const stoppedList = await client.browsers.list({ filterBy: 'stopped' });
  t.equal(stoppedList.totalItems, 2);

  const missing = await client.browsers.get('0b7f3c1e-7f0a-4d5e-9b1c-3e2a1d0c9f8e').catch((e: unknown) => e);
  t.equal((missing as BrowserUseError).statusCode, 404);
  t.equal((missing as BrowserUseError).message, 'Session not found');
});

t.test('past the per-key cap the oldest stopped browsers are forgotten, active ones never', async (t) => {
  const s = await startTestServer(t, { maxBrowsersPerKey: 3 });
  const ids: string[] = [];
  for (let i = 0; i < 3; i++) ids.push((await s.call<BrowserSessionItemView>('POST', '/browsers', { body: { timeout: 5 } })).json.id);
  await s.call('PATCH', `/browsers/${ids[1]}`, { body: { action: 'stop' } });
  await s.call('PATCH', `/browsers/${ids[2]}`, { body: { action: 'stop' } });
  ids.push((await s.call<BrowserSessionItemView>('POST', '/browsers', { body: { timeout: 5 } })).json.id);
  t.equal((await s.call('GET', `/browsers/${ids[1]}`)).status, 404, 'the oldest stopped one went');
  t.equal((await s.call('GET', `/browsers/${ids[0]}`)).status, 200, 'the older active one stayed');
  const list = await s.call<BrowserSessionListResponse>('GET', '/browsers');
  t.same(list.json.items.map((b) => b.id), [ids[3], ids[2], ids[0]]);
});
