// The routes presigned workspace URLs point at: PUT stores a file's bytes, GET serves them. They are not
// part of the API contract and answer errors the way S3 does (XML bodies), since clients treat the
// URLs as S3 URLs. The signature is the only credential: no API key is needed or read.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { drainRequestBody } from '../http/framework-errors.js';
import { sendS3Error } from '../http/presign.js';
import type { Emulator } from '../emulator.js';
import type { WorkspaceService } from './service.js';
import { TRANSFER_PREFIX, UPLOAD_SIGNED_KEYS, mediaTypeEssence } from './service.js';
import { queryOf } from '../http/query.js';

interface Target {
  /** The path exactly as the URL carries it: the signature covers this text. */
  signedPath: string;
  workspaceId: string;
  path: string;
}

/** Splits /_mock/workspaces/<id>/files/<encoded path> without trusting the router's decoding. */
function targetOf(request: FastifyRequest): Target | undefined {
  const signedPath = request.url.split('?')[0] ?? '';
  const rest = signedPath.slice(TRANSFER_PREFIX.length + 1);
  const slash = rest.indexOf('/');
  if (slash < 0 || !rest.startsWith('files/', slash + 1)) return undefined;
  try {
    const path = rest
      .slice(slash + 1 + 'files/'.length)
      .split('/')
      .map(decodeURIComponent)
      .join('/');
    return { signedPath, workspaceId: rest.slice(0, slash), path };
  } catch {
    return undefined;
  }
}


export function transferRoutes(app: FastifyInstance, state: Emulator, workspaces: WorkspaceService): void {
  const url = `${TRANSFER_PREFIX}/:workspaceId/files/*`;
  const maxFile = state.config.maxFileBytes;

  app.route({
    method: 'PUT',
    url,
    // A whole file arrives in one request: the per-file cap, not the JSON body limit, bounds it.
    bodyLimit: maxFile,
    errorHandler: async (error, request, reply) => {
      const { code, statusCode = 500 } = error as { code?: string; statusCode?: number };
      if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
        // Read the rest first, or the client may see a reset instead of the answer.
        if (!(await drainRequestBody(request))) reply.header('connection', 'close');
        return sendS3Error(request, reply, 400, 'EntityTooLarge', `The file is larger than the ${maxFile} bytes a workspace file may hold (BU_MOCK_MAX_FILE_BYTES).`);
      }
      if (statusCode >= 400 && statusCode < 500) return sendS3Error(request, reply, statusCode, 'InvalidRequest', error.message);
      request.log.error({ err: error }, 'unhandled error in workspace upload');
      return sendS3Error(request, reply, 500, 'InternalError', 'We encountered an internal error. Please try again.');
    },
    handler: async (request, reply) => {
      const now = state.clock.now();
      const target = targetOf(request);
      const query = queryOf(request);
      const check = target
        ? state.presigner.verify(target.signedPath, 'PUT', query, now, UPLOAD_SIGNED_KEYS)
        : ({ ok: false, code: 'SignatureDoesNotMatch', message: 'The request signature we calculated does not match the signature you provided.' } as const);
      if (!check.ok || !target) return sendS3Error(request, reply, 403, check.ok ? 'AccessDenied' : check.code, check.ok ? 'Access Denied' : check.message);
      const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const signedType = query['X-Bu-Content-Type'] ?? '';
      const sentType = request.headers['content-type'];
      if (mediaTypeEssence(sentType) !== mediaTypeEssence(signedType)) {
        return sendS3Error(request, reply, 403, 'SignatureDoesNotMatch', `The Content-Type header (${sentType ?? 'none'}) does not match the type this URL was signed for (${signedType}).`);
      }
      const signedSize = Number(query['X-Bu-Content-Length']);
      if (body.length !== signedSize) {
        return sendS3Error(request, reply, 403, 'SignatureDoesNotMatch', `The body is ${body.length} bytes but this URL was signed for ${signedSize} bytes.`);
      }
      const found = workspaces.resolve(target.workspaceId);
      if (!found) return sendS3Error(request, reply, 404, 'NoSuchBucket', 'The workspace does not exist.');
      const stored = workspaces.storeUpload(found.project, found.ws, target.path, body, signedType, now);
      if (typeof stored === 'string') return sendS3Error(request, reply, 403, 'QuotaExceeded', stored);
      return reply.code(200).header('etag', `"${stored.etag}"`).header('x-amz-request-id', request.id).send();
    },
  });

  app.route({
    method: 'GET',
    url,
    handler: async (request, reply) => {
      const now = state.clock.now();
      const target = targetOf(request);
      const check = target
        ? state.presigner.verify(target.signedPath, 'GET', queryOf(request), now)
        : ({ ok: false, code: 'SignatureDoesNotMatch', message: 'The request signature we calculated does not match the signature you provided.' } as const);
      if (!check.ok || !target) return sendS3Error(request, reply, 403, check.ok ? 'AccessDenied' : check.code, check.ok ? 'Access Denied' : check.message);
      const file = workspaces.resolve(target.workspaceId)?.ws.files.get(target.path);
      if (!file) return sendS3Error(request, reply, 404, 'NoSuchKey', 'The specified key does not exist.');
      return reply
        .code(200)
        .header('content-type', file.contentType || 'application/octet-stream')
        .header('etag', `"${file.etag}"`)
        .header('last-modified', new Date(file.lastModified).toUTCString())
        .header('x-amz-request-id', request.id)
        .send(file.bytes);
    },
  });
}
