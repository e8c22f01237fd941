// v2 profiles, standalone browsers and the billing account: the same records, ledger and limits as v3,
// seen through the v2 views; paging, errors and tenancy as the v2 document declares them.
import t from 'tap';
import type { AccountView, BrowserSessionItemView, BrowserSessionListResponse, BrowserSessionView, ProfileListResponse, ProfileView } from '../../src/contract/types-v2.generated.js';
import type { ProfileView as ProfileViewV3, BrowserSessionView as BrowserSessionViewV3 } from '../../src/contract/types.generated.js';
import { startTestServer } from '../helpers/server.js';

const MINUTE = 60_000;
const micros = (usd: number | string | null | undefined): number => Math.round(Number(usd ?? 0) * 1e6);
const v2 = (path: string): string => `/api/v2${path}`;
const v3 = (path: string): string => `/api/v3${path}`;

t.test('a profile made through one version is the same object through the other', async (t) => {
  const s = await startTestServer(t);
  const made = await s.call<ProfileView>('POST', v2('/profiles'), { body: { name: 'alice' } });
  t.equal(made.status, 201);
  t.same(Object.keys(made.json).sort(), ['cookieDomains', 'createdAt', 'id', 'lastUsedAt', 'name', 'updatedAt'], 'v2 fields only: no userId');
  t.same({ name: made.json.name, lastUsedAt: made.json.lastUsedAt, cookieDomains: made.json.cookieDomains }, { name: 'alice', lastUsedAt: null, cookieDomains: [] });

  const seenV3 = await s.call<ProfileViewV3>('GET', v3(`/profiles/${made.json.id}`));
  t.equal(seenV3.status, 200);
  t.equal(seenV3.json.name, 'alice');
  t.equal(seenV3.json.userId, null);
  t.equal(seenV3.json.createdAt, made.json.createdAt);

  const fromV3 = await s.call<ProfileViewV3>('POST', v3('/profiles'), { body: { name: 'bob', userId: 'user-7' } });
  const seenV2 = await s.call<ProfileView>('GET', v2(`/profiles/${fromV3.json.id}`));
  t.equal(seenV2.status, 200);
  t.equal(seenV2.json.name, 'bob');
  t.notOk('userId' in seenV2.json, 'v2 does not show userId');

  // A v2 rename keeps the userId only v3 knows; a userId sent to v2 is an unknown field and ignored.
  s.advance(1000);
  const renamed = await s.call<ProfileView>('PATCH', v2(`/profiles/${fromV3.json.id}`), { body: { name: 'robert', userId: 'changed' } });
  t.equal(renamed.status, 200);
  t.equal(renamed.json.name, 'robert');
  t.not(renamed.json.updatedAt, renamed.json.createdAt, 'updatedAt moved');
  const afterRename = await s.call<ProfileViewV3>('GET', v3(`/profiles/${fromV3.json.id}`));
  t.same([afterRename.json.name, afterRename.json.userId], ['robert', 'user-7']);
  const created = await s.call<ProfileView>('POST', v2('/profiles'), { body: { name: 'carol', userId: 'ignored' } });
  t.equal((await s.call<ProfileViewV3>('GET', v3(`/profiles/${created.json.id}`))).json.userId, null);

  const unchanged = await s.call<ProfileView>('PATCH', v2(`/profiles/${fromV3.json.id}`), { body: {} });
  t.equal(unchanged.json.updatedAt, renamed.json.updatedAt, '{} changes nothing');
  const cleared = await s.call<ProfileView>('PATCH', v2(`/profiles/${fromV3.json.id}`), { body: { name: null } });
  t.equal(cleared.json.name, null);

  // No body at all is accepted by POST /profiles (its body is optional).
  const bare = await s.call<ProfileView>('POST', v2('/profiles'));
  t.equal(bare.status, 201);
  t.equal(bare.json.name, null);

  t.equal((await s.call('DELETE', v2(`/profiles/${made.json.id}`))).status, 204);
  t.equal((await s.call('GET', v3(`/profiles/${made.json.id}`))).status, 404, 'deleted through v2, gone in v3');
  t.equal((await s.call('DELETE', v3(`/profiles/${fromV3.json.id}`))).status, 204);
  const gone = await s.call('GET', v2(`/profiles/${fromV3.json.id}`));
  t.same([gone.status, gone.json], [404, { detail: 'Profile not found' }]);
});

t.test('profile paging: pageSize and pageNumber, newest first, no query parameter', async (t) => {
  const s = await startTestServer(t);
  const ids: string[] = [];
  for (let i = 0; i < 5; i++) ids.push((await s.call<ProfileView>('POST', v2('/profiles'), { body: { name: `p${i}` } })).json.id);
  const page = await s.call<ProfileListResponse>('GET', v2('/profiles?pageSize=2&pageNumber=2'));
  t.equal(page.status, 200);
  t.same(page.json.items.map((p) => p.id), [ids[2], ids[1]]);
  t.same([page.json.totalItems, page.json.pageNumber, page.json.pageSize], [5, 2, 2]);
  const defaults = await s.call<ProfileListResponse>('GET', v2('/profiles'));
  t.same([defaults.json.pageNumber, defaults.json.pageSize, defaults.json.items.length], [1, 10, 5]);
  const past = await s.call<ProfileListResponse>('GET', v2('/profiles?pageNumber=9'));
  t.same([past.json.items, past.json.totalItems], [[], 5]);
  const query = await s.call<ProfileListResponse>('GET', v2('/profiles?query=p1'));
  t.equal(query.json.totalItems, 5, 'query is not a v2 parameter: ignored');
  const bad = await s.call<{ detail: { loc: unknown[]; type: string }[] }>('GET', v2('/profiles?pageSize=101&pageNumber=0'));
  t.equal(bad.status, 422);
  t.same(bad.json.detail.map((d) => [d.loc, d.type]), [[['query', 'pageSize'], 'less_than_equal'], [['query', 'pageNumber'], 'greater_than_equal']]);
});

t.test('profile errors and tenancy', async (t) => {
  const s = await startTestServer(t);
  const mine = await s.call<ProfileView>('POST', v2('/profiles'), { body: { name: 'mine' } });
  for (const [method, body] of [['GET', undefined], ['PATCH', { name: 'x' }], ['DELETE', undefined]] as const) {
    const other = await s.call(method, v2(`/profiles/${mine.json.id}`), { key: 'someone-else', ...(body ? { body } : {}) });
    t.same([other.status, other.json], [404, { detail: 'Profile not found' }], `${method} of another key's profile`);
  }
  t.equal((await s.call<ProfileListResponse>('GET', v2('/profiles'), { key: 'someone-else' })).json.totalItems, 0);
  const badId = await s.call<{ detail: { type: string }[] }>('GET', v2('/profiles/not-a-uuid'));
  t.same([badId.status, badId.json.detail[0]?.type], [422, 'uuid_parsing']);
  const long = await s.call<{ detail: { type: string }[] }>('POST', v2('/profiles'), { body: { name: 'x'.repeat(101) } });
  t.same([long.status, long.json.detail[0]?.type], [422, 'string_too_long']);
  t.equal((await s.call('GET', v2('/profiles'), { key: null })).status, 401);

  // The key's profile limit is shared: profiles made through either version count.
  s.state.projects.get('test-key').profileLimit = 2;
  await s.call('POST', v3('/profiles'), { body: {} });
  const refused = await s.call<{ detail: string }>('POST', v2('/profiles'), { body: {} });
  t.equal(refused.status, 402);
  t.match(refused.json.detail, /at most 2 profiles/);
});

t.test('browsers: one record, two views, one ledger', async (t) => {
  const s = await startTestServer(t);
  const before = micros((await s.call<AccountView>('GET', v2('/billing/account'))).json.totalCreditsBalanceUsd);
  const made = await s.call<BrowserSessionItemView>('POST', v2('/browsers'), { body: { timeout: 30 } });
  t.equal(made.status, 201);
  t.same(Object.keys(made.json).sort(), ['browserCost', 'cdpUrl', 'finishedAt', 'id', 'liveUrl', 'proxyCost', 'proxyUsedMb', 'startedAt', 'status', 'timeoutAt']);
  t.same([made.json.status, made.json.browserCost, made.json.finishedAt], ['active', '0.03', null]);
  const afterStart = micros((await s.call<AccountView>('GET', v3('/billing/account'))).json.totalCreditsBalanceUsd);
  t.equal(before - afterStart, 30_000, 'the whole timeout is charged, seen from v3');

  const seenV3 = await s.call<BrowserSessionViewV3>('GET', v3(`/browsers/${made.json.id}`));
  t.same([seenV3.json.liveUrl, seenV3.json.cdpUrl, seenV3.json.timeoutAt], [made.json.liveUrl, made.json.cdpUrl, made.json.timeoutAt], 'the same URLs and times');

  s.advance(5 * MINUTE + 1);
  const stopped = await s.call<BrowserSessionView>('PATCH', v3(`/browsers/${made.json.id}`), { body: { action: 'stop' } });
  t.equal(stopped.json.browserCost, '0.006');
  const seenV2 = await s.call<BrowserSessionView>('GET', v2(`/browsers/${made.json.id}`));
  t.same([seenV2.json.status, seenV2.json.browserCost, seenV2.json.finishedAt], ['stopped', '0.006', stopped.json.finishedAt], 'stopped through v3, stopped in v2');
  t.type(seenV2.json.cdpUrl, 'string', 'cdpUrl stays set after a stop, as in v3');
  const again = await s.call<BrowserSessionView>('PATCH', v2(`/browsers/${made.json.id}`), { body: { action: 'stop' } });
  t.same([again.status, again.json.browserCost], [200, '0.006'], 'stopping twice changes nothing');
  const afterStop = micros((await s.call<AccountView>('GET', v2('/billing/account'))).json.totalCreditsBalanceUsd);
  t.equal(before - afterStop, 6_000, '6 minutes billed, the rest refunded');

  // A browser made through v3 is listed by v2, and v2's filter uses the status at the time of the request.
  const other = await s.call<BrowserSessionViewV3>('POST', v3('/browsers'), { body: { enableRecording: true } });
  const all = await s.call<BrowserSessionListResponse>('GET', v2('/browsers'));
  t.same(all.json.items.map((b) => b.id), [other.json.id, made.json.id]);
  t.notOk('recordingUrl' in (all.json.items[0] ?? {}), 'v2 views carry no recording');
  const active = await s.call<BrowserSessionListResponse>('GET', v2('/browsers?filterBy=active&pageSize=1'));
  t.same([active.json.items.map((b) => b.id), active.json.totalItems, active.json.pageSize], [[other.json.id], 1, 1]);
  const stoppedOnes = await s.call<BrowserSessionListResponse>('GET', v2('/browsers?filterBy=stopped'));
  t.same(stoppedOnes.json.items.map((b) => b.id), [made.json.id]);
  const badFilter = await s.call<{ detail: { type: string }[] }>('GET', v2('/browsers?filterBy=running'));
  t.same([badFilter.status, badFilter.json.detail[0]?.type], [422, 'enum']);
});

t.test('browser refusals in v2: 403, 404, 402, 429 and tenancy', async (t) => {
  const s = await startTestServer(t, { concurrencyLimit: 2 });
  const tooLong = await s.call('POST', v2('/browsers'), { body: { timeout: 241 } });
  t.same([tooLong.status, tooLong.json], [403, { detail: 'Maximum session timeout is 4 hours (240 minutes).' }]);
  const zero = await s.call<{ detail: { type: string }[] }>('POST', v2('/browsers'), { body: { timeout: 0 } });
  t.same([zero.status, zero.json.detail[0]?.type], [422, 'greater_than_equal']);
  const noProfile = await s.call('POST', v2('/browsers'), { body: { profileId: '00000000-0000-4000-8000-000000000000' } });
  t.same([noProfile.status, noProfile.json], [404, { detail: 'Profile not found' }]);

  // A profile used by a v2 browser is marked used, seen from v3.
  const profile = await s.call<ProfileView>('POST', v2('/profiles'), { body: {} });
  s.advance(1000);
  const withProfile = await s.call<BrowserSessionItemView>('POST', v2('/browsers'), { body: { profileId: profile.json.id } });
  t.equal(withProfile.status, 201);
  t.equal((await s.call<ProfileViewV3>('GET', v3(`/profiles/${profile.json.id}`))).json.lastUsedAt, withProfile.json.startedAt);

  // The concurrency limit counts browsers and agent sessions of both versions.
  await s.call('POST', v3('/sessions'), { body: {} });
  const busy = await s.call('POST', v2('/browsers'), { body: {} });
  t.same([busy.status, busy.json], [429, { detail: 'Too many concurrent active sessions. Please wait for one to finish, kill one, or upgrade your plan.' }]);
  const busyV3 = await s.call('POST', v3('/browsers'), { body: {} });
  t.equal(busyV3.status, 429);

  // Money: the same settled balance decides; v2 says it in the words of its InsufficientCreditsError.
  await s.call('PUT', '/_mock/keys/poor/balance', { key: null, body: { usd: '0.01' } });
  const poor = await s.call('POST', v2('/browsers'), { key: 'poor', body: { timeout: 60 } });
  t.same([poor.status, poor.json], [402, { detail: 'You have insufficient credits' }]);
  t.equal((await s.call('POST', v2('/browsers'), { key: 'poor', body: { timeout: 10 } })).status, 201, '10 minutes fit in $0.01');
  await s.call('PUT', '/_mock/keys/broke/balance', { key: null, body: { usd: '0' } });
  const broke = await s.call('POST', v2('/profiles'), { key: 'broke', body: {} });
  t.same([broke.status, broke.json], [402, { detail: 'You have insufficient credits' }]);
  t.same((await s.call('POST', v3('/profiles'), { key: 'broke', body: {} })).json, { detail: 'Insufficient credits' }, 'v3 keeps its own words');

  for (const [method, path, body] of [
    ['GET', `/browsers/${withProfile.json.id}`, undefined],
    ['PATCH', `/browsers/${withProfile.json.id}`, { action: 'stop' }],
  ] as const) {
    const other = await s.call(method, v2(path), { key: 'someone-else', ...(body ? { body } : {}) });
    t.same([other.status, other.json], [404, { detail: 'Session not found' }], `${method} of another key's browser`);
  }
  const badAction = await s.call<{ detail: { type: string }[] }>('PATCH', v2(`/browsers/${withProfile.json.id}`), { body: { action: 'pause' } });
  t.same([badAction.status, badAction.json.detail[0]?.type], [422, 'enum']);
  t.equal((await s.call<BrowserSessionListResponse>('GET', v2('/browsers'), { key: 'someone-else' })).json.totalItems, 0);
});

t.test('billing account: the v3 account in v2, one balance', async (t) => {
  const s = await startTestServer(t);
  const a2 = await s.call<AccountView>('GET', v2('/billing/account'));
  const a3 = await s.call<AccountView>('GET', v3('/billing/account'));
  t.equal(a2.status, 200);
  t.same(a2.json, a3.json, 'the same account, field for field');
  t.same(a2.json.planInfo, { planName: 'Pay As You Go', subscriptionStatus: null, subscriptionId: null, subscriptionCurrentPeriodEnd: null, subscriptionCanceledAt: null });
  t.equal(a2.json.rateLimit, 100);
  await s.call('POST', v2('/browsers'), { body: { timeout: 100 } });
  await s.call('POST', v3('/browsers'), { body: { timeout: 100 } });
  t.equal((await s.call<AccountView>('GET', v2('/billing/account'))).json.totalCreditsBalanceUsd, 99.8, 'both charges off one balance');
  t.equal((await s.call('GET', v2('/billing/account'), { key: null })).status, 401);
});
