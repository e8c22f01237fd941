// The account view and the ledger behind it: exact charges and refunds from sessions and browsers,
// 402 when nothing is left, and the plain Project fields an admin API can set.
import t from 'tap';
import { BrowserUse, BrowserUseError } from 'browser-use-sdk/v3';
import type { AccountView, BrowserSessionItemView, BrowserSessionView, SessionResponse } from '../../src/contract/types.generated.js';
import { configFromEnv } from '../../src/config.js';
import { DEFAULT_KEY, startTestServer } from '../helpers/server.js';
import type { TestServer } from '../helpers/server.js';

const MINUTE = 60_000;
const NO_CREDITS = { detail: 'Insufficient credits' };
const micros = (usd: number | string | null | undefined): number => Math.round(Number(usd ?? 0) * 1e6);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const balanceOf = async (s: TestServer, key?: string): Promise<number> => {
  const res = await s.call<AccountView>('GET', '/billing/account', key === undefined ? {} : { key });
  return micros(res.json.totalCreditsBalanceUsd);
};

t.test('the account of a new key', async (t) => {
  const s = await startTestServer(t);
  const res = await s.call<AccountView>('GET', '/billing/account');
  t.equal(res.status, 200);
  t.same(res.json, {
    name: null,
    totalCreditsBalanceUsd: 100,
    monthlyCreditsBalanceUsd: 0,
    additionalCreditsBalanceUsd: 100,
    rateLimit: 100,
    planInfo: { planName: 'Pay As You Go', subscriptionStatus: null, subscriptionId: null, subscriptionCurrentPeriodEnd: null, subscriptionCanceledAt: null },
    projectId: res.json.projectId,
  });
  t.match(res.json.projectId, UUID);
  t.equal((await s.call<AccountView>('GET', '/billing/account')).json.projectId, res.json.projectId, 'stable for the key');
  t.not((await s.call<AccountView>('GET', '/billing/account', { key: 'other' })).json.projectId, res.json.projectId, 'one project per key');
  const elsewhere = await startTestServer(t, { seed: 'another-seed' });
  t.equal((await elsewhere.call<AccountView>('GET', '/billing/account')).json.projectId, res.json.projectId, 'the same in every emulator instance');
  const anonymous = await s.call('GET', '/billing/account', { key: null });
  t.equal(anonymous.status, 401);
});

t.test('the starting balance comes from BU_MOCK_BALANCE_USD, exactly', async (t) => {
  const config = configFromEnv({ BU_MOCK_BALANCE_USD: '12.345678' });
  t.equal(config.initialBalanceUsd, '12.345678');
  const s = await startTestServer(t, { initialBalanceUsd: config.initialBalanceUsd });
  const account = (await s.call<AccountView>('GET', '/billing/account')).json;
  t.equal(account.totalCreditsBalanceUsd, 12.345678);
  t.equal(account.additionalCreditsBalanceUsd, 12.345678);
});

t.test('sessions: the balance goes down by exactly what they cost, running ones included', async (t) => {
  const s = await startTestServer(t);
  const start = await balanceOf(s);
  const a = (await s.call<SessionResponse>('POST', '/sessions', { body: { task: 'Find the best-rated wireless mouse on amazon.com' } })).json;
  const b = (await s.call<SessionResponse>('POST', '/sessions', { body: { task: 'Find flights to Lisbon', model: 'bu-mini', proxyCountryCode: null } })).json;
  let sawRunningCost = false;
  for (let i = 0; i < 60; i++) {
    s.advance(1700);
    const sa = (await s.call<SessionResponse>('GET', `/sessions/${a.id}`)).json;
    const sb = (await s.call<SessionResponse>('GET', `/sessions/${b.id}`)).json;
    const spent = micros(sa.totalCostUsd) + micros(sb.totalCostUsd);
    t.equal(start - (await balanceOf(s)), spent, `after ${(i + 1) * 1.7} s: balance drop = session costs`);
    if (sa.status === 'running' && micros(sa.totalCostUsd) > 0) sawRunningCost = true;
  }
  t.ok(sawRunningCost, 'a running session was already billed for its completed steps');
  const final = (await s.call<SessionResponse>('GET', `/sessions/${a.id}`)).json;
  t.equal(final.status, 'stopped');
  t.ok(micros(final.totalCostUsd) > 0);
});

t.test('browsers: charged at start, refunded exactly on stop; everything adds up with sessions', async (t) => {
  const s = await startTestServer(t);
  const start = await balanceOf(s);
  const b1 = (await s.call<BrowserSessionItemView>('POST', '/browsers', { body: { timeout: 120 } })).json;
  t.equal(start - (await balanceOf(s)), 120_000, '$0.12 for two hours, up front');
  const b2 = (await s.call<BrowserSessionItemView>('POST', '/browsers', { body: { timeout: 7 } })).json;
  const session = (await s.call<SessionResponse>('POST', '/sessions', { body: { task: 'Look up the weather in Oslo' } })).json;
  s.advance(45 * MINUTE + 500);
  const before = await balanceOf(s);
  const stopped = (await s.call<BrowserSessionView>('PATCH', `/browsers/${b1.id}`, { body: { action: 'stop' } })).json;
  t.equal(stopped.browserCost, '0.046', '46 minutes: 45.008 rounded up');
  t.equal((await balanceOf(s)) - before, 120_000 - 46_000, 'the refund is exactly the unused minutes');

  const b2View = (await s.call<BrowserSessionView>('GET', `/browsers/${b2.id}`)).json;
  t.equal(b2View.status, 'stopped', 'timed out after 7 minutes');
  const sessionView = (await s.call<SessionResponse>('GET', `/sessions/${session.id}`)).json;
  const expected = micros(stopped.browserCost) + micros(b2View.browserCost) + micros(sessionView.totalCostUsd);
  t.equal(start - (await balanceOf(s)), expected, 'balance drop = browserCost of each browser + totalCostUsd of each session');
});

t.test('402 when the balance cannot cover new work', async (t) => {
  const s = await startTestServer(t, { initialBalanceUsd: '0.05' });
  const hour = await s.call('POST', '/browsers', { body: {} });
  t.equal(hour.status, 402, 'an hour costs $0.06');
  t.same(hour.json, NO_CREDITS);
  t.equal(await balanceOf(s), 50_000, 'a refusal charges nothing');

  const idle = (await s.call<SessionResponse>('POST', '/sessions', { body: { keepAlive: true } })).json;
  const b = (await s.call<BrowserSessionItemView>('POST', '/browsers', { body: { timeout: 50 } })).json;
  t.equal(await balanceOf(s), 0, 'exactly drained');
  for (const [path, body] of [
    ['/sessions', {}],
    ['/sessions', { task: 'Find a laptop', maxCostUsd: 1 }],
    ['/sessions', { sessionId: idle.id, task: 'Find a laptop' }],
    ['/browsers', { timeout: 1 }],
    ['/profiles', {}],
  ] as const) {
    const res = await s.call('POST', path, { body });
    t.equal(res.status, 402, `POST ${path} ${JSON.stringify(body)}`);
    t.same(res.json, NO_CREDITS);
  }
  const noTask = await s.call('POST', '/sessions', { body: { sessionId: idle.id } });
  t.equal(noTask.status, 422, 'a request that asks for no work is judged on its shape first');

  s.advance(10 * MINUTE);
  await s.call('PATCH', `/browsers/${b.id}`, { body: { action: 'stop' } });
  t.equal(await balanceOf(s), 40_000, '40 unused minutes came back');
  t.equal((await s.call('POST', '/browsers', { body: { timeout: 40 } })).status, 201, 'a browser that fits is allowed');
  t.equal((await s.call('POST', '/browsers', { body: { timeout: 1 } })).status, 402);
});

t.test('the account shows running costs at once; the 402 gate counts them once the task has ended', async (t) => {
  const s = await startTestServer(t, { initialBalanceUsd: '0.05' });
  const run = (await s.call<SessionResponse>('POST', '/sessions', { body: { task: 'Summarise the catalogue [mock:expensive]', maxCostUsd: 1 } })).json;
  let view = run;
  for (let i = 0; i < 200 && micros(view.totalCostUsd) <= 50_000; i++) {
    s.advance(500);
    view = (await s.call<SessionResponse>('GET', `/sessions/${run.id}`)).json;
  }
  t.equal(view.status, 'running');
  const balance = await balanceOf(s);
  t.equal(balance, 50_000 - micros(view.totalCostUsd), 'the account includes the cost so far');
  t.ok(balance < 0, 'and may go below zero when an explicit maxCostUsd allows it');
  t.equal((await s.call('POST', '/sessions', { body: {} })).status, 200, 'still running: not yet counted by the gate');

  s.advance(30 * MINUTE);
  const ended = (await s.call<SessionResponse>('GET', `/sessions/${run.id}`)).json;
  t.equal(ended.status, 'stopped');
  t.equal(await balanceOf(s), 50_000 - micros(ended.totalCostUsd));
  const refused = await s.call('POST', '/sessions', { body: {} });
  t.equal(refused.status, 402);
  t.same(refused.json, NO_CREDITS);
});

t.test('the fields an admin API sets: balance, credited, concurrencyLimit', async (t) => {
  const s = await startTestServer(t);
  const project = s.state.projects.get(DEFAULT_KEY);
  project.balance = 2_500_000;
  project.credited = 250_001;
  project.concurrencyLimit = 7;
  const account = (await s.call<AccountView>('GET', '/billing/account')).json;
  t.equal(account.totalCreditsBalanceUsd, 2.750001);
  t.equal(account.rateLimit, 7, 'rateLimit reports the concurrency limit in force');
  project.balance = 0;
  project.credited = 0;
  t.equal((await s.call<AccountView>('GET', '/billing/account')).json.totalCreditsBalanceUsd, 0);
  t.equal((await s.call('POST', '/sessions', { body: {} })).status, 402);
  project.credited = 1;
  t.equal((await s.call('POST', '/sessions', { body: {} })).status, 200, 'any credit left allows a session');
  const limited = await startTestServer(t, { concurrencyLimit: 4 });
  t.equal((await limited.call<AccountView>('GET', '/billing/account')).json.rateLimit, 4);
});

t.test('official client: billing.account and the 402 paths', async (t) => {
  const s = await startTestServer(t, { initialBalanceUsd: '0.01' });
  const client = new BrowserUse({ apiKey: 'sdk-key', baseUrl: s.apiUrl, maxRetries: 0 });
  const first = await client.billing.account();
  t.equal(first.totalCreditsBalanceUsd, 0.01);
  t.equal(first.planInfo.planName, 'Pay As You Go');
  const browser = await client.browsers.create({ timeout: 10 });
  t.equal((await client.billing.account()).totalCreditsBalanceUsd, 0, '$0.01 for ten minutes');
  for (const attempt of [client.sessions.create({ task: 'Find a laptop' }), client.browsers.create({ timeout: 1 }), client.profiles.create({ name: 'x' })]) {
    const err = await attempt.catch((e: unknown) => e);
    t.ok(err instanceof BrowserUseError);
    t.equal((err as BrowserUseError).statusCode, 402);
    t.equal((err as BrowserUseError).message, 'Insufficient credits');
  }
  s.advance(3 * MINUTE);
  await client.browsers.stop(browser.id);
  const after = await client.billing.account();
  t.equal(after.totalCreditsBalanceUsd, 0.007);
  t.equal(after.additionalCreditsBalanceUsd, 0.007);
  t.equal(after.monthlyCreditsBalanceUsd, 0);
  t.match(await client.sessions.create({}), { status: 'created' });
});
