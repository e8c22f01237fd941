// The library entry as a test suite uses it: start on a free port, drive it with the official SDK,
// move its clock, reset it between tests, close it.
import t from 'tap';
import { BrowserUse } from 'browser-use-sdk/v3';
import { startMockServer } from '../../src/index.js';
import type { MockServer } from '../../src/index.js';

t.test('startMockServer: port 0, SDK-ready URLs, manual clock helpers, reset, close', async (t) => {
  const mock: MockServer = await startMockServer({ clock: 'manual', seed: 'library' });
  t.teardown(() => mock.close());
  t.match(mock.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  t.not(mock.url, 'http://127.0.0.1:4010', 'a free port, not the CLI default');
  t.equal(mock.apiUrl, `${mock.url}/api/v3`);

  const client = new BrowserUse({ apiKey: 'lib-key', baseUrl: mock.apiUrl, maxRetries: 0 });
  const session = await client.sessions.create({ task: 'Find the top story on news.ycombinator.com [mock:failure]' });
  const step = mock.advanceTo(session.id, 'next-step');
  t.equal(step.session?.status, 'running');
  const end = mock.advanceTo(session.id);
  t.equal(end.session?.status, 'stopped', 'to the end by default');
  const done = await client.sessions.get(session.id);
  t.equal(done.isTaskSuccessful, false);
  t.equal(done.updatedAt, end.now);

  const moved = mock.advance(60_000);
  t.equal(moved.epochMs, mock.clock.now());
  t.throws(() => mock.advance(-1), /ms: expected a number of milliseconds >= 0/);
  t.throws(() => mock.advanceTo(session.id), /Session is stopped: nothing is left to happen/);

  mock.reset();
  t.equal(mock.clock.now(), Date.UTC(2026, 0, 1), 'reset rewinds the manual clock');
  const gone = await client.sessions.get(session.id).then(
    () => 200,
    (error: { statusCode?: number }) => error.statusCode,
  );
  t.equal(gone, 404, 'and forgets the sessions');
  const again = await client.sessions.create({ task: 'Find the top story on news.ycombinator.com [mock:failure]' });
  t.equal(again.id, session.id, 'a reset emulator repeats the same ids: tests do not depend on their order');
});

t.test('options: fixtures directory, and a real clock that refuses advance()', async (t) => {
  const dir = t.testdir({ 'greet.yaml': 'match:\n  taskIncludes: say hello\nsteps:\n  count: 1\noutput: hello\n' });
  const mock = await startMockServer({ fixtures: dir, speed: 50_000 });
  t.teardown(() => mock.close());
  t.equal(mock.clock.mode, 'real');
  t.throws(() => mock.advance(1000), /The clock is real.*--clock manual/);
  const client = new BrowserUse({ apiKey: 'lib-key', baseUrl: mock.apiUrl, maxRetries: 0 });
  const result = await client.run('Please say hello', { interval: 5 });
  t.equal(result.output, 'hello');
  t.equal(result.stepCount, 1);
  t.equal(mock.state.scenarios.list()[0]?.name, 'greet');
});

t.test('apiV2Url serves the v2 API of the same emulator', async (t) => {
  const mock = await startMockServer({ clock: 'manual', seed: 'library-v2' });
  t.teardown(() => mock.close());
  t.equal(mock.apiV2Url, `${mock.url}/api/v2`);
  t.equal(mock.apiUrl, `${mock.url}/api/v3`, 'apiUrl unchanged');
  const made = await fetch(`${mock.apiV2Url}/profiles`, { method: 'POST', headers: { 'X-Browser-Use-API-Key': 'lib', 'Content-Type': 'application/json' }, body: '{"name":"p"}' });
  t.equal(made.status, 201);
  const { id } = (await made.json()) as { id: string };
  const seen = await fetch(`${mock.apiUrl}/profiles/${id}`, { headers: { 'X-Browser-Use-API-Key': 'lib' } });
  t.equal(seen.status, 200);
});
