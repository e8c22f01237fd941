// Refusals before or around a route answer as uvicorn + Starlette + FastAPI do, always as JSON {"detail": …}.
import { connect } from 'node:net';
import t from 'tap';
import { MAX_HEADER_BYTES } from '../../src/http/framework-errors.js';
import { startTestServer } from '../helpers/server.js';

const INVALID_REQUEST = { detail: 'Invalid HTTP request received.' };

/** Sends raw bytes and returns the status and body of the first response. */
function rawRequest(url: string, bytes: Buffer | string): Promise<{ status: number; headers: string; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let data = Buffer.alloc(0);
    socket.on('error', reject);
    socket.on('data', (chunk: Buffer) => {
      data = Buffer.concat([data, chunk]);
    });
    socket.on('close', () => {
      const text = data.toString('utf8');
      const split = text.indexOf('\r\n\r\n');
      resolve({ status: Number(text.slice(9, 12)), headers: text.slice(0, split).toLowerCase(), body: text.slice(split + 4) });
    });
    socket.write(bytes);
    // Half-close after sending: the server answers, then closes its side as well.
    socket.end();
  });
}

/** pydantic's uuid_parsing issue for a path parameter. */
const uuidIssue = (name: string, input: string, error: string) => ({
  detail: [{ type: 'uuid_parsing', loc: ['path', name], msg: `Input should be a valid UUID, ${error}`, input, ctx: { error } }],
});

/** Method, path, parameter name and a body that is otherwise valid. */
const ID_ROUTES: [string, string, string, string?][] = [
  ['GET', '/sessions/{}', 'session_id'],
  ['DELETE', '/sessions/{}', 'session_id'],
  ['POST', '/sessions/{}/stop', 'session_id'],
  ['GET', '/sessions/{}/messages', 'session_id'],
  ['GET', '/browsers/{}', 'session_id'],
  ['PATCH', '/browsers/{}', 'session_id', '{"action":"stop"}'],
  ['GET', '/profiles/{}', 'profile_id'],
  ['PATCH', '/profiles/{}', 'profile_id'],
  ['DELETE', '/profiles/{}', 'profile_id'],
  ['GET', '/workspaces/{}', 'workspace_id'],
  ['PATCH', '/workspaces/{}', 'workspace_id'],
  ['DELETE', '/workspaces/{}', 'workspace_id'],
  ['GET', '/workspaces/{}/files', 'workspace_id'],
  ['DELETE', '/workspaces/{}/files?path=a', 'workspace_id'],
  ['GET', '/workspaces/{}/size', 'workspace_id'],
  ['POST', '/workspaces/{}/files/upload', 'workspace_id', '{"files":[{"name":"a.txt","contentType":"text/plain","size":1}]}'],
];

t.test('bad percent-encoding in an id reaches the route and fails UUID parsing, as under uvicorn', async (t) => {
  const s = await startTestServer(t);
  // Starlette unquotes like Python: a lone % stays, bytes that are not UTF-8 become U+FFFD.
  const cases: [string, string, string][] = [
    ['%zz', '%zz', 'invalid character: found `%` at 1'],
    ['%', '%', 'invalid character: found `%` at 1'],
    ['%C0%AF', '\ufffd\ufffd', 'invalid character: found `\ufffd` at 1'],
    ['%E2%28%A1', '\ufffd(\ufffd', 'invalid character: found `\ufffd` at 1'],
  ];
  for (const [method, template, name, valid = '{}'] of ID_ROUTES) {
    for (const [encoded, input, error] of cases) {
      const body = method === 'GET' || method === 'DELETE' ? {} : { raw: valid, headers: { 'Content-Type': 'application/json' } };
      const r = await s.call(method, `${s.apiUrl}${template.replace('{}', encoded)}`, body);
      t.equal(r.status, 422, `${method} ${template} ${encoded}`);
      t.same(r.json, uuidIssue(name, input, error));
    }
  }
});

t.test('an id of any length is a 422, not a framework refusal', async (t) => {
  const s = await startTestServer(t);
  for (const length of [100, 101, 5000, 60_000]) {
    const id = 'a'.repeat(length);
    const r = await s.call('GET', `/sessions/${id}`);
    t.equal(r.status, 422, `length ${length}`);
    t.same(r.json, uuidIssue('session_id', id, `invalid length: expected length 32 for simple format, found ${length}`));
  }
});

t.test('other routes with a parameter refuse bad encodings and long values in their own documented shape', async (t) => {
  const s = await startTestServer(t);
  // Live pages are HTML for browsers, media URLs answer as S3 does; everything else is {"detail": "..."}.
  const paths: [string, 'json' | 'html' | 'xml'][] = [
    ['/live/{}', 'html'],
    ['/live/{}/state', 'json'],
    ['/_mock/ui/live/{}', 'html'],
    ['/_mock/keys/{}/state', 'json'],
    ['/_mock/faults/{}', 'json'],
    ['/_mock/recordings/{}/x.mp4', 'xml'],
    ['/_mock/screenshots/{}/x.png', 'xml'],
    ['/nothing/{}', 'json'],
  ];
  for (const [path, kind] of paths) {
    for (const id of ['%zz', '%', '%C0%AF', '%E2%28%A1', 'a'.repeat(5000)]) {
      const method = path === '/_mock/faults/{}' ? 'DELETE' : 'GET';
      const r = await s.call(method, `${s.url}${path.replace('{}', id)}`, { key: null });
      const name = `${path} ${id.slice(0, 10)}`;
      t.ok(r.status >= 400 && r.status < 500, `${name}: ${r.status}`);
      t.notMatch(r.text, /FST_ERR/, name);
      if (kind === 'json') t.equal(typeof (r.json as { detail?: unknown } | undefined)?.detail, 'string', `${name}: ${r.text.slice(0, 80)}`);
      else t.match(r.headers.get('content-type'), kind === 'html' ? /^text\/html/ : /^application\/xml/, name);
    }
  }
});

t.test('headers up to the bound are accepted; past it, or malformed, uvicorn’s 400 in JSON', async (t) => {
  const s = await startTestServer(t);
  const twenty = await s.call('GET', `${s.url}/health`, { key: null, headers: { 'X-Big': 'a'.repeat(20_000) } });
  t.same([twenty.status, twenty.json], [200, { status: 'ok' }], 'a 20 KB header');
  const hundred = await s.call('GET', `${s.url}/health`, { key: null, headers: { 'X-Big': 'a'.repeat(100_000) } });
  t.equal(hundred.status, 200, 'a 100 KB header');
  const host = `Host: ${new URL(s.url).host}\r\n`;
  const raw = async (bytes: string | Buffer) => rawRequest(s.url, bytes);
  const huge = await raw(`GET /health HTTP/1.1\r\n${host}X-Big: ${'a'.repeat(MAX_HEADER_BYTES)}\r\n\r\n`);
  t.same([huge.status, JSON.parse(huge.body)], [400, INVALID_REQUEST], 'a header past the bound');
  t.match(huge.headers, /content-type: application\/json/);
  t.match(huge.headers, /connection: close/);
  const malformed: [string, string | Buffer][] = [
    ['garbage request line', 'HELLO\r\n\r\n'],
    ['unknown method', `FOO /health HTTP/1.1\r\n${host}\r\n`],
    ['space in path', `GET /api/v3/sessions/a b HTTP/1.1\r\n${host}\r\n`],
    ['NUL in path', `GET /api/v3/sessions/a\u0000b HTTP/1.1\r\n${host}\r\n`],
    ['Content-Length abc', `POST /api/v3/sessions HTTP/1.1\r\n${host}Content-Length: abc\r\n\r\n{}`],
    ['Content-Length -1', `POST /api/v3/sessions HTTP/1.1\r\n${host}Content-Length: -1\r\n\r\n{}`],
    ['two Content-Lengths', `POST /api/v3/sessions HTTP/1.1\r\n${host}Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}`],
    ['bad chunk size', `POST /api/v3/sessions HTTP/1.1\r\n${host}Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`],
  ];
  for (const [name, bytes] of malformed) {
    const r = await raw(bytes);
    t.equal(r.status, 400, name);
    t.same(JSON.parse(r.body), INVALID_REQUEST, name);
  }
  const noHost = await raw('GET /health HTTP/1.1\r\nConnection: close\r\n\r\n');
  t.same([noHost.status, JSON.parse(noHost.body)], [200, { status: 'ok' }], 'no Host header, as uvicorn with httptools');
});

t.test('unknown routes are 404 and known paths with another method 405, on every kind of route', async (t) => {
  const s = await startTestServer(t);
  const cases: [string, string, number, string | null][] = [
    ['DELETE', '/health', 405, 'GET'],
    ['POST', '/openapi.json', 405, 'GET'],
    ['PUT', '/api/v3/sessions', 405, 'POST, GET'],
    ['PUT', '/api/v3/billing/account', 405, 'GET'],
    ['PUT', '/_mock/keys', 405, 'GET'],
    ['PATCH', '/_mock/faults', 405, 'GET, POST, DELETE'],
    ['POST', '/live/abc', 405, 'GET'],
    ['GET', '/nothing', 404, null],
    ['GET', '/api/v3/nothing', 404, null],
    ['DELETE', '/_mock/nothing', 404, null],
  ];
  for (const [method, path, status, allow] of cases) {
    const r = await s.call(method, `${s.url}${path}`, { key: null });
    t.equal(r.status, status, `${method} ${path}`);
    t.same(r.json, { detail: status === 405 ? 'Method Not Allowed' : 'Not Found' });
    t.equal(r.headers.get('allow'), allow, `${method} ${path} allow`);
  }
});

t.test('other media types are validated as text, as FastAPI does', async (t) => {
  const s = await startTestServer(t);
  for (const type of ['text/plain', 'application/x-www-form-urlencoded']) {
    const r = await s.call('POST', '/sessions', { raw: '{"task":"x"}', headers: { 'Content-Type': type } });
    t.equal(r.status, 422, type);
    t.same(r.json, { detail: [{ type: 'model_attributes_type', loc: ['body'], msg: 'Input should be a valid dictionary or object to extract fields from', input: '{"task":"x"}' }] });
  }
  const nul = await s.call('POST', '/sessions', { raw: '{"task":"a\u0000b"}', headers: { 'Content-Type': 'application/json' } });
  t.same(nul.json, { detail: [{ type: 'json_invalid', loc: ['body', 10], msg: 'JSON decode error', input: {}, ctx: { error: 'Invalid control character at' } }] });
});

t.test('a malformed Content-Type is read as FastAPI reads it: empty means JSON, anything else text', async (t) => {
  const s = await startTestServer(t);
  for (const type of [';;;', 'json', 'application']) {
    const r = await s.call('POST', '/sessions', { raw: '{"task":"x"}', headers: { 'Content-Type': type } });
    t.same([r.status, r.json], [422, { detail: [{ type: 'model_attributes_type', loc: ['body'], msg: 'Input should be a valid dictionary or object to extract fields from', input: '{"task":"x"}' }] }], type);
    const anonymous = await s.call('POST', '/sessions', { key: null, raw: '{"task":"x"}', headers: { 'Content-Type': type } });
    t.same([anonymous.status, anonymous.json], [401, { detail: 'Not authenticated' }], `${type} without a key: the key is checked first`);
  }
  const empty = await s.call('POST', '/profiles', { raw: '{"name":"p"}', headers: { 'Content-Type': '' } });
  t.equal(empty.status, 201, 'an empty Content-Type: the body is JSON');
});

t.test('Starlette routing: trailing slashes redirect, empty segments and encoded slashes are 404', async (t) => {
  const s = await startTestServer(t);
  for (const method of ['GET', 'DELETE', 'PATCH']) {
    const r = await fetch(`${s.apiUrl}/sessions/?page=2`, { method, redirect: 'manual', headers: { 'X-Browser-Use-API-Key': 'k' } });
    t.equal(r.status, 307, `${method} /sessions/: 307 whatever the method`);
    t.equal(r.headers.get('location'), `${s.apiUrl}/sessions?page=2`);
    t.equal(await r.text(), '');
  }
  const created = await s.call<{ id: string }>('POST', '/sessions', { body: {} });
  for (const path of ['/sessions//stop', '/sessions//messages', '/workspaces//size', `/sessions/${created.json.id}%2Fx`, '/sessions//']) {
    const r = await s.call('GET', path, { key: null });
    t.same([r.status, r.json], [404, { detail: 'Not Found' }], `${path}: routing fails before the key is checked`);
  }
  const slash = await fetch(`${s.apiUrl}/sessions/${created.json.id}%2F`, { redirect: 'manual' });
  t.equal(slash.status, 307, 'an encoded trailing slash redirects like a plain one');
  t.equal(slash.headers.get('location'), `${s.apiUrl}/sessions/${created.json.id}`);
});

t.test('query strings are parsed as Starlette parses them', async (t) => {
  const s = await startTestServer(t);
  const bad = await s.call('GET', '/sessions?page=1131%FF');
  t.same(bad.json, { detail: [{ type: 'int_parsing', loc: ['query', 'page'], msg: 'Input should be a valid integer, unable to parse string as an integer', input: '1131\ufffd' }] });
  const literal = await s.call('GET', '/sessions?page=%zz%202');
  t.same(literal.json, { detail: [{ type: 'int_parsing', loc: ['query', 'page'], msg: 'Input should be a valid integer, unable to parse string as an integer', input: '%zz 2' }] });
  const plus = await s.call('GET', '/sessions?page=+2&&page_size=3');
  t.equal(plus.status, 200, "'+' is a space, which pydantic strips from an integer; empty fields are skipped");
  t.match(plus.json, { page: 2, pageSize: 3 });
});
