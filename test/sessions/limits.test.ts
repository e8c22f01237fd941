// Bounded memory: stored sessions per key and keys per emulator are capped.
import t from 'tap';
import type { SessionListResponse, SessionResponse } from '../../src/contract/types.generated.js';
import { startTestServer } from '../helpers/server.js';

t.test('past the per-key cap the oldest finished sessions are forgotten', async (t) => {
  const s = await startTestServer(t, { maxSessionsPerKey: 3 });
  const finished: string[] = [];
  for (let i = 0; i < 2; i++) {
    const id = (await s.call<SessionResponse>('POST', '/sessions', { body: { task: `quick ${i} [mock:quick]` } })).json.id;
    finished.push(id);
  }
  s.advance(60_000);
  const active = (await s.call<SessionResponse>('POST', '/sessions', { body: { keepAlive: true } })).json.id;
  const newest = (await s.call<SessionResponse>('POST', '/sessions', { body: {} })).json.id;
  const list = (await s.call<SessionListResponse>('GET', '/sessions')).json;
  t.equal(list.total, 3);
  t.same(list.sessions.map((x) => x.id), [newest, active, finished[1]]);
  t.equal((await s.call('GET', `/sessions/${finished[0]}`)).status, 404, 'the oldest finished one is gone');
});

t.test('an active session is never evicted', async (t) => {
  const s = await startTestServer(t, { maxSessionsPerKey: 1 });
  const first = (await s.call<SessionResponse>('POST', '/sessions', { body: {} })).json.id;
  await s.call('POST', '/sessions', { body: {} });
  t.equal((await s.call('GET', `/sessions/${first}`)).status, 200);
  t.equal((await s.call<SessionListResponse>('GET', '/sessions')).json.total, 2, 'the cap yields to active sessions');
});

t.test('past the key cap the oldest project is forgotten', async (t) => {
  const s = await startTestServer(t, { maxProjects: 2 });
  const id = (await s.call<SessionResponse>('POST', '/sessions', { body: {}, key: 'k1' })).json.id;
  await s.call('GET', '/sessions', { key: 'k2' });
  await s.call('GET', '/sessions', { key: 'k3' });
  t.equal((await s.call('GET', `/sessions/${id}`, { key: 'k1' })).status, 404);
  t.same(s.state.projects.keys().sort(), ['k1', 'k3'].sort());
});
