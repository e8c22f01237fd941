// Money is integer micro-USD inside the emulator; decimal strings exist only at the HTTP edge.

export type Micros = number;

export const MICROS_PER_USD = 1_000_000;

/** 1234 → "0.001234", 5000000 → "5", 0 → "0" (trailing zeros trimmed, as a normalised Decimal prints). */
export function formatUsd(micros: Micros): string {
  return formatScaled(micros, 6);
}

/** Formats an integer count of 10^-decimals units as a plain decimal string. */
export function formatScaled(units: number, decimals: number): string {
  if (!Number.isSafeInteger(units)) throw new RangeError(`not an integer amount: ${units}`);
  // Every view prints several amounts, most of them zero while nothing has run.
  if (units === 0) return '0';
  const negative = units < 0;
  const digits = Math.abs(units).toString().padStart(decimals + 1, '0');
  const start = digits.length - decimals;
  let end = digits.length;
  while (end > start && digits.charCodeAt(end - 1) === 48) end--;
  const whole = digits.slice(0, start);
  const fraction = digits.slice(start, end);
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

/**
 * Largest amount held, in micro-USD (one billion USD). Amounts past it saturate: a cap that large means
 * "no cap below the balance", and sums of amounts stay exact integers.
 */
export const MAX_AMOUNT_MICROS: Micros = 1_000_000_000 * MICROS_PER_USD;

const DECIMAL_TEXT = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/**
 * Parses a decimal amount (as pydantic's Decimal accepts it) to micro-USD, rounding toward zero so that
 * a cap is never exceeded by rounding, and saturating at ±MAX_AMOUNT_MICROS. Throws only for text that
 * is not a finite decimal at all; any exponent is fine (no work grows with it).
 */
export function parseUsd(value: string | number): Micros {
  const text = typeof value === 'number' ? numberToPlain(value) : value.trim();
  const match = DECIMAL_TEXT.exec(text);
  if (!match || (match[2] === '' && (match[3] ?? '') === '')) throw new RangeError(`not a decimal: ${text}`);
  const sign = match[1] === '-' ? -1 : 1;
  const digits = `${match[2] ?? ''}${match[3] ?? ''}`;
  const firstNonZero = digits.search(/[1-9]/);
  if (firstNonZero < 0) return 0;
  // Index in `digits` just past the last micro-USD digit; far-off exponents saturate either way.
  const exponent = Number(match[4] ?? '0');
  const microsEnd = (match[2] ?? '').length + exponent + 6;
  const wholeDigits = microsEnd - firstNonZero;
  if (wholeDigits <= 0) return 0;
  if (wholeDigits > String(MAX_AMOUNT_MICROS).length) return sign * MAX_AMOUNT_MICROS;
  const micros = Number(digits.slice(firstNonZero, microsEnd).padEnd(wholeDigits, '0'));
  return sign * Math.min(micros, MAX_AMOUNT_MICROS);
}

function numberToPlain(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite amount: ${value}`);
  return String(value);
}

/** Positional notation, which is all the published `maxCostUsd` pattern allows. */
const PLAIN_DECIMAL = /^[+-]?\d*\.?\d*$/;
/** Fraction digits kept when an exponent is written out (far below a micro-USD). */
const ECHO_FRACTION_DIGITS = 18;

/**
 * The string a cap is echoed as. pydantic prints str(Decimal), which the published pattern refuses for
 * exponent forms ("1E+3", "1E-7"); those are written out positionally instead, and an amount at or past
 * the held range is echoed as the saturated value it acts as (±1000000000).
 */
export function decimalString(value: string | number): string {
  const text = typeof value === 'number' ? numberToPlain(value) : value.trim();
  const micros = parseUsd(text);
  if (Math.abs(micros) >= MAX_AMOUNT_MICROS) return formatUsd(micros);
  if (PLAIN_DECIMAL.test(text)) return text;
  const match = DECIMAL_TEXT.exec(text);
  const digits = `${match?.[2] ?? ''}${match?.[3] ?? ''}`;
  const point = (match?.[2] ?? '').length + Number(match?.[4] ?? '0');
  if (!/[1-9]/.test(digits) || point <= -ECHO_FRACTION_DIGITS) return '0';
  const whole = point <= 0 ? '0' : digits.slice(0, point).padEnd(point, '0').replace(/^0+(?=\d)/, '');
  const fraction = (point < 0 ? '0'.repeat(-point) + digits : digits.slice(Math.max(point, 0))).slice(0, ECHO_FRACTION_DIGITS).replace(/0+$/, '');
  const sign = match?.[1] === '-' && /[1-9]/.test(whole + fraction) ? '-' : '';
  return `${sign}${whole}${fraction ? `.${fraction}` : ''}`;
}
