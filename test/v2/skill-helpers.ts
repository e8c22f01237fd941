// Shared by the v2 skill and marketplace tests: typed calls, the balance in micro-USD and a check that a
// run's result matches the skill's own output schema.
import { Ajv2020 } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';
import type { SkillResponse } from '../../src/contract/types-v2.generated.js';
import type { TestServer } from '../helpers/server.js';

export const v2 = (path: string): string => `/api/v2${path}`;

/** Simulated time after which every first generation has ended (recording + generating at their longest). */
export const GENERATION_DONE_MS = 135_000;

const ajv = new Ajv2020({ strict: false, allErrors: true });
const addFormats = (formats as unknown as { default?: typeof formats }).default ?? formats;
(addFormats as unknown as (instance: Ajv2020) => void)(ajv);

/** Undefined when `value` matches `schema`, else the problems. */
export function schemaProblem(schema: Record<string, unknown>, value: unknown): string | undefined {
  const validate = ajv.compile(schema);
  return validate(value) ? undefined : ajv.errorsText(validate.errors);
}

/** What the key can still spend, in micro-USD (from the ledger itself). */
export function balanceOf(s: TestServer, key = 'test-key'): number {
  return s.state.ledger.settled(s.state.projects.get(key));
}

/** A skill created from a goal and brought to `finished` by the clock. */
export async function finishedSkill(s: TestServer, goal = 'Find cheap flights from Paris to Berlin on a date', key = 'test-key'): Promise<SkillResponse> {
  const created = await s.call<{ id: string }>('POST', v2('/skills'), { key, body: { goal, agentPrompt: 'Use the site search and read the results table' } });
  if (created.status !== 202) throw new Error(`create answered ${created.status}: ${created.text}`);
  s.advance(GENERATION_DONE_MS);
  const got = await s.call<SkillResponse>('GET', v2(`/skills/${created.json.id}`), { key });
  if (got.json.status !== 'finished') throw new Error(`skill is ${got.json.status}`);
  return got.json;
}
