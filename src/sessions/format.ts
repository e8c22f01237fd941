// SessionRecord → the SessionResponse and MessageResponse bodies clients receive.
import type { MessageResponse, SessionResponse } from '../contract/types.generated.js';
import { isoTime } from '../contract/serialize.js';
import { formatScaled, formatUsd } from '../money.js';
import type { DerivedMessage } from '../simulation/messages.js';
import { costOf } from '../simulation/planner.js';
import type { Totals } from '../simulation/planner.js';
import type { Presigner } from '../http/presign.js';
import type { SessionMachine, TaskProgress } from '../simulation/session-machine.js';
import type { SessionRecord, TaskRecord } from './model.js';
import type { RenderMemo } from './view-memo.js';
import { renderMemoOf, sameViewButScreenshot } from './view-memo.js';

/** Screenshot URLs live five minutes, recordings an hour (simulated time). */
export const SCREENSHOT_TTL_S = 300;
export const RECORDING_TTL_S = 3600;

/** What rendering a view reads besides the record: URLs are signed, progress comes from the plan. */
export interface ViewDeps {
  presigner: Presigner;
  machine: SessionMachine;
  seed: string;
}

export interface FormatContext extends ViewDeps {
  baseUrl: string;
  now: number;
}

export const formatContext = (deps: ViewDeps, baseUrl: string, now: number): FormatContext => ({
  presigner: deps.presigner,
  machine: deps.machine,
  seed: deps.seed,
  baseUrl,
  now,
});

export function liveUrlOf(ctx: FormatContext, sessionId: string): string {
  return `${ctx.baseUrl}/live/${sessionId}?token=${ctx.presigner.token(sessionId)}`;
}

const screenshotPath = (sessionId: string, taskIndex: number, step: number): string => `/_mock/screenshots/${sessionId}/${taskIndex}-${step}.png`;

/** A screenshot path signed for GET, valid SCREENSHOT_TTL_S from now. */
const signedScreenshot = (ctx: FormatContext, path: string): string => ctx.presigner.sign(ctx.baseUrl, path, 'GET', ctx.now, SCREENSHOT_TTL_S);

export function screenshotUrlOf(ctx: FormatContext, sessionId: string, taskIndex: number, step: number): string {
  return signedScreenshot(ctx, screenshotPath(sessionId, taskIndex, step));
}

/** Points the memo at a session's latest screenshot, whose path stays the same for a whole step. */
function rememberShot(memo: RenderMemo, session: SessionRecord, taskIndex: number, step: number): void {
  if (memo.shotTask === taskIndex && memo.shotStep === step) return;
  memo.shotPath = screenshotPath(session.id, taskIndex, step);
  memo.shotTask = taskIndex;
  memo.shotStep = step;
}

/** The session's live URL, made once per base URL. */
function sessionLiveUrl(ctx: FormatContext, session: SessionRecord, memo: RenderMemo): string {
  if (memo.liveBase !== ctx.baseUrl) {
    memo.liveUrl = liveUrlOf(ctx, session.id);
    memo.liveBase = ctx.baseUrl;
  }
  return memo.liveUrl;
}

/**
 * Finds the latest screenshot: the last completed step (with a screenshot) of the latest task that made
 * one, and points the memo at it. False when there is none yet.
 */
function findLatestScreenshot(ctx: FormatContext, session: SessionRecord, memo: RenderMemo, running: TaskProgress | undefined): boolean {
  for (let t = session.tasks.length - 1; t >= 0; t--) {
    const task = session.tasks[t];
    if (!task) continue;
    const done = task.endedAt === null ? running?.stepsDone ?? 0 : task.stepsDone;
    // No step done, no screenshot: do not plan (or re-plan) the task just to find that out.
    if (done <= 0) continue;
    const plan = task.endedAt === null && running ? running.timeline : ctx.machine.timelineOf(task);
    for (let s = done - 1; s >= 0; s--) {
      if (plan.steps[s]?.screenshot) {
        rememberShot(memo, session, t, s);
        return true;
      }
    }
  }
  return false;
}

function latestScreenshot(ctx: FormatContext, session: SessionRecord, memo: RenderMemo, running: TaskProgress | undefined): string | null {
  if (!findLatestScreenshot(ctx, session, memo, running)) return null;
  return signedScreenshot(ctx, memo.shotPath);
}

function recordingUrls(ctx: FormatContext, session: SessionRecord): string[] {
  if (!session.enableRecording) return [];
  return session.tasks
    .filter((t) => t.endedAt !== null && t.stepsDone > 0)
    .map((t) => ctx.presigner.sign(ctx.baseUrl, `/_mock/recordings/${session.id}/${t.index}.mp4`, 'GET', ctx.now, RECORDING_TTL_S));
}

/** The money and traffic figures of a view, as text. */
interface CostTexts {
  proxyUsedMb: string;
  llm: string;
  proxy: string;
  browser: string;
  total: string;
}

// Totals are shared, never changed, objects (a plan's running sums, a session's settled sums), and
// every poll of a session between two steps prints the same ones.
const costTextsByTotals = new WeakMap<Totals, CostTexts>();

function costTexts(totals: Totals): CostTexts {
  let texts = costTextsByTotals.get(totals);
  if (texts === undefined) {
    texts = { proxyUsedMb: formatScaled(totals.proxyKb, 3), llm: formatUsd(totals.llm), proxy: formatUsd(totals.proxy), browser: formatUsd(totals.browser), total: formatUsd(costOf(totals)) };
    costTextsByTotals.set(totals, texts);
  }
  return texts;
}

/** `listItem`: list responses carry no screenshot and no recordings. */
export function sessionView(ctx: FormatContext, session: SessionRecord, listItem = false): SessionResponse {
  const progress = ctx.machine.progress(session, ctx.now);
  const memo = renderMemoOf(session);
  return viewOf(ctx, session, progress, memo, listItem ? null : latestScreenshot(ctx, session, memo, progress), listItem);
}

function viewOf(ctx: FormatContext, session: SessionRecord, progress: TaskProgress | undefined, memo: RenderMemo, screenshotUrl: string | null, listItem: boolean): SessionResponse {
  const { totals, steps } = ctx.machine.totals(session, ctx.now, progress);
  const costs = costTexts(totals);
  return {
    id: session.id,
    status: session.status,
    // v3 sessions always hold a v3 model; the live view also renders v2 sessions through this view.
    model: session.model as SessionResponse['model'],
    title: session.title,
    output: session.output,
    outputSchema: session.outputSchema,
    stepCount: steps,
    lastStepSummary: progress?.lastStepSummary ?? session.lastStepSummary,
    isTaskSuccessful: session.isTaskSuccessful,
    liveUrl: sessionLiveUrl(ctx, session, memo),
    recordingUrls: listItem ? [] : recordingUrls(ctx, session),
    profileId: session.profileId,
    workspaceId: session.workspaceId,
    proxyCountryCode: session.proxyCountryCode as SessionResponse['proxyCountryCode'],
    maxCostUsd: session.maxCostUsd,
    totalInputTokens: totals.inputTokens,
    totalOutputTokens: totals.outputTokens,
    proxyUsedMb: costs.proxyUsedMb,
    llmCostUsd: costs.llm,
    proxyCostUsd: costs.proxy,
    browserCostUsd: costs.browser,
    totalCostUsd: costs.total,
    screenshotUrl,
    agentmailEmail: session.agentmailEmail,
    createdAt: isoTime(session.createdAt),
    updatedAt: isoTime(Math.max(session.updatedAt, progress?.lastChangeAt ?? 0)),
  };
}

/** Where a view's JSON is cut: the screenshot URL is its one part that changes between two steps. */
const SCREENSHOT_KEY = '"screenshotUrl":';
const SCREENSHOT_SLOT = `${SCREENSHOT_KEY}null`;

/**
 * JSON.stringify(sessionView(ctx, session)), for the polled read. Between two steps only the screenshot
 * URL changes (it is signed again every second), so the text on either side of it is kept and compared
 * against instead of being written, and kept, anew each time; within a second the whole body is reused.
 */
export function sessionViewJson(ctx: FormatContext, session: SessionRecord): Buffer {
  const progress = ctx.machine.progress(session, ctx.now);
  const memo = renderMemoOf(session);
  const view = viewOf(ctx, session, progress, memo, null, false);
  const shotPath = findLatestScreenshot(ctx, session, memo, progress) ? memo.shotPath : '';
  // The screenshot URL is the same for a whole second (X-Amz-Date), base URL and path: each is one
  // shared string object while it lasts, so these compare by identity.
  const date = ctx.presigner.amzDateOf(ctx.now);
  if (memo.view === null || !sameViewButScreenshot(memo.view, view)) {
    const text = JSON.stringify(view);
    // The last occurrence: an output object may hold the same key, but only strings follow this one.
    const at = text.lastIndexOf(SCREENSHOT_SLOT);
    memo.head = text.slice(0, at + SCREENSHOT_KEY.length);
    memo.tail = text.slice(at + SCREENSHOT_SLOT.length);
    memo.view = view;
  } else if (memo.bodyDate === date && memo.bodyBase === ctx.baseUrl && memo.bodyShot === shotPath) {
    return memo.body;
  }
  const shot = shotPath === '' ? 'null' : JSON.stringify(signedScreenshot(ctx, shotPath));
  memo.body = Buffer.from(memo.head + shot + memo.tail);
  memo.bodyDate = date;
  memo.bodyBase = ctx.baseUrl;
  memo.bodyShot = shotPath;
  return memo.body;
}

export function messageView(ctx: FormatContext, session: SessionRecord, message: DerivedMessage): MessageResponse {
  return {
    id: message.id,
    sessionId: session.id,
    role: message.role,
    data: message.data,
    type: message.type,
    summary: message.summary,
    screenshotUrl: message.screenshotStep >= 0 ? screenshotUrlOf(ctx, session.id, message.taskIndex, message.screenshotStep) : null,
    hidden: message.hidden,
    createdAt: isoTime(message.createdAt),
  };
}

/**
 * One message's JSON, cut around its screenshot URL: everything else about a message is fixed once it
 * exists, so pages are assembled from these pieces instead of serialising every message again.
 */
interface MessageJson {
  head: string;
  tail: string;
  /** The quoted screenshot URL (or null) and the base URL and second it was signed for. */
  url: string;
  urlBase: string;
  urlSecond: number;
}

/** Tasks whose message pieces are kept (most recently read first out last): about 60 KB for a 50-step run. */
const MESSAGE_JSON_TASKS = 256;
const messageJsonByTask = new Map<TaskRecord, (MessageJson | undefined)[]>();

function messageJsonSlots(task: TaskRecord): (MessageJson | undefined)[] {
  let slots = messageJsonByTask.get(task);
  if (slots) {
    messageJsonByTask.delete(task);
  } else {
    slots = [];
    if (messageJsonByTask.size >= MESSAGE_JSON_TASKS) {
      const oldest = messageJsonByTask.keys().next().value;
      if (oldest) messageJsonByTask.delete(oldest);
    }
  }
  messageJsonByTask.set(task, slots);
  return slots;
}

function messageJsonOf(session: SessionRecord, m: DerivedMessage): MessageJson {
  // Same keys in the same order as messageView, so the text is what JSON.stringify would make of it.
  const head = ['{"id":', JSON.stringify(m.id), ',"sessionId":', JSON.stringify(session.id), ',"role":', JSON.stringify(m.role), ',"data":', JSON.stringify(m.data)];
  head.push(',"type":', JSON.stringify(m.type), ',"summary":', JSON.stringify(m.summary), ',"screenshotUrl":');
  const tail = [',"hidden":', JSON.stringify(m.hidden), ',"createdAt":', JSON.stringify(isoTime(m.createdAt)), '}'];
  return { head: head.join(''), tail: tail.join(''), url: 'null', urlBase: '', urlSecond: NaN };
}

/** The body of a messages page as JSON text: exactly JSON.stringify({ messages: page.map(messageView), hasMore }). */
export function messagesPageJson(ctx: FormatContext, session: SessionRecord, messages: readonly DerivedMessage[], hasMore: boolean): string {
  const second = Math.floor(ctx.now / 1000);
  const chunks: string[] = ['{"messages":['];
  let taskIndex = -1;
  let slots: (MessageJson | undefined)[] = [];
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i] as DerivedMessage;
    if (m.taskIndex !== taskIndex) {
      const task = session.tasks[m.taskIndex];
      slots = task ? messageJsonSlots(task) : [];
      taskIndex = m.taskIndex;
    }
    let json = slots[m.position];
    if (!json) slots[m.position] = json = messageJsonOf(session, m);
    // A presigned URL changes with the second (X-Amz-Date) and the base URL the client used.
    if (m.screenshotStep >= 0 && (json.urlSecond !== second || json.urlBase !== ctx.baseUrl)) {
      json.url = JSON.stringify(screenshotUrlOf(ctx, session.id, m.taskIndex, m.screenshotStep));
      json.urlBase = ctx.baseUrl;
      json.urlSecond = second;
    }
    if (i > 0) chunks.push(',');
    chunks.push(json.head, json.url, json.tail);
  }
  chunks.push('],"hasMore":', hasMore ? 'true' : 'false', '}');
  return chunks.join('');
}
