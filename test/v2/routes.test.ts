// Route coverage of the v2 contract: every operation of openapi/v2.json is routed under /api/v2 and
// answers a well-formed call with something other than the router's own 404/405. Operations not built
// yet are reported as todo, by name, so the list of what is missing is always printed.
import { readFileSync } from 'node:fs';
import t from 'tap';
import { startTestServer } from '../helpers/server.js';

type Operation = { operationId: string; requestBody?: unknown; parameters?: { name: string; in: string; schema?: { format?: string } }[] };
const doc = JSON.parse(readFileSync(new URL('../../openapi/v2.json', import.meta.url), 'utf8')) as { paths: Record<string, Record<string, Operation>> };

const s = await startTestServer(t);
const UUID = '00000000-0000-4000-8000-000000000000';

const operations = Object.entries(doc.paths).flatMap(([path, item]) => Object.entries(item).map(([method, op]) => ({ method: method.toUpperCase(), path, op })));
const routed = (method: string, path: string): boolean => s.app.hasRoute({ method: method as 'GET', url: `/api/v2${path.replace(/\{([^}]+)\}/g, ':$1')}` });
const missing = operations.filter(({ method, path }) => !routed(method, path));

t.comment(
  missing.length === 0
    ? 'every operation of openapi/v2.json is routed'
    : `operations of openapi/v2.json not routed yet (${missing.length} of ${operations.length}):\n${missing.map(({ method, path, op }) => `  ${method} ${path} (${op.operationId})`).join('\n')}`,
);

for (const { method, path, op } of operations) {
  const name = `${method} ${path} (${op.operationId})`;
  const todo = missing.some((m) => m.op === op) ? 'not built yet' : false;
  t.test(name, { todo }, async (t) => {
    t.ok(routed(method, path), 'routed under /api/v2');
    const url = path.replace(/\{([^}]+)\}/g, (_all, param: string) => {
      const spec = op.parameters?.find((p) => p.in === 'path' && p.name === param);
      return spec?.schema?.format === 'uuid' ? UUID : 'some-slug';
    });
    const res = await s.call<{ detail?: unknown }>(method, `/api/v2${url}`, op.requestBody ? { body: {} } : {});
    t.not(res.status, 405, 'not Method Not Allowed');
    t.notOk(res.status === 404 && res.json?.detail === 'Not Found', `not the router's 404 (got ${res.status} ${res.text.slice(0, 120)})`);
    t.ok(res.status < 500, 'no server error');
  });
}

t.test('the served document is routed beside the operations; methods of the client outside the document are 404', async (t) => {
  t.ok(s.app.hasRoute({ method: 'GET', url: '/api/v2/openapi.json' }), '/api/v2/openapi.json');
  const unknown = await s.call<{ detail: string }>('GET', '/api/v2/browsers/00000000-0000-4000-8000-000000000000/downloads');
  t.same([unknown.status, unknown.json], [404, { detail: 'Not Found' }], 'browsers.downloads of the client is not a v2 operation');
  const purge = await s.call<{ detail: string }>('POST', '/api/v2/sessions/00000000-0000-4000-8000-000000000000/purge');
  t.same([purge.status, purge.json], [404, { detail: 'Not Found' }], 'sessions.purge of the client is not a v2 operation');
});
