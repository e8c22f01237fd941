// v2 tasks over simulated time, driven with plain HTTP and a manual clock: creation, steps, statuses,
// costs, stop actions, follow-ups in keepAlive sessions, filters and paging, errors, tenancy, no trace.
import t from 'tap';
import type {
  SessionView,
  TaskCreatedResponse,
  TaskListResponse,
  TaskLogFileResponse,
  TaskStatusView,
  TaskView,
} from '../../src/contract/types-v2.generated.js';
import type { AccountView } from '../../src/contract/types.generated.js';
import { startTestServer } from '../helpers/server.js';
import type { TestServer } from '../helpers/server.js';

const MOUSE = 'Find the best-rated wireless mouse under $50 on amazon.com';
const v2 = (path: string): string => `/api/v2${path}`;
const micros = (usd: string | null | undefined): number => Math.round(Number(usd ?? '0') * 1e6);

async function runToEnd(s: TestServer, id: string, key?: string): Promise<TaskView> {
  for (let i = 0; i < 400; i++) {
    const status = await s.call<TaskStatusView>('GET', v2(`/tasks/${id}/status`), key ? { key } : {});
    if (status.json.status === 'finished' || status.json.status === 'stopped') break;
    s.advance(1000);
  }
  return (await s.call<TaskView>('GET', v2(`/tasks/${id}`), key ? { key } : {})).json;
}

t.test('a task runs step by step in a one-off session, then finishes and is charged', async (t) => {
  const s = await startTestServer(t);
  const before = await s.call<AccountView>('GET', '/billing/account');
  const created = await s.call<TaskCreatedResponse>('POST', v2('/tasks'), { body: { task: MOUSE, metadata: { run: 'one' } } });
  t.equal(created.status, 202);
  t.match(created.json, { id: /^[0-9a-f-]{36}$/, sessionId: /^[0-9a-f-]{36}$/ });
  const first = await s.call<TaskView>('GET', v2(`/tasks/${created.json.id}`));
  t.equal(first.json.status, 'created', 'waits for the session to boot');
  t.equal(first.json.llm, 'browser-use-2.0', 'default model');
  t.same(first.json.metadata, { run: 'one' });
  t.same(first.json.steps, []);
  t.equal(first.json.startedAt, null);
  t.equal(first.json.cost, '0');
  let seenSteps = 0;
  let previousCost = 0;
  let last = first.json;
  const statuses = new Set<string>();
  for (let i = 0; i < 100 && last.status !== 'finished'; i++) {
    s.advance(800);
    last = (await s.call<TaskView>('GET', v2(`/tasks/${created.json.id}`))).json;
    statuses.add(last.status);
    t.ok(last.steps.length >= seenSteps, 'steps only grow');
    seenSteps = last.steps.length;
    t.ok(micros(last.cost) >= previousCost, 'cost never goes down');
    previousCost = micros(last.cost);
    if (last.status === 'started') {
      t.equal(last.output, null);
      t.equal(last.isSuccess, null);
    }
  }
  t.ok(statuses.has('started'));
  t.equal(last.status, 'finished');
  t.equal(last.isSuccess, true);
  t.type(last.output, 'string');
  t.ok(last.steps.length >= 5);
  t.match(last.steps[0], { number: 1, nextGoal: /\S/, url: /^https:\/\/amazon\.com\//, screenshotUrl: /\/_mock\/screenshots\//, actions: [/"action"/] });
  t.equal(last.steps[1]?.number, 2);
  t.match(last.steps[1]?.evaluationPreviousGoal, /^Success - /);
  t.ok(last.finishedAt && last.startedAt);
  t.ok(micros(last.cost) > 0);
  const status = await s.call<TaskStatusView>('GET', v2(`/tasks/${created.json.id}/status`));
  t.same(status.json, { id: created.json.id, status: 'finished', output: last.output, finishedAt: last.finishedAt, isSuccess: true, cost: last.cost });
  const after = await s.call<AccountView>('GET', '/billing/account');
  t.equal(micros(String(before.json.totalCreditsBalanceUsd)) - micros(String(after.json.totalCreditsBalanceUsd)), micros(last.cost), 'the ledger charged exactly the task cost');
  const session = await s.call<SessionView>('GET', v2(`/sessions/${created.json.sessionId}`));
  t.equal(session.json.status, 'stopped', 'a one-off session ends with its task');
  t.equal(session.json.keepAlive, false);
  t.equal(session.json.tasks.length, 1);
  t.equal(session.json.tasks[0]?.id, created.json.id);
  const screenshot = await fetch(last.steps[0]?.screenshotUrl ?? '');
  t.equal(screenshot.status, 200);
  t.equal(screenshot.headers.get('content-type'), 'image/png');
});

t.test('models are priced per model; maxSteps bounds the run', async (t) => {
  const s = await startTestServer(t);
  const cheap = await s.call<TaskCreatedResponse>('POST', v2('/tasks'), { body: { task: `${MOUSE} [mock:long]`, llm: 'gpt-4o-mini' } });
  const dear = await s.call<TaskCreatedResponse>('POST', v2('/tasks'), { body: { task: `${MOUSE} [mock:long]`, llm: 'claude-opus-4-5-20251101', maxSteps: 3 } });
  const a = await runToEnd(s, cheap.json.id);
  const b = await runToEnd(s, dear.json.id);
  t.equal(a.llm, 'gpt-4o-mini');
  t.equal(a.steps.length, 50);
  t.equal(b.steps.length, 3, 'maxSteps: 3');
  t.equal(b.status, 'finished');
  t.equal(b.isSuccess, false, 'a run cut at maxSteps fails');
  t.match(b.output, /limit of 3 steps/);
  t.ok(micros(b.cost) / 3 > micros(a.cost) / 50, 'opus costs more per step than gpt-4o-mini');
  const bad = await s.call('POST', v2('/tasks'), { body: { task: 'x', llm: 'bu-max' } });
  t.equal(bad.status, 422, 'a v3 model is not a v2 llm');
});

t.test('structuredOutput: invalid JSON is a 422; valid output is JSON text matching the schema', async (t) => {
  const s = await startTestServer(t);
  const invalid = await s.call<{ detail: { type: string; loc: string[]; msg: string }[] }>('POST', v2('/tasks'), { body: { task: MOUSE, structuredOutput: '{not json' } });
  t.equal(invalid.status, 422);
  t.match(invalid.json.detail, [{ type: 'value_error', loc: ['body', 'structuredOutput'], msg: /^Value error, structuredOutput must be a JSON schema/ }]);
  // Told in the words of Python's json module, whatever the Node.js version.
  t.equal(invalid.json.detail[0]?.msg, 'Value error, structuredOutput must be a JSON schema as a string: Expecting property name enclosed in double quotes: line 1 column 2 (char 1)');
  const multiline = await s.call<{ detail: { msg: string }[] }>('POST', v2('/tasks'), { body: { task: MOUSE, structuredOutput: '{\n  "a": 1,\n  "b" 2}' } });
  t.equal(multiline.json.detail[0]?.msg, "Value error, structuredOutput must be a JSON schema as a string: Expecting ':' delimiter: line 3 column 7 (char 18)");
  const bom = await s.call<{ detail: { msg: string }[] }>('POST', v2('/tasks'), { body: { task: MOUSE, structuredOutput: '\ufeff{}' } });
  t.equal(bom.json.detail[0]?.msg, 'Value error, structuredOutput must be a JSON schema as a string: Unexpected UTF-8 BOM (decode using utf-8-sig): line 1 column 1 (char 0)');
  const notObject = await s.call('POST', v2('/tasks'), { body: { task: MOUSE, structuredOutput: '[1]' } });
  t.equal(notObject.status, 422);
  const schema = { type: 'object', properties: { name: { type: 'string' }, price: { type: 'number', maximum: 50 } }, required: ['name', 'price'] };
  const created = await s.call<TaskCreatedResponse>('POST', v2('/tasks'), { body: { task: MOUSE, structuredOutput: JSON.stringify(schema) } });
  t.equal(created.status, 202);
  const done = await runToEnd(s, created.json.id);
  const parsed = JSON.parse(done.output ?? 'null') as { name: unknown; price: unknown };
  t.type(parsed.name, 'string');
  t.type(parsed.price, 'number');
  t.ok((parsed.price as number) <= 50);
});

t.test('secrets are never echoed; judge gives a verdict', async (t) => {
  const s = await startTestServer(t);
  const secret = 'hunter2-VERY-secret';
  const created = await s.call<TaskCreatedResponse>('POST', v2('/tasks'), {
    body: { task: `Log in to github.com as ada with password ${secret} and open my repositories`, secrets: { github_password: secret }, judge: true, allowedDomains: ['github.com'] },
  });
  const done = await runToEnd(s, created.json.id);
  const logs = await s.call<TaskLogFileResponse>('GET', v2(`/tasks/${created.json.id}/logs`));
  const logText = await (await fetch(logs.json.downloadUrl)).text();
  const session = await s.call('GET', v2(`/sessions/${created.json.sessionId}`));
  const list = await s.call('GET', v2('/tasks'));
  for (const [what, text] of [['task', JSON.stringify(done)], ['log', logText], ['session', session.text], ['list', list.text]] as const) {
    t.notOk(text.includes(secret), `the secret is not in the ${what}`);
  }
  t.match(done.task, /<secret>github_password<\/secret>/);
  t.equal(done.judgeVerdict, done.isSuccess);
  t.type(done.judgement, 'string');
  const plain = await runToEnd(s, (await s.call<TaskCreatedResponse>('POST', v2('/tasks'), { body: { task: '[mock:quick] Check the weather in Paris' } })).json.id);
  t.equal(plain.judgement, null, 'no judge unless asked');
  t.equal(plain.judgeVerdict, null);
});

t.test('logs: a presigned text file built from the steps', async (t) => {
  const s = await startTestServer(t);
  const created = await s.call<TaskCreatedResponse>('POST', v2('/tasks'), { body: { task: MOUSE } });
  const done = await runToEnd(s, created.json.id);
  const logs = await s.call<TaskLogFileResponse>('GET', v2(`/tasks/${created.json.id}/logs`));
  t.equal(logs.status, 200);
  t.match(logs.json.downloadUrl, /\/_mock\/v2\/tasks\/.+\/logs\.txt\?X-Amz-/);
  const file = await fetch(logs.json.downloadUrl);
  t.equal(file.status, 200);
  t.match(file.headers.get('content-type'), /^text\/plain/);
  const text = await file.text();
  t.match(text, new RegExp(`step ${done.steps.length}\\n`));
  t.match(text, /status: finished/);
  const tampered = await fetch(logs.json.downloadUrl.replace(/X-Amz-Signature=./, 'X-Amz-Signature=0'));
  t.equal(tampered.status, 403);
  s.advance(301_000);
  const expired = await fetch(logs.json.downloadUrl);
  t.equal(expired.status, 403);
  t.match(await expired.text(), /Request has expired/);
});

t.test('PATCH stop and stop_task_and_session', async (t) => {
  const s = await startTestServer(t);
  const session = await s.call<{ id: string }>('POST', v2('/sessions'), { body: {} });
  t.equal(session.status, 201);
  const first = await s.call<TaskCreatedResponse>('POST', v2('/tasks'), { body: { task: `${MOUSE} [mock:long]`, sessionId: session.json.id } });
  t.equal(first.json.sessionId, session.json.id);
  s.advance(8000);
  const stopped = await s.call<TaskView>('PATCH', v2(`/tasks/${first.json.id}`), { body: { action: 'stop' } });
  t.equal(stopped.status, 200);
  t.equal(stopped.json.status, 'stopped');
  t.equal(stopped.json.isSuccess, false);
  t.equal(stopped.json.output, null);
  const stepsAtStop = stopped.json.steps.length;
  s.advance(60_000);
  const later = await s.call<TaskView>('GET', v2(`/tasks/${first.json.id}`));
  t.equal(later.json.steps.length, stepsAtStop, 'no step after the stop');
  const again = await s.call<TaskView>('PATCH', v2(`/tasks/${first.json.id}`), { body: { action: 'stop' } });
  t.equal(again.json.status, 'stopped', 'stopping a stopped task changes nothing');
  const alive = await s.call<SessionView>('GET', v2(`/sessions/${session.json.id}`));
  t.equal(alive.json.status, 'active', 'a keepAlive session survives its stopped task');
  const second = await s.call<TaskCreatedResponse>('POST', v2('/tasks'), { body: { task: `${MOUSE} [mock:long]`, sessionId: session.json.id } });
  t.equal(second.status, 202, 'the session takes a follow-up task');
  s.advance(5000);
  const both = await s.call<TaskView>('PATCH', v2(`/tasks/${second.json.id}`), { body: { action: 'stop_task_and_session' } });
  t.equal(both.json.status, 'stopped');
  const closed = await s.call<SessionView>('GET', v2(`/sessions/${session.json.id}`));
  t.equal(closed.json.status, 'stopped');
  t.ok(closed.json.finishedAt);
  t.same(closed.json.tasks.map((x) => x.id), [first.json.id, second.json.id]);
  const bad = await s.call('PATCH', v2(`/tasks/${second.json.id}`), { body: { action: 'pause' } });
  t.equal(bad.status, 422, 'only stop and stop_task_and_session');
});

t.test('a busy session refuses a second task; a stopped one refuses too; unknown ones are 404', async (t) => {
  const s = await startTestServer(t);
  const session = await s.call<{ id: string }>('POST', v2('/sessions'), { body: { keepAlive: true } });
  const first = await s.call<TaskCreatedResponse>('POST', v2('/tasks'), { body: { task: MOUSE, sessionId: session.json.id } });
  t.equal(first.status, 202);
  const busy = await s.call('POST', v2('/tasks'), { body: { task: MOUSE, sessionId: session.json.id } });
  t.equal(busy.status, 400);
  t.same(busy.json, { detail: 'Agent session already has a running task. Please wait for it to finish or stop it manually.' });
  await s.call('PATCH', v2(`/sessions/${session.json.id}`), { body: { action: 'stop' } });
  const stopped = await s.call('POST', v2('/tasks'), { body: { task: MOUSE, sessionId: session.json.id } });
  t.equal(stopped.status, 400);
  t.same(stopped.json, { detail: 'Browser session is stopped. Please start a new session and try again.' });
  const unknown = await s.call('POST', v2('/tasks'), { body: { task: MOUSE, sessionId: '00000000-0000-4000-8000-000000000000' } });
  t.equal(unknown.status, 404);
  t.same(unknown.json, { detail: 'Session not found' });
  const v3 = await s.call<{ id: string }>('POST', '/sessions', { body: {} });
  const v3Session = await s.call('POST', v2('/tasks'), { body: { task: MOUSE, sessionId: v3.json.id } });
  t.equal(v3Session.status, 404, 'a v3 session is not a v2 session');
  const noTask = await s.call('GET', v2('/tasks/00000000-0000-4000-8000-000000000000'));
  t.equal(noTask.status, 404);
  t.same(noTask.json, { detail: 'Task not found' });
  for (const path of ['/status', '/logs']) {
    const r = await s.call('GET', v2(`/tasks/00000000-0000-4000-8000-000000000000${path}`));
    t.equal(r.status, 404, path);
  }
});

t.test('list: newest first, filters and paging', async (t) => {
  const s = await startTestServer(t);
  const session = await s.call<{ id: string }>('POST', v2('/sessions'), { body: {} });
  const ids: string[] = [];
  ids.push((await s.call<TaskCreatedResponse>('POST', v2('/tasks'), { body: { task: '[mock:quick] Check the weather in Paris', sessionId: session.json.id } })).json.id);
  await runToEnd(s, ids[0] ?? '');
  s.advance(1000);
  const between = new Date(s.state.clock.now()).toISOString();
  s.advance(1000);
  ids.push((await s.call<TaskCreatedResponse>('POST', v2('/tasks'), { body: { task: '[mock:quick] Check the weather in Rome' } })).json.id);
  ids.push((await s.call<TaskCreatedResponse>('POST', v2('/tasks'), { body: { task: '[mock:long] Check the weather in Oslo' } })).json.id);
  const all = await s.call<TaskListResponse>('GET', v2('/tasks'));
  t.same(all.json.items.map((x) => x.id), [...ids].reverse());
  t.equal(all.json.totalItems, 3);
  t.equal(all.json.pageNumber, 1);
  t.equal(all.json.pageSize, 10);
  const page = await s.call<TaskListResponse>('GET', v2('/tasks?pageSize=2&pageNumber=2'));
  t.same(page.json.items.map((x) => x.id), [ids[0]]);
  t.equal(page.json.totalItems, 3);
  const bySession = await s.call<TaskListResponse>('GET', v2(`/tasks?sessionId=${session.json.id}`));
  t.same(bySession.json.items.map((x) => x.id), [ids[0]]);
  const finished = await s.call<TaskListResponse>('GET', v2('/tasks?filterBy=finished'));
  t.same(finished.json.items.map((x) => x.id), [ids[0]]);
  const created = await s.call<TaskListResponse>('GET', v2('/tasks?filterBy=created'));
  t.equal(created.json.totalItems, 2, 'the two new tasks wait for their sessions');
  const after = await s.call<TaskListResponse>('GET', v2(`/tasks?after=${encodeURIComponent(between)}`));
  t.same(after.json.items.map((x) => x.id), [ids[2], ids[1]]);
  const before = await s.call<TaskListResponse>('GET', v2(`/tasks?before=${encodeURIComponent(between.replace('Z', ''))}`));
  t.same(before.json.items.map((x) => x.id), [ids[0]], 'a timestamp without a zone is UTC');
  const badFilter = await s.call('GET', v2('/tasks?filterBy=running'));
  t.equal(badFilter.status, 422);
});

t.test('tenancy: another key sees none of it', async (t) => {
  const s = await startTestServer(t);
  const created = await s.call<TaskCreatedResponse>('POST', v2('/tasks'), { body: { task: MOUSE } });
  const other = { key: 'other-key' };
  for (const path of [`/tasks/${created.json.id}`, `/tasks/${created.json.id}/status`, `/tasks/${created.json.id}/logs`, `/sessions/${created.json.sessionId}`]) {
    const r = await s.call('GET', v2(path), other);
    t.equal(r.status, 404, path);
  }
  t.equal((await s.call('PATCH', v2(`/tasks/${created.json.id}`), { ...other, body: { action: 'stop' } })).status, 404);
  t.equal((await s.call('POST', v2('/tasks'), { ...other, body: { task: MOUSE, sessionId: created.json.sessionId } })).status, 404);
  t.equal((await s.call<TaskListResponse>('GET', v2('/tasks'), other)).json.totalItems, 0);
});

t.test('a refused request leaves no trace; credit and concurrency are shared with v3', async (t) => {
  const s = await startTestServer(t);
  const stateBefore = await s.call('GET', '/_mock/keys/test-key/state');
  t.equal(stateBefore.status, 404, 'no state yet');
  await s.call('PUT', '/_mock/keys/test-key/concurrency', { body: { limit: 1 } });
  const dump = async (): Promise<string> => (await s.call('GET', '/_mock/keys/test-key/state')).text;
  const empty = await dump();
  for (const body of [{ task: MOUSE, structuredOutput: 'nope' }, { task: MOUSE, sessionSettings: { profileId: '00000000-0000-4000-8000-000000000000' } }]) {
    const r = await s.call('POST', v2('/tasks'), { body });
    t.ok(r.status === 422 || r.status === 404, `refused with ${r.status}`);
  }
  t.equal(await dump(), empty, 'nothing stored, no id taken');
  const v3 = await s.call('POST', '/sessions', { body: { task: MOUSE } });
  t.equal(v3.status, 200);
  const full = await s.call('POST', v2('/tasks'), { body: { task: MOUSE } });
  t.equal(full.status, 429, 'a v3 session counts towards the same limit');
  t.same(full.json, { detail: 'Too many concurrent active sessions. Please wait for one to finish, kill one, or upgrade your plan.' });
  const v2Session = await s.call('POST', v2('/sessions'), { body: {} });
  t.equal(v2Session.status, 429);
  await s.call('PUT', '/_mock/keys/test-key/concurrency', { body: { limit: null } });
  await s.call('PUT', '/_mock/keys/test-key/balance', { body: { usd: '0' } });
  const broke = await s.call('POST', v2('/tasks'), { body: { task: MOUSE } });
  t.equal(broke.status, 402);
  t.same(broke.json, { detail: 'Insufficient credits' });
  const brokeSession = await s.call('POST', v2('/sessions'), { body: {} });
  t.equal(brokeSession.status, 402);
});

t.test('v3 does not list or find v2 sessions, and the other way round', async (t) => {
  const s = await startTestServer(t);
  const v3 = await s.call<{ id: string }>('POST', '/sessions', { body: {} });
  const task = await s.call<TaskCreatedResponse>('POST', v2('/tasks'), { body: { task: MOUSE } });
  const v3List = await s.call<{ sessions: { id: string }[]; total: number }>('GET', '/sessions');
  t.same(v3List.json.sessions.map((x) => x.id), [v3.json.id]);
  t.equal(v3List.json.total, 1);
  t.equal((await s.call('GET', `/sessions/${task.json.sessionId}`)).status, 404);
  t.equal((await s.call('GET', v2(`/sessions/${v3.json.id}`))).status, 404);
  const v2List = await s.call<{ items: { id: string }[] }>('GET', v2('/sessions'));
  t.same(v2List.json.items.map((x) => x.id), [task.json.sessionId]);
});

t.test('scenarios: markers, Prefer and fault rules reach v2 tasks', async (t) => {
  const s = await startTestServer(t);
  const failure = await runToEnd(s, (await s.call<TaskCreatedResponse>('POST', v2('/tasks'), { body: { task: `${MOUSE} [mock:failure]` } })).json.id);
  t.equal(failure.status, 'finished');
  t.equal(failure.isSuccess, false);
  t.match(failure.output, /could not complete/);
  const error = await runToEnd(s, (await s.call<TaskCreatedResponse>('POST', v2('/tasks'), { body: { task: MOUSE }, headers: { Prefer: 'scenario=error' } })).json.id);
  t.equal(error.status, 'finished');
  t.equal(error.isSuccess, false);
  t.equal(error.output, null);
  const capped = await runToEnd(s, (await s.call<TaskCreatedResponse>('POST', v2('/tasks'), { body: { task: `${MOUSE} [mock:cost-limit]` } })).json.id);
  t.equal(capped.status, 'finished');
  t.equal(capped.isSuccess, false);
  t.match(capped.output, /cost limit of \$10/);
  t.ok(micros(capped.cost) <= 10_000_000, 'capped at $10');
  const quick = await s.call<TaskCreatedResponse>('POST', v2('/tasks'), { body: { task: '[mock:quick] Check the weather in Paris' } });
  await runToEnd(s, quick.json.id);
  const late = await s.call<TaskView>('PATCH', v2(`/tasks/${quick.json.id}`), { body: { action: 'stop_task_and_session' } });
  t.equal(late.json.status, 'finished', 'an ended task stays as it ended');
  const forced = await s.call('POST', v2('/tasks'), { body: { task: MOUSE }, headers: { Prefer: 'code=429' } });
  t.equal(forced.status, 429);
  const journal = await s.call<{ entries: { path: string; status: number }[] }>('GET', '/_mock/journal?path=/api/v2/tasks');
  t.ok(journal.json.entries.length >= 1, 'v2 requests are journaled');
});

t.test('the memory budget: v2 sessions count, and a forgotten session takes its tasks along', async (t) => {
  const s = await startTestServer(t, { maxStoredSessions: 1, maxSessionsPerKey: 1 });
  const first = await s.call<TaskCreatedResponse>('POST', v2('/tasks'), { body: { task: '[mock:quick] Check the weather in Paris' } });
  t.equal(first.status, 202);
  const full = await s.call<{ detail: string }>('POST', v2('/tasks'), { body: { task: '[mock:quick] Check the weather in Rome' } });
  t.equal(full.status, 429);
  t.match(full.json.detail, /memory budget is full/);
  await runToEnd(s, first.json.id);
  const second = await s.call<TaskCreatedResponse>('POST', v2('/tasks'), { body: { task: '[mock:quick] Check the weather in Rome' } });
  t.equal(second.status, 202, 'the finished session makes room');
  t.equal((await s.call('GET', v2(`/tasks/${first.json.id}`))).status, 404, 'its task is forgotten with it');
  t.same((await s.call<TaskListResponse>('GET', v2('/tasks'))).json.items.map((x) => x.id), [second.json.id]);
});

t.test('allowedDomains: the run stays on an allowed site', async (t) => {
  const s = await startTestServer(t);
  const visited = async (task: string, allowedDomains?: string[]): Promise<string[]> => {
    const created = await s.call<TaskCreatedResponse>('POST', v2('/tasks'), { body: { task, ...(allowedDomains ? { allowedDomains } : {}) } });
    t.equal(created.status, 202);
    const done = await runToEnd(s, created.json.id);
    return done.steps.map((step) => step.url);
  };
  const free = await visited(MOUSE);
  t.ok(free.every((url) => url.includes('amazon.com')), 'the site the task names');
  const allowed = await visited(MOUSE, ['*.ebay.com', 'walmart.com']);
  t.ok(allowed.length > 0 && allowed.every((url) => url.includes('ebay.com')), `an allowed shopping site instead of amazon.com: ${allowed[0] ?? ''}`);
  const named = await visited(MOUSE, ['https://www.amazon.com/']);
  t.ok(named.every((url) => url.includes('amazon.com')), 'the named site when it is allowed');
  const unknown = await visited('Check the weather in Paris', ['intranet.example.org']);
  t.ok(unknown.every((url) => url.includes('intranet.example.org')), 'an allowed domain the kind does not know');
});
