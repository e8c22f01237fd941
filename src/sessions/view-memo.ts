// What was last rendered of each session. Clients poll a session many times between two of its steps,
// and each poll would otherwise build the same URLs and write the same JSON again.
import type { SessionResponse } from '../contract/types.generated.js';
import type { SessionRecord } from './model.js';

/** Every part is stored with what it was made from, and used only when that still matches. */
export interface RenderMemo {
  /** The live URL, for the base URL the client used. */
  liveBase: string;
  liveUrl: string;
  /** The last view, and its JSON text on either side of the screenshot URL (which changes every second). */
  view: SessionResponse | null;
  head: string;
  tail: string;
  /** The path of the latest screenshot (task and step), signed anew each second. */
  shotTask: number;
  shotStep: number;
  shotPath: string;
  /**
   * The last body sent, as UTF-8 bytes, with what its screenshot URL was signed for: X-Amz-Date, base
   * URL and path ('' for none). Head and tail are as they are. Bytes, not text: Node copies a text
   * body into one string with the response head, every time.
   */
  body: Buffer;
  bodyDate: string;
  bodyBase: string;
  bodyShot: string;
}

const NO_BODY = Buffer.alloc(0);

/** Sessions remembered at once; past it the memo starts over (a poller's sessions fit many times). */
const MEMO_SESSIONS = 4_096;

// Weak, so a deleted session's memo goes with it; replaced when full, since a WeakMap cannot be emptied.
let memos = new WeakMap<SessionRecord, RenderMemo>();
let remembered = 0;

export function renderMemoOf(session: SessionRecord): RenderMemo {
  let memo = memos.get(session);
  if (memo === undefined) {
    if (++remembered > MEMO_SESSIONS) {
      memos = new WeakMap();
      remembered = 1;
    }
    memo = { liveBase: '', liveUrl: '', view: null, head: '', tail: '', shotTask: -1, shotStep: -1, shotPath: '', body: NO_BODY, bodyDate: '', bodyBase: '', bodyShot: '' };
    memos.set(session, memo);
  }
  return memo;
}

/**
 * Field for field but the screenshot URL; objects (output, output schema) by identity, as records
 * replace them rather than edit them. Written out so that every read is a plain property load.
 */
export function sameViewButScreenshot(a: SessionResponse, b: SessionResponse): boolean {
  return (
    a.id === b.id &&
    a.status === b.status &&
    a.model === b.model &&
    a.title === b.title &&
    a.output === b.output &&
    a.outputSchema === b.outputSchema &&
    a.stepCount === b.stepCount &&
    a.lastStepSummary === b.lastStepSummary &&
    a.isTaskSuccessful === b.isTaskSuccessful &&
    a.liveUrl === b.liveUrl &&
    sameItems(a.recordingUrls, b.recordingUrls) &&
    a.profileId === b.profileId &&
    a.workspaceId === b.workspaceId &&
    a.proxyCountryCode === b.proxyCountryCode &&
    a.maxCostUsd === b.maxCostUsd &&
    a.totalInputTokens === b.totalInputTokens &&
    a.totalOutputTokens === b.totalOutputTokens &&
    a.proxyUsedMb === b.proxyUsedMb &&
    a.llmCostUsd === b.llmCostUsd &&
    a.proxyCostUsd === b.proxyCostUsd &&
    a.browserCostUsd === b.browserCostUsd &&
    a.totalCostUsd === b.totalCostUsd &&
    a.agentmailEmail === b.agentmailEmail &&
    a.createdAt === b.createdAt &&
    a.updatedAt === b.updatedAt
  );
}

/** The fields sameViewButScreenshot compares: the compiler holds this to the contract's fields. */
export const COMPARED_VIEW_FIELDS: Record<Exclude<keyof SessionResponse, 'screenshotUrl'>, true> = {
  id: true,
  status: true,
  model: true,
  title: true,
  output: true,
  outputSchema: true,
  stepCount: true,
  lastStepSummary: true,
  isTaskSuccessful: true,
  liveUrl: true,
  recordingUrls: true,
  profileId: true,
  workspaceId: true,
  proxyCountryCode: true,
  maxCostUsd: true,
  totalInputTokens: true,
  totalOutputTokens: true,
  proxyUsedMb: true,
  llmCostUsd: true,
  proxyCostUsd: true,
  browserCostUsd: true,
  totalCostUsd: true,
  agentmailEmail: true,
  createdAt: true,
  updatedAt: true,
};

const sameItems = (x: readonly string[] | undefined, y: readonly string[] | undefined): boolean =>
  x === y || (x !== undefined && y !== undefined && x.length === y.length && x.every((item, i) => item === y[i]));
