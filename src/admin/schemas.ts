// Admin request bodies and parameters as TypeBox schemas: they type what a route receives and validate it
// (body.ts turns the first problem into a 400). Rules between fields, and look-ups such as a scenario's
// name, stay with the code that applies them.
import type { Static, TSchema } from '@sinclair/typebox';
import { Type } from '@sinclair/typebox';

const problem = (text: string) => ({ problem: (): string => text });
const nullable = <T extends TSchema>(schema: T) => Type.Optional(Type.Union([schema, Type.Null()]));
const nonEmpty = () => Type.String({ minLength: 1, ...problem('expected a non-empty string') });

/** POST /_mock/clock/advance: `{ms}` or `{sessionId, to}` (which of the two is checked by the route). */
export const ClockAdvanceBody = Type.Object(
  {
    ms: Type.Optional(Type.Number({ minimum: 0, ...problem('expected a number of milliseconds >= 0') })),
    sessionId: Type.Optional(Type.String({ minLength: 1, ...problem('expected a session id') })),
    to: Type.Optional(Type.Union([Type.Literal('next-step'), Type.Literal('end')], problem('expected "next-step" or "end"'))),
  },
  { additionalProperties: false },
);
export type ClockAdvanceBody = Static<typeof ClockAdvanceBody>;

export const MAX_LATENCY_MS = 120_000;

/** POST /_mock/faults. */
export const FaultRuleBody = Type.Object(
  {
    match: Type.Optional(
      Type.Object(
        { method: nullable(nonEmpty()), path: nullable(nonEmpty()), key: nullable(nonEmpty()) },
        { additionalProperties: false, ...problem('expected an object with method, path and/or key') },
      ),
    ),
    respond: nullable(
      Type.Object(
        {
          status: Type.Integer({ minimum: 200, maximum: 599, ...problem('expected an integer from 200 to 599') }),
          body: Type.Optional(Type.Unknown()),
          headers: Type.Optional(
            Type.Object({}, { additionalProperties: Type.Union([Type.String(), Type.Number()], problem('expected a string')), ...problem('expected an object of header names to string values') }),
          ),
        },
        { additionalProperties: false, ...problem('expected an object {status, body?, headers?}') },
      ),
    ),
    latencyMs: nullable(Type.Integer({ minimum: 0, maximum: MAX_LATENCY_MS, ...problem(`expected an integer from 0 to ${MAX_LATENCY_MS}`) })),
    drop: Type.Optional(Type.Boolean(problem('expected true or false'))),
    times: nullable(Type.Integer({ minimum: 1, ...problem('expected an integer >= 1') })),
    probability: nullable(Type.Number({ minimum: 0, maximum: 1, ...problem('expected a number from 0 to 1') })),
    // A name is checked against the scenarios in force, so any value passes here.
    scenario: Type.Optional(Type.Unknown()),
  },
  { additionalProperties: false },
);
export type FaultRuleBody = Static<typeof FaultRuleBody>;

const usdProblem = problem('expected a decimal amount of US dollars, such as "12.5"');
/** PUT /_mock/keys/{key}/balance: the amount is parsed (and range-checked) by the money module. */
export const BalanceBody = Type.Object({ usd: Type.Union([Type.String(), Type.Number()], usdProblem) }, { additionalProperties: false });
export type BalanceBody = Static<typeof BalanceBody>;

const limitProblem = problem('expected an integer >= 0, or null for the default');
/** PUT /_mock/keys/{key}/concurrency. */
export const ConcurrencyBody = Type.Object(
  { limit: Type.Union([Type.Integer({ minimum: 0, ...limitProblem }), Type.Null()], limitProblem) },
  { additionalProperties: false },
);
export type ConcurrencyBody = Static<typeof ConcurrencyBody>;

/** POST /_mock/reset: `?key=K` resets one key, no key resets everything; other parameters are ignored. */
export const ResetQuery = Type.Object({ key: Type.Optional(Type.String()) });
export type ResetQuery = Static<typeof ResetQuery>;
