// Task kinds: what sort of job a task is (shopping, weather, flights, login...), each described by a data
// file in fixtures/kinds/. A kind says how to recognise its tasks, which site it defaults to, what items
// its pages list, the steps its runs take and how its answer reads. The choice is a pure function of
// the task text.

/** How one field of an item is generated. */
export type FieldSpec =
  | { template: string }
  | { price: readonly [number, number] }
  | { rating: readonly [number, number] }
  | { int: readonly [number, number] }
  | { hour: readonly [number, number] }
  | { minutes: readonly [number, number] }
  | { days: readonly [number, number] };

export const PAGES = ['home', 'results', 'detail', 'form', 'article', 'table', 'done'] as const;
export type PageType = (typeof PAGES)[number];

export const ACTIONS = ['navigate', 'input_text', 'click', 'scroll', 'extract', 'read_page', 'wait', 'select_option', 'send_keys', 'write_file'] as const;
export type ActionName = (typeof ACTIONS)[number];

export interface KindStep {
  action: ActionName;
  page: PageType;
  summary: string;
  result: string;
}

export interface FormField {
  label: string;
  value: string;
  /** Shown as dots: the value is never rendered. */
  secret: boolean;
}

export interface TaskKind {
  name: string;
  description: string;
  /** Each pattern that matches the task adds one to the kind's score. */
  match: readonly RegExp[];
  /** Sites of this kind; the first is visited when the task names none. Naming one adds one to the score. */
  sites: readonly string[];
  /** Items listed when the task asks for no number. */
  count: readonly [number, number];
  noun: readonly [string, string];
  vocab: Readonly<Record<string, readonly string[]>>;
  item: Readonly<Record<string, FieldSpec>>;
  display: { title: string; detail: string; badge: string };
  plan: readonly string[];
  steps: readonly KindStep[];
  form: readonly FormField[];
  article: readonly string[];
  output: { lead: string; line: string; tail: string };
  failure: readonly string[];
  source?: string;
}

/** Score of a kind for a task: one per matching pattern, plus one when the task names one of its sites. */
export function kindScore(kind: TaskKind, text: string, site: string | null): number {
  let score = 0;
  for (const re of kind.match) if (re.test(text)) score += 1;
  if (site && kind.sites.some((s) => site === s || site.endsWith(`.${s}`))) score += 1;
  return score;
}

/** The kinds in force, in priority order (ties go to the earlier kind). */
export class KindRegistry {
  constructor(private kinds: readonly TaskKind[]) {}

  list(): readonly TaskKind[] {
    return this.kinds;
  }

  replace(kinds: readonly TaskKind[]): void {
    this.kinds = kinds;
  }

  /** The best-scoring kind; the one named "generic" (or the last) when nothing matches. */
  select(text: string, site: string | null): TaskKind {
    let best: TaskKind | undefined;
    let bestScore = 0;
    for (const kind of this.kinds) {
      const score = kindScore(kind, text, site);
      if (score > bestScore) {
        best = kind;
        bestScore = score;
      }
    }
    return best ?? this.kinds.find((k) => k.name === 'generic') ?? this.kinds[this.kinds.length - 1] ?? GENERIC_KIND;
  }
}

/** Used only when no kind at all is loaded (a user set that replaces the built-ins with nothing usable). */
export const GENERIC_KIND: TaskKind = {
  name: 'generic',
  description: 'Any task: search, read, answer.',
  match: [],
  sites: ['google.com'],
  count: [3, 3],
  noun: ['result', 'results'],
  vocab: {},
  item: { title: { template: '{Query}' }, url: { template: '/{slug}' } },
  display: { title: '{title}', detail: '{url}', badge: '' },
  plan: ['Open {site}', 'Look up {query}', 'Report what I found'],
  steps: [
    { action: 'navigate', page: 'home', summary: 'Opening {site}', result: 'Opened {home}' },
    { action: 'input_text', page: 'results', summary: 'Searching for "{query}"', result: 'The search returned results' },
    { action: 'extract', page: 'results', summary: 'Reading the top results', result: 'Read {n} results' },
  ],
  form: [],
  article: [],
  output: { lead: 'Here is what I found on {site}:', line: '{i}. {title}', tail: '' },
  failure: ['{site} did not return anything useful for this request.'],
};
