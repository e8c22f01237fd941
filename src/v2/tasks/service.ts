// v2 tasks, independent of HTTP. A v2 task is a TaskRecord of a v2 session, planned and run by the same
// machine as v3 tasks; this service creates them (in a new one-off session or an existing keepAlive
// one), finds them by id, lists and stops them.
import type { CreateTaskRequest, TaskStatus } from '../../contract/types-v2.generated.js';
import { loadsJsonText } from '../../contract/json-decode.js';
import { detailError, valueError } from '../../http/errors.js';
import type { SessionRecord, TaskRecord } from '../../sessions/model.js';
import { stored } from '../../sessions/model.js';
import type { CreditRule, DispatchOptions, SessionService } from '../../sessions/service.js';
import type { KindRegistry } from '../../simulation/kinds.js';
import type { TaskInput } from '../../simulation/planner.js';
import type { V2ModelName } from '../../simulation/pricing.js';
import { stableUuid } from '../../simulation/random.js';
import type { ScenarioRegistry } from '../../simulation/scenario.js';
import type { SessionMachine } from '../../simulation/session-machine.js';
import { kindOf, titleOf } from '../../simulation/texts.js';
import type { Pending } from '../../store/pending.js';
import { pending } from '../../store/pending.js';
import type { Project } from '../../store/projects.js';
import type { V2SessionService } from '../sessions/service.js';
import { taskStatusOf } from './status.js';

export const taskNotFound = (): Error => detailError(404, 'Task not found');
const sessionStopped = (): Error => detailError(400, 'Browser session is stopped. Please start a new session and try again.');
const sessionBusy = (): Error => detailError(400, 'Agent session already has a running task. Please wait for it to finish or stop it manually.');

export interface FoundTask {
  session: SessionRecord;
  task: TaskRecord;
}

export interface TaskListQuery {
  pageSize: number;
  pageNumber: number;
  sessionId: string | null;
  filterBy: TaskStatus | null;
  after: string | null;
  before: string | null;
}

/** Each secret's value in the task text becomes `<secret>name</secret>`, before anything reads the text. */
export function maskSecrets(task: string, secrets: Record<string, string> | null | undefined): string {
  if (!secrets) return task;
  let masked = task;
  // Longest values first, so a value containing another is replaced whole.
  const entries = Object.entries(secrets).filter(([, value]) => value.length > 0).sort((a, b) => b[1].length - a[1].length);
  for (const [name, value] of entries) masked = masked.split(value).join(`<secret>${name}</secret>`);
  return masked;
}

/**
 * `structuredOutput` must be a JSON object (a schema); anything else is the 422 a validator raises. The text
 * is read as Python's json.loads reads it, and a syntax error is told in its words, so the answer does not
 * depend on the Node.js version.
 */
function schemaOf(text: string | null | undefined): Record<string, unknown> | null {
  if (text === null || text === undefined) return null;
  const parsed = loadsJsonText(text);
  if (!parsed.ok) throw valueError(['body', 'structuredOutput'], text, `structuredOutput must be a JSON schema as a string: ${parsed.message}`);
  const value = parsed.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw valueError(['body', 'structuredOutput'], text, 'structuredOutput must be a JSON schema as a string: expected a JSON object');
  }
  return value as Record<string, unknown>;
}

/** A datetime query value; one without a zone is UTC (the reference's naive timestamps). */
function instantOf(text: string | null): number | null {
  if (text === null) return null;
  const zoned = /(Z|[+-]\d{2}:?\d{2})$/i.test(text) ? text : `${text}Z`;
  const ms = Date.parse(zoned);
  return Number.isFinite(ms) ? ms : null;
}

export class V2TaskService {
  constructor(
    private readonly seed: string,
    private readonly machine: SessionMachine,
    private readonly scenarios: ScenarioRegistry,
    private readonly kinds: KindRegistry,
    private readonly sessions: SessionService,
    private readonly v2Sessions: V2SessionService,
    private readonly credit: CreditRule,
  ) {}

  /** A task of this key, its session settled to now; 404 otherwise. */
  find(project: Project, id: string, now: number): FoundTask {
    const owner = project.v2Tasks.get(id);
    if (!owner || owner.deleted || project.sessions.get(owner.id) !== owner) throw taskNotFound();
    this.v2Sessions.find(project, owner.id, now);
    const task = owner.tasks.find((t) => t.v2?.id === id);
    if (!task) throw taskNotFound();
    return { session: owner, task };
  }

  /**
   * POST /tasks. Checks, in order (the first that fails answers):
   *  1. structuredOutput is not a JSON object → 422 value_error;
   *  in an existing session (sessionId given):
   *  2. no credit left → 402; 3. no such v2 session → 404; 4. stopped → 400; 5. a task running → 400;
   *  in a new session:
   *  2. concurrency → 429; 3. profile → 404; 4. no credit left → 402; 5. memory budget → 429.
   */
  create(project: Project, body: CreateTaskRequest, now: number, options: DispatchOptions = {}): Pending<FoundTask> {
    const schema = schemaOf(body.structuredOutput);
    const id = stableUuid(this.seed, project.key, 'v2-task', project.peekCounter('v2-task'));
    if (body.sessionId) {
      this.credit.assertCovers(project);
      const session = this.v2Sessions.find(project, body.sessionId, now);
      if (this.machine.isTerminal(session)) throw sessionStopped();
      if (this.machine.currentTask(session)) throw sessionBusy();
      const next = { ...session };
      const task = this.dispatch(project, next, body, schema, id, now, options);
      return pending({ session, task }, () => {
        Object.assign(session, next);
        project.takeCounter('v2-task');
        project.v2Tasks.set(id, session);
      });
    }
    const settings = body.sessionSettings;
    const profileId = settings?.profileId ?? null;
    this.v2Sessions.assertCanOpen(project, profileId, now);
    const session = this.v2Sessions.build(
      project,
      {
        profileId,
        // Without settings the one-off session goes through a US proxy; with them, only if they name a country.
        proxyCountryCode: settings ? settings.proxyCountryCode ?? null : 'us',
        keepAlive: false,
        persistMemory: true,
        startUrl: body.startUrl ?? null,
      },
      now,
    );
    const task = this.dispatch(project, session, body, schema, id, now, options);
    return pending({ session, task }, () => {
      this.v2Sessions.store(project, session, now);
      project.takeCounter('v2-task');
      project.v2Tasks.set(id, session);
    });
  }

  private dispatch(
    project: Project,
    session: SessionRecord,
    body: CreateTaskRequest,
    outputSchema: Record<string, unknown> | null,
    id: string,
    now: number,
    options: DispatchOptions,
  ): TaskRecord {
    const index = session.tasks.length;
    const llm = (body.llm ?? 'browser-use-2.0') as V2ModelName;
    const text = maskSecrets(body.task, body.secrets);
    const scenario = options.scenario ?? this.scenarios.select({ task: text, model: llm, hasOutputSchema: outputSchema !== null, hasWorkspace: false });
    const budget = this.credit.defaultBudget(project);
    const input: TaskInput = {
      seed: [this.seed, session.id, index].join(':'),
      task: stored(text),
      model: llm,
      outputSchema,
      proxy: session.proxyCountryCode !== null,
      budget,
      scenario,
      kind: kindOf(text, this.kinds),
      // Tasks that save or export write output files (listed on the task, not in a workspace).
      workspace: true,
      maxSteps: body.maxSteps ?? 100,
      ...(body.allowedDomains && body.allowedDomains.length > 0 ? { allowedDomains: body.allowedDomains.map((d) => stored(d)) } : {}),
    };
    const record: TaskRecord = {
      index,
      input,
      dispatchedAt: now,
      startAt: Math.max(now, session.createdAt + session.bootMs),
      endedAt: null,
      end: null,
      totals: null,
      stepsDone: 0,
      v2: {
        id,
        llm,
        metadata: body.metadata ?? {},
        maxSteps: body.maxSteps ?? 100,
        structuredOutput: body.structuredOutput ?? null,
        judge: body.judge ?? false,
        judgeGroundTruth: body.judgeGroundTruth ?? null,
        judgeLlm: body.judgeLlm ?? null,
        allowedDomains: body.allowedDomains ?? null,
        startUrl: body.startUrl ?? null,
        createdAt: now,
      },
    };
    session.tasks = [...session.tasks, record];
    session.model = llm;
    session.budget = budget;
    session.output = null;
    session.isTaskSuccessful = null;
    session.title = session.title ?? stored(titleOf(text));
    session.updatedAt = now;
    if (session.status === 'idle') this.machine.enter(session, 'running', now);
    return record;
  }

  /** GET /tasks: newest first, filtered by session, status and creation time. */
  list(project: Project, query: TaskListQuery, now: number): { items: FoundTask[]; total: number } {
    const after = instantOf(query.after);
    const before = instantOf(query.before);
    const owners = [...project.v2Tasks.entries()];
    const matching: FoundTask[] = [];
    for (let i = owners.length - 1; i >= 0; i--) {
      const entry = owners[i];
      if (!entry) continue;
      const [id, session] = entry;
      if (session.deleted || project.sessions.get(session.id) !== session) continue;
      if (query.sessionId !== null && session.id !== query.sessionId) continue;
      const task = session.tasks.find((t) => t.v2?.id === id);
      if (!task?.v2) continue;
      if (after !== null && task.v2.createdAt < after) continue;
      if (before !== null && task.v2.createdAt >= before) continue;
      this.v2Sessions.find(project, session.id, now);
      if (query.filterBy !== null && taskStatusOf(task, now) !== query.filterBy) continue;
      matching.push({ session, task });
    }
    const start = (query.pageNumber - 1) * query.pageSize;
    return { items: matching.slice(start, start + query.pageSize), total: matching.length };
  }

  /**
   * PATCH /tasks/{id}. `stop` ends the task if it has not ended (its session then goes on as after any
   * task: idle when keepAlive, else stopped); `stop_task_and_session` also stops the session.
   */
  stop(project: Project, found: FoundTask, action: 'stop' | 'stop_task_and_session', now: number): void {
    const { session, task } = found;
    if (action === 'stop_task_and_session') {
      this.sessions.stop(project, session, 'session', now);
      return;
    }
    if (task.endedAt !== null || this.machine.currentTask(session) !== task) return;
    this.sessions.stop(project, session, session.keepAlive ? 'task' : 'session', now);
  }
}
