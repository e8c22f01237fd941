// TaskRecord → the v2 task bodies: TaskItemView (lists, sessions), TaskView (with steps and output
// files), TaskStatusView. Everything is derived from the plan and the clock.
import type { TaskItemView, TaskStatusView, TaskStepView, TaskView } from '../../contract/types-v2.generated.js';
import { isoTime } from '../../contract/serialize.js';
import { formatUsd } from '../../money.js';
import type { FormatContext } from '../../sessions/format.js';
import { screenshotUrlOf } from '../../sessions/format.js';
import type { SessionRecord, TaskRecord } from '../../sessions/model.js';
import { pageAddress } from '../../simulation/content.js';
import type { TaskPlan, TaskTimeline, Totals } from '../../simulation/planner.js';
import { ZERO_TOTALS, costOf } from '../../simulation/planner.js';
import { stableUuid } from '../../simulation/random.js';
import type { SessionMachine } from '../../simulation/session-machine.js';
import { taskStatusOf } from './status.js';

/** A file a finished task wrote, with its stable id. */
export interface OutputFile {
  id: string;
  fileName: string;
  content: string;
}

/** One step as the v2 API shows it, before URLs are signed. */
export interface StepFacts {
  number: number;
  memory: string;
  evaluationPreviousGoal: string;
  nextGoal: string;
  url: string;
  screenshot: boolean;
  actions: string[];
  result: string;
}

/** Steps the task has completed at `now`. */
export function stepsDoneOf(machine: SessionMachine, session: SessionRecord, task: TaskRecord, now: number): number {
  if (task.endedAt !== null) return task.stepsDone;
  if (machine.currentTask(session) !== task) return 0;
  return machine.progress(session, now)?.stepsDone ?? 0;
}

/** What the task has cost at `now` (its final cost once ended). */
export function totalsOf(machine: SessionMachine, session: SessionRecord, task: TaskRecord, now: number): Totals {
  if (task.totals) return task.totals;
  if (machine.currentTask(session) !== task) return ZERO_TOTALS;
  return machine.progress(session, now)?.totals ?? ZERO_TOTALS;
}

/** The first `done` steps of a plan: each step's action is the message before its (hidden) result. */
export function stepFacts(plan: TaskPlan, done: number): StepFacts[] {
  const out: StepFacts[] = [];
  let action = '';
  let previous: { summary: string; result: string } | null = null;
  for (const message of plan.messages) {
    if (out.length >= done) break;
    if (!message.hidden) {
      if (message.type !== 'planning' && message.type !== 'completion' && message.type !== 'file_operation') action = message.data;
      continue;
    }
    const i = out.length;
    const step = plan.steps[i];
    if (!step) break;
    out.push({
      number: i + 1,
      memory: previous ? `Working on ${plan.content.site}. Last step: ${previous.summary}. ${previous.result}.` : `Starting the task on ${plan.content.site}.`,
      evaluationPreviousGoal: previous ? `Success - ${previous.result}` : 'Start - no previous goal to evaluate',
      nextGoal: step.summary,
      url: pageAddress(plan.content, step.page, i).url,
      screenshot: step.screenshot,
      actions: action ? [action] : [],
      result: message.data,
    });
    previous = { summary: step.summary, result: message.data };
    action = '';
  }
  return out;
}

/** The task's answer as v2 prints it (a string; structured output as JSON text); null until it ends. */
export function outputOf(plan: TaskTimeline, task: TaskRecord): string | null {
  if (task.endedAt === null) return null;
  const ending = plan.ending;
  if (ending.kind === 'hang' || ending.kind === 'error' || task.end !== ending.kind) return null;
  const output = ending.output;
  if (output === null || output === undefined) return null;
  return typeof output === 'string' ? output : JSON.stringify(output);
}

export function isSuccessOf(plan: TaskTimeline, task: TaskRecord): boolean | null {
  if (task.endedAt === null) return null;
  const ending = plan.ending;
  return ending.kind !== 'hang' && task.end === ending.kind ? ending.isTaskSuccessful : false;
}

/** Files a task wrote: only a task that ended successfully writes any. */
export function outputFilesOf(seed: string, plan: TaskPlan, task: TaskRecord): OutputFile[] {
  if (task.end !== 'success' || !task.v2) return [];
  const taskId = task.v2.id;
  return plan.files.map((file, i) => ({ id: stableUuid(seed, taskId, 'output-file', i), fileName: file.path, content: file.content }));
}

function judgeOf(task: TaskRecord, finished: boolean, isSuccess: boolean | null, site: string): { judgement: string | null; judgeVerdict: boolean | null } {
  if (!task.v2?.judge || !finished) return { judgement: null, judgeVerdict: null };
  const verdict = isSuccess === true;
  const against = task.v2.judgeGroundTruth ? ' and its answer agrees with the expected result' : '';
  return {
    judgement: verdict
      ? `The agent completed the task on ${site}${against}; the steps taken support the final answer.`
      : `The agent did not complete the task on ${site}; the final answer does not satisfy the request.`,
    judgeVerdict: verdict,
  };
}

function itemFields(ctx: FormatContext, session: SessionRecord, task: TaskRecord): TaskItemView {
  const plan = ctx.machine.timelineOf(task);
  const status = taskStatusOf(task, ctx.now);
  const isSuccess = isSuccessOf(plan, task);
  const startedAt = status === 'created' || (task.endedAt !== null && task.endedAt <= task.startAt) ? null : isoTime(task.startAt);
  return {
    id: task.v2?.id ?? '',
    sessionId: session.id,
    llm: task.v2?.llm ?? task.input.model,
    task: task.input.task,
    status,
    createdAt: isoTime(task.dispatchedAt),
    startedAt,
    finishedAt: task.endedAt === null ? null : isoTime(task.endedAt),
    metadata: task.v2?.metadata ?? {},
    output: outputOf(plan, task),
    browserUseVersion: null,
    isSuccess,
    ...judgeOf(task, status === 'finished', isSuccess, plan.site),
    cost: formatUsd(costOf(totalsOf(ctx.machine, session, task, ctx.now))),
    suggestions: null,
  };
}

export const taskItemView = (ctx: FormatContext, session: SessionRecord, task: TaskRecord): TaskItemView => itemFields(ctx, session, task);

export function taskView(ctx: FormatContext, session: SessionRecord, task: TaskRecord): TaskView {
  const item = itemFields(ctx, session, task);
  const plan = ctx.machine.planOf(task);
  const steps: TaskStepView[] = stepFacts(plan, stepsDoneOf(ctx.machine, session, task, ctx.now)).map((s, i) => ({
    number: s.number,
    memory: s.memory,
    evaluationPreviousGoal: s.evaluationPreviousGoal,
    nextGoal: s.nextGoal,
    url: s.url,
    screenshotUrl: s.screenshot ? screenshotUrlOf(ctx, session.id, task.index, i) : null,
    actions: s.actions,
  }));
  const { output, browserUseVersion, isSuccess, judgement, judgeVerdict, cost, suggestions, ...head } = item;
  return {
    ...head,
    steps,
    output,
    outputFiles: outputFilesOf(ctx.seed, plan, task).map((f) => ({ id: f.id, fileName: f.fileName })),
    browserUseVersion,
    isSuccess,
    judgement,
    judgeVerdict,
    cost,
    suggestions,
  };
}

export function taskStatusView(ctx: FormatContext, session: SessionRecord, task: TaskRecord): TaskStatusView {
  const plan = ctx.machine.timelineOf(task);
  return {
    id: task.v2?.id ?? '',
    status: taskStatusOf(task, ctx.now),
    output: outputOf(plan, task),
    finishedAt: task.endedAt === null ? null : isoTime(task.endedAt),
    isSuccess: isSuccessOf(plan, task),
    cost: formatUsd(costOf(totalsOf(ctx.machine, session, task, ctx.now))),
  };
}
