// Standalone browser operations, independent of HTTP. The whole timeout is charged at start; a stop
// refunds the unused whole minutes. Nothing runs on timers: a browser past its timeoutAt reads as stopped.
import type { CreateBrowserSessionRequest } from '../contract/types.generated.js';
import type { BillingService } from '../billing/service.js';
import { detailError, sessionNotFound } from '../http/errors.js';
import type { Micros } from '../money.js';
import type { ProfileService } from '../profiles/service.js';
import type { SessionService } from '../sessions/service.js';
import { stableUuid } from '../simulation/random.js';
import type { Project } from '../store/projects.js';
import type { EmulatorState } from '../state.js';
import type { BrowserRecord } from './model.js';

/** $0.06 per hour, billed by the minute. */
export const BROWSER_MICROS_PER_MINUTE: Micros = 1_000;
export const MAX_TIMEOUT_MINUTES = 240;
export const DEFAULT_TIMEOUT_MINUTES = 60;
const MINUTE_MS = 60_000;

export type BrowserStatus = 'active' | 'stopped';

export function statusOf(browser: BrowserRecord, now: number): BrowserStatus {
  return browser.stoppedAt !== null || now >= browser.timeoutAt ? 'stopped' : 'active';
}

export function finishedAtOf(browser: BrowserRecord, now: number): number | null {
  if (browser.stoppedAt !== null) return browser.stoppedAt;
  return now >= browser.timeoutAt ? browser.timeoutAt : null;
}

/** What the account is charged for the browser right now: the whole timeout until a stop settles it. */
export function costOfBrowser(browser: BrowserRecord): Micros {
  return browser.finalCost ?? browser.charged;
}

/** Whole minutes, rounded up, at least one, at most the timeout. */
export function billedMinutes(browser: BrowserRecord, at: number): number {
  const minutes = Math.ceil((at - browser.startedAt) / MINUTE_MS);
  return Math.min(browser.timeoutMinutes, Math.max(1, minutes));
}

export class BrowserService {
  constructor(
    private readonly state: EmulatorState,
    private readonly sessions: SessionService,
    private readonly profiles: ProfileService,
    private readonly billing: BillingService,
  ) {}

  /** POST /browsers. Checks in order: timeout (403), concurrency (429), profile (404), credits (402). */
  create(project: Project, body: CreateBrowserSessionRequest, now: number): BrowserRecord {
    const timeoutMinutes = body.timeout ?? DEFAULT_TIMEOUT_MINUTES;
    if (timeoutMinutes > MAX_TIMEOUT_MINUTES) throw detailError(403, 'Maximum session timeout is 4 hours (240 minutes).');
    this.sessions.assertCapacity(project, now);
    const profileId = body.profileId ?? null;
    if (profileId !== null) this.profiles.require(project, profileId);
    const charge = timeoutMinutes * BROWSER_MICROS_PER_MINUTE;
    this.billing.assertCovers(project, charge);

    const id = stableUuid(this.state.seed, project.key, 'browser', project.nextCounter('browser'));
    const browser: BrowserRecord = {
      id,
      projectKey: project.key,
      startedAt: now,
      timeoutMinutes,
      timeoutAt: now + timeoutMinutes * MINUTE_MS,
      stoppedAt: null,
      profileId,
      proxyCountryCode: body.proxyCountryCode === undefined ? 'us' : body.proxyCountryCode,
      customProxy: body.customProxy ?? null,
      browserScreenWidth: body.browserScreenWidth ?? null,
      browserScreenHeight: body.browserScreenHeight ?? null,
      allowResizing: body.allowResizing ?? false,
      enableRecording: body.enableRecording ?? false,
      charged: charge,
      finalCost: null,
    };
    project.browsers.set(id, browser);
    project.activeBrowsers.add(browser);
    // Browsers share the key's concurrency limit with agent sessions.
    project.countOtherActive = (at) => this.activeCount(project, at);
    this.billing.charge(project, charge);
    if (profileId !== null) this.profiles.markUsed(project, profileId, now);
    this.evictOverflow(project, now);
    return browser;
  }

  find(project: Project, id: string): BrowserRecord {
    const browser = project.browsers.get(id);
    if (!browser) throw sessionNotFound();
    return browser;
  }

  /** GET /browsers: newest first, optionally only one status. */
  list(project: Project, filterBy: BrowserStatus | null, pageNumber: number, pageSize: number, now: number): { items: BrowserRecord[]; total: number } {
    const matches = [...project.browsers.values()].reverse().filter((b) => filterBy === null || statusOf(b, now) === filterBy);
    const start = (pageNumber - 1) * pageSize;
    return { items: matches.slice(start, start + pageSize), total: matches.length };
  }

  /** PATCH {"action":"stop"}: refunds the unused minutes. A stopped (or timed-out) browser is returned unchanged. */
  stop(project: Project, browser: BrowserRecord, now: number): BrowserRecord {
    if (statusOf(browser, now) === 'stopped') return browser;
    browser.stoppedAt = now;
    const cost = billedMinutes(browser, now) * BROWSER_MICROS_PER_MINUTE;
    browser.finalCost = cost;
    this.billing.refund(project, browser.charged - cost);
    project.activeBrowsers.delete(browser);
    return browser;
  }

  /** Active browsers at `now`; those found stopped leave the active set. */
  activeCount(project: Project, now: number): number {
    for (const browser of project.activeBrowsers) {
      if (statusOf(browser, now) === 'stopped') project.activeBrowsers.delete(browser);
    }
    return project.activeBrowsers.size;
  }

  /** Keeps memory bounded: past the per-key cap, the oldest stopped browsers are forgotten. */
  private evictOverflow(project: Project, now: number): void {
    let excess = project.browsers.size - this.state.config.maxSessionsPerKey;
    if (excess <= 0) return;
    for (const browser of project.browsers.values()) {
      if (excess <= 0) break;
      if (statusOf(browser, now) === 'stopped') {
        project.browsers.delete(browser.id);
        project.activeBrowsers.delete(browser);
        excess--;
      }
    }
  }
}
