// How far the command line's heap may grow past what survived the last full collection before V8
// collects again. Set only by the command line: an embedding process keeps its own heap policy.
import type { PerformanceEntry } from 'node:perf_hooks';
import { PerformanceObserver, constants } from 'node:perf_hooks';
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';

/**
 * V8's own rule lets the heap grow up to four times what survived: under steady load several hundred
 * MB for a few dozen MB of live objects. The server lets it grow to HEAP_TARGET_BYTES instead, by at
 * most MAX_GROWTH_PERCENT of what survived, and by MIN_GROWTH_PERCENT once that is more.
 *
 * A fixed 30 % was collected every few seconds under polling: V8 starts marking once less room is
 * left than its young generation (16 MB), so 30 % of a small heap left it little, and each full
 * collection stalled requests for tens of ms. A bigger share for a large heap would cost too much RSS.
 */
export const HEAP_TARGET_BYTES = 88 * 1024 * 1024;
export const MIN_GROWTH_PERCENT = 30;
export const MAX_GROWTH_PERCENT = 100;

/** The growth share for a heap of `liveBytes`: up to the target, within the bounds. */
export function growthPercentFor(liveBytes: number): number {
  const live = Math.max(1, liveBytes);
  const share = Math.ceil((100 * (HEAP_TARGET_BYTES - live)) / live);
  return Math.min(MAX_GROWTH_PERCENT, Math.max(MIN_GROWTH_PERCENT, share));
}

export type HeapPolicy = { kind: 'fixed'; percent: number } | { kind: 'target' } | { kind: 'v8' };

/** BU_MOCK_HEAP_GROWTH_PERCENT: unset for the target rule, 0 for V8's own, a whole number for a fixed share. */
export function heapPolicyOf(raw: string | undefined): HeapPolicy {
  if (raw === undefined || raw === '') return { kind: 'target' };
  const percent = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(percent)) throw new Error(`BU_MOCK_HEAP_GROWTH_PERCENT must be a whole number >= 0, got ${JSON.stringify(raw)}`);
  return percent === 0 ? { kind: 'v8' } : { kind: 'fixed', percent };
}

// Node puts a collection's kind in the entry's `detail`, which the PerformanceEntry type leaves out.
const isFullCollection = (entry: PerformanceEntry & { detail?: unknown }): boolean =>
  typeof entry.detail === 'object' && entry.detail !== null && 'kind' in entry.detail && entry.detail.kind === constants.NODE_PERFORMANCE_GC_MAJOR;

/** What the old generation holds: V8 sets its limit from that, and the young one may be anywhere from empty to full. */
export const oldGenerationBytes = (): number =>
  getHeapSpaceStatistics()
    .filter((space) => !space.space_name.startsWith('new_'))
    .reduce((sum, space) => sum + space.space_used_size, 0);

/** The share in force (null under V8's own rule), and a way to stop following the heap. */
export interface AppliedHeapPolicy {
  percent(): number | null;
  stop(): void;
}

/**
 * Applies the policy to this process. The target rule sets the share again after each full
 * collection, from the heap it left; V8 reads it when it next sets its limit.
 */
export function applyHeapPolicy(policy: HeapPolicy): AppliedHeapPolicy {
  if (policy.kind === 'v8') return { percent: () => null, stop: () => undefined };
  let current = policy.kind === 'fixed' ? policy.percent : MIN_GROWTH_PERCENT;
  setFlagsFromString(`--heap-growing-percent=${current}`);
  if (policy.kind === 'fixed') return { percent: () => current, stop: () => undefined };
  const observer = new PerformanceObserver((list) => {
    if (!list.getEntries().some(isFullCollection)) return;
    const next = growthPercentFor(oldGenerationBytes());
    if (next === current) return;
    current = next;
    setFlagsFromString(`--heap-growing-percent=${current}`);
  });
  observer.observe({ entryTypes: ['gc'] });
  return { percent: () => current, stop: () => observer.disconnect() };
}
