// A refused or failed request leaves no trace: nothing stored or billed, and no id sequence moves on.
import t from 'tap';
import type { SessionListResponse, SessionResponse } from '../../src/contract/types.generated.js';
import { startTestServer } from '../helpers/server.js';

/** What the key holds, as the admin API dumps it. */
const dumpOf = async (s: Awaited<ReturnType<typeof startTestServer>>, key = 'test-key'): Promise<string> => (await s.call('GET', `/_mock/keys/${key}/state?messages=false`)).text;

t.test('refused creations change nothing, and the next id is the one a fresh key gets first', async (t) => {
  const fresh = await startTestServer(t);
  const expected = (await fresh.call<SessionResponse>('POST', '/sessions', { body: { task: 'x' } })).json.id;

  const s = await startTestServer(t);
  await s.call('GET', '/sessions');
  const before = await dumpOf(s);
  const refusals: [unknown, number][] = [
    [{ task: 'x', profileId: '00000000-0000-4000-8000-000000000000' }, 404],
    [{ task: 'x', workspaceId: '00000000-0000-4000-8000-000000000000' }, 404],
    [{ task: 'x', cacheScript: true }, 422],
    [{ task: 'x', sessionId: '00000000-0000-4000-8000-000000000000' }, 404],
  ];
  for (const [body, status] of refusals) t.equal((await s.call('POST', '/sessions', { body })).status, status, JSON.stringify(body));
  t.equal((await s.call('POST', '/browsers', { body: { profileId: '00000000-0000-4000-8000-000000000000' } })).status, 404);
  t.equal(await dumpOf(s), before, 'the key is as it was');
  t.equal((await s.call<SessionResponse>('POST', '/sessions', { body: { task: 'x' } })).json.id, expected, 'no id was used up');
});

t.test('a response that cannot be rendered stores nothing, and the key stays usable', async (t) => {
  const s = await startTestServer(t);
  // Built as text: the test's own JSON.stringify would overflow the stack on it.
  const raw = `{"task":"x","outputSchema":${'{"a":'.repeat(5000)}{}${'}'.repeat(5000)}}`;
  const res = await s.call('POST', '/sessions', { raw, headers: { 'content-type': 'application/json' } });
  t.not(res.status, 200, 'refused one way or another');
  const list = await s.call<SessionListResponse>('GET', '/sessions');
  t.equal(list.status, 200);
  if (res.status >= 500) t.equal(list.json.total, 0, 'nothing was stored');
  t.equal((await s.call('POST', '/sessions', { body: { task: 'x' } })).status, 200);
});
