// Checks the paced client's response framing against a local server that answers in turn with a
// Content-Length body, a chunked body written in pieces, a 404 and an answer that closes the socket.
// Run: node bench/paced-check.mjs (about 2 s); exits non-zero when a count is off.
import http from 'node:http';
import { paced } from './lib.mjs';

const CONNECTIONS = 10;
// The first request of each connection opens it before the clock starts and is not counted.
let served = -CONNECTIONS;
let notFound = 0;
const body = JSON.stringify({ id: 'x', status: 'running', padding: 'p'.repeat(900) });
const server = http.createServer((req, res) => {
  const kind = (served++ + CONNECTIONS) % 4;
  if (kind === 0) {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  } else if (kind === 1) {
    // Headers first, then the body in three chunks on later turns: the answer arrives split.
    res.writeHead(200, { 'content-type': 'application/json' });
    res.flushHeaders();
    setImmediate(() => {
      res.write(body.slice(0, 100));
      setTimeout(() => {
        res.write(body.slice(100, 500));
        res.end(body.slice(500));
      }, 1);
    });
  } else if (kind === 2) {
    if (served > 0) notFound++;
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end('{"detail":"Not found"}');
  } else {
    res.writeHead(200, { connection: 'close', 'content-length': 2 });
    res.end('{}');
  }
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address();

const r = await paced({ port, connections: CONNECTIONS, intervalMs: 10, durationMs: 2000, pathOf: (i) => `/poll/${i}`, headers: { 'x-check': '1' } });
server.close();
// 2,000 requests are offered; a busy machine delays some sends past the end, hence the margin.
const ok = r.total === served && r.non2xx === notFound && r.errors === 0 && r.total >= 1500;
process.stdout.write(`${JSON.stringify({ ...r, served, notFound })}\n${ok ? 'ok' : 'MISMATCH'}\n`);
process.exitCode = ok ? 0 : 1;
