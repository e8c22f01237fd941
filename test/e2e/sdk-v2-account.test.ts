// The official client's default entry (`browser-use-sdk`, the v2 API) against the BUILT emulator: every
// profiles.*, browsers.*, billing.* method and files.browserUrl. Each response the client receives is
// checked against openapi/v2.json (watchFetch); errors surface as the client's BrowserUseError.
// browsers.downloads is not an operation of the v2 document: the emulator answers the router's 404.
import t from 'tap';
import { BrowserUse, BrowserUseError } from 'browser-use-sdk';
import { BrowserUse as BrowserUseV3 } from 'browser-use-sdk/v3';
import { contractCheckerV2 } from '../helpers/contract-check.js';
import { startBuiltServer } from '../helpers/built-server.js';
import { rejection as rejectionOf, sdkTests } from './sdk-harness.js';

const server = await startBuiltServer(t, { BU_MOCK_SPEED: '1', LOG_LEVEL: 'warn' });
const apiV2Url = `${server.url}/api/v2`;
const watch = contractCheckerV2.watchFetch(apiV2Url);
t.teardown(() => watch.restore());

const rejection = (promise: Promise<unknown>): Promise<BrowserUseError> => rejectionOf(promise, BrowserUseError);

const sdkTest = sdkTests({
  client: (key) => new BrowserUse({ apiKey: key, baseUrl: apiV2Url, maxRetries: 0 }),
  keyPrefix: 'sdk-v2-account',
  document: 'openapi/v2.json',
  watch,
  // The one path outside the document, called on purpose: the router's 404 is the expected answer.
  expected: (p) => /\/downloads$/.test(p.operationId) && p.status === 404 && p.body === '{"detail":"Not Found"}',
});

sdkTest('profiles: create, list, get, update, delete', async (t, client, key) => {
  const made = await client.profiles.create({ name: 'alice' });
  t.equal(made.name, 'alice');
  const bare = await client.profiles.create();
  t.equal(bare.name, null);
  const list = await client.profiles.list({ pageSize: 1, pageNumber: 2 });
  t.same([list.items.map((p) => p.id), list.totalItems, list.pageSize, list.pageNumber], [[made.id], 2, 1, 2]);
  t.equal((await client.profiles.get(made.id)).id, made.id);
  t.equal((await client.profiles.update(made.id, { name: 'alicia' })).name, 'alicia');
  const v3 = new BrowserUseV3({ apiKey: key, baseUrl: server.apiUrl, maxRetries: 0 });
  t.equal((await v3.profiles.get(made.id)).name, 'alicia', 'the same profile in v3');
  t.equal(await client.profiles.delete(made.id), undefined);
  const gone = await rejection(client.profiles.get(made.id));
  t.same([gone.statusCode, gone.message], [404, 'Profile not found']);
});

sdkTest('browsers: create, list, get, update, stop; downloads is not served', async (t, client) => {
  const made = await client.browsers.create({ timeout: 15, proxyCountryCode: 'de' });
  t.same([made.status, made.browserCost], ['active', '0.015']);
  const list = await client.browsers.list({ filterBy: 'active' });
  t.same(list.items.map((b) => b.id), [made.id]);
  t.equal((await client.browsers.get(made.id)).id, made.id);
  const stopped = await client.browsers.update(made.id, { action: 'stop' });
  t.equal(stopped.status, 'stopped');
  t.equal((await client.browsers.stop(made.id)).status, 'stopped', 'stop is idempotent');
  const tooLong = await rejection(client.browsers.create({ timeout: 241 }));
  t.same([tooLong.statusCode, tooLong.message], [403, 'Maximum session timeout is 4 hours (240 minutes).']);
  const unknown = await rejection(client.browsers.get('00000000-0000-4000-8000-000000000000'));
  t.same([unknown.statusCode, unknown.message], [404, 'Session not found']);
  const downloads = await rejection(client.browsers.downloads(made.id));
  t.same([downloads.statusCode, downloads.message], [404, 'Not Found'], 'not an operation of the v2 document');
});

sdkTest('billing.account and files.browserUrl', async (t, client) => {
  const account = await client.billing.account();
  t.equal(account.totalCreditsBalanceUsd, 100);
  t.equal(account.planInfo.planName, 'Pay As You Go');
  const browser = await client.browsers.create({ timeout: 60 });
  t.equal((await client.billing.account()).totalCreditsBalanceUsd, 99.94);
  const bytes = Buffer.from('hello');
  const form = await client.files.browserUrl(browser.id, { fileName: 'hello.txt', contentType: 'text/plain', sizeBytes: bytes.length });
  t.same([form.method, form.fileName, form.expiresIn], ['POST', 'hello.txt', 300]);
  const data = new FormData();
  for (const [name, value] of Object.entries(form.fields)) data.append(name, value);
  data.append('file', new Blob([bytes]), form.fileName);
  t.equal((await fetch(form.url, { method: 'POST', body: data })).status, 204, 'the emulator accepts the bytes');
  const refused = await rejection(client.files.browserUrl(browser.id, { fileName: 'a/b.txt', contentType: 'text/plain', sizeBytes: 1 }));
  t.equal(refused.statusCode, 400);
});
