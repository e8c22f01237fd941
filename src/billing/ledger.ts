// The ledger of every key: the only module that changes a balance. Amounts are integers of micro-USD.
// starting balance + credited − spent is the settled figure; tasks still running lower it further.
import { detailError } from '../http/errors.js';
import type { ApiError } from '../http/errors.js';
import type { Micros } from '../money.js';
import type { SessionActivity } from '../sessions/activity.js';
import type { SessionRecord, TaskRecord } from '../sessions/model.js';
import { costOf } from '../simulation/planner.js';
import type { SessionMachine } from '../simulation/session-machine.js';
import type { Project, ProjectStore } from '../store/projects.js';

/** Cap applied when a task gives no maxCostUsd (and the balance allows it). */
export const DEFAULT_MAX_COST: Micros = 10_000_000;

export const insufficientCredits = (): ApiError => detailError(402, 'Insufficient credits');

export class Ledger {
  constructor(
    private readonly machine: SessionMachine,
    private readonly activity: SessionActivity,
    private readonly projects: ProjectStore,
  ) {}

  /** Starting balance plus credits, minus finished work and browser charges: O(1), no settling. */
  settled(project: Project): Micros {
    return project.balance + project.credited - project.spent;
  }

  /**
   * Settles the key's active sessions (tasks that ended by `now` move their cost into `spent` through
   * `recordTask`) and returns what the still-running tasks have cost so far.
   */
  running(project: Project, now: number): Micros {
    this.activity.settleActive(project, now);
    let running = 0;
    for (const session of project.activeSessions) {
      const progress = this.machine.progress(session, now);
      if (progress) running += costOf(progress.totals);
    }
    return running;
  }

  /** What the key can still spend at `now`. */
  available(project: Project, now: number): Micros {
    const running = this.running(project, now);
    return this.settled(project) - running;
  }

  /**
   * 402 unless the key can pay `amount`; with no amount, unless anything at all is left. Judged on the
   * settled figure: running tasks are already bounded by their own maxCostUsd, and summing their cost so
   * far on every creation would make creating sessions cost O(active sessions).
   */
  assertCovers(project: Project, amount: Micros = 0): void {
    const available = this.settled(project);
    if (amount > 0 ? available < amount : available <= 0) throw insufficientCredits();
  }

  /** The cap of a task that gives none: the default, limited by what is left. */
  defaultBudget(project: Project): Micros {
    return Math.min(DEFAULT_MAX_COST, Math.max(0, this.settled(project)));
  }

  charge(project: Project, amount: Micros): void {
    project.spent += amount;
  }

  refund(project: Project, amount: Micros): void {
    project.credited += amount;
  }

  /** Task-end listener: a finished task's cost moves into what its key has spent. */
  recordTask(session: SessionRecord, task: TaskRecord): void {
    const project = this.projects.peek(session.projectKey);
    if (project && task.totals) this.charge(project, costOf(task.totals));
  }

  /** Admin API: moves the starting balance so that what is available at `now` equals `target`. */
  setAvailable(project: Project, target: Micros, now: number): void {
    project.balance += target - this.available(project, now);
  }
}
