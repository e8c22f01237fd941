// Files of the v2 API: a task's log file and output files (presigned downloads), and uploads to an
// agent session (a presigned S3-style POST). The URLs point at the emulator's own transfer routes.
import type { UploadFilePresignedUrlResponse, UploadFileRequest } from '../../contract/types-v2.generated.js';
import { isoTime } from '../../contract/serialize.js';
import { detailError } from '../../http/errors.js';
import { formatUsd } from '../../money.js';
import { parseUuid } from '../../contract/pydantic.js';
import type { FormatContext } from '../../sessions/format.js';
import type { SessionRecord, TaskRecord } from '../../sessions/model.js';
import { costOf } from '../../simulation/planner.js';
import type { Project, ProjectStore } from '../../store/projects.js';
import type { OutputFile } from '../tasks/format.js';
import { isSuccessOf, outputFilesOf, outputOf, stepFacts, stepsDoneOf, totalsOf } from '../tasks/format.js';
import { taskStatusOf } from '../tasks/status.js';

export const V2_TRANSFER_PREFIX = '/_mock/v2';
/** Download URLs (logs, output files) live five minutes, upload URLs as long (simulated time). */
export const DOWNLOAD_TTL_S = 300;
export const UPLOAD_TTL_S = 300;
/** The signed parameters of an upload URL besides the X-Amz ones. */
export const UPLOAD_SIGNED_KEYS = ['X-Bu-Content-Length', 'X-Bu-Content-Type', 'X-Bu-File-Name'] as const;

/** File name extensions each accepted content type may carry. */
const EXTENSIONS: Record<UploadFileRequest['contentType'], readonly string[]> = {
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

const CONTENT_TYPES: Record<string, string> = { csv: 'text/csv', json: 'application/json', md: 'text/markdown', txt: 'text/plain' };

export const outputFileNotFound = (): Error => detailError(404, 'Output file not found');

/** Content type of an output file, from its extension. */
export function outputContentType(fileName: string): string {
  const ext = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase() ?? '';
  return `${CONTENT_TYPES[ext] ?? 'application/octet-stream'}${CONTENT_TYPES[ext]?.startsWith('text/') ? '; charset=utf-8' : ''}`;
}

/** A v2 task by id under any key (presigned URLs carry no key). */
export function findTaskAnywhere(projects: ProjectStore, taskId: string): { project: Project; session: SessionRecord; task: TaskRecord } | undefined {
  const parsed = parseUuid(taskId.trim());
  const wanted = parsed.ok ? parsed.value : taskId;
  for (const project of projects.values()) {
    const session = project.v2Tasks.get(wanted);
    if (!session || session.deleted || project.sessions.get(session.id) !== session) continue;
    const task = session.tasks.find((t) => t.v2?.id === wanted);
    if (task) return { project, session, task };
  }
  return undefined;
}

export function logUrlOf(ctx: FormatContext, task: TaskRecord): string {
  return ctx.presigner.sign(ctx.baseUrl, `${V2_TRANSFER_PREFIX}/tasks/${task.v2?.id ?? ''}/logs.txt`, 'GET', ctx.now, DOWNLOAD_TTL_S);
}

export function outputFileUrlOf(ctx: FormatContext, task: TaskRecord, file: OutputFile): string {
  return ctx.presigner.sign(ctx.baseUrl, `${V2_TRANSFER_PREFIX}/tasks/${task.v2?.id ?? ''}/output-files/${file.id}`, 'GET', ctx.now, DOWNLOAD_TTL_S);
}

export function outputFileOf(ctx: Pick<FormatContext, 'machine' | 'seed'>, task: TaskRecord, fileId: string): OutputFile | undefined {
  const parsed = parseUuid(fileId.trim());
  const wanted = parsed.ok ? parsed.value : fileId;
  return outputFilesOf(ctx.seed, ctx.machine.planOf(task), task).find((f) => f.id === wanted);
}

/** The task's log as text: what the agent did step by step so far, then how it ended. */
export function logText(ctx: Pick<FormatContext, 'machine' | 'seed' | 'now'>, session: SessionRecord, task: TaskRecord): string {
  const plan = ctx.machine.planOf(task);
  const status = taskStatusOf(task, ctx.now);
  const lines = [
    `task ${task.v2?.id ?? ''} (session ${session.id})`,
    `llm: ${task.v2?.llm ?? task.input.model}`,
    `created: ${isoTime(task.dispatchedAt)}`,
    `status: ${status}`,
    `task: ${task.input.task}`,
    '',
  ];
  for (const step of stepFacts(plan, stepsDoneOf(ctx.machine, session, task, ctx.now))) {
    lines.push(`[${isoTime(task.startAt + (plan.steps[step.number - 1]?.at ?? 0))}] step ${step.number}`);
    lines.push(`  eval: ${step.evaluationPreviousGoal}`, `  memory: ${step.memory}`, `  next goal: ${step.nextGoal}`, `  url: ${step.url}`);
    for (const action of step.actions) lines.push(`  action: ${action}`);
    lines.push(`  result: ${step.result}`);
  }
  if (task.endedAt !== null) {
    const output = outputOf(plan, task);
    lines.push('', `finished: ${isoTime(task.endedAt)} (${task.end ?? ''})`, `success: ${String(isSuccessOf(plan, task))}`);
    lines.push(`cost: $${formatUsd(costOf(totalsOf(ctx.machine, session, task, ctx.now)))}`);
    if (output !== null) lines.push(`output: ${output}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * POST /files/sessions/{id}/presigned-url. A file name whose extension does not belong to the declared
 * content type is refused with 400; a name without an extension is accepted.
 */
export function uploadUrl(ctx: FormatContext, session: SessionRecord, body: UploadFileRequest): UploadFilePresignedUrlResponse {
  const ext = /\.([^./]+)$/.exec(body.fileName)?.[1]?.toLowerCase();
  const allowed = EXTENSIONS[body.contentType];
  if (ext !== undefined && !allowed.includes(ext)) {
    throw detailError(400, `Unsupported content type: a .${ext} file cannot be uploaded as ${body.contentType} (expected .${allowed.join(' or .')})`);
  }
  const path = `${V2_TRANSFER_PREFIX}/uploads/${session.id}`;
  const url = ctx.presigner.sign(ctx.baseUrl, path, 'POST', ctx.now, UPLOAD_TTL_S, {
    'X-Bu-Content-Length': String(body.sizeBytes),
    'X-Bu-Content-Type': body.contentType,
    'X-Bu-File-Name': body.fileName,
  });
  const expiration = new Date(Math.floor(ctx.now / 1000) * 1000 + UPLOAD_TTL_S * 1000).toISOString();
  const key = `sessions/${session.id}/uploads/${body.fileName}`;
  const policy = Buffer.from(
    JSON.stringify({ expiration, conditions: [{ key }, { 'Content-Type': body.contentType }, ['content-length-range', body.sizeBytes, body.sizeBytes]] }),
  ).toString('base64');
  return { url, method: 'POST', fields: { key, 'Content-Type': body.contentType, policy }, fileName: body.fileName, expiresIn: UPLOAD_TTL_S };
}

/** Upload bytes the key holds across its v2 sessions. */
export function uploadBytesOf(project: Project): number {
  let total = 0;
  for (const session of project.sessions.values()) {
    if (session.v2) for (const file of session.v2.uploads.values()) total += file.bytes.length;
  }
  return total;
}
