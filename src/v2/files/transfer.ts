// The routes v2 presigned URLs point at: a task's log and output files (GET) and uploads to an agent
// session (an S3-style POST of multipart/form-data). Not part of the contract: errors are S3's XML.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { drainRequestBody } from '../../http/framework-errors.js';
import { sendS3Error } from '../../http/presign.js';
import { findSessionAnywhere } from '../../sessions/find.js';
import type { Emulator } from '../../emulator.js';
import { mediaTypeEssence } from '../../workspaces/service.js';
import { boundaryOf, parseMultipart } from './multipart.js';
import { UPLOAD_SIGNED_KEYS, V2_TRANSFER_PREFIX, findTaskAnywhere, logText, outputContentType, outputFileOf, uploadBytesOf } from './service.js';

/** S3's POST form answers can carry more than the file; the file itself is at most 10 MiB (the contract). */
const UPLOAD_BODY_LIMIT = 10 * 1024 * 1024 + 64 * 1024;

function queryOf(request: FastifyRequest): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(request.query as Record<string, string | string[] | undefined>)) {
    out[key] = Array.isArray(value) ? value[value.length - 1] : value;
  }
  return out;
}

const signedPathOf = (request: FastifyRequest): string => request.url.split('?')[0] ?? '';

export function v2TransferRoutes(app: FastifyInstance, state: Emulator): void {
  const refuse = (request: FastifyRequest, reply: FastifyReply, method: string, keys: readonly string[] = []): FastifyReply | undefined => {
    const check = state.presigner.verify(signedPathOf(request), method, queryOf(request), state.clock.now(), keys);
    return check.ok ? undefined : sendS3Error(request, reply, 403, check.code, check.message);
  };

  app.get<{ Params: { taskId: string } }>(`${V2_TRANSFER_PREFIX}/tasks/:taskId/logs.txt`, async (request, reply) => {
    const refused = refuse(request, reply, 'GET');
    if (refused) return refused;
    const now = state.clock.now();
    const found = findTaskAnywhere(state.projects, request.params.taskId);
    if (!found) return sendS3Error(request, reply, 404, 'NoSuchKey', 'The specified key does not exist.');
    state.activity.settle(found.project, found.session, now);
    return reply.code(200).type('text/plain; charset=utf-8').header('cache-control', 'no-store').send(logText({ machine: state.machine, seed: state.seed, now }, found.session, found.task));
  });

  app.get<{ Params: { taskId: string; fileId: string } }>(`${V2_TRANSFER_PREFIX}/tasks/:taskId/output-files/:fileId`, async (request, reply) => {
    const refused = refuse(request, reply, 'GET');
    if (refused) return refused;
    const found = findTaskAnywhere(state.projects, request.params.taskId);
    const file = found ? outputFileOf(state, found.task, request.params.fileId) : undefined;
    if (!file) return sendS3Error(request, reply, 404, 'NoSuchKey', 'The specified key does not exist.');
    return reply
      .code(200)
      .type(outputContentType(file.fileName))
      .header('content-disposition', `attachment; filename="${file.fileName.replace(/["\\]/g, '_')}"`)
      .send(Buffer.from(file.content, 'utf8'));
  });

  app.route<{ Params: { sessionId: string } }>({
    method: 'POST',
    url: `${V2_TRANSFER_PREFIX}/uploads/:sessionId`,
    bodyLimit: UPLOAD_BODY_LIMIT,
    errorHandler: async (error, request, reply) => {
      const { code, statusCode = 500 } = error as { code?: string; statusCode?: number };
      if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
        if (!(await drainRequestBody(request))) reply.header('connection', 'close');
        return sendS3Error(request, reply, 400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size.');
      }
      if (statusCode >= 400 && statusCode < 500) return sendS3Error(request, reply, statusCode, 'InvalidRequest', error.message);
      request.log.error({ err: error }, 'unhandled error in session upload');
      return sendS3Error(request, reply, 500, 'InternalError', 'We encountered an internal error. Please try again.');
    },
    handler: async (request, reply) => {
      const refused = refuse(request, reply, 'POST', UPLOAD_SIGNED_KEYS);
      if (refused) return refused;
      const now = state.clock.now();
      const query = queryOf(request);
      const boundary = boundaryOf(request.headers['content-type']);
      const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const parts = boundary ? parseMultipart(body, boundary) : undefined;
      if (!parts) return sendS3Error(request, reply, 400, 'MalformedPOSTRequest', 'The body of your POST request is not well-formed multipart/form-data.');
      const fields = new Map(parts.filter((p) => p.fileName === null && p.name !== 'file').map((p) => [p.name, p.data.toString('utf8')]));
      const file = parts.find((p) => p.name === 'file');
      if (!file) return sendS3Error(request, reply, 400, 'InvalidArgument', 'POST requires exactly one file upload per request (a form field named "file", after the other fields).');
      const signedType = query['X-Bu-Content-Type'] ?? '';
      const fileName = query['X-Bu-File-Name'] ?? '';
      const sentType = fields.get('Content-Type') ?? fields.get('content-type') ?? file.contentType ?? '';
      if (mediaTypeEssence(sentType) !== mediaTypeEssence(signedType)) {
        return sendS3Error(request, reply, 403, 'AccessDenied', `Invalid according to Policy: Policy Condition failed: ["eq", "$Content-Type", "${signedType}"] (sent ${sentType || 'none'})`);
      }
      const signedSize = Number(query['X-Bu-Content-Length']);
      if (file.data.length > signedSize) return sendS3Error(request, reply, 400, 'EntityTooLarge', `Your proposed upload exceeds the maximum allowed size (${signedSize} bytes).`);
      if (file.data.length < signedSize) return sendS3Error(request, reply, 400, 'EntityTooSmall', `Your proposed upload is smaller than the minimum allowed size (${signedSize} bytes).`);
      const found = findSessionAnywhere(state.projects, request.params.sessionId);
      const data = found?.session.v2;
      if (!found || !data) return sendS3Error(request, reply, 404, 'NoSuchBucket', 'The session does not exist.');
      const replaced = data.uploads.get(fileName)?.bytes.length ?? 0;
      const used = found.project.workspaceBytes + uploadBytesOf(found.project) - replaced;
      if (used + file.data.length > state.config.maxStorageBytes) {
        return sendS3Error(request, reply, 403, 'QuotaExceeded', `The key's storage (BU_MOCK_MAX_STORAGE_BYTES, ${state.config.maxStorageBytes} bytes) has no room for ${file.data.length} more bytes.`);
      }
      // A copy: the parsed part is a view on the whole request body.
      data.uploads.set(fileName, { fileName, contentType: signedType, bytes: Uint8Array.prototype.slice.call(file.data), uploadedAt: now });
      return reply.code(204).header('x-amz-request-id', request.id).send();
    },
  });
}
