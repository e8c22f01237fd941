// Cost of generating a run's content: plans varied tasks (every built-in kind, with and without an
// output schema and a workspace) and prints microseconds of CPU per plan (CPU time, so that other work
// on the machine does not count; the median of several rounds). Run after `npm run build`:
//   node bench/content.mjs            (BENCH_PLANS=20000 by default)
import { performance } from 'node:perf_hooks';
import { planTask } from '../dist/simulation/planner.js';
import { DEFAULT_SCENARIO } from '../dist/simulation/scenario.js';
import { kindOf, titleOf } from '../dist/simulation/texts.js';

const PLANS = Number(process.env.BENCH_PLANS ?? 20000);
const ROUNDS = 5;
const TASKS = [
  'Find the best-rated wireless mouse under $50 on amazon.com',
  'Search for the weather in Paris and report the temperature',
  'Open github.com and list the trending TypeScript repositories',
  'Find flights from Berlin to Lisbon on June 12 departing before 9am under $300',
  'Find hotels in Rome for May 3 under $150 per night with at least 4.5 stars on booking.com',
  'Log in to github.com with username octo-dev and password Hunter2Secret! and check my notifications',
  'Book a table for 4 at Nobu on Friday at 7pm for Jane Doe',
  'Find 5 remote senior frontend developer jobs in Berlin on LinkedIn and save them to jobs.csv',
  'Summarize https://blog.example.org/posts/why-we-moved-to-postgres in 3 bullet points',
  'Get the top 5 headlines on Hacker News today',
  'Post "We just shipped dark mode!" on x.com',
  'How do I repot an orchid without damaging the roots',
];
const SCHEMA = {
  type: 'object',
  properties: { items: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' }, price: { type: 'number' }, url: { type: 'string', format: 'uri' } } } } },
};
const inputs = TASKS.flatMap((task, i) => [false, true].map((schema) => ({ task, i, schema })));
const inputOf = (n) => {
  const { task, i, schema } = inputs[n % inputs.length];
  // A fresh seed per plan: nothing is cached between plans.
  return { seed: `bench:${n}:${i}`, task, model: 'claude-sonnet-4.6', outputSchema: schema ? SCHEMA : null, proxy: true, budget: 10_000_000, scenario: DEFAULT_SCENARIO, kind: kindOf(task), workspace: n % 3 === 0 };
};

/** Median CPU µs per call of `run(n)` over ROUNDS rounds of `count` calls, and the wall-clock median. */
function measure(count, run) {
  const cpu = [];
  const wall = [];
  for (let round = 0; round < ROUNDS; round++) {
    const cpuStart = process.cpuUsage();
    const wallStart = performance.now();
    for (let n = 0; n < count; n++) run(round * count + n);
    const used = process.cpuUsage(cpuStart);
    wall.push(((performance.now() - wallStart) * 1000) / count);
    cpu.push((used.user + used.system) / count);
  }
  const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)].toFixed(1);
  return `${median(cpu)} µs CPU (${median(wall)} µs wall)`;
}

const prepared = Array.from({ length: PLANS }, (_, n) => inputOf(n));
for (let n = 0; n < 2000; n++) planTask(prepared[n % prepared.length]);
let steps = 0;
for (let n = 0; n < inputs.length; n++) steps += planTask(prepared[n]).steps.length;
const perRound = Math.max(1, Math.floor(PLANS / ROUNDS));
const plans = measure(perRound, (n) => planTask(prepared[n % PLANS]));
const select = measure(perRound, (n) => kindOf(TASKS[n % TASKS.length]));
// A task text never seen before: what a dispatch pays (its facts are read, then kept for its plan).
const fresh = measure(Math.max(1, Math.floor(perRound / 4)), (n) => {
  const task = `${TASKS[n % TASKS.length]} (${n})`;
  kindOf(task);
  titleOf(task);
});

console.log(`plans: ${PLANS} over ${inputs.length} task variants, ${(steps / inputs.length).toFixed(1)} steps each; median of ${ROUNDS} rounds`);
console.log(`planTask (kind given, as at dispatch): ${plans} per plan`);
console.log(`kind selection (facts known):          ${select} per task`);
console.log(`dispatch of a new text (facts, kind, title): ${fresh} per task`);
