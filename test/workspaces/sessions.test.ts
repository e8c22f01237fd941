// Workspaces attached to sessions: unknown ids, files written by runs, deletion during a run, script caching.
import t from 'tap';
import type { FileListResponse, MessageListResponse, SessionListResponse, SessionResponse, WorkspaceView } from '../../src/contract/types.generated.js';
import type { TestServer } from '../helpers/server.js';
import { startTestServer } from '../helpers/server.js';

const TERMINAL = new Set(['stopped', 'timed_out', 'error', 'idle']);

async function workspace(s: TestServer, key?: string): Promise<string> {
  return (await s.call<WorkspaceView>('POST', '/workspaces', { body: {}, key })).json.id;
}

async function start(s: TestServer, body: Record<string, unknown>): Promise<SessionResponse> {
  const r = await s.call<SessionResponse>('POST', '/sessions', { body });
  if (r.status !== 200) throw new Error(`POST /sessions: ${r.status} ${r.text}`);
  return r.json;
}

/** Advances the clock until the session's task has ended. */
async function finish(s: TestServer, id: string): Promise<SessionResponse> {
  for (let i = 0; i < 500; i++) {
    s.advance(1000);
    const r = await s.call<SessionResponse>('GET', `/sessions/${id}`);
    if (TERMINAL.has(r.json.status) && r.json.isTaskSuccessful !== null) return r.json;
  }
  throw new Error(`session ${id} did not finish`);
}

const files = async (s: TestServer, ws: string, prefix = ''): Promise<FileListResponse['files']> =>
  (await s.call<FileListResponse>('GET', `/workspaces/${ws}/files?prefix=${encodeURIComponent(prefix)}`)).json.files;

t.test('POST /sessions with an unknown or foreign workspaceId: 404, nothing created', async (t) => {
  const s = await startTestServer(t);
  const unknown = await s.call('POST', '/sessions', { body: { task: 'Look up the weather', workspaceId: '00000000-0000-4000-8000-000000000000' } });
  t.equal(unknown.status, 404);
  t.same(unknown.json, { detail: 'Workspace not found' });
  const foreign = await workspace(s, 'someone-else');
  const other = await s.call('POST', '/sessions', { body: { workspaceId: foreign } });
  t.same([other.status, other.json], [404, { detail: 'Workspace not found' }], "another key's workspace does not exist for this key");
  const deletedWs = await workspace(s);
  await s.call('DELETE', `/workspaces/${deletedWs}`);
  t.equal((await s.call('POST', '/sessions', { body: { workspaceId: deletedWs } })).status, 404);
  const list = await s.call<SessionListResponse>('GET', '/sessions');
  t.equal(list.json.total, 0, 'no session was created');

  const ws = await workspace(s);
  const ok = await s.call<SessionResponse>('POST', '/sessions', { body: { workspaceId: ws.toUpperCase() } });
  t.equal(ok.status, 200, 'any UUID spelling of an existing workspace');
  t.equal(ok.json.workspaceId, ws);
});

t.test('a run writes the files its task names when it ends; a listing settles the run first', async (t) => {
  const s = await startTestServer(t);
  const ws = await workspace(s);
  const session = await start(s, { task: 'Find the top 5 wireless mice on amazon.com and save the results to results.csv and a summary to notes.md', workspaceId: ws });
  t.same(await files(s, ws), [], 'nothing while it runs');
  s.advance(5000);
  t.same(await files(s, ws), [], 'still nothing mid-run');

  // Only the workspace is read: the session itself is never polled before the files appear.
  s.advance(10 * 60_000);
  const written = await files(s, ws);
  t.same(
    written.map((f) => f.path),
    ['notes.md', 'results.csv'],
  );
  const done = (await s.call<SessionResponse>('GET', `/sessions/${session.id}`)).json;
  t.equal(done.status, 'stopped');
  t.equal(done.isTaskSuccessful, true);
  t.equal(written[0]?.lastModified, done.updatedAt, "lastModified is the run's end time, not the time of the listing");

  const listed = await s.call<FileListResponse>('GET', `/workspaces/${ws}/files?prefix=results.csv&includeUrls=true`);
  const csv = await (await fetch(listed.json.files[0]?.url ?? '')).text();
  t.match(csv, /^rank,name,price,rating,reviews,seller,stock,url\n1,/);
  t.equal(csv.trim().split('\n').length, 6, 'a header and the five products the task asked for');
  t.equal(listed.json.files[0]?.size, Buffer.byteLength(csv));

  const messages = await s.call<MessageListResponse>('GET', `/sessions/${session.id}/messages?limit=100`);
  const saved = messages.json.messages.filter((m) => m.type === 'file_operation').map((m) => m.summary);
  t.same(saved, ['Saved results.csv', 'Saved notes.md']);
});

t.test('failed, stopped and workspace-less runs write nothing', async (t) => {
  const s = await startTestServer(t);
  const ws = await workspace(s);
  const failed = await start(s, { task: 'Save the prices to out.csv [mock:failure]', workspaceId: ws });
  await finish(s, failed.id);
  const stopped = await start(s, { task: 'Save the prices to stopped.csv', workspaceId: ws });
  s.advance(4000);
  await s.call('POST', `/sessions/${stopped.id}/stop`, { body: { strategy: 'session' } });
  s.advance(10 * 60_000);
  t.same(await files(s, ws), []);
  const noWs = await start(s, { task: 'Save the prices to lonely.csv' });
  await finish(s, noWs.id);
  t.same(await files(s, ws), []);
});

t.test('deleting a workspace while a session uses it: allowed; the run finishes, its files are dropped', async (t) => {
  const s = await startTestServer(t);
  const ws = await workspace(s);
  const session = await start(s, { task: 'Collect the prices and save them to prices.json', workspaceId: ws, keepAlive: true });
  s.advance(3000);
  t.equal((await s.call('DELETE', `/workspaces/${ws}`)).status, 204);
  const done = await finish(s, session.id);
  t.equal(done.isTaskSuccessful, true, 'the run is not disturbed');
  t.equal(done.workspaceId, ws, 'the session still reports the workspace it was created with');
  t.equal((await s.call('GET', `/workspaces/${ws}/files`)).status, 404);
  const next = await s.call<SessionResponse>('POST', '/sessions', { body: { sessionId: session.id, task: 'Save it again to prices.json' } });
  t.equal(next.status, 200, 'follow-up tasks still run');
  const again = await finish(s, session.id);
  t.equal(again.isTaskSuccessful, true);
});

t.test('cacheScript: the first run saves a script, later runs of the template replay it at $0 LLM cost', async (t) => {
  const s = await startTestServer(t);
  const ws = await workspace(s);
  const first = await start(s, { task: 'Get prices from {{https://shop.example.com}} for {{electronics}}', workspaceId: ws });
  const firstDone = await finish(s, first.id);
  t.ok(Number(firstDone.llmCostUsd) > 0, 'the first run is a full agent run');
  const scripts = await files(s, ws, 'scripts/');
  t.equal(scripts.length, 1);
  const scriptPath = scripts[0]?.path ?? '';
  t.match(scriptPath, /^scripts\/get-prices-from-for-[0-9a-f]{8}\.py$/);
  t.equal(scripts[0]?.lastModified, firstDone.updatedAt);
  const listed = await s.call<FileListResponse>('GET', `/workspaces/${ws}/files?prefix=${encodeURIComponent(scriptPath)}&includeUrls=true`);
  const source = await (await fetch(listed.json.files[0]?.url ?? '')).text();
  t.match(source, /Template: Get prices from \{\{\}\} for \{\{\}\}/);
  t.match(source, /DEFAULTS = \["https:\/\/shop\.example\.com", "electronics"\]/);
  t.match(source, /page\.goto\(param_1\)/);

  const second = await start(s, { task: 'Get prices from {{https://books.example.org}} for {{ paperbacks }}', workspaceId: ws });
  const secondDone = await finish(s, second.id);
  t.equal(secondDone.isTaskSuccessful, true);
  t.equal(secondDone.llmCostUsd, '0', 'the cached script needs no LLM');
  t.equal(secondDone.totalInputTokens, 0);
  t.ok(Number(secondDone.browserCostUsd) > 0, 'the browser is still billed');
  t.ok(Number(secondDone.proxyCostUsd) > 0, 'and the proxy');
  const after = await files(s, ws, 'scripts/');
  t.same(
    after.map((f) => [f.path, f.lastModified]),
    [[scriptPath, firstDone.updatedAt]],
    'a replay does not rewrite the script',
  );

  const differentTemplate = await start(s, { task: 'Get reviews from {{https://shop.example.com}} for {{electronics}}', workspaceId: ws });
  t.ok(Number((await finish(s, differentTemplate.id)).llmCostUsd) > 0, 'another template is a full run');
  t.equal((await files(s, ws, 'scripts/')).length, 2);

  // The cache is the file: deleting it makes the next run a full one again.
  t.equal((await s.call('DELETE', `/workspaces/${ws}/files?path=${encodeURIComponent(scriptPath)}`)).status, 204);
  const third = await start(s, { task: 'Get prices from {{https://x.example}} for {{toys}}', workspaceId: ws });
  t.ok(Number((await finish(s, third.id)).llmCostUsd) > 0);

  const otherWs = await workspace(s);
  const elsewhere = await start(s, { task: 'Get prices from {{https://books.example.org}} for {{paperbacks}}', workspaceId: otherWs });
  t.ok(Number((await finish(s, elsewhere.id)).llmCostUsd) > 0, 'scripts are per workspace');
});

t.test('cacheScript: a follow-up in the same session replays too, once the first task has ended', async (t) => {
  const s = await startTestServer(t);
  const ws = await workspace(s);
  const first = await start(s, { task: 'Check stock of {{item 1}}', workspaceId: ws, keepAlive: true });
  t.ok(Number((await finish(s, first.id)).llmCostUsd) > 0);
  const llmBefore = Number((await s.call<SessionResponse>('GET', `/sessions/${first.id}`)).json.llmCostUsd);
  await s.call('POST', '/sessions', { body: { sessionId: first.id, task: 'Check stock of {{item 2}}', keepAlive: true } });
  const done = await finish(s, first.id);
  t.equal(Number(done.llmCostUsd), llmBefore, 'the follow-up added no LLM cost');
});

t.test('cacheScript true caches the exact task; false disables caching; null needs brackets', async (t) => {
  const s = await startTestServer(t);
  const ws = await workspace(s);
  const task = 'Summarise the front page of news.example.com';
  const a = await start(s, { task, workspaceId: ws, cacheScript: true });
  t.ok(Number((await finish(s, a.id)).llmCostUsd) > 0);
  t.equal((await files(s, ws, 'scripts/')).length, 1);
  const b = await start(s, { task, workspaceId: ws, cacheScript: true });
  t.equal((await finish(s, b.id)).llmCostUsd, '0', 'true without brackets: the exact task is cached');
  const c = await start(s, { task: `${task} today`, workspaceId: ws, cacheScript: true });
  t.ok(Number((await finish(s, c.id)).llmCostUsd) > 0, 'a different text is a different template');

  const ws2 = await workspace(s);
  const templ = 'Get prices from {{https://shop.example.com}} for {{garden}}';
  for (let i = 0; i < 2; i++) {
    const run = await start(s, { task: templ, workspaceId: ws2, cacheScript: false });
    t.ok(Number((await finish(s, run.id)).llmCostUsd) > 0, `false: run ${i + 1} is a full run`);
  }
  t.same(await files(s, ws2, 'scripts/'), [], 'false: no script saved');

  for (let i = 0; i < 2; i++) {
    const run = await start(s, { task, workspaceId: ws2 });
    t.ok(Number((await finish(s, run.id)).llmCostUsd) > 0, `null without brackets: run ${i + 1} is a full run`);
  }
  t.same(await files(s, ws2, 'scripts/'), []);

  const noWs = await s.call<SessionResponse>('POST', '/sessions', { body: { task: templ } });
  t.equal(noWs.status, 200, 'null with brackets but no workspace: no caching, no error');
});

t.test('cacheScript true without a workspace: 422 like a pydantic model validator', async (t) => {
  const s = await startTestServer(t);
  const body = { task: 'Get prices from {{https://shop.example.com}}', cacheScript: true };
  const r = await s.call('POST', '/sessions', { body });
  t.equal(r.status, 422);
  t.same(r.json, {
    detail: [{ type: 'value_error', loc: ['body'], msg: 'Value error, cacheScript requires a workspaceId to store the cached script', input: body, ctx: { error: {} } }],
  });
  const nullWs = await s.call('POST', '/sessions', { body: { ...body, workspaceId: null } });
  t.equal(nullWs.status, 422);
  t.equal((await s.call<SessionListResponse>('GET', '/sessions')).json.total, 0, 'nothing was created');
  const ws = await workspace(s);
  t.equal((await s.call('POST', '/sessions', { body: { ...body, workspaceId: ws } })).status, 200);
});
