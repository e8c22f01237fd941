// What the rest of the emulator reads from a task's text without planning it: the site it visits, what
// it is about and its title. Pure functions of the text (secrets are masked first).
import { brandOf, siteFor, wordsOf } from './content.js';
import { builtInKinds } from './kind-fixtures.js';
import type { TaskKind } from './kinds.js';
import { KindRegistry } from './kinds.js';
import type { TaskFacts } from './task-facts.js';
import { factsOf, redact, secretsOf } from './task-facts.js';
import { recentMemo } from './recent.js';

export { capitalise } from './content.js';

export interface TaskTopic {
  site: string;
  query: string;
}

/**
 * A site the task points at for kind selection: the one it names, or a site of some kind that the task
 * mentions by its brand ("on Amazon", "in the GitHub repo").
 */
export function siteHint(facts: TaskFacts, kinds: readonly TaskKind[]): string | null {
  if (facts.site) return facts.site;
  const words = wordsOf(facts);
  for (const kind of kinds) {
    const found = kind.sites.find((s) => brandOf(s).length >= 3 && words.has(brandOf(s)));
    if (found) return found;
  }
  return null;
}

let builtInRegistry: KindRegistry | undefined;

/** The registry of the built-in kinds, for callers that have none of their own. */
export function builtInKindRegistry(): KindRegistry {
  builtInRegistry ??= new KindRegistry(builtInKinds());
  return builtInRegistry;
}

/** The kind of a task in `registry` (default: the built-in kinds). */
export function kindOf(task: string, registry: KindRegistry = builtInKindRegistry()): TaskKind {
  const facts = factsOf(task);
  return registry.select(facts.text, siteHint(facts, registry.list()));
}

/** The site a task visits and what it is about, with the built-in kinds. */
export function topicOf(task: string): TaskTopic {
  const facts = factsOf(task);
  const registry = builtInKindRegistry();
  const kind = registry.select(facts.text, siteHint(facts, registry.list()));
  return { site: siteFor(kind, facts), query: facts.query || kind.noun[1] };
}

/** Short title summarising the task, as the cloud shows once a task runs. Secrets are masked. */
export const titleOf: (task: string) => string = recentMemo((task) => readTitle(task));

function readTitle(task: string): string {
  const clean = redact(task, secretsOf(task))
    .replace(/\[mock:[^\]]*\]/gi, '')
    .replace(/\s+/g, ' ')
    .trim();
  const words = clean.split(' ').slice(0, 8).join(' ');
  const title = words.length > 60 ? `${words.slice(0, 57).trimEnd()}...` : words;
  return title ? title.charAt(0).toUpperCase() + title.slice(1) : 'Untitled task';
}
