// The objects a fuzzed request can point at: under the key being fuzzed, one v3 session (with messages),
// profile, workspace (with a file) and browser, and the v2 objects (a v2 session with a public share and
// an uploaded file, a finished v2 task with an output file, a finished skill with a run, a file uploaded
// through a browser's form); the same under a second key whose objects must stay invisible; and the
// marketplace skill every key sees. Everything goes through HTTP (API and admin), so the suite does not
// depend on how the emulator is put together inside.
import type { Api } from './doc.js';
import type { RawClient } from './client.js';

export type Resource =
  | 'session' | 'profile' | 'workspace' | 'browser' | 'message'
  | 'v2session' | 'task' | 'skill' | 'execution' | 'outputFile' | 'marketSkill' | 'marketSlug';

export type Fixtures = Record<Resource, string>;

/** The kinds of object each version's ids may name (profiles and browsers are shared by both). */
export const RESOURCES: Readonly<Record<Api, Resource[]>> = {
  v3: ['session', 'profile', 'workspace', 'browser', 'message'],
  v2: ['v2session', 'task', 'skill', 'execution', 'outputFile', 'marketSkill', 'profile', 'browser'],
};

/** Fixtures that are not the key's own (message ids are shared names; the marketplace is public). */
export const SHARED_RESOURCES: ReadonlySet<Resource> = new Set(['message', 'marketSkill', 'marketSlug']);

const enc = encodeURIComponent;

const emptyFixtures = (): Fixtures => ({
  session: '', profile: '', workspace: '', browser: '', message: '',
  v2session: '', task: '', skill: '', execution: '', outputFile: '', marketSkill: '', marketSlug: '',
});

/** Long enough for a skill's recording and generation (at most 45 + 90 simulated seconds). */
const SKILL_GENERATION_MS = 140_000;

type Json = Record<string, unknown>;

export class World {
  own: Fixtures = emptyFixtures();
  other: Fixtures = emptyFixtures();

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

  private async call(key: string, method: string, path: string, body: unknown, status: number): Promise<Json> {
    const res = await this.client.json(method, path, key, body);
    if (res.status !== status) throw new Error(`fixture ${method} ${path} for ${key} answered ${res.status}: ${res.text.slice(0, 300)}`);
    return (res.json ?? {}) as Json;
  }

  private async admin(path: string, body: unknown): Promise<void> {
    const res = await this.client.json('POST', path, null, body);
    if (res.status !== 200) throw new Error(`fixture ${path} answered ${res.status}: ${res.text.slice(0, 300)}`);
  }

  private async create(key: string): Promise<Fixtures> {
    const v3 = (method: string, path: string, body: unknown, status: number): Promise<Json> => this.call(key, method, `/api/v3${path}`, body, status);
    const profile = String((await v3('POST', '/profiles', { name: 'fuzz profile', userId: 'user-1' }, 201)).id);
    const workspace = String((await v3('POST', '/workspaces', { name: 'fuzz workspace' }, 201)).id);
    const upload = await v3('POST', `/workspaces/${workspace}/files/upload`, { files: [{ name: 'a.txt', contentType: 'text/plain', size: 5 }] }, 200);
    const files = upload.files as { uploadUrl?: string; url?: string }[] | undefined;
    const uploadUrl = files?.[0]?.uploadUrl ?? files?.[0]?.url;
    if (typeof uploadUrl === 'string') {
      const target = new URL(uploadUrl);
      const put = await this.client.send({ method: 'PUT', path: target.pathname + target.search, headers: [['Content-Type', 'text/plain']], body: Buffer.from('hello') });
      if (put.status !== 200) throw new Error(`fixture upload answered ${put.status}: ${put.text.slice(0, 300)}`);
    }
    const session = String((await v3('POST', '/sessions', { task: 'Find a laptop on amazon.com', profileId: profile, workspaceId: workspace, keepAlive: true }, 200)).id);
    await this.admin('/_mock/clock/advance', { sessionId: session, to: 'next-step' });
    const messages = await v3('GET', `/sessions/${session}/messages`, undefined, 200);
    const first = (messages.messages as { id?: string }[] | undefined)?.[0]?.id ?? '';
    const browser = String((await v3('POST', '/browsers', { timeout: 30 }, 201)).id);
    return { session, profile, workspace, browser, message: first, ...(await this.createV2(key, profile, browser)) };
  }

  private async createV2(key: string, profile: string, browser: string): Promise<Pick<Fixtures, 'v2session' | 'task' | 'skill' | 'execution' | 'outputFile' | 'marketSkill' | 'marketSlug'>> {
    const v2 = (method: string, path: string, body: unknown, status: number): Promise<Json> => this.call(key, method, `/api/v2${path}`, body, status);
    const v2session = String((await v2('POST', '/sessions', { profileId: profile }, 201)).id);
    await v2('POST', `/sessions/${v2session}/public-share`, undefined, 201);
    await this.uploadThroughForm(await v2('POST', `/files/sessions/${v2session}/presigned-url`, { fileName: 'notes.txt', contentType: 'text/plain', sizeBytes: 5 }, 200));
    await this.uploadThroughForm(await v2('POST', `/files/browsers/${browser}/presigned-url`, { fileName: 'page.txt', contentType: 'text/plain', sizeBytes: 5 }, 200));
    // A one-off task run to its end: it stops its own session and lists the file it saved.
    const created = await v2('POST', '/tasks', { task: 'Find the top 5 wireless mice on amazon.com and save them to results.csv' }, 202);
    const task = String(created.id);
    await this.admin('/_mock/clock/advance', { sessionId: created.sessionId, to: 'end' });
    const view = await v2('GET', `/tasks/${task}`, undefined, 200);
    const outputFile = String((view.outputFiles as { id?: string }[] | undefined)?.[0]?.id ?? '');
    const skill = String((await v2('POST', '/skills', { goal: 'Find the price of a wireless mouse on amazon.com', agentPrompt: 'Search amazon.com and read the first price' }, 202)).id);
    await this.admin('/_mock/clock/advance', { ms: SKILL_GENERATION_MS });
    const inputs = ((await v2('GET', `/skills/${skill}`, undefined, 200)).parameters ?? []) as { name: string; type: string; required?: boolean }[];
    const sample: Record<string, unknown> = { string: 'wireless mouse', cookie: 'x', number: 3, boolean: true, object: {}, array: [] };
    const parameters = Object.fromEntries(inputs.filter((p) => p.required !== false).map((p) => [p.name, sample[p.type] ?? 'x']));
    await v2('POST', `/skills/${skill}/execute`, { parameters }, 200);
    const runs = await v2('GET', `/skills/${skill}/executions`, undefined, 200);
    const execution = String((runs.items as { id?: string }[] | undefined)?.[0]?.id ?? '');
    const market = await v2('GET', '/marketplace/skills?pageSize=1', undefined, 200);
    const first = (market.items as { id?: string; slug?: string }[] | undefined)?.[0];
    return { v2session, task, skill, execution, outputFile, marketSkill: String(first?.id ?? ''), marketSlug: String(first?.slug ?? '') };
  }

  /** Posts five bytes through a v2 upload form (S3-style presigned POST), as a client would. */
  private async uploadThroughForm(form: Json): Promise<void> {
    const body = new FormData();
    for (const [name, value] of Object.entries((form.fields ?? {}) as Record<string, string>)) body.append(name, value);
    body.append('file', new Blob([Buffer.from('hello')], { type: 'text/plain' }), String(form.fileName));
    const url = new URL(String(form.url));
    const res = await fetch(`http://${this.client.host}:${this.client.port}${url.pathname}${url.search}`, { method: 'POST', body });
    if (res.status !== 204) throw new Error(`fixture form upload answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
  }

  /** Everything the admin API and the billing account show for the key, as one comparable text. */
  async snapshot(key = this.key): Promise<string> {
    const state = await this.client.json('GET', `/_mock/keys/${enc(key)}/state`, null);
    const account = await this.client.json('GET', '/api/v3/billing/account', key);
    return `state ${state.status} ${state.text}\naccount ${account.status} ${account.text}`;
  }

  /**
   * A create + get + list + delete round trip, the session list and a fixture read; with `thorough`, reads
   * of every list and fixture of both versions too. Problems, or undefined. `fixturesGone` skips reads of
   * fixtures a successful request may have deleted.
   */
  async usable(thorough = false, fixturesGone = false): Promise<string | undefined> {
    const problems: string[] = [];
    const expect = async (method: string, path: string, status: number, body?: unknown, prefix = '/api/v3'): Promise<unknown> => {
      const res = await this.client.json(method, `${prefix}${path}`, this.key, body);
      if (res.status !== status) problems.push(`${method} ${prefix}${path} answered ${res.status} (expected ${status}): ${res.text.slice(0, 300)}`);
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
    const v2 = (path: string): Promise<unknown> => expect('GET', path, 200, undefined, '/api/v2');
    await v2('/sessions');
    await v2('/tasks');
    await v2('/skills');
    await v2('/billing/account');
    if (!fixturesGone) {
      await v2(`/sessions/${this.own.v2session}`);
      await v2(`/tasks/${this.own.task}`);
      await v2(`/skills/${this.own.skill}`);
    }
    const state = await this.client.json('GET', `/_mock/keys/${enc(this.key)}/state`, null);
    if (state.status !== 200) problems.push(`admin state dump answered ${state.status}: ${state.text.slice(0, 300)}`);
    return problems.length ? problems.join('\n') : undefined;
  }

  /** The other key's objects answer 404 to this key, through either version. */
  async isolation(): Promise<string | undefined> {
    const problems: string[] = [];
    const { session, profile, workspace, browser, v2session, task, outputFile, skill, execution } = this.other;
    const paths = [
      `/api/v3/sessions/${session}`,
      `/api/v3/sessions/${session}/messages`,
      `/api/v3/profiles/${profile}`,
      `/api/v3/workspaces/${workspace}`,
      `/api/v3/workspaces/${workspace}/files`,
      `/api/v3/workspaces/${workspace}/size`,
      `/api/v3/browsers/${browser}`,
      `/api/v2/sessions/${v2session}`,
      `/api/v2/sessions/${v2session}/public-share`,
      `/api/v2/tasks/${task}`,
      `/api/v2/tasks/${task}/status`,
      `/api/v2/tasks/${task}/logs`,
      `/api/v2/files/tasks/${task}/output-files/${outputFile}`,
      `/api/v2/skills/${skill}`,
      `/api/v2/skills/${skill}/executions`,
      `/api/v2/skills/${skill}/executions/${execution}/output`,
      `/api/v2/profiles/${profile}`,
      `/api/v2/browsers/${browser}`,
    ];
    for (const path of paths) {
      const res = await this.client.json('GET', path, this.key);
      if (res.status !== 404) problems.push(`GET ${path} of ${this.otherKey} with ${this.key} answered ${res.status}, not 404`);
    }
    // The other key's v2 session must not take this key's task, nor its files a form.
    const posts: [string, unknown][] = [
      ['/api/v2/tasks', { task: 'x', sessionId: v2session }],
      [`/api/v2/files/sessions/${v2session}/presigned-url`, { fileName: 'a.txt', contentType: 'text/plain', sizeBytes: 1 }],
      [`/api/v2/files/browsers/${browser}/presigned-url`, { fileName: 'a.txt', contentType: 'text/plain', sizeBytes: 1 }],
    ];
    for (const [path, body] of posts) {
      const res = await this.client.json('POST', path, this.key, body);
      // A task's credit check comes before the session is looked up: a 402 names nothing.
      if (res.status !== 404 && !(res.status === 402 && path === '/api/v2/tasks')) problems.push(`POST ${path} naming ${this.otherKey}'s object with ${this.key} answered ${res.status}, not 404`);
    }
    return problems.length ? problems.join('\n') : undefined;
  }
}
