// GET /_mock/metrics: the process's memory and uptime, as documented in openapi/admin.json.
import t from 'tap';
import { startTestServer } from '../helpers/server.js';
import { admin } from './admin-check.js';

t.test('GET /_mock/metrics reports memory in bytes and the uptime', async (t) => {
  const s = await startTestServer(t);
  const res = await admin<{ rssBytes: number; heapUsedBytes: number; heapTotalBytes: number; uptimeSeconds: number }>(s, 'GET', '/_mock/metrics');
  t.equal(res.status, 200);
  t.ok(res.json.rssBytes > 0 && res.json.heapUsedBytes > 0 && res.json.heapUsedBytes <= res.json.heapTotalBytes);
  t.ok(res.json.uptimeSeconds > 0);
});

t.test('GET /_mock/metrics counts what the emulator holds', async (t) => {
  const s = await startTestServer(t);
  const empty = await admin<{ stored: Record<string, number> }>(s, 'GET', '/_mock/metrics');
  t.same(empty.json.stored, { projects: 0, sessions: 0, browsers: 0, profiles: 0, workspaces: 0, workspaceBytes: 0, journalEntries: 0 });
  t.equal((await s.call('POST', '/sessions', { body: { task: 'Find the weather in Paris' } })).status, 200);
  t.equal((await s.call('POST', '/profiles', { body: { name: 'p' } })).status, 201);
  t.equal((await s.call('POST', '/workspaces', { body: { name: 'w' } })).status, 201);
  const after = await admin<{ stored: Record<string, number>; heapAfterFullGcBytes: number | null }>(s, 'GET', '/_mock/metrics');
  t.match(after.json.stored, { projects: 1, sessions: 1, profiles: 1, workspaces: 1, journalEntries: 3 });
  t.ok(after.json.heapAfterFullGcBytes === null || after.json.heapAfterFullGcBytes > 0, 'the heap after a full collection, once there was one');
});
