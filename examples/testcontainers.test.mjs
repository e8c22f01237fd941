// Testcontainers for Node: one emulator container for the file, the official client pointed at it.
// Runs with `node --test`; the same calls fit vitest or jest (beforeAll/afterAll).
//   BU_MOCK_IMAGE=browser-use-mock node --test examples/testcontainers.test.mjs
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { GenericContainer, Wait } from 'testcontainers';
import { BrowserUse } from 'browser-use-sdk/v3';

let container;
let client;

before(async () => {
  container = await new GenericContainer(process.env.BU_MOCK_IMAGE ?? 'browser-use-mock')
    .withEnvironment({ BU_MOCK_SPEED: '500' })
    .withExposedPorts(4010)
    .withWaitStrategy(Wait.forHttp('/health', 4010))
    .start();
  const baseUrl = `http://${container.getHost()}:${container.getMappedPort(4010)}/api/v3`;
  client = new BrowserUse({ apiKey: 'test', baseUrl });
});

after(async () => {
  await container?.stop();
});

test('a task runs to completion', async () => {
  const result = await client.run('Open example.com and read the heading [mock:quick]', { interval: 50 });
  assert.equal(result.status, 'stopped');
  assert.equal(result.isTaskSuccessful, true);
});

test('a failing task fails', async () => {
  const result = await client.run('Buy a mouse on amazon.com [mock:failure]', { interval: 50 });
  assert.equal(result.isTaskSuccessful, false);
});
