// What a generation makes of a goal: the skill's title, description, categories, sites, inputs and output
// schema, read from the task kind the goal belongs to (fixtures/kinds), and how long the generation takes
// and how it ends. Pure functions of the goal, the seed and the skill's identity.
import type { ParameterSchema, SkillCategory } from '../../contract/types-v2.generated.js';
import { capitalise, siteFor } from '../../simulation/content.js';
import type { FieldSpec, KindRegistry, TaskKind } from '../../simulation/kinds.js';
import { Rng } from '../../simulation/random.js';
import { factsOf } from '../../simulation/task-facts.js';
import { siteHint, titleOf } from '../../simulation/texts.js';
import type { GenerationOutcome, OutputSchema, SkillVersion } from './model.js';

/** Subject areas of the built-in task kinds; a kind not listed here is `other`. */
const CATEGORY_OF_KIND: Readonly<Record<string, SkillCategory>> = {
  login: 'automation',
  summarize: 'media',
  forms: 'automation',
  code: 'developer',
  issues: 'developer',
  flights: 'travel',
  hotels: 'travel',
  trains: 'travel',
  shopping: 'e_commerce',
  extract: 'search',
  restaurants: 'travel',
  appointments: 'automation',
  jobs: 'jobs',
  news: 'news',
  weather: 'other',
  facts: 'search',
  social: 'social_media',
  generic: 'search',
};

/** Recording the browser session, then writing the code: simulated milliseconds. */
export const RECORDING_MS: readonly [number, number] = [15_000, 45_000];
export const GENERATING_MS: readonly [number, number] = [30_000, 90_000];
/** A generation that has not ended by then ends as `timed_out`. */
export const GENERATION_TIMEOUT_MS = 10 * 60_000;

export interface SkillDesign {
  title: string;
  description: string;
  categories: SkillCategory[];
  domains: string[];
  parameters: ParameterSchema[];
  outputSchema: OutputSchema;
}

/** `Email or username` → `emailOrUsername`. */
function parameterName(label: string): string {
  const words = label.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  return words.map((w, i) => (i === 0 ? w : capitalise(w))).join('') || 'value';
}

function inputsOf(kind: TaskKind): ParameterSchema[] {
  const seen = new Set<string>();
  const parameters: ParameterSchema[] = [];
  for (const field of kind.form) {
    // Secrets are never skill inputs: they come from the browser profile's cookies.
    if (field.secret) continue;
    const name = parameterName(field.label);
    if (seen.has(name)) continue;
    seen.add(name);
    // A field the kind always fills the same way ("1 adult, economy") is optional with that default.
    const fixed = !field.value.includes('{');
    parameters.push({ name, type: 'string', required: !fixed, description: `${field.label} as typed into the form`, default: fixed ? field.value : null, cookieDomain: null });
  }
  if (parameters.length === 0) {
    parameters.push({ name: 'query', type: 'string', required: true, description: `What to look for among the ${kind.noun[1]}`, default: null, cookieDomain: null });
  }
  if (kind.count[1] > 1) {
    parameters.push({ name: 'maxResults', type: 'number', required: false, description: `Largest number of ${kind.noun[1]} to return`, default: kind.count[1], cookieDomain: null });
  }
  return parameters;
}

/** Prices read as the site prints them ("$1,240"); ratings and counts are numbers. */
const NUMERIC: readonly string[] = ['rating', 'int'];

function propertyOf(spec: FieldSpec): Record<string, unknown> {
  const generator = Object.keys(spec)[0] ?? 'template';
  return NUMERIC.includes(generator) ? { type: 'number' } : { type: 'string' };
}

/** `{<plural noun>: [{<item fields>}]}`, every field required. */
export function outputSchemaOf(kind: TaskKind): OutputSchema {
  const properties: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(kind.item)) properties[name] = propertyOf(spec);
  const list = parameterName(kind.noun[1]);
  return {
    type: 'object',
    properties: { [list]: { type: 'array', items: { type: 'object', properties, required: Object.keys(properties) } } },
    required: [list],
  };
}

/** The skill a goal describes. A title or description given by the client wins over the made-up one. */
export function designSkill(goal: string, kinds: KindRegistry, given: { title?: string | null; description?: string | null }): SkillDesign {
  const facts = factsOf(goal);
  const kind = kinds.select(facts.text, siteHint(facts, kinds.list()));
  const site = siteFor(kind, facts);
  const title = given.title ?? titleOf(goal).slice(0, 100);
  const description = given.description ?? `${kind.description.replace(/\.$/, '')} on ${site} and return the ${kind.noun[1]} found.`.slice(0, 1000);
  return {
    title,
    description,
    categories: [CATEGORY_OF_KIND[kind.name] ?? 'other'],
    domains: [site],
    parameters: inputsOf(kind),
    outputSchema: outputSchemaOf(kind),
  };
}

/**
 * The timing of one generation. `forced` is the outcome a scenario asks for; otherwise every generation
 * finishes. A timed-out generation runs until the generation time limit.
 */
export function planGeneration(
  identity: string,
  number: number,
  now: number,
  forced: GenerationOutcome | undefined,
  shape: { parameters: SkillVersion['parameters']; outputSchema: OutputSchema; feedback: string | null },
): SkillVersion {
  const rng = new Rng(`${identity}:generation:${number}`);
  const recordingEndsAt = now + rng.int(RECORDING_MS[0], RECORDING_MS[1]);
  const outcome = forced ?? 'finished';
  const endsAt = outcome === 'timed_out' ? now + GENERATION_TIMEOUT_MS : recordingEndsAt + rng.int(GENERATING_MS[0], GENERATING_MS[1]);
  return { number, startedAt: now, recordingEndsAt, endsAt, outcome, cancelledAt: null, retiredAt: null, ...shape };
}

/** A version that is finished as soon as it exists (a marketplace clone). */
export function finishedVersion(number: number, now: number, shape: { parameters: SkillVersion['parameters']; outputSchema: OutputSchema }): SkillVersion {
  return { number, startedAt: now, recordingEndsAt: now, endsAt: now, outcome: 'finished', cancelledAt: null, retiredAt: null, feedback: null, ...shape };
}
