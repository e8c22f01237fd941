// Workspace CRUD and listing over plain HTTP: paging, order, nullable names, per-key isolation, limits.
import t from 'tap';
import type { WorkspaceListResponse, WorkspaceView } from '../../src/contract/types.generated.js';
import { startTestServer } from '../helpers/server.js';

t.test('create, get, update, delete', async (t) => {
  const s = await startTestServer(t);
  const unnamed = await s.call<WorkspaceView>('POST', '/workspaces', { body: {} });
  t.equal(unnamed.status, 201);
  t.equal(unnamed.json.name, null, 'name is optional and null by default');
  t.equal(unnamed.json.createdAt, '2026-01-01T00:00:00Z');
  t.equal(unnamed.json.updatedAt, unnamed.json.createdAt);

  const noBody = await s.call<WorkspaceView>('POST', '/workspaces');
  t.equal(noBody.status, 201, 'the body is optional');
  t.equal(noBody.json.name, null);

  s.advance(1500);
  const named = await s.call<WorkspaceView>('POST', '/workspaces', { body: { name: 'Reports' } });
  t.equal(named.status, 201);
  t.equal(named.json.name, 'Reports');
  t.equal(named.json.createdAt, '2026-01-01T00:00:01.500000Z');

  const got = await s.call<WorkspaceView>('GET', `/workspaces/${named.json.id}`);
  t.equal(got.status, 200);
  t.same(got.json, named.json);
  const upper = await s.call<WorkspaceView>('GET', `/workspaces/${named.json.id.toUpperCase().replace(/-/g, '')}`);
  t.equal(upper.status, 200, 'ids are parsed like pydantic UUIDs');

  s.advance(1000);
  const renamed = await s.call<WorkspaceView>('PATCH', `/workspaces/${named.json.id}`, { body: { name: 'Q3 reports' } });
  t.equal(renamed.status, 200);
  t.equal(renamed.json.name, 'Q3 reports');
  t.equal(renamed.json.createdAt, named.json.createdAt);
  t.equal(renamed.json.updatedAt, '2026-01-01T00:00:02.500000Z');

  s.advance(1000);
  const untouched = await s.call<WorkspaceView>('PATCH', `/workspaces/${named.json.id}`, { body: {} });
  t.equal(untouched.json.name, 'Q3 reports', 'an absent name changes nothing');
  t.equal(untouched.json.updatedAt, renamed.json.updatedAt);

  const cleared = await s.call<WorkspaceView>('PATCH', `/workspaces/${named.json.id}`, { body: { name: null } });
  t.equal(cleared.json.name, null, 'null clears the name');
  t.equal(cleared.json.updatedAt, '2026-01-01T00:00:03.500000Z');

  const tooLong = await s.call('PATCH', `/workspaces/${named.json.id}`, { body: { name: 'x'.repeat(101) } });
  t.equal(tooLong.status, 422);

  const deleted = await s.call('DELETE', `/workspaces/${named.json.id}`);
  t.equal(deleted.status, 204);
  t.equal(deleted.text, '');
  for (const [method, path] of [
    ['GET', ''],
    ['PATCH', ''],
    ['DELETE', ''],
    ['GET', '/files'],
    ['GET', '/size'],
    ['DELETE', '/files?path=a.txt'],
  ] as const) {
    const r = await s.call(method, `/workspaces/${named.json.id}${path}`, method === 'PATCH' ? { body: { name: 'x' } } : {});
    t.equal(r.status, 404, `${method} ${path} after delete`);
    t.same(r.json, { detail: 'Workspace not found' });
  }
  const upload = await s.call('POST', `/workspaces/${named.json.id}/files/upload`, { body: { files: [{ name: 'a.txt', size: 1 }] } });
  t.same([upload.status, upload.json], [404, { detail: 'Workspace not found' }]);
});

t.test('list: newest first, paging, totalItems', async (t) => {
  const s = await startTestServer(t);
  const ids: string[] = [];
  for (let i = 0; i < 7; i++) {
    const r = await s.call<WorkspaceView>('POST', '/workspaces', { body: { name: `ws ${i}` } });
    ids.push(r.json.id);
    s.advance(10);
  }
  const first = await s.call<WorkspaceListResponse>('GET', '/workspaces');
  t.equal(first.status, 200);
  t.equal(first.json.totalItems, 7);
  t.equal(first.json.pageNumber, 1);
  t.equal(first.json.pageSize, 10, 'default page size');
  t.same(
    first.json.items.map((w) => w.id),
    [...ids].reverse(),
    'newest first',
  );

  const page2 = await s.call<WorkspaceListResponse>('GET', '/workspaces?pageSize=3&pageNumber=2');
  t.same(
    page2.json.items.map((w) => w.name),
    ['ws 3', 'ws 2', 'ws 1'],
  );
  t.equal(page2.json.pageSize, 3);
  t.equal(page2.json.pageNumber, 2);
  const page3 = await s.call<WorkspaceListResponse>('GET', '/workspaces?pageSize=3&pageNumber=3');
  t.same(
    page3.json.items.map((w) => w.name),
    ['ws 0'],
  );
  const past = await s.call<WorkspaceListResponse>('GET', '/workspaces?pageSize=3&pageNumber=9');
  t.same(past.json.items, [], 'a page past the end is empty');
  t.equal(past.json.totalItems, 7);

  await s.call('DELETE', `/workspaces/${ids[6]}`);
  const after = await s.call<WorkspaceListResponse>('GET', '/workspaces?pageSize=1');
  t.equal(after.json.totalItems, 6, 'deleted workspaces leave the list');
  t.equal(after.json.items[0]?.id, ids[5]);

  for (const bad of ['pageSize=0', 'pageSize=101', 'pageNumber=0', 'pageSize=x']) {
    const r = await s.call('GET', `/workspaces?${bad}`);
    t.equal(r.status, 422, bad);
  }
});

t.test('each key sees only its own workspaces', async (t) => {
  const s = await startTestServer(t);
  const mine = await s.call<WorkspaceView>('POST', '/workspaces', { body: { name: 'mine' } });
  const theirs = await s.call<WorkspaceListResponse>('GET', '/workspaces', { key: 'other-key' });
  t.equal(theirs.json.totalItems, 0);
  for (const [method, path, body] of [
    ['GET', '', undefined],
    ['PATCH', '', { name: 'stolen' }],
    ['DELETE', '', undefined],
    ['GET', '/files', undefined],
    ['GET', '/size', undefined],
    ['DELETE', '/files?path=a.txt', undefined],
    ['POST', '/files/upload', { files: [{ name: 'a.txt', size: 1 }] }],
  ] as const) {
    const r = await s.call(method, `/workspaces/${mine.json.id}${path}`, { key: 'other-key', body });
    t.equal(r.status, 404, `${method} ${path} with another key`);
    t.same(r.json, { detail: 'Workspace not found' });
  }
  const still = await s.call<WorkspaceView>('GET', `/workspaces/${mine.json.id}`);
  t.equal(still.json.name, 'mine', 'untouched by the other key');
  const noKey = await s.call('GET', '/workspaces', { key: null });
  t.equal(noKey.status, 401);
});

t.test('workspace limit per key: 400', async (t) => {
  const s = await startTestServer(t, { maxWorkspacesPerKey: 2 });
  t.equal((await s.call('POST', '/workspaces', { body: {} })).status, 201);
  const second = await s.call<WorkspaceView>('POST', '/workspaces', { body: {} });
  t.equal(second.status, 201);
  const third = await s.call<{ detail: string }>('POST', '/workspaces', { body: {} });
  t.equal(third.status, 400);
  t.match(third.json.detail, /Workspace limit reached/);
  t.equal((await s.call('POST', '/workspaces', { body: {}, key: 'k2' })).status, 201, 'the limit is per key');
  await s.call('DELETE', `/workspaces/${second.json.id}`);
  t.equal((await s.call('POST', '/workspaces', { body: {} })).status, 201, 'deleting frees a slot');
});

t.test('ids are deterministic per seed and key', async (t) => {
  const a = await startTestServer(t);
  const b = await startTestServer(t);
  const x = await a.call<WorkspaceView>('POST', '/workspaces', { body: {} });
  const y = await b.call<WorkspaceView>('POST', '/workspaces', { body: {} });
  t.equal(x.json.id, y.json.id);
  const z = await b.call<WorkspaceView>('POST', '/workspaces', { body: {}, key: 'k2' });
  t.not(z.json.id, y.json.id);
});
