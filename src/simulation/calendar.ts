// Date arithmetic for generated content without a Date object per call: a run formats dozens of dates,
// and Date.parse plus toISOString were a large part of building its content.

const DAY_MS = 86_400_000;
/** Milliseconds of the first and after the last instant that toISOString prints with a four-digit year. */
const FOUR_DIGIT_YEARS: readonly [number, number] = [Date.parse('0000-01-01T00:00:00Z'), Date.parse('+010000-01-01T00:00:00Z')];
const noonOf = new Map<string, number>();

/** Noon (UTC) of an ISO date as Date.parse reads it (days past a month's end roll over; NaN if unreadable). */
function noon(iso: string): number {
  let t = noonOf.get(iso);
  if (t === undefined) {
    t = Date.parse(`${iso}T12:00:00Z`);
    // Dates come from task texts and small offsets: a bounded set, but guard against growth anyway.
    if (noonOf.size > 4096) noonOf.clear();
    noonOf.set(iso, t);
  }
  return t;
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** YYYY-MM-DD of a day counted from 1970-01-01 (proleptic Gregorian, years 0 to 9999). */
function isoOfDay(day: number): string {
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${String(y).padStart(4, '0')}-${pad2(m)}-${pad2(d)}`;
}

/** The ISO date `days` after `iso` (an unreadable date counts from 2026-12-04), as `new Date(...).toISOString()` gives it. */
export function addDays(iso: string, days: number): string {
  const t = noon(iso);
  // Date truncates fractional milliseconds toward zero.
  const ms = Math.trunc((Number.isNaN(t) ? Date.UTC(2026, 11, 4, 12) : t) + days * DAY_MS);
  if (!(ms >= FOUR_DIGIT_YEARS[0] && ms < FOUR_DIGIT_YEARS[1])) return new Date(ms).toISOString().slice(0, 10);
  return isoOfDay(Math.floor(ms / DAY_MS));
}
