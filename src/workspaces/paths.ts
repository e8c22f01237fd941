// Path rules of workspace files. Paths are relative, '/'-separated and normalised ("a//b" and "./a/b"
// name "a/b"); anything that could escape the workspace or mean different things to different clients
// ("..", absolute paths, backslashes, control characters, percent escapes) is refused with a reason.

/** S3's limits: a key is at most 1024 bytes; one segment is kept to the usual file-name limit. */
export const MAX_PATH_BYTES = 1024;
export const MAX_SEGMENT_BYTES = 255;

export type PathCheck = { ok: true; path: string } | { ok: false; reason: string };

const CONTROL = /[\u0000-\u001f\u007f]/;
const PERCENT_ESCAPE = /%[0-9a-fA-F]{2}/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Checks the characters and segments; returns the kept segments and whether the text ended like a folder. */
function segmentsOf(raw: string): { ok: true; segments: string[]; folderEnd: boolean } | { ok: false; reason: string } {
  if (raw.includes('\u0000')) return { ok: false, reason: 'contains a NUL character' };
  if (CONTROL.test(raw)) return { ok: false, reason: 'contains a control character' };
  if (raw.includes('\\')) return { ok: false, reason: 'contains a backslash; separate folders with "/"' };
  if (PERCENT_ESCAPE.test(raw)) return { ok: false, reason: 'contains a percent-encoded sequence; send the decoded name' };
  if (LONE_SURROGATE.test(raw)) return { ok: false, reason: 'is not valid Unicode' };
  if (raw.startsWith('/')) return { ok: false, reason: 'is absolute; paths are relative to the workspace root' };
  const parts = raw.split('/');
  const segments: string[] = [];
  for (const part of parts) {
    if (part === '' || part === '.') continue;
    if (part === '..') return { ok: false, reason: 'contains a ".." segment' };
    if (Buffer.byteLength(part) > MAX_SEGMENT_BYTES) return { ok: false, reason: `has a segment longer than ${MAX_SEGMENT_BYTES} bytes` };
    segments.push(part);
  }
  const last = parts[parts.length - 1];
  const joined = segments.join('/');
  if (Buffer.byteLength(joined) > MAX_PATH_BYTES) return { ok: false, reason: `is longer than ${MAX_PATH_BYTES} bytes` };
  return { ok: true, segments, folderEnd: last === '' || last === '.' };
}

/** A path naming a file: normalised, not empty, not ending like a folder. */
export function normaliseFilePath(raw: string): PathCheck {
  const parsed = segmentsOf(raw);
  if (!parsed.ok) return parsed;
  if (parsed.segments.length === 0) return { ok: false, reason: 'is empty' };
  if (parsed.folderEnd) return { ok: false, reason: 'names a folder, not a file' };
  return { ok: true, path: parsed.segments.join('/') };
}

/** A listing prefix: normalised, may be empty; a trailing "/" is kept because it changes what matches. */
export function normalisePrefix(raw: string): PathCheck {
  const parsed = segmentsOf(raw);
  if (!parsed.ok) return parsed;
  const joined = parsed.segments.join('/');
  return { ok: true, path: joined !== '' && parsed.folderEnd ? `${joined}/` : joined };
}

/** A prefix taken as a folder ("uploads" and "uploads/" both mean "uploads/"); empty is the root. */
export function normaliseFolder(raw: string): PathCheck {
  const parsed = normalisePrefix(raw);
  if (!parsed.ok || parsed.path === '' || parsed.path.endsWith('/')) return parsed;
  return { ok: true, path: `${parsed.path}/` };
}

/** The path as it appears in a URL: each segment percent-encoded. */
export function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}
