// What the emulator stores about an agent session. Everything else shown to clients is derived
// from these records and the clock.
import type { Micros } from '../money.js';
import type { TaskInput, Totals } from '../simulation/planner.js';
import type { ModelName } from '../simulation/pricing.js';

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
  model: ModelName;
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
}

/**
 * A flat copy of a text that a record keeps for long. Strings built by concatenation are trees of
 * pieces and slices keep their whole source alive; a stored copy costs a fraction of either.
 */
export function stored(text: string): string {
  return JSON.parse(JSON.stringify(text)) as string;
}
