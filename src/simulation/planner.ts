// Turns a dispatched task into a script of timed steps. The script is a pure function of its input,
// so it can be recomputed at any time instead of being stored.
import type { Micros } from '../money.js';
import { formatUsd } from '../money.js';
import type { RunContent } from './content.js';
import { buildContent, pageAddress, siteFor } from './content.js';
import type { PageType, TaskKind } from './kinds.js';
import { synthesize } from './output.js';
import type { PricedModel } from './pricing.js';
import { browserCost, llmCost, proxyCost } from './pricing.js';
import { Rng } from './random.js';
import type { Outcome, Range, Scenario, ScenarioFile } from './scenario.js';
import type { TaskFacts } from './task-facts.js';
import { factsOf } from './task-facts.js';
import { kindOf, titleOf } from './texts.js';

export interface TaskInput {
  /** Seed of this task: run seed, session id and task index. */
  seed: string;
  task: string;
  model: PricedModel;
  outputSchema: Record<string, unknown> | null;
  /** Whether traffic goes through the (billed) proxy. */
  proxy: boolean;
  /** What this task may spend at most. */
  budget: Micros;
  scenario: Scenario;
  /** The task's kind, chosen at dispatch from the kinds in force; default: chosen among the built-in kinds. */
  kind?: TaskKind;
  /** Whether a workspace is attached (enables file output). */
  workspace: boolean;
  /** True when a cached script replays the task (no LLM cost, faster steps). */
  cachedScript?: boolean;
  /** The most steps the agent may take (v2 `maxSteps`); a run that needs more ends as a failure at it. */
  maxSteps?: number;
  /** The only sites the agent may visit (v2 `allowedDomains`): the run stays on one of them. */
  allowedDomains?: readonly string[];
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
  /** The page the browser shows after the step, and the action that got there. */
  page: PageType;
  action: string;
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

/**
 * The part of a plan that reading a task at a moment needs: when each step is done, what the run has
 * cost by then, and how it ends. Session and task views, polls and the clock read only this, so it is
 * what stays cached for many tasks; it is a small fraction of the plan's objects.
 */
export interface TaskTimeline {
  title: string;
  steps: PlanStep[];
  /** cumulative[i] = totals after steps 0..i. */
  cumulative: Totals[];
  /** ms after start when the run ends; Infinity when it hangs until a timeout. */
  end: number;
  ending: Ending;
  scenario: string;
  /** The site the run works on. */
  site: string;
}

/** The whole plan: the timeline with the messages, files and page content the run shows. */
export interface TaskPlan extends TaskTimeline {
  /** Messages in order (the user's task message is not part of the plan). */
  messages: PlanMessage[];
  files: ScenarioFile[];
  /** What the run's pages show and what it answers. */
  content: RunContent;
}

/** The plan's timeline, sharing its steps and totals (the same objects, so memos keyed by them hold). */
export function timelineOf(plan: TaskPlan): TaskTimeline {
  const { title, steps, cumulative, end, ending, scenario, site } = plan;
  return { title, steps, cumulative, end, ending, scenario, site };
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

/** A domain pattern of `allowedDomains` (`example.com`, `*.example.com`, `https://example.com`) as a bare host. */
const hostOfPattern = (pattern: string): string => pattern.trim().toLowerCase().replace(/^[a-z]+:\/\//, '').replace(/^\*\./, '').replace(/^www\./, '').replace(/[/:].*$/, '');

/**
 * The task's facts with the site kept inside the allowed domains: the site the task would visit when it
 * is allowed (itself or a subdomain of an allowed one), else the first allowed site the kind knows, else
 * the first allowed domain.
 */
function withinDomains(facts: TaskFacts, kind: TaskKind, allowed: readonly string[] | undefined): TaskFacts {
  const hosts = (allowed ?? []).map(hostOfPattern).filter((h) => h !== '');
  if (hosts.length === 0) return facts;
  const isAllowed = (site: string): boolean => hosts.some((h) => site === h || site.endsWith(`.${h}`));
  const wanted = siteFor(kind, facts);
  if (isAllowed(wanted)) return facts;
  return { ...facts, site: kind.sites.find(isAllowed) ?? hosts[0] ?? wanted };
}

export function planTask(input: TaskInput): TaskPlan {
  const rng = new Rng(input.seed);
  const { scenario } = input;
  const kind = input.kind ?? kindOf(input.task);
  const facts = withinDomains(factsOf(input.task), kind, input.allowedDomains);
  const content = buildContent(kind, facts, input.seed, { files: input.workspace && !scenario.files });
  const script = scenario.steps.script;
  const wanted = script ? script.length : Math.max(1, pickIn(rng, scenario.steps.count));
  const count = input.maxSteps !== undefined ? Math.min(wanted, Math.max(1, input.maxSteps)) : wanted;
  const files = plannedFiles(input, content);
  const outline = outlineOf(content, count, rng);

  const steps: PlanStep[] = [];
  const cumulative: Totals[] = [];
  const messages: PlanMessage[] = [];
  let clock = 0;
  let totals = ZERO_TOTALS;
  let cappedAt = -1;

  for (let i = 0; i < count; i++) {
    const scripted = script?.[i];
    const text = outline[i] ?? outline[outline.length - 1] ?? FALLBACK_STEP;
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
      page: text.page,
      action: text.action,
    };
    const next = addTotals(totals, step);
    if (costOf(next) > input.budget) {
      // The step that would cross the cap never runs.
      cappedAt = clock;
      break;
    }
    if (i === 0) {
      messages.push(aiMessage(clock + Math.round(duration * 0.2), 'planning', 'Planning the task', content.plan, -1));
    }
    const actionData = scripted?.data ?? `{"action":${json(text.action)},"params":${paramsOf(content, text, i, rng)}}`;
    messages.push(aiMessage(clock + Math.round(duration * 0.5), scripted?.type ?? 'browser_action', step.summary, actionData, -1));
    messages.push(aiMessage(step.at, 'browser_action_result', text.result, text.result, step.screenshot ? i : -1, true));
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
  const base = { title, steps, cumulative, messages, files: [] as ScenarioFile[], scenario: scenario.name, site: content.site, content };

  if (cappedAt >= 0) {
    const at = cappedAt + 200;
    const text = `Stopped: continuing would exceed the cost limit of $${formatUsd(input.budget)} for this task.`;
    messages.push(aiMessage(at, 'completion', 'Cost limit reached', text, -1));
    return planWith(base, base.files, at, { kind: 'cost_limit', isTaskSuccessful: false, output: text });
  }
  if (count < wanted && scenario.outcome === 'success') {
    // The run needed more steps than it was allowed: the agent gives up at the limit.
    const text = `I could not complete the task within the limit of ${count} ${count === 1 ? 'step' : 'steps'}.`;
    messages.push(aiMessage(clock + 400, 'completion', 'Step limit reached', text, -1));
    return planWith(base, base.files, clock + 400, { kind: 'failure', isTaskSuccessful: false, output: text });
  }
  return finish(input, scenario.outcome, base, clock, rng, files);
}

interface OutlineStep {
  action: string;
  page: PageType;
  summary: string;
  result: string;
}

const FALLBACK_STEP: OutlineStep = { action: 'wait', page: 'results', summary: 'Waiting for the page to finish loading', result: 'The page finished loading' };

/**
 * The run's `count` steps: the kind's steps in order, with extra browsing (scrolling, reading a row,
 * waiting) before the last one when the run is longer, and middle steps dropped when it is shorter.
 */
function outlineOf(content: RunContent, count: number, rng: Rng): OutlineStep[] {
  const core = content.steps;
  if (core.length === 0) return [FALLBACK_STEP];
  if (count === 1) return [core[0] ?? FALLBACK_STEP];
  if (count <= core.length) return [...core.slice(0, count - 1), core[core.length - 1] ?? FALLBACK_STEP];
  const body = core.slice(0, -1);
  const last = core[core.length - 1] ?? FALLBACK_STEP;
  const extra: OutlineStep[] = [];
  const browse = body.filter((s) => s.page === 'results' || s.page === 'table' || s.page === 'article').pop()?.page ?? body[body.length - 1]?.page ?? 'results';
  for (let i = body.length; i < count - 1; i++) {
    const row = content.rows[rng.int(0, Math.max(0, content.rows.length - 1))];
    switch (rng.int(0, 3)) {
      case 0: {
        const pixels = rng.int(3, 12) * 100;
        extra.push({ action: 'scroll', page: browse, summary: `Scrolling down to see more ${content.noun[1]}`, result: `Scrolled down ${pixels} pixels` });
        break;
      }
      case 1:
        extra.push(
          row
            ? { action: 'read_page', page: browse, summary: `Checking "${row.title}"`, result: row.detail ? `${row.title}: ${row.detail}` : `Read the entry for ${row.title}` }
            : FALLBACK_STEP,
        );
        break;
      case 2:
        extra.push({ action: 'scroll', page: browse, summary: 'Scrolling back to the top of the page', result: 'Scrolled to the top' });
        break;
      default:
        extra.push({ ...FALLBACK_STEP, page: browse });
    }
  }
  return [...body, ...extra, last];
}

const QUOTED = /"([^"]+)"/;

const SECRET_FIELD = /password|passcode|secret/i;
const DIGITS = /\d+/;
const json = (value: string | number): string => JSON.stringify(value);

/**
 * The parameters of a step's action as the agent would send them, as JSON written directly: the same
 * text JSON.stringify gives for the object, at a fraction of the cost of building and serialising one.
 */
function paramsOf(content: RunContent, step: OutlineStep, index: number, rng: Rng): string {
  const element = rng.int(2, 60);
  switch (step.action) {
    case 'navigate':
    case 'read_page':
      return `{"url":${json(pageAddress(content, step.page, index).url)}}`;
    case 'input_text':
      // A password is typed from the secrets store, never written into the message.
      return `{"index":${element},"text":${json(SECRET_FIELD.test(step.summary) ? '<secret>password</secret>' : QUOTED.exec(step.summary)?.[1] ?? content.query)}}`;
    case 'select_option':
      return `{"index":${element},"text":${json(QUOTED.exec(step.summary)?.[1] ?? content.query)}}`;
    case 'scroll':
      return `{"down":true,"pixels":${json(Number(DIGITS.exec(step.result)?.[0] ?? 600))}}`;
    case 'extract':
      return `{"query":${json(step.summary)}}`;
    case 'wait':
      return `{"seconds":${rng.int(1, 3)}}`;
    case 'send_keys':
      return '{"keys":"Enter"}';
    case 'write_file':
      return `{"path":${json(content.files[0]?.path ?? `${content.vars.slug ?? 'results'}.txt`)}}`;
    default:
      return `{"index":${element}}`;
  }
}

function finish(
  input: TaskInput,
  outcome: Outcome,
  base: Omit<TaskPlan, 'end' | 'ending'>,
  clock: number,
  rng: Rng,
  files: ScenarioFile[],
): TaskPlan {
  const { messages, content } = base;
  const at = clock + 400;
  switch (outcome) {
    case 'error': {
      const text = input.scenario.message ?? 'The browser crashed unexpectedly.';
      messages.push(aiMessage(at, 'browser_action_error', 'The run failed', text, -1));
      return planWith(base, base.files, at, { kind: 'error', isTaskSuccessful: false, output: null });
    }
    case 'timed_out':
      messages.push(aiMessage(at, 'browser_action', 'Waiting for the page to respond', JSON.stringify({ action: 'wait', params: { seconds: 30 } }), -1));
      return planWith(base, base.files, Infinity, { kind: 'hang' });
    case 'failure': {
      const text = input.scenario.message ?? `I could not complete the task. ${content.failure}`;
      const output = input.scenario.output ?? text;
      messages.push(aiMessage(at, 'completion', 'Task failed', dataOf(output), -1));
      return planWith(base, base.files, at, { kind: 'failure', isTaskSuccessful: false, output });
    }
    case 'success': {
      const output =
        input.scenario.output ?? (input.outputSchema ? synthesize(input.outputSchema, rng, content) : content.answer);
      messages.push(aiMessage(at, 'completion', 'Task completed', dataOf(output), -1));
      return planWith(base, input.workspace ? files : [], at, { kind: 'success', isTaskSuccessful: true, output });
    }
  }
}

/** The plan: `base` with its files, end and ending (keys in the order the plan always had). */
function planWith(base: Omit<TaskPlan, 'end' | 'ending'>, files: ScenarioFile[], end: number, ending: Ending): TaskPlan {
  const { title, steps, cumulative, messages, scenario, site, content } = base;
  return { title, steps, cumulative, messages, files, scenario, site, content, end, ending };
}

const dataOf = (output: unknown): string => (typeof output === 'string' ? output : JSON.stringify(output));

function aiMessage(at: number, type: string, summary: string, data: string, screenshotStep: number, hidden = false): PlanMessage {
  return { at, role: 'ai', type, summary, data, hidden, screenshotStep };
}

/** Files the run writes when a workspace is attached: the scenario's, or the export the task asks for. */
function plannedFiles(input: TaskInput, content: RunContent): ScenarioFile[] {
  if (!input.workspace) return [];
  if (input.scenario.files) return [...input.scenario.files];
  return [...content.files];
}
