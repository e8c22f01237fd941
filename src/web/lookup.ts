// Finds what a capability URL names without an API key: live views and media URLs carry only an id,
// so the lookup runs across every project.
import { finishedAtOf, statusOf } from '../browsers/model.js';
import type { SessionActivity } from '../sessions/activity.js';
import type { FoundSession } from '../sessions/find.js';
import { findSessionAnywhere } from '../sessions/find.js';
import type { ProjectStore } from '../store/projects.js';

/** A live (not deleted) session with this id in any project, settled to `now`. */
export function findSession(state: { projects: ProjectStore; activity: SessionActivity }, id: string, now: number): FoundSession | undefined {
  const found = findSessionAnywhere(state.projects, id);
  if (found) state.activity.settle(found.project, found.session, now);
  return found;
}

/** What the live view shows of a standalone browser. */
export interface BrowserSummary {
  id: string;
  status: string;
  /** ms since 1970. */
  timeoutAt: number;
  startedAt: number;
  finishedAt: number | null;
}

/** A standalone browser with this id in any project, as it stands at `now`. */
export function findBrowser(state: { projects: ProjectStore }, id: string, now: number): BrowserSummary | undefined {
  for (const project of state.projects.values()) {
    const browser = project.browsers.get(id);
    if (browser) return { id, status: statusOf(browser, now), timeoutAt: browser.timeoutAt, startedAt: browser.startedAt, finishedAt: finishedAtOf(browser, now) };
  }
  return undefined;
}
