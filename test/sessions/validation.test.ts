// Bad input gets FastAPI's answer and changes nothing.
import t from 'tap';
import type { SessionListResponse, SessionResponse } from '../../src/contract/types.generated.js';
import { startTestServer } from '../helpers/server.js';

const MODELS = "'bu-mini', 'bu-max', 'bu-ultra', 'gemini-3-flash', 'claude-sonnet-4.6' or 'claude-opus-4.6'";

t.test('422 bodies in pydantic v2 shape', async (t) => {
  const s = await startTestServer(t);
  const cases: [string, string, unknown, unknown][] = [
    ['wrong type', '/sessions', { task: 123 }, [{ type: 'string_type', loc: ['body', 'task'], msg: 'Input should be a valid string', input: 123 }]],
    ['bad model', '/sessions', { task: 'x', model: 'gpt-5' }, [{ type: 'enum', loc: ['body', 'model'], msg: `Input should be ${MODELS}`, input: 'gpt-5', ctx: { expected: MODELS } }]],
    [
      'bad proxy country (enums are lower case)',
      '/sessions',
      { proxyCountryCode: 'US' },
      [{ type: 'enum', loc: ['body', 'proxyCountryCode'], input: 'US' }],
    ],
    ['bad uuid', '/sessions', { sessionId: 'abc', task: 'x' }, [{ type: 'uuid_parsing', loc: ['body', 'sessionId'], msg: 'Input should be a valid UUID, invalid length: expected length 32 for simple format, found 3', input: 'abc', ctx: { error: 'invalid length: expected length 32 for simple format, found 3' } }]],
    ['bad decimal', '/sessions', { maxCostUsd: 'lots' }, [{ type: 'decimal_parsing', loc: ['body', 'maxCostUsd'], msg: 'Input should be a valid decimal', input: 'lots' }]],
    ['null for a boolean', '/sessions', { keepAlive: null }, [{ type: 'bool_type', loc: ['body', 'keepAlive'], msg: 'Input should be a valid boolean', input: null }]],
    ['not an object', '/sessions', ['task'], [{ type: 'model_attributes_type', loc: ['body'], msg: 'Input should be a valid dictionary or object to extract fields from', input: ['task'] }]],
    ['dict field', '/sessions', { outputSchema: 'x' }, [{ type: 'dict_type', loc: ['body', 'outputSchema'], msg: 'Input should be a valid dictionary', input: 'x' }]],
    [
      'several at once, in field order',
      '/sessions',
      { skills: 'maybe', task: false },
      [
        { type: 'string_type', loc: ['body', 'task'], msg: 'Input should be a valid string', input: false },
        { type: 'bool_parsing', loc: ['body', 'skills'], msg: 'Input should be a valid boolean, unable to interpret input', input: 'maybe' },
      ],
    ],
    ['bad stop strategy', '/sessions/3c90c3cc-0d44-4b50-8888-8dd25736052a/stop', { strategy: 'all' }, [{ type: 'enum', loc: ['body', 'strategy'], msg: "Input should be 'task' or 'session'", input: 'all', ctx: { expected: "'task' or 'session'" } }]],
  ];
  for (const [name, path, body, detail] of cases) {
    const r = await s.call('POST', path, { body });
    t.equal(r.status, 422, name);
    t.match(r.json, { detail }, name);
    t.equal((r.json as { detail: unknown[] }).detail.length, (detail as unknown[]).length, `${name}: no extra issues`);
  }
});

t.test('query and path parameters', async (t) => {
  const s = await startTestServer(t);
  const r0 = await s.call('GET', '/sessions?page_size=0');
  t.same(r0.json, { detail: [{ type: 'greater_than_equal', loc: ['query', 'page_size'], msg: 'Input should be greater than or equal to 1', input: '0', ctx: { ge: 1 } }] });
  const r101 = await s.call('GET', '/sessions?page_size=101&page=x');
  t.same(r101.json, {
    detail: [
      { type: 'int_parsing', loc: ['query', 'page'], msg: 'Input should be a valid integer, unable to parse string as an integer', input: 'x' },
      { type: 'less_than_equal', loc: ['query', 'page_size'], msg: 'Input should be less than or equal to 100', input: '101', ctx: { le: 100 } },
    ],
  });
  const badId = await s.call('GET', '/sessions/not-a-uuid');
  t.same(badId.json, {
    detail: [{ type: 'uuid_parsing', loc: ['path', 'session_id'], msg: 'Input should be a valid UUID, invalid character: found `n` at 1', input: 'not-a-uuid', ctx: { error: 'invalid character: found `n` at 1' } }],
  });
  const limit = await s.call('GET', '/sessions/3c90c3cc-0d44-4b50-8888-8dd25736052a/messages?limit=500&after=zz');
  t.equal(limit.status, 422, 'validation comes before the lookup');
  t.match(limit.json, { detail: [{ loc: ['query', 'after'] }, { loc: ['query', 'limit'], type: 'less_than_equal' }] });
  const repeated = await s.call<SessionListResponse>('GET', '/sessions?page_size=0&page_size=5');
  t.equal(repeated.status, 200, 'the last repeated value wins');
  t.equal(repeated.json.pageSize, 5);
});

t.test('ids in any form pydantic accepts name the same session', async (t) => {
  const s = await startTestServer(t);
  const { json } = await s.call<SessionResponse>('POST', '/sessions', { body: {} });
  for (const form of [json.id.toUpperCase(), json.id.replace(/-/g, ''), `{${json.id}}`, `urn:uuid:${json.id}`]) {
    const r = await s.call<SessionResponse>('GET', `/sessions/${encodeURIComponent(form)}`);
    t.equal(r.status, 200, form);
    t.equal(r.json.id, json.id);
  }
});

t.test('malformed JSON, empty and non-JSON bodies', async (t) => {
  const s = await startTestServer(t);
  const json = { 'Content-Type': 'application/json' };
  const broken = await s.call('POST', '/sessions', { raw: '{"task": }', headers: json });
  t.same(broken.json, { detail: [{ type: 'json_invalid', loc: ['body', 9], msg: 'JSON decode error', input: {}, ctx: { error: 'Expecting value' } }] });
  const trailing = await s.call('POST', '/sessions', { raw: '{"task": "x",}', headers: json });
  t.same(trailing.json, { detail: [{ type: 'json_invalid', loc: ['body', 13], msg: 'JSON decode error', input: {}, ctx: { error: 'Expecting property name enclosed in double quotes' } }] });
  const brokenNoKey = await s.call('POST', '/sessions', { raw: '{', headers: json, key: null });
  t.equal(brokenNoKey.status, 422, 'the body is decoded before the key is checked');
  const empty = await s.call('POST', '/sessions', { raw: '', headers: json });
  t.same(empty.json, { detail: [{ type: 'missing', loc: ['body'], msg: 'Field required', input: null }] });
  const nullBody = await s.call('POST', '/sessions', { raw: 'null', headers: json });
  t.same(nullBody.json, { detail: [{ type: 'missing', loc: ['body'], msg: 'Field required', input: null }] });
  const text = await s.call('POST', '/sessions', { raw: 'task=x', headers: { 'Content-Type': 'text/plain' } });
  t.same(text.json, { detail: [{ type: 'model_attributes_type', loc: ['body'], msg: 'Input should be a valid dictionary or object to extract fields from', input: 'task=x' }] });
  const noType = await s.call<SessionResponse>('POST', '/sessions', { raw: Buffer.from('{"task":"no content type"}') });
  t.equal(noType.status, 200, 'a body without content type is read as JSON');
  const vendor = await s.call('POST', '/sessions', { raw: '{}', headers: { 'Content-Type': 'application/vnd.api+json' } });
  t.equal(vendor.status, 200, '+json types are JSON');
});

t.test('authentication', async (t) => {
  const s = await startTestServer(t);
  for (const key of [null, '', '   ']) {
    const r = await s.call('GET', '/sessions', { key });
    t.equal(r.status, 401);
    t.same(r.json, { detail: 'Not authenticated' });
  }
  const locked = await startTestServer(t, { apiKeys: ['good'] });
  t.equal((await locked.call('GET', '/sessions', { key: 'good' })).status, 200);
  const bad = await locked.call('GET', '/sessions', { key: 'bad' });
  t.equal(bad.status, 401);
  t.same(bad.json, { detail: 'Invalid API key' });
  const invalidAndUnauthenticated = await s.call('GET', '/sessions?page_size=0', { key: null });
  t.equal(invalidAndUnauthenticated.status, 401, 'authentication is checked before parameters');
});

t.test('unknown fields, routing, sizes', async (t) => {
  const s = await startTestServer(t, { bodyLimit: 2048 });
  const extra = await s.call<SessionResponse>('POST', '/sessions', { body: { task: 'x', colour: 'blue', useOwnKey: true } });
  t.equal(extra.status, 200, 'unknown fields are ignored');
  const strict = await startTestServer(t, { strict: true });
  const rejected = await strict.call('POST', '/sessions', { body: { task: 'x', colour: 'blue' } });
  t.same(rejected.json, { detail: [{ type: 'extra_forbidden', loc: ['body', 'colour'], msg: 'Extra inputs are not permitted', input: 'blue' }] });
  const notFound = await s.call('GET', '/api/v3/nothing');
  t.equal(notFound.status, 404);
  t.same(notFound.json, { detail: 'Not Found' });
  const wrongMethod = await s.call('PUT', '/sessions');
  t.equal(wrongMethod.status, 405);
  t.same(wrongMethod.json, { detail: 'Method Not Allowed' });
  t.equal(wrongMethod.headers.get('allow'), 'POST, GET');
  const big = await s.call('POST', '/sessions', { body: { task: 'x'.repeat(4096) } });
  t.equal(big.status, 413);
  t.same(big.json, { detail: 'Request body is too large' });
});

t.test('a rejected request leaves no trace', async (t) => {
  const s = await startTestServer(t);
  const before = JSON.stringify(s.state.projects.peek('test-key') ?? null);
  for (const body of [{ task: 1 }, { model: 'x' }, { sessionId: '3c90c3cc-0d44-4b50-8888-8dd25736052a' }, { sessionId: '3c90c3cc-0d44-4b50-8888-8dd25736052a', task: 'x' }]) {
    const r = await s.call('POST', '/sessions', { body });
    t.ok(r.status === 422 || r.status === 404);
  }
  const list = await s.call<SessionListResponse>('GET', '/sessions');
  t.equal(list.json.total, 0);
  const created = await s.call<SessionResponse>('POST', '/sessions', { body: {} });
  const fresh = await startTestServer(t);
  const reference = await fresh.call<SessionResponse>('POST', '/sessions', { body: {} });
  t.equal(created.json.id, reference.json.id, 'no id was consumed by the rejected requests');
  t.equal(before, 'null');
});
