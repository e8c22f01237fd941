// GET /_mock/metrics: the process's memory and uptime, as documented in openapi/admin.json.
import t from 'tap';
import { startTestServer } from '../helpers/server.js';
import { admin } from './admin-check.js';

t.test('GET /_mock/metrics reports memory in bytes and the uptime', async (t) => {
  const s = await startTestServer(t);
  const res = await admin<{ rssBytes: number; heapUsedBytes: number; heapTotalBytes: number; uptimeSeconds: number }>(s, 'GET', '/_mock/metrics');
  t.equal(res.status, 200);
  t.ok(res.json.rssBytes > 0 && res.json.heapUsedBytes > 0 && res.json.heapUsedBytes <= res.json.heapTotalBytes);
  t.ok(res.json.uptimeSeconds > 0);
});
