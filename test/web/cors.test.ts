// CORS: local origins by default, BU_MOCK_CORS_ORIGINS for '*', a list, or off.
import t from 'tap';
import { configFromEnv } from '../../src/config.js';
import { corsPolicyOf } from '../../src/web/cors.js';
import { startTestServer } from '../helpers/server.js';
import type { TestServer } from '../helpers/server.js';

function preflight(s: TestServer, origin: string, path = '/api/v3/sessions', method = 'POST') {
  return s.call('OPTIONS', path, {
    key: null,
    headers: { Origin: origin, 'Access-Control-Request-Method': method, 'Access-Control-Request-Headers': 'x-browser-use-api-key,content-type' },
  });
}

t.test('default: any local origin is allowed, others are not', async (t) => {
  const s = await startTestServer(t);
  for (const origin of ['http://localhost:5173', 'http://127.0.0.1:3000', 'https://localhost', 'http://[::1]:8080', 'http://LOCALHOST:1']) {
    const pre = await preflight(s, origin);
    t.equal(pre.status, 204, `preflight from ${origin}`);
    t.equal(pre.headers.get('access-control-allow-origin'), origin);
    t.match(pre.headers.get('access-control-allow-headers'), /X-Browser-Use-API-Key/);
    t.match(pre.headers.get('access-control-allow-headers'), /Content-Type/);
    for (const method of ['GET', 'POST', 'PATCH', 'PUT', 'DELETE']) t.match(pre.headers.get('access-control-allow-methods'), new RegExp(`\\b${method}\\b`));
    t.equal(pre.headers.get('access-control-max-age'), '600');
    t.match(pre.headers.get('vary'), /Origin/);
  }
  const get = await s.call('GET', '/sessions', { headers: { Origin: 'http://localhost:5173' } });
  t.equal(get.status, 200);
  t.equal(get.headers.get('access-control-allow-origin'), 'http://localhost:5173');
  t.match(get.headers.get('access-control-expose-headers'), /Retry-After/);

  const unauthorised = await s.call('GET', '/sessions', { key: null, headers: { Origin: 'http://localhost:5173' } });
  t.equal(unauthorised.status, 401);
  t.equal(unauthorised.headers.get('access-control-allow-origin'), 'http://localhost:5173', 'error responses are readable by the page too');

  for (const origin of ['http://example.com', 'http://localhost.evil.test', 'http://127.0.0.2:80', 'null']) {
    const pre = await preflight(s, origin);
    t.equal(pre.headers.get('access-control-allow-origin'), null, `${origin} is not allowed`);
    const plain = await s.call('GET', '/sessions', { headers: { Origin: origin } });
    t.equal(plain.headers.get('access-control-allow-origin'), null);
  }
  const noOrigin = await s.call('GET', '/sessions');
  t.equal(noOrigin.headers.get('access-control-allow-origin'), null, 'no Origin, no CORS headers');
});

t.test("'*' allows every origin", async (t) => {
  const s = await startTestServer(t, { corsOrigins: '*' });
  const pre = await preflight(s, 'https://app.example.test');
  t.equal(pre.status, 204);
  t.equal(pre.headers.get('access-control-allow-origin'), '*');
  const get = await s.call('GET', '/sessions', { headers: { Origin: 'https://app.example.test' } });
  t.equal(get.headers.get('access-control-allow-origin'), '*');
});

t.test('a list allows exactly those origins; "local" adds the default set', async (t) => {
  const s = await startTestServer(t, { corsOrigins: 'https://app.example.test:8443, http://dev.example.test' });
  t.equal((await preflight(s, 'https://app.example.test:8443')).headers.get('access-control-allow-origin'), 'https://app.example.test:8443');
  t.equal((await preflight(s, 'http://dev.example.test')).headers.get('access-control-allow-origin'), 'http://dev.example.test');
  t.equal((await preflight(s, 'https://app.example.test')).headers.get('access-control-allow-origin'), null, 'another port is another origin');
  t.equal((await preflight(s, 'http://localhost:5173')).headers.get('access-control-allow-origin'), null, 'local origins are not added implicitly');

  const mixed = await startTestServer(t, { corsOrigins: 'local,https://app.example.test' });
  t.equal((await preflight(mixed, 'http://localhost:5173')).headers.get('access-control-allow-origin'), 'http://localhost:5173');
  t.equal((await preflight(mixed, 'https://app.example.test')).headers.get('access-control-allow-origin'), 'https://app.example.test');
});

t.test('off: no CORS headers, OPTIONS is an unknown method again', async (t) => {
  const s = await startTestServer(t, { corsOrigins: 'off' });
  const pre = await preflight(s, 'http://localhost:5173');
  t.equal(pre.headers.get('access-control-allow-origin'), null);
  t.equal(pre.status, 405);
  const get = await s.call('GET', '/sessions', { headers: { Origin: 'http://localhost:5173' } });
  t.equal(get.headers.get('access-control-allow-origin'), null);
});

t.test('the setting is read from BU_MOCK_CORS_ORIGINS and checked', async (t) => {
  t.equal(configFromEnv({ BU_MOCK_CORS_ORIGINS: ' * ' }).corsOrigins, '*');
  t.equal(configFromEnv({}).corsOrigins, undefined);
  t.equal(corsPolicyOf('OFF').kind, 'off');
  t.equal(corsPolicyOf('*').kind, 'any');
  t.throws(() => corsPolicyOf('localhost:3000'), /BU_MOCK_CORS_ORIGINS: "localhost:3000" is not an origin/);
  t.throws(() => corsPolicyOf('http://localhost:3000/app'), /scheme, host and port only/);
  t.throws(() => corsPolicyOf('ftp://files.example.test'), /not an origin/);
  const policy = corsPolicyOf('HTTP://App.Example.Test/');
  t.ok(policy.kind === 'match' && policy.test('http://app.example.test'), 'origins are compared in their normal form');
});
