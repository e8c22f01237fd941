// The session state machine, in one place. A session's state at any time is a function of its record
// and the clock: `settle` applies the transitions that have become due (boot finished, task ended,
// idle timeout) and `progress` reads a running task's partial state. No timers anywhere.
import type { SessionRecord, SessionStatus, TaskEnd, TaskRecord } from '../sessions/model.js';
import { TERMINAL, stored } from '../sessions/model.js';
import { ClockCache } from './plan-cache.js';
import type { TaskPlan, TaskTimeline, Totals } from './planner.js';
import { ZERO_TOTALS, addTotals, planTask, timelineOf } from './planner.js';

/** A session is closed after this long idle. */
export const IDLE_TIMEOUT_MS = 15 * 60_000;
/** And after this long in all. */
export const MAX_SESSION_MS = 4 * 60 * 60_000;

/**
 * Called when a task ends, with what it cost: the billing ledger, profiles and workspace files listen
 * here. `plan` builds the whole plan on demand: most listeners return before they need it.
 */
export type TaskEndListener = (session: SessionRecord, task: TaskRecord, plan: () => TaskPlan) => void;

/**
 * How many timelines and whole plans stay cached. Polling a session or task reads only its timeline,
 * about a fifth of a plan's objects: many timelines stay cached, so that polls never replan, and few
 * whole plans, which every object of the heap's old generation makes slower to collect.
 */
export const TIMELINE_CACHE_SIZE = 2048;
export const PLAN_CACHE_SIZE = 128;

export interface TaskProgress {
  /** The running task's timeline, for readers that need more of it (one cache lookup per read). */
  timeline: TaskTimeline;
  stepsDone: number;
  totals: Totals;
  lastStepSummary: string | null;
  /** Time of the latest completed step, or the task start. */
  lastChangeAt: number;
}

export class SessionMachine {
  private readonly plans = new ClockCache<TaskRecord, TaskPlan>(PLAN_CACHE_SIZE, (task) => planTask(task.input));
  private readonly timelines = new ClockCache<TaskRecord, TaskTimeline>(TIMELINE_CACHE_SIZE, (task) => timelineOf(this.plans.get(task)));
  private readonly listeners: TaskEndListener[] = [];

  onTaskEnd(listener: TaskEndListener): void {
    this.listeners.push(listener);
  }

  /** The task's whole plan, with its messages, files and page content. */
  planOf(task: TaskRecord): TaskPlan {
    return this.plans.get(task);
  }

  /** The task's timeline: all that its status, progress and cost at any moment depend on. */
  timelineOf(task: TaskRecord): TaskTimeline {
    return this.timelines.get(task);
  }

  currentTask(session: SessionRecord): TaskRecord | undefined {
    const task = session.tasks[session.tasks.length - 1];
    return task && task.endedAt === null ? task : undefined;
  }

  /** Applies every transition due by `now`. Idempotent; cheap when nothing is due. */
  settle(session: SessionRecord, now: number): void {
    for (;;) {
      switch (session.status) {
        case 'created': {
          const bootEnd = session.createdAt + session.bootMs;
          if (now < bootEnd) return;
          this.enter(session, this.currentTask(session) ? 'running' : 'idle', bootEnd);
          break;
        }
        case 'running': {
          const task = this.currentTask(session);
          if (!task) {
            this.enter(session, 'idle', session.statusSince);
            break;
          }
          const plan = this.timelineOf(task);
          const naturalEnd = task.startAt + plan.end;
          const hardLimit = session.createdAt + MAX_SESSION_MS;
          if (now < Math.min(naturalEnd, hardLimit)) return;
          if (hardLimit < naturalEnd) {
            this.endTask(session, task, hardLimit, 'timed_out');
            this.enter(session, 'timed_out', hardLimit);
          } else {
            const end: TaskEnd = plan.ending.kind === 'hang' ? 'timed_out' : plan.ending.kind;
            this.endTask(session, task, naturalEnd, end);
            this.enter(session, end === 'error' ? 'error' : session.keepAlive ? 'idle' : 'stopped', naturalEnd);
          }
          break;
        }
        case 'idle': {
          const limit = Math.min(session.statusSince + IDLE_TIMEOUT_MS, session.createdAt + MAX_SESSION_MS);
          if (now < limit) return;
          this.enter(session, 'timed_out', limit);
          break;
        }
        default:
          return;
      }
    }
  }

  /** Partial state of the running task at `now` (after settle). */
  progress(session: SessionRecord, now: number): TaskProgress | undefined {
    const task = this.currentTask(session);
    if (!task || session.status !== 'running') return undefined;
    const timeline = this.timelineOf(task);
    const done = stepsDoneBy(timeline, now - task.startAt);
    const last = timeline.steps[done - 1];
    return {
      timeline,
      stepsDone: done,
      totals: timeline.cumulative[done - 1] ?? ZERO_TOTALS,
      lastStepSummary: last?.summary ?? session.lastStepSummary,
      lastChangeAt: last ? task.startAt + last.at : task.startAt,
    };
  }

  /** Cost so far (settled plus the running task's partial cost); `running` when already read. */
  totals(session: SessionRecord, now: number, running: TaskProgress | undefined = this.progress(session, now)): { totals: Totals; steps: number } {
    if (!running) return { totals: session.settled, steps: session.settledSteps };
    // A first task's totals are the plan's own objects: views memoise their text by identity.
    const totals = session.settled === ZERO_TOTALS ? running.totals : addTotals(session.settled, running.totals);
    return { totals, steps: session.settledSteps + running.stepsDone };
  }

  /** Ends the running task now: the steps done so far count, nothing after. */
  stopTask(session: SessionRecord, now: number, end: TaskEnd = 'stopped'): void {
    const task = this.currentTask(session);
    if (task) this.endTask(session, task, Math.max(now, task.dispatchedAt), end);
  }

  /** Moves the session to a terminal or idle status at `at`. */
  enter(session: SessionRecord, status: SessionStatus, at: number): void {
    session.status = status;
    session.statusSince = at;
    session.updatedAt = Math.max(session.updatedAt, at);
  }

  isTerminal(session: SessionRecord): boolean {
    return TERMINAL.has(session.status);
  }

  private endTask(session: SessionRecord, task: TaskRecord, at: number, end: TaskEnd): void {
    const plan = this.timelineOf(task);
    // A task cut before it started (e.g. stopped while booting) did nothing.
    const done = at <= task.startAt ? 0 : stepsDoneBy(plan, at - task.startAt);
    const totals = plan.cumulative[done - 1] ?? ZERO_TOTALS;
    task.endedAt = at;
    task.end = end;
    task.totals = totals;
    task.stepsDone = done;
    // A session's first task: its totals are the session's (shared, not copied).
    session.settled = session.settled === ZERO_TOTALS ? totals : addTotals(session.settled, totals);
    session.settledSteps += done;
    session.lastStepSummary = plan.steps[done - 1]?.summary ?? session.lastStepSummary;
    const ending = plan.ending;
    const natural = end === ending.kind || (end === 'timed_out' && ending.kind === 'hang');
    const output = natural && ending.kind !== 'hang' ? ending.output : null;
    // The plan is evicted from the cache sooner or later; the session keeps its output for good.
    session.output = typeof output === 'string' ? stored(output) : output;
    session.isTaskSuccessful = natural && ending.kind !== 'hang' ? ending.isTaskSuccessful : false;
    session.updatedAt = Math.max(session.updatedAt, at);
    const whole = (): TaskPlan => this.planOf(task);
    for (const listener of this.listeners) listener(session, task, whole);
  }

  reset(): void {
    this.plans.clear();
    this.timelines.clear();
  }
}

/** Number of steps completed `elapsed` ms after the task started (binary search: plans can be long). */
export function stepsDoneBy(plan: TaskTimeline, elapsed: number): number {
  let lo = 0;
  let hi = plan.steps.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((plan.steps[mid]?.at ?? Infinity) <= elapsed) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
