// Conformance of the BUILT emulator with the official client's v2 entry (browser-use-sdk): every
// skills.* and marketplace.* method against `node dist/cli.js`. Each response the client receives is
// checked against openapi/v2.json by operation and status (watchFetch); errors surface as BrowserUseError.
import t from 'tap';
import { BrowserUse, BrowserUseError } from 'browser-use-sdk';
import { contractCheckerV2 } from '../helpers/contract-check.js';
import { startBuiltServer } from '../helpers/built-server.js';
import { rejection as rejectionOf, sdkTests } from './sdk-harness.js';

// At 100x a generation (at most 135 simulated seconds) takes at most 1.35 s of wall time.
const server = await startBuiltServer(t, { BU_MOCK_SPEED: '100', LOG_LEVEL: 'warn' });
const apiV2Url = `${server.url}/api/v2`;
const watch = contractCheckerV2.watchFetch(apiV2Url);
t.teardown(() => watch.restore());

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const rejection = (promise: Promise<unknown>): Promise<BrowserUseError> => rejectionOf(promise, BrowserUseError);

const sdkTest = sdkTests({ client: (key) => new BrowserUse({ apiKey: key, baseUrl: apiV2Url, maxRetries: 0 }), keyPrefix: 'sdk-v2-skills', document: 'openapi/v2.json', watch });

async function waitFinished(client: BrowserUse, id: string): Promise<Awaited<ReturnType<BrowserUse['skills']['get']>>> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const skill = await client.skills.get(id);
    if (skill.status === 'finished' && (skill.currentVersion ?? 0) > 0) return skill;
    if (Date.now() > deadline) throw new Error(`skill ${id} never finished (now ${skill.status})`);
    await sleep(20);
  }
}

const FLIGHT = { from: 'Paris', to: 'Berlin', departure: '2026-03-14' };

sdkTest('skills: create, get, list, update, execute, executions, output, refine, rollback, cancel, delete', async (t, client) => {
  const created = await client.skills.create({ goal: 'Find cheap flights from Paris to Berlin on a date', agentPrompt: 'Use the flight search and read the fares' });
  t.ok(created.id);
  const notYet = await rejection(client.skills.execute(created.id, { parameters: FLIGHT }));
  t.equal(notYet.statusCode, 400);
  const skill = await waitFinished(client, created.id);
  t.equal(skill.currentVersion, 1);

  const list = await client.skills.list({ pageSize: 5, category: 'travel' });
  t.same(list.items.map((i) => i.id), [created.id]);
  const updated = await client.skills.update(created.id, { title: 'Fares Paris-Berlin' });
  t.equal(updated.title, 'Fares Paris-Berlin');

  const run = await client.skills.execute(created.id, { parameters: FLIGHT });
  t.equal(run.success, true);
  t.ok(run.result && typeof run.result === 'object');
  const invalid = await rejection(client.skills.execute(created.id, { parameters: {} }));
  t.equal(invalid.statusCode, 422);
  const executions = await client.skills.executions(created.id, { pageSize: 10 });
  t.equal(executions.totalItems, 1);
  const executionId = executions.items[0]?.id ?? '';
  const output = await client.skills.executionOutput(created.id, executionId);
  const download = await fetch(output.downloadUrl);
  t.same(await download.json(), run.result, 'the download is the run result');

  const refined = await client.skills.refine(created.id, { feedback: 'Return the arrival times as well' });
  t.equal(refined.id, created.id);
  const cancelled = await client.skills.cancel(created.id);
  t.equal(cancelled.status, 'cancelled');
  const notCancellable = await rejection(client.skills.cancel(created.id));
  t.equal(notCancellable.statusCode, 400);
  await client.skills.refine(created.id, { feedback: 'Return the arrival times as well' });
  const deadline = Date.now() + 30_000;
  while ((await client.skills.get(created.id)).currentVersion !== 3 && Date.now() < deadline) await sleep(20);
  const back = await client.skills.rollback(created.id);
  t.equal(back.currentVersion, 1, 'the cancelled version 2 was never in use');
  const noPrevious = await rejection(client.skills.rollback(created.id));
  t.equal(noPrevious.statusCode, 404);

  await client.skills.delete(created.id);
  const gone = await rejection(client.skills.get(created.id));
  t.equal(gone.statusCode, 404);
});

sdkTest('marketplace: list, get, clone, execute', async (t, client) => {
  const page = await client.marketplace.list({ pageSize: 20, category: 'financial' });
  t.ok(page.items.some((i) => i.slug === 'yahoo-finance-quote'));
  const quote = await client.marketplace.get('yahoo-finance-quote');
  t.equal(quote.slug, 'yahoo-finance-quote');
  const missing = await rejection(client.marketplace.get('no-such-skill'));
  t.equal(missing.statusCode, 404);

  const clone = await client.marketplace.clone(quote.id);
  t.equal(clone.clonedFromSkillId, quote.id);
  t.equal(clone.status, 'finished');
  const run = await client.marketplace.execute(quote.id, { parameters: { ticker: 'MSFT' } });
  t.equal(run.success, true);
  const ownRun = await client.skills.execute(clone.id, { parameters: { ticker: 'MSFT' } });
  t.equal(ownRun.success, true);
  const bad = await rejection(client.marketplace.execute(quote.id, { parameters: { ticker: 5 } }));
  t.equal(bad.statusCode, 422);
  t.equal((await client.marketplace.get('yahoo-finance-quote')).cloneCount, quote.cloneCount + 1);
});

sdkTest("another key's skill is a 404", async (t, client) => {
  const created = await client.skills.create({ goal: 'Compare prices of headphones on amazon', agentPrompt: 'Search and read the product list' });
  const stranger = new BrowserUse({ apiKey: 'sdk-v2-skills-stranger', baseUrl: apiV2Url, maxRetries: 0 });
  const error = await rejection(stranger.skills.get(created.id));
  t.equal(error.statusCode, 404);
});
