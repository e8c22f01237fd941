// The memory budget for all keys together, and the per-key cap on standalone browsers.
import t from 'tap';
import type { BrowserSessionListResponse, BrowserSessionView, SessionListResponse, SessionResponse } from '../../src/contract/types.generated.js';
import { startTestServer } from '../helpers/server.js';

t.test('past the cap for all keys the oldest finished session of any key is forgotten', async (t) => {
  const s = await startTestServer(t, { maxStoredSessions: 3 });
  const a = (await s.call<SessionResponse>('POST', '/sessions', { body: { task: 'quick a [mock:quick]' }, key: 'k1' })).json.id;
  s.advance(1_000);
  const b = (await s.call<SessionResponse>('POST', '/sessions', { body: { task: 'quick b [mock:quick]' }, key: 'k2' })).json.id;
  s.advance(60_000);
  await s.call('POST', '/sessions', { body: { keepAlive: true }, key: 'k2' });
  const d = await s.call<SessionResponse>('POST', '/sessions', { body: {}, key: 'k1' });
  t.equal(d.status, 200);
  t.equal((await s.call('GET', `/sessions/${a}`, { key: 'k1' })).status, 404, 'the oldest finished session is gone');
  t.equal((await s.call('GET', `/sessions/${b}`, { key: 'k2' })).status, 200, 'the next one stays');
  const total = (await s.call<SessionListResponse>('GET', '/sessions', { key: 'k1' })).json.total + (await s.call<SessionListResponse>('GET', '/sessions', { key: 'k2' })).json.total;
  t.equal(total, 3);
});

t.test('at the cap for all keys with nothing finished, a new session is refused and nothing is stored', async (t) => {
  const s = await startTestServer(t, { maxStoredSessions: 2 });
  await s.call('POST', '/sessions', { body: {}, key: 'k1' });
  await s.call('POST', '/sessions', { body: {}, key: 'k2' });
  const refused = await s.call<{ detail: string }>('POST', '/sessions', { body: {}, key: 'k1' });
  t.equal(refused.status, 429);
  t.match(refused.json.detail, /BU_MOCK_MAX_STORED_SESSIONS/);
  t.equal((await s.call<SessionListResponse>('GET', '/sessions', { key: 'k1' })).json.total, 1);
});

t.test('standalone browsers: a per-key cap forgets the oldest stopped ones', async (t) => {
  const s = await startTestServer(t, { maxBrowsersPerKey: 2 });
  const first = (await s.call<BrowserSessionView>('POST', '/browsers', { body: { timeout: 1 } })).json.id;
  s.advance(120_000);
  await s.call('POST', '/browsers', { body: { timeout: 1 } });
  s.advance(120_000);
  const third = await s.call<BrowserSessionView>('POST', '/browsers', { body: {} });
  t.equal(third.status, 201);
  const list = (await s.call<BrowserSessionListResponse>('GET', '/browsers')).json;
  t.equal(list.totalItems, 2);
  t.equal((await s.call('GET', `/browsers/${first}`)).status, 404, 'the oldest stopped browser is gone');
});

t.test('standalone browsers: at the cap for all keys with none stopped, a new one is refused', async (t) => {
  const s = await startTestServer(t, { maxStoredBrowsers: 1 });
  t.equal((await s.call('POST', '/browsers', { body: {}, key: 'k1' })).status, 201);
  const refused = await s.call<{ detail: string }>('POST', '/browsers', { body: {}, key: 'k2' });
  t.equal(refused.status, 429);
  t.match(refused.json.detail, /BU_MOCK_MAX_STORED_BROWSERS/);
  t.equal((await s.call<BrowserSessionListResponse>('GET', '/browsers', { key: 'k2' })).json.totalItems, 0);
  t.equal((await s.call<{ totalCreditsBalanceUsd: number }>('GET', '/billing/account', { key: 'k2' })).json.totalCreditsBalanceUsd, 100, 'nothing charged');
});

t.test('profiles: past the cap for all keys a new one is refused with 402', async (t) => {
  const s = await startTestServer(t, { maxStoredProfiles: 1 });
  t.equal((await s.call('POST', '/profiles', { body: {}, key: 'k1' })).status, 201);
  const refused = await s.call<{ detail: string }>('POST', '/profiles', { body: {}, key: 'k2' });
  t.equal(refused.status, 402);
  t.match(refused.json.detail, /BU_MOCK_MAX_STORED_PROFILES/);
});

t.test('workspaces: past the cap for all keys a new one is refused with 400, and nothing is stored', async (t) => {
  const s = await startTestServer(t, { maxStoredWorkspaces: 2 });
  t.equal((await s.call('POST', '/workspaces', { body: { name: 'a' }, key: 'k1' })).status, 201);
  t.equal((await s.call('POST', '/workspaces', { body: { name: 'b' }, key: 'k2' })).status, 201);
  const refused = await s.call<{ detail: string }>('POST', '/workspaces', { body: { name: 'c' }, key: 'k3' });
  t.equal(refused.status, 400);
  t.match(refused.json.detail, /BU_MOCK_MAX_STORED_WORKSPACES/);
  t.equal(s.state.projects.peek('k3')?.workspaces.size ?? 0, 0, 'nothing stored');
  const first = await s.call<{ items: { id: string }[] }>('GET', '/workspaces', { key: 'k1' });
  t.equal((await s.call('DELETE', `/workspaces/${first.json.items[0]?.id ?? ''}`, { key: 'k1' })).status, 204);
  t.equal((await s.call('POST', '/workspaces', { body: { name: 'c' }, key: 'k3' })).status, 201, 'room again once one is deleted');
});
