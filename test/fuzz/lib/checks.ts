// Invariants that need the world: a rejected mutating request changes nothing, the key stays usable,
// another key's objects stay invisible. Wraps one request with the before/after snapshots.
import type { RawRequest, RawResponse } from './client.js';
import { checkContract, checkResponse } from './invariants.js';
import type { ResponseRules } from './invariants.js';
import type { FuzzStats } from './runner.js';
import { countStatus } from './runner.js';
import type { World } from './world.js';

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Where two snapshots first differ, with some context. */
export function snapshotDiff(before: string, after: string): string {
  let i = 0;
  while (i < before.length && before[i] === after[i]) i++;
  const from = Math.max(0, i - 160);
  return `before: …${before.slice(from, i + 160)}…\n  after:  …${after.slice(from, i + 160)}…`;
}

export interface Exchange {
  req: RawRequest;
  res: RawResponse;
  problem?: string;
}

export interface ExchangeOptions extends ResponseRules {
  /** Key whose snapshot is compared around a rejected mutating request (default: the world's key). */
  snapshotKey?: string;
  /** Check the response against openapi/v3.json or openapi/v2.json when it addresses an operation. */
  contract?: boolean;
  /** Skip the usability round trip (for callers that run it themselves). */
  skipUsable?: boolean;
  /** Run the thorough usability check (every list and fixture). */
  thorough?: boolean;
}

/** Sends one request and checks every per-request invariant around it. */
export async function exchange(world: World, stats: FuzzStats, req: RawRequest, options: ExchangeOptions = {}): Promise<Exchange> {
  const mutating = MUTATING.has(req.method.toUpperCase());
  const snapshotKey = options.snapshotKey ?? world.key;
  const before = mutating ? await world.snapshot(snapshotKey) : undefined;
  const res = await world.client.send(req);
  countStatus(stats, res.status);
  const pathname = req.path.split('?')[0] ?? req.path;
  let problem = checkResponse(res, options);
  if (!problem && options.contract) problem = checkContract(req.method, pathname, res);
  if (!problem && before !== undefined && res.status >= 400 && res.status < 500) {
    const after = await world.snapshot(snapshotKey);
    if (after !== before) problem = `a rejected request (${res.status} ${res.text.slice(0, 200)}) changed the state of ${snapshotKey.slice(0, 40)}:\n  ${snapshotDiff(before, after)}`;
  }
  if (!problem && !options.skipUsable) {
    // A successful DELETE may have removed a fixture on purpose; the caller rebuilds them afterwards.
    const fixturesGone = req.method.toUpperCase() === 'DELETE' && res.status >= 200 && res.status < 300;
    const unusable = await world.usable(options.thorough, fixturesGone);
    if (unusable) problem = `the key is no longer usable:\n${unusable}`;
  }
  return { req, res, problem: problem ? `${req.method} ${req.path.slice(0, 300)} → ${res.status}\n${problem}` : undefined };
}
