// The plan caches: a read marks an entry, and a miss evicts the first unmarked one the clock hand
// reaches, so entries read since the hand last passed survive a new one. The session machine keeps
// many timelines and few whole plans; both always equal a fresh plan of the task.
import t from 'tap';
import type { TaskRecord } from '../../src/sessions/model.js';
import { ClockCache } from '../../src/simulation/plan-cache.js';
import { planTask, timelineOf } from '../../src/simulation/planner.js';
import { PLAN_CACHE_SIZE, SessionMachine, TIMELINE_CACHE_SIZE } from '../../src/simulation/session-machine.js';
import { inputFor } from '../content/check.js';

const taskOf = (i: number): TaskRecord => ({ input: inputFor(`Find the price of item ${i} [mock:quick]`, { seed: `plan-cache:${i}` }) }) as TaskRecord;

t.test('reads keep entries; a miss evicts the first unread one', async (t) => {
  const computed: number[] = [];
  const cache = new ClockCache<{ n: number }, string>(4, (key) => {
    computed.push(key.n);
    return `value ${key.n}`;
  });
  const keys = Array.from({ length: 6 }, (_, n) => ({ n }));
  for (const key of keys.slice(0, 4)) cache.get(key);
  t.equal(cache.get(keys[0] as { n: number }), 'value 0', 'a cached value is returned');
  // Key 0 was read again: the hand passes it and evicts key 1 for the new key.
  cache.get(keys[4] as { n: number });
  t.ok(cache.has(keys[0] as { n: number }), 'the read entry survived');
  t.notOk(cache.has(keys[1] as { n: number }), 'the first unread entry was evicted');
  t.ok(cache.has(keys[2] as { n: number }), 'the hand stopped there');
  t.equal(cache.get(keys[1] as { n: number }), 'value 1', 'an evicted value is computed again');
  t.same(computed, [0, 1, 2, 3, 4, 1], 'a hit computes nothing');
  cache.clear();
  t.notOk(cache.has(keys[0] as { n: number }), 'clear empties the cache');
});

t.test('repeated reads of one key, and evictions between them, still answer its own value', async (t) => {
  const computed: number[] = [];
  const cache = new ClockCache<{ n: number }, string>(2, (key) => {
    computed.push(key.n);
    return `value ${key.n}`;
  });
  const [a, b, c] = [{ n: 0 }, { n: 1 }, { n: 2 }];
  t.equal(cache.get(a), 'value 0');
  t.equal(cache.get(a), 'value 0', 'read again');
  cache.get(b);
  // a was read since it came in, b was not: b's slot is reused for c.
  t.equal(cache.get(c), 'value 2');
  t.ok(cache.has(a), 'a, read twice, stays');
  t.notOk(cache.has(b), 'b is evicted');
  t.equal(cache.get(c), 'value 2', 'c read again, from the reused slot');
  t.equal(cache.get(b), 'value 1', 'b is computed again, not read from the slot it had');
  t.same(computed, [0, 1, 2, 1], 'each value computed once per stay in the cache');
  cache.clear();
  t.equal(cache.get(b), 'value 1', 'after clear, computed again');
  t.same(computed, [0, 1, 2, 1, 1]);
});

t.test('the machine keeps more timelines than whole plans', async (t) => {
  t.ok(TIMELINE_CACHE_SIZE >= 1024, 'a thousand polled tasks keep their timelines');
  t.ok(PLAN_CACHE_SIZE < TIMELINE_CACHE_SIZE);
});

t.test('timelines and plans read through the caches equal fresh ones, evicted or not', async (t) => {
  const machine = new SessionMachine();
  const tasks = Array.from({ length: PLAN_CACHE_SIZE + 40 }, (_, i) => taskOf(i));
  const fresh = (task: TaskRecord): string => JSON.stringify(planTask(task.input));
  const freshTimeline = (task: TaskRecord): string => JSON.stringify(timelineOf(planTask(task.input)));
  for (let round = 0; round < 2; round++) for (const task of tasks) machine.timelineOf(task);
  for (const task of tasks.slice(0, 40)) {
    t.equal(JSON.stringify(machine.timelineOf(task)), freshTimeline(task));
    t.equal(JSON.stringify(machine.planOf(task)), fresh(task), 'its plan was evicted and is planned again, to the same plan');
  }
  const task = tasks[0] as TaskRecord;
  t.equal(machine.timelineOf(task), machine.timelineOf(task), 'a cached timeline is the same object');
  t.equal(machine.planOf(task), machine.planOf(task), 'and so is a cached plan');
});

t.test('a timeline shares its plan\'s steps and totals', async (t) => {
  const plan = planTask(taskOf(1).input);
  const timeline = timelineOf(plan);
  t.equal(timeline.steps, plan.steps);
  t.equal(timeline.cumulative, plan.cumulative);
  t.equal(timeline.site, plan.content.site);
  t.notOk('messages' in timeline, 'no messages');
  t.notOk('content' in timeline, 'no page content');
});
