// The command line's heap policy: growth up to a target heap, by 30 % to 100 % of what survived, set
// again after every full collection; or a fixed share; or V8's own rule.
import t from 'tap';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { HEAP_TARGET_BYTES, MAX_GROWTH_PERCENT, MIN_GROWTH_PERCENT, applyHeapPolicy, growthPercentFor, heapPolicyOf, oldGenerationBytes } from '../../src/heap-policy.js';

const MB = 1024 * 1024;

t.test('growth up to the target, within its bounds', async (t) => {
  t.equal(growthPercentFor(10 * MB), MAX_GROWTH_PERCENT, 'a small heap may double, no more');
  t.equal(growthPercentFor(HEAP_TARGET_BYTES / 2), 100, 'half the target: doubles to it');
  t.equal(growthPercentFor(50 * MB), 76, 'to the target');
  t.equal(growthPercentFor(60 * MB), 47, 'rounded up');
  t.equal(growthPercentFor(HEAP_TARGET_BYTES), MIN_GROWTH_PERCENT, 'at the target: the floor');
  t.equal(growthPercentFor(1024 * MB), MIN_GROWTH_PERCENT, 'past it: the floor');
  t.equal(growthPercentFor(0), MAX_GROWTH_PERCENT, 'no heap reads as a small one');
});

t.test('BU_MOCK_HEAP_GROWTH_PERCENT', async (t) => {
  t.same(heapPolicyOf(undefined), { kind: 'target' }, 'unset: the target rule');
  t.same(heapPolicyOf(''), { kind: 'target' });
  t.same(heapPolicyOf('0'), { kind: 'v8' }, "0: V8's own rule");
  t.same(heapPolicyOf('45'), { kind: 'fixed', percent: 45 }, 'a whole number: that share');
  for (const bad of ['-1', '1.5', 'thirty', ' ']) {
    t.throws(() => heapPolicyOf(bad), /BU_MOCK_HEAP_GROWTH_PERCENT must be a whole number >= 0/, JSON.stringify(bad));
  }
});

t.test('the target rule follows the heap after each full collection', async (t) => {
  t.equal(applyHeapPolicy({ kind: 'v8' }).percent(), null, 'V8 rule: nothing set');
  t.equal(applyHeapPolicy({ kind: 'fixed', percent: 45 }).percent(), 45);
  const applied = applyHeapPolicy({ kind: 'target' });
  t.teardown(() => applied.stop());
  t.equal(applied.percent(), MIN_GROWTH_PERCENT, 'the floor until the first full collection');
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  // Performance entries are delivered on a later turn of the event loop.
  await new Promise((resolve) => setTimeout(resolve, 50));
  const percent = applied.percent() ?? 0;
  t.ok(percent >= MIN_GROWTH_PERCENT && percent <= MAX_GROWTH_PERCENT, `set from the heap left (${percent} %)`);
  // The old generation has moved a little since the collection the share was set from.
  t.ok(Math.abs(percent - growthPercentFor(oldGenerationBytes())) <= 5, 'the share for the old generation that collection left');
  t.ok(oldGenerationBytes() < process.memoryUsage().heapTotal, 'which is part of the heap');
});
