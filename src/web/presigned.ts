// Checks presigned media URLs the way S3 does: a bad signature or an expired URL is a 403 with an XML body.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { parseAmzDate, sendS3Error } from '../http/presign.js';
import { queryOf } from '../http/query.js';
import type { Emulator } from '../emulator.js';

export interface SignedRequest {
  /** Simulated ms at which the URL stops working. */
  expiresAt: number;
}


/**
 * Verifies the request's signature against the simulated clock. On failure the 403 has been sent and
 * undefined is returned.
 */
export function checkSigned(state: Emulator, request: FastifyRequest, reply: FastifyReply): SignedRequest | undefined {
  const path = request.url.split('?')[0] ?? '';
  const query = queryOf(request);
  const now = state.clock.now();
  // HEAD is answered for GET URLs, as browsers and download tools probe with it.
  const check = state.presigner.verify(path, 'GET', query, now);
  if (!check.ok) {
    sendS3Error(request, reply, 403, check.code, check.message);
    return undefined;
  }
  return { expiresAt: parseAmzDate(query['X-Amz-Date'] ?? '') + Number(query['X-Amz-Expires'] ?? 0) * 1000 };
}

/** The object behind a URL never changes, so a client may keep it until the URL expires. */
export function cacheControlUntil(expiresAt: number, now: number): string {
  const seconds = Math.max(0, Math.floor((expiresAt - now) / 1000));
  return `private, max-age=${seconds}, immutable`;
}
