// The admin plugin's hooks on API traffic: the journal records every request and the fault rules act
// on matching ones. Admin requests, the live and documentation pages and health checks are left alone:
// the journal shows the traffic of the client under test, not the harness looking at it.
import { STATUS_CODES } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { RequestStep } from '../http/request-steps.js';
import { apiKeyOf } from '../http/auth.js';
import { routeOperationOf } from '../http/operation.js';
import type { PreferDeps } from '../http/prefer.js';
import { exampleResponse, preferHandler } from '../http/prefer.js';
import type { Clock } from '../simulation/clock.js';
import type { FaultRules } from './faults.js';
import type { Journal } from './journal.js';
import { JOURNAL_BODY_LIMIT } from './journal.js';
import { isApiTraffic, pathOf } from './paths.js';

/** What the journal learns about a request while it is under way. */
export interface Pending {
  startWall: number;
  startPerf: number;
  simulated: number;
  fault: string | null;
  validationErrors: unknown[] | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The journal's notes on an API request under way; null for other traffic. */
    journalNote: Pending | null;
  }
}

export interface TrafficDeps extends PreferDeps {
  clock: Clock;
  journal: Journal;
  faults: FaultRules;
}

/** The two steps the admin plugin adds to every request's pass (see app.ts for their place in it). */
export interface TrafficSteps {
  /** Opens the request's journal entry, written when its response closes. */
  journal: RequestStep;
  /** The fault rules, then the Prefer header; after CORS, so an injected answer carries its headers. */
  rules: RequestStep;
}

/**
 * The journal and the fault rules with the Prefer header (the journal sees what a rule does to a
 * request; a rule that answers leaves nothing to prefer).
 */
export function installTraffic(app: FastifyInstance, state: TrafficDeps): TrafficSteps {
  // A property every request has from the start (one shape for all), rather than a side table.
  app.decorateRequest('journalNote', null);
  const journal = installJournal(app, state.journal, state);
  const applyFault = faultHandler(state.faults, state);
  const applyPrefer = preferHandler(state);
  const { faults } = state;
  const applyRules = async (request: FastifyRequest, reply: FastifyReply, header: string | string[] | undefined): Promise<boolean> => {
    if (faults.size > 0 && (await applyFault(request, reply))) return true;
    if (header !== undefined && header !== '') return (await applyPrefer(request, reply, header)) !== undefined;
    return false;
  };
  return {
    journal,
    // Almost every request meets no rule and carries no Prefer header: those pass synchronously.
    rules: (request, reply) => {
      const header = request.headers.prefer;
      if (faults.size === 0 && (header === undefined || header === '')) return false;
      return applyRules(request, reply, header);
    },
  };
}

/** Records every API request once its response has ended (or its connection closed). */
function installJournal(app: FastifyInstance, journal: Journal, state: { clock: Clock }): RequestStep {
  const open: RequestStep = (request, reply) => {
    const path = pathOf(request.url);
    if (!isApiTraffic(path)) return false;
    const pending: Pending = { startWall: Date.now(), startPerf: performance.now(), simulated: state.clock.now(), fault: null, validationErrors: null };
    request.journalNote = pending;
    // 'close' comes once, for finished responses, hijacked ones and dropped connections alike (so `on`,
    // without the wrapper `once` would add).
    reply.raw.on('close', () => {
      const body = request.body;
      const text = Buffer.isBuffer(body) && body.length > 0 ? body.toString('utf8') : null;
      const q = request.url.indexOf('?');
      journal.add({
        method: request.method,
        path,
        query: q < 0 ? '' : request.url.slice(q + 1),
        operationId: routeOperationOf(request)?.operationId ?? null,
        key: apiKeyOf(request) ?? null,
        status: reply.raw.headersSent ? reply.raw.statusCode : null,
        requestBody: text === null ? null : text.slice(0, JOURNAL_BODY_LIMIT),
        requestBodyTruncated: text !== null && text.length > JOURNAL_BODY_LIMIT,
        validationErrors: pending.validationErrors,
        fault: pending.fault,
        simulatedAt: pending.simulated,
        wallAt: pending.startWall,
        durationMs: Math.round((performance.now() - pending.startPerf) * 1000) / 1000,
      });
    });
    return false;
  };
  app.addHook('onSend', (request, reply, payload, done) => {
    if (reply.statusCode !== 422) return done(null, payload);
    const pending = request.journalNote;
    if (!pending || typeof payload !== 'string') return done(null, payload);
    try {
      const detail = (JSON.parse(payload) as { detail?: unknown }).detail;
      pending.validationErrors = Array.isArray(detail) ? detail : [detail];
    } catch {
      // Not JSON: nothing to record.
    }
    done(null, payload);
  });
  return open;
}

/**
 * Applies the rules to API traffic before the body is read, authentication, validation and the Prefer
 * header. It runs in the last request step (see app.ts), after CORS, so CORS headers are already on the reply.
 */
function faultHandler(faults: FaultRules, state: PreferDeps): (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply | undefined> {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    const path = pathOf(request.url);
    if (!isApiTraffic(path)) return;
    const rule = faults.take(request.method, path, apiKeyOf(request));
    if (!rule) return;
    const note = request.journalNote;
    if (note) note.fault = rule.id;
    if (rule.latencyMs) await new Promise((resolve) => setTimeout(resolve, rule.latencyMs ?? 0));
    if (rule.drop) {
      reply.hijack();
      request.raw.socket.destroy();
      return reply;
    }
    if (rule.respond) {
      const route = routeOperationOf(request);
      const { status, body, headers } = rule.respond;
      let payload: string | undefined;
      let type = 'application/json';
      if (typeof body === 'string') {
        payload = body;
        type = 'text/plain; charset=utf-8';
      } else if (body !== null) {
        payload = JSON.stringify(body);
      } else {
        // No body given: what the contract declares for this status, else a plain detail.
        const example = route ? exampleResponse(state, route, status) : undefined;
        payload = example ? example.payload : status === 204 ? undefined : JSON.stringify({ detail: STATUS_CODES[status] ?? `HTTP ${status}` });
      }
      // These statuses cannot carry a body.
      if (status === 204 || status === 304) payload = undefined;
      // Written by hand: an injected answer is not the emulator's contract answer and skips its hooks.
      reply.hijack();
      const out: Record<string, string | string[]> = {};
      // Headers already on the reply (CORS) go out too, so that a browser can read the injected answer.
      for (const [name, value] of Object.entries(reply.getHeaders())) {
        if (typeof value === 'string' || Array.isArray(value)) out[name] = value;
        else if (typeof value === 'number') out[name] = String(value);
      }
      Object.assign(out, { 'x-mock-fault': rule.id }, headers);
      if (payload !== undefined) {
        out['content-type'] = headers['content-type'] ?? type;
        out['content-length'] = String(Buffer.byteLength(payload));
      }
      reply.raw.writeHead(status, out);
      reply.raw.end(payload);
      return reply;
    }
    if (rule.scenario) {
      const scenario = state.scenarios.byName(rule.scenario);
      if (scenario) request.dispatchOptions = { ...request.dispatchOptions, scenario };
    }
    return undefined;
  };
}
