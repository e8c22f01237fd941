// GET /_mock/ui: a page for a person debugging a test against the emulator. It reads the admin API
// (GET /_mock/keys, /_mock/keys/{key}/state, /_mock/journal, /_mock/clock) and refreshes itself.
// GET /_mock/ui/live/{id} forwards to the live view of a session or browser (the admin API has no
// live URLs, and the page cannot mint tokens).
import type { FastifyInstance } from 'fastify';
import { baseUrlOf } from '../http/operation.js';
import { formatContext, liveUrlOf } from '../sessions/format.js';
import type { Emulator } from '../emulator.js';
import { messagePage, newNonce, sendPage } from './html.js';
import { inspectorPage } from './inspector-page.js';
import { findBrowser, findSession } from './lookup.js';

export function inspectorRoutes(app: FastifyInstance, state: Emulator): void {
  app.get('/_mock/ui', async (_request, reply) => {
    const nonce = newNonce();
    return sendPage(reply, 200, inspectorPage(nonce), { nonce });
  });

  app.get<{ Params: { id: string } }>('/_mock/ui/live/:id', async (request, reply) => {
    const now = state.clock.now();
    const { id } = request.params;
    if (!findSession(state, id, now) && !findBrowser(state, id, now)) {
      const nonce = newNonce();
      return sendPage(reply, 404, messagePage('Not found', 'There is no session or browser with this id.'), { nonce });
    }
    return reply.redirect(liveUrlOf(formatContext(state, baseUrlOf(state.config, request), now), id), 302);
  });
}
