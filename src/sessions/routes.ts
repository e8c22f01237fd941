// HTTP routes of the Sessions tag: thin adapters from validated input to SessionService.
import type { FastifyInstance } from 'fastify';
import type { RunTaskRequest, StopSessionRequest } from '../contract/types.generated.js';
import { registerOperation } from '../http/operation.js';
import { pageMessages, sessionMessages } from '../simulation/messages.js';
import type { Emulator } from '../emulator.js';
import { messagesPageJson, sessionView, sessionViewJson } from './format.js';

type SessionParams = { session_id: string };

export function sessionRoutes(app: FastifyInstance, state: Emulator): void {
  const { sessions } = state;
  registerOperation<RunTaskRequest>(app, state, 'create_session_sessions_post', (ctx) => {
    const change = sessions.createOrDispatch(ctx.project, ctx.body, ctx.rawBody, ctx.now, ctx.request.dispatchOptions);
    return { status: 200, body: sessionView(ctx, change.record), commit: change.commit };
  });

  registerOperation<unknown, { page: number; page_size: number }>(app, state, 'list_sessions_sessions_get', (ctx) => {
    const { page, page_size: pageSize } = ctx.query;
    const { items, total } = sessions.list(ctx.project, page, pageSize, ctx.now);
    return { status: 200, body: { sessions: items.map((s) => sessionView(ctx, s, true)), total, page, pageSize } };
  });

  registerOperation<unknown, unknown, SessionParams>(app, state, 'get_session_sessions__session_id__get', (ctx) => {
    const session = sessions.find(ctx.project, ctx.params.session_id, ctx.now);
    return { status: 200, json: sessionViewJson(ctx, session) };
  });

  registerOperation<unknown, unknown, SessionParams>(app, state, 'delete_session_sessions__session_id__delete', (ctx) => {
    const session = sessions.find(ctx.project, ctx.params.session_id, ctx.now);
    sessions.delete(ctx.project, session, ctx.now);
    return { status: 204 };
  });

  registerOperation<StopSessionRequest | null, unknown, SessionParams>(app, state, 'stop_session_sessions__session_id__stop_post', (ctx) => {
    const session = sessions.find(ctx.project, ctx.params.session_id, ctx.now);
    sessions.stop(ctx.project, session, ctx.body?.strategy ?? 'session', ctx.now);
    return { status: 200, body: sessionView(ctx, session) };
  });

  registerOperation<unknown, { after: string | null; before: string | null; limit: number }, SessionParams>(
    app,
    state,
    'list_session_messages_sessions__session_id__messages_get',
    (ctx) => {
      const session = sessions.find(ctx.project, ctx.params.session_id, ctx.now);
      const all = sessionMessages(state.machine, session, ctx.now, state.seed);
      const page = pageMessages(all, ctx.query.after, ctx.query.before, ctx.query.limit);
      return { status: 200, json: messagesPageJson(ctx, session, page.messages, page.hasMore) };
    },
  );
}
