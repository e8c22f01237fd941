// v2 skills over HTTP with the manual clock: the generation lifecycle, refine, rollback, cancel, patch,
// runs and their output, charging, every error, tenancy, no trace of refused requests and determinism.
import t from 'tap';
import type { ExecuteSkillResponse, SkillExecutionListResponse, SkillListResponse, SkillResponse } from '../../src/contract/types-v2.generated.js';
import { ENABLED_SKILLS_LIMIT, SKILL_EXECUTION_PRICE } from '../../src/v2/skills/service.js';
import { startTestServer } from '../helpers/server.js';
import { balanceOf, finishedSkill, GENERATION_DONE_MS, schemaProblem, v2 } from './skill-helpers.js';

const GOAL = 'Find cheap flights from Paris to Berlin on a date';
const PROMPT = 'Use the site search and read the results table';
const FLIGHT = { from: 'Paris', to: 'Berlin', departure: '2026-03-14' };

t.test('a skill is generated on the clock: recording, generating, finished', async (t) => {
  const s = await startTestServer(t);
  const created = await s.call<{ id: string }>('POST', v2('/skills'), { body: { goal: GOAL, agentPrompt: PROMPT } });
  t.equal(created.status, 202);
  const id = created.json.id;
  const first = await s.call<SkillResponse>('GET', v2(`/skills/${id}`));
  t.equal(first.status, 200);
  t.match(first.json, { id, status: 'recording', currentVersion: null, parameters: [], outputSchema: {}, isEnabled: true, isPublic: false, slug: null, code: null, goal: GOAL, agentPrompt: PROMPT });
  t.equal(first.json.title, 'Find cheap flights from Paris to Berlin on', 'the title is made up from the goal');
  t.same(first.json.categories, ['travel']);
  t.same(first.json.domains, ['google.com']);

  s.advance(45_000);
  t.equal((await s.call<SkillResponse>('GET', v2(`/skills/${id}`))).json.status, 'generating');
  s.advance(GENERATION_DONE_MS - 45_000);
  const done = await s.call<SkillResponse>('GET', v2(`/skills/${id}`));
  t.equal(done.json.status, 'finished');
  t.equal(done.json.currentVersion, 1);
  t.same(done.json.parameters.map((p) => [p.name, p.type, p.required]), [
    ['from', 'string', true],
    ['to', 'string', true],
    ['departure', 'string', true],
    ['passengers', 'string', false],
    ['maxResults', 'number', false],
  ]);
  t.match(done.json.outputSchema, { type: 'object', required: ['flights'] });
  t.ok(done.json.currentVersionStartedAt && done.json.currentVersionFinishedAt);
  t.equal(done.json.updatedAt, done.json.currentVersionFinishedAt, 'the end of the generation is the last change');

  const given = await s.call<{ id: string }>('POST', v2('/skills'), { body: { goal: GOAL, agentPrompt: PROMPT, title: 'Fares', description: 'Mine' } });
  const named = await s.call<SkillResponse>('GET', v2(`/skills/${given.json.id}`));
  t.match(named.json, { title: 'Fares', description: 'Mine' }, 'a given title and description win');
});

t.test('cancel, delete while generating, concurrent creations', async (t) => {
  const s = await startTestServer(t);
  const { json } = await s.call<{ id: string }>('POST', v2('/skills'), { body: { goal: GOAL, agentPrompt: PROMPT } });
  const del = await s.call('DELETE', v2(`/skills/${json.id}`));
  t.same([del.status, del.json], [400, { detail: 'Cannot delete skill while it is still generating' }]);
  const second = await s.call('POST', v2('/skills'), { body: { goal: 'Track laptop prices on amazon', agentPrompt: PROMPT } });
  t.same([second.status, second.json], [400, { detail: 'Concurrent skill creations are not allowed. Please wait for the current skill creation to finish or cancel it.' }]);
  const run = await s.call('POST', v2(`/skills/${json.id}/execute`), { body: { parameters: FLIGHT } });
  t.same([run.status, run.json], [400, { detail: 'Skill is not finished' }]);

  s.advance(10_000);
  const cancelled = await s.call<SkillResponse>('POST', v2(`/skills/${json.id}/cancel`));
  t.equal(cancelled.status, 200);
  t.equal(cancelled.json.status, 'cancelled');
  t.equal(cancelled.json.updatedAt, '2026-01-01T00:00:10Z');
  s.advance(GENERATION_DONE_MS);
  t.equal((await s.call<SkillResponse>('GET', v2(`/skills/${json.id}`))).json.status, 'cancelled', 'a cancelled generation stays cancelled');
  const again = await s.call('POST', v2(`/skills/${json.id}/cancel`));
  t.same([again.status, again.json], [400, { detail: 'Generation is not cancellable' }]);
  const refine = await s.call('POST', v2(`/skills/${json.id}/refine`), { body: { feedback: 'Return the baggage fees too' } });
  t.same([refine.status, refine.json], [400, { detail: 'Skill is not finished' }], 'nothing finished to refine');

  t.equal((await s.call('POST', v2('/skills'), { body: { goal: 'Track laptop prices on amazon', agentPrompt: PROMPT } })).status, 202, 'a new creation once the other ended');
  const gone = await s.call('DELETE', v2(`/skills/${json.id}`));
  t.equal(gone.status, 204);
  t.equal((await s.call('GET', v2(`/skills/${json.id}`))).status, 404);
});

t.test('scenarios decide how a generation ends', async (t) => {
  const s = await startTestServer(t);
  const failed = await s.call<{ id: string }>('POST', v2('/skills'), { body: { goal: GOAL, agentPrompt: PROMPT }, headers: { Prefer: 'scenario=failure' } });
  s.advance(GENERATION_DONE_MS);
  t.match((await s.call<SkillResponse>('GET', v2(`/skills/${failed.json.id}`))).json, { status: 'failed', currentVersion: null });
  const slow = await s.call<{ id: string }>('POST', v2('/skills'), { body: { goal: `${GOAL} [mock:timeout]`, agentPrompt: PROMPT } });
  s.advance(GENERATION_DONE_MS);
  t.equal((await s.call<SkillResponse>('GET', v2(`/skills/${slow.json.id}`))).json.status, 'generating', 'a hanging generation goes on');
  s.advance(10 * 60_000);
  t.equal((await s.call<SkillResponse>('GET', v2(`/skills/${slow.json.id}`))).json.status, 'timed_out', 'until the 10-minute limit');
});

t.test('refine makes the next version; rollback returns to the previous one', async (t) => {
  const s = await startTestServer(t);
  const skill = await finishedSkill(s);
  const refined = await s.call<{ id: string }>('POST', v2(`/skills/${skill.id}/refine`), { body: { feedback: 'Also return the arrival time of each flight' } });
  t.same([refined.status, refined.json], [202, { id: skill.id }]);
  const during = await s.call<SkillResponse>('GET', v2(`/skills/${skill.id}`));
  t.match(during.json, { status: 'recording', currentVersion: 1 }, 'version 1 stays in use while version 2 is made');
  const busy = await s.call('POST', v2(`/skills/${skill.id}/refine`), { body: { feedback: 'Another change to make' } });
  t.same([busy.status, busy.json], [400, { detail: 'Skill is not finished' }]);
  t.equal((await s.call('POST', v2(`/skills/${skill.id}/execute`), { body: { parameters: FLIGHT } })).status, 200, 'the version in use runs meanwhile');

  s.advance(GENERATION_DONE_MS);
  const v2done = await s.call<SkillResponse>('GET', v2(`/skills/${skill.id}`));
  t.match(v2done.json, { status: 'finished', currentVersion: 2 });
  const back = await s.call<SkillResponse>('POST', v2(`/skills/${skill.id}/rollback`));
  t.equal(back.status, 200);
  t.equal(back.json.currentVersion, 1);
  t.equal(back.json.currentVersionFinishedAt, skill.currentVersionFinishedAt);
  const none = await s.call('POST', v2(`/skills/${skill.id}/rollback`));
  t.same([none.status, none.json], [404, { detail: 'No previous version to roll back to' }]);

  t.equal((await s.call('POST', v2(`/skills/${skill.id}/refine`), { body: { feedback: 'Add the cabin class' } })).status, 202);
  s.advance(GENERATION_DONE_MS);
  t.equal((await s.call<SkillResponse>('GET', v2(`/skills/${skill.id}`))).json.currentVersion, 3, 'numbers keep counting after a rollback');
});

t.test('PATCH changes the declared fields; enabling past the limit is a 403', async (t) => {
  const s = await startTestServer(t);
  const skill = await finishedSkill(s);
  s.advance(1000);
  const patched = await s.call<SkillResponse>('PATCH', v2(`/skills/${skill.id}`), { body: { title: 'Fares', categories: ['travel', 'search', 'travel'], domains: ['kayak.com'], description: null } });
  t.equal(patched.status, 200);
  t.match(patched.json, { title: 'Fares', categories: ['travel', 'search'], domains: ['kayak.com'], description: skill.description });
  t.not(patched.json.updatedAt, skill.updatedAt);
  const off = await s.call<SkillResponse>('PATCH', v2(`/skills/${skill.id}`), { body: { isEnabled: false } });
  t.equal(off.json.isEnabled, false);
  const run = await s.call('POST', v2(`/skills/${skill.id}/execute`), { body: { parameters: FLIGHT } });
  t.same([run.status, run.json], [400, { detail: 'Skill is disabled' }]);
  const bad = await s.call('PATCH', v2(`/skills/${skill.id}`), { body: { categories: ['cooking'] } });
  t.equal(bad.status, 422);

  const market = await s.call<{ items: { id: string }[] }>('GET', v2('/marketplace/skills?pageSize=1'));
  const source = market.json.items[0]?.id ?? '';
  for (let i = 0; i < ENABLED_SKILLS_LIMIT; i++) await s.call('POST', v2(`/marketplace/skills/${source}/clone`));
  const over = await s.call<SkillResponse>('POST', v2(`/marketplace/skills/${source}/clone`));
  t.equal(over.json.isEnabled, false, 'a copy past the limit starts disabled');
  const refused = await s.call('PATCH', v2(`/skills/${skill.id}`), { body: { isEnabled: true } });
  t.same([refused.status, refused.json], [403, { detail: 'Enabled skills limit exceeded for your plan' }]);
  t.equal((await s.call<SkillResponse>('GET', v2(`/skills/${skill.id}`))).json.isEnabled, false, 'the refused PATCH changed nothing');
  const list = await s.call<SkillListResponse>('GET', v2('/skills?isEnabled=true&pageSize=1'));
  t.equal(list.json.totalItems, ENABLED_SKILLS_LIMIT);
  const some = list.json.items[0]?.id ?? '';
  await s.call('PATCH', v2(`/skills/${some}`), { body: { isEnabled: false } });
  t.equal((await s.call('PATCH', v2(`/skills/${skill.id}`), { body: { isEnabled: true } })).status, 200, 'room again after one was turned off');
});

t.test('runs: parameters checked, results of the output schema, listed, output downloaded, charged', async (t) => {
  const s = await startTestServer(t);
  const skill = await finishedSkill(s);
  const before = balanceOf(s);

  const missing = await s.call<{ detail: unknown[] }>('POST', v2(`/skills/${skill.id}/execute`), { body: { parameters: { from: 'Paris', to: 7 } } });
  t.equal(missing.status, 422);
  t.same(missing.json.detail, [
    { type: 'string_type', loc: ['body', 'parameters', 'to'], msg: 'Input should be a valid string', input: 7 },
    { type: 'missing', loc: ['body', 'parameters', 'departure'], msg: 'Field required', input: { from: 'Paris', to: 7 } },
  ]);
  const count = await s.call('POST', v2(`/skills/${skill.id}/execute`), { body: { parameters: { ...FLIGHT, maxResults: 'three' } } });
  t.equal(count.status, 422);
  t.equal(balanceOf(s), before, 'refused runs are not charged');

  const run = await s.call<ExecuteSkillResponse>('POST', v2(`/skills/${skill.id}/execute`), { body: { parameters: { ...FLIGHT, unknown: true } } });
  t.equal(run.status, 200);
  t.match(run.json, { success: true, error: null, stderr: null });
  t.ok(typeof run.json.latencyMs === 'number' && run.json.latencyMs >= 1200 && run.json.latencyMs <= 9000);
  t.equal(schemaProblem(skill.outputSchema, run.json.result), undefined, 'the result matches the skill output schema');
  t.equal(before - balanceOf(s), SKILL_EXECUTION_PRICE, 'one run costs $0.02');
  const same = await s.call<ExecuteSkillResponse>('POST', v2(`/skills/${skill.id}/execute`), { body: { parameters: FLIGHT } });
  t.same(same.json, run.json, 'the same input gives the same run');
  const other = await s.call<ExecuteSkillResponse>('POST', v2(`/skills/${skill.id}/execute`), { body: { parameters: { ...FLIGHT, to: 'Lisbon' } } });
  t.not(JSON.stringify(other.json.result), JSON.stringify(run.json.result));

  const failed = await s.call<ExecuteSkillResponse>('POST', v2(`/skills/${skill.id}/execute`), { body: { parameters: { ...FLIGHT, from: 'Paris [mock:failure]' } } });
  t.match(failed.json, { success: false, result: null, error: String });
  t.match(failed.json.stderr, /Traceback/);
  t.equal(before - balanceOf(s), 4 * SKILL_EXECUTION_PRICE, 'a failed run is charged too');

  const list = await s.call<SkillExecutionListResponse>('GET', v2(`/skills/${skill.id}/executions?pageSize=3`));
  t.equal(list.json.totalItems, 4);
  t.equal(list.json.items.length, 3);
  t.match(list.json.items[0], { skillId: skill.id, status: 'failed', success: false, hasOutput: false });
  t.match(list.json.items[2], { status: 'completed', success: true, hasOutput: true, latencyMs: run.json.latencyMs });
  const oldest = (await s.call<SkillExecutionListResponse>('GET', v2(`/skills/${skill.id}/executions?pageSize=3&pageNumber=2`))).json.items[0];
  t.equal(oldest?.latencyMs, run.json.latencyMs, 'newest first');

  const output = await s.call<{ downloadUrl: string }>('GET', v2(`/skills/${skill.id}/executions/${oldest?.id}/output`));
  t.equal(output.status, 200);
  const download = await fetch(output.json.downloadUrl);
  t.equal(download.status, 200);
  t.same(await download.json(), run.json.result, 'the output is what the run returned');
  s.advance(301_000);
  t.equal((await fetch(output.json.downloadUrl)).status, 403, 'the address works for five minutes');
  const noOutput = await s.call('GET', v2(`/skills/${skill.id}/executions/${list.json.items[0]?.id}/output`));
  t.same([noOutput.status, noOutput.json], [404, { detail: 'Execution has no output' }]);
  const unknown = await s.call('GET', v2(`/skills/${skill.id}/executions/${skill.id}/output`));
  t.same([unknown.status, unknown.json], [404, { detail: 'Execution not found' }]);
});

t.test('money: 402 when the balance cannot pay, for runs and creations', async (t) => {
  const s = await startTestServer(t, { initialBalanceUsd: '0.03' });
  const skill = await finishedSkill(s);
  t.equal((await s.call('POST', v2(`/skills/${skill.id}/execute`), { body: { parameters: FLIGHT } })).status, 200);
  const poor = await s.call('POST', v2(`/skills/${skill.id}/execute`), { body: { parameters: FLIGHT } });
  t.same([poor.status, poor.json], [402, { detail: 'Insufficient credits' }]);
  t.equal(balanceOf(s), 10_000, 'only the first run was charged');
  t.equal((await s.call<SkillExecutionListResponse>('GET', v2(`/skills/${skill.id}/executions`))).json.totalItems, 1, 'the refused run left no record');

  const broke = await startTestServer(t, { initialBalanceUsd: '0' });
  const create = await broke.call('POST', v2('/skills'), { body: { goal: GOAL, agentPrompt: PROMPT } });
  t.same([create.status, create.json], [402, { detail: 'Insufficient credits' }]);
});

t.test('429 when the key already runs as many sessions and browsers as it may', async (t) => {
  const s = await startTestServer(t, { concurrencyLimit: 1 });
  const skill = await finishedSkill(s);
  t.equal((await s.call('POST', '/browsers', { body: {} })).status, 201);
  const busy = { detail: 'Too many concurrent active sessions. Please wait for one to finish, kill one, or upgrade your plan.' };
  const create = await s.call('POST', v2('/skills'), { body: { goal: GOAL, agentPrompt: PROMPT } });
  t.same([create.status, create.json], [429, busy]);
  const run = await s.call('POST', v2(`/skills/${skill.id}/execute`), { body: { parameters: FLIGHT } });
  t.same([run.status, run.json], [429, busy]);
  const refine = await s.call('POST', v2(`/skills/${skill.id}/refine`), { body: { feedback: 'Add the cabin class' } });
  t.same([refine.status, refine.json], [429, busy]);
});

t.test('listing: newest first, filters and pages', async (t) => {
  const s = await startTestServer(t);
  const flights = await finishedSkill(s);
  s.advance(60_000);
  const shop = await finishedSkill(s, 'Compare prices of noise cancelling headphones on amazon');
  const all = await s.call<SkillListResponse>('GET', v2('/skills'));
  t.same(all.json.items.map((i) => i.id), [shop.id, flights.id]);
  t.match(all.json, { totalItems: 2, pageNumber: 1, pageSize: 10 });
  const travel = await s.call<SkillListResponse>('GET', v2('/skills?category=travel'));
  t.same(travel.json.items.map((i) => i.id), [flights.id]);
  t.same((await s.call<SkillListResponse>('GET', v2('/skills?query=HEADPHONES'))).json.items.map((i) => i.id), [shop.id]);
  t.equal((await s.call<SkillListResponse>('GET', v2('/skills?isPublic=true'))).json.totalItems, 0, 'own skills are never public');
  t.equal((await s.call<SkillListResponse>('GET', v2('/skills?isPublic=false'))).json.totalItems, 2);
  const from = encodeURIComponent(shop.createdAt);
  t.same((await s.call<SkillListResponse>('GET', v2(`/skills?fromDate=${from}`))).json.items.map((i) => i.id), [shop.id]);
  t.same((await s.call<SkillListResponse>('GET', v2('/skills?toDate=2026-01-01T00:00:00'))).json.items.map((i) => i.id), [flights.id], 'a date without zone is UTC');
  const second = await s.call<SkillListResponse>('GET', v2('/skills?pageSize=1&pageNumber=2'));
  t.same(second.json.items.map((i) => i.id), [flights.id]);
  t.equal((await s.call('GET', v2('/skills?category=cooking'))).status, 422);
});

t.test("other keys' skills answer 404", async (t) => {
  const s = await startTestServer(t);
  const skill = await finishedSkill(s);
  await s.call('POST', v2(`/skills/${skill.id}/execute`), { body: { parameters: FLIGHT } });
  const execution = (await s.call<SkillExecutionListResponse>('GET', v2(`/skills/${skill.id}/executions`))).json.items[0]?.id ?? '';
  const other = { key: 'other-key' };
  const notFound = { detail: 'Skill not found' };
  const calls: [string, string, unknown?][] = [
    ['GET', `/skills/${skill.id}`],
    ['PATCH', `/skills/${skill.id}`, { title: 'Mine now' }],
    ['DELETE', `/skills/${skill.id}`],
    ['POST', `/skills/${skill.id}/cancel`],
    ['POST', `/skills/${skill.id}/rollback`],
    ['POST', `/skills/${skill.id}/execute`, { parameters: FLIGHT }],
    ['POST', `/skills/${skill.id}/refine`, { feedback: 'Make it mine please' }],
    ['GET', `/skills/${skill.id}/executions`],
    ['GET', `/skills/${skill.id}/executions/${execution}/output`],
  ];
  for (const [method, path, body] of calls) {
    const res = await s.call(method, v2(path), { ...other, body });
    t.same([res.status, res.json], [404, notFound], `${method} ${path}`);
  }
  t.equal((await s.call<SkillListResponse>('GET', v2('/skills'), other)).json.totalItems, 0);
  t.equal((await s.call('GET', v2('/skills'), { key: null })).status, 401);
  t.equal((await s.call<SkillResponse>('GET', v2(`/skills/${skill.id}`))).json.title, skill.title, 'the owner still sees it unchanged');
});

t.test('refused requests leave no trace; the same seed gives the same answers', async (t) => {
  const a = await startTestServer(t);
  const b = await startTestServer(t);
  t.equal((await a.call('POST', v2('/skills'), { body: { goal: GOAL } })).status, 422);
  t.equal((await a.call('POST', v2('/skills'), { body: { goal: GOAL, agentPrompt: PROMPT }, headers: { Prefer: 'scenario=nope' } })).status, 422);
  const skillA = await finishedSkill(a);
  const skillB = await finishedSkill(b);
  t.same(skillA, skillB, 'the refused creations took no id');
  await a.call('POST', v2(`/skills/${skillA.id}/execute`), { body: { parameters: {} } });
  const runA = await a.call<ExecuteSkillResponse>('POST', v2(`/skills/${skillA.id}/execute`), { body: { parameters: FLIGHT } });
  const runB = await b.call<ExecuteSkillResponse>('POST', v2(`/skills/${skillB.id}/execute`), { body: { parameters: FLIGHT } });
  t.same(runA.json, runB.json);
  const listA = await a.call<SkillExecutionListResponse>('GET', v2(`/skills/${skillA.id}/executions`));
  const listB = await b.call<SkillExecutionListResponse>('GET', v2(`/skills/${skillB.id}/executions`));
  t.same(listA.json, listB.json, 'the refused run took no execution id');
  const other = await startTestServer(t, { seed: 'another-seed' });
  t.not((await finishedSkill(other)).id, skillA.id, 'another seed, other ids');
});
