// The v2 document served at /api/v2/openapi.json, and /docs offering it beside v3's.
import { readFileSync } from 'node:fs';
import t from 'tap';
import { startTestServer } from '../helpers/server.js';

type Doc = { paths: Record<string, unknown>; components: { schemas: Record<string, unknown> }; tags: { name: string }[]; servers: { url: string }[] };
const onDisk = JSON.parse(readFileSync(new URL('../../openapi/v2.json', import.meta.url), 'utf8')) as Doc;
const admin = JSON.parse(readFileSync(new URL('../../openapi/admin.json', import.meta.url), 'utf8')) as Doc;

t.test('/api/v2/openapi.json is openapi/v2.json with the admin routes merged in', async (t) => {
  const s = await startTestServer(t);
  const res = await s.call<Doc>('GET', '/api/v2/openapi.json', { key: null });
  t.equal(res.status, 200);
  t.match(res.headers.get('content-type'), /^application\/json/);
  t.same(res.json.servers, onDisk.servers, 'the API paths are under /api/v2');
  for (const path of Object.keys(onDisk.paths)) t.same(res.json.paths[path], onDisk.paths[path], `${path} as on disk`);
  for (const path of Object.keys(admin.paths)) t.ok(path in res.json.paths, `admin path ${path}`);
  t.equal(Object.keys(res.json.paths).length, Object.keys(onDisk.paths).length + Object.keys(admin.paths).length);
  t.ok(res.json.tags.some((tag) => tag.name === 'Mock administration'));
  const v3 = { json: (await (await fetch(`${s.url}/openapi.json`)).json()) as Doc };
  t.not(JSON.stringify(v3.json.servers), JSON.stringify(res.json.servers), '/openapi.json stays v3');

  // Like /openapi.json: no API key, not journaled, Starlette's 404/405 around it.
  await s.call('DELETE', '/_mock/journal', { key: null });
  await s.call('GET', '/api/v2/openapi.json');
  const journal = await s.call<{ total: number }>('GET', '/_mock/journal', { key: null });
  t.equal(journal.json.total, 0, 'not API traffic');
  const wrong = await s.call('POST', '/api/v2/openapi.json', { key: null });
  t.same([wrong.status, wrong.json, wrong.headers.get('allow')], [405, { detail: 'Method Not Allowed' }, 'GET']);
  const slash = await fetch(`${s.url}/api/v2/openapi.json/`, { redirect: 'manual' });
  t.equal(slash.status, 307);
  t.equal((await s.call('GET', '/api/v2/openapi.yaml', { key: null })).status, 404);
});

t.test('/docs lists both documents; /docs/v2 opens the v2 one', async (t) => {
  const s = await startTestServer(t);
  const page = await fetch(`${s.url}/docs`);
  t.equal(page.status, 200);
  const init = await (await fetch(`${s.url}/docs/static/swagger-initializer.js`)).text();
  t.match(init, /"urls":\[\{"url":"docs\/json","name":"API v3 \(\/api\/v3\)"\},\{"url":"api\/v2\/openapi\.json","name":"API v2 \(\/api\/v2\)"\}\]/);
  // The relative URLs resolve against the page to the served documents.
  t.equal(new URL('docs/json', `${s.url}/docs`).pathname, '/docs/json');
  t.equal(new URL('api/v2/openapi.json', `${s.url}/docs`).pathname, '/api/v2/openapi.json');
  const v3 = await (await fetch(`${s.url}/docs/json`)).text();
  t.equal(v3, await (await fetch(`${s.url}/openapi.json`)).text(), '/docs/json is still v3');
  const v2 = await fetch(`${s.url}/docs/v2`, { redirect: 'manual' });
  t.equal(v2.status, 302);
  t.equal(v2.headers.get('location'), '/docs?urls.primaryName=API%20v2%20(%2Fapi%2Fv2)');
});
