// The routes v2 presigned download URLs point at: a task's log and output files. Not part of the
// contract: errors are S3's XML. (Upload forms are posted to receiver.ts.)
import type { FastifyInstance } from 'fastify';
import { sendS3Error } from '../../http/presign.js';
import type { Emulator } from '../../emulator.js';
import { checkSigned } from '../../web/presigned.js';
import { V2_TRANSFER_PREFIX, findTaskAnywhere, logText, outputContentType, outputFileOf } from './service.js';

export function v2TransferRoutes(app: FastifyInstance, state: Emulator): void {
  app.get<{ Params: { taskId: string } }>(`${V2_TRANSFER_PREFIX}/tasks/:taskId/logs.txt`, async (request, reply) => {
    // A bad signature or an expired URL has been answered with S3's 403.
    if (!checkSigned(state, request, reply)) return reply;
    const now = state.clock.now();
    const found = findTaskAnywhere(state.projects, request.params.taskId);
    if (!found) return sendS3Error(request, reply, 404, 'NoSuchKey', 'The specified key does not exist.');
    state.activity.settle(found.project, found.session, now);
    return reply.code(200).type('text/plain; charset=utf-8').header('cache-control', 'no-store').send(logText({ machine: state.machine, seed: state.seed, now }, found.session, found.task));
  });

  app.get<{ Params: { taskId: string; fileId: string } }>(`${V2_TRANSFER_PREFIX}/tasks/:taskId/output-files/:fileId`, async (request, reply) => {
    // A bad signature or an expired URL has been answered with S3's 403.
    if (!checkSigned(state, request, reply)) return reply;
    const found = findTaskAnywhere(state.projects, request.params.taskId);
    const file = found ? outputFileOf(state, found.task, request.params.fileId) : undefined;
    if (!file) return sendS3Error(request, reply, 404, 'NoSuchKey', 'The specified key does not exist.');
    return reply
      .code(200)
      .type(outputContentType(file.fileName))
      .header('content-disposition', `attachment; filename="${file.fileName.replace(/["\\]/g, '_')}"`)
      .send(Buffer.from(file.content, 'utf8'));
  });
}
