// The official client (browser-use-sdk/v3) against the emulator: the flows users write.
import t from 'tap';
import { BrowserUse, BrowserUseError } from 'browser-use-sdk/v3';
import type { MessageResponse } from 'browser-use-sdk/v3';
import { z } from 'zod';
import { startTestServer } from '../helpers/server.js';

// The manual clock moves 10 simulated seconds with every API request, so each poll of client.run sees
// the run progress: no wall-clock waiting, and the same steps on a busy machine.
const TICK = { tickMs: 10_000 };
const poll = { interval: 1 };

t.test('client.run: polls to the end and returns the output', async (t) => {
  const s = await startTestServer(t, {}, TICK);
  const client = new BrowserUse({ apiKey: 'sdk-key', baseUrl: s.apiUrl, maxRetries: 0 });
  const result = await client.run('Find the top story on news.ycombinator.com', poll);
  t.equal(result.status, 'stopped');
  t.equal(result.isTaskSuccessful, true);
  t.type(result.output, 'string');
  t.ok((result.output ?? '').length > 20);
  t.ok((result.stepCount ?? 0) > 0);
  t.equal(result.title, 'Find the top story on news.ycombinator.com');
});

t.test('client.run with a zod schema: the output parses', async (t) => {
  const s = await startTestServer(t, {}, TICK);
  const client = new BrowserUse({ apiKey: 'sdk-key', baseUrl: s.apiUrl, maxRetries: 0 });
  const Product = z.object({
    title: z.string(),
    price: z.number().min(0).max(50),
    rating: z.number().min(1).max(5),
    url: z.string().url(),
    inStock: z.boolean(),
    tags: z.array(z.string()).min(1).max(3),
    seller: z.object({ name: z.string(), email: z.string().email() }),
    category: z.enum(['mice', 'keyboards']),
    releasedAt: z.string().datetime(),
    sku: z.string().optional(),
    discount: z.number().int().nullable(),
  });
  const result = await client.run('Find the best-rated wireless mouse under $50 on amazon.com', { ...poll, schema: Product });
  t.equal(result.isTaskSuccessful, true);
  t.ok(result.output, 'structured output present');
  t.equal(typeof result.output?.price, 'number');
  t.ok(['mice', 'keyboards'].includes(result.output?.category ?? ''));
  const parsed = Product.safeParse(result.output);
  t.ok(parsed.success, 'the schema-driven output validates');
});

t.test('for await: every message once, in order', async (t) => {
  const s = await startTestServer(t, {}, TICK);
  const client = new BrowserUse({ apiKey: 'sdk-key', baseUrl: s.apiUrl, maxRetries: 0 });
  const run = client.run('Open github.com and read the trending page [mock:long]', poll);
  const seen: MessageResponse[] = [];
  for await (const message of run) seen.push(message);
  const ids = seen.map((m) => m.id);
  t.equal(new Set(ids).size, ids.length, 'no duplicates');
  t.equal(seen[0]?.type, 'user_message');
  t.equal(seen[seen.length - 1]?.type, 'completion');
  const times = seen.map((m) => Date.parse(m.createdAt));
  t.same(times, [...times].sort((a, b) => a - b));
  t.equal(run.result?.status, 'stopped');
  // The stream the client saw is exactly the stored stream: page backwards from the newest.
  const sessionId = run.sessionId ?? '';
  const newest = await client.sessions.messages(sessionId, { limit: 100 });
  t.equal(newest.hasMore, true, 'a long run has more than one page');
  t.same(newest.messages.map((m) => m.id), ids.slice(-100), 'no cursor: the newest 100, oldest first');
  const stored = newest.messages.map((m) => m.id);
  let before = stored[0];
  for (;;) {
    const page = await client.sessions.messages(sessionId, { before, limit: 100 });
    stored.unshift(...page.messages.map((m) => m.id));
    if (!page.hasMore) break;
    before = page.messages[0]?.id;
  }
  t.same(stored, ids);
});

t.test('sessions.create, then follow-up runs with sessionId; stop both ways; delete; list', async (t) => {
  const s = await startTestServer(t, {}, TICK);
  const client = new BrowserUse({ apiKey: 'sdk-key', baseUrl: s.apiUrl, maxRetries: 0 });
  const session = await client.sessions.create({ keepAlive: true });
  t.equal(session.status, 'created');

  const first = client.run('Open amazon.com and search for a keyboard', { ...poll, sessionId: session.id });
  const firstMessages: MessageResponse[] = [];
  for await (const m of first) firstMessages.push(m);
  t.equal(first.result?.status, 'idle', 'keepAlive defaults to true for follow-ups in the client');
  t.equal(firstMessages[0]?.data, 'Open amazon.com and search for a keyboard');

  const second = client.run('Now add the first result to the cart', { ...poll, sessionId: session.id });
  const secondMessages: MessageResponse[] = [];
  for await (const m of second) secondMessages.push(m);
  t.equal(secondMessages[0]?.data, 'Now add the first result to the cart', 'the follow-up stream starts at its own task');
  t.notOk(secondMessages.some((m) => firstMessages.some((f) => f.id === m.id)), 'no message of the first task is repeated');
  const after = await client.sessions.get(session.id);
  t.ok((after.stepCount ?? 0) === (first.result?.stepCount ?? 0) + secondMessages.filter((m) => m.type === 'browser_action').length);

  const third = await client.sessions.create({ sessionId: session.id, task: 'Check out [mock:long]', keepAlive: true });
  t.equal(third.status, 'running');
  const stoppedTask = await client.sessions.stop(session.id, { strategy: 'task' });
  t.equal(stoppedTask.status, 'idle');
  const stoppedSession = await client.sessions.stop(session.id);
  t.equal(stoppedSession.status, 'stopped');

  const list = await client.sessions.list({ page: 1, page_size: 10 });
  t.equal(list.total, 1);
  await client.sessions.delete(session.id);
  const error = await client.sessions.get(session.id).catch((e: unknown) => e);
  t.ok(error instanceof BrowserUseError);
  t.equal((error as BrowserUseError).statusCode, 404);
  t.equal((error as BrowserUseError).message, 'Session not found');
  t.equal((await client.sessions.list()).total, 0);
});

t.test('list paging through the client', async (t) => {
  const s = await startTestServer(t, {}, TICK);
  const client = new BrowserUse({ apiKey: 'sdk-key', baseUrl: s.apiUrl, maxRetries: 0 });
  const ids: string[] = [];
  for (let i = 0; i < 25; i++) ids.push((await client.sessions.create()).id);
  const page1 = await client.sessions.list();
  t.equal(page1.sessions.length, 20);
  t.equal(page1.sessions[0]?.id, ids[24]);
  const page2 = await client.sessions.list({ page: 2 });
  t.same(page2.sessions.map((x) => x.id), ids.slice(0, 5).reverse());
  const error = await client.sessions.list({ page_size: 101 }).catch((e: unknown) => e);
  t.equal((error as BrowserUseError).statusCode, 422);
  t.match((error as BrowserUseError).detail, { detail: [{ type: 'less_than_equal', loc: ['query', 'page_size'] }] });
});

t.test('outcomes through the client: failure, error, cost cap', async (t) => {
  const s = await startTestServer(t, {}, TICK);
  const client = new BrowserUse({ apiKey: 'sdk-key', baseUrl: s.apiUrl, maxRetries: 0 });
  const failed = await client.run('Sign in to the bank [mock:failure]', poll);
  t.match(failed, { status: 'stopped', isTaskSuccessful: false });
  const crashed = await client.run('Open the page [mock:error]', poll);
  t.match(crashed, { status: 'error', isTaskSuccessful: false, output: null });
  const capped = await client.run('Compare laptops [mock:expensive]', { ...poll, maxCostUsd: 0.8 });
  t.equal(capped.isTaskSuccessful, false);
  t.ok(Number(capped.totalCostUsd) <= 0.8);
  t.match(capped.output, /cost limit/);
});
