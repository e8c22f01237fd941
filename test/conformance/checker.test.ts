// The response check that guards the whole suite must really catch contract breaks: a wrong body, a
// wrong type, an undeclared status. If it were silently off, every other test would prove nothing.
import Fastify from 'fastify';
import t from 'tap';
import type { MessageListResponse, SessionResponse } from '../../src/contract/types.generated.js';
import { ContractChecker } from '../helpers/contract-check.js';
import { DEFAULT_KEY, startTestServer } from '../helpers/server.js';

const GET_SESSION = 'get_session_sessions__session_id__get';
const DELETE_SESSION = 'delete_session_sessions__session_id__delete';

t.test('standalone: valid bodies pass, broken ones are named', async (t) => {
  const s = await startTestServer(t);
  const created = await s.call<SessionResponse>('POST', '/sessions', { body: { task: 'Open example.com [mock:quick]' } });
  t.equal(created.status, 200);
  const session = created.json;
  const checker = new ContractChecker();

  t.equal(checker.checkValue(GET_SESSION, 200, session), undefined, 'a real session passes');
  t.equal(checker.check(GET_SESSION, 200, created.text), undefined, 'the same as raw text');

  const { id: _id, ...withoutId } = session;
  t.match(checker.checkValue(GET_SESSION, 200, withoutId), /must have required property 'id'/, 'missing required field');
  t.match(checker.checkValue(GET_SESSION, 200, { ...session, stepCount: 'three' }), /stepCount.*must be integer/, 'wrong type');
  t.match(checker.checkValue(GET_SESSION, 200, { ...session, status: 'paused' }), /status.*must be equal to one of the allowed values/, 'value outside an enum');
  t.match(checker.checkValue(GET_SESSION, 200, { ...session, createdAt: 'yesterday' }), /createdAt.*must match format "date-time"/, 'bad format');
  t.match(checker.check(GET_SESSION, 200, '{"id":'), /body is not JSON/, 'truncated JSON');
  t.match(checker.checkValue(GET_SESSION, 418, { detail: 'teapot' }), /status 418 is not declared/, 'undeclared status');
  t.match(checker.checkValue(GET_SESSION, 500, { detail: 'Internal Server Error' }), /status 500 is not declared/, 'a 500 is a contract break too');
  t.match(checker.checkValue(GET_SESSION, 422, { detail: 'bad' }), /detail.*must be array/, 'error bodies are checked too');
  t.equal(checker.checkValue(DELETE_SESSION, 204, undefined), undefined, '204 without a body passes');
  t.match(checker.checkValue(DELETE_SESSION, 204, { ok: true }), /declares no body/, '204 with a body fails');
  t.match(checker.checkValue('no_such_operation', 200, {}), /not in openapi\/v3.json/, 'unknown operation');

  const messages = await s.call<MessageListResponse>('GET', `/sessions/${session.id}/messages`);
  const first = messages.json.messages[0];
  t.ok(first, 'the task is the first message');
  t.equal(checker.checkComponent('MessageResponse', first), undefined, 'component check passes a real message');
  t.match(checker.checkComponent('MessageResponse', { ...first, role: 7 }), /does not match MessageResponse/, 'component check fails a broken one');

  t.equal(checker.operationAt('GET', `/api/v3/sessions/${session.id}`), GET_SESSION);
  t.equal(checker.operationAt('DELETE', `/api/v3/sessions/${session.id}/`), DELETE_SESSION, 'trailing slash');
  t.equal(checker.operationAt('GET', `/api/v3/sessions/${session.id}/messages`), 'list_session_messages_sessions__session_id__messages_get');
  t.equal(checker.operationAt('PUT', `/api/v3/sessions/${session.id}`), undefined, 'unknown method');
  t.equal(checker.operationAt('GET', '/api/v3/nothing'), undefined, 'unknown path');
});

t.test('startTestServer installs the net: a broken response turns into 599', async (t) => {
  const s = await startTestServer(t);
  const created = await s.call<SessionResponse>('POST', '/sessions', { body: {} });
  const record = s.state.projects.get(DEFAULT_KEY).sessions.get(created.json.id);
  t.ok(record, 'the session is stored');
  if (!record) return;

  const good = await s.call('GET', `/sessions/${record.id}`);
  t.equal(good.status, 200);

  // Break the stored record so the real serializer emits a wrong type, then a value outside an enum.
  const title = record.title;
  Object.assign(record, { title: 42 });
  const wrongType = await s.call<{ detail: string }>('GET', `/sessions/${record.id}`);
  t.equal(wrongType.status, 599);
  t.match(wrongType.json.detail, /contract violation in get_session_sessions__session_id__get: .*title/);
  Object.assign(record, { title, model: 'gpt-2' });
  const wrongEnum = await s.call<{ detail: string }>('GET', `/sessions/${record.id}`);
  t.equal(wrongEnum.status, 599);
  t.match(wrongEnum.json.detail, /model/);
});

t.test('install(): undeclared statuses and wrong bodies from any handler are caught', async (t) => {
  const checker = new ContractChecker();
  const app = Fastify();
  checker.install(app);
  const route = (url: string, status: number, body: unknown): void => {
    app.get(url, { config: { operationId: GET_SESSION, api: 'v3' } }, async (_request, reply) => reply.code(status).type('application/json').send(JSON.stringify(body)));
  };
  route('/teapot', 418, { detail: 'teapot' });
  route('/crash', 500, { detail: 'Internal Server Error' });
  route('/wrong', 200, { id: 'x' });
  route('/fine', 404, { detail: 'Session not found' });
  app.get('/untagged', async () => ({ anything: true }));
  t.teardown(() => app.close());

  const teapot = await app.inject({ url: '/teapot' });
  t.equal(teapot.statusCode, 599);
  t.match(teapot.json(), { detail: /status 418 is not declared/ });
  t.equal((await app.inject({ url: '/crash' })).statusCode, 599);
  const wrong = await app.inject({ url: '/wrong' });
  t.equal(wrong.statusCode, 599);
  t.match(wrong.json(), { detail: /must have required property 'status'/ });
  t.equal((await app.inject({ url: '/fine' })).statusCode, 404, 'a declared error with the right shape passes');
  t.equal((await app.inject({ url: '/untagged' })).statusCode, 200, 'routes outside the contract are not checked');
  t.same(
    checker.violations.map((v) => v.status),
    [418, 500, 200],
    'every violation is recorded',
  );
});

t.test('watchFetch(): every response a client receives is checked, outside any Fastify instance', async (t) => {
  const s = await startTestServer(t);
  const checker = new ContractChecker();
  const watch = checker.watchFetch(s.apiUrl);
  t.teardown(() => watch.restore());
  const headers = { 'X-Browser-Use-API-Key': 'watch', 'Content-Type': 'application/json' };
  const created = (await (await fetch(`${s.apiUrl}/sessions`, { method: 'POST', headers, body: '{}' })).json()) as SessionResponse;
  await fetch(`${s.apiUrl}/sessions/${created.id}`, { headers });
  await fetch(`${s.apiUrl}/sessions/${created.id}`, { method: 'DELETE', headers });
  t.same(watch.problems, [], 'valid responses raise nothing');
  t.same(
    watch.calls.map((c) => `${c.method} ${c.status} ${c.operationId}`),
    ['POST 200 create_session_sessions_post', `GET 200 ${GET_SESSION}`, `DELETE 204 ${DELETE_SESSION}`],
  );

  await fetch(`${s.apiUrl}/nothing`, { headers });
  const second = (await (await fetch(`${s.apiUrl}/sessions`, { method: 'POST', headers, body: '{}' })).json()) as SessionResponse;
  const record = s.state.projects.get('watch').sessions.get(second.id);
  if (record) Object.assign(record, { status: 'paused' });
  await fetch(`${s.apiUrl}/sessions/${second.id}`, { headers });
  t.equal(watch.problems.length, 2);
  t.match(watch.problems[0], { operationId: 'GET /api/v3/nothing', problem: /not an operation/ });
  t.match(watch.problems[1], { operationId: GET_SESSION, status: 599 });

  watch.restore();
  await fetch(`${s.apiUrl}/nothing`, { headers });
  t.equal(watch.problems.length, 2, 'nothing is watched after restore()');
});
