// The request journal: what clients sent and what they got back, in a bounded ring buffer.
// Admin requests, the live and documentation pages and health checks are not journaled: the journal
// shows the traffic of the client under test, not the harness looking at it.
import { performance } from 'node:perf_hooks';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isoTime } from '../contract/serialize.js';
import { apiKeyOf } from '../http/auth.js';
import type { Clock } from '../simulation/clock.js';
import { compilePathPattern, isApiTraffic, pathOf } from './paths.js';

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

export interface JournalFilter {
  key?: string;
  method?: string;
  /** Glob or `^`-regular expression, as in fault rules. */
  path?: string;
  /** An exact status (`422`) or a class (`4xx`). */
  status?: string;
  limit?: number;
}

interface Pending {
  startWall: number;
  startPerf: number;
  simulated: number;
  fault: string | null;
  validationErrors: unknown[] | null;
}

export class Journal {
  private readonly ring: (JournalEntry | undefined)[];
  private next = 0;
  private count = 0;
  private sequence = 0;
  private readonly pending = new WeakMap<FastifyRequest, Pending>();

  readonly capacity: number;

  constructor(capacity: number = DEFAULT_JOURNAL_SIZE) {
    // A configuration built by hand may lack the size: fall back rather than break every request.
    this.capacity = Number.isInteger(capacity) && capacity >= 1 ? capacity : DEFAULT_JOURNAL_SIZE;
    this.ring = new Array<JournalEntry | undefined>(this.capacity);
  }

  get size(): number {
    return this.count;
  }

  add(entry: Omit<JournalEntry, 'id'>): JournalEntry {
    const full = { id: ++this.sequence, ...entry };
    this.ring[this.next] = full;
    this.next = (this.next + 1) % this.capacity;
    this.count = Math.min(this.count + 1, this.capacity);
    return full;
  }

  /** Oldest first. */
  entries(): JournalEntry[] {
    const out: JournalEntry[] = [];
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
    const matching = this.entries()
      .reverse()
      .filter((e) => (filter.key === undefined || e.key === filter.key) && (method === undefined || e.method === method) && (!pathMatches || pathMatches(e.path)) && statusMatches(e.status));
    return { entries: matching.slice(0, filter.limit ?? 100), total: matching.length };
  }

  clear(): void {
    this.ring.fill(undefined);
    this.next = 0;
    this.count = 0;
  }

  /** Forgets one key's entries (POST /_mock/reset?key=K). */
  clearKey(key: string): void {
    const kept = this.entries().filter((e) => e.key !== key);
    this.clear();
    for (const e of kept) {
      this.ring[this.next] = e;
      this.next = (this.next + 1) % this.capacity;
      this.count++;
    }
  }

  /** Called by the fault hook so the entry names the rule. */
  noteFault(request: FastifyRequest, ruleId: string): void {
    const p = this.pending.get(request);
    if (p) p.fault = ruleId;
  }

  /** Records every API request once its response has ended (or its connection closed). */
  install(app: FastifyInstance, state: { clock: Clock }): void {
    // Callback-style hooks: every request passes here, and an async hook costs a promise and a tick.
    app.addHook('onRequest', (request, reply, done) => {
      const path = pathOf(request.url);
      if (!isApiTraffic(path)) return done();
      const pending: Pending = { startWall: Date.now(), startPerf: performance.now(), simulated: state.clock.now(), fault: null, validationErrors: null };
      this.pending.set(request, pending);
      // 'close' comes for finished responses, hijacked ones and dropped connections alike.
      reply.raw.once('close', () => {
        const body = request.body;
        const text = Buffer.isBuffer(body) && body.length > 0 ? body.toString('utf8') : null;
        const q = request.url.indexOf('?');
        this.add({
          method: request.method,
          path,
          query: q < 0 ? '' : request.url.slice(q + 1),
          operationId: (request.routeOptions.config as { operationId?: string } | undefined)?.operationId ?? null,
          key: apiKeyOf(request) ?? null,
          status: reply.raw.headersSent ? reply.raw.statusCode : null,
          requestBody: text === null ? null : text.slice(0, JOURNAL_BODY_LIMIT),
          requestBodyTruncated: text !== null && text.length > JOURNAL_BODY_LIMIT,
          validationErrors: pending.validationErrors,
          fault: pending.fault,
          simulatedTime: isoTime(pending.simulated),
          wallTime: new Date(pending.startWall).toISOString(),
          durationMs: Math.round((performance.now() - pending.startPerf) * 1000) / 1000,
        });
      });
      done();
    });
    app.addHook('onSend', (request, reply, payload, done) => {
      if (reply.statusCode !== 422) return done(null, payload);
      const pending = this.pending.get(request);
      if (!pending || typeof payload !== 'string') return done(null, payload);
      try {
        const detail = (JSON.parse(payload) as { detail?: unknown }).detail;
        pending.validationErrors = Array.isArray(detail) ? detail : [detail];
      } catch {
        // Not JSON: nothing to record.
      }
      done(null, payload);
    });
  }
}
