// HTTP routes of the Workspaces tag: thin adapters from validated input to WorkspaceService, plus the
// presigned transfer routes the upload and download URLs point at.
import type { FastifyInstance } from 'fastify';
import type {
  FileUploadRequest,
  WorkspaceCreateRequest,
  WorkspaceUpdateRequest,
  WorkspaceView,
} from '../contract/types.generated.js';
import { isoTime } from '../contract/serialize.js';
import type { Emulator } from '../emulator.js';
import { registerOperation } from '../http/operation.js';
import type { WorkspaceRecord } from './model.js';
import type { FileListQuery } from './service.js';
import { transferRoutes } from './transfer.js';

type WorkspaceParams = { workspace_id: string };

export function workspaceView(ws: WorkspaceRecord): WorkspaceView {
  return { id: ws.id, name: ws.name, createdAt: isoTime(ws.createdAt), updatedAt: isoTime(ws.updatedAt) };
}

export function workspaceRoutes(app: FastifyInstance, state: Emulator): void {
  const { workspaces } = state;

  registerOperation<unknown, { pageSize: number; pageNumber: number }>(app, state, 'list_workspaces_workspaces_get', (ctx) => {
    const { pageSize, pageNumber } = ctx.query;
    const { items, total } = workspaces.list(ctx.project, pageNumber, pageSize);
    return { status: 200, body: { items: items.map(workspaceView), totalItems: total, pageNumber, pageSize } };
  });

  registerOperation<WorkspaceCreateRequest | null>(app, state, 'create_workspace_workspaces_post', (ctx) => {
    const change = workspaces.create(ctx.project, ctx.body?.name ?? null, ctx.now);
    return { status: 201, body: workspaceView(change.record), commit: change.commit };
  });

  registerOperation<unknown, unknown, WorkspaceParams>(app, state, 'get_workspace_workspaces__workspace_id__get', (ctx) => {
    return { status: 200, body: workspaceView(workspaces.find(ctx.project, ctx.params.workspace_id)) };
  });

  registerOperation<WorkspaceUpdateRequest, unknown, WorkspaceParams>(app, state, 'update_workspace_workspaces__workspace_id__patch', (ctx) => {
    const ws = workspaces.find(ctx.project, ctx.params.workspace_id);
    workspaces.update(ws, ctx.rawBody, ctx.body.name, ctx.now);
    return { status: 200, body: workspaceView(ws) };
  });

  registerOperation<unknown, unknown, WorkspaceParams>(app, state, 'delete_workspace_workspaces__workspace_id__delete', (ctx) => {
    workspaces.delete(ctx.project, workspaces.find(ctx.project, ctx.params.workspace_id));
    return { status: 204 };
  });

  registerOperation<unknown, FileListQuery, WorkspaceParams>(app, state, 'list_workspace_files_workspaces__workspace_id__files_get', (ctx) => {
    const ws = workspaces.find(ctx.project, ctx.params.workspace_id);
    return { status: 200, body: workspaces.listFiles(ctx.project, ws, ctx.query, ctx.baseUrl, ctx.now) };
  });

  registerOperation<unknown, { path: string }, WorkspaceParams>(app, state, 'delete_workspace_file_workspaces__workspace_id__files_delete', (ctx) => {
    const ws = workspaces.find(ctx.project, ctx.params.workspace_id);
    workspaces.deleteFile(ctx.project, ws, ctx.query.path, ctx.now);
    return { status: 204 };
  });

  registerOperation<unknown, unknown, WorkspaceParams>(app, state, 'get_workspace_size_workspaces__workspace_id__size_get', (ctx) => {
    const ws = workspaces.find(ctx.project, ctx.params.workspace_id);
    return { status: 200, body: workspaces.size(ctx.project, ws, ctx.now) };
  });

  registerOperation<FileUploadRequest, { prefix: string }, WorkspaceParams>(
    app,
    state,
    'upload_workspace_files_workspaces__workspace_id__files_upload_post',
    (ctx) => {
      const ws = workspaces.find(ctx.project, ctx.params.workspace_id);
      const files = workspaces.requestUploads(ctx.project, ws, ctx.query.prefix, ctx.body.files, ctx.baseUrl, ctx.now);
      return { status: 200, body: { files } };
    },
  );

  transferRoutes(app, state, workspaces);
}
