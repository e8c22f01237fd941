// HTTP routes of the v2 Sessions tag (sessions and their public share): thin adapters to V2SessionService.
import type { FastifyInstance } from 'fastify';
import type { CreateSessionRequest, SessionStatus, UpdateSessionRequest } from '../../contract/types-v2.generated.js';
import { registerOperation } from '../../http/operation.js';
import type { Emulator } from '../../emulator.js';
import { sessionItemView, sessionView, shareView } from './format.js';

type SessionParams = { session_id: string };

export function v2SessionRoutes(app: FastifyInstance, state: Emulator): void {
  const sessions = state.v2Sessions;
  registerOperation<CreateSessionRequest | null>(
    app,
    state,
    'create_session_sessions_post',
    (ctx) => {
      const change = sessions.create(ctx.project, ctx.body, ctx.now);
      return { status: 201, body: sessionItemView(ctx, change.record), commit: change.commit };
    },
    'v2',
  );

  registerOperation<unknown, { pageSize: number; pageNumber: number; filterBy: SessionStatus | null }>(
    app,
    state,
    'list_sessions_sessions_get',
    (ctx) => {
      const { pageSize, pageNumber } = ctx.query;
      const { items, total } = sessions.list(ctx.project, pageNumber, pageSize, ctx.query.filterBy ?? null, ctx.now);
      return { status: 200, body: { items: items.map((s) => sessionItemView(ctx, s)), totalItems: total, pageNumber, pageSize } };
    },
    'v2',
  );

  registerOperation<unknown, unknown, SessionParams>(
    app,
    state,
    'get_session_sessions__session_id__get',
    (ctx) => ({ status: 200, body: sessionView(ctx, sessions.find(ctx.project, ctx.params.session_id, ctx.now)) }),
    'v2',
  );

  registerOperation<UpdateSessionRequest, unknown, SessionParams>(
    app,
    state,
    'update_session_sessions__session_id__patch',
    (ctx) => {
      const session = sessions.find(ctx.project, ctx.params.session_id, ctx.now);
      sessions.stop(ctx.project, session, ctx.now);
      return { status: 200, body: sessionView(ctx, session) };
    },
    'v2',
  );

  registerOperation<unknown, unknown, SessionParams>(
    app,
    state,
    'delete_session_sessions__session_id__delete',
    (ctx) => {
      sessions.delete(ctx.project, sessions.find(ctx.project, ctx.params.session_id, ctx.now), ctx.now);
      return { status: 204 };
    },
    'v2',
  );

  registerOperation<unknown, unknown, SessionParams>(
    app,
    state,
    'get_session_public_share_sessions__session_id__public_share_get',
    (ctx) => {
      const session = sessions.find(ctx.project, ctx.params.session_id, ctx.now);
      return { status: 200, body: shareView(ctx, session, sessions.share(session)) };
    },
    'v2',
  );

  registerOperation<unknown, unknown, SessionParams>(
    app,
    state,
    'create_session_public_share_sessions__session_id__public_share_post',
    (ctx) => {
      const session = sessions.find(ctx.project, ctx.params.session_id, ctx.now);
      const change = sessions.createShare(session, ctx.now);
      return { status: 201, body: shareView(ctx, session, change.record), commit: change.commit };
    },
    'v2',
  );

  registerOperation<unknown, unknown, SessionParams>(
    app,
    state,
    'delete_session_public_share_sessions__session_id__public_share_delete',
    (ctx) => {
      sessions.deleteShare(sessions.find(ctx.project, ctx.params.session_id, ctx.now));
      return { status: 204 };
    },
    'v2',
  );
}
