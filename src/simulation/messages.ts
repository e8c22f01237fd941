// A session's message stream, derived from its tasks' plans and the clock. Messages never exist
// before their time; ids are stable functions of (seed, session, task, position).
import type { SessionRecord, TaskRecord } from '../sessions/model.js';
import type { PlanMessage, TaskPlan } from './planner.js';
import { stableUuid } from './random.js';
import type { SessionMachine } from './session-machine.js';

export interface DerivedMessage {
  id: string;
  role: 'human' | 'ai';
  type: string;
  summary: string;
  data: string;
  hidden: boolean;
  /** Absolute simulated time. */
  createdAt: number;
  taskIndex: number;
  /** Place in its task's stream (0: the task itself; the closing note comes last): with the task, a stable key. */
  position: number;
  /** Step whose screenshot the message shows, or -1. */
  screenshotStep: number;
}

const END_NOTES: Partial<Record<NonNullable<TaskRecord['end']>, { summary: string; data: string }>> = {
  stopped: { summary: 'Task stopped', data: 'The task was stopped before it finished.' },
  timed_out: { summary: 'Session timed out', data: 'The session reached its maximum duration and was closed.' },
};

/**
 * Message ids of a task by position (0: the task itself, last: the closing note), filled as they are
 * asked for. They live as long as the task's plan stays cached: hashing them was most of a page's work.
 */
const idsByPlan = new WeakMap<TaskPlan, string[]>();

export function sessionMessages(machine: SessionMachine, session: SessionRecord, now: number, seed: string): DerivedMessage[] {
  const out: DerivedMessage[] = [];
  for (const task of session.tasks) {
    if (task.dispatchedAt > now) continue;
    const plan = machine.planOf(task);
    let ids = idsByPlan.get(plan);
    if (!ids) idsByPlan.set(plan, (ids = []));
    const known = ids;
    const endSlot = plan.messages.length + 1;
    const idOf = (position: number): string =>
      (known[position] ??= stableUuid(seed, session.id, 'message', task.index, position === endSlot ? 'end' : position));
    out.push({
      id: idOf(0),
      role: 'human',
      type: 'user_message',
      summary: task.input.task.length > 80 ? `${task.input.task.slice(0, 77)}...` : task.input.task,
      data: task.input.task,
      hidden: false,
      createdAt: task.dispatchedAt,
      taskIndex: task.index,
      position: 0,
      screenshotStep: -1,
    });
    const cutoff = Math.min(now, task.endedAt ?? Infinity);
    plan.messages.forEach((m: PlanMessage, i: number) => {
      const at = task.startAt + m.at;
      if (at > cutoff) return;
      out.push({ id: idOf(i + 1), role: m.role, type: m.type, summary: m.summary, data: m.data, hidden: m.hidden, createdAt: at, taskIndex: task.index, position: i + 1, screenshotStep: m.screenshotStep });
    });
    const note = task.end ? END_NOTES[task.end] : undefined;
    if (note && task.endedAt !== null && task.endedAt <= now) {
      out.push({ id: idOf(endSlot), role: 'ai', type: 'assistant_message', summary: note.summary, data: note.data, hidden: false, createdAt: task.endedAt, taskIndex: task.index, position: endSlot, screenshotStep: -1 });
    }
  }
  return out;
}

export interface MessagePage {
  messages: DerivedMessage[];
  hasMore: boolean;
}

/**
 * Cursor paging in chronological order. No cursor: the newest `limit` messages. `after`: the first
 * `limit` messages following the cursor. `before`: the last `limit` messages preceding it. A cursor that
 * is not a message of this session yields an empty page.
 */
export function pageMessages(all: DerivedMessage[], after: string | null, before: string | null, limit: number): MessagePage {
  let lo = 0;
  let hi = all.length;
  if (after !== null) {
    const i = all.findIndex((m) => m.id === after);
    if (i < 0) return { messages: [], hasMore: false };
    lo = i + 1;
  }
  if (before !== null) {
    const i = all.findIndex((m) => m.id === before);
    if (i < 0) return { messages: [], hasMore: false };
    hi = Math.min(hi, i);
  }
  if (hi <= lo) return { messages: [], hasMore: false };
  if (after !== null) {
    return { messages: all.slice(lo, Math.min(hi, lo + limit)), hasMore: lo + limit < hi };
  }
  const start = Math.max(lo, hi - limit);
  return { messages: all.slice(start, hi), hasMore: start > lo };
}
