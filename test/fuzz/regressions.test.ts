// Hostile inputs that once broke the emulator, kept as fixed cases next to the generated ones.
// Each asserts the right behaviour: no 5xx, a FastAPI-shaped error, nothing stored by a refusal,
// and a key that keeps working. Unbounded memory under load is checked by `npm run soak`.
import { request } from 'node:http';
import t from 'tap';
import { checkResponse } from './lib/invariants.js';
import type { RawResponse } from './lib/client.js';
import { startFuzzWorld } from './lib/setup.js';

const jsonHeaders = (): [string, string][] => [['X-Browser-Use-API-Key', 'reg-key'], ['Content-Type', 'application/json']];

// Twenty 30 MB uploads take a while on a busy machine.
t.setTimeout(600_000);

t.test('regressions', async (t) => {
  const { server, client, world } = await startFuzzWorld(t, 'reg-key', 'reg-other-key');

  const sendJson = (method: string, path: string, body: string | Buffer): Promise<RawResponse> =>
    client.send({ method, path: `/api/v3${path}`, headers: jsonHeaders(), body: Buffer.isBuffer(body) ? body : Buffer.from(body) });
  const wellFormed = (label: string, res: RawResponse): void => {
    t.equal(checkResponse(res), undefined, `${label}: ${res.status} ${res.text.slice(0, 200)}`);
  };
  const stillUsable = async (label: string): Promise<void> => {
    t.equal(await world.usable(true), undefined, `${label}: the key still works`);
  };

  await t.test('deep nesting is refused with the 400 FastAPI gives on every operation with a body', async (t) => {
    const deep = `{"name":${'['.repeat(5000)}${']'.repeat(5000)}}`;
    const { session, browser, profile, workspace } = world.own;
    const targets: [string, string][] = [
      ['POST', '/sessions'], ['POST', `/sessions/${session}/stop`], ['POST', '/browsers'], ['PATCH', `/browsers/${browser}`], ['POST', '/profiles'],
      ['PATCH', `/profiles/${profile}`], ['POST', '/workspaces'], ['PATCH', `/workspaces/${workspace}`], ['POST', `/workspaces/${workspace}/files/upload`],
    ];
    for (const [method, path] of targets) {
      const before = await world.snapshot();
      const res = await sendJson(method, path, deep);
      wellFormed(`${method} ${path} with 5,000 nested lists`, res);
      t.same([res.status, res.text], [400, '{"detail":"There was an error parsing the body"}'], `${method} ${path}: 400`);
      t.equal(await world.snapshot(), before, `${method} ${path}: nothing changed`);
    }
    const unclosed = await sendJson('POST', '/profiles', '['.repeat(20_000));
    wellFormed('20,000 unclosed lists', unclosed);
    t.equal(unclosed.status, 400, 'past the depth bound before the syntax error: the same 400');
    await stillUsable('after deep bodies');
  });

  await t.test('v2: deep nesting is the same 400 on every operation with a body, and a declared one', async (t) => {
    const deep = `{"name":${'[{"a":'.repeat(500)}1${'}]'.repeat(500)}}`;
    const { v2session, task, skill, browser, profile, marketSkill } = world.own;
    const targets: [string, string][] = [
      ['POST', '/tasks'], ['PATCH', `/tasks/${task}`], ['POST', '/sessions'], ['PATCH', `/sessions/${v2session}`], ['POST', `/files/sessions/${v2session}/presigned-url`],
      ['POST', `/files/browsers/${browser}/presigned-url`], ['POST', '/profiles'], ['PATCH', `/profiles/${profile}`], ['POST', '/browsers'], ['PATCH', `/browsers/${browser}`],
      ['POST', '/skills'], ['PATCH', `/skills/${skill}`], ['POST', `/skills/${skill}/execute`], ['POST', `/skills/${skill}/refine`], ['POST', `/marketplace/skills/${marketSkill}/execute`],
    ];
    for (const [method, path] of targets) {
      const before = await world.snapshot();
      // The in-process server turns an undeclared status into 599, so a 400 here is a declared one.
      const res = await client.send({ method, path: `/api/v2${path}`, headers: jsonHeaders(), body: Buffer.from(deep) });
      wellFormed(`${method} /api/v2${path} with 1,000 levels`, res);
      t.same([res.status, res.text], [400, '{"detail":"There was an error parsing the body"}'], `${method} /api/v2${path}: 400`);
      t.equal(await world.snapshot(), before, `${method} /api/v2${path}: nothing changed`);
    }
    await stillUsable('after deep v2 bodies');
  });

  // Each case starts from fresh fixtures, so a key broken by one case does not fail the next.
  t.beforeEach(() => world.resetOwn());

  await t.test('a deep outputSchema neither fails nor poisons the key', async (t) => {
    const before = await world.snapshot();
    const deep = `{"task":"x","outputSchema":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}`;
    const res = await sendJson('POST', '/sessions', deep);
    wellFormed('outputSchema nested 5,000 deep', res);
    if (res.status >= 400 && res.status < 500) t.equal(await world.snapshot(), before, 'the refusal stored nothing');
    const list = await client.json('GET', '/api/v3/sessions', 'reg-key');
    t.equal(list.status, 200, `GET /sessions afterwards: ${list.text.slice(0, 200)}`);
    await stillUsable('after a deep outputSchema');
  });

  await t.test('large and odd amounts are accepted or refused with a 422', async (t) => {
    for (const amount of ['"10000000000"', '1e10', '-1e10', '"1e400"', '-9223372036854775809', '"12345678901234567890.123456"', '1e400', '"-0"', '9007199254740993']) {
      const before = await world.snapshot();
      const res = await sendJson('POST', '/sessions', `{"task":"x","maxCostUsd":${amount}}`);
      wellFormed(`maxCostUsd ${amount}`, res);
      t.ok(res.status === 200 || res.status === 422 || res.status === 429, `maxCostUsd ${amount}: 200 or 422, got ${res.status}`);
      if (res.status === 422) t.equal(await world.snapshot(), before, `maxCostUsd ${amount}: the refusal stored nothing`);
    }
    await stillUsable('after odd amounts');
  });

  await t.test('framework-level refusals answer in FastAPI shape', async (t) => {
    for (const id of ['%zz', '%', '%C0%AF', '%E2%28%A1', 'a'.repeat(101), 'a'.repeat(5000)]) {
      for (const path of [`/sessions/${id}`, `/profiles/${id}`, `/workspaces/${id}/files`, `/browsers/${id}`]) {
        const res = await client.send({ method: 'GET', path: `/api/v3${path}`, headers: [['X-Browser-Use-API-Key', 'reg-key']] });
        wellFormed(`GET ${path.slice(0, 60)}`, res);
        t.equal(res.status, 422, `GET ${path.slice(0, 60)}: 422 like FastAPI's uuid_parsing`);
      }
    }
    const bigHeader = await client.send({ method: 'GET', path: '/api/v3/sessions', headers: [['X-Browser-Use-API-Key', 'reg-key'], ['X-Big', 'a'.repeat(20_000)]] });
    wellFormed('a 20 KB header', bigHeader);
    t.equal(bigHeader.status, 200, 'a 20 KB header is within the 128 KiB that uvicorn serves');
    const hugeHeader = await client.send({ method: 'GET', path: '/api/v3/sessions', headers: [['X-Browser-Use-API-Key', 'reg-key'], ['X-Big', 'a'.repeat(200_000)]] });
    t.same([hugeHeader.status, hugeHeader.text], [400, '{"detail":"Invalid HTTP request received."}'], 'past 128 KiB: the 400 uvicorn gives, as JSON');
    const media = await client.send({ method: 'POST', path: '/api/v3/profiles', headers: [['X-Browser-Use-API-Key', 'reg-key'], ['Content-Type', ';;;']], body: Buffer.from('{}') });
    wellFormed('an unparsable content type', media);
    await stillUsable('after framework refusals');
  });

  await t.test('every oversized upload sees its 413', async (t) => {
    const size = 30 * 1024 * 1024;
    const payload = Buffer.alloc(size, 0x61);
    const url = new URL(`${server.apiUrl}/profiles`);
    const viaFetch = async (): Promise<number | string> => {
      try {
        const res = await fetch(url, { method: 'POST', headers: { 'X-Browser-Use-API-Key': 'reg-key', 'Content-Type': 'application/json' }, body: payload });
        await res.text();
        return res.status;
      } catch (error) {
        return error instanceof Error ? `${error.message} ${String((error as { cause?: unknown }).cause ?? '')}` : String(error);
      }
    };
    const viaChunked = (): Promise<number | string> =>
      new Promise((done) => {
        const req = request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { 'X-Browser-Use-API-Key': 'reg-key', 'Content-Type': 'application/json' } }, (res) => {
          res.resume();
          res.on('end', () => done(res.statusCode ?? 0));
        });
        req.on('error', (error) => done(error.message));
        let sent = 0;
        const chunk = payload.subarray(0, 256 * 1024);
        const pump = (): void => {
          while (sent < size) {
            sent += chunk.length;
            if (!req.write(chunk)) {
              req.once('drain', pump);
              return;
            }
          }
          req.end();
        };
        pump();
      });
    // All twenty at once, as a busy client would send them.
    const outcomes = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? viaFetch() : viaChunked())));
    t.same(outcomes, outcomes.map(() => 413), `20 of 20 clients see the 413 (got ${outcomes.join(', ')})`);
    await stillUsable('after oversized uploads');
  });

  await t.test('another key sees none of these objects', async (t) => {
    t.equal(await world.isolation(), undefined);
  });
});
