import t from 'tap';
import { MODEL_PRICES, browserCost, llmCost, proxyCost } from '../../src/simulation/pricing.js';

t.test('price table', async (t) => {
  t.same(Object.keys(MODEL_PRICES).sort(), ['bu-max', 'bu-mini', 'bu-ultra', 'claude-opus-4.6', 'claude-sonnet-4.6', 'gemini-3-flash']);
  t.equal(llmCost('claude-sonnet-4.6', 1_000_000, 0), 3_000_000, '$3 per million input tokens');
  t.equal(llmCost('claude-sonnet-4.6', 0, 1_000_000), 15_000_000, '$15 per million output tokens');
  t.equal(llmCost('gemini-3-flash', 1, 0), 1, 'fractions round up to a micro-USD');
  t.equal(llmCost('bu-mini', 0, 0), 0);
});

t.test('browser time at $0.06 per hour, proxy at $4 per GB', async (t) => {
  t.equal(browserCost(3_600_000), 60_000);
  t.equal(browserCost(60_000), 1_000, 'a minute costs $0.001');
  t.equal(browserCost(1), 1, 'rounded up');
  t.equal(proxyCost(1_000_000), 4_000_000, 'a GB (10^6 KB) costs $4');
});
