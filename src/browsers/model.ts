// What the emulator stores about a standalone browser. Its status is derived from the record and the
// clock: a browser is stopped once stopped by the client or once its timeout has passed.
import type { CustomProxy } from '../contract/types.generated.js';
import type { Micros } from '../money.js';

export interface BrowserRecord {
  id: string;
  /** API key of the owning project. */
  projectKey: string;
  startedAt: number;
  timeoutMinutes: number;
  /** startedAt + timeout: the browser stops by itself at this instant. */
  timeoutAt: number;
  /** When the client stopped it (PATCH), if it did before the timeout. */
  stoppedAt: number | null;
  profileId: string | null;
  proxyCountryCode: string | null;
  customProxy: CustomProxy | null;
  browserScreenWidth: number | null;
  browserScreenHeight: number | null;
  allowResizing: boolean;
  enableRecording: boolean;
  /** The whole timeout, charged when the browser started. */
  charged: Micros;
  /** What the browser cost in the end, once the client stopped it (the rest was refunded). */
  finalCost: Micros | null;
}

export type BrowserStatus = 'active' | 'stopped';

export function statusOf(browser: BrowserRecord, now: number): BrowserStatus {
  return browser.stoppedAt !== null || now >= browser.timeoutAt ? 'stopped' : 'active';
}

export function finishedAtOf(browser: BrowserRecord, now: number): number | null {
  if (browser.stoppedAt !== null) return browser.stoppedAt;
  return now >= browser.timeoutAt ? browser.timeoutAt : null;
}
