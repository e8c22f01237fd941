// What a frontend developer meets besides the API: CORS, the live view, screenshots and recordings,
// the inspector page and the API docs.
import type { FastifyInstance } from 'fastify';
import type { Emulator } from '../emulator.js';
import { registerCors } from './cors.js';
import { registerDocs } from './docs.js';
import { inspectorRoutes } from './inspector.js';
import { liveRoutes } from './live.js';
import { recordingRoutes } from './recordings.js';
import { screenshotRoutes } from './screenshots.js';

export async function webRoutes(app: FastifyInstance, state: Emulator): Promise<void> {
  await registerCors(app, state.config.corsOrigins);
  liveRoutes(app, state);
  screenshotRoutes(app, state);
  recordingRoutes(app, state);
  inspectorRoutes(app, state);
  await registerDocs(app, state);
}
