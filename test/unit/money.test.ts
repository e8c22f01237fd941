import t from 'tap';
import { decimalString, formatScaled, formatUsd, parseUsd } from '../../src/money.js';

t.test('formatUsd prints exact trimmed decimals', async (t) => {
  t.equal(formatUsd(0), '0');
  t.equal(formatUsd(1), '0.000001');
  t.equal(formatUsd(23_409), '0.023409');
  t.equal(formatUsd(10_000_000), '10');
  t.equal(formatUsd(1_500_000), '1.5');
  t.equal(formatUsd(-250_000), '-0.25');
  t.equal(formatScaled(1234, 3), '1.234');
  t.equal(formatScaled(5, 3), '0.005');
  t.throws(() => formatUsd(0.5));
});

t.test('parseUsd rounds toward zero so caps are never exceeded', async (t) => {
  t.equal(parseUsd('0.05'), 50_000);
  t.equal(parseUsd(0.1), 100_000);
  t.equal(parseUsd('1E+3'), 1_000_000_000);
  t.equal(parseUsd('1E-7'), 0);
  t.equal(parseUsd('0.0000019'), 1);
  t.equal(parseUsd(' 2.5 '), 2_500_000);
  t.equal(parseUsd('-1'), -1_000_000);
  t.equal(parseUsd('.5'), 500_000);
  t.throws(() => parseUsd('abc'));
  t.equal(decimalString(0.2), '0.2');
});

t.test('sums of formatted parts equal the formatted sum', async (t) => {
  for (let i = 0; i < 1000; i++) {
    const a = (i * 7919) % 100_003;
    const b = (i * 104_729) % 1_000_003;
    t.equal(parseUsd(formatUsd(a)) + parseUsd(formatUsd(b)), parseUsd(formatUsd(a + b)));
  }
});
