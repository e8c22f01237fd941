// Bench-only entry: builds the emulator in-process from dist/ and seeds sessions through
// SessionService (creating 100,000 sessions over HTTP would take longer than the measurement).
//
//   node --expose-gc bench/seeded.mjs memory <count>   prints heap figures as one JSON line
//   node bench/seeded.mjs serve <count>                  seeds, then listens on PORT like the CLI
import { buildApp } from '../dist/app.js';
import { configFromEnv } from '../dist/config.js';
import { createLogger } from '../dist/logging.js';
import { sessionMessages } from '../dist/simulation/messages.js';
import * as scenarios from '../dist/simulation/scenario.js';

const [mode = 'serve', countText = '100000'] = process.argv.slice(2);
const count = Number(countText);
const KEY = 'bench-key';

/** A ten-step run that succeeds: the scenario of the memory figure. */
const success = scenarios.DEFAULT_SCENARIO;
const TEN_STEPS = { ...success, name: 'bench-ten-steps', steps: { ...scenarios.DEFAULT_STEPS, count: [10, 10] } };

const config = configFromEnv(
  { ...process.env, BU_MOCK_CLOCK: 'manual', BU_MOCK_SEED: 'bench' },
  { concurrencyLimit: 1e9, maxSessionsPerKey: 1e9, maxStoredSessions: 1e9 },
);
const { logger } = createLogger(config.logLevel, false);
const { app, state } = await buildApp(config, logger);
const { sessions } = state;
const project = state.projects.get(KEY);

function seed(n) {
  const now = state.clock.now();
  for (let i = 0; i < n; i++) {
    // A create returns its change uncommitted (a refused request leaves no trace): commit it as the route does.
    sessions.createOrDispatch(project, { task: `Find the cheapest flight from Berlin to Lisbon, try ${i}` }, {}, now, { scenario: TEN_STEPS }).commit();
  }
  // Two simulated hours later every run has finished; reading each session settles it, as a GET would.
  state.clock.advance(2 * 3600_000);
  const later = state.clock.now();
  for (const session of [...project.sessionOrder]) {
    sessions.find(project, session.id, later);
    sessionMessages(state.machine, session, later, state.seed);
  }
}

function heap() {
  for (let i = 0; i < 4; i++) globalThis.gc();
  return process.memoryUsage().heapUsed;
}

if (mode === 'memory') {
  if (typeof globalThis.gc !== 'function') throw new Error('run with --expose-gc');
  // Warm the code paths (lazy compilation, interned strings) before the baseline.
  seed(100);
  state.machine.reset();
  const before = heap();
  seed(count);
  const withCache = heap();
  // Plans are derived data in a bounded cache (a fixed cost, not per session): measure without it too.
  state.machine.reset();
  const records = heap();
  const sessionsHeld = project.sessionOrder.length - 100;
  process.stdout.write(
    `${JSON.stringify({
      sessions: sessionsHeld,
      bytesPerSession: (withCache - before) / sessionsHeld,
      bytesPerSessionWithoutPlanCache: (records - before) / sessionsHeld,
      planCacheMb: (withCache - records) / 1e6,
      heapUsedMb: withCache / 1e6,
    })}\n`,
  );
  await app.close();
} else {
  seed(count);
  const port = Number(process.env.PORT ?? 4030);
  await app.listen({ port, host: '127.0.0.1' });
  process.on('SIGTERM', () => app.close().then(() => process.exit(0)));
  process.on('SIGINT', () => process.exit(0));
}
