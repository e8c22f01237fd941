// The objects a fuzzed request can point at: one session (with messages), profile, workspace (with a
// file) and browser under the key being fuzzed, and the same under a second key whose objects must
// stay invisible. Everything goes through HTTP (API and admin), so the suite does not depend on how
// the emulator is put together inside.
import type { RawClient } from './client.js';

export type Resource = 'session' | 'profile' | 'workspace' | 'browser' | 'message';

export type Fixtures = Record<Resource, string>;

const enc = encodeURIComponent;

export class World {
  own: Fixtures = { session: '', profile: '', workspace: '', browser: '', message: '' };
  other: Fixtures = { session: '', profile: '', workspace: '', browser: '', message: '' };

  constructor(
    readonly client: RawClient,
    readonly key: string,
    readonly otherKey: string,
  ) {}

  async setup(): Promise<void> {
    this.other = await this.create(this.otherKey);
    this.own = await this.create(this.key);
  }

  /** Forgets everything the fuzzed key holds and builds its fixtures again (same ids: ids restart). */
  async resetOwn(): Promise<void> {
    const res = await this.client.json('POST', `/_mock/reset?key=${enc(this.key)}`, null);
    if (res.status !== 200) throw new Error(`reset of ${this.key} answered ${res.status}: ${res.text.slice(0, 300)}`);
    this.own = await this.create(this.key);
  }

  private async create(key: string): Promise<Fixtures> {
    const must = async (method: string, path: string, body: unknown, status: number): Promise<Record<string, unknown>> => {
      const res = await this.client.json(method, `/api/v3${path}`, key, body);
      if (res.status !== status) throw new Error(`fixture ${method} ${path} for ${key} answered ${res.status}: ${res.text.slice(0, 300)}`);
      return (res.json ?? {}) as Record<string, unknown>;
    };
    const profile = String((await must('POST', '/profiles', { name: 'fuzz profile', userId: 'user-1' }, 201)).id);
    const workspace = String((await must('POST', '/workspaces', { name: 'fuzz workspace' }, 201)).id);
    const upload = await must('POST', `/workspaces/${workspace}/files/upload`, { files: [{ name: 'a.txt', contentType: 'text/plain', size: 5 }] }, 200);
    const files = upload.files as { uploadUrl?: string; url?: string }[] | undefined;
    const uploadUrl = files?.[0]?.uploadUrl ?? files?.[0]?.url;
    if (typeof uploadUrl === 'string') {
      const target = new URL(uploadUrl);
      const put = await this.client.send({ method: 'PUT', path: target.pathname + target.search, headers: [['Content-Type', 'text/plain']], body: Buffer.from('hello') });
      if (put.status !== 200) throw new Error(`fixture upload answered ${put.status}: ${put.text.slice(0, 300)}`);
    }
    const session = String((await must('POST', '/sessions', { task: 'Find a laptop on amazon.com', profileId: profile, workspaceId: workspace, keepAlive: true }, 200)).id);
    const advance = await this.client.json('POST', '/_mock/clock/advance', null, { sessionId: session, to: 'next-step' });
    if (advance.status !== 200) throw new Error(`fixture clock advance answered ${advance.status}: ${advance.text.slice(0, 300)}`);
    const messages = await must('GET', `/sessions/${session}/messages`, undefined, 200);
    const first = (messages.messages as { id?: string }[] | undefined)?.[0]?.id ?? '';
    const browser = String((await must('POST', '/browsers', { timeout: 30 }, 201)).id);
    return { session, profile, workspace, browser, message: first };
  }

  /** Everything the admin API and the billing account show for the key, as one comparable text. */
  async snapshot(key = this.key): Promise<string> {
    const state = await this.client.json('GET', `/_mock/keys/${enc(key)}/state`, null);
    const account = await this.client.json('GET', '/api/v3/billing/account', key);
    return `state ${state.status} ${state.text}\naccount ${account.status} ${account.text}`;
  }

  /**
   * A create + get + list + delete round trip, the session list and a fixture read; with `thorough`, reads
   * of every list and fixture too. Problems, or undefined. `fixturesGone` skips reads of fixtures a
   * successful request may have deleted.
   */
  async usable(thorough = false, fixturesGone = false): Promise<string | undefined> {
    const problems: string[] = [];
    const expect = async (method: string, path: string, status: number, body?: unknown): Promise<unknown> => {
      const res = await this.client.json(method, `/api/v3${path}`, this.key, body);
      if (res.status !== status) problems.push(`${method} ${path} answered ${res.status} (expected ${status}): ${res.text.slice(0, 300)}`);
      return res.json;
    };
    const created = (await expect('POST', '/profiles', 201, { name: 'round trip' })) as { id?: string } | undefined;
    if (created?.id) {
      await expect('GET', `/profiles/${created.id}`, 200);
      const list = (await expect('GET', '/profiles?pageSize=1', 200)) as { items?: { id: string }[] } | undefined;
      if (list?.items?.[0]?.id !== created.id) problems.push('GET /profiles does not list the profile just created first');
      await expect('DELETE', `/profiles/${created.id}`, 204);
    }
    await expect('GET', '/sessions', 200);
    if (!fixturesGone) await expect('GET', `/sessions/${this.own.session}`, 200);
    if (!thorough) return problems.length ? problems.join('\n') : undefined;
    if (!fixturesGone) await expect('GET', `/sessions/${this.own.session}/messages`, 200);
    if (!fixturesGone) await expect('GET', `/workspaces/${this.own.workspace}/files`, 200);
    await expect('GET', '/browsers', 200);
    await expect('GET', '/workspaces', 200);
    await expect('GET', '/billing/account', 200);
    const state = await this.client.json('GET', `/_mock/keys/${enc(this.key)}/state`, null);
    if (state.status !== 200) problems.push(`admin state dump answered ${state.status}: ${state.text.slice(0, 300)}`);
    return problems.length ? problems.join('\n') : undefined;
  }

  /** The other key's objects answer 404 to this key. */
  async isolation(): Promise<string | undefined> {
    const problems: string[] = [];
    const paths = [
      `/sessions/${this.other.session}`,
      `/sessions/${this.other.session}/messages`,
      `/profiles/${this.other.profile}`,
      `/workspaces/${this.other.workspace}`,
      `/workspaces/${this.other.workspace}/files`,
      `/workspaces/${this.other.workspace}/size`,
      `/browsers/${this.other.browser}`,
    ];
    for (const path of paths) {
      const res = await this.client.json('GET', `/api/v3${path}`, this.key);
      if (res.status !== 404) problems.push(`GET ${path} of ${this.otherKey} with ${this.key} answered ${res.status}, not 404`);
    }
    return problems.length ? problems.join('\n') : undefined;
  }
}
