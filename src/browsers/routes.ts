// HTTP routes of the Browsers tag: thin adapters from validated input to BrowserService, plus the
// placeholder behind cdpUrl.
import type { FastifyInstance } from 'fastify';
import type { Emulator } from '../emulator.js';
import type { CreateBrowserSessionRequest, UpdateBrowserSessionRequest } from '../contract/types.generated.js';
import { registerOperation } from '../http/operation.js';
import { browserView } from './format.js';
import type { BrowserStatus } from './model.js';

type BrowserParams = { session_id: string };

export const CDP_NOT_EMULATED =
  'The emulator does not implement the Chrome DevTools Protocol: this browser exists only as an API record. Drive a local browser for CDP work.';

export function browserRoutes(app: FastifyInstance, state: Emulator): void {
  const { browsers } = state;

  registerOperation<CreateBrowserSessionRequest>(app, state, 'create_browser_session_browsers_post', (ctx) => {
    const change = browsers.create(ctx.project, ctx.body, ctx.now);
    return { status: 201, body: browserView(ctx, change.record), commit: change.commit };
  });

  registerOperation<unknown, { pageSize: number; pageNumber: number; filterBy: BrowserStatus | null }>(app, state, 'list_browser_sessions_browsers_get', (ctx) => {
    const { pageSize, pageNumber, filterBy } = ctx.query;
    const { items, total } = browsers.list(ctx.project, filterBy, pageNumber, pageSize, ctx.now);
    return { status: 200, body: { items: items.map((b) => browserView(ctx, b)), totalItems: total, pageNumber, pageSize } };
  });

  registerOperation<unknown, unknown, BrowserParams>(app, state, 'get_browser_session_browsers__session_id__get', (ctx) => ({
    status: 200,
    body: browserView(ctx, browsers.find(ctx.project, ctx.params.session_id), true),
  }));

  registerOperation<UpdateBrowserSessionRequest, unknown, BrowserParams>(app, state, 'update_browser_session_browsers__session_id__patch', (ctx) => {
    const browser = browsers.find(ctx.project, ctx.params.session_id);
    // `stop` is the only action the contract defines.
    return { status: 200, body: browserView(ctx, browsers.stop(ctx.project, browser, ctx.now)) };
  });

  // cdpUrl points here. A WebSocket client sees the handshake refused with 501 and this explanation.
  app.get<{ Params: { id: string }; Querystring: { token?: string } }>('/_mock/cdp/:id', async (request, reply) => {
    const { id } = request.params;
    const known = state.projects.all().some((p) => p.browsers.has(id));
    if (!known || !state.presigner.verifyToken(`cdp:${id}`, request.query.token)) return reply.code(404).send({ detail: 'Not Found' });
    return reply.code(501).send({ detail: CDP_NOT_EMULATED });
  });
}
