// Refusals that happen before or around a route: malformed HTTP, bad URL encoding, long parameters, huge
// headers, unknown routes and methods, oversized bodies, slow clients. Each answers in FastAPI's shape
// with the status uvicorn + Starlette + FastAPI give for the same bytes (see docs/behavior.md).
import type { Socket } from 'node:net';
import type { RequestStep } from './request-steps.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { IncomingMessage } from 'node:http';

/**
 * Request line plus headers. uvicorn's h11 parser refused between 120,000 and 131,000 bytes of headers
 * (its buffer bound plus one read); Node's default of 16 KiB would refuse what the service takes.
 */
export const MAX_HEADER_BYTES = 128 * 1024;
/** Time to receive the request line and headers; past it a slow client is answered 408 and dropped. */
export const HEADERS_TIMEOUT_MS = 10_000;
/** Time to receive a whole request (large workspace uploads included). */
export const REQUEST_TIMEOUT_MS = 60_000;
/** Idle time between requests on a kept-alive connection: uvicorn's default `--timeout-keep-alive 5`. */
export const KEEP_ALIVE_TIMEOUT_MS = 5_000;
/** How often Node checks the two timeouts above (its default of 30 s would let them overrun). */
const TIMEOUT_CHECK_MS = 1_000;
/** After refusing an oversized body, this much more of it is read and discarded so the client sees the answer. */
export const DRAIN_MAX_BYTES = 64 * 1024 * 1024;
/** ...or for this long, whichever comes first; then the connection is closed. */
export const DRAIN_MAX_MS = 10_000;

const INVALID_REQUEST = JSON.stringify({ detail: 'Invalid HTTP request received.' });
const REQUEST_TIMEOUT = JSON.stringify({ detail: 'Request Timeout' });

/** Options for the Fastify constructor; spread into it. */
export function frameworkServerOptions() {
  return {
    http: {
      maxHeaderSize: MAX_HEADER_BYTES,
      headersTimeout: HEADERS_TIMEOUT_MS,
      connectionsCheckingInterval: TIMEOUT_CHECK_MS,
      // Node would answer a bare 400 itself; uvicorn with httptools serves such a request.
      requireHostHeader: false,
    },
    requestTimeout: REQUEST_TIMEOUT_MS,
    keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
    rewriteUrl: (request: IncomingMessage): string => starletteUrl(request.url ?? '/'),
    clientErrorHandler: answerClientError,
    // A parameter is as long as the request line allows; FastAPI validates it at any length.
    // Trailing slashes are Starlette's redirect (registerRouteRefusals), not a second spelling of a route.
    routerOptions: { ignoreTrailingSlash: false, maxParamLength: MAX_HEADER_BYTES, querystringParser: pythonQuery },
  };
}

/**
 * A path that is not valid percent-encoded UTF-8 becomes the one Starlette routes on: uvicorn unquotes
 * it as Python's `unquote` does (a `%` not followed by two hex digits stays literal, bytes that are not
 * UTF-8 become U+FFFD), so `/sessions/%zz` reaches the route and fails UUID parsing with 422.
 */
export function starletteUrl(url: string): string {
  // Nothing to decode (almost every request): the URL is already what Starlette routes on.
  if (!url.includes('%')) return url;
  const q = url.indexOf('?');
  // Starlette routes on the decoded path, so an encoded slash separates segments like a plain one.
  const path = (q < 0 ? url : url.slice(0, q)).replace(/%2f/gi, '/');
  try {
    decodeURIComponent(path);
    return q < 0 ? path : path + url.slice(q);
  } catch {
    // Re-encoded below.
  }
  return encodeURI(pythonUnquote(path)) + (q < 0 ? '' : url.slice(q));
}

/**
 * Python's `unquote(text, errors='replace')`: `%XX` escapes are bytes, a `%` without two hex digits stays
 * literal, and bytes that are not UTF-8 become U+FFFD.
 */
export function pythonUnquote(text: string): string {
  if (!text.includes('%')) return text;
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const hex = text.charAt(i) === '%' ? text.slice(i + 1, i + 3) : '';
    if (/^[0-9a-fA-F]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      const code = text.codePointAt(i) ?? 0;
      if (code > 0xffff) i++;
      bytes.push(...Buffer.from(String.fromCodePoint(code), 'utf8'));
    }
  }
  return new TextDecoder('utf-8').decode(Uint8Array.from(bytes));
}

/**
 * Starlette's query parameters: Python's `parse_qsl(query, keep_blank_values=True)`. Fields split on `&`,
 * empty fields are skipped, `+` is a space, escapes decode as `pythonUnquote`; a repeated name keeps
 * every value (the contract layer takes the last, as `QueryParams.get` does).
 */
export function pythonQuery(query: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = Object.create(null) as Record<string, string | string[]>;
  for (const field of query.split('&')) {
    if (field === '') continue;
    const eq = field.indexOf('=');
    const name = pythonUnquote((eq < 0 ? field : field.slice(0, eq)).replace(/\+/g, ' '));
    const value = eq < 0 ? '' : pythonUnquote(field.slice(eq + 1).replace(/\+/g, ' '));
    const previous = out[name];
    out[name] = previous === undefined ? value : Array.isArray(previous) ? [...previous, value] : [previous, value];
  }
  return out;
}

/**
 * Bytes Node's parser refuses (bad request line, bad header, header overflow, bad Content-Length or
 * chunking): uvicorn answers 400 "Invalid HTTP request received." and closes; we say it in JSON.
 */
function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const [status, body] = error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? ['408 Request Timeout', REQUEST_TIMEOUT] : ['400 Bad Request', INVALID_REQUEST];
  socket.end(
    `HTTP/1.1 ${status}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}

/**
 * Unknown routes answer 404 and known paths with another method 405 with `Allow`, as Starlette's
 * router does, on every route the app has (API, admin, web pages). Call before routes are added; the
 * step it returns refuses malformed paths before anything else looks at a request.
 */
export function registerRouteRefusals(app: FastifyInstance): RequestStep {
  const routes: { pattern: RegExp; methods: string[] }[] = [];
  app.addHook('onRoute', (route) => {
    const methods = (Array.isArray(route.method) ? route.method : [route.method]).filter((m) => m !== 'HEAD');
    const source = route.url
      .replace(/\/+$/, '')
      .split('/')
      .map((part) => (part.startsWith(':') ? '[^/]+' : part === '*' ? '.*' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('/');
    routes.push({ pattern: new RegExp(`^${source}$`), methods });
  });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    const allowed = [...new Set(routes.filter((r) => r.pattern.test(path)).flatMap((r) => r.methods))];
    if (allowed.length > 0 && !allowed.includes(request.method)) {
      return reply.code(405).header('allow', allowed.join(', ')).send({ detail: 'Method Not Allowed' });
    }
    return reply.code(404).send({ detail: 'Not Found' });
  });
  return (request, reply) => {
    normaliseContentType(request.raw.headers);
    const url = request.url;
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    // Starlette's routes never match an empty segment; a trailing slash is redirected when the path
    // without it is a route (any method), and is a 404 otherwise.
    if (path.length > 1 && (path.endsWith('/') || path.includes('//'))) {
      const bare = path.slice(0, -1);
      if (path.endsWith('/') && !bare.includes('//') && routes.some((r) => r.pattern.test(bare))) {
        const location = `${request.protocol}://${request.headers.host ?? request.hostname}${bare}${q < 0 ? '' : url.slice(q)}`;
        reply.code(307).header('location', location).header('content-length', '0').send();
        return true;
      }
      reply.code(404).send({ detail: 'Not Found' });
      return true;
    }
    return false;
  };
}

/**
 * Reads and discards what is left of a refused body, so that the client has finished sending when the
 * answer comes (otherwise it may see EPIPE or a reset instead of the 413). Resolves false when the
 * rest was larger than DRAIN_MAX_BYTES or slower than DRAIN_MAX_MS: the caller then closes.
 */
export function drainRequestBody(request: FastifyRequest): Promise<boolean> {
  const raw = request.raw;
  if (raw.complete || raw.destroyed) return Promise.resolve(raw.complete);
  return new Promise((resolve) => {
    let read = 0;
    const finish = (drained: boolean): void => {
      clearTimeout(timer);
      raw.off('data', onData);
      raw.off('end', onEnd);
      raw.off('error', onFail);
      raw.off('close', onFail);
      resolve(drained);
    };
    const onData = (chunk: Buffer): void => {
      read += chunk.length;
      if (read > DRAIN_MAX_BYTES) finish(false);
    };
    const onEnd = (): void => finish(true);
    const onFail = (): void => finish(false);
    const timer = setTimeout(onFail, DRAIN_MAX_MS);
    raw.on('data', onData);
    raw.on('end', onEnd);
    raw.on('error', onFail);
    raw.on('close', onFail);
    raw.resume();
  });
}

/** The 413 of a body over the limit, sent once the client has finished sending (within the drain bounds). */
export async function replyBodyTooLarge(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const drained = await drainRequestBody(request);
  if (!drained) reply.header('connection', 'close');
  return reply.code(413).type('application/json').send(JSON.stringify({ detail: 'Request body is too large' }));
}

/** A media type as RFC 9110 writes it: `type/subtype`, then optional parameters. */
const MEDIA_TYPE = /^[!#$%&'*+.^_`|~0-9a-z-]+\/[!#$%&'*+.^_`|~0-9a-z-]+\s*(;.*)?$/i;

/**
 * Fastify refuses a malformed Content-Type with its own 415 before any route runs; FastAPI never does.
 * It reads an empty header as absent (the body is JSON) and any other malformed one as text, which then
 * fails validation as `model_attributes_type`. Rewriting the header to what FastAPI makes of it gives
 * the same answers, in the same order (the API key is still checked first).
 */
export function normaliseContentType(headers: IncomingMessage['headers']): void {
  const value = headers['content-type'];
  if (value === undefined || MEDIA_TYPE.test(value.trim())) return;
  headers['content-type'] = value.trim() === '' ? 'application/json' : 'text/plain';
}
