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
 * Parses a decimal amount (as pydantic's Decimal accepts it) to micro-USD, rounding toward zero
 * so that a cap is never exceeded by rounding.
 */
export function parseUsd(value: string | number): Micros {
  const text = typeof value === 'number' ? numberToPlain(value) : value.trim();
  const match = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!match || (match[2] === '' && (match[3] ?? '') === '')) throw new RangeError(`not a decimal: ${text}`);
  const sign = match[1] === '-' ? -1 : 1;
  let intPart = match[2] ?? '';
  let fracPart = match[3] ?? '';
  let exponent = Number(match[4] ?? '0');
  // Shift the decimal point by the exponent without floating point.
  while (exponent > 0) {
    intPart += fracPart.charAt(0) || '0';
    fracPart = fracPart.slice(1);
    exponent--;
  }
  while (exponent < 0) {
    fracPart = (intPart.slice(-1) || '0') + fracPart;
    intPart = intPart.slice(0, -1);
    exponent++;
  }
  const micros = Number(intPart || '0') * MICROS_PER_USD + Number((fracPart + '000000').slice(0, 6));
  if (!Number.isSafeInteger(micros)) throw new RangeError(`amount out of range: ${text}`);
  return sign * micros;
}

function numberToPlain(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite amount: ${value}`);
  return String(value);
}

/** The canonical string for a decimal given by a client (pydantic keeps the given digits). */
export function decimalString(value: string | number): string {
  return typeof value === 'number' ? numberToPlain(value) : value.trim();
}
