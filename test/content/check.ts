// What every task's run must satisfy, checked against its plan: the kind, the site, the numbers the
// task bounds, the count it asks for, the names it gives, no secret anywhere and no echo of the task.
import type { Test } from 'tap';
import { planTask } from '../../src/simulation/planner.js';
import type { TaskInput, TaskPlan } from '../../src/simulation/planner.js';
import { DEFAULT_SCENARIO } from '../../src/simulation/scenario.js';
import type { Scenario } from '../../src/simulation/scenario.js';

export interface TaskCase {
  task: string;
  kind: string;
  site: string;
  /** Exactly this many numbered lines in the answer. */
  count?: number;
  priceMax?: number;
  priceMin?: number;
  ratingMin?: number;
  /** Every time of day in the answer is before this hour (24h, decimal). */
  hourBefore?: number;
  /** Text that must appear in the answer. */
  entities?: string[];
  /** Secret values that must appear nowhere. */
  secrets?: string[];
}

export function inputFor(task: string, overrides: Partial<TaskInput> = {}): TaskInput {
  return { seed: 'content:session:0', task, model: 'claude-sonnet-4.6', outputSchema: null, proxy: false, budget: 10_000_000, scenario: DEFAULT_SCENARIO, workspace: false, ...overrides };
}

export const withScenario = (scenario: Partial<Scenario>): Scenario => ({ ...DEFAULT_SCENARIO, ...scenario });

/** Every text of a plan a user can see: messages, step summaries, title, output, files. */
export function visibleTexts(plan: TaskPlan): string[] {
  const out = [plan.title, ...plan.messages.flatMap((m) => [m.summary, m.data]), ...plan.steps.map((s) => s.summary), ...plan.files.map((f) => f.content)];
  if (plan.ending.kind !== 'hang' && plan.ending.output !== null) out.push(typeof plan.ending.output === 'string' ? plan.ending.output : JSON.stringify(plan.ending.output));
  out.push(JSON.stringify(plan.content));
  return out;
}

const hourOf = (h: string, m: string, ampm: string): number => (Number(h) % 12) + (ampm === 'PM' ? 12 : 0) + Number(m) / 60;

export function checkCase(t: Test, c: TaskCase): TaskPlan {
  const plan = planTask(inputFor(c.task));
  const output = plan.ending.kind === 'success' ? plan.ending.output : null;
  t.type(output, 'string', 'a text answer');
  const answer = String(output);
  t.equal(plan.content.kind, c.kind, `kind ${c.kind}`);
  t.equal(plan.content.site, c.site, `visits ${c.site}`);
  const navigate = plan.messages.find((m) => m.type === 'browser_action' && m.data.includes('"navigate"'));
  t.ok(navigate && navigate.data.includes(c.site), `the first navigation goes to ${c.site}`);
  t.notOk(answer.includes(c.task), 'the task is not echoed back');
  t.notOk(/\{[A-Za-z][\w.]*\}/.test(answer), 'no unfilled placeholder');
  t.notOk(/undefined|NaN|\[object/.test(answer), 'no broken value');
  const lines = answer.split('\n').filter((l) => /^\d+\. /.test(l));
  if (c.count !== undefined) t.equal(lines.length, c.count, `exactly ${c.count} items`);
  const listed = lines.length > 0 ? lines.join('\n') : answer;
  const prices = [...listed.matchAll(/\$(\d+(?:\.\d\d)?)(?!k)/g)].map((m) => Number(m[1]));
  if (c.priceMax !== undefined || c.priceMin !== undefined) t.ok(prices.length > 0, 'prices are given');
  for (const p of prices) {
    if (c.priceMax !== undefined) t.ok(p < c.priceMax, `$${p} under $${c.priceMax}`);
    if (c.priceMin !== undefined) t.ok(p > c.priceMin, `$${p} over $${c.priceMin}`);
  }
  if (c.ratingMin !== undefined) {
    const ratings = [...listed.matchAll(/(\d\.\d)(?: stars|\/5)/g)].map((m) => Number(m[1]));
    t.ok(ratings.length > 0, 'ratings are given');
    for (const r of ratings) t.ok(r >= c.ratingMin, `${r} >= ${c.ratingMin}`);
  }
  if (c.hourBefore !== undefined) {
    const hours = [...listed.matchAll(/(\d{1,2}):(\d\d) (AM|PM)/g)].map((m) => hourOf(m[1] ?? '0', m[2] ?? '0', m[3] ?? 'AM'));
    t.ok(hours.length > 0, 'times are given');
    for (const h of hours) t.ok(h < c.hourBefore, `${h} before ${c.hourBefore}`);
  }
  for (const e of c.entities ?? []) t.ok(answer.includes(e), `the answer names ${e}`);
  for (const secret of c.secrets ?? []) {
    for (const text of visibleTexts(plan)) t.notOk(text.includes(secret), 'the secret appears nowhere');
  }
  t.equal(JSON.stringify(planTask(inputFor(c.task))), JSON.stringify(plan), 'same seed and task, same plan');
  t.not(JSON.stringify(planTask(inputFor(c.task, { seed: 'content:other:0' })).ending), JSON.stringify(plan.ending), 'another seed, another answer');
  return plan;
}
