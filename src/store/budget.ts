// The emulator's memory budget as a whole. Stored sessions and standalone browsers have a cap per key and
// one for all keys together; past a cap, the oldest finished objects are forgotten to make room (the key's
// own first, then across keys). A per-key cap yields to active objects (the concurrency limit bounds
// those); at a cap for all keys with nothing finished left to forget, the new object is refused with a
// 429 before anything is stored. Profiles have a cap for all keys (402, like the per-key limit); workspace
// bytes, the journal and the caches are bounded where they live (see docs/behavior.md, "Memory budget").
import type { BrowserRecord } from '../browsers/model.js';
import { statusOf } from '../browsers/model.js';
import type { Config } from '../config.js';
import { detailError } from '../http/errors.js';
import type { SessionActivity } from '../sessions/activity.js';
import type { SessionRecord } from '../sessions/model.js';
import type { SessionMachine } from '../simulation/session-machine.js';
import { dropUploadsOf } from '../v2/files/model.js';
import type { Project, ProjectStore } from './projects.js';

export type BudgetConfig = Pick<Config, 'maxSessionsPerKey' | 'maxStoredSessions' | 'maxBrowsersPerKey' | 'maxStoredBrowsers' | 'maxStoredProfiles' | 'maxStoredWorkspaces'>;

const budgetFull = (what: string, setting: string, limit: number): Error =>
  detailError(429, `The emulator's memory budget is full: it holds ${limit} ${what} (${setting}) and none has finished yet. Stop one, or wait for one to finish.`);

export class MemoryBudget {
  private readonly forgottenListeners: ((project: Project, session: SessionRecord) => void)[] = [];

  constructor(
    private readonly config: BudgetConfig,
    private readonly machine: SessionMachine,
    private readonly activity: SessionActivity,
    private readonly projects: ProjectStore,
  ) {}

  // ---- sessions ----

  /** Called with each session forgotten to make room: indexes kept elsewhere drop it too. */
  onSessionForgotten(listener: (project: Project, session: SessionRecord) => void): void {
    this.forgottenListeners.push(listener);
  }

  private storedSessions(): number {
    let total = 0;
    for (const project of this.projects.values()) total += project.sessionOrder.length;
    return total;
  }

  /** The oldest finished session of the key, settled to `now`; its index in the key's order. */
  private oldestFinishedSession(project: Project, now: number): number {
    const order = project.sessionOrder;
    for (let i = 0; i < order.length; i++) {
      const session = order[i];
      if (!session) continue;
      this.activity.settle(project, session, now);
      if (this.machine.isTerminal(session)) return i;
    }
    return -1;
  }

  private forgetSession(project: Project, index: number): void {
    const [session] = project.sessionOrder.splice(index, 1);
    if (!session) return;
    project.sessions.delete(session.id);
    dropUploadsOf(project, 'sessions', session.id);
    for (const listener of this.forgottenListeners) listener(project, session);
  }

  /** Evicts finished sessions until one more fits; 429 when that cannot be done. Stores nothing. */
  assertRoomForSession(_project: Project, now: number): void {
    if (this.storedSessions() >= this.config.maxStoredSessions && this.oldestFinishedAnywhere(now) === undefined) {
      throw budgetFull('sessions', 'BU_MOCK_MAX_STORED_SESSIONS', this.config.maxStoredSessions);
    }
  }

  /** Called once a session is stored: forgets the oldest finished sessions past the caps. */
  sessionStored(project: Project, now: number): void {
    while (project.sessionOrder.length > this.config.maxSessionsPerKey) {
      const index = this.oldestFinishedSession(project, now);
      if (index < 0) break;
      this.forgetSession(project, index);
    }
    let excess = this.storedSessions() - this.config.maxStoredSessions;
    while (excess > 0) {
      const oldest = this.oldestFinishedAnywhere(now);
      if (!oldest) break;
      this.forgetSession(oldest.project, oldest.index);
      excess--;
    }
  }

  /** The finished session created first across keys (each key's sessions are in creation order). */
  private oldestFinishedAnywhere(now: number): { project: Project; index: number } | undefined {
    let best: { project: Project; index: number; createdAt: number } | undefined;
    for (const project of this.projects.values()) {
      const index = this.oldestFinishedSession(project, now);
      const session = project.sessionOrder[index];
      if (index >= 0 && session && (!best || session.createdAt < best.createdAt)) best = { project, index, createdAt: session.createdAt };
    }
    return best;
  }

  // ---- browsers ----

  private storedBrowsers(): number {
    let total = 0;
    for (const project of this.projects.values()) total += project.browsers.size;
    return total;
  }

  private oldestStoppedBrowser(project: Project, now: number): BrowserRecord | undefined {
    for (const browser of project.browsers.values()) if (statusOf(browser, now) === 'stopped') return browser;
    return undefined;
  }

  private oldestStoppedAnywhere(now: number): { project: Project; browser: BrowserRecord } | undefined {
    let best: { project: Project; browser: BrowserRecord } | undefined;
    for (const project of this.projects.values()) {
      const browser = this.oldestStoppedBrowser(project, now);
      if (browser && (!best || browser.startedAt < best.browser.startedAt)) best = { project, browser };
    }
    return best;
  }

  private forgetBrowser(project: Project, browser: BrowserRecord): void {
    project.browsers.delete(browser.id);
    project.activeBrowsers.delete(browser);
    dropUploadsOf(project, 'browsers', browser.id);
  }

  assertRoomForBrowser(_project: Project, now: number): void {
    if (this.storedBrowsers() >= this.config.maxStoredBrowsers && !this.oldestStoppedAnywhere(now)) {
      throw budgetFull('browsers', 'BU_MOCK_MAX_STORED_BROWSERS', this.config.maxStoredBrowsers);
    }
  }

  browserStored(project: Project, now: number): void {
    while (project.browsers.size > this.config.maxBrowsersPerKey) {
      const browser = this.oldestStoppedBrowser(project, now);
      if (!browser) break;
      this.forgetBrowser(project, browser);
    }
    let excess = this.storedBrowsers() - this.config.maxStoredBrowsers;
    while (excess > 0) {
      const oldest = this.oldestStoppedAnywhere(now);
      if (!oldest) break;
      this.forgetBrowser(oldest.project, oldest.browser);
      excess--;
    }
  }

  // ---- profiles ----

  /** Profiles never finish, so none is evicted: past the cap for all keys a new one is refused. */
  assertRoomForProfile(): void {
    let total = 0;
    for (const project of this.projects.values()) total += project.profiles.size;
    const limit = this.config.maxStoredProfiles;
    if (total >= limit) throw detailError(402, `The emulator holds at most ${limit} profiles across all keys (BU_MOCK_MAX_STORED_PROFILES): delete one to add more.`);
  }

  // ---- workspaces ----

  /** Workspaces hold the user's files, so none is evicted: past the cap for all keys a new one is refused. */
  assertRoomForWorkspace(): void {
    let total = 0;
    for (const project of this.projects.values()) total += project.workspaceOrder.length;
    const limit = this.config.maxStoredWorkspaces;
    if (total >= limit) throw detailError(400, `Workspace limit reached: the emulator holds at most ${limit} workspaces across all keys (BU_MOCK_MAX_STORED_WORKSPACES). Delete one first.`);
  }
}
