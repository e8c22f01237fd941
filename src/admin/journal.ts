// The request journal: what clients sent and what they got back, in a bounded ring buffer. The admin
// plugin (traffic.ts) records into it; this module only stores and queries. Times are kept as numbers
// and written out as text only when somebody reads the journal, which is rarer than a request.
import { isoTime } from '../contract/serialize.js';
import { compilePathPattern } from './paths.js';

export const DEFAULT_JOURNAL_SIZE = 1000;

/** Request bodies are kept up to this many characters. */
export const JOURNAL_BODY_LIMIT = 4096;

export interface JournalEntry {
  /** Increasing number, unique within the emulator's life (not reset by DELETE /_mock/journal). */
  id: number;
  method: string;
  path: string;
  /** Raw query string without the `?`, or '' */
  query: string;
  /** Contract operation the request reached, if any. */
  operationId: string | null;
  key: string | null;
  /** null when no response was sent (the connection was dropped). */
  status: number | null;
  requestBody: string | null;
  requestBodyTruncated: boolean;
  /** The `detail` list of a 422 response. */
  validationErrors: unknown[] | null;
  /** Id of the fault rule that acted on the request. */
  fault: string | null;
  /** Simulated time when the request arrived. */
  simulatedTime: string;
  /** Wall-clock time when the request arrived. */
  wallTime: string;
  /** Wall-clock milliseconds from arrival to the end of the response. */
  durationMs: number;
}

/** What the journal holds of a request: the entry with its two times still as milliseconds. */
export interface RecordedRequest extends Omit<JournalEntry, 'id' | 'simulatedTime' | 'wallTime'> {
  /** Simulated milliseconds when the request arrived. */
  simulatedAt: number;
  /** Wall-clock milliseconds when the request arrived. */
  wallAt: number;
}

type Stored = RecordedRequest & { id: number };

function entryOf({ simulatedAt, wallAt, ...rest }: Stored): JournalEntry {
  return { ...rest, simulatedTime: isoTime(simulatedAt), wallTime: new Date(wallAt).toISOString() };
}

export interface JournalFilter {
  key?: string;
  method?: string;
  /** Glob or `^`-regular expression, as in fault rules. */
  path?: string;
  /** An exact status (`422`) or a class (`4xx`). */
  status?: string;
  limit?: number;
}

export class Journal {
  private readonly ring: (Stored | undefined)[];
  private next = 0;
  private count = 0;
  private sequence = 0;

  readonly capacity: number;

  constructor(capacity: number = DEFAULT_JOURNAL_SIZE) {
    // A configuration built by hand may lack the size: fall back rather than break every request.
    this.capacity = Number.isInteger(capacity) && capacity >= 1 ? capacity : DEFAULT_JOURNAL_SIZE;
    this.ring = new Array<Stored | undefined>(this.capacity);
  }

  get size(): number {
    return this.count;
  }

  /** Takes the record as it is (the caller gives up its object) and numbers it. */
  add(request: RecordedRequest): void {
    this.ring[this.next] = Object.assign(request, { id: ++this.sequence });
    this.next = (this.next + 1) % this.capacity;
    this.count = Math.min(this.count + 1, this.capacity);
  }

  /** Oldest first. */
  private stored(): Stored[] {
    const out: Stored[] = [];
    const start = (this.next - this.count + this.capacity) % this.capacity;
    for (let i = 0; i < this.count; i++) {
      const entry = this.ring[(start + i) % this.capacity];
      if (entry) out.push(entry);
    }
    return out;
  }

  /** Matching entries, newest first, at most `limit` (default 100); `total` counts all matches. */
  query(filter: JournalFilter): { entries: JournalEntry[]; total: number } {
    const pathMatches = filter.path ? compilePathPattern(filter.path) : undefined;
    const method = filter.method?.toUpperCase();
    const status = filter.status?.toLowerCase();
    const statusMatches = (s: number | null): boolean => {
      if (status === undefined) return true;
      if (/^[1-5]xx$/.test(status)) return s !== null && Math.floor(s / 100) === Number(status.charAt(0));
      return String(s) === status;
    };
    const matching = this.stored()
      .reverse()
      .filter((e) => (filter.key === undefined || e.key === filter.key) && (method === undefined || e.method === method) && (!pathMatches || pathMatches(e.path)) && statusMatches(e.status));
    return { entries: matching.slice(0, filter.limit ?? 100).map(entryOf), total: matching.length };
  }

  clear(): void {
    this.ring.fill(undefined);
    this.next = 0;
    this.count = 0;
  }

  /** Forgets one key's entries (POST /_mock/reset?key=K). */
  clearKey(key: string): void {
    const kept = this.stored().filter((e) => e.key !== key);
    this.clear();
    for (const e of kept) {
      this.ring[this.next] = e;
      this.next = (this.next + 1) % this.capacity;
      this.count++;
    }
  }
}
