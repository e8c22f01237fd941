// The Prefer header: every declared status of every operation can be forced, with a body that the
// contract check (test/helpers/contract-check.ts) validates; undeclared codes and unknown scenarios are 422.
import t from 'tap';
import { parsePrefer } from '../../src/http/prefer.js';
import type { SessionListResponse, SessionResponse } from '../../src/contract/types.generated.js';
import { contractChecker } from '../helpers/contract-check.js';
import { startTestServer } from '../helpers/server.js';

const ID = '3c90c3cc-0d44-4b50-8888-8dd25736052a';

t.test('parsePrefer', async (t) => {
  t.same(parsePrefer('code=429'), { code: '429' });
  t.same(parsePrefer('Code=404, scenario="failure"'), { code: '404', scenario: 'failure' });
  t.same(parsePrefer('respond-async; wait=5; scenario=quick'), { scenario: 'quick' }, 'unknown preferences are ignored');
  t.same(parsePrefer(['code=500', 'scenario=error']), { code: '500', scenario: 'error' });
  t.same(parsePrefer(undefined), {});
});

t.test('every declared status of every operation, forced, matches the contract', async (t) => {
  const s = await startTestServer(t);
  let forced = 0;
  for (const op of s.state.contract.operations.values()) {
    const path = op.path.replace(/\{[^}]+\}/g, ID);
    for (const status of op.statuses) {
      const before = contractChecker.violations.length;
      const r = await s.call(op.method, path, { headers: { Prefer: `code=${status}` }, body: op.method === 'GET' || op.method === 'DELETE' ? undefined : {} });
      t.equal(r.status, Number(status), `${op.method} ${op.path} code=${status}${r.status === 599 ? `: ${r.text}` : ''}`);
      t.equal(contractChecker.violations.length, before, 'no contract violation');
      forced++;
    }
  }
  t.ok(forced > 80, `${forced} forced responses`);
  t.equal((await s.call<SessionListResponse>('GET', '/sessions')).json.total, 0, 'nothing was created by forced answers');
});

t.test('forced examples are deterministic for a seed', async (t) => {
  const a = await startTestServer(t, { seed: 'examples' });
  const b = await startTestServer(t, { seed: 'examples' });
  const one = await a.call<SessionResponse>('POST', '/sessions', { body: {}, headers: { Prefer: 'code=200' } });
  const two = await b.call<SessionResponse>('POST', '/sessions', { body: {}, headers: { Prefer: 'code=200' } });
  t.equal(one.text, two.text);
  t.match(one.json, { id: String, status: String, createdAt: String });
  const deleted = await a.call('DELETE', `/sessions/${ID}`, { headers: { Prefer: 'code=204' } });
  t.equal(deleted.status, 204);
  t.equal(deleted.text, '');
});

t.test('Prefer preempts authentication and validation; other routes ignore it', async (t) => {
  const s = await startTestServer(t);
  const r = await s.call('POST', '/sessions', { key: null, raw: '{not json', headers: { Prefer: 'code=409', 'content-type': 'application/json' } });
  t.equal(r.status, 409);
  t.same(r.json, { detail: 'Conflict' });
  const unauth = await s.call('GET', '/sessions', { headers: { Prefer: 'code=401' } });
  t.same(unauth.json, { detail: 'Not authenticated' });
  const invalid = await s.call<{ detail: { loc: unknown[]; type: string }[] }>('GET', '/sessions', { headers: { Prefer: 'code=422' } });
  t.equal(invalid.json.detail[0]?.type, 'missing');
  t.equal((await s.call('GET', '/_mock/keys', { headers: { Prefer: 'code=500' } })).status, 200, 'admin routes ignore it');
  t.equal((await s.call('GET', `${s.url}/health`, { headers: { Prefer: 'code=500' } })).status, 200);
  t.equal((await s.call('GET', '/sessions', { headers: { Prefer: 'return=minimal' } })).status, 200, 'unknown preferences are ignored');
  const fromBrowser = await s.call('POST', '/sessions', { body: {}, headers: { Prefer: 'code=429', Origin: 'http://localhost:3000' } });
  t.equal(fromBrowser.status, 429);
  t.equal(fromBrowser.headers.get('access-control-allow-origin'), 'http://localhost:3000', 'a browser can read the forced answer');
});

t.test('undeclared codes and unknown scenarios: 422 at loc ["header", "prefer"]', async (t) => {
  const s = await startTestServer(t);
  type Issues = { detail: { loc: unknown[]; msg: string; type: string; input: unknown }[] };
  const undeclared = await s.call<Issues>('GET', '/sessions', { headers: { Prefer: 'code=404' } });
  t.equal(undeclared.status, 422);
  t.same(undeclared.json.detail[0]?.loc, ['header', 'prefer']);
  t.equal(undeclared.json.detail[0]?.input, 'code=404');
  t.match(undeclared.json.detail[0]?.msg, /status 404 is not declared for GET \/sessions.*declared statuses: 200, 401, 422/);
  const nonsense = await s.call<Issues>('GET', '/sessions', { headers: { Prefer: 'code=teapot' } });
  t.match(nonsense.json.detail[0]?.msg, /"teapot" is not a status code/);
  const unknown = await s.call<Issues>('POST', '/sessions', { body: { task: 'x' }, headers: { Prefer: 'scenario=does-not-exist' } });
  t.equal(unknown.status, 422);
  t.match(unknown.json.detail[0]?.msg, /unknown scenario "does-not-exist"; known scenarios: failure, error, timeout, cost-limit, expensive, quick, long, success/);
  t.equal((await s.call<SessionListResponse>('GET', '/sessions')).json.total, 0, 'nothing created');
});

t.test('Prefer: scenario applies to the task of that request only', async (t) => {
  const s = await startTestServer(t);
  const forced = await s.call<SessionResponse>('POST', '/sessions', { body: { task: 'Find a recipe for pancakes', keepAlive: true }, headers: { Prefer: 'scenario=long' } });
  s.advance(10 * 60_000);
  t.equal((await s.call<SessionResponse>('GET', `/sessions/${forced.json.id}`)).json.stepCount, 50);
  await s.call('POST', '/sessions', { body: { sessionId: forced.json.id, task: 'Now find one for waffles [mock:quick]' } });
  s.advance(10 * 60_000);
  t.equal((await s.call<SessionResponse>('GET', `/sessions/${forced.json.id}`)).json.stepCount, 51, 'the follow-up used its own marker');
});
