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

/** Strings kept for sharing (paths and keys repeat: a client polls the same few objects). */
const INTERNED_LIMIT = 4_096;

/** A slot before its first request; numbers start as doubles so that writing one never reshapes it. */
const blankSlot = (): Stored => ({
  id: 0,
  method: '',
  path: '',
  query: '',
  operationId: null,
  key: null,
  status: null,
  requestBody: null,
  requestBodyTruncated: false,
  validationErrors: null,
  fault: null,
  simulatedAt: Number.NaN,
  wallAt: Number.NaN,
  durationMs: Number.NaN,
});

export interface JournalFilter {
  key?: string;
  method?: string;
  /** Glob or `^`-regular expression, as in fault rules. */
  path?: string;
  /** An exact status (`422`) or a class (`4xx`). */
  status?: string;
  limit?: number;
}

/**
 * A ring of slots written over in place. Under load the ring turns over in a fraction of a second, so
 * entries allocated per request were all alive at every young-generation collection, copied by it and
 * promoted, only to die in the old generation: the collector's pauses grew with the request rate.
 * Slots are allocated once, and repeated paths and keys share one string.
 */
export class Journal {
  private readonly ring: Stored[] = [];
  private next = 0;
  private count = 0;
  private sequence = 0;
  private readonly interned = new Map<string, string>();

  readonly capacity: number;

  constructor(capacity: number = DEFAULT_JOURNAL_SIZE) {
    // A configuration built by hand may lack the size: fall back rather than break every request.
    this.capacity = Number.isInteger(capacity) && capacity >= 1 ? capacity : DEFAULT_JOURNAL_SIZE;
  }

  get size(): number {
    return this.count;
  }

  /** Copies the record into the next slot and numbers it. */
  add(request: RecordedRequest): void {
    this.write(request, ++this.sequence);
  }

  private write(request: RecordedRequest, id: number): void {
    let slot = this.ring[this.next];
    if (slot === undefined) this.ring[this.next] = slot = blankSlot();
    slot.id = id;
    slot.method = request.method;
    slot.path = this.intern(request.path);
    slot.query = request.query === '' ? '' : this.intern(request.query);
    slot.operationId = request.operationId;
    slot.key = request.key === null ? null : this.intern(request.key);
    slot.status = request.status;
    slot.requestBody = request.requestBody;
    slot.requestBodyTruncated = request.requestBodyTruncated;
    slot.validationErrors = request.validationErrors;
    slot.fault = request.fault;
    slot.simulatedAt = request.simulatedAt;
    slot.wallAt = request.wallAt;
    slot.durationMs = request.durationMs;
    this.next = (this.next + 1) % this.capacity;
    this.count = Math.min(this.count + 1, this.capacity);
  }

  private intern(text: string): string {
    const known = this.interned.get(text);
    if (known !== undefined) return known;
    if (this.interned.size >= INTERNED_LIMIT) this.interned.clear();
    this.interned.set(text, text);
    return text;
  }

  /**
   * The slots themselves, oldest first: read at once, before anything is written. A query copies what
   * it returns (entryOf), and clearKey writes into fresh slots after clear() has dropped these.
   */
  private stored(): Stored[] {
    const out: Stored[] = [];
    const start = (this.next - this.count + this.capacity) % this.capacity;
    for (let i = 0; i < this.count; i++) {
      const slot = this.ring[(start + i) % this.capacity];
      if (slot) out.push(slot);
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
    // The slots go too: a cleared journal holds nothing of the requests it forgot.
    this.ring.length = 0;
    this.interned.clear();
    this.next = 0;
    this.count = 0;
  }

  /** Forgets one key's entries (POST /_mock/reset?key=K); the others keep their numbers. */
  clearKey(key: string): void {
    const kept = this.stored().filter((e) => e.key !== key);
    this.clear();
    for (const e of kept) this.write(e, e.id);
  }
}
