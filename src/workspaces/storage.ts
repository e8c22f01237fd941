// File bytes in memory: a sorted path index per workspace, byte accounting per key and in total, and
// the listing walk (prefix, cursor, shallow folders) over that index.
import { createHash } from 'node:crypto';
import type { Config } from '../config.js';
import type { Project } from '../store/projects.js';
import type { StoredFile, WorkspaceRecord } from './model.js';

/** First index whose path is >= key. */
function lowerBound(paths: readonly string[], key: string): number {
  let lo = 0;
  let hi = paths.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((paths[mid] ?? '') < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index whose path is > key. */
function upperBound(paths: readonly string[], key: string): number {
  let lo = 0;
  let hi = paths.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((paths[mid] ?? '') <= key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index past everything inside `folder` ("a/b/"): '0' is the character right after '/'. */
const pastFolder = (paths: readonly string[], folder: string): number => lowerBound(paths, `${folder.slice(0, -1)}0`);

const MIME: Record<string, string> = {
  csv: 'text/csv',
  json: 'application/json',
  md: 'text/markdown',
  txt: 'text/plain',
  py: 'text/x-python',
  html: 'text/html',
};

/** Media type of a file the emulator writes itself (run outputs, cached scripts). */
export function contentTypeOf(path: string): string {
  const ext = /\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase() ?? '';
  return MIME[ext] ?? 'application/octet-stream';
}

/** File bytes a key holds: its workspaces' and its v2 uploads', which share one quota. */
export const storedBytesOf = (project: Project): number => project.workspaceBytes + project.uploadBytes;

/** Bytes stored by every key together (projects can be dropped at any time, so it is summed, not tracked). */
export function totalStoredBytes(projects: { values(): Iterable<Project> }): number {
  let total = 0;
  for (const project of projects.values()) total += storedBytesOf(project);
  return total;
}

/**
 * Why writing `growth` more bytes for this key is refused, or undefined when it fits.
 * The per-key quota is checked first: it is the one a client can act on.
 */
export function quotaProblem(
  limits: Pick<Config, 'maxStorageBytes' | 'maxTotalStorageBytes'>,
  projects: { values(): Iterable<Project> },
  project: Project,
  growth: number,
): string | undefined {
  if (growth <= 0) return undefined;
  const { maxStorageBytes, maxTotalStorageBytes } = limits;
  const free = Math.max(0, maxStorageBytes - storedBytesOf(project));
  if (growth > free) {
    return `Storage quota exceeded: this needs ${growth} more bytes but only ${free} of the key's ${maxStorageBytes} bytes are free (BU_MOCK_MAX_STORAGE_BYTES).`;
  }
  const totalFree = Math.max(0, maxTotalStorageBytes - totalStoredBytes(projects));
  if (growth > totalFree) {
    return `Emulator storage is full: this needs ${growth} more bytes but only ${totalFree} of ${maxTotalStorageBytes} bytes are free across all keys (BU_MOCK_MAX_TOTAL_STORAGE_BYTES).`;
  }
  return undefined;
}

/**
 * The bytes in memory of their own. A small Buffer is often a view on a shared 8 KiB pool slab (request
 * bodies, Buffer.from of a short text): storing the view would keep the whole slab alive for as long as
 * the file exists, several times its size, and outside the byte budget.
 */
export function ownBytes(bytes: Buffer): Buffer {
  if (bytes.byteOffset === 0 && bytes.buffer.byteLength === bytes.length) return bytes;
  const copy = Buffer.allocUnsafeSlow(bytes.length);
  bytes.copy(copy);
  return copy;
}

/** Stores (or replaces) one file and keeps the byte counts right. The caller has checked the quota. */
export function writeFile(project: Project, ws: WorkspaceRecord, path: string, data: Buffer, contentType: string, at: number): StoredFile {
  const bytes = ownBytes(data);
  const previous = ws.files.get(path);
  const file: StoredFile = { path, bytes, contentType, lastModified: at, etag: createHash('md5').update(bytes).digest('hex') };
  if (previous) {
    ws.bytes -= previous.bytes.length;
    project.workspaceBytes -= previous.bytes.length;
  } else {
    ws.paths.splice(lowerBound(ws.paths, path), 0, path);
  }
  ws.files.set(path, file);
  ws.bytes += bytes.length;
  project.workspaceBytes += bytes.length;
  return file;
}

export function removeFile(project: Project, ws: WorkspaceRecord, path: string): boolean {
  const file = ws.files.get(path);
  if (!file) return false;
  ws.files.delete(path);
  const i = lowerBound(ws.paths, path);
  if (ws.paths[i] === path) ws.paths.splice(i, 1);
  ws.bytes -= file.bytes.length;
  project.workspaceBytes -= file.bytes.length;
  return true;
}

/** Drops every file of a workspace (when it is deleted). */
export function clearFiles(project: Project, ws: WorkspaceRecord): void {
  project.workspaceBytes -= ws.bytes;
  ws.bytes = 0;
  ws.files.clear();
  ws.paths.length = 0;
}

/** Size change if `path` is replaced by a file of `size` bytes. */
export function growthOf(ws: WorkspaceRecord, path: string, size: number): number {
  return size - (ws.files.get(path)?.bytes.length ?? 0);
}

export interface ListQuery {
  /** Normalised prefix; in shallow mode a folder ("" or ending with "/"). */
  prefix: string;
  /** Key of the last entry of the previous page (a file path, or a folder path ending with "/"). */
  after: string | null;
  limit: number;
  shallow: boolean;
}

export interface ListPage {
  files: StoredFile[];
  /** Names (not paths) of the folders directly below the prefix, shallow mode only. */
  folders: string[];
  /** Key of the last entry on this page, for the next cursor. */
  lastKey: string | null;
  hasMore: boolean;
}

/**
 * One page in path order. In shallow mode every folder directly below the prefix is one entry, in order
 * with the files (as S3 counts common prefixes), so `limit` bounds files and folders together.
 */
export function listPage(ws: WorkspaceRecord, query: ListQuery): ListPage {
  const { paths } = ws;
  let i = lowerBound(paths, query.prefix);
  if (query.after !== null) {
    const resume = query.after.endsWith('/') ? pastFolder(paths, query.after) : upperBound(paths, query.after);
    i = Math.max(i, resume);
  }
  const page: ListPage = { files: [], folders: [], lastKey: null, hasMore: false };
  let count = 0;
  while (i < paths.length) {
    const path = paths[i] ?? '';
    if (!path.startsWith(query.prefix)) break;
    if (count === query.limit) {
      page.hasMore = true;
      break;
    }
    count++;
    const slash = query.shallow ? path.indexOf('/', query.prefix.length) : -1;
    if (slash >= 0) {
      const folder = path.slice(0, slash + 1);
      page.folders.push(path.slice(query.prefix.length, slash));
      page.lastKey = folder;
      i = pastFolder(paths, folder);
      continue;
    }
    const file = ws.files.get(path);
    if (file) page.files.push(file);
    page.lastKey = path;
    i++;
  }
  return page;
}
