// Starts an emulator in-process on port 0 for one test file, with the shared contract check installed.
import type { Test } from 'tap';
import { buildApp } from '../../src/app.js';
import type { Config } from '../../src/config.js';
import { configFromEnv } from '../../src/config.js';
import type { Emulator } from '../../src/emulator.js';
import type { FastifyInstance } from 'fastify';
import { contractChecker } from './contract-check.js';

export interface TestServer {
  url: string;
  apiUrl: string;
  /** Base URL of the v2 API, `${url}/api/v2`. */
  apiV2Url: string;
  app: FastifyInstance;
  state: Emulator;
  /** Moves a manual clock. */
  advance(ms: number): void;
  /** Plain HTTP call; `key: null` sends no API key. */
  call<T = unknown>(method: string, path: string, options?: CallOptions): Promise<CallResult<T>>;
}

export interface CallOptions {
  key?: string | null;
  body?: unknown;
  /** Sent as is instead of JSON-encoding `body`. */
  raw?: string | Buffer;
  headers?: Record<string, string>;
}

export interface CallResult<T = unknown> {
  status: number;
  headers: Headers;
  text: string;
  /** Parsed JSON body, typed as the caller expects it (the contract check has validated it). */
  json: T;
}

export const DEFAULT_KEY = 'test-key';

export interface TestServerOptions {
  /**
   * Manual clock only: simulated milliseconds added before each request under /api/, so a client that
   * polls (`client.run`) sees its task progress without a real clock: no waiting, and the same steps
   * however loaded the machine is.
   */
  tickMs?: number;
}

export async function startTestServer(t: Test, overrides: Partial<Config> = {}, options: TestServerOptions = {}): Promise<TestServer> {
  const config = configFromEnv({}, { port: 0, host: '127.0.0.1', logLevel: 'silent', clock: 'manual', seed: 'test-seed', ...overrides });
  const tickMs = options.tickMs ?? 0;
  if (tickMs > 0 && config.clock !== 'manual') throw new Error('tickMs needs the manual clock');
  let ticking: Emulator | undefined;
  const { app, state } = await buildApp(config, false, (instance) => {
    contractChecker.install(instance);
    if (tickMs > 0) {
      instance.addHook('onRequest', async (request) => {
        if (request.url.startsWith('/api/')) ticking?.clock.advance(tickMs);
      });
    }
  });
  ticking = state;
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  t.teardown(() => app.close());
  const apiUrl = `${address}/api/v3`;
  const call = async <T = unknown>(method: string, path: string, options: CallOptions = {}): Promise<CallResult<T>> => {
    const headers: Record<string, string> = { ...options.headers };
    const key = options.key === undefined ? DEFAULT_KEY : options.key;
    if (key !== null) headers['X-Browser-Use-API-Key'] = key;
    let body: string | Buffer | undefined;
    if (options.raw !== undefined) body = options.raw;
    else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['Content-Type'] ??= 'application/json';
    }
    const url = path.startsWith('http') ? path : path.startsWith('/api/') || path.startsWith('/_mock') || !path.startsWith('/') ? `${address}${path}` : `${apiUrl}${path}`;
    const response = await fetch(url, { method, headers, body });
    const text = await response.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: response.status, headers: response.headers, text, json: json as T };
  };
  return {
    url: address,
    apiUrl,
    apiV2Url: `${address}/api/v2`,
    app,
    state,
    advance: (ms: number) => state.clock.advance(ms),
    call,
  };
}
