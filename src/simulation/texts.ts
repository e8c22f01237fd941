// Plausible agent language derived from the task: which site it visits, what it searches for,
// what each step says. Pure functions of (task, rng).
import type { Rng } from './random.js';

const DOMAIN = /\b(?:https?:\/\/)?((?:[a-z0-9-]+\.)+(?:com|org|net|io|dev|ai|co|de|uk|jp|fr|app|edu|gov))\b/i;

const SITE_HINTS: readonly [RegExp, string][] = [
  [/\b(buy|price|cheap|shop|product|order|mouse|laptop|headphones?)\b/i, 'amazon.com'],
  [/\b(flight|airline|hotel|travel)\b/i, 'kayak.com'],
  [/\b(news|headline|hacker news)\b/i, 'news.ycombinator.com'],
  [/\b(repo|repository|github|stars|pull request)\b/i, 'github.com'],
  [/\b(weather|forecast)\b/i, 'weather.com'],
  [/\b(wiki|history of|biography)\b/i, 'en.wikipedia.org'],
  [/\b(job|hiring|linkedin)\b/i, 'linkedin.com'],
  [/\b(recipe|cook)\b/i, 'allrecipes.com'],
];

const STOPWORDS = new Set(
  'a an the and or to of for on in at by with from into go find get look search please then me my your our this that these those is are be it its as up out best top under over about what which who how all some any first save results result file csv json report tell give show list'.split(
    ' ',
  ),
);

export interface TaskTopic {
  site: string;
  query: string;
}

export function topicOf(task: string): TaskTopic {
  const domain = DOMAIN.exec(task)?.[1]?.toLowerCase();
  const hinted = SITE_HINTS.find(([re]) => re.test(task))?.[1];
  const site = domain ?? hinted ?? 'google.com';
  const words = task
    .replace(DOMAIN, ' ')
    .replace(/\[mock:[^\]]*\]/gi, ' ')
    .replace(/\{\{([^}]*)\}\}/g, '$1')
    .toLowerCase()
    .split(/[^a-z0-9$.'-]+/)
    .filter((w) => w.length > 1 && !STOPWORDS.has(w));
  const query = words.slice(0, 5).join(' ') || 'information';
  return { site, query };
}

/** Short title summarising the task, as the cloud shows once a task runs. */
export function titleOf(task: string): string {
  const clean = task
    .replace(/\[mock:[^\]]*\]/gi, '')
    .replace(/\s+/g, ' ')
    .trim();
  const words = clean.split(' ').slice(0, 8).join(' ');
  const title = words.length > 60 ? `${words.slice(0, 57).trimEnd()}...` : words;
  return title ? title.charAt(0).toUpperCase() + title.slice(1) : 'Untitled task';
}

export interface StepText {
  summary: string;
  action: string;
  params: Record<string, string | number>;
  result: string;
}

const ELEMENTS = ['the first result', 'the search button', 'the product link', 'the "Next" button', 'the filters menu', 'the sort dropdown', 'the details tab'];

/** The text of step `index` of `count` for a topic. */
export function stepText(topic: TaskTopic, index: number, count: number, rng: Rng): StepText {
  const url = `https://${topic.site.startsWith('www.') || topic.site.split('.').length > 2 ? topic.site : `www.${topic.site}`}`;
  if (index === 0) {
    return { summary: `Navigating to ${topic.site}`, action: 'navigate', params: { url }, result: `Opened ${url}` };
  }
  if (index === 1 && count > 2) {
    return {
      summary: `Searching for "${topic.query}"`,
      action: 'input_text',
      params: { index: rng.int(2, 30), text: topic.query },
      result: `Typed "${topic.query}" into the search box and pressed Enter`,
    };
  }
  if (index === count - 1) {
    return { summary: 'Extracting the requested information', action: 'extract', params: { query: topic.query }, result: `Extracted content about ${topic.query} from the page` };
  }
  switch (rng.int(0, 3)) {
    case 0: {
      const element = rng.pick(ELEMENTS);
      return { summary: `Clicking ${element}`, action: 'click', params: { index: rng.int(3, 80) }, result: `Clicked ${element}` };
    }
    case 1: {
      const pixels = rng.int(3, 12) * 100;
      return { summary: 'Scrolling down to see more results', action: 'scroll', params: { down: 1, pixels }, result: `Scrolled down ${pixels} pixels` };
    }
    case 2:
      return { summary: `Reading the page on ${topic.site}`, action: 'read_page', params: { url }, result: `Read ${rng.int(2, 9)} sections of the page` };
    default:
      return { summary: 'Waiting for the page to finish loading', action: 'wait', params: { seconds: rng.int(1, 3) }, result: 'The page finished loading' };
  }
}

export function planText(topic: TaskTopic): string {
  return [`1. Open ${topic.site}`, `2. Look for "${topic.query}"`, '3. Compare what the page shows against the task', '4. Report the answer'].join('\n');
}

export function successText(task: string, topic: TaskTopic, rng: Rng): string {
  const n = rng.int(3, 9);
  return `I completed the task on ${topic.site}. I looked through ${n} results for "${topic.query}" and the best match is "${capitalise(topic.query)}" (${rng.int(3, 5)}.${rng.int(0, 9)} stars, $${rng.int(9, 99)}.${rng.int(10, 99)}). Task: ${task.slice(0, 120)}`;
}

export function capitalise(text: string): string {
  return text.replace(/\b[a-z]/g, (c) => c.toUpperCase());
}
