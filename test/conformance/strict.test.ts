// Strict mode (--strict / BU_MOCK_STRICT=1): unknown body fields become pydantic's extra_forbidden
// errors on every operation that takes a body. Off by default, where they are ignored as the cloud does.
// The command-line switches of the built server: test/e2e/strict-flags.test.ts.
import t from 'tap';
import { startTestServer } from '../helpers/server.js';

type Detail = { detail: { type: string; loc: (string | number)[]; msg: string; input: unknown }[] | string };

const SAMPLE_ID = '3c90c3cc-0d44-4b50-8888-8dd25736052a';
const EXTRA = { type: 'extra_forbidden', loc: ['body', 'unknownField'], msg: 'Extra inputs are not permitted', input: 'surprise' };

const hasExtra = (json: Detail | undefined): boolean => Array.isArray(json?.detail) && json.detail.some((d) => d.type === 'extra_forbidden');

t.test('strict: every operation with a body rejects an unknown field with extra_forbidden', async (t) => {
  const s = await startTestServer(t, { strict: true });
  const withBody = [...s.state.contract.operations.values()].filter((op) => op.body);
  t.ok(withBody.length >= 8, `${withBody.length} operations take a body`);
  for (const op of withBody) {
    const path = op.path.replace(/\{[^}]+\}/g, SAMPLE_ID);
    const r = await s.call<Detail>(op.method, path, { body: { unknownField: 'surprise' } });
    t.equal(r.status, 422, `${op.method} ${op.path}: 422`);
    t.ok(Array.isArray(r.json.detail) && r.json.detail.some((d) => JSON.stringify(d) === JSON.stringify(EXTRA)), `${op.method} ${op.path}: extra_forbidden at ["body","unknownField"]`);
  }
});

t.test('strict: exact body, nothing created, nested models too', async (t) => {
  const s = await startTestServer(t, { strict: true });
  const rejected = await s.call<Detail>('POST', '/sessions', { body: { task: 'Open example.com', unknownField: 'surprise' } });
  t.equal(rejected.status, 422);
  t.same(rejected.json, { detail: [EXTRA] }, 'exactly one issue, shaped like FastAPI');
  t.equal((await s.call<{ total: number }>('GET', '/sessions')).json.total, 0, 'no session was created');

  const workspace = await s.call<{ id: string }>('POST', '/workspaces', { body: { name: 'strict' } });
  t.equal(workspace.status, 201, 'known fields only: accepted');
  const nested = await s.call<Detail>('POST', `/workspaces/${workspace.json.id}/files/upload`, {
    body: { files: [{ name: 'a.txt', contentType: 'text/plain', size: 3, colour: 'blue' }] },
  });
  t.equal(nested.status, 422);
  t.same(nested.json, { detail: [{ type: 'extra_forbidden', loc: ['body', 'files', 0, 'colour'], msg: 'Extra inputs are not permitted', input: 'blue' }] });
});

t.test('default: unknown fields are ignored', async (t) => {
  const s = await startTestServer(t);
  const created: [string, string, unknown, number][] = [
    ['POST', '/sessions', { task: 'Open example.com [mock:quick]', unknownField: 'surprise' }, 200],
    ['POST', '/profiles', { name: 'p', unknownField: 'surprise' }, 201],
    ['POST', '/workspaces', { name: 'w', unknownField: 'surprise' }, 201],
    ['POST', '/browsers', { unknownField: 'surprise' }, 201],
  ];
  for (const [method, path, body, status] of created) {
    const r = await s.call<Detail>(method, path, { body });
    t.equal(r.status, status, `${method} ${path} with an unknown field: ${status}`);
  }
  for (const op of s.state.contract.operations.values()) {
    if (!op.body) continue;
    const r = await s.call<Detail>(op.method, op.path.replace(/\{[^}]+\}/g, SAMPLE_ID), { body: { unknownField: 'surprise' } });
    t.notOk(hasExtra(r.json), `${op.method} ${op.path}: no extra_forbidden (status ${r.status})`);
  }
});
