// CORS, so that a frontend served from a dev server can call the emulator directly. By default only
// local origins (localhost, 127.0.0.1, [::1], any port, http or https) are allowed;
// BU_MOCK_CORS_ORIGINS takes '*', 'off', or a comma list of origins (the word 'local' adds the default set).
import type { RequestStep } from '../http/request-steps.js';

const LOCAL_ORIGIN = /^https?:\/\/(?:localhost|127\.0\.0\.1|\[::1\])(?::\d{1,5})?$/i;

export const CORS_ALLOWED_HEADERS = ['X-Browser-Use-API-Key', 'Content-Type', 'Prefer', 'X-Request-Id'];
export const CORS_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];
/** How long a browser may keep a preflight's answer. */
const PREFLIGHT_MAX_AGE_S = 600;
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

/**
 * CORS as a step of every request's pass. It answers preflights itself; a refused one goes on to the
 * router, where OPTIONS is a method no route has (405). Error responses carry the headers too.
 */
export function corsStep(setting: string | undefined): RequestStep | undefined {
  const policy = corsPolicyOf(setting);
  if (policy.kind === 'off') return undefined;
  const exposed = CORS_EXPOSED_HEADERS.join(', ');
  const methods = CORS_METHODS.join(', ');
  const allowedHeaders = CORS_ALLOWED_HEADERS.join(', ');
  return (request, reply) => {
    const origin = request.headers.origin;
    let allowOrigin: string | undefined;
    if (policy.kind === 'any') allowOrigin = '*';
    else {
      // The answer depends on the Origin header, so caches must key on it.
      reply.header('vary', 'Origin');
      if (origin !== undefined && policy.test(origin)) allowOrigin = origin;
    }
    if (allowOrigin === undefined) return false;
    reply.header('access-control-allow-origin', allowOrigin);
    reply.header('access-control-expose-headers', exposed);
    if (request.method !== 'OPTIONS') return false;
    if (!origin || request.headers['access-control-request-method'] === undefined) {
      reply.code(400).type('text/plain').send('Invalid Preflight Request');
      return true;
    }
    reply.header('access-control-allow-methods', methods);
    reply.header('access-control-allow-headers', allowedHeaders);
    reply.header('access-control-max-age', String(PREFLIGHT_MAX_AGE_S));
    reply.code(204).header('content-length', '0').send();
    return true;
  };
}
