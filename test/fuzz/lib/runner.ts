// Runs one property with the suite's settings and reports a failure with everything needed to replay it.
//   FUZZ_SEED   seed (default fixed, so `npm test` is repeatable; `random` draws one and prints it)
//   FUZZ_RUNS   runs per property (overrides the file's default)
//   FUZZ_SCALE  multiplies the default runs (`npm run fuzz` uses 20)
//   FUZZ_SECONDS  time budget per property instead of a run count
//   FUZZ_ONLY   run only properties whose name contains this text
//   FUZZ_PATH   replay one counterexample (the `path` printed with a failure; use with FUZZ_ONLY)
//   FUZZ_PROPERTY_MS  wall-time cap for one property, shrinking included (default 60 s)
import fc from 'fast-check';
import type { Test } from 'tap';

export const DEFAULT_SEED = 20260101;

function readSeed(): number {
  const raw = process.env.FUZZ_SEED;
  if (raw === undefined || raw === '') return DEFAULT_SEED;
  if (raw === 'random') return Math.floor(Math.random() * 2 ** 31);
  const seed = Number(raw);
  if (!Number.isInteger(seed)) throw new Error(`FUZZ_SEED must be an integer or "random", not ${raw}`);
  return seed;
}

export const SEED = readSeed();

/** Runs for a property whose default is `base` under the current settings. */
export function runsFor(base: number): number {
  if (process.env.FUZZ_RUNS) return Math.max(1, Number(process.env.FUZZ_RUNS));
  const scale = Number(process.env.FUZZ_SCALE ?? '1');
  return Math.max(1, Math.round(base * (Number.isFinite(scale) && scale > 0 ? scale : 1)));
}

export interface FuzzStats {
  requests: number;
  statuses: Map<number, number>;
}

export function newStats(): FuzzStats {
  return { requests: 0, statuses: new Map() };
}

export function countStatus(stats: FuzzStats, status: number): void {
  stats.requests++;
  stats.statuses.set(status, (stats.statuses.get(status) ?? 0) + 1);
}

export function formatStats(stats: FuzzStats): string {
  return `${stats.requests} requests; statuses ${[...stats.statuses].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s}×${n}`).join(' ')}`;
}

/** A counterexample as JSON with long strings shortened (`"aaaa…(20000 chars)"`). */
export function printable(value: unknown): string {
  const text = JSON.stringify(value, (_key, v: unknown) => (typeof v === 'string' && v.length > 120 ? `${v.slice(0, 40)}…(${v.length} chars)` : v));
  return (text ?? String(value)).slice(0, 4000);
}

/** Thrown by a check; the message says which invariant broke and how. */
export class InvariantBroken extends Error {}

/**
 * Checks `check` on generated values. A failure becomes one failed tap assertion whose message carries
 * the seed, the replay path, the (shrunk) counterexample and the broken invariant.
 */
export async function fuzz<T>(t: Test, name: string, file: string, arbitrary: fc.Arbitrary<T>, check: (value: T) => Promise<string | undefined>, baseRuns: number): Promise<void> {
  if (process.env.FUZZ_ONLY && !name.includes(process.env.FUZZ_ONLY)) return;
  const seconds = Number(process.env.FUZZ_SECONDS ?? '0');
  const started = Date.now();
  const property = fc.asyncProperty(arbitrary, async (value) => {
    const problem = await check(value);
    if (problem) throw new InvariantBroken(problem);
  });
  const details = await fc.check(property, {
    seed: SEED,
    path: process.env.FUZZ_PATH || undefined,
    numRuns: seconds > 0 ? 1_000_000 : runsFor(baseRuns),
    // Bounds the run and the shrinking together; a run cut short by time alone is not a failure.
    interruptAfterTimeLimit: seconds > 0 ? seconds * 1000 : Number(process.env.FUZZ_PROPERTY_MS ?? 60_000),
    markInterruptAsFailure: false,
  });
  const elapsed = ((Date.now() - started) / 1000).toFixed(1);
  if (!details.failed) {
    t.pass(`${name}: ${details.numRuns} runs in ${elapsed} s`);
    return;
  }
  const raw = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
  const error = raw.replace(/([^\s/"]{40})[^\s/"]{80,}/g, '$1…');
  const message = [
    `${name}: invariant broken after ${details.numRuns} runs (${details.numShrinks} shrinks, ${elapsed} s)`,
    `  seed: ${details.seed}  path: ${details.counterexamplePath ?? ''}`,
    `  replay: FUZZ_SEED=${details.seed} FUZZ_ONLY='${name}' FUZZ_PATH='${details.counterexamplePath ?? ''}' npx tap ${file}`,
    `  counterexample: ${details.counterexample ? printable(details.counterexample[0]) : '(none)'}`,
    `  problem: ${error.slice(0, 3000)}`,
  ].join('\n');
  console.error(message);
  t.fail(message);
}
