// What the emulator stores about an agent session. Everything else shown to clients is derived
// from these records and the clock.
import type { Micros } from '../money.js';
import type { TaskInput, Totals } from '../simulation/planner.js';
import type { PricedModel } from '../simulation/pricing.js';
import type { V2SessionData, V2TaskData } from '../v2/records.js';

export type SessionStatus = 'created' | 'idle' | 'running' | 'stopped' | 'timed_out' | 'error';

export const TERMINAL: ReadonlySet<SessionStatus> = new Set(['stopped', 'timed_out', 'error']);

/** How a task ended, once it has. */
export type TaskEnd = 'success' | 'failure' | 'cost_limit' | 'error' | 'stopped' | 'timed_out';

export interface TaskRecord {
  index: number;
  input: TaskInput;
  /** When the task was posted (the user's message carries this time). */
  dispatchedAt: number;
  /** When the agent starts working (after the sandbox has booted). */
  startAt: number;
  /** Set once the task has ended. */
  endedAt: number | null;
  end: TaskEnd | null;
  /** What this task cost in the end (null while it runs). */
  totals: Totals | null;
  /** Steps this task completed in the end. */
  stepsDone: number;
  /** What the v2 API keeps about a task it created (absent for v3 tasks). */
  v2?: V2TaskData;
}

export interface SessionRecord {
  id: string;
  /** API key of the owning project. */
  projectKey: string;
  createdAt: number;
  /** Sandbox boot time before the session can run anything. */
  bootMs: number;
  status: SessionStatus;
  /** When `status` was entered. */
  statusSince: number;
  /** A v3 model for v3 sessions; a v2 session shows its latest task's model. */
  model: PricedModel;
  keepAlive: boolean;
  profileId: string | null;
  workspaceId: string | null;
  proxyCountryCode: string | null;
  /** The budget of the current (or latest) task, as the client gave it or the default. */
  maxCostUsd: string;
  budget: Micros;
  outputSchema: Record<string, unknown> | null;
  agentmailEmail: string | null;
  enableRecording: boolean;
  skills: boolean;
  enableScheduledTasks: boolean;
  cacheScript: boolean | null;
  tasks: TaskRecord[];
  /** Totals of the tasks that have ended. */
  settled: Totals;
  /** Steps of the tasks that have ended. */
  settledSteps: number;
  title: string | null;
  output: unknown;
  isTaskSuccessful: boolean | null;
  lastStepSummary: string | null;
  /** Time of the last change a client could observe. */
  updatedAt: number;
  deleted: boolean;
  /** Set on sessions of the v2 API, which the v3 API never shows (and the other way round). */
  v2?: V2SessionData;
}

/**
 * A flat copy of a text that a record keeps for long. Strings built by concatenation are trees of
 * pieces and slices keep their whole source alive; a stored copy costs a fraction of either.
 */
export function stored(text: string): string {
  return JSON.parse(JSON.stringify(text)) as string;
}
