// Every operation of openapi/v3.json and openapi/v2.json, fuzzed over HTTP with values generated from its
// parameters and body schema: valid, boundary, wrong-typed, hostile and malformed. See docs/behavior.md,
// "Fuzzing".
import t from 'tap';
import { apiPlanArb, buildApiRequest, pointsAtOtherKey } from './lib/api-plan.js';
import { exchange } from './lib/checks.js';
import { operations } from './lib/doc.js';
import type { Api, Operation } from './lib/doc.js';
import { actingKey } from './lib/hostile.js';
import { startFuzzWorld } from './lib/setup.js';
import { formatStats, fuzz, newStats, SEED } from './lib/runner.js';

const FILE = 'test/fuzz/api.test.ts';
// Runs per operation and mode: the file takes about 12 s on an idle two-core machine, v2 (42 operations,
// fewer runs each) adding about 5 s to v3's part (see docs/behavior.md).
const RUNS: Readonly<Record<Api, number>> = { v3: 8, v2: 5 };

// Long runs (`npm run fuzz`) outlast tap's default file timeout.
t.setTimeout(Number(process.env.FUZZ_TIMEOUT_MS ?? 3_600_000));
t.comment(`FUZZ_SEED=${SEED}`);

for (const api of ['v3', 'v2'] as const) {
  t.test(`every operation of openapi/${api}.json`, async (t) => {
    const { world } = await startFuzzWorld(t, 'fuzz-key', 'fuzz-other-key');
    const stats = newStats();
    let dirty = false;
    let sample = 0;
    const cases = operations(api).flatMap((op): [Operation, 'values' | 'hostile'][] => [[op, 'values'], [op, 'hostile']]);

    for (const [op, mode] of cases) {
      // v3 names keep their old form, so FUZZ_ONLY and recorded replays still match.
      const name = `${api === 'v3' ? '' : 'v2 '}${mode}: ${op.method} ${op.path}`;
      await fuzz(t, name, FILE, apiPlanArb(op, mode), async (plan) => {
        // After a failure the key may be broken; start the next run from fresh fixtures (same ids).
        if (dirty) await world.resetOwn();
        dirty = false;
        const req = buildApiRequest(world, op, plan);
        const thorough = ++sample % 10 === 0;
        const { res, problem } = await exchange(world, stats, req, { contract: true, thorough, snapshotKey: actingKey(plan.key, world.key, world.otherKey) ?? world.key });
        let found = problem;
        if (!found && pointsAtOtherKey(plan) && plan.key === 'own' && plan.prefer === null && res.status >= 200 && res.status < 300) {
          found = `${req.method} ${req.path} → ${res.status}: another key's object was found`;
        }
        if (!found && thorough) found = await world.isolation();
        // A failure may have broken the key, and a successful DELETE may have removed a fixture.
        if (found || (op.method === 'DELETE' && res.status < 300)) dirty = true;
        return found;
      }, RUNS[api]);
    }
    t.comment(formatStats(stats));
  });
}
