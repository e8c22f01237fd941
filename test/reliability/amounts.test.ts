// Amounts: every decimal pydantic accepts is accepted, echoed positionally (the published pattern has no
// exponents) and saturated past the held range; what pydantic refuses is its 422. Never a 500.
import t from 'tap';
import type { SessionResponse } from '../../src/contract/types.generated.js';
import { startTestServer } from '../helpers/server.js';

const json = { 'Content-Type': 'application/json' };

t.test('large, tiny and negative caps are accepted and echoed within the published pattern', async (t) => {
  const s = await startTestServer(t);
  // Raw JSON text of maxCostUsd → the echo pydantic gives.
  const cases: [string, string][] = [
    ['"10000000000"', '1000000000'],
    ['1e10', '1000000000'],
    ['-1e10', '-1000000000'],
    ['"1e400"', '1000000000'],
    ['"12345678901234567890.123456"', '1000000000'],
    ['"1E+999999999999999999"', '1000000000'],
    ['-9223372036854775809', '-1000000000'],
    ['"1e-400"', '0'],
    ['"1e-7"', '0.0000001'],
    ['"2.5e2"', '250'],
    ['"-0.5"', '-0.5'],
    ['" 1_000 "', '1000'],
    ['"12.50"', '12.50'],
  ];
  for (const [raw, echo] of cases) {
    const r = await s.call<SessionResponse>('POST', '/sessions', { raw: `{"task":"x","maxCostUsd":${raw}}`, headers: json });
    t.equal(r.status, 200, raw);
    t.equal(r.json.maxCostUsd, echo, raw);
    const again = await s.call<SessionResponse>('GET', `/sessions/${r.json.id}`);
    t.equal(again.status, 200);
    t.equal(again.json.maxCostUsd, echo);
  }
  s.advance(600_000);
  t.equal((await s.call('GET', '/sessions')).status, 200, 'the key stays usable');
  t.equal((await s.call('GET', '/billing/account')).status, 200);
});

t.test('what pydantic refuses is its 422', async (t) => {
  const s = await startTestServer(t);
  const issue = (type: string, msg: string, input: unknown) => ({ detail: [{ type, loc: ['body', 'maxCostUsd'], msg, input }] });
  const cases: [string, unknown][] = [
    ['1e400', issue('finite_number', 'Input should be a finite number', Infinity)],
    ['"Infinity"', issue('finite_number', 'Input should be a finite number', 'Infinity')],
    ['"nan"', issue('finite_number', 'Input should be a finite number', 'nan')],
    ['"1e9999999999999999999"', issue('decimal_parsing', 'Input should be a valid decimal', '1e9999999999999999999')],
    ['"0e9999999999999999999"', issue('decimal_parsing', 'Input should be a valid decimal', '0e9999999999999999999')],
    ['"1e-2000000000000000000"', issue('decimal_parsing', 'Input should be a valid decimal', '1e-2000000000000000000')],
    ['"ten"', issue('decimal_parsing', 'Input should be a valid decimal', 'ten')],
  ];
  for (const [raw, body] of cases) {
    const r = await s.call('POST', '/sessions', { raw: `{"task":"x","maxCostUsd":${raw}}`, headers: json });
    t.equal(r.status, 422, raw);
    if (raw !== '1e400') t.same(r.json, body, raw);
    else t.same((r.json as { detail: { type: string }[] }).detail[0]?.type, 'finite_number');
  }
});

t.test('a follow-up task may carry any accepted cap', async (t) => {
  const s = await startTestServer(t);
  const id = (await s.call<SessionResponse>('POST', '/sessions', { body: { task: 'quick [mock:quick]', keepAlive: true } })).json.id;
  s.advance(600_000);
  const r = await s.call<SessionResponse>('POST', '/sessions', { body: { sessionId: id, task: 'more', maxCostUsd: '1e400' } });
  t.equal(r.status, 200, r.text.slice(0, 200));
  t.equal(r.json.maxCostUsd, '1000000000', JSON.stringify(r.json.maxCostUsd));
});

t.test('the admin balance refuses what it cannot hold, with a 400', async (t) => {
  const s = await startTestServer(t);
  await s.call('GET', '/sessions');
  const put = (usd: unknown) => s.call('PUT', '/_mock/keys/test-key/balance', { body: { usd }, key: null });
  for (const usd of ['1e400', 1e10, '1000000000', '-9223372036854775809']) {
    const r = await put(usd);
    t.equal(r.status, 400, String(usd));
  }
  t.same((await put('1e400')).json, { detail: 'usd: expected an amount below 1000000000' });
  t.same((await put('-1')).json, { detail: 'usd: expected an amount >= 0' });
  t.same((await put('abc')).json, { detail: 'usd: expected a decimal amount of US dollars, such as "12.5"' });
  t.equal((await put('999999999.99')).status, 200);
});
