// What simulated work costs. All rates are integers of micro-USD so that every sum is exact.
import type { Micros } from '../money.js';

export type ModelName = 'bu-mini' | 'bu-max' | 'bu-ultra' | 'gemini-3-flash' | 'claude-sonnet-4.6' | 'claude-opus-4.6';

/** Micro-USD per million tokens, per model. */
export const MODEL_PRICES: Record<ModelName, { input: Micros; output: Micros }> = {
  'bu-mini': { input: 200_000, output: 1_000_000 },
  'bu-max': { input: 1_000_000, output: 5_000_000 },
  'bu-ultra': { input: 3_000_000, output: 15_000_000 },
  'gemini-3-flash': { input: 500_000, output: 3_000_000 },
  'claude-sonnet-4.6': { input: 3_000_000, output: 15_000_000 },
  'claude-opus-4.6': { input: 5_000_000, output: 25_000_000 },
};

/** The v2 API's models (SupportedLLMs of openapi/v2.json). */
export type V2ModelName =
  | 'browser-use-llm'
  | 'browser-use-2.0'
  | 'gpt-4.1'
  | 'gpt-4.1-mini'
  | 'o4-mini'
  | 'o3'
  | 'gemini-2.5-flash'
  | 'gemini-2.5-pro'
  | 'gemini-3-pro-preview'
  | 'gemini-3-flash-preview'
  | 'gemini-flash-latest'
  | 'gemini-flash-lite-latest'
  | 'claude-sonnet-4-20250514'
  | 'claude-sonnet-4-5-20250929'
  | 'claude-opus-4-5-20251101'
  | 'gpt-4o'
  | 'gpt-4o-mini'
  | 'llama-4-maverick-17b-128e-instruct'
  | 'claude-3-7-sonnet-20250219';

/** Any model a task can run on, whichever API version dispatched it. */
export type PricedModel = ModelName | V2ModelName;

/** Micro-USD per million tokens for the v2 models (docs/behavior.md, "v2 tasks and sessions"). */
export const V2_MODEL_PRICES: Record<V2ModelName, { input: Micros; output: Micros }> = {
  'browser-use-llm': { input: 200_000, output: 1_000_000 },
  'browser-use-2.0': { input: 500_000, output: 3_000_000 },
  'gpt-4.1': { input: 2_000_000, output: 8_000_000 },
  'gpt-4.1-mini': { input: 400_000, output: 1_600_000 },
  'o4-mini': { input: 1_100_000, output: 4_400_000 },
  o3: { input: 2_000_000, output: 8_000_000 },
  'gemini-2.5-flash': { input: 300_000, output: 2_500_000 },
  'gemini-2.5-pro': { input: 1_250_000, output: 10_000_000 },
  'gemini-3-pro-preview': { input: 2_000_000, output: 12_000_000 },
  'gemini-3-flash-preview': { input: 500_000, output: 3_000_000 },
  'gemini-flash-latest': { input: 300_000, output: 2_500_000 },
  'gemini-flash-lite-latest': { input: 100_000, output: 400_000 },
  'claude-sonnet-4-20250514': { input: 3_000_000, output: 15_000_000 },
  'claude-sonnet-4-5-20250929': { input: 3_000_000, output: 15_000_000 },
  'claude-opus-4-5-20251101': { input: 5_000_000, output: 25_000_000 },
  'gpt-4o': { input: 2_500_000, output: 10_000_000 },
  'gpt-4o-mini': { input: 150_000, output: 600_000 },
  'llama-4-maverick-17b-128e-instruct': { input: 200_000, output: 600_000 },
  'claude-3-7-sonnet-20250219': { input: 3_000_000, output: 15_000_000 },
};

const priceOf = (model: PricedModel): { input: Micros; output: Micros } =>
  (MODEL_PRICES as Partial<Record<PricedModel, { input: Micros; output: Micros }>>)[model] ?? V2_MODEL_PRICES[model as V2ModelName];

/** $0.06 per browser hour. */
export const BROWSER_MICROS_PER_HOUR: Micros = 60_000;
/** $4 per GB (10^6 KB) of proxy traffic, i.e. 4 micro-USD per KB. */
export const PROXY_MICROS_PER_KB: Micros = 4;

/** Rounded up to the next micro-USD so that a sum of steps never undercharges. */
export function llmCost(model: PricedModel, inputTokens: number, outputTokens: number): Micros {
  const price = priceOf(model);
  return Math.ceil((inputTokens * price.input + outputTokens * price.output) / 1_000_000);
}

export function browserCost(durationMs: number): Micros {
  return Math.ceil((durationMs * BROWSER_MICROS_PER_HOUR) / 3_600_000);
}

export function proxyCost(kilobytes: number): Micros {
  return kilobytes * PROXY_MICROS_PER_KB;
}
