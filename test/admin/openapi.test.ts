// The served /openapi.json: the API contract untouched plus the admin routes under their own tag.
import { readFileSync } from 'node:fs';
import t from 'tap';
import { ADMIN_TAG, mergeDocuments } from '../../src/contract/served-document.js';
import { startTestServer } from '../helpers/server.js';
import { ADMIN_DOC, admin, adminOperations } from './admin-check.js';

type Doc = { paths: Record<string, Record<string, { tags?: string[]; security?: unknown[]; operationId?: string }>>; components: { schemas: Record<string, unknown> }; tags: { name: string }[]; servers?: unknown };

const V3 = JSON.parse(readFileSync(new URL('../../openapi/v3.json', import.meta.url), 'utf8')) as Doc;

function refsOf(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const item of node) refsOf(item, out);
  else if (typeof node === 'object' && node !== null) {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') out.push(value);
      else refsOf(value, out);
    }
  }
  return out;
}

t.test('GET /openapi.json = openapi/v3.json + the admin paths and schemas under "Mock administration"', async (t) => {
  const s = await startTestServer(t);
  const served = (await s.call<Doc>('GET', `${s.url}/openapi.json`)).json;
  for (const [path, item] of Object.entries(V3.paths)) t.same(served.paths[path], item, `${path} untouched`);
  for (const [name, schema] of Object.entries(V3.components.schemas)) t.same(served.components.schemas[name], schema);
  t.same(served.servers, V3.servers);
  t.ok(served.tags.some((tag) => tag.name === ADMIN_TAG));
  const adminPaths = Object.keys(ADMIN_DOC.paths);
  t.same(Object.keys(served.paths), [...Object.keys(V3.paths), ...adminPaths]);
  for (const path of adminPaths) {
    t.ok(path.startsWith('/_mock/'), path);
    const item = served.paths[path] ?? {};
    t.same((item as { servers?: { url: string }[] }).servers?.map((x) => x.url), ['/'], `${path}: served from the root, not /api/v3`);
    for (const [method, op] of Object.entries(item)) {
      if (method === 'servers') continue;
      t.same(op.tags, [ADMIN_TAG], `${method} ${path} tagged`);
      t.same(op.security, [], `${method} ${path} needs no key`);
    }
  }
  const ids = Object.values(served.paths).flatMap((item) => Object.values(item).map((op) => op.operationId).filter(Boolean));
  t.equal(new Set(ids).size, ids.length, 'operation ids are unique');
  for (const ref of new Set(refsOf(served))) {
    const name = ref.replace('#/components/schemas/', '');
    t.ok(ref.startsWith('#/components/schemas/') && name in served.components.schemas, `${ref} resolves`);
  }
  t.equal(readFileSync(new URL('../../openapi/v3.json', import.meta.url), 'utf8').includes('_mock'), false, 'the contract file holds no admin path');
});

t.test('every documented admin operation is routed', async (t) => {
  const s = await startTestServer(t);
  const operations = adminOperations();
  t.ok(operations.length >= 14);
  for (const [method, path] of operations) {
    const url = path.replace(/\{([^}]+)\}/g, ':$1');
    t.ok(s.app.hasRoute({ method: method as 'GET', url }), `${method} ${path}`);
  }
});

t.test('merging refuses collisions', async (t) => {
  const contract = { paths: { '/a': {} }, components: { schemas: { A: {} } }, tags: [] };
  t.throws(() => mergeDocuments(contract, { paths: { '/a': {} } }), /path \/a is already/);
  t.throws(() => mergeDocuments(contract, { paths: {}, components: { schemas: { A: {} } } }), /schema A is already/);
  const merged = mergeDocuments(contract, { paths: { '/b': { get: {} } }, tags: [{ name: 'T' }] });
  t.same(Object.keys(merged.paths as object), ['/a', '/b']);
  t.same(contract.paths, { '/a': {} }, 'the contract object is not modified');
});

t.test('GET /_mock/scenarios lists the scenarios in force, as documented', async (t) => {
  const s = await startTestServer(t);
  const listed = await admin<{ name: string; outcome: string; match: { task: string | null }; source: string | null }[]>(s, 'GET', '/_mock/scenarios');
  t.equal(listed.status, 200);
  t.same(
    listed.json.map((x) => [x.name, x.outcome]),
    [
      ['failure', 'failure'],
      ['error', 'error'],
      ['timeout', 'timed_out'],
      ['cost-limit', 'success'],
      ['expensive', 'success'],
      ['quick', 'success'],
      ['long', 'success'],
      ['success', 'success'],
    ],
  );
  t.equal(listed.json[0]?.match.task, '\\[mock:failure\\]');
  t.equal(listed.json[7]?.match.task, null);
  t.equal(listed.json[0]?.source, 'fixtures/10-failure.yaml');
});
