// POST /files/browsers/{session_id}/presigned-url: an upload form for a standalone browser of the key.
import type { FastifyInstance } from 'fastify';
import type { Emulator } from '../../emulator.js';
import type { UploadFileRequest } from '../../contract/types-v2.generated.js';
import { registerOperation } from '../../http/operation.js';

export function v2BrowserFileRoutes(app: FastifyInstance, state: Emulator): void {
  registerOperation<UploadFileRequest, unknown, { session_id: string }>(
    app,
    state,
    'browser_session_upload_file_presigned_url_files_browsers__session_id__presigned_url_post',
    (ctx) => {
      // Another key's browser, or none: 404 Session not found. A stopped browser still gets a form.
      const browser = state.browsers.find(ctx.project, ctx.params.session_id);
      return { status: 200, body: state.uploads.presign(ctx.project, { scope: 'browsers', ownerId: browser.id }, ctx.body, ctx) };
    },
    'v2',
  );
}
