// The document and the router describe the same API: every operation of openapi/v3.json has a route,
// the route carries that operation's id (so the shared response check applies to it), and every
// route under /api/v3 is an operation of the document.
import t from 'tap';
import { buildApp } from '../../src/app.js';
import { configFromEnv } from '../../src/config.js';
import { API_PREFIX } from '../../src/http/operation.js';
import { ContractChecker } from '../helpers/contract-check.js';

const checker = new ContractChecker();
const config = configFromEnv({}, { port: 0, logLevel: 'silent', clock: 'manual', seed: 'routes' });
const { app, state } = await buildApp(config, false, (instance) => checker.install(instance));
t.teardown(() => app.close());

const SAMPLE_ID = '3c90c3cc-0d44-4b50-8888-8dd25736052a';
const operations = [...state.contract.operations.values()];

/** Routes as [METHOD, path with {param}] from Fastify's route tree (HEAD routes are generated for GET). */
function routerRoutes(): [string, string][] {
  const out: [string, string][] = [];
  const stack: { depth: number; path: string }[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = /^([│ ]*)[├└]── (\S+)(?: \(([^)]*)\))?$/.exec(line);
    if (!m) continue;
    const depth = (m[1] ?? '').length / 4;
    while (stack.length > depth) stack.pop();
    const path = `${stack[stack.length - 1]?.path ?? ''}${m[2] ?? ''}`;
    stack.push({ depth, path });
    for (const method of (m[3] ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
      if (method !== 'HEAD') out.push([method, path.replace(/:([A-Za-z0-9_]+)/g, '{$1}')]);
    }
  }
  return out;
}

t.test('the route tree is read correctly', async (t) => {
  const routes = routerRoutes();
  t.ok(routes.some(([m, p]) => m === 'GET' && p === '/health'), 'sees /health');
  t.ok(routes.some(([m, p]) => m === 'GET' && p === `${API_PREFIX}/sessions/{session_id}/messages`), 'sees nested routes with parameters');
});

t.test('every operation of the document has a route carrying its operationId', async (t) => {
  t.ok(operations.length >= 25, `${operations.length} operations in the document`);
  for (const op of operations) {
    t.test(`${op.method} ${op.path} (${op.id})`, async (t) => {
      t.ok(app.hasRoute({ method: op.method, url: `${API_PREFIX}${op.routePath}` }), 'route registered');
      // A request without an API key reaches the route and is refused before any other check; the
      // response check then records it under the operationId the route carries.
      const url = `${API_PREFIX}${op.path.replace(/\{[^}]+\}/g, SAMPLE_ID)}`;
      const response = await app.inject({ method: op.method, url });
      t.equal(response.statusCode, 401, `${op.method} ${url} without a key answers 401`);
      t.ok(checker.seen.get(op.id)?.has(401), 'the route is tagged with this operationId');
    });
  }
});

t.test('every /api/v3 route is an operation of the document', async (t) => {
  const documented = new Set(operations.map((op) => `${op.method} ${API_PREFIX}${op.path.replace(/\{[^}]+\}/g, '{}')}`));
  const apiRoutes = routerRoutes().filter(([, path]) => path.startsWith(`${API_PREFIX}/`));
  t.ok(apiRoutes.length > 0, `${apiRoutes.length} routes under ${API_PREFIX}`);
  for (const [method, path] of apiRoutes) {
    t.ok(documented.has(`${method} ${path.replace(/\{[^}]+\}/g, '{}')}`), `${method} ${path} is in openapi/v3.json`);
  }
});

t.test('no response the emulator sent here broke the contract', async (t) => {
  t.same(checker.violations, []);
});
