// GET /docs: Swagger UI for the document served at /openapi.json, with its assets served locally
// (nothing is fetched from the network). The UI reads the document through /openapi.json itself, so it
// always shows exactly what that route serves.
import swagger from '@fastify/swagger';
import type { StaticDocumentSpec } from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Emulator } from '../emulator.js';

export const DOCS_PREFIX = '/docs';

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
      uiConfig: { docExpansion: 'list', deepLinking: true, displayRequestDuration: true, persistAuthorization: true, defaultModelsExpandDepth: 0 },
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
}
