// GET /_mock/recordings/{id}/{index}.mp4: the presigned recording of a session's task (or of a
// standalone browser, index 0). Every recording is the same short clip (assets/recording.mp4); byte
// ranges are honoured so that <video> elements can seek.
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { Emulator } from '../emulator.js';
import { sendS3Error } from '../http/presign.js';
import { cacheControlUntil, checkSigned } from './presigned.js';
import { PACKAGE_ROOT_URL } from '../package-root.js';

export const RECORDING_URL = new URL('assets/recording.mp4', PACKAGE_ROOT_URL);

const FILE = /^\d{1,6}\.mp4$/;

let clip: Buffer | undefined;
export function recordingClip(): Buffer {
  clip ??= readFileSync(RECORDING_URL);
  return clip;
}

/** Parses a single `bytes=` range; undefined when absent, 'invalid' when unsatisfiable. */
export function parseRange(header: string | undefined, size: number): { start: number; end: number } | 'invalid' | undefined {
  if (!header) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  // Multiple ranges are answered with the whole object, as a server may.
  if (!m) return header.includes(',') ? undefined : 'invalid';
  const [, from = '', to = ''] = m;
  if (from === '' && to === '') return 'invalid';
  if (from === '') {
    const length = Math.min(Number(to), size);
    return length === 0 ? 'invalid' : { start: size - length, end: size - 1 };
  }
  const start = Number(from);
  const end = to === '' ? size - 1 : Math.min(Number(to), size - 1);
  return start >= size || end < start ? 'invalid' : { start, end };
}

export function recordingRoutes(app: FastifyInstance, state: Emulator): void {
  app.get<{ Params: { id: string; file: string } }>('/_mock/recordings/:id/:file', async (request, reply) => {
    const signed = checkSigned(state, request, reply);
    if (!signed) return reply;
    if (!FILE.test(request.params.file)) return sendS3Error(request, reply, 404, 'NoSuchKey', 'The specified key does not exist.');
    const body = recordingClip();
    reply
      .header('accept-ranges', 'bytes')
      .header('cache-control', cacheControlUntil(signed.expiresAt, state.clock.now()))
      .header('etag', '"recording-v1"')
      .header('content-disposition', `inline; filename="${request.params.id}-${request.params.file}"`)
      .type('video/mp4');
    const range = parseRange(request.headers.range, body.length);
    if (range === 'invalid') {
      return reply.code(416).header('content-range', `bytes */${body.length}`).type('application/xml').send(
        `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>InvalidRange</Code><Message>The requested range is not satisfiable</Message><RequestId>${request.id}</RequestId></Error>`,
      );
    }
    if (range) {
      return reply
        .code(206)
        .header('content-range', `bytes ${range.start}-${range.end}/${body.length}`)
        .send(body.subarray(range.start, range.end + 1));
    }
    return reply.send(body);
  });
}
