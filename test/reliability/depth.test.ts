// Deeply nested JSON: past the decoder's bound every body operation answers FastAPI's 400, and up to it
// every walk of the value (validation, the echo in a 422, storage, listing, admin views) stays sound.
import t from 'tap';
import { MAX_JSON_DEPTH } from '../../src/contract/json-decode.js';
import type { TestServer } from '../helpers/server.js';
import { startTestServer } from '../helpers/server.js';

const PARSE_ERROR = { detail: 'There was an error parsing the body' };

/** `[`×n `]`×n as the value of `field`: nesting n + 1 counting the outer object. */
const deepArrayIn = (field: string, n: number): string => `{"${field}":${'['.repeat(n)}${']'.repeat(n)}}`;

/** Every operation with a body, with the path it is reached at once its objects exist. */
async function bodyOperations(s: TestServer): Promise<{ method: string; path: string; field: string }[]> {
  const session = (await s.call<{ id: string }>('POST', '/sessions', { body: { keepAlive: true } })).json.id;
  const browser = (await s.call<{ id: string }>('POST', '/browsers', { body: {} })).json.id;
  const profile = (await s.call<{ id: string }>('POST', '/profiles', { body: {} })).json.id;
  const workspace = (await s.call<{ id: string }>('POST', '/workspaces', { body: {} })).json.id;
  return [
    { method: 'POST', path: '/sessions', field: 'task' },
    { method: 'POST', path: `/sessions/${session}/stop`, field: 'strategy' },
    { method: 'POST', path: '/browsers', field: 'profileId' },
    { method: 'PATCH', path: `/browsers/${browser}`, field: 'action' },
    { method: 'POST', path: '/profiles', field: 'name' },
    { method: 'PATCH', path: `/profiles/${profile}`, field: 'name' },
    { method: 'POST', path: '/workspaces', field: 'name' },
    { method: 'PATCH', path: `/workspaces/${workspace}`, field: 'name' },
    { method: 'POST', path: `/workspaces/${workspace}/files/upload`, field: 'files' },
  ];
}

const json = { 'Content-Type': 'application/json' };

t.test('past the depth bound every body operation answers 400, at it a 422 that echoes the input', async (t) => {
  const s = await startTestServer(t);
  const operations = await bodyOperations(s);
  t.equal(operations.length, 9);
  for (const { method, path, field } of operations) {
    const tooDeep = await s.call(method, path, { raw: deepArrayIn(field, MAX_JSON_DEPTH), headers: json });
    t.equal(tooDeep.status, 400, `${method} ${path} nesting ${MAX_JSON_DEPTH + 1}`);
    t.same(tooDeep.json, PARSE_ERROR);
    const deep5000 = await s.call(method, path, { raw: deepArrayIn(field, 5000), headers: json });
    t.same([deep5000.status, deep5000.json], [400, PARSE_ERROR], `${method} ${path} nesting 5001`);
    const unclosed = await s.call(method, path, { raw: '['.repeat(20_000), headers: json });
    t.same([unclosed.status, unclosed.json], [400, PARSE_ERROR], `${method} ${path} unclosed [ x 20000`);
    const atBound = await s.call<{ detail: { type: string; loc: unknown[]; input: unknown }[] }>(method, path, {
      raw: deepArrayIn(field, MAX_JSON_DEPTH - 1),
      headers: json,
    });
    t.equal(atBound.status, 422, `${method} ${path} nesting ${MAX_JSON_DEPTH}`);
    t.ok(Array.isArray(atBound.json.detail), 'a pydantic list');
  }
});

t.test('the decoder reports the first error CPython meets, before or within the bound', async (t) => {
  const s = await startTestServer(t);
  const unclosed = await s.call('POST', '/profiles', { raw: '['.repeat(MAX_JSON_DEPTH), headers: json });
  t.equal(unclosed.status, 422);
  t.same(unclosed.json, {
    detail: [{ type: 'json_invalid', loc: ['body', MAX_JSON_DEPTH], msg: 'JSON decode error', input: {}, ctx: { error: 'Expecting value' } }],
  });
  const early = await s.call('POST', '/profiles', { raw: `{"name" 1, "x": ${'['.repeat(20_000)}`, headers: json });
  t.same(early.json, { detail: [{ type: 'json_invalid', loc: ['body', 8], msg: 'JSON decode error', input: {}, ctx: { error: "Expecting ':' delimiter" } }] });
  const inString = await s.call('POST', '/profiles', { raw: JSON.stringify({ name: '['.repeat(20_000) }), headers: json });
  t.equal(inString.status, 422, 'brackets inside strings do not count');
  const notUtf8 = await s.call('POST', '/profiles', { raw: Buffer.from([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]), headers: json });
  t.same([notUtf8.status, notUtf8.json], [400, PARSE_ERROR], 'bytes that are not UTF-8');
});

t.test('a value nested up to the bound is stored, listed, dumped and inspected', async (t) => {
  const s = await startTestServer(t);
  // The outer body object is one level, outputSchema's chain the rest.
  const levels = MAX_JSON_DEPTH - 1;
  const schema = `${'{"a":'.repeat(levels - 1)}{}${'}'.repeat(levels - 1)}`;
  const created = await s.call<{ id: string; outputSchema: unknown }>('POST', '/sessions', { raw: `{"task":"x","outputSchema":${schema}}`, headers: json });
  t.equal(created.status, 200, created.text.slice(0, 200));
  const id = created.json.id;
  t.equal((await s.call('GET', `/sessions/${id}`)).status, 200);
  t.equal((await s.call('GET', '/sessions')).status, 200);
  t.equal((await s.call('POST', `/sessions/${id}/stop`, { body: { strategy: 'session' } })).status, 200);
  t.equal((await s.call('GET', '/_mock/keys', { key: null })).status, 200);
  t.equal((await s.call('GET', '/_mock/keys/test-key/state', { key: null })).status, 200);
  t.equal((await s.call('GET', '/_mock/journal', { key: null })).status, 200);
  t.equal((await s.call('GET', '/_mock/ui', { key: null })).status, 200);
  const deepName = await s.call('POST', '/profiles', { raw: deepArrayIn('name', MAX_JSON_DEPTH - 1), headers: json });
  t.equal(deepName.status, 422);
  t.equal((await s.call('GET', '/_mock/journal', { key: null })).status, 200, 'the journal keeps the deep 422');
});

t.test('admin bodies have the same bound', async (t) => {
  const s = await startTestServer(t);
  const deep = await s.call('POST', '/_mock/faults', { raw: '['.repeat(20_000), headers: json, key: null });
  t.same([deep.status, deep.json], [400, { detail: `The request body is not valid JSON: nested deeper than ${MAX_JSON_DEPTH} levels` }]);
  const broken = await s.call('POST', '/_mock/faults', { raw: '{"a" 1}', headers: json, key: null });
  t.same([broken.status, broken.json], [400, { detail: "The request body is not valid JSON: Expecting ':' delimiter (char 5)" }]);
  const asText = await s.call('POST', '/_mock/faults', { raw: '['.repeat(20_000), headers: { 'Content-Type': 'text/plain' }, key: null });
  t.equal(asText.status, 400, 'any content type is read as JSON');
});
