// The live view behind every session's `liveUrl`: GET /live/{id}?token=… serves a page that can be
// embedded in an iframe, and GET /live/{id}/state?token=… the JSON it polls. Standalone browsers
// (ids of a project's `browsers` map) get a simpler page.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isoTime } from '../contract/serialize.js';
import { baseUrlOf } from '../http/operation.js';
import type { FormatContext } from '../sessions/format.js';
import { formatContext, messageView, sessionView } from '../sessions/format.js';
import type { SessionRecord } from '../sessions/model.js';
import { sessionMessages } from '../simulation/messages.js';
import type { Emulator } from '../emulator.js';
import { messagePage, newNonce, sendPage } from './html.js';
import { livePage } from './live-page.js';
import type { LiveBrowserState, LiveMessage, LiveSessionState, LiveState } from './live-state.js';
import type { BrowserSummary } from './lookup.js';
import { findBrowser, findSession } from './lookup.js';

export type { LiveBrowserState, LiveMessage, LiveSessionState, LiveState } from './live-state.js';

/** Messages the page keeps: enough for a long run's recent history. */
const MESSAGE_WINDOW = 200;
const DATA_LIMIT = 4000;


export function liveSessionState(ctx: FormatContext, session: SessionRecord): LiveSessionState {
  const view = sessionView(ctx, session);
  const machine = ctx.machine;
  const latest = session.tasks[session.tasks.length - 1];
  const progress = machine.progress(session, ctx.now);
  const stepsDone = latest ? (latest.endedAt === null ? progress?.stepsDone ?? 0 : latest.stepsDone) : 0;
  const key = view.screenshotUrl ? /\/(\d+-\d+)\.png\?/.exec(view.screenshotUrl)?.[1] ?? null : null;
  const messages = sessionMessages(machine, session, ctx.now, ctx.seed)
    .filter((m) => !m.hidden)
    .slice(-MESSAGE_WINDOW)
    .map((m): LiveMessage => {
      const out = messageView(ctx, session, m);
      return {
        id: out.id,
        role: out.role,
        type: out.type ?? '',
        summary: out.summary ?? '',
        data: out.data.length > DATA_LIMIT ? `${out.data.slice(0, DATA_LIMIT)}…` : out.data,
        createdAt: out.createdAt,
        screenshotUrl: out.screenshotUrl ?? null,
      };
    });
  return {
    kind: 'session',
    id: session.id,
    title: view.title ?? null,
    status: view.status,
    model: view.model,
    task: latest ? { index: latest.index, text: latest.input.task } : null,
    step: { number: stepsDone, summary: stepsDone > 0 ? view.lastStepSummary ?? null : null },
    stepCount: view.stepCount ?? 0,
    screenshot: view.screenshotUrl && key ? { key, url: view.screenshotUrl } : null,
    output: view.output ?? null,
    isTaskSuccessful: view.isTaskSuccessful ?? null,
    totalCostUsd: view.totalCostUsd ?? '0',
    recordingUrls: view.recordingUrls ?? [],
    createdAt: view.createdAt,
    updatedAt: view.updatedAt,
    now: isoTime(ctx.now),
    messages,
  };
}

export function liveBrowserState(browser: BrowserSummary, now: number): LiveBrowserState {
  const finishedAt = browser.finishedAt === null ? null : isoTime(browser.finishedAt);
  return { kind: 'browser', id: browser.id, status: browser.status, timeoutAt: isoTime(browser.timeoutAt), startedAt: isoTime(browser.startedAt), finishedAt, now: isoTime(now) };
}

type LiveRequest = FastifyRequest<{ Params: { id: string }; Querystring: { token?: string | string[] } }>;

export function liveRoutes(app: FastifyInstance, state: Emulator): void {
  /** The state behind a live URL: 'forbidden' for a wrong token, undefined when nothing has that id. */
  const resolve = (request: LiveRequest): LiveState | 'forbidden' | undefined => {
    const { id } = request.params;
    const raw = request.query.token;
    const token = Array.isArray(raw) ? raw[raw.length - 1] : raw;
    if (!state.presigner.verifyToken(id, token)) return 'forbidden';
    const now = state.clock.now();
    const found = findSession(state, id, now);
    if (found) return liveSessionState(formatContext(state, baseUrlOf(state.config, request), now), found.session);
    const browser = findBrowser(state, id, now);
    return browser ? liveBrowserState(browser, now) : undefined;
  };

  const imageOrigins = (request: FastifyRequest): string[] => {
    try {
      return [new URL(baseUrlOf(state.config, request)).origin];
    } catch {
      return [];
    }
  };

  app.get('/live/:id', async (request: LiveRequest, reply: FastifyReply) => {
    const nonce = newNonce();
    const live = resolve(request);
    if (live === 'forbidden') {
      return sendPage(reply, 403, messagePage('Access denied', 'This live view link is missing its token or the token is wrong. Use the liveUrl the API returned.'), { nonce });
    }
    if (!live) return sendPage(reply, 404, messagePage('Session not found', 'There is no session or browser with this id. It may have been deleted, or the emulator was reset.'), { nonce });
    return sendPage(reply, 200, livePage(live, nonce), { nonce, imageOrigins: imageOrigins(request) });
  });

  app.get('/live/:id/state', async (request: LiveRequest, reply: FastifyReply) => {
    const live = resolve(request);
    reply.header('cache-control', 'no-store');
    if (live === 'forbidden') return reply.code(403).send({ detail: 'Invalid or missing token' });
    if (!live) return reply.code(404).send({ detail: 'Session not found' });
    return reply.type('application/json').send(JSON.stringify(live));
  });
}
