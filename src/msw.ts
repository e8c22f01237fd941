// MSW v2 request handlers that answer the cloud's origin from an in-process emulator: no port, no server.
// Requests go through Fastify's inject, so they see exactly the routes, validation and errors a
// listening emulator has.
import { http, HttpResponse } from 'msw';
import type { HttpHandler } from 'msw';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import { configFromEnv } from './config.js';
import { API_PREFIXES } from './http/operation.js';
import type { AdvanceResult, AdvanceTarget, ClockView, MockServerOptions } from './index.js';

/** Where the official client sends requests when it is given no `baseUrl`. */
export const CLOUD_ORIGIN = 'https://api.browser-use.com';

export interface MockHandlersOptions extends MockServerOptions {
  /**
   * The origin to answer (default the cloud's). Every request to it is served by the emulator: the API
   * under /api/v3 and /api/v2 and the presigned file, screenshot and recording URLs, which point at
   * this origin.
   */
  origin?: string;
}

export interface MockHandlers {
  /** Pass to `setupServer(...handlers)` (msw/node) or `server.use(...handlers)`. */
  handlers: HttpHandler[];
  /** Base URL of the API, `${origin}/api/v3`. */
  apiUrl: string;
  /** Base URL of the v2 API, `${origin}/api/v2` (the default of the client's `browser-use-sdk` entry). */
  apiV2Url: string;
  /** Moves a manual clock forward by `ms`. */
  advance(ms: number): Promise<ClockView>;
  /** Moves a manual clock to the end of a session's task (default) or its next step. */
  advanceTo(sessionId: string, to?: AdvanceTarget): Promise<AdvanceResult>;
  /** Forgets all state (and rewinds a manual clock), or one key's. */
  reset(apiKey?: string): Promise<void>;
  close(): Promise<void>;
  app: FastifyInstance;
}

type InjectMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS';

export async function createMockHandlers(options: MockHandlersOptions = {}): Promise<MockHandlers> {
  const { useEnv = false, fixtures, origin: originOption = CLOUD_ORIGIN, ...overrides } = options;
  const origin = new URL(originOption).origin;
  const config = configFromEnv(useEnv ? process.env : {}, {
    logLevel: 'silent',
    // URLs the emulator hands out (files, screenshots, live view) point back at the intercepted origin.
    publicUrl: origin,
    ...(fixtures !== undefined ? { fixturesDir: fixtures } : {}),
    ...overrides,
  });
  const { app } = await buildApp(config, false);
  await app.ready();

  const admin = async <T>(url: string, body?: object): Promise<T> => {
    const response = await app.inject({ method: 'POST', url, ...(body ? { payload: body } : {}) });
    const parsed = response.json() as T & { detail?: unknown };
    if (response.statusCode >= 400) throw new Error(typeof parsed.detail === 'string' ? parsed.detail : response.body);
    return parsed;
  };

  const handler = http.all(`${origin}/*`, async ({ request }) => {
    const url = new URL(request.url);
    const headers = Object.fromEntries(request.headers);
    const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : Buffer.from(await request.arrayBuffer());
    const reply = await app.inject({ method: request.method as InjectMethod, url: `${url.pathname}${url.search}`, headers: { ...headers, host: url.host }, ...(body ? { payload: body } : {}) });
    const responseHeaders = new Headers();
    for (const [name, value] of Object.entries(reply.headers)) {
      // The body is handed over whole; the runtime sets its own framing headers.
      if (value === undefined || name === 'content-length' || name === 'transfer-encoding' || name === 'connection') continue;
      for (const item of Array.isArray(value) ? value : [String(value)]) responseHeaders.append(name, item);
    }
    const noBody = request.method === 'HEAD' || reply.statusCode === 204 || reply.statusCode === 304;
    return new HttpResponse(noBody ? null : reply.rawPayload, { status: reply.statusCode, headers: responseHeaders });
  });

  return {
    handlers: [handler],
    apiUrl: `${origin}${API_PREFIXES.v3}`,
    apiV2Url: `${origin}${API_PREFIXES.v2}`,
    advance: (ms) => admin<ClockView>('/_mock/clock/advance', { ms }),
    advanceTo: (sessionId, to = 'end') => admin<AdvanceResult>('/_mock/clock/advance', { sessionId, to }),
    reset: async (apiKey) => {
      await admin(apiKey === undefined ? '/_mock/reset' : `/_mock/reset?key=${encodeURIComponent(apiKey)}`);
    },
    close: () => app.close(),
    app,
  };
}
