// HTTP routes of the v2 Files tag that belong to agent sessions and tasks: the upload URL of a session
// and the download URL of a task's output file. (Browser uploads live with the browsers.)
import type { FastifyInstance } from 'fastify';
import type { UploadFileRequest } from '../../contract/types-v2.generated.js';
import { registerOperation } from '../../http/operation.js';
import type { Emulator } from '../../emulator.js';
import { outputFileNotFound, outputFileOf, outputFileUrlOf } from './service.js';

export function v2FileRoutes(app: FastifyInstance, state: Emulator): void {
  registerOperation<UploadFileRequest, unknown, { session_id: string }>(
    app,
    state,
    'agent_session_upload_file_presigned_url_files_sessions__session_id__presigned_url_post',
    (ctx) => {
      const session = state.v2Sessions.find(ctx.project, ctx.params.session_id, ctx.now);
      return { status: 200, body: state.uploads.presign(ctx.project, { scope: 'sessions', ownerId: session.id }, ctx.body, ctx) };
    },
    'v2',
  );

  registerOperation<unknown, unknown, { task_id: string; file_id: string }>(
    app,
    state,
    'get_task_output_file_presigned_url_files_tasks__task_id__output_files__file_id__get',
    (ctx) => {
      const { task } = state.v2Tasks.find(ctx.project, ctx.params.task_id, ctx.now);
      const file = outputFileOf(ctx, task, ctx.params.file_id);
      if (!file) throw outputFileNotFound();
      return { status: 200, body: { id: file.id, fileName: file.fileName, downloadUrl: outputFileUrlOf(ctx, task, file) } };
    },
    'v2',
  );
}
