// Reads a datetime query value as pydantic reads it: an ISO date or date-time (no zone means UTC), or a
// unix timestamp (seconds; above 2e10, milliseconds). The contract layer has already refused anything else.

const DATETIME = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt _](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?([Zz]|[+-]\d{2}(?::?\d{2})?)?)?$/;
const TIMESTAMP = /^[+-]?(?:\d+\.?\d*|\.\d+)$/;

/** ms since 1970, or null for no value. */
export function instantOf(value: string | number | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || TIMESTAMP.test(value)) {
    const n = Number(value);
    return Math.abs(n) > 2e10 ? Math.trunc(n) : Math.trunc(n * 1000);
  }
  const m = DATETIME.exec(value);
  if (!m) return null;
  const fraction = Number(`0.${m[7] ?? '0'}`);
  const local = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)) + Math.floor(fraction * 1000);
  const zone = m[8];
  if (!zone || zone === 'Z' || zone === 'z') return local;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const offsetMinutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0');
  return local - sign * offsetMinutes * 60_000;
}
