// Builds the Fastify application: contract routes per resource, error shapes, health and the document.
import Fastify from 'fastify';
import { nanoid } from 'nanoid';
import { RequestLog } from './logging.js';
import type { FastifyBaseLogger, FastifyInstance, FastifyServerOptions } from 'fastify';
import type { Config } from './config.js';
import { ApiError } from './http/errors.js';
import { lazyCompilers } from './http/lazy-compilers.js';
import { frameworkServerOptions, registerRouteRefusals, replyBodyTooLarge } from './http/framework-errors.js';
import { requestStepsHook } from './http/request-steps.js';
import type { DispatchOptions } from './sessions/service.js';
import { sessionRoutes } from './sessions/routes.js';
import { profileRoutes } from './profiles/routes.js';
import { browserRoutes } from './browsers/routes.js';
import { billingRoutes } from './billing/routes.js';
import { webRoutes } from './web/index.js';
import { workspaceRoutes } from './workspaces/routes.js';
import { adminRoutes } from './admin/routes.js';
import { v2AccountRoutes } from './v2/account/routes.js';
import { v2BrowserFileRoutes } from './v2/files/browsers.js';
import { uploadReceiverRoutes } from './v2/files/receiver.js';
import { V2_DOCUMENT_PATH, servedDocumentText } from './contract/served-document.js';
import { skillRoutes } from './v2/skills/routes.js';
import { marketplaceRoutes } from './v2/marketplace/routes.js';
import { v2TaskRoutes } from './v2/tasks/routes.js';
import { v2SessionRoutes } from './v2/sessions/routes.js';
import { v2FileRoutes } from './v2/files/routes.js';
import { v2TransferRoutes } from './v2/files/transfer.js';
import { shareRoutes } from './v2/sessions/share-routes.js';
import { Emulator } from './emulator.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Per-request simulation overrides (Prefer: scenario=NAME). */
    dispatchOptions?: DispatchOptions;
  }
}

export interface App {
  app: FastifyInstance;
  /** The emulator behind the routes: its stores, clock and services. */
  state: Emulator;
}

/**
 * `beforeReady` may add hooks to the instance before it starts (tests install their contract check there).
 */
export async function buildApp(
  config: Config,
  logger: FastifyServerOptions['logger'] | FastifyBaseLogger = false,
  beforeReady?: (app: FastifyInstance) => void,
): Promise<App> {
  const state = new Emulator(config);

  const app = Fastify({
    ...(isLoggerInstance(logger) ? { loggerInstance: logger } : { logger }),
    logController: new RequestLog(),
    bodyLimit: config.bodyLimit,
    ...frameworkServerOptions(),
    requestIdHeader: 'x-request-id',
    genReqId: () => `req_${nanoid(12)}`,
    schemaController: { compilersFactory: lazyCompilers },
  });

  const refusals = registerRouteRefusals(app);

  // Bodies are decoded by the contract layer, which reproduces FastAPI's JSON errors.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  app.setErrorHandler((error: unknown, request, reply) => {
    if (error instanceof ApiError) {
      return reply.code(error.statusCode).headers(error.headers).type('application/json').send(JSON.stringify(error.body));
    }
    const { code, statusCode = 500, message = '' } = (error ?? {}) as { code?: string; statusCode?: number; message?: string };
    if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') return replyBodyTooLarge(request, reply);
    if (statusCode >= 400 && statusCode < 500) {
      return reply.code(statusCode).send({ detail: message });
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.code(500).send({ detail: 'Internal Server Error' });
  });

  app.get('/health', async () => ({ status: 'ok' }));
  app.get('/openapi.json', async (_request, reply) => reply.type('application/json').send(servedDocumentText(state.contract)));
  app.get(V2_DOCUMENT_PATH, async (_request, reply) => reply.type('application/json').send(servedDocumentText(state.contracts.v2)));

  sessionRoutes(app, state);
  profileRoutes(app, state);
  workspaceRoutes(app, state);
  browserRoutes(app, state);
  billingRoutes(app, state);
  v2AccountRoutes(app, state);
  v2BrowserFileRoutes(app, state);
  uploadReceiverRoutes(app, state);
  skillRoutes(app, state);
  marketplaceRoutes(app, state);
  v2TaskRoutes(app, state);
  v2SessionRoutes(app, state);
  v2FileRoutes(app, state);
  v2TransferRoutes(app, state);
  shareRoutes(app, state);
  const traffic = adminRoutes(app, state);
  const cors = webRoutes(app, state);
  // What every request meets before its route, in this order: malformed paths are refused before
  // anything records them; the journal sees everything after that; CORS headers go on every answer,
  // including one a fault rule injects.
  app.addHook('onRequest', requestStepsHook([refusals, traffic.journal, cors, traffic.rules]));

  beforeReady?.(app);
  await app.ready();
  return { app, state };
}

function isLoggerInstance(logger: FastifyServerOptions['logger'] | FastifyBaseLogger): logger is FastifyBaseLogger {
  return typeof logger === 'object' && logger !== null && typeof (logger as FastifyBaseLogger).child === 'function';
}
