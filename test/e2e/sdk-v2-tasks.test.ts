// Conformance of the BUILT emulator with the official client's v2 entry (`browser-use-sdk`): every tasks,
// sessions and files (session uploads, task outputs) method, `client.run` awaited and iterated, and
// `tasks.wait`, run as users run the emulator (`node dist/cli.js`, real HTTP). Each response the client
// receives is checked against openapi/v2.json by operation and status (watchFetch), and every object a
// method returns is validated against its operation's response schema.
// Not covered here: files.browserUrl (browsers) and sessions.purge (not an operation of the v2 reference).
import t from 'tap';
import type { Test } from 'tap';
import { BrowserUse, BrowserUseError } from 'browser-use-sdk';
import { z } from 'zod';
import { contractCheckerV2 } from '../helpers/contract-check.js';
import { startBuiltServer } from '../helpers/built-server.js';
import { rejection as rejectionOf, sdkTests } from './sdk-harness.js';

const server = await startBuiltServer(t, { BU_MOCK_SPEED: '100', LOG_LEVEL: 'warn' });
const apiV2Url = `${server.url}/api/v2`;
const watch = contractCheckerV2.watchFetch(apiV2Url);
t.teardown(() => watch.restore());

/** The client polls every 20 ms: at 100x a simulated second passes in 10 ms. */
const poll = { interval: 20, timeout: 60_000 };
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const OP = {
  createTask: 'create_task_tasks_post',
  listTasks: 'list_tasks_tasks_get',
  getTask: 'get_task_tasks__task_id__get',
  updateTask: 'update_task_tasks__task_id__patch',
  taskStatus: 'get_task_status_tasks__task_id__status_get',
  taskLogs: 'get_task_logs_tasks__task_id__logs_get',
  createSession: 'create_session_sessions_post',
  listSessions: 'list_sessions_sessions_get',
  getSession: 'get_session_sessions__session_id__get',
  updateSession: 'update_session_sessions__session_id__patch',
  getShare: 'get_session_public_share_sessions__session_id__public_share_get',
  createShare: 'create_session_public_share_sessions__session_id__public_share_post',
  sessionUpload: 'agent_session_upload_file_presigned_url_files_sessions__session_id__presigned_url_post',
  taskOutput: 'get_task_output_file_presigned_url_files_tasks__task_id__output_files__file_id__get',
} as const;

function conform(t: Test, operationId: string, status: number, value: unknown): void {
  const problem = contractCheckerV2.checkValue(operationId, status, value);
  t.equal(problem, undefined, `${operationId} ${status}: the returned object matches the document`);
}

const rejection = (promise: Promise<unknown>): Promise<BrowserUseError> => rejectionOf(promise, BrowserUseError);

const sdkTest = sdkTests({ client: (key) => new BrowserUse({ apiKey: key, baseUrl: apiV2Url, maxRetries: 0 }), keyPrefix: 'sdk-v2', document: 'openapi/v2.json', watch });

sdkTest('tasks: create, get, status, list, logs, wait', async (t, client) => {
  const created = await client.tasks.create({ task: 'Find the best-rated wireless mouse under $50 on amazon.com', metadata: { suite: 'e2e' } });
  conform(t, OP.createTask, 202, created);
  const status = await client.tasks.status(created.id);
  conform(t, OP.taskStatus, 200, status);
  const done = await client.tasks.wait(created.id, poll);
  conform(t, OP.getTask, 200, done);
  t.equal(done.status, 'finished');
  t.equal(done.isSuccess, true);
  t.ok(done.steps.length >= 5);
  t.same(done.metadata, { suite: 'e2e' });
  const got = await client.tasks.get(created.id);
  conform(t, OP.getTask, 200, got);
  const list = await client.tasks.list({ pageSize: 5 });
  conform(t, OP.listTasks, 200, list);
  t.same(list.items.map((x) => x.id), [created.id]);
  const bySession = await client.tasks.list({ sessionId: created.sessionId, filterBy: 'finished' });
  t.equal(bySession.totalItems, 1);
  const logs = await client.tasks.logs(created.id);
  conform(t, OP.taskLogs, 200, logs);
  const text = await (await fetch(logs.downloadUrl)).text();
  t.match(text, /step 1\n/);
});

sdkTest('tasks.stop and tasks.stopTaskAndSession; tasks.update', async (t, client) => {
  const session = await client.sessions.create({ keepAlive: true });
  conform(t, OP.createSession, 201, session);
  const first = await client.tasks.create({ task: 'Read every story on news.ycombinator.com [mock:long]', sessionId: session.id });
  for (let i = 0; i < 200 && (await client.tasks.status(first.id)).status !== 'started'; i++) await sleep(10);
  const stopped = await client.tasks.stop(first.id);
  conform(t, OP.updateTask, 200, stopped);
  t.equal(stopped.status, 'stopped');
  const busyFree = await client.sessions.get(session.id);
  t.equal(busyFree.status, 'active');
  const second = await client.tasks.create({ task: 'Read the comments [mock:long]', sessionId: session.id });
  const refused = await rejection(client.tasks.create({ task: 'One more', sessionId: session.id }));
  t.equal(refused.statusCode, 400, 'a busy session refuses');
  const both = await client.tasks.stopTaskAndSession(second.id);
  conform(t, OP.updateTask, 200, both);
  t.equal(both.status, 'stopped');
  const again = await client.tasks.update(second.id, { action: 'stop' });
  conform(t, OP.updateTask, 200, again);
  const closed = await client.sessions.get(session.id);
  t.equal(closed.status, 'stopped');
  const stoppedRefusal = await rejection(client.tasks.create({ task: 'One more', sessionId: session.id }));
  t.equal(stoppedRefusal.statusCode, 400);
  t.equal(stoppedRefusal.message, 'Browser session is stopped. Please start a new session and try again.');
});

sdkTest('client.run awaited, and with a zod schema', async (t, client) => {
  const result = await client.run('Find the top story on news.ycombinator.com [mock:quick]', poll);
  conform(t, OP.getTask, 200, { ...result, output: result.output === null ? null : String(result.output) });
  t.equal(result.status, 'finished');
  t.type(result.output, 'string');
  const Story = z.object({ title: z.string(), points: z.number().int().min(0), url: z.string().url() });
  const typed = await client.run('Find the top story on news.ycombinator.com', { ...poll, schema: Story });
  t.equal(typed.isSuccess, true);
  t.ok(Story.safeParse(typed.output).success, 'the output parses with the schema');
});

sdkTest('client.run iterated: yields every step once, then .result', async (t, client) => {
  const run = client.run('Open github.com and read the trending page', poll);
  const numbers: number[] = [];
  for await (const step of run) numbers.push(step.number);
  t.same(numbers, numbers.map((_, i) => i + 1), 'steps 1..n in order, none twice');
  t.ok(numbers.length >= 5);
  t.equal(run.result?.status, 'finished');
  t.equal(run.result?.steps.length, numbers.length);
});

sdkTest('sessions: create, list, get, update, stop, share, delete', async (t, client) => {
  const session = await client.sessions.create({ proxyCountryCode: 'de' });
  conform(t, OP.createSession, 201, session);
  const list = await client.sessions.list({ filterBy: 'active' });
  conform(t, OP.listSessions, 200, list);
  t.same(list.items.map((x) => x.id), [session.id]);
  const got = await client.sessions.get(session.id);
  conform(t, OP.getSession, 200, got);
  const shareMissing = await rejection(client.sessions.getShare(session.id));
  t.equal(shareMissing.statusCode, 404);
  t.equal(shareMissing.message, 'Public share not found');
  const share = await client.sessions.createShare(session.id);
  conform(t, OP.createShare, 201, share);
  t.equal((await fetch(share.shareUrl)).status, 200, 'the share URL serves a page');
  const shareAgain = await client.sessions.getShare(session.id);
  conform(t, OP.getShare, 200, shareAgain);
  t.equal(shareAgain.viewCount, 1);
  t.equal(await client.sessions.deleteShare(session.id), undefined);
  const updated = await client.sessions.update(session.id, { action: 'stop' });
  conform(t, OP.updateSession, 200, updated);
  t.equal(updated.status, 'stopped');
  const stopped = await client.sessions.stop(session.id);
  conform(t, OP.updateSession, 200, stopped);
  t.equal(await client.sessions.delete(session.id), undefined);
  const gone = await rejection(client.sessions.get(session.id));
  t.equal(gone.statusCode, 404);
  t.equal(gone.message, 'Session not found');
});

sdkTest('files: a session upload URL that takes the bytes; a task output file that downloads', async (t, client) => {
  const session = await client.sessions.create();
  const bytes = new TextEncoder().encode('hello from the suite\n');
  const upload = await client.files.sessionUrl(session.id, { fileName: 'hello.txt', contentType: 'text/plain', sizeBytes: bytes.length });
  conform(t, OP.sessionUpload, 200, upload);
  const form = new FormData();
  for (const [name, value] of Object.entries(upload.fields)) form.append(name, value);
  form.append('file', new Blob([bytes], { type: 'text/plain' }), upload.fileName);
  t.equal((await fetch(upload.url, { method: 'POST', body: form })).status, 204);
  const refused = await rejection(client.files.sessionUrl(session.id, { fileName: 'a.exe', contentType: 'text/plain', sizeBytes: 3 }));
  t.equal(refused.statusCode, 400);

  const done = await client.run('Find the top 3 wireless mice on amazon.com and save them to mice.csv', poll);
  t.equal(done.outputFiles.length, 1);
  const file = done.outputFiles[0];
  const output = await client.files.taskOutput(done.id, file?.id ?? '');
  conform(t, OP.taskOutput, 200, output);
  t.equal(output.fileName, 'mice.csv');
  const csv = await (await fetch(output.downloadUrl)).text();
  t.equal(csv.trim().split('\n').length, 4, 'a header and three rows');
  const missing = await rejection(client.files.taskOutput(done.id, '00000000-0000-4000-8000-000000000000'));
  t.equal(missing.statusCode, 404);
  t.equal(missing.message, 'Output file not found');
});

sdkTest('errors surface as BrowserUseError with the reference bodies', async (t, client) => {
  const unknown = await rejection(client.tasks.get('00000000-0000-4000-8000-000000000000'));
  t.equal(unknown.statusCode, 404);
  t.equal(unknown.message, 'Task not found');
  const invalid = await rejection(client.tasks.create({ task: 'x', structuredOutput: '{nope' }));
  t.equal(invalid.statusCode, 422);
});
