// A v2 task's status, derived from its record and the clock (its session settled first).
import type { TaskStatus } from '../../contract/types-v2.generated.js';
import type { TaskRecord } from '../../sessions/model.js';

/**
 * created: dispatched, the session still booting; started: running; finished: ended by the agent
 * (success, failure, crash, cost cap or step limit); stopped: ended by a client or by a time limit.
 */
export function taskStatusOf(task: TaskRecord, now: number): TaskStatus {
  if (task.endedAt !== null && task.endedAt <= now) return task.end === 'stopped' || task.end === 'timed_out' ? 'stopped' : 'finished';
  return now < task.startAt ? 'created' : 'started';
}
