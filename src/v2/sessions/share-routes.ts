// The page behind a v2 session's public share URL: GET /share/{sessionId}?token=<share token> serves the
// live view page of the session (it polls /share/{sessionId}/state?token=…). The share token is the only
// credential; deleting the share makes both answer 404. Each page load counts as a view.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import { baseUrlOf } from '../../http/operation.js';
import { formatContext } from '../../sessions/format.js';
import type { SessionRecord } from '../../sessions/model.js';
import type { Emulator } from '../../emulator.js';
import { messagePage, newNonce, sendPage } from '../../web/html.js';
import { livePage } from '../../web/live-page.js';
import { liveSessionState } from '../../web/live.js';
import { findSession } from '../../web/lookup.js';

type ShareRequest = FastifyRequest<{ Params: { id: string }; Querystring: { token?: string | string[] } }>;

function tokenMatches(expected: string, given: string | undefined): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given ?? '');
  return a.length === b.length && timingSafeEqual(a, b);
}

export function shareRoutes(app: FastifyInstance, state: Emulator): void {
  const resolve = (request: ShareRequest): SessionRecord | undefined => {
    const raw = request.query.token;
    const token = Array.isArray(raw) ? raw[raw.length - 1] : raw;
    const found = findSession(state, request.params.id, state.clock.now());
    const share = found?.session.v2?.share;
    return found && share && tokenMatches(share.token, token) ? found.session : undefined;
  };

  app.get('/share/:id', async (request: ShareRequest, reply: FastifyReply) => {
    const nonce = newNonce();
    const session = resolve(request);
    if (!session?.v2?.share) return sendPage(reply, 404, messagePage('Share not found', 'This public share does not exist or was removed.'), { nonce });
    const now = state.clock.now();
    session.v2.share.viewCount += 1;
    session.v2.share.lastViewedAt = now;
    const base = baseUrlOf(state.config, request);
    let imageOrigins: string[] = [];
    try {
      imageOrigins = [new URL(base).origin];
    } catch {
      imageOrigins = [];
    }
    return sendPage(reply, 200, livePage(liveSessionState(formatContext(state, base, now), session), nonce), { nonce, imageOrigins });
  });

  app.get('/share/:id/state', async (request: ShareRequest, reply: FastifyReply) => {
    const session = resolve(request);
    reply.header('cache-control', 'no-store');
    if (!session) return reply.code(404).send({ detail: 'Public share not found' });
    const live = liveSessionState(formatContext(state, baseUrlOf(state.config, request), state.clock.now()), session);
    return reply.type('application/json').send(JSON.stringify(live));
  });
}
