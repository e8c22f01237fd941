// GET /docs: Swagger UI for the documents served at /openapi.json (v3, shown first) and
// /api/v2/openapi.json (v2, picked in the top bar or opened at /docs/v2), with its assets served locally
// (nothing is fetched from the network). The UI reads each document through the route that serves it,
// so it always shows exactly what that route serves.
//
// The UI plugins and their assets load on the first request under /docs, in a small Fastify instance of
// their own that these routes forward to: a server that is never asked for its docs never pays for them
// at start-up.
import { STATUS_CODES } from 'node:http';
import Fastify from 'fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { StaticDocumentSpec } from '@fastify/swagger';
import type { Emulator } from '../emulator.js';
import { V2_DOCUMENT_PATH, servedDocument, servedDocumentText } from '../contract/served-document.js';

export const DOCS_PREFIX = '/docs';
/** Names of the documents in the UI's selector; `?urls.primaryName=` picks one. */
export const DOCS_V3_NAME = 'API v3 (/api/v3)';
export const DOCS_V2_NAME = 'API v2 (/api/v2)';

/** The top bar's logo: the project's name instead of the UI plugin's default. */
const LOGO = Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg" width="236" height="40" viewBox="0 0 236 40">' +
    '<rect x="1" y="6" width="28" height="28" rx="6" fill="#2563eb"/><rect x="6" y="12" width="18" height="3" rx="1.5" fill="#fff"/>' +
    '<rect x="6" y="18" width="12" height="3" rx="1.5" fill="#fff"/><rect x="6" y="24" width="15" height="3" rx="1.5" fill="#fff"/>' +
    '<text x="38" y="27" font-family="system-ui,Segoe UI,Roboto,Helvetica,Arial,sans-serif" font-size="19" font-weight="600" fill="#fff">browser-use-mock</text></svg>',
);

/** Response headers of the UI instance worth passing on; the outer reply sets its own framing. */
const FORWARDED_HEADERS = ['content-type', 'cache-control', 'etag', 'last-modified', 'location', 'vary', 'accept-ranges', 'content-range'];

/** Builds the instance that serves the UI page and assets under /docs. */
async function buildDocsUi(state: Emulator): Promise<FastifyInstance> {
  const [{ default: swagger }, { default: swaggerUi }] = await Promise.all([import('@fastify/swagger'), import('@fastify/swagger-ui')]);
  const ui = Fastify({ logger: false });
  // Static mode only hands the document to the UI plugin; the outer /docs/json route serves the real one.
  await ui.register(swagger, { mode: 'static', specification: { document: state.contract.document as unknown as StaticDocumentSpec['document'] } });
  await ui.register(swaggerUi, {
    routePrefix: DOCS_PREFIX,
    uiConfig: {
      // The first is shown first. Relative to the page (/docs), so a path prefix in front of the
      // emulator keeps working.
      urls: [
        { url: 'docs/json', name: DOCS_V3_NAME },
        { url: V2_DOCUMENT_PATH.slice(1), name: DOCS_V2_NAME },
      ],
      docExpansion: 'list',
      deepLinking: true,
      displayRequestDuration: true,
      persistAuthorization: true,
      defaultModelsExpandDepth: 0,
    },
    theme: { title: 'browser-use-mock API' },
    logo: { type: 'image/svg+xml', content: LOGO, href: DOCS_PREFIX, target: '_self' },
  });
  await ui.ready();
  return ui;
}

export function registerDocs(app: FastifyInstance, state: Emulator): void {
  let ui: Promise<FastifyInstance> | undefined;
  const forward = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    ui ??= buildDocsUi(state);
    const inner = await ui;
    // A HEAD request is answered from the GET's answer here, which keeps its length.
    const answer = await inner.inject({ method: 'GET', url: request.url, headers: request.headers });
    // Refusals take the emulator's own shapes, as every other route's do.
    if (answer.statusCode === 404) {
      reply.callNotFound();
      return reply;
    }
    if (answer.statusCode >= 400) return reply.code(answer.statusCode).send({ detail: messageOf(answer.body) ?? STATUS_CODES[answer.statusCode] ?? 'Error' });
    for (const name of FORWARDED_HEADERS) {
      const value = answer.headers[name];
      if (value !== undefined) reply.header(name, value);
    }
    reply.code(answer.statusCode);
    return answer.rawPayload.length > 0 ? reply.send(answer.rawPayload) : reply.send();
  };
  app.get(DOCS_PREFIX, forward);
  app.get(`${DOCS_PREFIX}/*`, forward);
  // The documents themselves come from the routes that serve them, so the UI shows exactly those.
  app.get(`${DOCS_PREFIX}/json`, async (_request, reply) => reply.type('application/json').send(servedDocumentText(state.contract)));
  app.get(`${DOCS_PREFIX}/yaml`, async (_request, reply) => reply.type('application/x-yaml').send((await import('yaml')).stringify(servedDocument(state.contract))));
  // A direct link to the v2 reference: the same page with the v2 document selected.
  app.get(`${DOCS_PREFIX}/v2`, async (_request, reply) => reply.redirect(`${DOCS_PREFIX}?urls.primaryName=${encodeURIComponent(DOCS_V2_NAME)}`, 302));
}

function messageOf(body: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed === 'object' && parsed !== null && 'message' in parsed && typeof parsed.message === 'string') return parsed.message;
  } catch {
    // not JSON: the status text stands in
  }
  return undefined;
}
