// Library entry: start an emulator in-process for a test suite (tap, vitest, jest, node:test).
import type { FastifyInstance } from 'fastify';
import type { AdvanceResult, AdvanceTarget, ClockView } from './admin/clock.js';
import { advanceClock } from './admin/clock.js';
import { buildApp } from './app.js';
import type { Config } from './config.js';
import { configFromEnv } from './config.js';
import { ApiError } from './http/errors.js';
import { API_PREFIXES } from './http/operation.js';
import { createLogger } from './logging.js';
import type { Clock } from './simulation/clock.js';
import type { Emulator } from './emulator.js';

export type { Config } from './config.js';
export type { Clock } from './simulation/clock.js';
export type { Scenario } from './simulation/scenario.js';
export type { AdvanceResult, AdvanceTarget, ClockView } from './admin/clock.js';
export type { FaultRule } from './admin/faults.js';
export type { JournalEntry } from './admin/journal.js';
export type { KeySummary } from './admin/keys.js';
export { buildApp } from './app.js';
export { configFromEnv } from './config.js';
export { BUILT_IN_FIXTURES_DIR, FixtureError, builtInScenarios, loadScenarioDir } from './simulation/fixtures.js';

export interface MockServerOptions extends Partial<Config> {
  /** Read the BU_MOCK_* environment too (default false: only the options given here and the defaults). */
  useEnv?: boolean;
  /** Directory of your scenario files (the same as `fixturesDir`, `--fixtures`). */
  fixtures?: string;
}

export interface MockServer {
  /** Root URL, e.g. http://127.0.0.1:40123 */
  url: string;
  /** Base URL for the official client: `${url}/api/v3`. */
  apiUrl: string;
  /** Base URL of the v2 API, for the client's default entry (`browser-use-sdk`): `${url}/api/v2`. */
  apiV2Url: string;
  /** Simulated clock. */
  clock: Clock;
  /** Moves a manual clock forward by `ms` (throws on a real clock). */
  advance(ms: number): ClockView;
  /** Moves a manual clock to the end of a session's task (default) or its next step, as POST /_mock/clock/advance does. */
  advanceTo(sessionId: string, to?: AdvanceTarget): AdvanceResult;
  /** Forgets all state (and rewinds a manual clock), or one key's. */
  reset(apiKey?: string): void;
  close(): Promise<void>;
  app: FastifyInstance;
  state: Emulator;
}

/** Admin errors carry their text in `detail`; a library caller gets it as a plain Error message. */
function unwrap<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof ApiError) {
      const detail = (error.body as { detail?: unknown }).detail;
      throw new Error(typeof detail === 'string' ? detail : error.message);
    }
    throw error;
  }
}

export async function startMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  const { useEnv = false, fixtures, ...overrides } = options;
  const config = configFromEnv(useEnv ? process.env : {}, { port: 0, logLevel: 'silent', ...(fixtures !== undefined ? { fixturesDir: fixtures } : {}), ...overrides });
  const logger = config.logLevel === 'silent' ? false : createLogger(config.logLevel).logger;
  const { app, state } = await buildApp(config, logger);
  const address = await app.listen({ port: config.port, host: config.host });
  const url = address.replace('[::1]', 'localhost');
  return {
    url,
    apiUrl: `${url}${API_PREFIXES.v3}`,
    apiV2Url: `${url}${API_PREFIXES.v2}`,
    clock: state.clock,
    advance: (ms: number) => unwrap(() => advanceClock(state, { ms })),
    advanceTo: (sessionId: string, to: AdvanceTarget = 'end') => unwrap(() => advanceClock(state, { sessionId, to })),
    reset: (apiKey?: string) => state.reset(apiKey),
    close: () => app.close(),
    app,
    state,
  };
}
