// Every operation of openapi/v3.json, fuzzed over HTTP with values generated from its parameters and
// body schema: valid, boundary, wrong-typed, hostile and malformed. See docs/behavior.md, "Fuzzing".
import t from 'tap';
import { apiPlanArb, buildApiRequest, pointsAtOtherKey } from './lib/api-plan.js';
import { exchange } from './lib/checks.js';
import { operations } from './lib/doc.js';
import { actingKey } from './lib/hostile.js';
import { startFuzzWorld } from './lib/setup.js';
import { formatStats, fuzz, newStats, SEED } from './lib/runner.js';

const FILE = 'test/fuzz/api.test.ts';
// Runs per operation and mode: about 40 s for the whole file on a two-core machine (see docs/behavior.md).
const RUNS = 8;

// Long runs (`npm run fuzz`) outlast tap's default file timeout.
t.setTimeout(Number(process.env.FUZZ_TIMEOUT_MS ?? 3_600_000));
t.comment(`FUZZ_SEED=${SEED}`);

t.test('every operation of openapi/v3.json', async (t) => {
  const { client, world } = await startFuzzWorld(t, 'fuzz-key', 'fuzz-other-key');
  const stats = newStats();
  let dirty = false;
  let sample = 0;

  for (const [op, mode] of operations().flatMap((op) => [[op, 'values'], [op, 'hostile']] as const)) {
    await fuzz(t, `${mode}: ${op.method} ${op.path}`, FILE, apiPlanArb(op, mode), async (plan) => {
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
    }, RUNS);
  }
  t.comment(formatStats(stats));
});
