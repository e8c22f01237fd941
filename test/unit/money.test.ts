import t from 'tap';
import { decimalString, formatScaled, formatUsd, MAX_AMOUNT_MICROS, parseUsd } from '../../src/money.js';

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

t.test('parseUsd saturates far-off amounts instead of throwing', async (t) => {
  const max = MAX_AMOUNT_MICROS;
  t.equal(parseUsd('10000000000'), max);
  t.equal(parseUsd(1e10), max);
  t.equal(parseUsd(-1e10), -max);
  t.equal(parseUsd('1E+400'), max);
  t.equal(parseUsd('1E+999999999999999999'), max);
  t.equal(parseUsd('-9223372036854775809'), -max);
  t.equal(parseUsd('12345678901234567890.123456'), max);
  t.equal(parseUsd('1E-1999999999999999997'), 0);
  t.equal(parseUsd('1000000000'), max);
  t.equal(parseUsd('999999999.9999999'), max - 1);
  t.equal(parseUsd('0.1234565'), 123_456);
  t.equal(parseUsd(1e21), max);
  t.equal(parseUsd('123.'), 123_000_000);
  t.equal(parseUsd('5E+2'), 500_000_000);
  t.equal(parseUsd('0E+9999'), 0);
});

t.test('decimalString writes exponents out and echoes saturated amounts as held', async (t) => {
  const cases: [string | number, string][] = [
    ['12.50', '12.50'],
    ['1E+3', '1000'],
    ['1.5E+2', '150'],
    ['1E-7', '0.0000001'],
    ['-1.25E-3', '-0.00125'],
    ['1E-400', '0'],
    ['0E+400', '0'],
    ['1E+400', '1000000000'],
    ['-9.223372036854776E+18', '-1000000000'],
    ['10000000000', '1000000000'],
    ['999999999.9999999', '999999999.9999999'],
    [1e-7, '0.0000001'],
    [0.2, '0.2'],
  ];
  for (const [given, echo] of cases) t.equal(decimalString(given), echo, String(given));
});
