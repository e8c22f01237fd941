// browser-use-mock/msw as a unit test uses it: msw/node's setupServer with the handlers, the official
// client constructed without baseUrl (so it calls the cloud's origin), no port anywhere.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { setupServer } from 'msw/node';
import { BrowserUse } from 'browser-use-sdk/v3';
import { CLOUD_ORIGIN, createMockHandlers } from '../../src/msw.js';
import type { MockHandlers } from '../../src/msw.js';

const fixtures = new URL('../../fixtures', import.meta.url).pathname;

t.test('the README recipe: manual clock, seed, advance, reset, files, through the cloud URL', async (t) => {
  const mock: MockHandlers = await createMockHandlers({ clock: 'manual', seed: 'msw', fixtures });
  const server = setupServer(...mock.handlers);
  server.listen({ onUnhandledRequest: 'error' });
  t.teardown(async () => {
    server.close();
    await mock.close();
  });
  t.equal(mock.apiUrl, `${CLOUD_ORIGIN}/api/v3`);

  const client = new BrowserUse({ apiKey: 'unit-test', maxRetries: 0 });
  const session = await client.sessions.create({ task: 'Buy a mouse on amazon.com [mock:failure]' });
  t.equal(session.status, 'created');
  const step = await mock.advanceTo(session.id, 'next-step');
  t.equal(step.session?.status, 'running');
  await mock.advanceTo(session.id);
  const done = await client.sessions.get(session.id);
  t.equal(done.status, 'stopped');
  t.equal(done.isTaskSuccessful, false);
  t.match(done.liveUrl, new RegExp(`^${CLOUD_ORIGIN}/live/`), 'URLs the emulator hands out name the intercepted origin');

  const moved = await mock.advance(60_000);
  t.type(moved.epochMs, 'number');
  await t.rejects(mock.advance(-1), /ms: expected a number of milliseconds >= 0/, 'admin errors become plain errors');

  // The SDK's own file transfer follows the presigned URLs, which the handlers answer as well.
  const dir = mkdtempSync(join(tmpdir(), 'msw-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'notes.txt'), 'in process');
  const workspace = await client.workspaces.create({ name: 'msw' });
  await client.workspaces.upload(workspace.id, join(dir, 'notes.txt'));
  const local = await client.workspaces.download(workspace.id, 'notes.txt', { to: join(dir, 'back.txt') });
  t.equal(readFileSync(local, 'utf8'), 'in process', 'presigned upload and download URLs name the intercepted origin');

  await mock.reset();
  await t.rejects(client.sessions.get(session.id), /Session not found/, 'reset forgets everything');
});

t.test('client.run on a real clock; errors pass through unchanged', async (t) => {
  const mock = await createMockHandlers({ speed: 20_000, seed: 'msw-run' });
  const server = setupServer(...mock.handlers);
  server.listen({ onUnhandledRequest: 'error' });
  t.teardown(async () => {
    server.close();
    await mock.close();
  });
  const client = new BrowserUse({ apiKey: 'unit-test', maxRetries: 0 });
  const result = await client.run('Open example.com and read the heading [mock:quick]', { interval: 5, timeout: 10_000 });
  t.equal(result.status, 'stopped');
  t.equal(result.isTaskSuccessful, true);

  const invalid = await fetch(`${mock.apiUrl}/sessions`, { method: 'POST', headers: { 'X-Browser-Use-API-Key': 'k', 'Content-Type': 'application/json' }, body: '{"maxCostUsd":"lots"}' });
  t.equal(invalid.status, 422);
  const detail = ((await invalid.json()) as { detail: { loc: unknown[] }[] }).detail;
  t.same(detail[0]?.loc, ['body', 'maxCostUsd'], 'validation bodies as FastAPI writes them');

  const page = await fetch(result.liveUrl ?? '');
  t.equal(page.status, 200, 'fetch can read the live page; only a real browser cannot open it');
});

t.test('another origin, and the emulator answers only that origin', async (t) => {
  const mock = await createMockHandlers({ origin: 'http://browser-use.test/ignored/path' });
  const server = setupServer(...mock.handlers);
  server.listen({ onUnhandledRequest: 'bypass' });
  t.teardown(async () => {
    server.close();
    await mock.close();
  });
  t.equal(mock.apiUrl, 'http://browser-use.test/api/v3');
  const client = new BrowserUse({ apiKey: 'k', baseUrl: mock.apiUrl, maxRetries: 0 });
  t.equal((await client.sessions.list()).sessions.length, 0);
  t.equal(mock.handlers.length, 1);
});

t.test('the v2 client entry through the handlers: the same profiles and balance as v3', async (t) => {
  const { BrowserUse: BrowserUseV2 } = await import('browser-use-sdk');
  const mock = await createMockHandlers({ clock: 'manual', seed: 'msw-v2' });
  const server = setupServer(...mock.handlers);
  server.listen({ onUnhandledRequest: 'error' });
  t.teardown(async () => {
    server.close();
    await mock.close();
  });
  t.equal(mock.apiV2Url, `${CLOUD_ORIGIN}/api/v2`);
  const v2 = new BrowserUseV2({ apiKey: 'unit-v2', baseUrl: mock.apiV2Url, maxRetries: 0 });
  const v3 = new BrowserUse({ apiKey: 'unit-v2', maxRetries: 0 });
  const profile = await v2.profiles.create({ name: 'shared' });
  t.equal((await v3.profiles.get(profile.id)).name, 'shared');
  await v2.browsers.create({ timeout: 10 });
  t.equal((await v3.billing.account()).totalCreditsBalanceUsd, 99.99, 'a v2 browser is charged to the one balance');
});
