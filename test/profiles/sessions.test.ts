// Profiles as sessions and browsers use them: 404 for unknown ids, lastUsedAt, cookie domains saved after
// each run, and deleting a profile while a session runs with it.
import t from 'tap';
import { BrowserUse, BrowserUseError } from 'browser-use-sdk/v3';
import type { BrowserSessionItemView, ProfileView, SessionListResponse, SessionResponse } from '../../src/contract/types.generated.js';
import type { Scenario } from '../../src/simulation/scenario.js';
import { DEFAULT_STEPS } from '../../src/simulation/scenario.js';
import { DEFAULT_KEY, startTestServer } from '../helpers/server.js';
import type { TestServer } from '../helpers/server.js';

const NOT_FOUND = { detail: 'Profile not found' };
const MISSING_ID = '5f0c8e2a-8d1b-4c3e-9a7f-2b6d4e8f1a3c';

/** Three scripted steps, each one second, whose actions open other sites. */
const MULTI_SITE: Scenario = {
  name: 'multi-site',
  description: 'Visits two more sites besides the one the task names.',
  match: { task: /\[test:multi-site\]/ },
  outcome: 'success',
  steps: {
    ...DEFAULT_STEPS,
    script: [
      { summary: 'Signing in', durationMs: 1000, data: JSON.stringify({ action: 'navigate', params: { url: 'https://accounts.example.org/login' } }) },
      { summary: 'Opening the cart', durationMs: 1000, data: JSON.stringify({ action: 'navigate', params: { url: 'https://www.Shop.Example.com/cart' } }) },
      { summary: 'Reading the total', durationMs: 1000 },
    ],
  },
};

const taskOf = (s: TestServer, sessionId: string, index = 0) => {
  const task = s.state.projects.get(DEFAULT_KEY).sessions.get(sessionId)?.tasks[index];
  if (!task) throw new Error('no such task');
  return task;
};

t.test('a session or browser naming an unknown profile is refused with 404 and creates nothing', async (t) => {
  const s = await startTestServer(t);
  const session = await s.call('POST', '/sessions', { body: { task: 'Find a laptop', profileId: MISSING_ID } });
  t.equal(session.status, 404);
  t.same(session.json, NOT_FOUND);
  const browser = await s.call('POST', '/browsers', { body: { profileId: MISSING_ID } });
  t.equal(browser.status, 404);
  t.same(browser.json, NOT_FOUND);
  t.equal((await s.call<SessionListResponse>('GET', '/sessions')).json.total, 0);
  t.equal((await s.call<{ totalItems: number }>('GET', '/browsers')).json.totalItems, 0);

  const theirs = await s.call<ProfileView>('POST', '/profiles', { key: 'someone-else' });
  const foreign = await s.call('POST', '/sessions', { body: { profileId: theirs.json.id } });
  t.equal(foreign.status, 404, "another key's profile does not exist for this key");
  t.same(foreign.json, NOT_FOUND);

  const client = new BrowserUse({ apiKey: 'sdk-key', baseUrl: s.apiUrl, maxRetries: 0 });
  for (const attempt of [client.sessions.create({ task: 'x', profileId: MISSING_ID }), client.browsers.create({ profileId: MISSING_ID })]) {
    const err = await attempt.catch((e: unknown) => e);
    t.ok(err instanceof BrowserUseError);
    t.equal((err as BrowserUseError).statusCode, 404);
    t.equal((err as BrowserUseError).message, 'Profile not found');
  }
});

t.test('a run saves the sites it visited; lastUsedAt is the creation time', async (t) => {
  const s = await startTestServer(t);
  const profile = (await s.call<ProfileView>('POST', '/profiles', { body: { name: 'shopper' } })).json;
  s.advance(1000);
  const session = (await s.call<SessionResponse>('POST', '/sessions', { body: { task: 'Find the best-rated wireless mouse on amazon.com', profileId: profile.id, keepAlive: true } })).json;
  t.equal(session.profileId, profile.id);
  const used = (await s.call<ProfileView>('GET', `/profiles/${profile.id}`)).json;
  t.equal(used.lastUsedAt, session.createdAt);
  t.equal(used.updatedAt, profile.updatedAt, 'loading a profile is not a change of it');
  t.same(used.cookieDomains, []);

  s.advance(10 * 60_000);
  // The profile is read first: reading it brings the run that used it to its end.
  const after = (await s.call<ProfileView>('GET', `/profiles/${profile.id}`)).json;
  t.same(after.cookieDomains, ['amazon.com']);
  const ended = (await s.call<SessionResponse>('GET', `/sessions/${session.id}`)).json;
  t.equal(ended.status, 'idle');
  t.equal(after.updatedAt, ended.updatedAt, 'saved at the instant the run ended');

  await s.call('POST', '/sessions', { body: { sessionId: session.id, task: 'Check the stars of the repo on github.com', keepAlive: true } });
  s.advance(10 * 60_000);
  const listed = (await s.call<{ items: ProfileView[] }>('GET', '/profiles')).json.items[0];
  t.same(listed?.cookieDomains, ['amazon.com', 'github.com'], 'follow-up runs add their sites, sorted, without repeats');

  s.advance(60_000);
  const second = (await s.call<SessionResponse>('POST', '/sessions', { body: { task: 'Look up the weather in Paris', profileId: profile.id } })).json;
  t.equal((await s.call<ProfileView>('GET', `/profiles/${profile.id}`)).json.lastUsedAt, second.createdAt);
});

t.test('every domain the plan reached before the run ended is saved, and only those', async (t) => {
  const s = await startTestServer(t);
  s.state.scenarios.replace([MULTI_SITE, ...s.state.scenarios.list()]);
  const full = (await s.call<ProfileView>('POST', '/profiles')).json;
  const cut = (await s.call<ProfileView>('POST', '/profiles')).json;
  const idle = (await s.call<ProfileView>('POST', '/profiles')).json;

  await s.call('POST', '/sessions', { body: { task: 'Buy it again on github.com [test:multi-site]', profileId: full.id } });
  const stopped = (await s.call<SessionResponse>('POST', '/sessions', { body: { task: 'Buy it again on github.com [test:multi-site]', profileId: cut.id } })).json;
  const booting = (await s.call<SessionResponse>('POST', '/sessions', { body: { task: 'Buy it again on github.com [test:multi-site]', profileId: idle.id } })).json;

  // Stopped while booting: nothing ran, nothing is saved.
  await s.call('POST', `/sessions/${booting.id}/stop`, { body: { strategy: 'session' } });
  // Stopped between the first and the second step: only the first step's sites count.
  const start = taskOf(s, stopped.id).startAt;
  s.advance(start + 1200 - s.state.clock.now());
  await s.call('POST', `/sessions/${stopped.id}/stop`, { body: { strategy: 'session' } });
  s.advance(60_000);

  t.same((await s.call<ProfileView>('GET', `/profiles/${full.id}`)).json.cookieDomains, ['accounts.example.org', 'github.com', 'shop.example.com']);
  t.same((await s.call<ProfileView>('GET', `/profiles/${cut.id}`)).json.cookieDomains, ['accounts.example.org', 'github.com']);
  const untouched = (await s.call<ProfileView>('GET', `/profiles/${idle.id}`)).json;
  t.same(untouched.cookieDomains, []);
  t.equal(untouched.updatedAt, idle.updatedAt);
  t.not(untouched.lastUsedAt, null, 'it was still loaded');
});

t.test('deleting a profile a session is running with: allowed; the run goes on and saves nothing', async (t) => {
  const s = await startTestServer(t);
  const profile = (await s.call<ProfileView>('POST', '/profiles')).json;
  const session = (await s.call<SessionResponse>('POST', '/sessions', { body: { task: 'Find a recipe for pancakes', profileId: profile.id } })).json;
  s.advance(4000);
  t.equal((await s.call<SessionResponse>('GET', `/sessions/${session.id}`)).json.status, 'running');

  t.equal((await s.call('DELETE', `/profiles/${profile.id}`)).status, 204);
  s.advance(10 * 60_000);
  const done = (await s.call<SessionResponse>('GET', `/sessions/${session.id}`)).json;
  t.equal(done.status, 'stopped');
  t.equal(done.isTaskSuccessful, true, 'the run was not disturbed');
  t.equal(done.profileId, profile.id, 'the session still names the profile it started with');
  t.same((await s.call('GET', `/profiles/${profile.id}`)).json, NOT_FOUND);
  t.equal((await s.call('POST', '/sessions', { body: { profileId: profile.id } })).status, 404, 'new work cannot use it');
});

t.test('a standalone browser loads a profile: lastUsedAt set, cookies unchanged', async (t) => {
  const s = await startTestServer(t);
  const profile = (await s.call<ProfileView>('POST', '/profiles')).json;
  s.advance(2500);
  const browser = (await s.call<BrowserSessionItemView>('POST', '/browsers', { body: { profileId: profile.id } })).json;
  const used = (await s.call<ProfileView>('GET', `/profiles/${profile.id}`)).json;
  t.equal(used.lastUsedAt, browser.startedAt);
  s.advance(60_000);
  await s.call('PATCH', `/browsers/${browser.id}`, { body: { action: 'stop' } });
  const after = (await s.call<ProfileView>('GET', `/profiles/${profile.id}`)).json;
  t.same(after.cookieDomains, [], 'CDP is not emulated: a browser visits nothing');
  t.equal(after.updatedAt, profile.updatedAt);

  const client = new BrowserUse({ apiKey: DEFAULT_KEY, baseUrl: s.apiUrl, maxRetries: 0 });
  s.advance(1000);
  const viaSdk = await client.browsers.create({ profileId: profile.id, timeout: 5 });
  t.equal((await client.profiles.get(profile.id)).lastUsedAt, viaSdk.startedAt);
});
