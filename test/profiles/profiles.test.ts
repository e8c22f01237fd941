// Profiles CRUD over plain HTTP and the official client: paging, search, limits, tenancy, error shapes.
import t from 'tap';
import { BrowserUse, BrowserUseError } from 'browser-use-sdk/v3';
import type { ProfileListParams } from 'browser-use-sdk/v3';
import type { ProfileListResponse, ProfileView } from '../../src/contract/types.generated.js';
import { startTestServer } from '../helpers/server.js';

const NOT_FOUND = { detail: 'Profile not found' };

t.test('create, read, update, delete over HTTP', async (t) => {
  const s = await startTestServer(t);
  const empty = await s.call<ProfileView>('POST', '/profiles');
  t.equal(empty.status, 201, 'no body at all is accepted');
  t.same(empty.json, {
    id: empty.json.id,
    userId: null,
    name: null,
    lastUsedAt: null,
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    cookieDomains: [],
  });

  s.advance(1500);
  const created = await s.call<ProfileView>('POST', '/profiles', { body: { name: 'Alice at work', userId: 'user-42' } });
  t.equal(created.status, 201);
  t.equal(created.json.name, 'Alice at work');
  t.equal(created.json.userId, 'user-42');
  t.equal(created.json.createdAt, '2026-01-01T00:00:01.500000Z');
  t.not(created.json.id, empty.json.id);

  const got = await s.call<ProfileView>('GET', `/profiles/${created.json.id}`);
  t.same(got.json, created.json);
  const upper = await s.call<ProfileView>('GET', `/profiles/${created.json.id.toUpperCase().replace(/-/g, '')}`);
  t.same(upper.json, created.json, 'any UUID spelling names the same profile');

  s.advance(1000);
  const renamed = await s.call<ProfileView>('PATCH', `/profiles/${created.json.id}`, { body: { name: 'Alice' } });
  t.equal(renamed.status, 200);
  t.equal(renamed.json.name, 'Alice');
  t.equal(renamed.json.userId, 'user-42', 'a field absent from the body stays');
  t.equal(renamed.json.updatedAt, '2026-01-01T00:00:02.500000Z');
  t.equal(renamed.json.createdAt, created.json.createdAt);

  s.advance(1000);
  const untouched = await s.call<ProfileView>('PATCH', `/profiles/${created.json.id}`, { body: {} });
  t.same(untouched.json, renamed.json, 'an empty PATCH changes nothing, not even updatedAt');

  const cleared = await s.call<ProfileView>('PATCH', `/profiles/${created.json.id}`, { body: { userId: null } });
  t.equal(cleared.json.userId, null, 'null clears a field');
  t.equal(cleared.json.name, 'Alice');
  t.equal(cleared.json.updatedAt, '2026-01-01T00:00:03.500000Z');

  const deleted = await s.call('DELETE', `/profiles/${created.json.id}`);
  t.equal(deleted.status, 204);
  t.equal(deleted.text, '');
  for (const [method, body] of [['GET', undefined], ['PATCH', { name: 'x' }], ['DELETE', undefined]] as const) {
    const gone = await s.call(method, `/profiles/${created.json.id}`, { body });
    t.equal(gone.status, 404, `${method} after delete`);
    t.same(gone.json, NOT_FOUND);
  }
  const list = await s.call<ProfileListResponse>('GET', '/profiles');
  t.same(
    list.json.items.map((p) => p.id),
    [empty.json.id],
    'a deleted profile leaves the list',
  );
  t.equal(list.json.totalItems, 1);
});

t.test('list: newest first, pages, and a case-insensitive search of name and userId', async (t) => {
  const s = await startTestServer(t);
  const specs = [
    { name: 'Shopping', userId: 'ACME-001' },
    { name: 'Work mail', userId: 'acme-002' },
    { name: null, userId: 'globex-7' },
    { name: 'Personal', userId: null },
    { name: 'acme staging', userId: 'ops' },
  ];
  const ids: string[] = [];
  for (const body of specs) {
    ids.push((await s.call<ProfileView>('POST', '/profiles', { body })).json.id);
    s.advance(10);
  }
  const all = await s.call<ProfileListResponse>('GET', '/profiles');
  t.same(all.json.items.map((p) => p.id), [...ids].reverse(), 'newest first');
  t.same({ totalItems: all.json.totalItems, pageNumber: all.json.pageNumber, pageSize: all.json.pageSize }, { totalItems: 5, pageNumber: 1, pageSize: 10 });

  const page2 = await s.call<ProfileListResponse>('GET', '/profiles?pageSize=2&pageNumber=2');
  t.same(page2.json.items.map((p) => p.id), [ids[2], ids[1]]);
  t.same({ totalItems: page2.json.totalItems, pageNumber: page2.json.pageNumber, pageSize: page2.json.pageSize }, { totalItems: 5, pageNumber: 2, pageSize: 2 });
  const past = await s.call<ProfileListResponse>('GET', '/profiles?pageSize=2&pageNumber=9');
  t.same(past.json.items, []);
  t.equal(past.json.totalItems, 5);

  const acme = await s.call<ProfileListResponse>('GET', '/profiles?query=AcMe');
  t.same(acme.json.items.map((p) => p.id), [ids[4], ids[1], ids[0]], 'matches in name or userId, any case');
  t.equal(acme.json.totalItems, 3);
  const byUser = await s.call<ProfileListResponse>('GET', `/profiles?query=${encodeURIComponent('globex-7')}`);
  t.same(byUser.json.items.map((p) => p.id), [ids[2]]);
  const none = await s.call<ProfileListResponse>('GET', '/profiles?query=initech');
  t.same(none.json, { items: [], totalItems: 0, pageNumber: 1, pageSize: 10 });
  const paged = await s.call<ProfileListResponse>('GET', '/profiles?query=acme&pageSize=1&pageNumber=2');
  t.same(paged.json.items.map((p) => p.id), [ids[1]]);
  t.equal(paged.json.totalItems, 3);

  const tooBig = await s.call<{ detail: { type: string; loc: string[] }[] }>('GET', '/profiles?pageSize=101');
  t.equal(tooBig.status, 422);
  t.same(tooBig.json.detail.map((d) => [d.type, d.loc]), [['less_than_equal', ['query', 'pageSize']]]);
  const longQuery = await s.call<{ detail: { type: string; loc: string[] }[] }>('GET', `/profiles?query=${'q'.repeat(201)}`);
  t.equal(longQuery.status, 422);
  t.same(longQuery.json.detail.map((d) => [d.type, d.loc]), [['string_too_long', ['query', 'query']]]);
});

t.test('each key sees only its own profiles', async (t) => {
  const s = await startTestServer(t);
  const mine = await s.call<ProfileView>('POST', '/profiles', { body: { name: 'mine' } });
  const other = await s.call('GET', `/profiles/${mine.json.id}`, { key: 'other-key' });
  t.equal(other.status, 404);
  t.same(other.json, NOT_FOUND);
  t.equal((await s.call('DELETE', `/profiles/${mine.json.id}`, { key: 'other-key' })).status, 404);
  t.equal((await s.call<ProfileListResponse>('GET', '/profiles', { key: 'other-key' })).json.totalItems, 0);
  t.equal((await s.call('GET', `/profiles/${mine.json.id}`)).status, 200, 'still there for its owner');
});

t.test('402 past the profile limit (global and per key) and with no balance left', async (t) => {
  const s = await startTestServer(t, { profileLimit: 2 });
  const a = await s.call<ProfileView>('POST', '/profiles', { body: { name: 'a' } });
  await s.call('POST', '/profiles', { body: { name: 'b' } });
  const third = await s.call('POST', '/profiles', { body: { name: 'c' } });
  t.equal(third.status, 402);
  t.same(third.json, { detail: 'This plan holds at most 2 profiles: delete one or raise the limit to add more.' });
  t.equal((await s.call<ProfileListResponse>('GET', '/profiles')).json.totalItems, 2, 'nothing was created');

  await s.call('DELETE', `/profiles/${a.json.id}`);
  t.equal((await s.call('POST', '/profiles', { body: { name: 'c' } })).status, 201, 'deleting one makes room');

  const project = s.state.projects.get('per-key');
  project.profileLimit = 0;
  const refused = await s.call('POST', '/profiles', { key: 'per-key' });
  t.equal(refused.status, 402, 'a per-key limit overrides the global one');
  project.profileLimit = 5;
  t.equal((await s.call('POST', '/profiles', { key: 'per-key' })).status, 201);

  const broke = await startTestServer(t, { initialBalanceUsd: '0' });
  const noCredit = await broke.call('POST', '/profiles', { body: { name: 'x' } });
  t.equal(noCredit.status, 402);
  t.same(noCredit.json, { detail: 'Insufficient credits' });
  t.equal((await broke.call<ProfileListResponse>('GET', '/profiles')).json.totalItems, 0);
});

t.test('422 bodies are {"detail": [issues]}, not the bare ValidationError the reference declares', async (t) => {
  const s = await startTestServer(t);
  const long = 'x'.repeat(101);
  const res = await s.call('POST', '/profiles', { body: { name: long, userId: 7 } });
  t.equal(res.status, 422);
  t.same(res.json, {
    detail: [
      { type: 'string_too_long', loc: ['body', 'name'], msg: 'String should have at most 100 characters', input: long, ctx: { max_length: 100 } },
      { type: 'string_type', loc: ['body', 'userId'], msg: 'Input should be a valid string', input: 7 },
    ],
  });
  const patch = await s.call('PATCH', '/profiles/00000000-0000-4000-8000-000000000000', { body: { name: long } });
  t.equal(patch.status, 422, 'validation comes before the lookup');
});

t.test('official client: profiles resource end to end', async (t) => {
  const s = await startTestServer(t, { profileLimit: 3 });
  const client = new BrowserUse({ apiKey: 'sdk-key', baseUrl: s.apiUrl, maxRetries: 0 });
  const p1 = await client.profiles.create({ name: 'Checkout bot', userId: 'cust-9' });
  t.match(p1, { name: 'Checkout bot', userId: 'cust-9', lastUsedAt: null, cookieDomains: [] });
  const p2 = await client.profiles.create();
  t.equal(p2.name, null);

  const found = await client.profiles.list({ query: 'CUST' });
  t.same(found.items.map((p) => p.id), [p1.id]);
  t.equal(found.totalItems, 1);
  const all = await client.profiles.list();
  t.same(all.items.map((p) => p.id), [p2.id, p1.id]);

  // The client's typed paging names are `page`/`page_size`; the operation's are `pageNumber`/`pageSize`,
  // so the former are ignored as unknown query parameters and the latter work when passed through.
  const ignored = await client.profiles.list({ page: 2, page_size: 1 });
  t.same({ pageNumber: ignored.pageNumber, pageSize: ignored.pageSize, n: ignored.items.length }, { pageNumber: 1, pageSize: 10, n: 2 });
  const paging = { pageNumber: 2, pageSize: 1 } as unknown as ProfileListParams;
  const second = await client.profiles.list(paging);
  t.same(second.items.map((p) => p.id), [p1.id]);

  s.advance(5000);
  const updated = await client.profiles.update(p1.id, { name: 'Checkout' });
  t.equal(updated.name, 'Checkout');
  t.equal(updated.userId, 'cust-9');
  t.equal(updated.updatedAt, '2026-01-01T00:00:05Z');
  t.same(await client.profiles.get(p1.id), updated);

  t.equal(await client.profiles.delete(p2.id), undefined);
  const err = await client.profiles.get(p2.id).catch((e: unknown) => e);
  t.ok(err instanceof BrowserUseError);
  t.equal((err as BrowserUseError).statusCode, 404);
  t.equal((err as BrowserUseError).message, 'Profile not found');

  await client.profiles.create({ name: 'two' });
  await client.profiles.create({ name: 'three' });
  const full = await client.profiles.create({ name: 'four' }).catch((e: unknown) => e);
  t.equal((full as BrowserUseError).statusCode, 402);
});
