// Presigned URLs pointing at the emulator itself, shaped like S3's (X-Amz-* query parameters).
// Expiry is measured on the simulated clock, so a manual clock can expire them on purpose.
import type { KeyObject } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHmac, createSecretKey, timingSafeEqual } from 'node:crypto';

export type PresignCheck = { ok: true } | { ok: false; code: 'AccessDenied' | 'SignatureDoesNotMatch'; message: string };

const amzDate = (ms: number): string => new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

/** Entries kept by each memo below before it starts over: enough for thousands of polled sessions. */
const MEMO_LIMIT = 4_096;

function remember<V>(memo: Map<string, V>, key: string, value: V): V {
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(key, value);
  return value;
}

/** `20260101T000000Z` → ms since 1970 (NaN when malformed). */
export function parseAmzDate(text: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])) : NaN;
}

export class Presigner {
  // Clients poll the same objects many times a second: a URL signed for the same path within the same
  // second (the resolution of X-Amz-Date) is the same URL, and a token never changes, so both are kept
  // for a while instead of running the HMAC again. Only the signature is kept, not the URL: a polled
  // object's entry changes every second, and what it holds outlives young-generation collections.
  // Keyed by the path alone, which callers keep, so that a read builds no key; the entry says what
  // it was signed for.
  private readonly signatures = new Map<string, { method: string; expires: string; date: string; signature: string }>();
  private readonly tokens = new Map<string, string>();
  private dateSecond = NaN;
  private dateText = '';

  /** Prepared once: a string secret would be converted again on every signature. */
  private readonly key: KeyObject;

  constructor(secret: string) {
    this.key = createSecretKey(Buffer.from(secret, 'utf8'));
  }

  /** X-Amz-Date for `now`: the same string object for the whole second, so callers can compare by identity. */
  amzDateOf(now: number): string {
    const second = Math.floor(now / 1000);
    if (second !== this.dateSecond) {
      this.dateText = amzDate(second * 1000);
      this.dateSecond = second;
    }
    return this.dateText;
  }

  private signature(path: string, method: string, date: string, expires: string, extra: string): string {
    return createHmac('sha256', this.key).update(`${method}\n${path}\n${date}\n${expires}\n${extra}`).digest('hex');
  }

  /**
   * Signs `path` (no query) for `method`, valid from `now` for `ttlSeconds` of simulated time.
   * `extra` are additional signed parameters (e.g. the declared size of an upload).
   */
  sign(baseUrl: string, path: string, method: string, now: number, ttlSeconds: number, extra?: Record<string, string>): string {
    // Whole seconds, as S3's X-Amz-Date has no milliseconds.
    const date = this.amzDateOf(now);
    const expires = String(ttlSeconds);
    if (extra === undefined || Object.keys(extra).length === 0) {
      let known = this.signatures.get(path);
      if (known === undefined) {
        known = remember(this.signatures, path, { method, expires, date, signature: this.signature(path, method, date, expires, '') });
      } else if (known.date !== date || known.method !== method || known.expires !== expires) {
        // Polled objects are signed again every second: their entry is updated, not replaced.
        known.signature = this.signature(path, method, date, expires, '');
        known.method = method;
        known.expires = expires;
        known.date = date;
      }
      // The same text URLSearchParams would produce: none of these values needs escaping.
      return `${baseUrl}${path}?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=${date}&X-Amz-Expires=${expires}&X-Amz-Signature=${known.signature}`;
    }
    const params = new URLSearchParams({ 'X-Amz-Algorithm': 'AWS4-HMAC-SHA256', 'X-Amz-Date': date, 'X-Amz-Expires': expires, ...extra });
    params.set('X-Amz-Signature', this.signature(path, method, date, expires, canonicalExtra(extra)));
    return `${baseUrl}${path}?${params.toString()}`;
  }

  /** A signature over any text (an S3-style POST policy), hex. */
  signText(text: string): string {
    return createHmac('sha256', this.key).update(`text\n${text}`).digest('hex');
  }

  verifyText(text: string, signature: string): boolean {
    const expected = Buffer.from(this.signText(text));
    const given = Buffer.from(signature);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  /** A capability token for URLs that cannot carry headers (the live view in an iframe). */
  token(subject: string): string {
    return this.tokens.get(subject) ?? remember(this.tokens, subject, createHmac('sha256', this.key).update(`token\n${subject}`).digest('base64url').slice(0, 32));
  }

  verifyToken(subject: string, token: string | undefined): boolean {
    const expected = Buffer.from(this.token(subject));
    const given = Buffer.from(token ?? '');
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  /** Checks a request's path and query against its signature and the clock. */
  verify(path: string, method: string, query: Record<string, string | undefined>, now: number, extraKeys: readonly string[] = []): PresignCheck {
    const date = query['X-Amz-Date'] ?? '';
    const expires = query['X-Amz-Expires'] ?? '';
    const given = query['X-Amz-Signature'] ?? '';
    const extra: Record<string, string> = {};
    for (const key of extraKeys) extra[key] = query[key] ?? '';
    const expected = this.signature(path, method, date, expires, canonicalExtra(extra));
    const a = Buffer.from(given);
    const b = Buffer.from(expected);
    if (a.length !== b.length || !timingSafeEqual(a, b)) {
      return { ok: false, code: 'SignatureDoesNotMatch', message: 'The request signature we calculated does not match the signature you provided.' };
    }
    const start = parseAmzDate(date);
    if (!Number.isFinite(start) || now > start + Number(expires) * 1000) {
      return { ok: false, code: 'AccessDenied', message: 'Request has expired' };
    }
    return { ok: true };
  }
}

function canonicalExtra(extra: Record<string, string>): string {
  return Object.keys(extra)
    .sort()
    .map((k) => `${k}=${extra[k] ?? ''}`)
    .join('&');
}

const xmlText = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The XML error body S3 sends with a 403. */
export function s3ErrorXml(code: string, message: string, requestId: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${xmlText(code)}</Code><Message>${xmlText(message)}</Message><RequestId>${xmlText(requestId)}</RequestId></Error>`;
}

/** Answers a request to a presigned URL the way S3 refuses one: an XML body, never cached. */
export function sendS3Error(request: FastifyRequest, reply: FastifyReply, status: number, code: string, message: string): FastifyReply {
  return reply
    .code(status)
    .header('x-amz-request-id', request.id)
    .header('cache-control', 'no-store')
    .type('application/xml')
    .send(s3ErrorXml(code, message, request.id));
}
