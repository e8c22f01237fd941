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

/** $0.06 per browser hour. */
export const BROWSER_MICROS_PER_HOUR: Micros = 60_000;
/** $4 per GB (10^6 KB) of proxy traffic, i.e. 4 micro-USD per KB. */
export const PROXY_MICROS_PER_KB: Micros = 4;

/** Rounded up to the next micro-USD so that a sum of steps never undercharges. */
export function llmCost(model: ModelName, inputTokens: number, outputTokens: number): Micros {
  const price = MODEL_PRICES[model];
  return Math.ceil((inputTokens * price.input + outputTokens * price.output) / 1_000_000);
}

export function browserCost(durationMs: number): Micros {
  return Math.ceil((durationMs * BROWSER_MICROS_PER_HOUR) / 3_600_000);
}

export function proxyCost(kilobytes: number): Micros {
  return kilobytes * PROXY_MICROS_PER_KB;
}
