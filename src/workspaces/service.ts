// Workspace operations, independent of HTTP: CRUD, file listing and removal, upload URLs, and the part
// workspaces play in sessions: attaching to them, writing run outputs and caching scripts.
import type { Config } from '../config.js';
import type { FileListResponse, FileUploadItem } from '../contract/types.generated.js';
import { isoTime } from '../contract/serialize.js';
import type { ApiError } from '../http/errors.js';
import { detailError, valueError } from '../http/errors.js';
import type { Presigner } from '../http/presign.js';
import type { SessionActivity } from '../sessions/activity.js';
import type { SessionRecord, TaskRecord } from '../sessions/model.js';
import type { TaskInput, TaskPlan } from '../simulation/planner.js';
import { stableUuid } from '../simulation/random.js';
import type { SessionMachine } from '../simulation/session-machine.js';
import type { Pending } from '../store/pending.js';
import { pending } from '../store/pending.js';
import type { Project, ProjectStore } from '../store/projects.js';
import type { StoredFile, WorkspaceRecord } from './model.js';
import { encodePath, normaliseFilePath, normaliseFolder, normalisePrefix } from './paths.js';
import { cachingEnabled, scriptPathOf, scriptSource } from './scripts.js';
import type { ListPage } from './storage.js';
import { clearFiles, contentTypeOf, growthOf, listPage, quotaProblem, removeFile, storedBytesOf, writeFile } from './storage.js';

/** Upload URLs live five minutes, download URLs one (simulated time), as the contract describes. */
export const UPLOAD_URL_TTL_S = 300;
export const DOWNLOAD_URL_TTL_S = 60;

/** Where the presigned transfer routes live (outside the API prefix: the URLs carry no API key). */
export const TRANSFER_PREFIX = '/_mock/workspaces';

/** Query parameters covered by an upload URL's signature besides the X-Amz-* ones. */
export const UPLOAD_SIGNED_KEYS = ['X-Amz-SignedHeaders', 'X-Bu-Content-Length', 'X-Bu-Content-Type'] as const;

export const workspaceNotFound = (): ApiError => detailError(404, 'Workspace not found');

/** A pydantic value_error on one query parameter (the list and delete operations declare no 400). */
const queryValueError = (name: string, input: string, message: string): ApiError => valueError(['query', name], input, message);

/** The media type without parameters, lowercased: "Text/CSV; charset=utf-8" and "text/csv" are the same type. */
export const mediaTypeEssence = (value: string | undefined): string => (value ?? '').split(';')[0]?.trim().toLowerCase() ?? '';

/** The emulator's memory budget: room for one more workspace across all keys. */
export interface WorkspaceBudget {
  assertRoomForWorkspace(): void;
}

export type WorkspaceLimits = Pick<Config, 'maxWorkspacesPerKey' | 'maxFileBytes' | 'maxStorageBytes' | 'maxTotalStorageBytes'>;

export interface FileListQuery {
  prefix: string;
  limit: number;
  cursor: string | null;
  includeUrls: boolean;
  shallow: boolean;
}

export interface UploadTarget {
  name: string;
  path: string;
  uploadUrl: string;
}

/** Body of GET /workspaces/{id}/size (the contract leaves its shape open). */
export interface WorkspaceSize {
  workspaceId: string;
  /** Bytes stored in this workspace. */
  usedBytes: number;
  fileCount: number;
  /** Storage the key may use across all its workspaces. */
  quotaBytes: number;
  /** Storage the key uses across all its workspaces. */
  quotaUsedBytes: number;
  /** Largest single file accepted. */
  maxFileBytes: number;
}

export class WorkspaceService {
  /** Which key owns a workspace id: presigned URLs carry no API key. Stale entries are dropped on lookup. */
  private readonly owners = new Map<string, string>();
  private ownersCeiling = 1024;

  constructor(
    private readonly seed: string,
    private readonly config: WorkspaceLimits,
    private readonly presigner: Presigner,
    private readonly machine: SessionMachine,
    private readonly activity: SessionActivity,
    private readonly projects: ProjectStore,
    private readonly budget: WorkspaceBudget,
  ) {}

  // ---- workspaces ----

  create(project: Project, name: string | null, now: number): Pending<WorkspaceRecord> {
    const cap = this.config.maxWorkspacesPerKey;
    if (project.workspaceOrder.length >= cap) {
      throw detailError(400, `Workspace limit reached: this key already has ${cap} workspaces (BU_MOCK_MAX_WORKSPACES_PER_KEY). Delete one first.`);
    }
    this.budget.assertRoomForWorkspace();
    const id = stableUuid(this.seed, project.key, 'workspace', project.peekCounter('workspace'));
    const ws: WorkspaceRecord = {
      id,
      projectKey: project.key,
      name,
      createdAt: now,
      updatedAt: now,
      files: new Map(),
      paths: [],
      bytes: 0,
      attached: new Set(),
      deleted: false,
    };
    return pending(ws, () => {
      project.takeCounter('workspace');
      project.workspaces.set(id, ws);
      project.workspaceOrder.push(ws);
      this.owners.set(id, project.key);
      if (this.owners.size > this.ownersCeiling) this.rebuildOwners();
    });
  }

  /** Projects can be reset or evicted without telling this service: rebuild the index when it has grown stale. */
  private rebuildOwners(): void {
    this.owners.clear();
    for (const project of this.projects.values()) {
      for (const id of project.workspaces.keys()) this.owners.set(id, project.key);
    }
    this.ownersCeiling = Math.max(1024, this.owners.size * 2);
  }

  find(project: Project, id: string): WorkspaceRecord {
    const ws = project.workspaces.get(id);
    if (!ws || ws.deleted) throw workspaceNotFound();
    return ws;
  }

  /** Newest first, by creation. */
  list(project: Project, pageNumber: number, pageSize: number): { items: WorkspaceRecord[]; total: number } {
    const order = project.workspaceOrder;
    const items: WorkspaceRecord[] = [];
    const start = order.length - 1 - (pageNumber - 1) * pageSize;
    for (let i = start; i > start - pageSize && i >= 0; i--) {
      const ws = order[i];
      if (ws) items.push(ws);
    }
    return { items, total: order.length };
  }

  /** PATCH: only a `name` key present in the body changes anything (null clears the name). */
  update(ws: WorkspaceRecord, rawBody: unknown, name: string | null | undefined, now: number): void {
    if (typeof rawBody !== 'object' || rawBody === null || !('name' in rawBody)) return;
    ws.name = name ?? null;
    ws.updatedAt = now;
  }

  /** Removes the workspace and its files. Sessions using it keep running; what they would write is dropped. */
  delete(project: Project, ws: WorkspaceRecord): void {
    clearFiles(project, ws);
    ws.deleted = true;
    ws.attached.clear();
    project.workspaces.delete(ws.id);
    const i = project.workspaceOrder.lastIndexOf(ws);
    if (i >= 0) project.workspaceOrder.splice(i, 1);
    this.owners.delete(ws.id);
  }

  // ---- sessions ----

  /** A new session with this key's workspace joins the sessions whose runs write into it. */
  attach(project: Project, session: SessionRecord): void {
    if (!session.workspaceId) return;
    const ws = project.workspaces.get(session.workspaceId);
    if (!ws) return;
    for (const other of ws.attached) {
      if (other.deleted || this.machine.isTerminal(other)) ws.attached.delete(other);
    }
    ws.attached.add(session);
  }

  /** Brings the sessions using this workspace up to `now`, so that runs that have ended have written their files. */
  settleAttached(project: Project, ws: WorkspaceRecord, now: number, except?: SessionRecord): void {
    for (const session of ws.attached) {
      if (session === except) continue;
      if (!session.deleted) this.activity.settle(project, session, now);
      if (session.deleted || this.machine.isTerminal(session)) ws.attached.delete(session);
    }
  }

  /** A cached script for the task's template turns the run into a replay (no LLM cost, faster steps). */
  prepareTask(project: Project, session: SessionRecord, input: TaskInput, now: number): TaskInput {
    if (!session.workspaceId || !cachingEnabled(session.cacheScript, input.task)) return input;
    const ws = project.workspaces.get(session.workspaceId);
    if (!ws) return input;
    this.settleAttached(project, ws, now, session);
    return ws.files.has(scriptPathOf(input.task)) ? { ...input, cachedScript: true } : input;
  }

  /** A successful run writes the files its task asked for and, when caching applies, its script. */
  writeRunFiles(session: SessionRecord, task: TaskRecord, planOf: () => TaskPlan): void {
    if (!session.workspaceId || task.end !== 'success' || task.endedAt === null) return;
    const project = this.projects.peek(session.projectKey);
    const ws = project?.workspaces.get(session.workspaceId);
    if (!project || !ws || ws.deleted) return;
    const at = task.endedAt;
    const plan = planOf();
    for (const file of plan.files) {
      const path = normaliseFilePath(file.path);
      if (path.ok) this.writeIfFits(project, ws, path.path, Buffer.from(file.content, 'utf8'), at);
    }
    if (cachingEnabled(session.cacheScript, task.input.task) && !task.input.cachedScript) {
      const source = scriptSource(task.input.task, plan, session.id, at);
      this.writeIfFits(project, ws, scriptPathOf(task.input.task), Buffer.from(source, 'utf8'), at);
    }
  }

  /** Files written by runs obey the same quotas as uploads; one that does not fit is not written. */
  private writeIfFits(project: Project, ws: WorkspaceRecord, path: string, bytes: Buffer, at: number): void {
    if (bytes.length > this.config.maxFileBytes) return;
    if (quotaProblem(this.config, this.projects, project, growthOf(ws, path, bytes.length))) return;
    writeFile(project, ws, path, bytes, contentTypeOf(path), at);
  }

  // ---- files ----

  listFiles(project: Project, ws: WorkspaceRecord, query: FileListQuery, baseUrl: string, now: number): FileListResponse {
    const prefix = query.shallow ? normaliseFolder(query.prefix) : normalisePrefix(query.prefix);
    if (!prefix.ok) throw queryValueError('prefix', query.prefix, `prefix ${prefix.reason}`);
    const after = query.cursor === null || query.cursor === '' ? null : decodeCursor(query.cursor);
    if (after === undefined) throw queryValueError('cursor', query.cursor ?? '', 'cursor is not a nextCursor value of this listing');
    this.settleAttached(project, ws, now);
    const page: ListPage = listPage(ws, { prefix: prefix.path, after, limit: query.limit, shallow: query.shallow });
    return {
      files: page.files.map((f) => ({
        path: f.path,
        size: f.bytes.length,
        lastModified: isoTime(f.lastModified),
        ...(query.includeUrls ? { url: this.downloadUrl(ws, f, baseUrl, now) } : {}),
      })),
      folders: page.folders,
      nextCursor: page.hasMore && page.lastKey !== null ? encodeCursor(page.lastKey) : null,
      hasMore: page.hasMore,
    };
  }

  private downloadUrl(ws: WorkspaceRecord, file: StoredFile, baseUrl: string, now: number): string {
    return this.presigner.sign(baseUrl, transferPath(ws.id, file.path), 'GET', now, DOWNLOAD_URL_TTL_S);
  }

  /** DELETE .../files?path=: 404 when there is no such file. */
  deleteFile(project: Project, ws: WorkspaceRecord, rawPath: string, now: number): void {
    const path = normaliseFilePath(rawPath);
    if (!path.ok) throw queryValueError('path', rawPath, `path ${path.reason}`);
    this.settleAttached(project, ws, now);
    if (!removeFile(project, ws, path.path)) throw detailError(404, 'File not found');
  }

  size(project: Project, ws: WorkspaceRecord, now: number): WorkspaceSize {
    this.settleAttached(project, ws, now);
    return {
      workspaceId: ws.id,
      usedBytes: ws.bytes,
      fileCount: ws.files.size,
      quotaBytes: this.config.maxStorageBytes,
      quotaUsedBytes: storedBytesOf(project),
      maxFileBytes: this.config.maxFileBytes,
    };
  }

  /** POST .../files/upload: one presigned PUT URL per file, after the path and quota checks. */
  requestUploads(project: Project, ws: WorkspaceRecord, rawPrefix: string, items: FileUploadItem[], baseUrl: string, now: number): UploadTarget[] {
    const folder = normaliseFolder(rawPrefix);
    if (!folder.ok) throw detailError(400, `Invalid prefix ${JSON.stringify(rawPrefix)}: it ${folder.reason}.`);
    const maxFile = this.config.maxFileBytes;
    const planned = new Map<string, number>();
    const targets: { item: FileUploadItem; path: string; size: number }[] = [];
    for (const item of items) {
      const path = normaliseFilePath(`${folder.path}${item.name}`);
      if (!path.ok) throw detailError(400, `Invalid file name ${JSON.stringify(item.name)}: the path ${path.reason}.`);
      const size = item.size ?? null;
      if (size === null) throw detailError(400, `File ${JSON.stringify(item.name)} has no size: workspace uploads need the size in bytes to check the storage quota.`);
      if (size > maxFile) {
        throw detailError(400, `File ${JSON.stringify(item.name)} is ${size} bytes; a workspace file may hold at most ${maxFile} bytes (BU_MOCK_MAX_FILE_BYTES).`);
      }
      planned.set(path.path, size);
      targets.push({ item, path: path.path, size });
    }
    this.settleAttached(project, ws, now);
    let growth = 0;
    for (const [path, size] of planned) growth += growthOf(ws, path, size);
    const problem = quotaProblem(this.config, this.projects, project, growth);
    if (problem) throw detailError(400, problem);
    return targets.map(({ item, path, size }) => ({
      name: item.name,
      path,
      uploadUrl: this.presigner.sign(baseUrl, transferPath(ws.id, path), 'PUT', now, UPLOAD_URL_TTL_S, {
        'X-Amz-SignedHeaders': 'content-length;content-type;host',
        'X-Bu-Content-Length': String(size),
        'X-Bu-Content-Type': item.contentType ?? 'application/octet-stream',
      }),
    }));
  }

  // ---- transfer routes ----

  /** The workspace a presigned URL names, if it still exists. */
  resolve(workspaceId: string): { project: Project; ws: WorkspaceRecord } | undefined {
    const key = this.owners.get(workspaceId);
    if (key === undefined) return undefined;
    const project = this.projects.peek(key);
    const ws = project?.workspaces.get(workspaceId);
    if (!project || !ws || ws.deleted) {
      // The key's project was reset or evicted.
      this.owners.delete(workspaceId);
      return undefined;
    }
    return { project, ws };
  }

  /** Stores the bytes of a verified PUT; returns the refusal message when the quota no longer allows it. */
  storeUpload(project: Project, ws: WorkspaceRecord, path: string, bytes: Buffer, contentType: string, now: number): StoredFile | string {
    this.settleAttached(project, ws, now);
    const problem = quotaProblem(this.config, this.projects, project, growthOf(ws, path, bytes.length));
    if (problem) return problem;
    return writeFile(project, ws, path, bytes, contentType, now);
  }
}

/** The path a presigned URL signs: the workspace id and the file path, each segment percent-encoded. */
export const transferPath = (workspaceId: string, path: string): string => `${TRANSFER_PREFIX}/${workspaceId}/files/${encodePath(path)}`;

/** Cursors are opaque to clients: the key of the last entry of the page, base64url-encoded. */
export const encodeCursor = (key: string): string => Buffer.from(key, 'utf8').toString('base64url');

function decodeCursor(cursor: string): string | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) return undefined;
  const key = Buffer.from(cursor, 'base64url').toString('utf8');
  return key !== '' && encodeCursor(key) === cursor ? key : undefined;
}
