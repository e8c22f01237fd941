// The task-kind file format as TypeBox schemas (fixtures/kinds/*.yaml): they type what a file holds and
// validate it, each field wording its own problems, as the scenario format does (fixture-schema.ts).
// Rules that tie fields together (placeholders a template may use) are checked after, in kind-fixtures.ts.
import type { Static, TSchema } from '@sinclair/typebox';
import { Type } from '@sinclair/typebox';
import { Checked, describe } from '../validation/problems.js';
import type { ProblemText } from '../validation/problems.js';
import { ACTIONS, PAGES } from './kinds.js';

export const FIELD_GENERATORS = ['price', 'rating', 'int', 'hour', 'minutes', 'days'] as const;
const got = (expected: string): ProblemText => (value) => `${expected}, got ${describe(value)}`;

const regExpProblem = (source: string): string | undefined => {
  try {
    new RegExp(source, 'i');
    return undefined;
  } catch (error) {
    return `invalid regular expression: ${error instanceof Error ? error.message : String(error)}`;
  }
};

/** A word of a list: YAML reads `2` and `true` as scalars of their own; in a word list they are words. */
const Word = Type.Union([Type.String(), Type.Number(), Type.Boolean()], { problem: got('expected a string') });
/** One word or a list of words. */
const words = (options: { minItems?: number; problem?: string } = {}) =>
  Type.Union([Word, Type.Array(Word, { minItems: options.minItems ?? 0, problem: () => options.problem ?? 'expected a non-empty list' })], {
    problem: (value: unknown) => (value === undefined ? 'required' : got('expected a string or a list of strings')(value)),
  });

const Pattern = Checked<string>((value) => (typeof value === 'string' ? regExpProblem(value) : `expected a string, got ${describe(value)}`));

/** `N` (exactly N) or `[min, max]` with min <= max. */
export const Pair = Checked<number | [number, number]>((value) => {
  if (typeof value === 'number' && Number.isFinite(value)) return undefined;
  if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'number' && Number.isFinite(v)) && (value[0] as number) <= (value[1] as number)) return undefined;
  return `expected [min, max] with min <= max, got ${describe(value)}`;
});

const fieldProblem = `expected a template string or one of {${FIELD_GENERATORS.join(': [min, max]}, {')}: [min, max]}`;
const generatorProperties: Record<string, TSchema> = Object.fromEntries(FIELD_GENERATORS.map((name) => [name, Type.Optional(Pair)]));
/** An item field: a template, or one generator with its range. */
const FieldSchema = Type.Union(
  [Type.String(), Type.Object(generatorProperties, { additionalProperties: false, minProperties: 1, maxProperties: 1, problem: () => fieldProblem })],
  { problem: () => fieldProblem },
);

const requiredText = (what = 'expected a string') => Type.String({ problem: (value: unknown) => (value === undefined ? 'required' : got(what)(value)) });
const oneOf = (values: readonly string[]) => Type.Union(values.map((v) => Type.Literal(v)), { problem: got(`expected one of ${values.join(', ')}`) });

const StepSchema = Type.Object(
  { action: oneOf(ACTIONS), page: oneOf(PAGES), summary: requiredText(), result: requiredText() },
  { additionalProperties: false, problem: got('expected {action, page, summary, result}') },
);

const FormFieldSchema = Type.Object(
  { label: requiredText(), value: requiredText(), secret: Type.Optional(Type.Boolean({ problem: got('expected true or false') })) },
  { additionalProperties: false, problem: got('expected {label, value, secret}') },
);

const Count = Checked<number | [number, number]>((value) => {
  const pairProblem = (Pair as unknown as { check: (v: unknown) => string | undefined }).check(value);
  if (pairProblem) return pairProblem;
  const [lo, hi] = typeof value === 'number' ? [value, value] : (value as [number, number]);
  return lo < 1 || hi > 50 ? 'expected numbers between 1 and 50' : undefined;
});

export const KindSchema = Type.Object(
  {
    name: Type.Optional(Type.String({ problem: got('expected a string') })),
    description: Type.Optional(Type.String({ problem: got('expected a string') })),
    match: Type.Union([Pattern, Type.Array(Pattern)], { problem: (value: unknown) => (value === undefined ? 'required' : got('expected a regular expression or a list of them')(value)) }),
    sites: words({ minItems: 1, problem: 'expected at least one site' }),
    count: Type.Optional(Count),
    noun: Type.Optional(words()),
    vocab: Type.Optional(Type.Record(Type.String(), words({ minItems: 1 }), { problem: got('expected a mapping of word lists') })),
    item: Type.Record(Type.String(), FieldSchema, { problem: () => 'required: a mapping of field name to generator' }),
    display: Type.Object(
      { title: requiredText(), detail: Type.Optional(Type.String()), badge: Type.Optional(Type.String()) },
      { additionalProperties: false, problem: () => 'required: {title, detail, badge}' },
    ),
    plan: words(),
    steps: Type.Array(StepSchema, { minItems: 1, problem: () => 'required: a non-empty list of {action, page, summary, result}' }),
    form: Type.Optional(Type.Array(FormFieldSchema, { problem: got('expected a list of {label, value, secret}') })),
    article: Type.Optional(words()),
    output: Type.Object(
      { lead: requiredText(), line: Type.Optional(Type.String()), tail: Type.Optional(Type.String()) },
      { additionalProperties: false, problem: () => 'required: {lead, line, tail}' },
    ),
    failure: words(),
  },
  { additionalProperties: false, problem: () => 'expected a mapping describing one task kind' },
);

export type KindDocument = Static<typeof KindSchema>;
export type WordsDocument = Static<ReturnType<typeof words>>;
