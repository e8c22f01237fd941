#!/usr/bin/env node
// Command line: `browser-use-mock [--port N] [--speed X] ...`; every flag has an environment twin.
import { parseArgs } from 'node:util';
import { configFromEnv } from './config.js';
import { applyHeapPolicy, heapPolicyOf } from './heap-policy.js';
import { createLogger } from './logging.js';

const FLAGS = {
  port: { env: 'PORT', help: 'port to listen on (default 4010; 0 picks a free one)' },
  host: { env: 'HOST', help: 'interface to bind (default 127.0.0.1; 0.0.0.0 in containers)' },
  speed: { env: 'BU_MOCK_SPEED', help: 'simulated time runs this many times faster than wall time (default 1)' },
  seed: { env: 'BU_MOCK_SEED', help: 'same seed + same requests = same ids, texts, tokens and costs' },
  clock: { env: 'BU_MOCK_CLOCK', help: '"real" (default) or "manual": time moves only via POST /_mock/clock/advance' },
  fixtures: { env: 'BU_MOCK_FIXTURES', help: 'directory of scenario files, tried before the built-in ones' },
  'fixtures-replace': { env: 'BU_MOCK_FIXTURES_REPLACE', help: 'use only the --fixtures scenarios, not the built-in ones (flag, no value)' },
  'log-level': { env: 'LOG_LEVEL', help: 'trace, debug, info (default), warn, error or silent' },
  strict: { env: 'BU_MOCK_STRICT', help: 'reject unknown request fields with extra_forbidden (flag, no value)' },
} as const;

const USAGE = `browser-use-mock: a local emulator of the Browser Use Cloud API (v3 and v2)

Usage: browser-use-mock [options]

Options:
${Object.entries(FLAGS)
  .map(([flag, { env, help }]) => `  --${flag.padEnd(16)} ${help}\n  ${''.padEnd(18)} (env ${env})`)
  .join('\n')}
  --help             show this text

Point the official client at it:
  new BrowserUse({ apiKey: 'any', baseUrl: 'http://localhost:4010/api/v3' })   // browser-use-sdk/v3
  new BrowserUse({ apiKey: 'any', baseUrl: 'http://localhost:4010/api/v2' })   // browser-use-sdk
`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      speed: { type: 'string' },
      seed: { type: 'string' },
      clock: { type: 'string' },
      fixtures: { type: 'string' },
      'fixtures-replace': { type: 'boolean' },
      'log-level': { type: 'string' },
      strict: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const env: Record<string, string | undefined> = { ...process.env };
  for (const [flag, { env: name }] of Object.entries(FLAGS)) {
    const value = values[flag as keyof typeof values];
    if (value === true) env[name] = '1';
    else if (typeof value === 'string') env[name] = value;
  }
  const config = configFromEnv(env);
  applyHeapPolicy(heapPolicyOf(env.BU_MOCK_HEAP_GROWTH_PERCENT));
  const { logger, flush } = createLogger(config.logLevel);
  // Loaded only when serving, so that --help and flag errors answer at once.
  const { buildApp } = await import('./app.js');
  const { app, state } = await buildApp(config, logger);
  if (config.fixturesDir) {
    // Confirms which scenarios are in force, in the order they are tried.
    logger.info(`scenarios: ${state.scenarios.list().map((s) => s.name).join(', ')} (${config.fixturesReplace ? 'only' : 'first'} those from ${config.fixturesDir})`);
  }

  let closing = false;
  const shutdown = (signal: string): void => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down');
    // Open keep-alive connections must not hold the process: close them after a short grace period.
    const exit = (code: number): void => {
      flush();
      process.exit(code);
    };
    const force = setTimeout(() => exit(0), 800);
    force.unref();
    app.close().then(
      () => exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'error while closing');
        exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled rejection'));

  const address = await app.listen({ port: config.port, host: config.host });
  logger.info(`browser-use-mock listening on ${address} (API at ${address}/api/v3 and ${address}/api/v2, speed ${config.clock === 'manual' ? 'manual clock' : `${config.speed}x`})`);
}

main().catch((error: unknown) => {
  process.stderr.write(`browser-use-mock: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
