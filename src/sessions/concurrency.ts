// The key's concurrency limit: agent sessions and standalone browsers that are still active count
// toward it together.
import { statusOf } from '../browsers/model.js';
import type { Config } from '../config.js';
import { detailError } from '../http/errors.js';
import type { Project } from '../store/projects.js';
import type { SessionActivity } from './activity.js';

export class Concurrency {
  constructor(
    private readonly config: Pick<Config, 'concurrencyLimit'>,
    private readonly activity: SessionActivity,
  ) {}

  limitOf(project: Project): number {
    return project.concurrencyLimit ?? this.config.concurrencyLimit;
  }

  /** Active browsers at `now`; those found stopped leave the active set. */
  activeBrowsers(project: Project, now: number): number {
    for (const browser of project.activeBrowsers) {
      if (statusOf(browser, now) === 'stopped') project.activeBrowsers.delete(browser);
    }
    return project.activeBrowsers.size;
  }

  /** Settles sessions only when the limit is in sight, so creating sessions stays O(1) below it. */
  activeCount(project: Project, now: number): number {
    const limit = this.limitOf(project);
    const browsers = this.activeBrowsers(project, now);
    if (project.activeSessions.size + browsers >= limit) this.activity.settleActive(project, now);
    return project.activeSessions.size + browsers;
  }

  /** 429 when the key already has as many active sessions and browsers as its limit allows. */
  assertCapacity(project: Project, now: number): void {
    if (this.activeCount(project, now) >= this.limitOf(project)) {
      throw detailError(429, 'Too many concurrent active sessions. Please wait for one to finish, kill one, or upgrade your plan.');
    }
  }
}
