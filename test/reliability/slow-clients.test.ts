// Slow clients do not starve others, and the server's timeouts are the documented ones.
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import t from 'tap';
import { HEADERS_TIMEOUT_MS, KEEP_ALIVE_TIMEOUT_MS, MAX_HEADER_BYTES, REQUEST_TIMEOUT_MS } from '../../src/http/framework-errors.js';
import { startTestServer } from '../helpers/server.js';

t.test('20 slowloris connections do not delay normal requests', async (t) => {
  const s = await startTestServer(t);
  const { hostname, port } = new URL(s.url);
  const sockets: Socket[] = [];
  const timers: NodeJS.Timeout[] = [];
  t.teardown(() => {
    for (const timer of timers) clearInterval(timer);
    for (const socket of sockets) socket.destroy();
  });
  for (let i = 0; i < 20; i++) {
    const socket = connect(Number(port), hostname);
    socket.on('error', () => undefined);
    sockets.push(socket);
    socket.write(`GET /health HTTP/1.1\r\nHost: ${hostname}\r\n`);
    // One more header byte every 100 ms, never finishing the header block.
    timers.push(setInterval(() => socket.write('X'), 100));
  }
  await new Promise((resolve) => setTimeout(resolve, 300));
  const durations: number[] = [];
  for (let i = 0; i < 50; i++) {
    const started = performance.now();
    const r = await s.call('GET', '/sessions');
    durations.push(performance.now() - started);
    t.equal(r.status, 200);
  }
  durations.sort((a, b) => a - b);
  const worst = durations[durations.length - 1] ?? 0;
  t.ok(worst < 1000, `slowest normal request ${worst.toFixed(1)} ms`);
  t.ok(sockets.every((socket) => !socket.destroyed), 'the slow connections are still waiting, not yet timed out');
});

t.test('the server runs with the documented bounds', async (t) => {
  const s = await startTestServer(t);
  const server = s.app.server;
  t.equal(server.headersTimeout, HEADERS_TIMEOUT_MS);
  t.equal(server.requestTimeout, REQUEST_TIMEOUT_MS);
  t.equal(server.keepAliveTimeout, KEEP_ALIVE_TIMEOUT_MS);
});

t.test('a client that never finishes its headers is answered 408 in JSON and dropped', async (t) => {
  const s = await startTestServer(t);
  const { hostname, port } = new URL(s.url);
  const started = Date.now();
  const answer = await new Promise<string>((resolve) => {
    const socket = connect(Number(port), hostname);
    let data = '';
    socket.on('data', (chunk: Buffer) => (data += chunk.toString('utf8')));
    socket.on('close', () => resolve(data));
    socket.on('error', () => undefined);
    socket.write(`GET /health HTTP/1.1\r\nHost: ${hostname}\r\nX-Slow: ${'a'.repeat(MAX_HEADER_BYTES / 4)}`);
  });
  const elapsed = Date.now() - started;
  t.match(answer, /^HTTP\/1\.1 408 Request Timeout\r\n/);
  t.match(answer, /\r\n\r\n\{"detail":"Request Timeout"\}$/);
  t.ok(elapsed >= HEADERS_TIMEOUT_MS - 100 && elapsed < HEADERS_TIMEOUT_MS + 3000, `closed after ${elapsed} ms`);
});
