// GET /docs: Swagger UI for the documents served at /openapi.json (v3, shown first) and
// /api/v2/openapi.json (v2, picked in the top bar or opened at /docs/v2), with its assets served locally
// (nothing is fetched from the network). The UI reads each document through the route that serves it,
// so it always shows exactly what that route serves.
import swagger from '@fastify/swagger';
import type { StaticDocumentSpec } from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Emulator } from '../emulator.js';
import { V2_DOCUMENT_PATH } from '../contract/served-document.js';

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

export async function registerDocs(app: FastifyInstance, state: Emulator): Promise<void> {
  const served = async (request: FastifyRequest): Promise<unknown> => {
    const response = await app.inject({ method: 'GET', url: '/openapi.json', headers: { host: request.headers.host ?? 'localhost' } });
    return response.json();
  };
  await app.register(async (scope) => {
    // Static mode only hands the document to the UI plugin; the route below replaces its copy anyway.
    if (!scope.hasDecorator('swagger')) {
      await scope.register(swagger, { mode: 'static', specification: { document: state.contract.document as unknown as StaticDocumentSpec['document'] } });
    }
    await scope.register(swaggerUi, {
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
      uiHooks: {
        onRequest: async (request: FastifyRequest, reply: FastifyReply) => {
          const url = request.routeOptions.url;
          if (url === `${DOCS_PREFIX}/json`) return reply.type('application/json').send(JSON.stringify(await served(request)));
          if (url === `${DOCS_PREFIX}/yaml`) return reply.type('application/x-yaml').send((await import('yaml')).stringify(await served(request)));
          return undefined;
        },
      },
    });
  });
  // A direct link to the v2 reference: the same page with the v2 document selected.
  app.get(`${DOCS_PREFIX}/v2`, async (_request, reply) => reply.redirect(`${DOCS_PREFIX}?urls.primaryName=${encodeURIComponent(DOCS_V2_NAME)}`, 302));
}
