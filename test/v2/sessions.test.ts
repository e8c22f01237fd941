// v2 sessions: create, list, get with their tasks, stop, delete, keepAlive follow-ups, public shares,
// the live view, errors and tenancy.
import t from 'tap';
import type { SessionItemView, SessionListResponse, SessionView, ShareView, TaskCreatedResponse, TaskStatusView } from '../../src/contract/types-v2.generated.js';
import { startTestServer } from '../helpers/server.js';
import { checkAdmin } from '../admin/admin-check.js';

const v2 = (path: string): string => `/api/v2${path}`;
const UNKNOWN = '00000000-0000-4000-8000-000000000000';

t.test('create: 201 with the defaults, active until stopped; keepAlive sessions take follow-ups', async (t) => {
  const s = await startTestServer(t);
  const created = await s.call<SessionItemView>('POST', v2('/sessions'));
  t.equal(created.status, 201, 'the body is optional');
  t.match(created.json, { status: 'active', persistMemory: true, keepAlive: true, finishedAt: null, proxyUsedMb: '0', proxyCost: '0', liveUrl: /\/live\/.+\?token=/ });
  const live = await fetch(created.json.liveUrl ?? '');
  t.equal(live.status, 200, 'the live view serves v2 sessions');
  const id = created.json.id;
  for (const task of ['[mock:quick] Check the weather in Paris', '[mock:quick] Check the weather in Rome']) {
    const run = await s.call<TaskCreatedResponse>('POST', v2('/tasks'), { body: { task, sessionId: id } });
    t.equal(run.status, 202);
    s.advance(5000);
    const status = await s.call<TaskStatusView>('GET', v2(`/tasks/${run.json.id}/status`));
    t.equal(status.json.status, 'finished');
  }
  const view = await s.call<SessionView>('GET', v2(`/sessions/${id}`));
  t.equal(view.json.status, 'active', 'keepAlive: idle between tasks is active');
  t.equal(view.json.tasks.length, 2);
  t.ok(Number(view.json.proxyUsedMb) > 0, 'proxy traffic of both tasks (us proxy by default)');
  t.ok(Number(view.json.proxyCost) > 0);
  t.equal(view.json.publicShareUrl, null);
  s.advance(15 * 60_000);
  const timedOut = await s.call<SessionView>('GET', v2(`/sessions/${id}`));
  t.equal(timedOut.json.status, 'stopped', 'closed after 15 minutes idle');
  t.ok(timedOut.json.finishedAt);
  const noProxy = await s.call<SessionItemView>('POST', v2('/sessions'), { body: { proxyCountryCode: null, keepAlive: false, persistMemory: false } });
  t.match(noProxy.json, { keepAlive: false, persistMemory: false });
  const invalid = await s.call('POST', v2('/sessions'), { body: { browserScreenWidth: 10 } });
  t.equal(invalid.status, 422);
});

t.test('list: newest first, filterBy, paging; stop and delete', async (t) => {
  const s = await startTestServer(t);
  const ids: string[] = [];
  for (let i = 0; i < 3; i++) ids.push((await s.call<SessionItemView>('POST', v2('/sessions'), { body: {} })).json.id);
  const stop = await s.call<SessionView>('PATCH', v2(`/sessions/${ids[0]}`), { body: { action: 'stop' } });
  t.equal(stop.status, 200);
  t.equal(stop.json.status, 'stopped');
  const again = await s.call<SessionView>('PATCH', v2(`/sessions/${ids[0]}`), { body: { action: 'stop' } });
  t.equal(again.json.finishedAt, stop.json.finishedAt, 'stopping twice changes nothing');
  const all = await s.call<SessionListResponse>('GET', v2('/sessions'));
  t.same(all.json.items.map((x) => x.id), [...ids].reverse());
  t.match(all.json, { totalItems: 3, pageNumber: 1, pageSize: 10 });
  const active = await s.call<SessionListResponse>('GET', v2('/sessions?filterBy=active'));
  t.same(active.json.items.map((x) => x.id), [ids[2], ids[1]]);
  const stopped = await s.call<SessionListResponse>('GET', v2('/sessions?filterBy=stopped&pageSize=1'));
  t.same(stopped.json.items.map((x) => x.id), [ids[0]]);
  t.equal(stopped.json.totalItems, 1);
  const page = await s.call<SessionListResponse>('GET', v2('/sessions?pageSize=2&pageNumber=2'));
  t.same(page.json.items.map((x) => x.id), [ids[0]]);
  const task = await s.call<TaskCreatedResponse>('POST', v2('/tasks'), { body: { task: 'Find a recipe [mock:long]', sessionId: ids[1] } });
  const deleted = await s.call('DELETE', v2(`/sessions/${ids[1]}`));
  t.equal(deleted.status, 204);
  t.equal(deleted.text, '');
  t.equal((await s.call('GET', v2(`/sessions/${ids[1]}`))).status, 404);
  t.equal((await s.call('GET', v2(`/tasks/${task.json.id}`))).status, 404, 'its tasks go with it');
  t.equal((await s.call<SessionListResponse>('GET', v2('/sessions'))).json.totalItems, 2);
  t.equal((await s.call('DELETE', v2(`/sessions/${ids[1]}`))).status, 404);
  const bad = await s.call('PATCH', v2(`/sessions/${ids[2]}`), { body: { action: 'pause' } });
  t.equal(bad.status, 422);
});

t.test('public share: create (201, idempotent), get, a page that works, delete, ShareNotFound', async (t) => {
  const s = await startTestServer(t);
  const session = await s.call<SessionItemView>('POST', v2('/sessions'), { body: {} });
  const id = session.json.id;
  const none = await s.call('GET', v2(`/sessions/${id}/public-share`));
  t.equal(none.status, 404);
  t.same(none.json, { detail: 'Public share not found' });
  const noneDelete = await s.call('DELETE', v2(`/sessions/${id}/public-share`));
  t.equal(noneDelete.status, 404);
  t.same(noneDelete.json, { detail: 'Public share not found' });
  const created = await s.call<ShareView>('POST', v2(`/sessions/${id}/public-share`));
  t.equal(created.status, 201);
  t.match(created.json, { shareToken: /^[0-9a-f]{32}$/, shareUrl: new RegExp(`/share/${id}\\?token=`), viewCount: 0, lastViewedAt: null });
  const same = await s.call<ShareView>('POST', v2(`/sessions/${id}/public-share`));
  t.equal(same.status, 201);
  t.equal(same.json.shareToken, created.json.shareToken, 'an existing share is returned again');
  await s.call('POST', v2('/tasks'), { body: { task: '[mock:quick] Check the weather in Paris', sessionId: id } });
  s.advance(5000);
  const page = await fetch(created.json.shareUrl);
  t.equal(page.status, 200);
  t.match(page.headers.get('content-type'), /text\/html/);
  t.match(await page.text(), /weather in Paris/i);
  const state = await fetch(`${s.url}/share/${id}/state?token=${created.json.shareToken}`);
  t.equal(state.status, 200);
  t.match(await state.json(), { kind: 'session', id, status: 'idle' });
  const wrong = await fetch(`${s.url}/share/${id}?token=${'0'.repeat(32)}`);
  t.equal(wrong.status, 404);
  const counted = await s.call<ShareView>('GET', v2(`/sessions/${id}/public-share`));
  t.equal(counted.json.viewCount, 1, 'each page load counts once');
  t.ok(counted.json.lastViewedAt);
  const view = await s.call<SessionView>('GET', v2(`/sessions/${id}`));
  t.equal(view.json.publicShareUrl, created.json.shareUrl);
  const journal = await s.call<{ entries: { path: string }[] }>('GET', '/_mock/journal');
  t.notOk(journal.json.entries.some((e) => e.path.startsWith('/share/')), 'share pages are not journaled');
  t.equal((await s.call('DELETE', v2(`/sessions/${id}/public-share`))).status, 204);
  t.equal((await fetch(created.json.shareUrl)).status, 404, 'the link dies with the share');
  const renewed = await s.call<ShareView>('POST', v2(`/sessions/${id}/public-share`));
  t.not(renewed.json.shareToken, created.json.shareToken, 'a new share has a new token');
  t.equal((await fetch(created.json.shareUrl)).status, 404, 'the old link stays dead');
  t.equal((await s.call('DELETE', v2(`/sessions/${id}/public-share`))).status, 204);
  t.equal((await s.call<SessionView>('GET', v2(`/sessions/${id}`))).json.publicShareUrl, null);
  for (const method of ['GET', 'POST', 'DELETE']) {
    const r = await s.call(method, v2(`/sessions/${UNKNOWN}/public-share`));
    t.equal(r.status, 404, `${method} on an unknown session`);
    t.same(r.json, { detail: 'Session not found' });
  }
});

t.test('tenancy and no trace', async (t) => {
  const s = await startTestServer(t);
  const session = await s.call<SessionItemView>('POST', v2('/sessions'), { body: {} });
  const other = { key: 'someone-else' };
  for (const [method, path] of [
    ['GET', `/sessions/${session.json.id}`],
    ['DELETE', `/sessions/${session.json.id}`],
    ['GET', `/sessions/${session.json.id}/public-share`],
    ['POST', `/sessions/${session.json.id}/public-share`],
  ] as const) {
    t.equal((await s.call(method, v2(path), other)).status, 404, `${method} ${path}`);
  }
  t.equal((await s.call('PATCH', v2(`/sessions/${session.json.id}`), { ...other, body: { action: 'stop' } })).status, 404);
  t.equal((await s.call<SessionListResponse>('GET', v2('/sessions'), other)).json.totalItems, 0);
  const before = (await s.call('GET', '/_mock/keys/test-key/state')).text;
  const refused = await s.call('POST', v2('/sessions'), { body: { profileId: UNKNOWN } });
  t.equal(refused.status, 404);
  t.same(refused.json, { detail: 'Profile not found' });
  t.equal((await s.call('GET', '/_mock/keys/test-key/state')).text, before, 'the refused create left nothing');
  const next = await s.call<SessionItemView>('POST', v2('/sessions'), { body: {} });
  t.not(next.json.id, session.json.id);
});

t.test('the admin API and the clock see v2 sessions', async (t) => {
  const s = await startTestServer(t);
  const task = await s.call<TaskCreatedResponse>('POST', v2('/tasks'), { body: { task: 'Find a recipe for pancakes' } });
  const advanced = await s.call<{ session: { status: string } }>('POST', '/_mock/clock/advance', { body: { sessionId: task.json.sessionId, to: 'end' } });
  t.equal(advanced.status, 200);
  t.equal(advanced.json.session.status, 'stopped');
  const status = await s.call<TaskStatusView>('GET', v2(`/tasks/${task.json.id}/status`));
  t.equal(status.json.status, 'finished');
  const dump = await s.call<{ sessions: { id: string; api: string }[]; v2Tasks: { id: string; status: string; liveUrlPath: string }[] }>('GET', '/_mock/keys/test-key/state');
  t.equal(checkAdmin('GET', '/_mock/keys/test-key/state', dump.status, dump.text), undefined, 'the dump matches openapi/admin.json');
  t.match(dump.json.sessions, [{ id: task.json.sessionId, api: 'v2' }]);
  t.match(dump.json.v2Tasks, [{ id: task.json.id, status: 'finished' }]);
});

t.test("the admin dump holds a v2 session's share and settings and a v2 task's own fields", async (t) => {
  const s = await startTestServer(t);
  const session = await s.call<{ id: string }>('POST', v2('/sessions'), { body: { persistMemory: false, startUrl: 'https://example.com' } });
  const share = await s.call<{ shareToken: string }>('POST', v2(`/sessions/${session.json.id}/public-share`));
  const task = await s.call<TaskCreatedResponse>('POST', v2('/tasks'), { body: { task: 'Find a recipe for pancakes', sessionId: session.json.id, llm: 'gpt-4o', maxSteps: 7, metadata: { run: 'a' } } });
  const dump = await s.call<{ sessions: { id: string; v2?: unknown; tasks: { v2TaskId?: string; v2?: unknown }[] }[] }>('GET', '/_mock/keys/test-key/state');
  t.equal(checkAdmin('GET', '/_mock/keys/test-key/state', dump.status, dump.text), undefined, 'the dump matches openapi/admin.json');
  const stored = dump.json.sessions.find((x) => x.id === session.json.id);
  t.match(stored?.v2, { persistMemory: false, startUrl: 'https://example.com', share: { token: share.json.shareToken, viewCount: 0 }, sharesMade: 1 });
  t.match(stored?.tasks, [{ v2TaskId: task.json.id, v2: { id: task.json.id, llm: 'gpt-4o', maxSteps: 7, metadata: { run: 'a' } } }]);
  // A rejected PATCH would show here: the share is part of what the no-trace checks compare.
  await s.call('DELETE', v2(`/sessions/${session.json.id}/public-share`));
  const after = await s.call<{ sessions: { id: string; v2?: { share: unknown } }[] }>('GET', '/_mock/keys/test-key/state');
  t.equal(after.json.sessions.find((x) => x.id === session.json.id)?.v2?.share, null);
});

t.test('the inspector lists v2 tasks beside the sessions, with a link to their live view', async (t) => {
  const s = await startTestServer(t);
  const task = await s.call<TaskCreatedResponse>('POST', v2('/tasks'), { body: { task: 'Find a recipe for pancakes' } });
  const page = await fetch(`${s.url}/_mock/ui`);
  const html = await page.text();
  const script = /<script nonce="[^"]+">([\s\S]*)<\/script>/.exec(html)?.[1] ?? '';
  t.doesNotThrow(() => new Function(script), 'the page script parses');
  t.match(script, /v2 tasks/);
  const dump = await s.call<{ v2Tasks: { id: string; sessionId: string; status: string; task: string; costUsd: string }[] }>('GET', '/_mock/keys/test-key/state');
  t.match(dump.json.v2Tasks, [{ id: task.json.id, sessionId: task.json.sessionId, status: 'created', task: 'Find a recipe for pancakes', costUsd: '0' }]);
  const live = await fetch(`${s.url}/_mock/ui/live/${task.json.sessionId}`, { redirect: 'manual' });
  t.equal(live.status, 302);
  t.match(live.headers.get('location'), new RegExp(`/live/${task.json.sessionId}\\?token=`));
});
