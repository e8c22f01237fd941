// Library entry: start an emulator in-process for a test suite.
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import type { Config } from './config.js';
import { configFromEnv } from './config.js';
import { createLogger } from './logging.js';
import type { Clock } from './simulation/clock.js';
import type { EmulatorState } from './state.js';

export type { Config } from './config.js';
export type { Clock } from './simulation/clock.js';
export type { Scenario } from './simulation/scenario.js';
export { buildApp } from './app.js';
export { configFromEnv } from './config.js';

export interface MockServerOptions extends Partial<Config> {
  /** Read the BU_MOCK_* environment too (default false: only the options given here and the defaults). */
  useEnv?: boolean;
}

export interface MockServer {
  /** Root URL, e.g. http://127.0.0.1:40123 */
  url: string;
  /** Base URL for the official client: `${url}/api/v3`. */
  apiUrl: string;
  /** Simulated clock; `advance(ms)` works when started with clock: 'manual'. */
  clock: Clock;
  /** Forgets all state, or one key's. */
  reset(apiKey?: string): void;
  close(): Promise<void>;
  app: FastifyInstance;
  state: EmulatorState;
}

export async function startMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  const { useEnv = false, ...overrides } = options;
  const config = configFromEnv(useEnv ? process.env : {}, { port: 0, logLevel: 'silent', ...overrides });
  const logger = config.logLevel === 'silent' ? false : createLogger(config.logLevel);
  const { app, state } = await buildApp(config, logger);
  const address = await app.listen({ port: config.port, host: config.host });
  const url = address.replace('[::1]', 'localhost');
  return {
    url,
    apiUrl: `${url}/api/v3`,
    clock: state.clock,
    reset: (apiKey?: string) => state.reset(apiKey),
    close: () => app.close(),
    app,
    state,
  };
}
