// What the emulator stores about a workspace and its files. File bytes live in memory, bounded by the
// caps in the configuration (see storage.ts).
import type { SessionRecord } from '../sessions/model.js';

export interface StoredFile {
  /** Normalised path relative to the workspace root (no leading or trailing slash). */
  path: string;
  bytes: Buffer;
  /** Media type given when the upload URL was requested; served back on download. */
  contentType: string;
  lastModified: number;
  /** Hex MD5 of the bytes, as S3 reports it for single-part uploads. */
  etag: string;
}

export interface WorkspaceRecord {
  id: string;
  /** API key of the owning project. */
  projectKey: string;
  name: string | null;
  createdAt: number;
  updatedAt: number;
  files: Map<string, StoredFile>;
  /** The keys of `files`, kept sorted so listings page with binary search. */
  paths: string[];
  /** Sum of the sizes of `files`. */
  bytes: number;
  /**
   * Sessions created with this workspace whose tasks may still write into it. Sessions settle lazily,
   * so file operations settle these first; terminal and deleted sessions are dropped from the set.
   */
  attached: Set<SessionRecord>;
  deleted: boolean;
}
