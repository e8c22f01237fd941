// Files of the v2 API: a task's log file and output files, as presigned downloads from the emulator's own
// transfer routes. (Uploads, to sessions and browsers alike, are upload.ts.)
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
/** Download URLs (logs, output files) live five minutes (simulated time). */
export const DOWNLOAD_TTL_S = 300;


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

