// Time control: reading the clock, advancing by duration or to a session's next step or end, and the
// promise that a seed plus a manual clock make two runs byte-for-byte identical.
import t from 'tap';
import type { MessageListResponse, SessionResponse } from '../../src/contract/types.generated.js';
import type { TestServer } from '../helpers/server.js';
import { startTestServer } from '../helpers/server.js';
import { admin } from './admin-check.js';

type ClockBody = { now: string; epochMs: number; mode: string; speed: number; advancedMs?: number; session?: { id: string; status: string } };

t.test('GET /_mock/clock and advancing by ms', async (t) => {
  const s = await startTestServer(t);
  const clock = await admin<ClockBody>(s, 'GET', '/_mock/clock');
  t.same(clock.json, { now: '2026-01-01T00:00:00Z', epochMs: Date.UTC(2026, 0, 1), mode: 'manual', speed: 0 });
  const moved = await admin<ClockBody>(s, 'POST', '/_mock/clock/advance', { body: { ms: 1500.7 } });
  t.equal(moved.status, 200);
  t.equal(moved.json.now, '2026-01-01T00:00:01.500000Z');
  t.equal(moved.json.advancedMs, 1500);
  t.equal(s.state.clock.now(), Date.UTC(2026, 0, 1) + 1500);

  for (const body of [{ ms: -1 }, { ms: 'soon' }, {}, { ms: 1, sessionId: 'x', to: 'end' }, { sessionId: 'x' }, { sessionId: 'x', to: 'later' }, { minutes: 3 }]) {
    const bad = await admin<{ detail: string }>(s, 'POST', '/_mock/clock/advance', { body });
    t.equal(bad.status, 400, JSON.stringify(body));
    t.type(bad.json.detail, 'string');
  }
  const notJson = await admin<{ detail: string }>(s, 'POST', '/_mock/clock/advance', { raw: '{ms: 3}', headers: { 'content-type': 'application/json' } });
  t.equal(notJson.status, 400);
  t.match(notJson.json.detail, /not valid JSON/);
  const unknown = await admin(s, 'POST', '/_mock/clock/advance', { body: { sessionId: '00000000-0000-4000-8000-000000000000', to: 'end' } });
  t.equal(unknown.status, 404);
});

t.test('a real clock refuses to be advanced with 409', async (t) => {
  const s = await startTestServer(t, { clock: 'real', speed: 2 });
  const clock = await admin<ClockBody>(s, 'GET', '/_mock/clock');
  t.equal(clock.json.mode, 'real');
  t.equal(clock.json.speed, 2);
  const refused = await admin<{ detail: string }>(s, 'POST', '/_mock/clock/advance', { body: { ms: 1000 } });
  t.equal(refused.status, 409);
  t.match(refused.json.detail, /clock is real.*--clock manual.*BU_MOCK_CLOCK=manual/);
});

t.test('next-step walks a task step by step; end jumps to its end', async (t) => {
  const s = await startTestServer(t);
  const created = await s.call<SessionResponse>('POST', '/sessions', { body: { task: 'Find the best-rated wireless mouse on amazon.com', keepAlive: true } });
  const id = created.json.id;
  const plan = s.state.machine.planOf(s.state.projects.get('test-key').sessions.get(id)?.tasks[0] ?? t.fail('no task') as never);
  let steps = 0;
  for (;;) {
    const moved = await admin<ClockBody>(s, 'POST', '/_mock/clock/advance', { body: { sessionId: id, to: 'next-step' } });
    const session = (await s.call<SessionResponse>('GET', `/sessions/${id}`)).json;
    if (moved.json.session?.status !== 'running') {
      t.equal(session.status, 'idle', 'the last advance ends the task (keepAlive: idle)');
      break;
    }
    steps++;
    t.equal(session.stepCount, steps, `exactly one more step after advance ${steps}`);
    t.equal(session.updatedAt, moved.json.now, 'the step completed at the new now');
  }
  t.equal(steps, plan.steps.length, 'one advance per step');

  // Idle: the next thing that happens is the idle timeout.
  const idle = await admin<ClockBody>(s, 'POST', '/_mock/clock/advance', { body: { sessionId: id, to: 'next-step' } });
  t.equal(idle.json.advancedMs, 15 * 60_000);
  t.equal(idle.json.session?.status, 'timed_out');
  const over = await admin<{ detail: string }>(s, 'POST', '/_mock/clock/advance', { body: { sessionId: id, to: 'end' } });
  t.equal(over.status, 409);
  t.match(over.json.detail, /Session is timed out: nothing is left/);

  const second = await s.call<SessionResponse>('POST', '/sessions', { body: { task: 'Summarise the front page of news.ycombinator.com [mock:long]' } });
  const booting = await admin<ClockBody>(s, 'POST', '/_mock/clock/advance', { body: { sessionId: second.json.id, to: 'next-step' } });
  t.equal(booting.json.session?.status, 'running');
  t.equal((await s.call<SessionResponse>('GET', `/sessions/${second.json.id}`)).json.stepCount, 1, 'from the boot straight to the first step');
  const end = await admin<ClockBody>(s, 'POST', '/_mock/clock/advance', { body: { sessionId: second.json.id.replace(/-/g, '').toUpperCase(), to: 'end' } });
  t.equal(end.json.session?.status, 'stopped', 'ids are accepted in any UUID form');
  t.equal((await s.call<SessionResponse>('GET', `/sessions/${second.json.id}`)).json.stepCount, 50);

  const hanging = await s.call<SessionResponse>('POST', '/sessions', { body: { task: 'Wait for the page [mock:timeout]' } });
  const limit = await admin<ClockBody>(s, 'POST', '/_mock/clock/advance', { body: { sessionId: hanging.json.id, to: 'end' } });
  t.equal(limit.json.session?.status, 'timed_out');
  t.equal(Date.parse(limit.json.now) - Date.parse(hanging.json.createdAt), 4 * 3600_000, 'a hanging run ends at the 4-hour limit');
});

/** One complete client session, recorded as status + body of every response. */
async function fullRun(s: TestServer): Promise<string[]> {
  const log: string[] = [];
  const record = async (method: string, path: string, body?: unknown, key?: string): Promise<string> => {
    const r = await s.call(method, path, { body, key });
    log.push(`${method} ${path.replace(/[0-9a-f-]{36}/g, ':id')} ${r.status} ${r.text}`);
    return r.text;
  };
  const first = JSON.parse(await record('POST', '/sessions', { task: 'Find the best-rated wireless mouse under $50 on amazon.com', keepAlive: true })) as SessionResponse;
  await record('POST', '/_mock/clock/advance', { ms: 2500 });
  await record('GET', `/sessions/${first.id}`);
  await record('POST', '/_mock/clock/advance', { sessionId: first.id, to: 'next-step' });
  await record('GET', `/sessions/${first.id}`);
  await record('GET', `/sessions/${first.id}/messages?limit=100`);
  await record('POST', '/_mock/clock/advance', { sessionId: first.id, to: 'end' });
  await record('GET', `/sessions/${first.id}`);
  const messages = JSON.parse(await record('GET', `/sessions/${first.id}/messages?limit=3`)) as MessageListResponse;
  await record('GET', `/sessions/${first.id}/messages?before=${messages.messages[0]?.id ?? ''}&limit=5`);
  await record('POST', '/sessions', { sessionId: first.id, task: 'Now save the top 3 to mice.csv [mock:long]', keepAlive: true, maxCostUsd: 5 });
  await record('POST', '/_mock/clock/advance', { ms: 7000 });
  await record('POST', `/sessions/${first.id}/stop`, { strategy: 'task' });
  await record('GET', `/sessions/${first.id}`);
  const second = JSON.parse(await record('POST', '/sessions', { task: 'Check the weather in Tokyo', outputSchema: { type: 'object', properties: { city: { type: 'string' }, tempC: { type: 'number' } }, required: ['city', 'tempC'] } }, 'other-key')) as SessionResponse;
  await record('POST', '/_mock/clock/advance', { sessionId: second.id, to: 'end' });
  await record('GET', `/sessions/${second.id}`, undefined, 'other-key');
  await record('POST', `/sessions/${first.id}/stop`, {});
  await record('GET', '/sessions?page_size=10');
  await record('GET', '/sessions', undefined, 'other-key');
  await record('GET', '/_mock/keys');
  await record('GET', '/_mock/keys/test-key/state');
  await record('GET', '/_mock/clock');
  return log;
}

t.test('seed + manual clock: two full runs are byte-for-byte identical', async (t) => {
  const config = { seed: 'determinism', publicUrl: 'http://mock.test' };
  const a = await fullRun(await startTestServer(t, config));
  const b = await fullRun(await startTestServer(t, config));
  t.equal(a.length, 23);
  t.ok(a.every((line) => !/ 5\d\d /.test(line.split(' {')[0] ?? '')), 'no server errors or contract violations');
  t.equal(b.join('\n'), a.join('\n'), 'identical bodies, timestamps and ids included');
  t.match(a.join('\n'), /"updatedAt":"2026-01-01T00:0\d:\d\d\.\d{6}Z"/, 'timestamps carry simulated sub-second times');

  // A full reset rewinds the manual clock: the same run in the same process is identical again.
  const s = await startTestServer(t, config);
  const first = await fullRun(s);
  const reset = await admin(s, 'POST', '/_mock/reset');
  t.same(reset.json, { reset: 'all' });
  t.equal((await fullRun(s)).join('\n'), first.join('\n'), 'identical after POST /_mock/reset');
  t.equal(first.join('\n'), a.join('\n'));

  const other = await fullRun(await startTestServer(t, { ...config, seed: 'another-seed' }));
  t.not(other.join('\n'), a.join('\n'), 'another seed gives another run');
});
