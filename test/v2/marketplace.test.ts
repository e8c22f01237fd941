// The v2 marketplace: the built-in catalogue listed and read without a key, cloned into an account's
// skills and run; a user's marketplace/ fixtures folder adds skills and is validated at start.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import type { ExecuteSkillResponse, MarketplaceSkillListResponse, MarketplaceSkillResponse, SkillListResponse, SkillResponse } from '../../src/contract/types-v2.generated.js';
import { SKILL_EXECUTION_PRICE } from '../../src/v2/skills/service.js';
import { startTestServer } from '../helpers/server.js';
import { balanceOf, schemaProblem, v2 } from './skill-helpers.js';

t.test('the catalogue is listed and read without a key', async (t) => {
  const s = await startTestServer(t);
  const all = await s.call<MarketplaceSkillListResponse>('GET', v2('/marketplace/skills?pageSize=100'), { key: null });
  t.equal(all.status, 200);
  t.ok(all.json.totalItems >= 8, `${all.json.totalItems} skills`);
  const created = all.json.items.map((i) => i.createdAt);
  t.same(created, [...created].sort().reverse(), 'newest first');
  for (const item of all.json.items) {
    t.ok(item.parameters.length > 0 && item.domains.length > 0 && item.categories.length > 0, `${item.slug} is complete`);
    t.equal(item.currentVersion !== null, true);
  }
  const page = await s.call<MarketplaceSkillListResponse>('GET', v2('/marketplace/skills?pageSize=5&pageNumber=2'), { key: null });
  t.same(page.json.items.map((i) => i.slug), all.json.items.slice(5, 10).map((i) => i.slug));
  const travel = await s.call<MarketplaceSkillListResponse>('GET', v2('/marketplace/skills?category=travel'), { key: null });
  t.ok(travel.json.items.length > 0 && travel.json.items.every((i) => i.categories.includes('travel')));
  const query = await s.call<MarketplaceSkillListResponse>('GET', v2('/marketplace/skills?query=ZILLOW'), { key: null });
  t.same(query.json.items.map((i) => i.slug), ['zillow-home-listings']);
  const dated = await s.call<MarketplaceSkillListResponse>('GET', v2('/marketplace/skills?fromDate=2025-11-01&toDate=2025-11-30T23:59:59Z'), { key: null });
  t.same(dated.json.items.map((i) => i.slug), ['ebay-sold-prices']);
  t.equal((await s.call('GET', v2('/marketplace/skills?pageSize=101'), { key: null })).status, 422);

  const one = await s.call<MarketplaceSkillResponse>('GET', v2('/marketplace/skills/yahoo-finance-quote'), { key: null });
  t.equal(one.status, 200);
  t.same(one.json, all.json.items.find((i) => i.slug === 'yahoo-finance-quote'));
  t.equal(one.json.id, '3149f76a-3dd0-4e5d-900b-3b13b66b3cc0', 'ids follow from the slug, whatever the seed');
  const missing = await s.call('GET', v2('/marketplace/skills/no-such-skill'), { key: null });
  t.same([missing.status, missing.json], [404, { detail: 'Skill not found' }]);
});

t.test('clone: a finished copy in the caller skills; only the caller sees its clones counted', async (t) => {
  const s = await startTestServer(t);
  const source = (await s.call<MarketplaceSkillResponse>('GET', v2('/marketplace/skills/github-repo-issues'))).json;
  t.equal((await s.call('POST', v2(`/marketplace/skills/${source.id}/clone`), { key: null })).status, 401);
  const clone = await s.call<SkillResponse>('POST', v2(`/marketplace/skills/${source.id}/clone`));
  t.equal(clone.status, 200);
  t.match(clone.json, { status: 'finished', currentVersion: 1, clonedFromSkillId: source.id, goal: null, agentPrompt: null, isPublic: false, isEnabled: true, title: source.title });
  t.same(clone.json.parameters, source.parameters);
  t.same(clone.json.outputSchema, source.outputSchema);
  t.same((await s.call<SkillListResponse>('GET', v2('/skills'))).json.items.map((i) => i.id), [clone.json.id]);
  const mine = await s.call<MarketplaceSkillResponse>('GET', v2('/marketplace/skills/github-repo-issues'));
  t.equal(mine.json.cloneCount, source.cloneCount + 1);
  t.equal((await s.call<MarketplaceSkillResponse>('GET', v2('/marketplace/skills/github-repo-issues'), { key: 'other-key' })).json.cloneCount, source.cloneCount);
  t.equal((await s.call<MarketplaceSkillResponse>('GET', v2('/marketplace/skills/github-repo-issues'), { key: null })).json.cloneCount, source.cloneCount);

  const run = await s.call<ExecuteSkillResponse>('POST', v2(`/skills/${clone.json.id}/execute`), { body: { parameters: { repository: 'acme/rocket' } } });
  t.equal(run.json.success, true);
  t.equal(schemaProblem(source.outputSchema, run.json.result), undefined);
  const unknown = await s.call('POST', v2(`/marketplace/skills/${clone.json.id}/clone`));
  t.same([unknown.status, unknown.json], [404, { detail: 'Skill not found' }], 'an own skill is not in the marketplace');
});

t.test('execute: parameters checked, result of the output schema, charged, 402', async (t) => {
  const s = await startTestServer(t, { initialBalanceUsd: '0.05' });
  const quote = (await s.call<MarketplaceSkillResponse>('GET', v2('/marketplace/skills/yahoo-finance-quote'))).json;
  t.equal((await s.call('POST', v2(`/marketplace/skills/${quote.id}/execute`), { key: null, body: { parameters: { ticker: 'AAPL' } } })).status, 401);
  const bad = await s.call<{ detail: unknown[] }>('POST', v2(`/marketplace/skills/${quote.id}/execute`), { body: {} });
  t.same([bad.status, bad.json.detail], [422, [{ type: 'missing', loc: ['body', 'parameters', 'ticker'], msg: 'Field required', input: {} }]]);
  const run = await s.call<ExecuteSkillResponse>('POST', v2(`/marketplace/skills/${quote.id}/execute`), { body: { parameters: { ticker: 'AAPL' } } });
  t.equal(run.status, 200);
  t.equal(run.json.success, true);
  t.equal(schemaProblem(quote.outputSchema, run.json.result), undefined, 'the result matches the output schema');
  const again = await s.call<ExecuteSkillResponse>('POST', v2(`/marketplace/skills/${quote.id}/execute`), { body: { parameters: { ticker: 'AAPL' } } });
  t.same(again.json, run.json, 'deterministic');
  t.equal(balanceOf(s), 50_000 - 2 * SKILL_EXECUTION_PRICE);
  const poor = await s.call('POST', v2(`/marketplace/skills/${quote.id}/execute`), { body: { parameters: { ticker: 'AAPL' } } });
  t.same([poor.status, poor.json], [402, { detail: 'Insufficient credits' }]);
  t.equal(balanceOf(s), 10_000, 'the refused run cost nothing');
  const unknown = await s.call('POST', v2(`/marketplace/skills/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}/execute`), { body: { parameters: {} } });
  t.same([unknown.status, unknown.json], [404, { detail: 'Skill not found' }]);
});

const USER_SKILL = `slug: intranet-report
title: Weekly intranet report
description: Reads the weekly report from the company intranet.
categories: [automation]
domains: [intranet.example.com]
currentVersion: null
createdAt: '2026-01-01T00:00:00Z'
parameters:
  - { name: week, type: number }
outputSchema: { type: object, properties: { summary: { type: string } }, required: [summary] }
`;

t.test("a user's marketplace/ folder adds skills; one without a finished version cannot be cloned or run", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'bu-market-'));
  mkdirSync(join(dir, 'marketplace'));
  writeFileSync(join(dir, 'marketplace', 'report.yaml'), USER_SKILL);
  writeFileSync(join(dir, 'marketplace', 'quote.yaml'), USER_SKILL.replace('intranet-report', 'yahoo-finance-quote').replace('currentVersion: null', 'currentVersion: 2'));
  const s = await startTestServer(t, { fixturesDir: dir });
  const first = await s.call<MarketplaceSkillListResponse>('GET', v2('/marketplace/skills?pageSize=100'));
  const builtIn = await startTestServer(t);
  const builtInTotal = (await builtIn.call<MarketplaceSkillListResponse>('GET', v2('/marketplace/skills'))).json.totalItems;
  t.equal(first.json.totalItems, builtInTotal + 1, 'one added, one replaced');
  const replaced = await s.call<MarketplaceSkillResponse>('GET', v2('/marketplace/skills/yahoo-finance-quote'));
  t.equal(replaced.json.title, 'Weekly intranet report', 'the same slug replaces the built-in');
  const report = await s.call<MarketplaceSkillResponse>('GET', v2('/marketplace/skills/intranet-report'));
  t.match(report.json, { currentVersion: null, isOfficial: false, cloneCount: 0, firstPublishedAt: '2026-01-01T00:00:00Z' });
  const clone = await s.call('POST', v2(`/marketplace/skills/${report.json.id}/clone`));
  t.same([clone.status, clone.json], [400, { detail: 'Skill is not finished' }]);
  const run = await s.call('POST', v2(`/marketplace/skills/${report.json.id}/execute`), { body: { parameters: { week: 3 } } });
  t.same([run.status, run.json], [400, { detail: 'Skill is not finished' }]);
  t.equal((await s.call<SkillListResponse>('GET', v2('/skills'))).json.totalItems, 0);
});

t.test('a broken marketplace file stops the start with the file and field named', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'bu-market-'));
  mkdirSync(join(dir, 'marketplace'));
  writeFileSync(join(dir, 'marketplace', 'bad.yaml'), USER_SKILL.replace('[automation]', '[cooking]').replace('type: number', 'type: integer'));
  const error = await startTestServer(t, { fixturesDir: dir }).then(
    () => undefined,
    (e: unknown) => e,
  );
  const text = String(error);
  t.match(text, /bad\.yaml: categories\[0\]: expected one of search/);
  t.match(text, /bad\.yaml: parameters\[0\]\.type: expected one of string/);
});
