// Turns a dispatched task into a script of timed steps. The script is a pure function of its input,
// so it can be recomputed at any time instead of being stored.
import type { Micros } from '../money.js';
import { formatUsd } from '../money.js';
import { synthesize } from './output.js';
import type { ModelName } from './pricing.js';
import { browserCost, llmCost, proxyCost } from './pricing.js';
import { Rng } from './random.js';
import type { Outcome, Range, Scenario, ScenarioFile } from './scenario.js';
import { planText, stepText, successText, titleOf, topicOf } from './texts.js';

export interface TaskInput {
  /** Seed of this task: run seed, session id and task index. */
  seed: string;
  task: string;
  model: ModelName;
  outputSchema: Record<string, unknown> | null;
  /** Whether traffic goes through the (billed) proxy. */
  proxy: boolean;
  /** What this task may spend at most. */
  budget: Micros;
  scenario: Scenario;
  /** Whether a workspace is attached (enables file output). */
  workspace: boolean;
  /** True when a cached script replays the task (no LLM cost, faster steps). */
  cachedScript?: boolean;
}

export interface PlanMessage {
  /** ms after the task started. */
  at: number;
  role: 'human' | 'ai';
  type: string;
  summary: string;
  data: string;
  hidden: boolean;
  /** Index of the step whose screenshot this message shows, or -1. */
  screenshotStep: number;
}

/** What one step (or a run so far) consumed and cost. */
export interface PlanStep extends Totals {
  /** ms after the task started when the step is done. */
  at: number;
  summary: string;
  screenshot: boolean;
}

export interface Totals {
  inputTokens: number;
  outputTokens: number;
  proxyKb: number;
  llm: Micros;
  proxy: Micros;
  browser: Micros;
}

export type Ending =
  | { kind: 'success' | 'failure' | 'cost_limit'; isTaskSuccessful: boolean; output: unknown }
  | { kind: 'error'; isTaskSuccessful: false; output: null }
  | { kind: 'hang' };

export interface TaskPlan {
  title: string;
  steps: PlanStep[];
  /** cumulative[i] = totals after steps 0..i. */
  cumulative: Totals[];
  /** Messages in order (the user's task message is not part of the plan). */
  messages: PlanMessage[];
  /** ms after start when the run ends; Infinity when it hangs until a timeout. */
  end: number;
  ending: Ending;
  files: ScenarioFile[];
  scenario: string;
}

export const ZERO_TOTALS: Totals = Object.freeze({ inputTokens: 0, outputTokens: 0, proxyKb: 0, llm: 0, proxy: 0, browser: 0 });

export function addTotals(a: Totals, b: Totals): Totals {
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    proxyKb: a.proxyKb + b.proxyKb,
    llm: a.llm + b.llm,
    proxy: a.proxy + b.proxy,
    browser: a.browser + b.browser,
  };
}

export const costOf = (t: Totals): Micros => t.llm + t.proxy + t.browser;

const pickIn = (rng: Rng, [lo, hi]: Range): number => rng.int(Math.round(lo), Math.round(hi));

const FILE_NAME = /\b([\w-]+\.(?:csv|json|txt|md))\b/gi;

export function planTask(input: TaskInput): TaskPlan {
  const rng = new Rng(input.seed);
  const { scenario } = input;
  const topic = topicOf(input.task);
  const script = scenario.steps.script;
  const count = script ? script.length : Math.max(1, pickIn(rng, scenario.steps.count));
  const files = plannedFiles(input, topic.query, rng);

  const steps: PlanStep[] = [];
  const cumulative: Totals[] = [];
  const messages: PlanMessage[] = [];
  let clock = 0;
  let totals = ZERO_TOTALS;
  let cappedAt = -1;

  for (let i = 0; i < count; i++) {
    const scripted = script?.[i];
    const text = stepText(topic, i, count, rng);
    const speedUp = input.cachedScript ? 0.3 : 1;
    const duration = Math.max(50, Math.round((scripted?.durationMs ?? pickIn(rng, scenario.steps.durationMs)) * speedUp));
    const inputTokens = input.cachedScript ? 0 : scripted?.inputTokens ?? pickIn(rng, scenario.steps.inputTokens) + i * 350;
    const outputTokens = input.cachedScript ? 0 : scripted?.outputTokens ?? pickIn(rng, scenario.steps.outputTokens);
    const proxyKb = input.proxy ? scripted?.proxyKb ?? pickIn(rng, scenario.steps.proxyKb) : 0;
    const step: PlanStep = {
      at: clock + duration,
      summary: scripted?.summary ?? text.summary,
      inputTokens,
      outputTokens,
      proxyKb,
      llm: llmCost(input.model, inputTokens, outputTokens),
      proxy: proxyCost(proxyKb),
      browser: browserCost(duration),
      screenshot: scripted?.screenshot ?? true,
    };
    const next = addTotals(totals, step);
    if (costOf(next) > input.budget) {
      // The step that would cross the cap never runs.
      cappedAt = clock;
      break;
    }
    if (i === 0) {
      messages.push(aiMessage(clock + Math.round(duration * 0.2), 'planning', 'Planning the task', planText(topic), -1));
    }
    const actionData = scripted?.data ?? JSON.stringify({ action: text.action, params: text.params });
    messages.push(aiMessage(clock + Math.round(duration * 0.5), scripted?.type ?? 'browser_action', step.summary, actionData, -1));
    messages.push({ ...aiMessage(step.at, 'browser_action_result', text.result, text.result, step.screenshot ? i : -1), hidden: true });
    if (i === count - 1 && scenario.outcome === 'success') {
      for (const f of files) {
        messages.push(aiMessage(step.at, 'file_operation', `Saved ${f.path}`, JSON.stringify({ action: 'write_file', path: f.path, bytes: Buffer.byteLength(f.content) }), -1));
      }
    }
    steps.push(step);
    totals = next;
    cumulative.push(totals);
    clock = step.at;
  }

  const title = titleOf(input.task);
  const base = { title, steps, cumulative, messages, files: [] as ScenarioFile[], scenario: scenario.name };

  if (cappedAt >= 0) {
    const at = cappedAt + 200;
    const text = `Stopped: continuing would exceed the cost limit of $${formatUsd(input.budget)} for this task.`;
    messages.push(aiMessage(at, 'completion', 'Cost limit reached', text, -1));
    return { ...base, end: at, ending: { kind: 'cost_limit', isTaskSuccessful: false, output: text } };
  }
  return finish(input, scenario.outcome, base, clock, rng, files);
}

function finish(
  input: TaskInput,
  outcome: Outcome,
  base: Omit<TaskPlan, 'end' | 'ending'>,
  clock: number,
  rng: Rng,
  files: ScenarioFile[],
): TaskPlan {
  const { messages } = base;
  const topic = topicOf(input.task);
  const at = clock + 400;
  switch (outcome) {
    case 'error': {
      const text = input.scenario.message ?? 'The browser crashed unexpectedly.';
      messages.push(aiMessage(at, 'browser_action_error', 'The run failed', text, -1));
      return { ...base, end: at, ending: { kind: 'error', isTaskSuccessful: false, output: null } };
    }
    case 'timed_out':
      messages.push(aiMessage(at, 'browser_action', 'Waiting for the page to respond', JSON.stringify({ action: 'wait', params: { seconds: 30 } }), -1));
      return { ...base, end: Infinity, ending: { kind: 'hang' } };
    case 'failure': {
      const text = input.scenario.message ?? `I could not complete the task on ${topic.site}.`;
      const output = input.scenario.output ?? text;
      messages.push(aiMessage(at, 'completion', 'Task failed', dataOf(output), -1));
      return { ...base, end: at, ending: { kind: 'failure', isTaskSuccessful: false, output } };
    }
    case 'success': {
      const output =
        input.scenario.output ?? (input.outputSchema ? synthesize(input.outputSchema, rng, topic) : successText(input.task, topic, rng));
      messages.push(aiMessage(at, 'completion', 'Task completed', dataOf(output), -1));
      return { ...base, files: input.workspace ? files : [], end: at, ending: { kind: 'success', isTaskSuccessful: true, output } };
    }
  }
}

const dataOf = (output: unknown): string => (typeof output === 'string' ? output : JSON.stringify(output));

function aiMessage(at: number, type: string, summary: string, data: string, screenshotStep: number): PlanMessage {
  return { at, role: 'ai', type, summary, data, hidden: false, screenshotStep };
}

/** Files the run writes when a workspace is attached: the scenario's, or those the task names. */
function plannedFiles(input: TaskInput, query: string, rng: Rng): ScenarioFile[] {
  if (!input.workspace) return [];
  if (input.scenario.files) return [...input.scenario.files];
  const names = [...new Set([...input.task.matchAll(FILE_NAME)].map((m) => m[1] ?? ''))].filter(Boolean);
  return names.map((path) => ({ path, content: fileContent(path, query, rng) }));
}

function fileContent(path: string, query: string, rng: Rng): string {
  const rows = Array.from({ length: rng.int(3, 6) }, (_, i) => ({ rank: i + 1, name: `${query} ${i + 1}`, price: `${rng.int(5, 99)}.${rng.int(10, 99)}`, rating: `${rng.int(3, 4)}.${rng.int(0, 9)}` }));
  if (path.endsWith('.csv')) return ['rank,name,price,rating', ...rows.map((r) => `${r.rank},"${r.name}",${r.price},${r.rating}`)].join('\n') + '\n';
  if (path.endsWith('.json')) return JSON.stringify(rows, null, 2) + '\n';
  if (path.endsWith('.md')) return `# ${query}\n\n${rows.map((r) => `${r.rank}. ${r.name}: $${r.price} (${r.rating} stars)`).join('\n')}\n`;
  return rows.map((r) => `${r.rank}. ${r.name} - $${r.price} - ${r.rating} stars`).join('\n') + '\n';
}
