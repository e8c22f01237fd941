// Session operations, independent of HTTP: create, dispatch, read, stop, delete, list.
import type { RunTaskRequest } from '../contract/types.generated.js';
import { ApiError, detailError, sessionNotFound } from '../http/errors.js';
import type { Micros } from '../money.js';
import { decimalString, formatUsd, parseUsd } from '../money.js';
import type { TaskInput } from '../simulation/planner.js';
import { ZERO_TOTALS } from '../simulation/planner.js';
import type { ModelName } from '../simulation/pricing.js';
import { Rng, stableUuid } from '../simulation/random.js';
import { kindOf, titleOf } from '../simulation/texts.js';
import type { Scenario } from '../simulation/scenario.js';
import type { Project } from '../store/projects.js';
import type { EmulatorState } from '../state.js';
import type { SessionRecord, TaskRecord } from './model.js';
import { stored } from './model.js';

/** Cap applied when a task gives no maxCostUsd (and the balance allows it). */
export const DEFAULT_MAX_COST: Micros = 10_000_000;

export interface DispatchOptions {
  /** Forces a scenario by name (Prefer: scenario=NAME). */
  scenario?: Scenario;
}

/**
 * Other resources take part in session creation and dispatch through these hooks, so that this
 * service does not need to know profiles, workspaces or billing.
 */
export interface SessionHooks {
  /** Runs before a new session is created; throws an ApiError to refuse (unknown profile, no credits). */
  beforeCreate: ((project: Project, body: RunTaskRequest, now: number) => void)[];
  /** Runs after field validation for every POST /sessions; throws to refuse (e.g. cacheScript without workspace). */
  validate: ((project: Project, body: RunTaskRequest, rawBody: unknown) => void)[];
  /** May adjust a task before it is planned (script caching). */
  prepareTask: ((project: Project, session: SessionRecord, input: TaskInput, now: number) => TaskInput)[];
  /** Runs after a session was created (profile lastUsedAt). */
  afterCreate: ((project: Project, session: SessionRecord, now: number) => void)[];
}

export class SessionService {
  readonly hooks: SessionHooks = { beforeCreate: [], validate: [], prepareTask: [], afterCreate: [] };

  constructor(private readonly state: EmulatorState) {}

  /** A live session of this project, settled to now; 404 otherwise. */
  find(project: Project, id: string, now: number): SessionRecord {
    const session = project.sessions.get(id);
    if (!session || session.deleted) throw sessionNotFound();
    this.settle(project, session, now);
    return session;
  }

  settle(project: Project, session: SessionRecord, now: number): void {
    this.state.machine.settle(session, now);
    if (this.state.machine.isTerminal(session)) project.activeSessions.delete(session);
  }

  /** Applies due transitions to every active session of the key (finished ones leave the active set). */
  settleActive(project: Project, now: number): void {
    for (const session of [...project.activeSessions]) this.settle(project, session, now);
  }

  /** POST /sessions: the four combinations of sessionId and task. */
  createOrDispatch(project: Project, body: RunTaskRequest, rawBody: unknown, now: number, options: DispatchOptions = {}): SessionRecord {
    const task = body.task ? body.task : null;
    for (const check of this.hooks.validate) check(project, body, rawBody);
    if (body.sessionId) {
      if (!task) {
        throw new ApiError(422, {
          detail: [{ type: 'value_error', loc: ['body'], msg: 'Value error, task is required when dispatching to an existing session', input: rawBody, ctx: { error: {} } }],
        });
      }
      const session = this.find(project, body.sessionId, now);
      this.assertDispatchable(session);
      this.dispatch(project, session, body, task, now, options);
      return session;
    }
    this.assertCapacity(project, now);
    for (const check of this.hooks.beforeCreate) check(project, body, now);
    const session = this.create(project, body, now);
    for (const after of this.hooks.afterCreate) after(project, session, now);
    if (task) this.dispatch(project, session, body, task, now, options);
    return session;
  }

  private assertDispatchable(session: SessionRecord): void {
    const machine = this.state.machine;
    if (session.status === 'running' || (session.status === 'created' && machine.currentTask(session))) {
      throw detailError(409, 'Session is busy: a task is already running. Stop it or wait for it to finish.');
    }
    if (machine.isTerminal(session)) {
      throw detailError(409, `Session is ${session.status.replace('_', ' ')} and cannot run new tasks.`);
    }
  }

  /** Active sessions (and browsers) count against the key's concurrency limit. */
  assertCapacity(project: Project, now: number): void {
    const limit = project.concurrencyLimit ?? this.state.config.concurrencyLimit;
    if (this.activeCount(project, now) >= limit) {
      throw detailError(429, 'Too many concurrent active sessions. Please wait for one to finish, kill one, or upgrade your plan.');
    }
  }

  /** Settles only when the limit is in sight, so creating sessions stays O(1) below it. */
  activeCount(project: Project, now: number): number {
    const limit = project.concurrencyLimit ?? this.state.config.concurrencyLimit;
    const others = project.countOtherActive(now);
    if (project.activeSessions.size + others >= limit) {
      this.settleActive(project, now);
    }
    return project.activeSessions.size + others;
  }

  private create(project: Project, body: RunTaskRequest, now: number): SessionRecord {
    const { seed } = this.state;
    const id = stableUuid(seed, project.key, 'session', project.nextCounter('session'));
    const rng = new Rng(`${seed}:${id}:boot`);
    const budget = this.budgetFor(project, body.maxCostUsd);
    const session: SessionRecord = {
      id,
      projectKey: project.key,
      createdAt: now,
      bootMs: rng.int(900, 2200),
      status: 'created',
      statusSince: now,
      model: (body.model ?? 'claude-sonnet-4.6') as ModelName,
      keepAlive: body.keepAlive ?? false,
      profileId: body.profileId ?? null,
      workspaceId: body.workspaceId ?? null,
      proxyCountryCode: body.proxyCountryCode === undefined ? 'us' : body.proxyCountryCode,
      maxCostUsd: budget.text,
      budget: budget.micros,
      outputSchema: body.outputSchema ?? null,
      agentmailEmail: body.agentmail === false ? null : mailboxFor(id),
      enableRecording: body.enableRecording ?? false,
      skills: body.skills ?? true,
      enableScheduledTasks: body.enableScheduledTasks ?? false,
      cacheScript: body.cacheScript ?? null,
      tasks: [],
      settled: ZERO_TOTALS,
      settledSteps: 0,
      title: null,
      output: null,
      isTaskSuccessful: null,
      lastStepSummary: null,
      updatedAt: now,
      deleted: false,
    };
    project.sessions.set(id, session);
    project.sessionOrder.push(session);
    project.activeSessions.add(session);
    this.evictOverflow(project, now);
    return session;
  }

  /** The cap of a task: what the client gave, else the default limited by the balance. */
  private budgetFor(project: Project, given: RunTaskRequest['maxCostUsd'], fallback?: { text: string; micros: Micros }): { text: string; micros: Micros } {
    if (given !== undefined && given !== null) return { text: decimalString(given), micros: parseUsd(given) };
    if (fallback) return fallback;
    const available = Math.max(0, project.balance + project.credited - project.spent);
    const micros = Math.min(DEFAULT_MAX_COST, available);
    return { text: formatUsd(micros), micros };
  }

  private dispatch(project: Project, session: SessionRecord, body: RunTaskRequest, task: string, now: number, options: DispatchOptions): void {
    const index = session.tasks.length;
    if (index > 0) {
      // Follow-ups may change the model, keepAlive, budget and schema of the session from now on.
      session.model = (body.model ?? session.model) as ModelName;
      session.keepAlive = body.keepAlive ?? false;
      const budget = this.budgetFor(project, body.maxCostUsd, { text: session.maxCostUsd, micros: session.budget });
      session.maxCostUsd = budget.text;
      session.budget = budget.micros;
      session.outputSchema = body.outputSchema ?? null;
    }
    const scenario =
      options.scenario ??
      this.state.scenarios.select({ task, model: session.model, hasOutputSchema: session.outputSchema !== null, hasWorkspace: session.workspaceId !== null });
    const bootEnd = session.createdAt + session.bootMs;
    let input: TaskInput = {
      // Joined, not concatenated: a flat string, as it is kept for the life of the session.
      seed: [this.state.seed, session.id, index].join(':'),
      task: stored(task),
      model: session.model,
      outputSchema: session.outputSchema,
      proxy: session.proxyCountryCode !== null,
      budget: session.budget,
      scenario,
      kind: kindOf(task, this.state.kinds),
      workspace: session.workspaceId !== null,
    };
    for (const prepare of this.hooks.prepareTask) input = prepare(project, session, input, now);
    const record: TaskRecord = {
      index,
      input,
      dispatchedAt: now,
      startAt: Math.max(now, bootEnd),
      endedAt: null,
      end: null,
      totals: null,
      stepsDone: 0,
    };
    session.tasks.push(record);
    session.output = null;
    session.isTaskSuccessful = null;
    // The plan's title is titleOf(task): deriving it directly spares planning the run at creation.
    session.title = session.title ?? stored(titleOf(input.task));
    session.updatedAt = now;
    if (session.status === 'idle') this.state.machine.enter(session, 'running', now);
  }

  /** POST /sessions/{id}/stop. */
  stop(project: Project, session: SessionRecord, strategy: 'task' | 'session', now: number): SessionRecord {
    const machine = this.state.machine;
    if (machine.isTerminal(session)) return session;
    const running = machine.currentTask(session);
    if (strategy === 'task') {
      if (!running) return session;
      machine.stopTask(session, now);
      // Stopping a task that had not started yet leaves a booting session booting.
      if (session.status === 'running') machine.enter(session, 'idle', now);
      return session;
    }
    if (running) machine.stopTask(session, now);
    machine.enter(session, 'stopped', now);
    project.activeSessions.delete(session);
    return session;
  }

  /** DELETE /sessions/{id}: stop whatever runs, then hide the session everywhere. */
  delete(project: Project, session: SessionRecord, now: number): void {
    this.stop(project, session, 'session', now);
    session.deleted = true;
    project.sessions.delete(session.id);
    const i = project.sessionOrder.lastIndexOf(session);
    if (i >= 0) project.sessionOrder.splice(i, 1);
  }

  /** GET /sessions: newest first. */
  list(project: Project, page: number, pageSize: number, now: number): { items: SessionRecord[]; total: number } {
    const order = project.sessionOrder;
    const total = order.length;
    const items: SessionRecord[] = [];
    const start = total - 1 - (page - 1) * pageSize;
    for (let i = start; i > start - pageSize && i >= 0; i--) {
      const session = order[i];
      if (!session) continue;
      this.settle(project, session, now);
      items.push(session);
    }
    return { items, total };
  }

  /** Keeps memory bounded: past the per-key cap, the oldest finished sessions are forgotten. */
  private evictOverflow(project: Project, now: number): void {
    const cap = this.state.config.maxSessionsPerKey;
    if (project.sessionOrder.length <= cap) return;
    const machine = this.state.machine;
    let excess = project.sessionOrder.length - cap;
    for (let i = 0; i < project.sessionOrder.length && excess > 0; ) {
      const session = project.sessionOrder[i];
      if (session) this.settle(project, session, now);
      if (session && machine.isTerminal(session)) {
        project.sessionOrder.splice(i, 1);
        project.sessions.delete(session.id);
        excess--;
      } else {
        i++;
      }
    }
  }
}

/** A deterministic inbox address for a session's agent mail. */
function mailboxFor(id: string): string {
  return ['agent-', id.slice(0, 8), '@agentmail.to'].join('');
}
