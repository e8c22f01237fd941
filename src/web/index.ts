// What a frontend developer meets besides the API: CORS, the live view, screenshots and recordings,
// the inspector page and the API docs.
import type { FastifyInstance } from 'fastify';
import type { Emulator } from '../emulator.js';
import type { RequestStep } from '../http/request-steps.js';
import { corsStep } from './cors.js';
import { registerDocs } from './docs.js';
import { inspectorRoutes } from './inspector.js';
import { liveRoutes } from './live.js';
import { recordingRoutes } from './recordings.js';
import { screenshotRoutes } from './screenshots.js';

/** Registers the pages; returns the CORS step for the request pass (undefined when CORS is off). */
export function webRoutes(app: FastifyInstance, state: Emulator): RequestStep | undefined {
  liveRoutes(app, state);
  screenshotRoutes(app, state);
  recordingRoutes(app, state);
  inspectorRoutes(app, state);
  registerDocs(app, state);
  return corsStep(state.config.corsOrigins);
}
