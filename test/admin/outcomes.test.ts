// Every outcome a test may need, reached three ways: the official SDK with nothing but task text (and
// the admin API for account limits), the Prefer header, and fault rules of the admin API.
import t from 'tap';
import type { Test } from 'tap';
import { BrowserUse, BrowserUseError } from 'browser-use-sdk/v3';
import type { SessionListResponse, SessionResponse } from '../../src/contract/types.generated.js';
import type { TestServer } from '../helpers/server.js';
import { startTestServer } from '../helpers/server.js';
import { admin } from './admin-check.js';

const NEUTRAL_TASK = 'Look up the weather forecast for Berlin on weather.com';
const COST_LIMIT = /cost limit/i;

/** Runs the session's task to its end on the manual clock and reads the session back. */
async function runToEnd(s: TestServer, id: string, key = 'test-key'): Promise<SessionResponse> {
  const advanced = await admin(s, 'POST', '/_mock/clock/advance', { body: { sessionId: id, to: 'end' } });
  if (advanced.status !== 200) throw new Error(advanced.text);
  return (await s.call<SessionResponse>('GET', `/sessions/${id}`, { key })).json;
}

async function rejectsWith(t: Test, promise: Promise<unknown>, status: number): Promise<BrowserUseError | undefined> {
  try {
    await promise;
    t.fail(`expected ${status}`);
    return undefined;
  } catch (error) {
    t.ok(error instanceof BrowserUseError, 'a BrowserUseError');
    t.equal((error as BrowserUseError).statusCode, status);
    return error as BrowserUseError;
  }
}

t.test('official SDK, task text only (each request moves the clock 100 s): client.run reaches every outcome', async (t) => {
  const s = await startTestServer(t, {}, { tickMs: 100_000 });
  const client = new BrowserUse({ apiKey: 'sdk-key', baseUrl: s.apiUrl, maxRetries: 0 });
  const poll = { interval: 1 };

  const success = await client.run(`${NEUTRAL_TASK} [mock:quick]`, poll);
  t.equal(success.status, 'stopped');
  t.equal(success.isTaskSuccessful, true);
  t.equal(success.stepCount, 1);

  const failure = await client.run(`${NEUTRAL_TASK} [mock:failure]`, poll);
  t.equal(failure.status, 'stopped');
  t.equal(failure.isTaskSuccessful, false);
  t.match(failure.output, /could not complete/);

  const error = await client.run(`${NEUTRAL_TASK} [mock:error]`, poll);
  t.equal(error.status, 'error');
  t.equal(error.isTaskSuccessful, false);
  t.equal(error.output, null);

  const timedOut = await client.run(`${NEUTRAL_TASK} [mock:timeout]`, poll);
  t.equal(timedOut.status, 'timed_out');
  t.equal(timedOut.isTaskSuccessful, false);
  t.equal(timedOut.output, null);

  const capped = await client.run(`${NEUTRAL_TASK} [mock:cost-limit]`, poll);
  t.equal(capped.status, 'stopped');
  t.equal(capped.isTaskSuccessful, false);
  t.match(capped.output, COST_LIMIT);
  t.ok(Number(capped.totalCostUsd) <= 10, 'never more than the default $10 cap');
  t.ok((capped.stepCount ?? 0) >= 1);

  // A client-given cap is reached sooner by the expensive scenario.
  const cheapCap = await client.run(`${NEUTRAL_TASK} [mock:expensive]`, { ...poll, maxCostUsd: 0.5 });
  t.equal(cheapCap.isTaskSuccessful, false);
  t.match(cheapCap.output, /cost limit of \$0\.5 /);
});

t.test('official SDK on a manual clock: outcomes, 4xx (402 from the balance) and 429 without any header', async (t) => {
  const s = await startTestServer(t);
  const client = new BrowserUse({ apiKey: 'test-key', baseUrl: s.apiUrl, maxRetries: 0 });

  const expectations: [string, Partial<SessionResponse>][] = [
    ['[mock:quick]', { status: 'stopped', isTaskSuccessful: true }],
    ['[mock:failure]', { status: 'stopped', isTaskSuccessful: false }],
    ['[mock:error]', { status: 'error', isTaskSuccessful: false, output: null }],
    ['[mock:timeout]', { status: 'timed_out', isTaskSuccessful: false, output: null }],
    ['[mock:cost-limit]', { status: 'stopped', isTaskSuccessful: false }],
  ];
  for (const [marker, expected] of expectations) {
    const created = await client.sessions.create({ task: `${NEUTRAL_TASK} ${marker}` });
    const done = await runToEnd(s, created.id);
    t.match(done, expected, marker);
    const read = await client.sessions.get(created.id);
    t.equal(read.status, expected.status, `${marker}: the SDK reads the same status`);
  }

  // 4xx: an unknown session, and a follow-up without a task.
  await rejectsWith(t, client.sessions.get('00000000-0000-4000-8000-000000000000'), 404);
  const idle = await client.sessions.create({ keepAlive: true });
  const unprocessable = await rejectsWith(t, client.sessions.create({ sessionId: idle.id }), 422);
  t.match(JSON.stringify(unprocessable?.detail), /task is required/);

  // 402: nothing left to spend, set through the admin API.
  await admin(s, 'PUT', '/_mock/keys/poor-key/balance', { body: { usd: '0' } });
  const poor = new BrowserUse({ apiKey: 'poor-key', baseUrl: s.apiUrl, maxRetries: 0 });
  await rejectsWith(t, poor.sessions.create({ task: NEUTRAL_TASK }), 402);

  // 429: the key's concurrency limit, set through the admin API.
  await admin(s, 'PUT', '/_mock/keys/test-key/concurrency', { body: { limit: 1 } });
  const tooMany = await rejectsWith(t, client.sessions.create({ task: NEUTRAL_TASK }), 429);
  t.match(JSON.stringify(tooMany?.detail), /Too many concurrent active sessions/);
  await admin(s, 'PUT', '/_mock/keys/test-key/concurrency', { body: { limit: null } });
  t.ok((await client.sessions.create({ task: NEUTRAL_TASK })).id, 'the default limit applies again');
});

t.test('Prefer header: scenario by name and forced statuses (plain HTTP)', async (t) => {
  const s = await startTestServer(t);
  const outcomes: [string, Partial<SessionResponse>][] = [
    ['quick', { status: 'stopped', isTaskSuccessful: true }],
    ['success', { status: 'stopped', isTaskSuccessful: true }],
    ['failure', { status: 'stopped', isTaskSuccessful: false }],
    ['error', { status: 'error', isTaskSuccessful: false, output: null }],
    ['timeout', { status: 'timed_out', isTaskSuccessful: false, output: null }],
    ['cost-limit', { status: 'stopped', isTaskSuccessful: false }],
  ];
  for (const [name, expected] of outcomes) {
    const created = await s.call<SessionResponse>('POST', '/sessions', { body: { task: NEUTRAL_TASK }, headers: { Prefer: `scenario=${name}` } });
    t.equal(created.status, 200);
    t.equal(created.headers.get('preference-applied'), `scenario=${name}`);
    const done = await runToEnd(s, created.json.id);
    t.match(done, expected, `Prefer: scenario=${name}`);
    if (name === 'cost-limit') t.match(done.output, COST_LIMIT);
  }

  const before = (await s.call<SessionListResponse>('GET', '/sessions')).json.total;
  for (const code of [401, 402, 404, 409, 413, 422, 429]) {
    const forced = await s.call<{ detail: unknown }>('POST', '/sessions', { body: { task: NEUTRAL_TASK }, headers: { Prefer: `code=${code}` } });
    t.equal(forced.status, code, `Prefer: code=${code}`);
    t.equal(forced.headers.get('preference-applied'), `code=${code}`);
    t.ok(forced.json.detail, 'a detail body (the contract check validated its schema)');
  }
  const tooMany = await s.call<{ detail: string }>('POST', '/sessions', { body: { task: NEUTRAL_TASK }, headers: { Prefer: 'code=429' } });
  t.equal(tooMany.json.detail, 'Too many concurrent active sessions. Please wait for one to finish, kill one, or upgrade your plan.', "the schema's default detail");
  t.equal((await s.call<SessionListResponse>('GET', '/sessions')).json.total, before, 'forced answers create nothing');
});

t.test('admin API: fault rules reach every outcome, also for the SDK', async (t) => {
  const s = await startTestServer(t);
  const client = new BrowserUse({ apiKey: 'test-key', baseUrl: s.apiUrl, maxRetries: 0 });
  const outcomes: [string, Partial<SessionResponse>][] = [
    ['success', { status: 'stopped', isTaskSuccessful: true }],
    ['failure', { status: 'stopped', isTaskSuccessful: false }],
    ['error', { status: 'error', isTaskSuccessful: false, output: null }],
    ['timeout', { status: 'timed_out', isTaskSuccessful: false, output: null }],
    ['cost-limit', { status: 'stopped', isTaskSuccessful: false }],
  ];
  for (const [scenario, expected] of outcomes) {
    const rule = await admin(s, 'POST', '/_mock/faults', { body: { match: { method: 'POST', path: '/sessions' }, scenario, times: 1 } });
    t.equal(rule.status, 201);
    const created = await client.sessions.create({ task: `${NEUTRAL_TASK} [mock:quick]` });
    const done = await runToEnd(s, created.id);
    t.match(done, expected, `fault rule scenario=${scenario} wins over the task's marker`);
  }
  t.same((await admin<unknown[]>(s, 'GET', '/_mock/faults')).json, [], 'every rule ran out');

  await admin(s, 'POST', '/_mock/faults', { body: { match: { method: 'POST', path: '/sessions' }, respond: { status: 429 }, times: 1 } });
  const limited = await rejectsWith(t, client.sessions.create({ task: NEUTRAL_TASK }), 429);
  t.match(JSON.stringify(limited?.detail), /Too many concurrent/, 'the declared 429 body');

  await admin(s, 'POST', '/_mock/faults', { body: { match: { method: 'GET', path: '/sessions/*' }, respond: { status: 404, body: { detail: 'Session not found' } }, times: 1 } });
  const someId = (await client.sessions.create({ task: NEUTRAL_TASK })).id;
  await rejectsWith(t, client.sessions.get(someId), 404);
  t.equal((await client.sessions.get(someId)).id, someId, 'the rule ran out: the session is there');

  await admin(s, 'POST', '/_mock/faults', { body: { match: { path: '/sessions' }, respond: { status: 422 }, times: 1 } });
  await rejectsWith(t, client.sessions.list(), 422);

  await admin(s, 'POST', '/_mock/faults', { body: { match: { path: '/sessions' }, respond: { status: 503 }, times: 1 } });
  await rejectsWith(t, client.sessions.list(), 503);
});
