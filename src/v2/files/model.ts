// What the emulator stores about a file uploaded through a v2 presigned form.

/** What an upload belongs to: an agent session or a standalone browser. */
export type UploadScope = 'sessions' | 'browsers';

export interface UploadedFile {
  scope: UploadScope;
  /** The session or browser the file was uploaded for. */
  ownerId: string;
  fileName: string;
  /** The type the form was signed for. */
  contentType: string;
  bytes: Buffer;
  /** Hex MD5 of the bytes, as S3 reports it. */
  etag: string;
  uploadedAt: number;
}

/** Where a file is kept in its project's `uploads`. */
export const uploadKey = (scope: UploadScope, ownerId: string, fileName: string): string => `${scope}/${ownerId}/${fileName}`;

/** Forgets the files uploaded for one owner (when the owner itself is forgotten or deleted). */
export function dropUploadsOf(project: { uploads: Map<string, UploadedFile>; uploadBytes: number }, scope: UploadScope, ownerId: string): void {
  if (project.uploads.size === 0) return;
  const prefix = uploadKey(scope, ownerId, '');
  for (const [key, file] of project.uploads) {
    if (!key.startsWith(prefix)) continue;
    project.uploads.delete(key);
    project.uploadBytes -= file.bytes.length;
  }
}
