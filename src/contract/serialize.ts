// Value formats at the HTTP edge, matching what pydantic v2 prints.

/** UTC timestamp as pydantic prints an aware datetime: seconds, microseconds only when non-zero, then Z. */
export function isoTime(ms: number): string {
  const iso = new Date(ms).toISOString(); // 2026-01-01T00:00:00.123Z
  const millis = iso.slice(20, 23);
  return millis === '000' ? `${iso.slice(0, 19)}Z` : `${iso.slice(0, 19)}.${millis}000Z`;
}
