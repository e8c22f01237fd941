// Moving simulated time by hand: by a number of milliseconds, or to the next instant a session changes
// (its next step, the end of its task, or its own end). The instants are read from the task's plan,
// which is a pure function of the task, so no guessing or polling is involved.
import { isoTime } from '../contract/serialize.js';
import { detailError } from '../http/errors.js';
import type { SessionRecord } from '../sessions/model.js';
import type { SessionActivity } from '../sessions/activity.js';
import type { Clock } from '../simulation/clock.js';
import type { SessionMachine } from '../simulation/session-machine.js';
import { IDLE_TIMEOUT_MS, MAX_SESSION_MS } from '../simulation/session-machine.js';
import type { ProjectStore } from '../store/projects.js';
import { findSessionAnywhere } from '../sessions/find.js';
import { problemsOf } from '../validation/problems.js';
import type { JsonObject } from './body.js';
import { rejectProblems, validBody } from './body.js';
import { ClockAdvanceBody } from './schemas.js';

export type AdvanceTarget = 'next-step' | 'end';

/** What moving the clock to a session's next instant needs. */
export interface ClockDeps {
  clock: Clock;
  machine: SessionMachine;
  projects: ProjectStore;
  activity: SessionActivity;
}

export interface ClockView {
  now: string;
  /** The same instant in ms since 1970. */
  epochMs: number;
  mode: 'real' | 'manual';
  /** Simulated ms per wall-clock ms (0 for a manual clock). */
  speed: number;
}

export interface AdvanceResult extends ClockView {
  advancedMs: number;
  session?: { id: string; status: string };
}

export function clockView(state: { clock: Clock }): ClockView {
  const now = state.clock.now();
  return { now: isoTime(now), epochMs: now, mode: state.clock.mode, speed: state.clock.speed };
}

/**
 * The instant `to` names for a session, from its plan:
 * - `next-step`: the next completed step of the pending task (a task still waiting for the boot counts
 *   its first step), else the end of that task; for a session without a task, the end of its boot or
 *   its idle timeout;
 * - `end`: the end of the pending task (whatever ends it first: its last step, its cost cap, a crash or
 *   the 4-hour limit); for a session without a task, the instant it closes by itself.
 * Undefined when nothing is left to happen (the session is over).
 */
export function sessionInstant(state: Pick<ClockDeps, 'clock' | 'machine'>, session: SessionRecord, to: AdvanceTarget): number | undefined {
  const machine = state.machine;
  if (machine.isTerminal(session)) return undefined;
  const hardLimit = session.createdAt + MAX_SESSION_MS;
  const task = machine.currentTask(session);
  if (task) {
    const plan = machine.timelineOf(task);
    const end = Math.min(task.startAt + plan.end, hardLimit);
    if (to === 'end') return end;
    const now = state.clock.now();
    const next = plan.steps.find((step) => task.startAt + step.at > now);
    return next ? Math.min(task.startAt + next.at, end) : end;
  }
  const bootEnd = session.createdAt + session.bootMs;
  if (session.status === 'created') {
    return to === 'next-step' ? bootEnd : Math.min(bootEnd + IDLE_TIMEOUT_MS, hardLimit);
  }
  // Idle: the next thing that happens is the idle timeout (or the 4-hour limit).
  return Math.min(session.statusSince + IDLE_TIMEOUT_MS, hardLimit);
}

/** POST /_mock/clock/advance: `{ms}` or `{sessionId, to}`. */
export function advanceClock(state: ClockDeps, raw: JsonObject): AdvanceResult {
  const problems = problemsOf(ClockAdvanceBody, raw);
  rejectProblems(problems.filter((p) => p.unknownKey !== undefined));
  if (state.clock.mode !== 'manual') {
    throw detailError(
      409,
      `The clock is real (running at ${state.clock.speed}x): simulated time follows wall time and cannot be moved by hand. Start the emulator with --clock manual (BU_MOCK_CLOCK=manual) to control time.`,
    );
  }
  const hasMs = raw.ms !== undefined;
  const hasSession = raw.sessionId !== undefined || raw.to !== undefined;
  if (hasMs === hasSession) throw detailError(400, 'Give either {"ms": N} or {"sessionId": "...", "to": "next-step" | "end"}');
  const body = validBody(ClockAdvanceBody, raw, problems);
  if (body.ms !== undefined) {
    state.clock.advance(body.ms);
    return { ...clockView(state), advancedMs: Math.floor(body.ms) };
  }
  if (body.sessionId === undefined) throw detailError(400, 'sessionId: expected a session id');
  const to = body.to;
  if (to === undefined) throw detailError(400, 'to: expected "next-step" or "end"');
  const found = findSessionAnywhere(state.projects, body.sessionId);
  if (!found) throw detailError(404, 'Session not found');
  const { project, session } = found;
  const before = state.clock.now();
  state.activity.settle(project, session, before);
  const target = sessionInstant(state, session, to);
  if (target === undefined) throw detailError(409, `Session is ${session.status.replace('_', ' ')}: nothing is left to happen, the clock was not moved.`);
  const delta = Math.max(0, target - before);
  state.clock.advance(delta);
  state.activity.settle(project, session, state.clock.now());
  return { ...clockView(state), advancedMs: delta, session: { id: session.id, status: session.status } };
}
