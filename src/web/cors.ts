// CORS, so that a frontend served from a dev server can call the emulator directly. By default only
// local origins (localhost, 127.0.0.1, [::1], any port, http or https) are allowed;
// BU_MOCK_CORS_ORIGINS takes '*', 'off', or a comma list of origins (the word 'local' adds the default set).
import cors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';

const LOCAL_ORIGIN = /^https?:\/\/(?:localhost|127\.0\.0\.1|\[::1\])(?::\d{1,5})?$/i;

export const CORS_ALLOWED_HEADERS = ['X-Browser-Use-API-Key', 'Content-Type', 'Prefer', 'X-Request-Id'];
export const CORS_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];
/** Headers a script may read from responses (rate limits, request ids). */
export const CORS_EXPOSED_HEADERS = ['Retry-After', 'X-Request-Id', 'Content-Range', 'Content-Disposition'];

export type CorsPolicy = { kind: 'off' } | { kind: 'any' } | { kind: 'match'; test: (origin: string) => boolean; describe: string };

/** Reads BU_MOCK_CORS_ORIGINS; throws on an entry that is not an origin. */
export function corsPolicyOf(setting: string | undefined): CorsPolicy {
  const raw = (setting ?? '').trim();
  if (raw === '') return { kind: 'match', test: (o) => LOCAL_ORIGIN.test(o), describe: 'local origins' };
  if (/^(off|none|false|0)$/i.test(raw)) return { kind: 'off' };
  if (raw === '*') return { kind: 'any' };
  const exact = new Set<string>();
  let local = false;
  for (const entry of raw.split(',').map((e) => e.trim()).filter(Boolean)) {
    if (entry.toLowerCase() === 'local') {
      local = true;
      continue;
    }
    let url: URL;
    try {
      url = new URL(entry);
    } catch {
      throw new Error(`BU_MOCK_CORS_ORIGINS: ${JSON.stringify(entry)} is not an origin (expected e.g. http://localhost:3000, '*', 'off' or 'local')`);
    }
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.pathname.replace(/\/$/, '') !== '' || url.search || url.hash) {
      throw new Error(`BU_MOCK_CORS_ORIGINS: ${JSON.stringify(entry)} is not an origin (scheme, host and port only, e.g. https://app.example.test:8443)`);
    }
    exact.add(url.origin);
  }
  return {
    kind: 'match',
    test: (origin) => exact.has(origin.toLowerCase()) || (local && LOCAL_ORIGIN.test(origin)),
    describe: [...(local ? ['local origins'] : []), ...exact].join(', '),
  };
}

export async function registerCors(app: FastifyInstance, setting: string | undefined): Promise<void> {
  const policy = corsPolicyOf(setting);
  if (policy.kind === 'off') return;
  await app.register(cors, {
    origin: policy.kind === 'any' ? '*' : (origin, callback) => callback(null, origin !== undefined && policy.test(origin)),
    methods: CORS_METHODS,
    allowedHeaders: CORS_ALLOWED_HEADERS,
    exposedHeaders: CORS_EXPOSED_HEADERS,
    maxAge: 600,
  });
}
