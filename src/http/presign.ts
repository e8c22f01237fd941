// Presigned URLs pointing at the emulator itself, shaped like S3's (X-Amz-* query parameters).
// Expiry is measured on the simulated clock, so a manual clock can expire them on purpose.
import { createHmac, timingSafeEqual } from 'node:crypto';

export type PresignCheck = { ok: true } | { ok: false; code: 'AccessDenied' | 'SignatureDoesNotMatch'; message: string };

const amzDate = (ms: number): string => new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

function parseAmzDate(text: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])) : NaN;
}

export class Presigner {
  constructor(private readonly secret: string) {}

  private signature(path: string, method: string, date: string, expires: string, extra: string): string {
    return createHmac('sha256', this.secret).update(`${method}\n${path}\n${date}\n${expires}\n${extra}`).digest('hex');
  }

  /**
   * Signs `path` (no query) for `method`, valid from `now` for `ttlSeconds` of simulated time.
   * `extra` are additional signed parameters (e.g. the declared size of an upload).
   */
  sign(baseUrl: string, path: string, method: string, now: number, ttlSeconds: number, extra: Record<string, string> = {}): string {
    // Whole seconds, as S3's X-Amz-Date has no milliseconds.
    const date = amzDate(Math.floor(now / 1000) * 1000);
    const expires = String(ttlSeconds);
    const params = new URLSearchParams({ 'X-Amz-Algorithm': 'AWS4-HMAC-SHA256', 'X-Amz-Date': date, 'X-Amz-Expires': expires, ...extra });
    params.set('X-Amz-Signature', this.signature(path, method, date, expires, canonicalExtra(extra)));
    return `${baseUrl}${path}?${params.toString()}`;
  }

  /** A capability token for URLs that cannot carry headers (the live view in an iframe). */
  token(subject: string): string {
    return createHmac('sha256', this.secret).update(`token\n${subject}`).digest('base64url').slice(0, 32);
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

/** The XML error body S3 sends with a 403. */
export function s3ErrorXml(code: string, message: string, requestId: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>${requestId}</RequestId></Error>`;
}
