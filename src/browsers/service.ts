// Standalone browser operations, independent of HTTP. The whole timeout is charged at start; a stop
// refunds the unused whole minutes. Nothing runs on timers: a browser past its timeoutAt reads as stopped.
import type { Ledger } from '../billing/ledger.js';
import type { CreateBrowserSessionRequest } from '../contract/types.generated.js';
import { detailError, sessionNotFound } from '../http/errors.js';
import type { Micros } from '../money.js';
import type { CapacityRule, ProfileRule } from '../sessions/service.js';
import { stableUuid } from '../simulation/random.js';
import type { Pending } from '../store/pending.js';
import { pending } from '../store/pending.js';
import type { Project } from '../store/projects.js';
import type { BrowserRecord, BrowserStatus } from './model.js';
import { statusOf } from './model.js';

export type { BrowserStatus } from './model.js';
export { finishedAtOf, statusOf } from './model.js';

/** The emulator's memory budget for browsers. */
export interface BrowserBudget {
  assertRoomForBrowser(project: Project, now: number): void;
  browserStored(project: Project, now: number): void;
}

/** $0.06 per hour, billed by the minute. */
export const BROWSER_MICROS_PER_MINUTE: Micros = 1_000;
export const MAX_TIMEOUT_MINUTES = 240;
export const DEFAULT_TIMEOUT_MINUTES = 60;
const MINUTE_MS = 60_000;

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
    private readonly seed: string,
    private readonly capacity: CapacityRule,
    private readonly profiles: ProfileRule,
    private readonly ledger: Ledger,
    private readonly budget: BrowserBudget,
  ) {}

  /**
   * POST /browsers. Checks in order: timeout (403), concurrency (429), profile (404), credits for the
   * whole timeout (402), the memory budget (429).
   */
  create(project: Project, body: CreateBrowserSessionRequest, now: number): Pending<BrowserRecord> {
    const timeoutMinutes = body.timeout ?? DEFAULT_TIMEOUT_MINUTES;
    if (timeoutMinutes > MAX_TIMEOUT_MINUTES) throw detailError(403, 'Maximum session timeout is 4 hours (240 minutes).');
    this.capacity.assertCapacity(project, now);
    const profileId = body.profileId ?? null;
    if (profileId !== null) this.profiles.require(project, profileId);
    const charge = timeoutMinutes * BROWSER_MICROS_PER_MINUTE;
    this.ledger.assertCovers(project, charge);
    this.budget.assertRoomForBrowser(project, now);

    const id = stableUuid(this.seed, project.key, 'browser', project.peekCounter('browser'));
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
    return pending(browser, () => {
      project.takeCounter('browser');
      project.browsers.set(id, browser);
      project.activeBrowsers.add(browser);
      this.ledger.charge(project, charge);
      if (profileId !== null) this.profiles.markUsed(project, profileId, now);
      this.budget.browserStored(project, now);
    });
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
    this.ledger.refund(project, browser.charged - cost);
    project.activeBrowsers.delete(browser);
    return browser;
  }
}
