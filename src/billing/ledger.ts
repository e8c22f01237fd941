// The balance arithmetic of one key, in one place: the account view, the 402 checks and the admin API
// all read it from here.
import type { Micros } from '../money.js';
import type { SessionService } from '../sessions/service.js';
import { costOf } from '../simulation/planner.js';
import type { Project } from '../store/projects.js';
import type { EmulatorState } from '../state.js';

/** Starting balance plus credits, minus finished work and browser charges: O(1), no settling. */
export function settledBalance(project: Project): Micros {
  return project.balance + project.credited - project.spent;
}

/**
 * Settles the key's active sessions (tasks that ended by `now` move their cost into `spent` through the
 * task-end listener) and returns what the still-running tasks have cost so far.
 */
export function runningCost(state: EmulatorState, sessions: SessionService, project: Project, now: number): Micros {
  sessions.settleActive(project, now);
  let running = 0;
  for (const session of project.activeSessions) {
    const progress = state.machine.progress(session, now);
    if (progress) running += costOf(progress.totals);
  }
  return running;
}

/** What the key can still spend at `now`. */
export function availableBalance(state: EmulatorState, sessions: SessionService, project: Project, now: number): Micros {
  const running = runningCost(state, sessions, project, now);
  return settledBalance(project) - running;
}
