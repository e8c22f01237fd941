// What the v2 API keeps beside the shared session and task records. A v2 session is an ordinary
// SessionRecord (the same machine runs it, the same ledger charges it) carrying this extra data; a v2
// task is a TaskRecord of that session carrying its own. This module imports nothing, so the session
// model can refer to it without a cycle.

/** A public share of a session: whoever holds its URL may watch the session without a key. */
export interface ShareRecord {
  token: string;
  createdAt: number;
  viewCount: number;
  lastViewedAt: number | null;
}

export interface V2SessionData {
  persistMemory: boolean;
  startUrl: string | null;
  share: ShareRecord | null;
  /** Shares created so far: each new share gets a new token, so a deleted share's link stays dead. */
  sharesMade: number;
}

export interface V2TaskData {
  id: string;
  /** The v2 model name the task runs on. */
  llm: string;
  metadata: Record<string, string>;
  maxSteps: number;
  /** The JSON schema as sent (a string); the plan gets it parsed. */
  structuredOutput: string | null;
  judge: boolean;
  judgeGroundTruth: string | null;
  judgeLlm: string | null;
  allowedDomains: string[] | null;
  startUrl: string | null;
  createdAt: number;
}
