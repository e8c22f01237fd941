// Script caching (`cacheScript`): a task template is the task text with every {{...}} value blanked out.
// The first successful run of a template saves a script under scripts/ in the workspace; while that
// file exists, later runs of the template replay it instead of running the agent.
import { isoTime } from '../contract/serialize.js';
import type { TaskPlan } from '../simulation/planner.js';
import { hash32 } from '../simulation/random.js';

const PLACEHOLDER = /\{\{([^{}]*)\}\}/g;

export const SCRIPTS_FOLDER = 'scripts/';

export const hasPlaceholders = (task: string): boolean => /\{\{[^{}]*\}\}/.test(task);

/** null: on when the task has {{...}} values; true: always; false: never. A workspace is needed in every case. */
export function cachingEnabled(cacheScript: boolean | null, task: string): boolean {
  return cacheScript === null ? hasPlaceholders(task) : cacheScript;
}

/** The task with its {{...}} values blanked: runs that differ only in those values share it. */
export const templateOf = (task: string): string => task.replace(PLACEHOLDER, '{{}}');

export const placeholderValues = (task: string): string[] => [...task.matchAll(PLACEHOLDER)].map((m) => (m[1] ?? '').trim());

/** Where a template's script lives: a readable slug plus a hash of the whole template. */
export function scriptPathOf(task: string): string {
  const template = templateOf(task);
  const slug =
    template
      .replace(PLACEHOLDER, ' ')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .split('-')
      .slice(0, 6)
      .join('-')
      .slice(0, 48)
      .replace(/-+$/, '') || 'task';
  const digest = hash32(template).toString(16).padStart(8, '0');
  return `${SCRIPTS_FOLDER}${slug}-${digest}.py`;
}

const pyString = (text: string): string => JSON.stringify(text);

/** A Playwright script replaying the run's steps, with the template's values as parameters. */
export function scriptSource(task: string, plan: TaskPlan, sessionId: string, savedAt: number): string {
  const values = placeholderValues(task);
  const names = values.map((_, i) => `param_${i + 1}`);
  const urlParam = names[values.findIndex((v) => /^https?:\/\//i.test(v))];
  const lines = [
    '"""Cached browser script.',
    '',
    // Backslashes doubled and triple quotes broken up so the text cannot end or escape the docstring.
    `Template: ${templateOf(task).replace(/\\/g, '\\\\').replace(/"""/g, "'''")}`,
    `Saved by session ${sessionId} at ${isoTime(savedAt)} after a successful run.`,
    'Runs of the same template replay these steps; the {{...}} values are the parameters.',
    '"""',
    'import sys',
    '',
    'from playwright.sync_api import sync_playwright',
    '',
    `DEFAULTS = [${values.map(pyString).join(', ')}]`,
    '',
    '',
    `def run(${names.length > 0 ? names.map((n, i) => `${n}: str = DEFAULTS[${i}]`).join(', ') : ''}) -> None:`,
    '    with sync_playwright() as p:',
    '        browser = p.chromium.launch()',
    '        page = browser.new_page()',
  ];
  plan.steps.forEach((step, i) => {
    lines.push(`        # step ${i + 1}: ${step.summary.replace(/\s+/g, ' ')}`);
    lines.push(i === 0 && urlParam ? `        page.goto(${urlParam})` : '        page.wait_for_load_state("domcontentloaded")');
  });
  lines.push('        browser.close()', '', '', 'if __name__ == "__main__":', '    run(*sys.argv[1:])', '');
  return lines.join('\n');
}
