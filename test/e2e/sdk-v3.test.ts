// Conformance of the BUILT emulator with the official client, browser-use-sdk/v3: every method, run as
// users run the emulator (`node dist/cli.js`, environment variables, real HTTP). Each response the
// client receives is checked against openapi/v3.json by operation and status (watchFetch), and every
// object a method returns is validated against its operation's response schema (conform).
// Not covered: browsers.downloads — GET /browsers/{id}/downloads is not an operation of the v3 reference.
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import type { Test } from 'tap';
import { BrowserUse, BrowserUseError } from 'browser-use-sdk/v3';
import type { MessageResponse, SessionResponse } from 'browser-use-sdk/v3';
import { z } from 'zod';
import { contractChecker } from '../helpers/contract-check.js';
import { startBuiltServer } from '../helpers/built-server.js';
import { rejection as rejectionOf, sdkTests } from './sdk-harness.js';

const server = await startBuiltServer(t, { BU_MOCK_SPEED: '100', LOG_LEVEL: 'warn' });
const watch = contractChecker.watchFetch(server.apiUrl);
t.teardown(() => watch.restore());

/** The client polls every 20 ms: at 100x a simulated second passes in 10 ms, and a 15-minute idle timeout
 * leaves 9 s of wall time between two calls of a test, enough on a busy machine. */
const poll = { interval: 20, timeout: 60_000 };
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const OP = {
  createSession: 'create_session_sessions_post',
  listSessions: 'list_sessions_sessions_get',
  getSession: 'get_session_sessions__session_id__get',
  stopSession: 'stop_session_sessions__session_id__stop_post',
  messages: 'list_session_messages_sessions__session_id__messages_get',
  listBrowsers: 'list_browser_sessions_browsers_get',
  createBrowser: 'create_browser_session_browsers_post',
  getBrowser: 'get_browser_session_browsers__session_id__get',
  updateBrowser: 'update_browser_session_browsers__session_id__patch',
  listProfiles: 'list_profiles_profiles_get',
  createProfile: 'create_profile_profiles_post',
  getProfile: 'get_profile_profiles__profile_id__get',
  updateProfile: 'update_profile_profiles__profile_id__patch',
  listWorkspaces: 'list_workspaces_workspaces_get',
  createWorkspace: 'create_workspace_workspaces_post',
  getWorkspace: 'get_workspace_workspaces__workspace_id__get',
  updateWorkspace: 'update_workspace_workspaces__workspace_id__patch',
  listFiles: 'list_workspace_files_workspaces__workspace_id__files_get',
  size: 'get_workspace_size_workspaces__workspace_id__size_get',
  uploadFiles: 'upload_workspace_files_workspaces__workspace_id__files_upload_post',
  account: 'get_account_billing_billing_account_get',
} as const;

/** What a returned object must match: the response schema of its operation and status. */
function conform(t: Test, operationId: string, status: number, value: unknown): void {
  const problem = contractChecker.checkValue(operationId, status, value);
  t.equal(problem, undefined, `${operationId} ${status}: the returned object matches the document`);
}

function conformMessage(t: Test, message: MessageResponse): void {
  const problem = contractChecker.checkComponent('MessageResponse', message);
  if (problem) t.fail(`message ${message.id}: ${problem}`);
}

const rejection = (promise: Promise<unknown>): Promise<BrowserUseError> => rejectionOf(promise, BrowserUseError);

const sdkTest = sdkTests({ client: (key) => new BrowserUse({ apiKey: key, baseUrl: server.apiUrl, maxRetries: 0 }), keyPrefix: 'sdk-v3', document: 'openapi/v3.json', watch });

async function waitForStatus(client: BrowserUse, id: string, status: SessionResponse['status']): Promise<SessionResponse> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const session = await client.sessions.get(id);
    if (session.status === status) return session;
    if (Date.now() > deadline) throw new Error(`session ${id} never reached ${status} (now ${session.status})`);
    await sleep(5);
  }
}

// ---------------------------------------------------------------------------------------------
// Sessions

sdkTest('sessions: create, get, list, messages, stop, delete', async (t, client) => {
  const created = await client.sessions.create();
  conform(t, OP.createSession, 200, created);
  t.equal(created.status, 'created');
  const idle = await waitForStatus(client, created.id, 'idle');
  conform(t, OP.getSession, 200, idle);

  const list = await client.sessions.list({ page: 1, page_size: 10 });
  conform(t, OP.listSessions, 200, list);
  t.same(list.sessions.map((s) => s.id), [created.id]);
  t.equal(list.total, 1);

  const messages = await client.sessions.messages(created.id, { limit: 10 });
  conform(t, OP.messages, 200, messages);
  t.same(messages, { messages: [], hasMore: false }, 'no task, no messages');

  const stopped = await client.sessions.stop(created.id);
  conform(t, OP.stopSession, 200, stopped);
  t.equal(stopped.status, 'stopped', 'default strategy: the session');

  t.equal(await client.sessions.delete(created.id), undefined, 'delete resolves with nothing (204)');
  const gone = await rejection(client.sessions.get(created.id));
  t.equal(gone.statusCode, 404);
  t.equal(gone.message, 'Session not found');
  t.equal((await client.sessions.list()).total, 0, 'a deleted session is not listed');
});

sdkTest('sessions.stop both ways: strategy task keeps the session, strategy session ends it', async (t, client) => {
  // [mock:timeout] hangs until the 4-hour limit (about 144 s here), so the task is reliably caught running.
  const session = await client.sessions.create({ task: 'Read every story on news.ycombinator.com [mock:timeout]', keepAlive: true });
  await waitForStatus(client, session.id, 'running');
  const taskStopped = await client.sessions.stop(session.id, { strategy: 'task' });
  conform(t, OP.stopSession, 200, taskStopped);
  t.equal(taskStopped.status, 'idle', 'the session waits for the next task');
  t.equal(taskStopped.isTaskSuccessful, false);

  const again = await client.sessions.create({ sessionId: session.id, task: 'Read the comments [mock:timeout]' });
  conform(t, OP.createSession, 200, again);
  await waitForStatus(client, session.id, 'running');
  const sessionStopped = await client.sessions.stop(session.id, { strategy: 'session' });
  conform(t, OP.stopSession, 200, sessionStopped);
  t.equal(sessionStopped.status, 'stopped');
  const refused = await rejection(client.sessions.create({ sessionId: session.id, task: 'One more' }));
  t.equal(refused.statusCode, 409, 'a stopped session takes no more tasks');
});

sdkTest('client.run without a schema: polls to the end, output is text', async (t, client) => {
  const result = await client.run('Find the top story on news.ycombinator.com [mock:quick]', poll);
  conform(t, OP.getSession, 200, result);
  t.equal(result.status, 'stopped');
  t.equal(result.isTaskSuccessful, true);
  t.type(result.output, 'string');
  t.ok((result.stepCount ?? 0) >= 1);
});

sdkTest('client.run with a zod schema: the output parses', async (t, client) => {
  const Story = z.object({ title: z.string(), points: z.number().int().min(0), url: z.string().url(), tags: z.array(z.string()).max(3) });
  const run = client.run('Find the top story on news.ycombinator.com', { ...poll, schema: Story });
  const result = await run;
  conform(t, OP.getSession, 200, result);
  t.equal(result.isTaskSuccessful, true);
  t.ok(Story.safeParse(result.output).success, 'structured output validates against the schema');
  const stored = await client.sessions.get(run.sessionId ?? '');
  t.type(stored.outputSchema, 'object', 'the JSON Schema the client derived is stored');
});

sdkTest('for await: streams every message once, in order, then .result', async (t, client) => {
  const run = client.run('Open github.com and read the trending page', poll);
  const seen: MessageResponse[] = [];
  for await (const message of run) {
    conformMessage(t, message);
    seen.push(message);
  }
  const ids = seen.map((m) => m.id);
  t.equal(new Set(ids).size, ids.length, 'no duplicates');
  t.equal(seen[0]?.type, 'user_message');
  t.equal(seen[seen.length - 1]?.type, 'completion');
  t.ok(run.result, '.result is set after the loop');
  conform(t, OP.getSession, 200, run.result);
  const stored = await client.sessions.messages(run.sessionId ?? '', { limit: 100 });
  t.same(stored.messages.map((m) => m.id), ids, 'the stream is the stored history');
});

sdkTest('follow-up client.run with sessionId: only the new task streams', async (t, client) => {
  const first = await client.run('Open amazon.com and search for a keyboard [mock:quick]', { ...poll, keepAlive: true });
  conform(t, OP.getSession, 200, first);
  t.equal(first.status, 'idle', 'keepAlive: idle after the task');

  const follow = client.run('Now open the first result [mock:quick]', { ...poll, sessionId: first.id });
  const seen: MessageResponse[] = [];
  for await (const message of follow) {
    conformMessage(t, message);
    seen.push(message);
  }
  t.equal(follow.sessionId, first.id, 'same session');
  t.equal(seen[0]?.data, 'Now open the first result [mock:quick]', 'the stream starts at the follow-up task');
  t.equal(follow.result?.status, 'idle', 'the client sends keepAlive: true for follow-ups');

  const awaited = await client.run('And read its price [mock:quick]', { ...poll, sessionId: first.id, keepAlive: false });
  conform(t, OP.getSession, 200, awaited);
  t.equal(awaited.status, 'stopped');
  t.type(awaited.output, 'string');
});

sdkTest('sessions.waitForRecording: URLs once a recorded task has run; empty without recording', async (t, client) => {
  const recorded = await client.run('Open example.com [mock:quick]', { ...poll, enableRecording: true });
  const urls = await client.sessions.waitForRecording(recorded.id, { timeout: 10_000, interval: 20 });
  t.ok(urls.length >= 1, `${urls.length} recording URL(s)`);
  for (const url of urls) t.match(url, /^http:\/\/127\.0\.0\.1:\d+\/.*\.mp4\?/, 'a presigned MP4 URL on the emulator');
  const video = await fetch(urls[0] ?? '');
  t.equal(video.status, 200, 'the recording downloads');
  t.equal(video.headers.get('content-type'), 'video/mp4');
  t.ok((await video.arrayBuffer()).byteLength > 0, 'with some bytes');
  const plain = await client.run('Open example.com [mock:quick]', poll);
  t.same(await client.sessions.waitForRecording(plain.id, { timeout: 200, interval: 20 }), [], 'no recording asked for: none');
});

sdkTest('errors reach the client as BrowserUseError with the documented status', async (t, client) => {
  const missing = await rejection(client.sessions.get('3c90c3cc-0d44-4b50-8888-8dd25736052a'));
  t.equal(missing.statusCode, 404);
  const invalid = await rejection(client.sessions.list({ page_size: 1000 }));
  t.equal(invalid.statusCode, 422);
  t.match(invalid.detail, { detail: [{ loc: ['query', 'page_size'] }] });
  const followUpWithoutTask = await rejection(client.sessions.create({ sessionId: '3c90c3cc-0d44-4b50-8888-8dd25736052a' }));
  t.equal(followUpWithoutTask.statusCode, 422);
});

// ---------------------------------------------------------------------------------------------
// Browsers

sdkTest('browsers: create, list, get, update (stop), stop', async (t, client) => {
  const browser = await client.browsers.create({});
  conform(t, OP.createBrowser, 201, browser);
  t.equal(browser.status, 'active');
  const list = await client.browsers.list({ pageSize: 10, pageNumber: 1 });
  conform(t, OP.listBrowsers, 200, list);
  t.ok(list.items.some((b) => b.id === browser.id), 'listed');
  const got = await client.browsers.get(browser.id);
  conform(t, OP.getBrowser, 200, got);
  t.equal(got.id, browser.id);
  const updated = await client.browsers.update(browser.id, { action: 'stop' });
  conform(t, OP.updateBrowser, 200, updated);
  t.equal(updated.status, 'stopped');

  const second = await client.browsers.create({ proxyCountryCode: 'de', timeout: 30 });
  conform(t, OP.createBrowser, 201, second);
  const stopped = await client.browsers.stop(second.id);
  conform(t, OP.updateBrowser, 200, stopped);
  t.equal(stopped.status, 'stopped');
  const missing = await rejection(client.browsers.get('3c90c3cc-0d44-4b50-8888-8dd25736052a'));
  t.equal(missing.statusCode, 404);
});

// ---------------------------------------------------------------------------------------------
// Profiles

sdkTest('profiles: create, list, get, update, delete', async (t, client) => {
  const profile = await client.profiles.create({ name: 'Shopper', userId: 'user-1' });
  conform(t, OP.createProfile, 201, profile);
  t.equal(profile.name, 'Shopper');
  const list = await client.profiles.list();
  conform(t, OP.listProfiles, 200, list);
  t.ok(list.items.some((p) => p.id === profile.id), 'listed');
  const got = await client.profiles.get(profile.id);
  conform(t, OP.getProfile, 200, got);
  const updated = await client.profiles.update(profile.id, { name: 'Buyer' });
  conform(t, OP.updateProfile, 200, updated);
  t.equal(updated.name, 'Buyer');
  t.equal(updated.userId, 'user-1', 'fields not sent stay as they were');
  t.equal(await client.profiles.delete(profile.id), undefined, 'delete resolves with nothing (204)');
  t.equal((await rejection(client.profiles.get(profile.id))).statusCode, 404);
});

// ---------------------------------------------------------------------------------------------
// Workspaces

sdkTest('workspaces: create, list, get, update, delete', async (t, client) => {
  const workspace = await client.workspaces.create({ name: 'Reports' });
  conform(t, OP.createWorkspace, 201, workspace);
  const list = await client.workspaces.list({ pageSize: 10, pageNumber: 1 });
  conform(t, OP.listWorkspaces, 200, list);
  t.ok(list.items.some((w) => w.id === workspace.id), 'listed');
  const got = await client.workspaces.get(workspace.id);
  conform(t, OP.getWorkspace, 200, got);
  const updated = await client.workspaces.update(workspace.id, { name: 'Archive' });
  conform(t, OP.updateWorkspace, 200, updated);
  t.equal(updated.name, 'Archive');
  t.equal(await client.workspaces.delete(workspace.id), undefined, 'delete resolves with nothing (204)');
  t.equal((await rejection(client.workspaces.get(workspace.id))).statusCode, 404);
});

sdkTest('workspaces files: uploadFiles, files, size, upload, download, downloadAll, deleteFile', async (t, client) => {
  const dir = mkdtempSync(join(tmpdir(), 'bu-sdk-v3-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const workspace = await client.workspaces.create({ name: 'Files' });

  // The two-step flow: ask for presigned URLs, then PUT the bytes.
  const targets = await client.workspaces.uploadFiles(workspace.id, { files: [{ name: 'notes.txt', contentType: 'text/plain', size: 5 }] });
  conform(t, OP.uploadFiles, 200, targets);
  const target = targets.files[0];
  t.ok(target, 'one upload target');
  if (!target) return;
  const put = await fetch(target.uploadUrl, { method: 'PUT', headers: { 'Content-Type': 'text/plain' }, body: 'hello' });
  t.equal(put.status, 200, 'the presigned PUT is accepted');

  // The helper flow: local files, with a prefix.
  const csv = join(dir, 'data.csv');
  const json = join(dir, 'config.json');
  writeFileSync(csv, 'a,b\n1,2\n');
  writeFileSync(json, '{"ok":true}\n');
  const remote = await client.workspaces.upload(workspace.id, csv, json, { prefix: 'uploads/' });
  t.same(remote, ['uploads/data.csv', 'uploads/config.json']);

  const files = await client.workspaces.files(workspace.id);
  conform(t, OP.listFiles, 200, files);
  t.same(files.files.map((f) => f.path).sort(), ['notes.txt', 'uploads/config.json', 'uploads/data.csv'].sort());
  const withUrls = await client.workspaces.files(workspace.id, { prefix: 'uploads/', includeUrls: true });
  conform(t, OP.listFiles, 200, withUrls);
  t.ok(withUrls.files.every((f) => typeof f.url === 'string'), 'includeUrls: every file has a URL');

  const size = await client.workspaces.size(workspace.id);
  conform(t, OP.size, 200, size);

  const local = await client.workspaces.download(workspace.id, 'uploads/data.csv', { to: join(dir, 'back', 'data.csv') });
  t.equal(readFileSync(local, 'utf8'), 'a,b\n1,2\n', 'download returns the bytes uploaded');
  const all = await client.workspaces.downloadAll(workspace.id, { to: join(dir, 'all') });
  t.equal(all.length, 3, 'downloadAll fetched every file');
  t.equal(readFileSync(join(dir, 'all', 'notes.txt'), 'utf8'), 'hello');
  t.same(readdirSync(join(dir, 'all', 'uploads')).sort(), ['config.json', 'data.csv']);

  t.equal(await client.workspaces.deleteFile(workspace.id, 'notes.txt'), undefined, 'deleteFile resolves with nothing (204)');
  const after = await client.workspaces.files(workspace.id);
  conform(t, OP.listFiles, 200, after);
  t.notOk(after.files.some((f) => f.path === 'notes.txt'), 'the deleted file is gone');
});

// ---------------------------------------------------------------------------------------------
// Billing

sdkTest('billing.account', async (t, client) => {
  const account = await client.billing.account();
  conform(t, OP.account, 200, account);
  t.type(account.totalCreditsBalanceUsd, 'number');
});

// ---------------------------------------------------------------------------------------------
// Shutdown, as `docker stop` or Ctrl-C does it

t.test('SIGTERM ends the built server with exit code 0 within a second', async (t) => {
  t.same(watch.problems, [], 'no contract problem in the whole file');
  const ended = await server.stop();
  t.equal(ended.code, 0, `exit code 0 (${server.output().trim() || 'no output'})`);
  t.ok(ended.ms < 1000, `stopped in ${ended.ms} ms`);
});
