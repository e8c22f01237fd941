// POST /_mock/uploads: where v2 upload forms are posted. Not part of the API contract: like S3 it needs
// no API key (the signed policy is the credential), answers 204 with an ETag, and refuses in XML.
import type { FastifyInstance } from 'fastify';
import type { Emulator } from '../../emulator.js';
import { drainRequestBody } from '../../http/framework-errors.js';
import { sendS3Error } from '../../http/presign.js';
import { boundaryOf, parseMultipart } from './multipart.js';
import { MAX_UPLOAD_BYTES, UPLOAD_PATH } from './upload.js';

/** Room for the form fields around the largest file. */
const FORM_OVERHEAD_BYTES = 64 * 1024;

export function uploadReceiverRoutes(app: FastifyInstance, state: Emulator): void {
  const bodyLimit = MAX_UPLOAD_BYTES + FORM_OVERHEAD_BYTES;
  app.route({
    method: 'POST',
    url: UPLOAD_PATH,
    bodyLimit,
    errorHandler: async (error, request, reply) => {
      const { code, statusCode = 500 } = error as { code?: string; statusCode?: number };
      if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
        if (!(await drainRequestBody(request))) reply.header('connection', 'close');
        return sendS3Error(request, reply, 400, 'EntityTooLarge', `Your proposed upload exceeds the maximum allowed size (${bodyLimit} bytes of form).`);
      }
      if (statusCode >= 400 && statusCode < 500) return sendS3Error(request, reply, statusCode, 'InvalidRequest', error.message);
      request.log.error({ err: error }, 'unhandled error in upload');
      return sendS3Error(request, reply, 500, 'InternalError', 'We encountered an internal error. Please try again.');
    },
    handler: async (request, reply) => {
      const boundary = boundaryOf(request.headers['content-type']);
      const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const parts = boundary === undefined ? undefined : parseMultipart(body, boundary);
      if (!parts) return sendS3Error(request, reply, 400, 'MalformedPOSTRequest', 'The body of your POST request is not well-formed multipart/form-data.');
      // S3 reads the fields before the file and ignores what follows it.
      const fields = new Map<string, string>();
      let file: Buffer | undefined;
      for (const part of parts) {
        if (part.name === 'file') {
          file = part.data;
          break;
        }
        // Field names are matched as S3 matches them: without regard to case, except for the value.
        fields.set(part.name === 'content-type' ? 'Content-Type' : part.name, part.data.toString('utf8'));
      }
      if (file === undefined) return sendS3Error(request, reply, 400, 'InvalidArgument', 'POST requires exactly one file upload per request.');
      const stored = state.uploads.receive(fields, file, state.clock.now());
      if ('code' in stored) return sendS3Error(request, reply, stored.status, stored.code, stored.message);
      return reply
        .code(204)
        .header('etag', `"${stored.etag}"`)
        .header('x-amz-request-id', request.id)
        .send();
    },
  });
}
