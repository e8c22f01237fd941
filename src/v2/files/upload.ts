// Presigned POST uploads of v2 (POST /files/sessions/{id}/presigned-url and
// POST /files/browsers/{id}/presigned-url). The operation hands out an S3-style form: a signed policy
// naming the file's key, content type and exact size. The form is posted, as multipart/form-data, to
// the emulator itself (POST /_mock/uploads), which checks it the way S3 checks a POST policy and keeps
// the bytes in memory, inside the key's file storage quota. Errors on that URL are S3's XML.
//
// To offer uploads for another kind of owner: look the owner up (404 as the operation declares), then
// `state.uploads.presign(project, { scope, ownerId }, body, ctx)`; `filesOf` lists what arrived.
import { createHash } from 'node:crypto';
import type { Config } from '../../config.js';
import type { UploadFilePresignedUrlResponse, UploadFileRequest } from '../../contract/types-v2.generated.js';
import { projectIdOf } from '../../billing/service.js';
import { detailError } from '../../http/errors.js';
import type { Project, ProjectStore } from '../../store/projects.js';
import { ownBytes, quotaProblem } from '../../workspaces/storage.js';
import type { UploadScope, UploadedFile } from './model.js';
import { uploadKey } from './model.js';

/** Where forms are posted, under the emulator's own origin. */
export const UPLOAD_PATH = '/_mock/uploads';
/** Simulated seconds a form is accepted for. */
export const UPLOAD_TTL_S = 300;
/** The largest file the v2 contract lets a form declare (`sizeBytes` ≤ 10 MiB). */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
export const UPLOAD_BUCKET = 'browser-use-mock-uploads';

export interface UploadTarget {
  scope: UploadScope;
  ownerId: string;
}

/** Whether the owner of an upload still exists when the form arrives. */
export type OwnerLookup = (project: Project, ownerId: string) => boolean;

/** The decoded policy of a form. */
interface UploadPolicy {
  expiration: string;
  conditions: [{ bucket: string }, { key: string }, { 'Content-Type': string }, ['content-length-range', number, number]];
}

/** What a form post may be refused with: an S3 error code, its status and message. */
export interface UploadRefusal {
  status: number;
  code: string;
  message: string;
}

const amzDate = (ms: number): string => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

/** File name extensions each accepted content type may carry. */
export const EXTENSIONS: Record<UploadFileRequest['contentType'], readonly string[]> = {
  'image/jpg': ['jpg', 'jpeg'],
  'image/jpeg': ['jpg', 'jpeg'],
  'image/png': ['png'],
  'image/gif': ['gif'],
  'image/webp': ['webp'],
  'image/svg+xml': ['svg'],
  'application/pdf': ['pdf'],
  'application/msword': ['doc'],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['docx'],
  'application/vnd.ms-excel': ['xls'],
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ['xlsx'],
  'text/plain': ['txt', 'text', 'log'],
  'text/csv': ['csv'],
  'text/markdown': ['md', 'markdown'],
};

/** Why a file name cannot be stored as given, or undefined. */
export function fileNameProblem(name: string): string | undefined {
  if (name === '.' || name === '..') return `File name ${JSON.stringify(name)} is not a file name.`;
  if (/[/\\]/.test(name)) return `File name ${JSON.stringify(name)} must not contain "/" or "\\": uploads are single files, not paths.`;
  if (/[\u0000-\u001f\u007f]/.test(name)) return `File name ${JSON.stringify(name)} contains a control character.`;
  if (/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(name)) return `File name ${JSON.stringify(name)} is not valid Unicode.`;
  return undefined;
}

export class UploadService {
  /** Project ids handed out in forms → API keys, so that a form names its key without carrying it. */
  private readonly keysById = new Map<string, string>();

  constructor(
    private readonly signer: { signText(text: string): string; verifyText(text: string, signature: string): boolean },
    private readonly limits: Pick<Config, 'maxFileBytes' | 'maxStorageBytes' | 'maxTotalStorageBytes'>,
    private readonly projects: ProjectStore,
    private readonly owners: Readonly<Record<UploadScope, OwnerLookup>>,
  ) {}

  /**
   * The form for one file of an owner the caller has found. 400 when the name cannot be stored, the size
   * is over the per-file cap, or the key's (or the emulator's) file storage has no room for it.
   */
  presign(project: Project, target: UploadTarget, file: UploadFileRequest, ctx: { baseUrl: string; now: number }): UploadFilePresignedUrlResponse {
    const nameProblem = fileNameProblem(file.fileName);
    if (nameProblem) throw detailError(400, nameProblem);
    // A name with an extension must carry one of its declared type; a name without one is taken as is.
    const ext = /\.([^./]+)$/.exec(file.fileName)?.[1]?.toLowerCase();
    const allowed = EXTENSIONS[file.contentType];
    if (ext !== undefined && !allowed.includes(ext)) {
      throw detailError(400, `Unsupported content type: a .${ext} file cannot be uploaded as ${file.contentType} (expected .${allowed.join(' or .')})`);
    }
    const maxBytes = Math.min(MAX_UPLOAD_BYTES, this.limits.maxFileBytes);
    if (file.sizeBytes > maxBytes) throw detailError(400, `File is ${file.sizeBytes} bytes; the largest upload is ${maxBytes} bytes (BU_MOCK_MAX_FILE_BYTES).`);
    const quota = quotaProblem(this.limits, this.projects, project, this.growthOf(project, target, file.fileName, file.sizeBytes));
    if (quota) throw detailError(400, quota);

    const projectId = projectIdOf(project.key);
    this.rememberKey(projectId, project.key);
    const date = amzDate(ctx.now);
    const policy: UploadPolicy = {
      expiration: new Date(ctx.now + UPLOAD_TTL_S * 1000).toISOString(),
      conditions: [
        { bucket: UPLOAD_BUCKET },
        { key: `${projectId}/${uploadKey(target.scope, target.ownerId, file.fileName)}` },
        { 'Content-Type': file.contentType },
        ['content-length-range', file.sizeBytes, file.sizeBytes],
      ],
    };
    const encoded = Buffer.from(JSON.stringify(policy)).toString('base64');
    return {
      url: `${ctx.baseUrl}${UPLOAD_PATH}`,
      method: 'POST',
      fields: {
        key: policy.conditions[1].key,
        'Content-Type': file.contentType,
        'x-amz-algorithm': 'AWS4-HMAC-SHA256',
        'x-amz-credential': `browser-use-mock/${date.slice(0, 8)}/us-east-1/s3/aws4_request`,
        'x-amz-date': date,
        policy: encoded,
        'x-amz-signature': this.signer.signText(encoded),
      },
      fileName: file.fileName,
      expiresIn: UPLOAD_TTL_S,
    };
  }

  /**
   * Checks a posted form (its text fields and the file part) as S3 checks a POST policy, and stores the
   * file. Returns the stored file, or the S3 error to answer.
   */
  receive(fields: ReadonlyMap<string, string>, bytes: Buffer, now: number): UploadedFile | UploadRefusal {
    const encoded = fields.get('policy');
    const signature = fields.get('x-amz-signature');
    const key = fields.get('key');
    if (encoded === undefined || signature === undefined) {
      return { status: 403, code: 'AccessDenied', message: 'Bucket POST must contain a field named policy and x-amz-signature.' };
    }
    if (key === undefined) return { status: 400, code: 'InvalidArgument', message: "Bucket POST must contain a field named 'key'." };
    if (!this.signer.verifyText(encoded, signature)) {
      return { status: 403, code: 'SignatureDoesNotMatch', message: 'The request signature we calculated does not match the signature you provided.' };
    }
    // A signed policy is one we wrote: it decodes.
    const policy = JSON.parse(Buffer.from(encoded, 'base64').toString('utf8')) as UploadPolicy;
    if (now > Date.parse(policy.expiration)) return { status: 403, code: 'AccessDenied', message: 'Invalid according to Policy: Policy expired.' };
    const [, { key: signedKey }, { 'Content-Type': signedType }, [, minBytes, maxBytes]] = policy.conditions;
    if (key !== signedKey) return { status: 403, code: 'AccessDenied', message: `Invalid according to Policy: Policy Condition failed: ["eq", "$key", ${JSON.stringify(signedKey)}]` };
    if (fields.get('Content-Type') !== signedType) {
      return { status: 403, code: 'AccessDenied', message: `Invalid according to Policy: Policy Condition failed: ["eq", "$Content-Type", ${JSON.stringify(signedType)}]` };
    }
    if (bytes.length > maxBytes) return { status: 400, code: 'EntityTooLarge', message: `Your proposed upload exceeds the maximum allowed size (${maxBytes} bytes declared).` };
    if (bytes.length < minBytes) return { status: 400, code: 'EntityTooSmall', message: `Your proposed upload is smaller than the minimum allowed size (${minBytes} bytes declared).` };

    const [projectId = '', scope = '', ownerId = ''] = signedKey.split('/', 3);
    const fileName = signedKey.slice(projectId.length + scope.length + ownerId.length + 3);
    const apiKey = this.keysById.get(projectId);
    const project = apiKey === undefined ? undefined : this.projects.peek(apiKey);
    const target: UploadTarget = { scope: scope === 'sessions' ? 'sessions' : 'browsers', ownerId };
    if (!project || !this.owners[target.scope](project, ownerId)) {
      return { status: 404, code: 'NoSuchBucket', message: 'The session or browser this form was issued for no longer exists.' };
    }
    const quota = quotaProblem(this.limits, this.projects, project, this.growthOf(project, target, fileName, bytes.length));
    if (quota) return { status: 403, code: 'QuotaExceeded', message: quota };
    return this.store(project, target, fileName, bytes, signedType, now);
  }

  /** The files uploaded for one owner, in the order they first arrived. */
  filesOf(project: Project, target: UploadTarget): UploadedFile[] {
    const prefix = uploadKey(target.scope, target.ownerId, '');
    return [...project.uploads.entries()].filter(([k]) => k.startsWith(prefix)).map(([, file]) => file);
  }

  private store(project: Project, target: UploadTarget, fileName: string, data: Buffer, contentType: string, now: number): UploadedFile {
    const bytes = ownBytes(data);
    const key = uploadKey(target.scope, target.ownerId, fileName);
    const previous = project.uploads.get(key);
    if (previous) project.uploadBytes -= previous.bytes.length;
    const file: UploadedFile = { ...target, fileName, contentType, bytes, etag: createHash('md5').update(bytes).digest('hex'), uploadedAt: now };
    project.uploads.set(key, file);
    project.uploadBytes += bytes.length;
    return file;
  }

  private growthOf(project: Project, target: UploadTarget, fileName: string, size: number): number {
    return size - (project.uploads.get(uploadKey(target.scope, target.ownerId, fileName))?.bytes.length ?? 0);
  }

  private rememberKey(projectId: string, apiKey: string): void {
    if (this.keysById.size >= 65_536 && !this.keysById.has(projectId)) this.keysById.clear();
    this.keysById.set(projectId, apiKey);
  }
}
