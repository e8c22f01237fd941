// One log line per API request, with the request id; admin and page traffic only at debug level.
import { Writable } from 'node:stream';
import t from 'tap';
import pino from 'pino';
import { buildApp } from '../../src/app.js';
import { configFromEnv } from '../../src/config.js';

t.test('one line per request', async (t) => {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const text of chunk.toString('utf8').split('\n')) if (text) lines.push(JSON.parse(text) as Record<string, unknown>);
      done();
    },
  });
  const logger = pino({ level: 'info', base: undefined }, sink);
  const { app } = await buildApp(configFromEnv({}, { clock: 'manual', seed: 'log' }), logger);
  t.teardown(() => app.close());
  const res = await app.inject({ method: 'GET', url: '/api/v3/sessions', headers: { 'x-browser-use-api-key': 'k', 'x-request-id': 'abc-123' } });
  t.equal(res.statusCode, 200);
  await app.inject({ method: 'GET', url: '/health' });
  await new Promise((resolve) => setImmediate(resolve));
  const requestLines = lines.filter((l) => l.msg === 'request completed');
  t.equal(requestLines.length, 1, 'the API request is logged once; /health is not at info level');
  t.match(requestLines[0], { reqId: 'abc-123', method: 'GET', url: '/api/v3/sessions', statusCode: 200, level: 30 });
  t.type(requestLines[0]?.responseTime, 'number');
  t.notOk(lines.some((l) => l.msg === 'incoming request'), 'no separate line for the incoming request');
});
