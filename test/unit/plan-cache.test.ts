// The plan cache keeps 1,024 plans: a read marks a plan, and a miss evicts the first unmarked one the
// clock hand reaches, so plans read since the hand last passed survive a new task.
import t from 'tap';
import type { TaskRecord } from '../../src/sessions/model.js';
import { SessionMachine } from '../../src/simulation/session-machine.js';
import { inputFor } from '../content/check.js';

const taskOf = (i: number): TaskRecord => ({ input: inputFor(`Find the price of item ${i} [mock:quick]`, { seed: `plan-cache:${i}` }) }) as TaskRecord;

t.test('reads keep plans; a miss evicts the first unread one', async (t) => {
  const machine = new SessionMachine();
  const tasks = Array.from({ length: 1026 }, (_, i) => taskOf(i));
  const first = tasks.slice(0, 1024).map((task) => machine.planOf(task));
  t.equal(machine.planOf(tasks[0] as TaskRecord), first[0], 'a cached plan is the same object');
  // Task 0 was read again: the hand passes it and evicts task 1 for the new task.
  machine.planOf(tasks[1024] as TaskRecord);
  t.equal(machine.planOf(tasks[0] as TaskRecord), first[0], 'the read plan survived');
  t.equal(machine.planOf(tasks[2] as TaskRecord), first[2], 'so did the next one: the hand stopped at the first unread');
  const again = machine.planOf(tasks[1] as TaskRecord);
  t.not(again, first[1], 'the unread plan was evicted and is planned again');
  t.same(again, first[1], 'to the same plan');
});

t.test('a poller reading more plans than the cache holds still gets correct plans', async (t) => {
  const machine = new SessionMachine();
  const tasks = Array.from({ length: 1100 }, (_, i) => taskOf(i));
  const reference = new Map(tasks.slice(0, 40).map((task) => [task, JSON.stringify(machine.planOf(task))]));
  for (let round = 0; round < 2; round++) for (const task of tasks) machine.planOf(task);
  for (const [task, json] of reference) t.equal(JSON.stringify(machine.planOf(task)), json);
});
