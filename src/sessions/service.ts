// Session operations, independent of HTTP: create, dispatch, read, stop, delete, list. The rules other
// resources impose on a new session (profile, workspace, credit, concurrency) are typed collaborators
// given by the composition root, applied in the order `createOrDispatch` spells out.
import type { RunTaskRequest } from '../contract/types.generated.js';
import { detailError, sessionNotFound, valueError } from '../http/errors.js';
import type { Micros } from '../money.js';
import { decimalString, formatUsd, parseUsd } from '../money.js';
import type { TaskInput } from '../simulation/planner.js';
import { ZERO_TOTALS } from '../simulation/planner.js';
import type { ModelName } from '../simulation/pricing.js';
import { Rng, stableUuid } from '../simulation/random.js';
import type { KindRegistry } from '../simulation/kinds.js';
import { kindOf, titleOf } from '../simulation/texts.js';
import type { Scenario, ScenarioRegistry } from '../simulation/scenario.js';
import type { SessionMachine } from '../simulation/session-machine.js';
import type { Pending } from '../store/pending.js';
import { pending } from '../store/pending.js';
import type { Project } from '../store/projects.js';
import type { SessionActivity } from './activity.js';
import type { SessionRecord, TaskRecord } from './model.js';
import { stored } from './model.js';

export interface DispatchOptions {
  /** Forces a scenario by name (Prefer: scenario=NAME). */
  scenario?: Scenario;
}

/** A session created with a profileId needs that profile, and marks it used. */
export interface ProfileRule {
  require(project: Project, id: string): unknown;
  markUsed(project: Project, id: string, now: number): void;
}

/** A session created with a workspaceId needs that workspace; its runs may replay a cached script. */
export interface WorkspaceRule {
  find(project: Project, id: string): unknown;
  attach(project: Project, session: SessionRecord): void;
  prepareTask(project: Project, session: SessionRecord, input: TaskInput, now: number): TaskInput;
}

/** New sessions and new tasks need credit left; a task without maxCostUsd is capped by it. */
export interface CreditRule {
  assertCovers(project: Project, amount?: Micros): void;
  defaultBudget(project: Project): Micros;
}

/** Active sessions and browsers together stay under the key's concurrency limit. */
export interface CapacityRule {
  assertCapacity(project: Project, now: number): void;
}

/** The emulator's memory budget: room for one more stored session, made by evicting finished ones. */
export interface SessionBudget {
  assertRoomForSession(project: Project, now: number): void;
  sessionStored(project: Project, now: number): void;
}

export interface SessionRules {
  profiles: ProfileRule;
  workspaces: WorkspaceRule;
  credit: CreditRule;
  capacity: CapacityRule;
  budget: SessionBudget;
}

export class SessionService {
  constructor(
    private readonly seed: string,
    private readonly machine: SessionMachine,
    private readonly scenarios: ScenarioRegistry,
    private readonly kinds: KindRegistry,
    private readonly activity: SessionActivity,
    private readonly rules: SessionRules,
  ) {}

  /** A live session of this project, settled to now; 404 otherwise. */
  find(project: Project, id: string, now: number): SessionRecord {
    const session = project.sessions.get(id);
    // v2 sessions share the store but belong to the v2 API.
    if (!session || session.deleted || session.v2) throw sessionNotFound();
    this.activity.settle(project, session, now);
    return session;
  }

  /**
   * POST /sessions: the four combinations of sessionId and task. Every check runs before anything is
   * built, in this order (the first that fails answers):
   *  1. cacheScript: true without a workspaceId → 422 value_error;
   *  dispatching to an existing session (sessionId given):
   *  2. a task and no credit left → 402;
   *  3. no task → 422 value_error;
   *  4. no such session → 404;
   *  5. the session is busy or finished → 409;
   *  creating a session:
   *  2. the key's concurrency limit is reached → 429;
   *  3. profileId names no profile → 404;
   *  4. workspaceId names no workspace → 404;
   *  5. no credit left → 402;
   *  6. the memory budget has no room and nothing finished can be evicted → 429.
   * The returned change holds the whole record; nothing is stored until it is committed.
   */
  createOrDispatch(project: Project, body: RunTaskRequest, rawBody: unknown, now: number, options: DispatchOptions = {}): Pending<SessionRecord> {
    const { profiles, workspaces, credit, capacity, budget } = this.rules;
    const task = body.task ? body.task : null;
    if (body.cacheScript === true && !body.workspaceId) throw valueError(['body'], rawBody, 'cacheScript requires a workspaceId to store the cached script');
    if (body.sessionId) {
      if (task) credit.assertCovers(project);
      if (!task) throw valueError(['body'], rawBody, 'task is required when dispatching to an existing session');
      const session = this.find(project, body.sessionId, now);
      this.assertDispatchable(session);
      const next = { ...session };
      this.dispatch(project, next, body, task, now, options);
      return pending(next, () => Object.assign(session, next));
    }
    capacity.assertCapacity(project, now);
    if (body.profileId) profiles.require(project, body.profileId);
    if (body.workspaceId) workspaces.find(project, body.workspaceId);
    credit.assertCovers(project);
    budget.assertRoomForSession(project, now);
    const session = this.build(project, body, now);
    if (task) this.dispatch(project, session, body, task, now, options);
    return pending(session, () => {
      project.takeCounter('session');
      project.sessions.set(session.id, session);
      project.sessionOrder.push(session);
      project.activeSessions.add(session);
      if (session.profileId) profiles.markUsed(project, session.profileId, now);
      workspaces.attach(project, session);
      budget.sessionStored(project, now);
    });
  }

  private assertDispatchable(session: SessionRecord): void {
    const machine = this.machine;
    if (session.status === 'running' || (session.status === 'created' && machine.currentTask(session))) {
      throw detailError(409, 'Session is busy: a task is already running. Stop it or wait for it to finish.');
    }
    if (machine.isTerminal(session)) {
      throw detailError(409, `Session is ${session.status.replace('_', ' ')} and cannot run new tasks.`);
    }
  }

  /** A new session record, not yet stored. */
  private build(project: Project, body: RunTaskRequest, now: number): SessionRecord {
    const id = stableUuid(this.seed, project.key, 'session', project.peekCounter('session'));
    const rng = new Rng(`${this.seed}:${id}:boot`);
    const budget = this.budgetFor(project, body.maxCostUsd);
    return {
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
  }

  /** The cap of a task: what the client gave, else the default limited by the balance. */
  private budgetFor(project: Project, given: RunTaskRequest['maxCostUsd'], fallback?: { text: string; micros: Micros }): { text: string; micros: Micros } {
    if (given !== undefined && given !== null) return { text: decimalString(given), micros: parseUsd(given) };
    if (fallback) return fallback;
    const micros = this.rules.credit.defaultBudget(project);
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
      this.scenarios.select({ task, model: session.model, hasOutputSchema: session.outputSchema !== null, hasWorkspace: session.workspaceId !== null });
    const bootEnd = session.createdAt + session.bootMs;
    let input: TaskInput = {
      // Joined, not concatenated: a flat string, as it is kept for the life of the session.
      seed: [this.seed, session.id, index].join(':'),
      task: stored(task),
      model: session.model,
      outputSchema: session.outputSchema,
      proxy: session.proxyCountryCode !== null,
      budget: session.budget,
      scenario,
      kind: kindOf(task, this.kinds),
      workspace: session.workspaceId !== null,
    };
    input = this.rules.workspaces.prepareTask(project, session, input, now);
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
    // A new array: `session` may be a copy of a stored record that must not change before the commit.
    session.tasks = [...session.tasks, record];
    session.output = null;
    session.isTaskSuccessful = null;
    // The plan's title is titleOf(task): deriving it directly spares planning the run at creation.
    session.title = session.title ?? stored(titleOf(input.task));
    session.updatedAt = now;
    if (session.status === 'idle') this.machine.enter(session, 'running', now);
  }

  /** POST /sessions/{id}/stop. */
  stop(project: Project, session: SessionRecord, strategy: 'task' | 'session', now: number): SessionRecord {
    const machine = this.machine;
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
    const order = project.hasV2Sessions ? project.sessionOrder.filter((s) => !s.v2) : project.sessionOrder;
    const total = order.length;
    const items: SessionRecord[] = [];
    const start = total - 1 - (page - 1) * pageSize;
    for (let i = start; i > start - pageSize && i >= 0; i--) {
      const session = order[i];
      if (!session) continue;
      this.activity.settle(project, session, now);
      items.push(session);
    }
    return { items, total };
  }
}

/** A deterministic inbox address for a session's agent mail. */
function mailboxFor(id: string): string {
  return ['agent-', id.slice(0, 8), '@agentmail.to'].join('');
}
