// Session lifecycle over simulated time, driven with plain HTTP and a manual clock.
import t from 'tap';
import type { MessageListResponse, SessionListResponse, SessionResponse } from '../../src/contract/types.generated.js';
import { startTestServer } from '../helpers/server.js';

const sum = (...values: (string | null | undefined)[]): number => values.reduce<number>((acc, v) => acc + Math.round(Number(v ?? '0') * 1e6), 0);

t.test('no id + no task: an idle session after boot', async (t) => {
  const s = await startTestServer(t);
  const created = await s.call<SessionResponse>('POST', '/sessions', { body: {} });
  t.equal(created.status, 200);
  t.equal(created.json.status, 'created');
  t.match(created.json.liveUrl, /^http:\/\/127\.0\.0\.1:\d+\/live\//);
  t.equal(created.json.title, null);
  t.equal(created.json.output, null);
  t.equal(created.json.isTaskSuccessful, null);
  t.equal(created.json.model, 'claude-sonnet-4.6');
  t.equal(created.json.proxyCountryCode, 'us');
  t.match(created.json.agentmailEmail, /@/);
  t.equal(created.json.totalCostUsd, '0');
  s.advance(3000);
  const idle = await s.call<SessionResponse>('GET', `/sessions/${created.json.id}`);
  t.equal(idle.json.status, 'idle');
  t.equal(idle.json.stepCount, 0);
  s.advance(15 * 60_000);
  const timedOut = await s.call<SessionResponse>('GET', `/sessions/${created.json.id}`);
  t.equal(timedOut.json.status, 'timed_out', 'closed after 15 minutes idle');
});

t.test('no id + task: runs step by step, then stops; money adds up', async (t) => {
  const s = await startTestServer(t);
  const created = await s.call<SessionResponse>('POST', '/sessions', { body: { task: 'Find the best-rated wireless mouse under $50 on amazon.com' } });
  t.equal(created.json.status, 'created');
  const id = created.json.id;
  let last = created.json;
  const seen = new Set<string>();
  let previousCost = 0;
  for (let i = 0; i < 200 && !['stopped', 'idle', 'error', 'timed_out'].includes(last.status); i++) {
    s.advance(700);
    last = (await s.call<SessionResponse>('GET', `/sessions/${id}`)).json;
    seen.add(last.status);
    const total = sum(last.totalCostUsd);
    t.ok(total >= previousCost, 'cost never goes down');
    previousCost = total;
    t.equal(total, sum(last.llmCostUsd, last.proxyCostUsd, last.browserCostUsd), 'total = llm + proxy + browser');
    if (last.status === 'running') {
      t.equal(last.title, 'Find the best-rated wireless mouse under $50 on');
      t.equal(last.output, null, 'no output while running');
      t.equal(last.isTaskSuccessful, null);
    }
  }
  t.ok(seen.has('running'), 'was seen running');
  t.equal(last.status, 'stopped', 'keepAlive false: stopped at the end');
  t.equal(last.isTaskSuccessful, true);
  t.type(last.output, 'string');
  t.ok((last.stepCount ?? 0) >= 5);
  t.ok((last.totalInputTokens ?? 0) > 0 && (last.totalOutputTokens ?? 0) > 0);
  t.ok(Number(last.proxyUsedMb) > 0, 'proxy traffic billed with the default us proxy');
  t.match(last.lastStepSummary, /^Extracting \d+ products with prices and ratings$/);

  const messages = await s.call<MessageListResponse>('GET', `/sessions/${id}/messages?limit=100`);
  const types = messages.json.messages.map((m) => m.type);
  t.equal(types[0], 'user_message');
  t.equal(messages.json.messages[0]?.role, 'human');
  t.equal(messages.json.messages[0]?.data, 'Find the best-rated wireless mouse under $50 on amazon.com');
  t.equal(types[1], 'planning');
  t.equal(types[types.length - 1], 'completion');
  t.ok(types.includes('browser_action') && types.includes('browser_action_result'));
  const times = messages.json.messages.map((m) => Date.parse(m.createdAt));
  t.same(times, [...times].sort((a, b) => a - b), 'chronological');
  t.equal(messages.json.hasMore, false);
});

t.test('messages never appear before their step', async (t) => {
  const s = await startTestServer(t);
  const { json } = await s.call<SessionResponse>('POST', '/sessions', { body: { task: 'Look up the weather in Berlin' } });
  const counts: number[] = [];
  for (let i = 0; i < 40; i++) {
    const page = await s.call<MessageListResponse>('GET', `/sessions/${json.id}/messages?limit=100`);
    const now = s.state.clock.now();
    for (const m of page.json.messages) t.ok(Date.parse(m.createdAt) <= now, 'not from the future');
    counts.push(page.json.messages.length);
    s.advance(1000);
  }
  t.equal(counts[0], 1, 'only the task at first');
  t.same(counts, [...counts].sort((a, b) => a - b), 'the stream only grows');
});

t.test('keepAlive: idle after the task, follow-ups accumulate totals', async (t) => {
  const s = await startTestServer(t);
  const first = await s.call<SessionResponse>('POST', '/sessions', { body: { task: 'Open github.com and count the trending repositories', keepAlive: true } });
  const id = first.json.id;
  s.advance(120_000);
  const afterFirst = (await s.call<SessionResponse>('GET', `/sessions/${id}`)).json;
  t.equal(afterFirst.status, 'idle');
  t.equal(afterFirst.isTaskSuccessful, true);

  const follow = await s.call<SessionResponse>('POST', '/sessions', { body: { sessionId: id, task: 'Now open the first one', keepAlive: true } });
  t.equal(follow.status, 200);
  t.equal(follow.json.id, id);
  t.equal(follow.json.status, 'running', 'dispatching to an idle session runs at once');
  t.equal(follow.json.output, null);
  t.equal(follow.json.isTaskSuccessful, null);

  const busy = await s.call('POST', '/sessions', { body: { sessionId: id, task: 'And another' } });
  t.equal(busy.status, 409);
  t.match(busy.json, { detail: /busy/ });

  s.advance(120_000);
  const afterSecond = (await s.call<SessionResponse>('GET', `/sessions/${id}`)).json;
  t.equal(afterSecond.status, 'idle');
  t.ok((afterSecond.stepCount ?? 0) > (afterFirst.stepCount ?? 0), 'steps accumulate');
  t.ok(sum(afterSecond.totalCostUsd) > sum(afterFirst.totalCostUsd), 'costs accumulate');
  const messages = (await s.call<MessageListResponse>('GET', `/sessions/${id}/messages?limit=100`)).json.messages;
  t.equal(messages.filter((m) => m.type === 'user_message').length, 2);
  t.equal(messages.filter((m) => m.type === 'completion').length, 2);
});

t.test('id + task on a booting session starts after boot; on a stopped one is a 409', async (t) => {
  const s = await startTestServer(t);
  const created = await s.call<SessionResponse>('POST', '/sessions', { body: {} });
  const dispatched = await s.call<SessionResponse>('POST', '/sessions', { body: { sessionId: created.json.id, task: 'Check the news' } });
  t.equal(dispatched.status, 200);
  t.equal(dispatched.json.status, 'created', 'still booting');
  s.advance(2500);
  t.equal((await s.call<SessionResponse>('GET', `/sessions/${created.json.id}`)).json.status, 'running', 'never passes through idle');
  await s.call('POST', `/sessions/${created.json.id}/stop`);
  const late = await s.call('POST', '/sessions', { body: { sessionId: created.json.id, task: 'again' } });
  t.equal(late.status, 409);
  t.same(late.json, { detail: 'Session is stopped and cannot run new tasks.' });
});

t.test('id without task: pydantic-style 422; unknown id: 404', async (t) => {
  const s = await startTestServer(t);
  const created = await s.call<SessionResponse>('POST', '/sessions', { body: {} });
  const noTask = await s.call('POST', '/sessions', { body: { sessionId: created.json.id } });
  t.equal(noTask.status, 422);
  t.same(noTask.json, {
    detail: [{ type: 'value_error', loc: ['body'], msg: 'Value error, task is required when dispatching to an existing session', input: { sessionId: created.json.id }, ctx: { error: {} } }],
  });
  const unknown = await s.call('POST', '/sessions', { body: { sessionId: '3c90c3cc-0d44-4b50-8888-8dd25736052a', task: 'x' } });
  t.equal(unknown.status, 404);
  t.same(unknown.json, { detail: 'Session not found' });
  for (const path of ['', '/messages']) {
    const r = await s.call('GET', `/sessions/3c90c3cc-0d44-4b50-8888-8dd25736052a${path}`);
    t.equal(r.status, 404);
    t.same(r.json, { detail: 'Session not found' });
  }
});

t.test('stop: task strategy leaves it idle, session strategy ends it, repeated stop is unchanged', async (t) => {
  const s = await startTestServer(t);
  const { json } = await s.call<SessionResponse>('POST', '/sessions', { body: { task: 'Search for flights to Tokyo', keepAlive: false } });
  s.advance(9000);
  const running = (await s.call<SessionResponse>('GET', `/sessions/${json.id}`)).json;
  t.equal(running.status, 'running');
  const stoppedTask = await s.call<SessionResponse>('POST', `/sessions/${json.id}/stop`, { body: { strategy: 'task' } });
  t.equal(stoppedTask.json.status, 'idle');
  t.equal(stoppedTask.json.isTaskSuccessful, false);
  t.equal(stoppedTask.json.output, null);
  const frozenCost = stoppedTask.json.totalCostUsd;
  s.advance(60_000);
  const later = (await s.call<SessionResponse>('GET', `/sessions/${json.id}`)).json;
  t.equal(later.totalCostUsd, frozenCost, 'nothing accrues after the stop');
  const messages = (await s.call<MessageListResponse>('GET', `/sessions/${json.id}/messages?limit=100`)).json.messages;
  t.equal(messages[messages.length - 1]?.summary, 'Task stopped');

  const ended = await s.call<SessionResponse>('POST', `/sessions/${json.id}/stop`, { raw: 'null', headers: { 'Content-Type': 'application/json' } });
  t.equal(ended.json.status, 'stopped', 'null body: session strategy');
  const again = await s.call<SessionResponse>('POST', `/sessions/${json.id}/stop`);
  t.equal(again.status, 200);
  t.same(again.json, ended.json, 'stopping a stopped session returns it unchanged');
});

t.test('delete: 204, then 404 everywhere and gone from the list', async (t) => {
  const s = await startTestServer(t);
  const { json } = await s.call<SessionResponse>('POST', '/sessions', { body: { task: 'Summarise the front page of news.ycombinator.com' } });
  s.advance(5000);
  const del = await s.call('DELETE', `/sessions/${json.id}`);
  t.equal(del.status, 204);
  t.equal(del.text, '');
  for (const [method, path] of [['GET', ''], ['GET', '/messages'], ['POST', '/stop'], ['DELETE', '']] as const) {
    const r = await s.call(method, `/sessions/${json.id}${path}`);
    t.equal(r.status, 404, `${method} ${path}`);
  }
  const list = await s.call<SessionListResponse>('GET', '/sessions');
  t.equal(list.json.total, 0);
  t.same(list.json.sessions, []);
});

t.test('list: newest first, paging, list items without screenshot and recordings', async (t) => {
  const s = await startTestServer(t);
  const ids: string[] = [];
  for (let i = 0; i < 7; i++) {
    ids.push((await s.call<SessionResponse>('POST', '/sessions', { body: { task: `Task number ${i}`, enableRecording: true } })).json.id);
    s.advance(10);
  }
  s.advance(300_000);
  const page1 = await s.call<SessionListResponse>('GET', '/sessions?page=1&page_size=3');
  t.same(page1.json.sessions.map((x) => x.id), [ids[6], ids[5], ids[4]]);
  t.match(page1.json, { total: 7, page: 1, pageSize: 3 });
  const page3 = await s.call<SessionListResponse>('GET', '/sessions?page=3&page_size=3');
  t.same(page3.json.sessions.map((x) => x.id), [ids[0]]);
  const page4 = await s.call<SessionListResponse>('GET', '/sessions?page=4&page_size=3');
  t.same(page4.json.sessions, []);
  for (const item of page1.json.sessions) {
    t.same(item.recordingUrls, []);
    t.equal(item.screenshotUrl, null);
  }
  const single = (await s.call<SessionResponse>('GET', `/sessions/${ids[0]}`)).json;
  t.equal(single.recordingUrls?.length, 1, 'the session itself shows its recording');
  t.match(single.screenshotUrl, /\/_mock\/screenshots\/.+\.png\?.*X-Amz-Signature=/);
  const defaults = await s.call<SessionListResponse>('GET', '/sessions');
  t.match(defaults.json, { page: 1, pageSize: 20, total: 7 });
});

t.test('each key is its own project', async (t) => {
  const s = await startTestServer(t);
  const mine = await s.call<SessionResponse>('POST', '/sessions', { body: { task: 'private' }, key: 'key-a' });
  const other = await s.call('GET', `/sessions/${mine.json.id}`, { key: 'key-b' });
  t.equal(other.status, 404);
  t.same(other.json, { detail: 'Session not found' });
  t.equal((await s.call('POST', `/sessions/${mine.json.id}/stop`, { key: 'key-b' })).status, 404);
  t.equal((await s.call('DELETE', `/sessions/${mine.json.id}`, { key: 'key-b' })).status, 404);
  t.equal((await s.call('POST', '/sessions', { key: 'key-b', body: { sessionId: mine.json.id, task: 'hijack' } })).status, 404);
  t.equal((await s.call<SessionListResponse>('GET', '/sessions', { key: 'key-b' })).json.total, 0);
  t.equal((await s.call<SessionResponse>('GET', `/sessions/${mine.json.id}`, { key: 'key-a' })).json.status, 'created');
});

t.test('session limits: 4 hours in all', async (t) => {
  const s = await startTestServer(t);
  const { json } = await s.call<SessionResponse>('POST', '/sessions', { body: { task: 'Wait on a slow page [mock:timeout]' } });
  s.advance(60_000);
  t.equal((await s.call<SessionResponse>('GET', `/sessions/${json.id}`)).json.status, 'running');
  s.advance(4 * 3600_000);
  const done = (await s.call<SessionResponse>('GET', `/sessions/${json.id}`)).json;
  t.equal(done.status, 'timed_out');
  t.equal(done.isTaskSuccessful, false);
  t.equal(done.updatedAt, new Date(Date.parse(done.createdAt) + 4 * 3600_000).toISOString().replace('.000Z', 'Z'));
});

t.test('scripted failure and error outcomes', async (t) => {
  const s = await startTestServer(t);
  const failing = (await s.call<SessionResponse>('POST', '/sessions', { body: { task: 'Log in to the bank [mock:failure]' } })).json;
  const crashing = (await s.call<SessionResponse>('POST', '/sessions', { body: { task: 'Open the page [mock:error]' } })).json;
  s.advance(600_000);
  const failed = (await s.call<SessionResponse>('GET', `/sessions/${failing.id}`)).json;
  t.equal(failed.status, 'stopped');
  t.equal(failed.isTaskSuccessful, false);
  t.match(failed.output, /could not complete/);
  const errored = (await s.call<SessionResponse>('GET', `/sessions/${crashing.id}`)).json;
  t.equal(errored.status, 'error');
  t.equal(errored.isTaskSuccessful, false);
  t.equal(errored.output, null);
  const messages = (await s.call<MessageListResponse>('GET', `/sessions/${crashing.id}/messages?limit=100`)).json.messages;
  t.equal(messages[messages.length - 1]?.type, 'browser_action_error');
});

t.test('maxCostUsd is never exceeded; the run stops at the step that would cross it', async (t) => {
  const s = await startTestServer(t);
  for (const cap of [0.5, '1', '2.5']) {
    const { json } = await s.call<SessionResponse>('POST', '/sessions', { body: { task: 'Compare prices of laptops [mock:expensive]', maxCostUsd: cap, keepAlive: true } });
    t.equal(json.maxCostUsd, String(cap));
    s.advance(600_000);
    const done = (await s.call<SessionResponse>('GET', `/sessions/${json.id}`)).json;
    t.ok(sum(done.totalCostUsd) <= sum(String(cap)), `total ${done.totalCostUsd} <= cap ${cap}`);
    t.ok(sum(done.totalCostUsd) > 0);
    t.equal(done.isTaskSuccessful, false);
    t.match(done.output, /cost limit/);
    t.equal(done.status, 'idle');
  }
  const tiny = (await s.call<SessionResponse>('POST', '/sessions', { body: { task: 'Compare prices [mock:expensive]', maxCostUsd: '0.01' } })).json;
  s.advance(600_000);
  const nothing = (await s.call<SessionResponse>('GET', `/sessions/${tiny.id}`)).json;
  t.equal(nothing.stepCount, 0, 'a cap below the first step: no step runs');
  t.equal(nothing.totalCostUsd, '0');
  t.equal(nothing.isTaskSuccessful, false);
  const byDefault = (await s.call<SessionResponse>('POST', '/sessions', { body: { task: 'anything' } })).json;
  t.equal(byDefault.maxCostUsd, '10', 'a default cap applies');
});

t.test('follow-up maxCostUsd replaces the budget for that task', async (t) => {
  const s = await startTestServer(t);
  const { json } = await s.call<SessionResponse>('POST', '/sessions', { body: { task: 'first [mock:quick]', keepAlive: true, maxCostUsd: 1 } });
  s.advance(60_000);
  const first = (await s.call<SessionResponse>('GET', `/sessions/${json.id}`)).json;
  const follow = (await s.call<SessionResponse>('POST', '/sessions', { body: { sessionId: json.id, task: 'second [mock:expensive]', keepAlive: true, maxCostUsd: '0.3' } })).json;
  t.equal(follow.maxCostUsd, '0.3');
  s.advance(600_000);
  const done = (await s.call<SessionResponse>('GET', `/sessions/${json.id}`)).json;
  const spentBySecond = sum(done.totalCostUsd) - sum(first.totalCostUsd);
  t.ok(spentBySecond <= 300_000 && spentBySecond > 0, `second task spent ${spentBySecond} micro-USD of its 0.3 budget`);
});

t.test('same seed + same requests = same bodies', async (t) => {
  const run = async (): Promise<string[]> => {
    const s = await startTestServer(t, { seed: 'determinism' });
    const out: string[] = [];
    const a = await s.call<SessionResponse>('POST', '/sessions', { body: { task: 'Find a recipe for pancakes', outputSchema: { type: 'object', properties: { title: { type: 'string' }, minutes: { type: 'integer' } }, required: ['title', 'minutes'] } } });
    out.push(a.text.replace(/:\d{4,5}\//g, ':PORT/'));
    s.advance(120_000);
    out.push((await s.call('GET', `/sessions/${a.json.id}`)).text.replace(/:\d{4,5}\//g, ':PORT/'));
    out.push((await s.call('GET', `/sessions/${a.json.id}/messages?limit=100`)).text.replace(/:\d{4,5}\//g, ':PORT/'));
    await s.app.close();
    return out;
  };
  const first = await run();
  const second = await run();
  t.same(second, first);
});
