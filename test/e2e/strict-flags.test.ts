// Strict mode switched on the way users switch it: `node dist/cli.js --strict` and BU_MOCK_STRICT=1 on
// the built server; off by default. What strict mode rejects is pinned in test/conformance/strict.test.ts.
import t from 'tap';
import { startBuiltServer } from '../helpers/built-server.js';

const EXTRA = { type: 'extra_forbidden', loc: ['body', 'unknownField'], msg: 'Extra inputs are not permitted', input: 'surprise' };

t.test('the built server: --strict and BU_MOCK_STRICT=1 switch it on, nothing by default', async (t) => {
  const send = (apiUrl: string): Promise<Response> =>
    fetch(`${apiUrl}/sessions`, {
      method: 'POST',
      headers: { 'X-Browser-Use-API-Key': 'strict', 'Content-Type': 'application/json' },
      body: JSON.stringify({ task: 'Open example.com', unknownField: 'surprise' }),
    });
  const flag = await startBuiltServer(t, {}, ['--strict']);
  const viaFlag = await send(flag.apiUrl);
  t.equal(viaFlag.status, 422, '--strict');
  t.same(await viaFlag.json(), { detail: [EXTRA] });
  const env = await startBuiltServer(t, { BU_MOCK_STRICT: '1' });
  const viaEnv = await send(env.apiUrl);
  t.equal(viaEnv.status, 422, 'BU_MOCK_STRICT=1');
  t.same(await viaEnv.json(), { detail: [EXTRA] });
  const plain = await startBuiltServer(t);
  t.equal((await send(plain.apiUrl)).status, 200, 'off by default');
  for (const server of [flag, env, plain]) t.equal((await server.stop()).code, 0);
});
