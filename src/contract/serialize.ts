// Value formats at the HTTP edge, matching what pydantic v2 prints.

const ISO_SLOTS_MASK = 4095;
const isoKeys = new Float64Array(ISO_SLOTS_MASK + 1).fill(NaN);
const isoTexts: (string | undefined)[] = new Array<string | undefined>(ISO_SLOTS_MASK + 1);

/** UTC timestamp as pydantic prints an aware datetime: seconds, microseconds only when non-zero, then Z. */
export function isoTime(ms: number): string {
  // Polled objects print the same instants over and over: remember recent ones (direct-mapped by ms).
  const slot = ms & ISO_SLOTS_MASK;
  if (isoKeys[slot] === ms) return isoTexts[slot] as string;
  const iso = new Date(ms).toISOString(); // 2026-01-01T00:00:00.123Z
  const millis = iso.slice(20, 23);
  const text = millis === '000' ? `${iso.slice(0, 19)}Z` : `${iso.slice(0, 19)}.${millis}000Z`;
  isoKeys[slot] = ms;
  isoTexts[slot] = text;
  return text;
}

