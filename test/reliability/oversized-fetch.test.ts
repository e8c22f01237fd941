// An oversized body sent with fetch (Content-Length) is read to its end before the 413 is sent, so the
// client sees the answer instead of a broken pipe. Apart from the node:http cases for the time it takes.
import t from 'tap';
import { startTestServer } from '../helpers/server.js';

const THIRTY_MB = 30 * 1024 * 1024;
const TOO_LARGE = { detail: 'Request body is too large' };
const json = { 'Content-Type': 'application/json', 'X-Browser-Use-API-Key': 'test-key' };

t.test('20 of 20 uploads of 30 MB through fetch see the 413', async (t) => {
  const s = await startTestServer(t);
  const body = Buffer.alloc(THIRTY_MB, 0x61);
  for (let i = 0; i < 20; i++) {
    const r = await fetch(`${s.apiUrl}/sessions`, { method: 'POST', headers: json, body });
    t.equal(r.status, 413, `fetch ${i}`);
    t.same(await r.json(), TOO_LARGE);
  }
});
