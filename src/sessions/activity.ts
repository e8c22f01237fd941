// Bringing sessions up to the clock: the one step every reader of a session (views, profiles, workspaces,
// the ledger, the concurrency check) takes before looking at its status.
import type { SessionMachine } from '../simulation/session-machine.js';
import type { Project } from '../store/projects.js';
import type { SessionRecord } from './model.js';

export class SessionActivity {
  constructor(private readonly machine: SessionMachine) {}

  /** Applies due transitions; a session that has finished leaves the key's active set. */
  settle(project: Project, session: SessionRecord, now: number): void {
    this.machine.settle(session, now);
    if (this.machine.isTerminal(session)) project.activeSessions.delete(session);
  }

  /** Settles every active session of the key. */
  settleActive(project: Project, now: number): void {
    for (const session of [...project.activeSessions]) this.settle(project, session, now);
  }
}
