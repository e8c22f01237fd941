// End to end over HTTP with the manual clock: create a session, run it to its end, then read the session,
// its messages, a screenshot and the workspace file, and check they all tell the task's story.
import t from 'tap';
import type { FileListResponse, MessageListResponse, SessionResponse, WorkspaceView } from '../../src/contract/types.generated.js';
import type { TestServer } from '../helpers/server.js';
import { startTestServer } from '../helpers/server.js';
import { decodePng } from '../web/png-decode.js';

async function runToEnd(s: TestServer, body: Record<string, unknown>): Promise<{ session: SessionResponse; messages: MessageListResponse['messages'] }> {
  const created = await s.call<SessionResponse>('POST', '/sessions', { body });
  if (created.status !== 200) throw new Error(created.text);
  const advanced = await s.call('POST', '/_mock/clock/advance', { body: { sessionId: created.json.id, to: 'end' } });
  if (advanced.status !== 200) throw new Error(advanced.text);
  const session = (await s.call<SessionResponse>('GET', `/sessions/${created.json.id}`)).json;
  const messages = (await s.call<MessageListResponse>('GET', `/sessions/${created.json.id}/messages?limit=100`)).json.messages;
  return { session, messages };
}

const screenshotOf = async (url: string | null | undefined): Promise<ReturnType<typeof decodePng>> => {
  const response = await fetch(url ?? '');
  return decodePng(Buffer.from(await response.arrayBuffer()));
};

t.test('weather in Paris: a weather run on weather.com, not a shopping one', async (t) => {
  const s = await startTestServer(t);
  const { session, messages } = await runToEnd(s, { task: 'Search for the weather in Paris and report the temperature' });
  t.equal(session.status, 'stopped');
  t.equal(session.isTaskSuccessful, true);
  t.match(session.output, /^Weather in Paris .* from weather\.com: .*high -?\d+°C, low -?\d+°C/);
  t.notMatch(session.output, /\$|stars|Task:/);
  const actions = messages.filter((m) => m.type === 'browser_action').map((m) => m.summary);
  t.equal(actions[0], 'Opening weather.com');
  t.ok(actions.includes('Searching for "Paris"'));
  const shot = await screenshotOf(session.screenshotUrl);
  t.match(shot.text.URL, /^https:\/\/weather\.com\//, 'the screenshot shows weather.com');
  t.match(shot.text.Title, /Weather/);
});

t.test('login with a password: the secret never leaves the task message', async (t) => {
  const s = await startTestServer(t);
  const secret = 'Tr0ub4dor&3';
  const { session, messages } = await runToEnd(s, { task: `Log in to github.com as octo-dev with password ${secret} and check my notifications` });
  t.equal(session.isTaskSuccessful, true);
  t.match(session.output, /^Signed in to github\.com as octo-dev\./);
  t.notOk(String(session.title).includes(secret), 'not in the title');
  for (const m of messages.slice(1)) t.notOk(m.data.includes(secret) || (m.summary ?? '').includes(secret), `not in ${m.type}`);
  t.ok(messages.some((m) => m.data.includes('<secret>password</secret>')), 'typed from the secrets store');
  const live = await s.call<{ messages: { data: string }[]; title: string | null }>('GET', String(session.liveUrl).replace('?', '/state?'));
  t.notOk(JSON.stringify(live.json.messages.slice(1)).includes(secret), 'not in the live view messages');
  const shots = messages.map((m) => m.screenshotUrl).filter((u): u is string => typeof u === 'string');
  t.ok(shots.length >= 3, 'a screenshot per step');
  for (const url of shots) {
    const shot = await screenshotOf(url);
    t.notOk(JSON.stringify(shot.text).includes(secret), 'not in the screenshot');
  }
});

t.test('shopping with bounds and a count, saved to a CSV that matches the answer', async (t) => {
  const s = await startTestServer(t);
  const ws = (await s.call<WorkspaceView>('POST', '/workspaces', { body: {} })).json.id;
  const { session } = await runToEnd(s, { task: 'Find 4 wireless mice under $40 with at least 4 stars on amazon.com and save them to mice.csv', workspaceId: ws });
  const output = String(session.output);
  const lines = output.split('\n').filter((l) => /^\d+\. /.test(l));
  t.equal(lines.length, 4);
  for (const line of lines) {
    t.ok(Number(/\$(\d+\.\d\d)/.exec(line)?.[1]) < 40, line);
    t.ok(Number(/(\d\.\d) stars/.exec(line)?.[1]) >= 4, line);
    t.match(line, /https:\/\/amazon\.com\/dp\//);
  }
  t.match(output, /Saved 4 products to mice\.csv\./);
  const listed = await s.call<FileListResponse>('GET', `/workspaces/${ws}/files?includeUrls=true`);
  t.same(listed.json.files.map((f) => f.path), ['mice.csv']);
  const csv = await (await fetch(listed.json.files[0]?.url ?? '')).text();
  const rows = csv.trim().split('\n');
  t.match(rows[0], /^rank,name,price,rating,/);
  t.equal(rows.length, 5, 'a header and the four products');
  lines.forEach((line, i) => {
    const name = /^\d+\. (.+?) - \$/.exec(line)?.[1] ?? '';
    t.ok(rows[i + 1]?.startsWith(`${i + 1},${name},`), `row ${i + 1} is ${name}`);
  });
});

t.test('flights: the screenshot of the results table names the route; a failure gives a reason of the kind', async (t) => {
  const s = await startTestServer(t);
  const { session } = await runToEnd(s, { task: 'Find flights from Berlin to Lisbon on June 12 on kayak.com' });
  t.match(session.output, /^Flights from Berlin to Lisbon on June 12/);
  const shot = await screenshotOf(session.screenshotUrl);
  t.match(shot.text.URL, /^https:\/\/kayak\.com\//);
  t.match(shot.text.Title, /Berlin to Lisbon/);
  const failed = await runToEnd(s, { task: 'Find flights from Berlin to Lisbon on June 12 on kayak.com [mock:failure]' });
  t.equal(failed.session.isTaskSuccessful, false);
  t.match(failed.session.output, /^I could not complete the task\. .*(Berlin|Lisbon|kayak\.com)/);
});

t.test('user kinds from the fixtures directory are used first', async (t) => {
  const { mkdtempSync, mkdirSync, writeFileSync, rmSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(join(tmpdir(), 'kinds-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'kinds'));
  writeFileSync(
    join(dir, 'kinds', 'recipes.yaml'),
    [
      'name: recipes',
      "match: ['\\b(recipes?|cook|bake)\\b']",
      'sites: [allrecipes.com]',
      'count: [3, 3]',
      'noun: [recipe, recipes]',
      'vocab: { style: [Easy, Classic, One-pot] }',
      "item: { title: '{style} {Query}', minutes: { int: [15, 90] } }",
      "display: { title: '{title}', detail: '{minutes} min', badge: '' }",
      "plan: ['Open {site}', 'Search {query}']",
      'steps:',
      "  - { action: navigate, page: home, summary: 'Opening {site}', result: 'Opened {home}' }",
      "  - { action: extract, page: results, summary: 'Reading {n} recipes', result: 'Read {n} recipes' }",
      "output: { lead: 'Recipes for {query} on {site}:', line: '{i}. {title} ({minutes} min)', tail: '' }",
      "failure: ['{site} has no recipe for {query}.']",
    ].join('\n'),
  );
  const s = await startTestServer(t, { fixturesDir: dir });
  const { session } = await runToEnd(s, { task: 'Find 3 vegan lasagna recipes' });
  t.match(session.output, /^Recipes for vegan lasagna on allrecipes\.com:\n1\. (Easy|Classic|One-pot) Vegan Lasagna \(\d+ min\)/);
  t.equal(String(session.output).split('\n').length, 4);
});
