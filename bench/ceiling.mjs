// The ceiling: a bare Fastify server answering a fixed, session-sized JSON body on the routes the
// scenarios call. Nothing is validated, stored or derived; only routing and serialisation remain.
import Fastify from 'fastify';

/** A running session as GET /sessions/{id} shows it after a few steps (about 1 KB). */
const SESSION = {
  id: '1b7a36f3-8e8c-496d-81ae-f1eabdf05692',
  status: 'running',
  model: 'claude-sonnet-4.6',
  title: 'Find cheap flights',
  output: null,
  outputSchema: null,
  stepCount: 3,
  lastStepSummary: 'Opened the search results for cheap flights',
  isTaskSuccessful: null,
  liveUrl: 'http://127.0.0.1:4011/live/1b7a36f3-8e8c-496d-81ae-f1eabdf05692?token=3RctNQ29H_mYVPtu6oRX__WTPoGymmwg',
  recordingUrls: [],
  profileId: null,
  workspaceId: null,
  proxyCountryCode: 'us',
  maxCostUsd: '10',
  totalInputTokens: 17312,
  totalOutputTokens: 905,
  proxyUsedMb: '2.113',
  llmCostUsd: '0.065511',
  proxyCostUsd: '0.008452',
  browserCostUsd: '0.000167',
  totalCostUsd: '0.07413',
  screenshotUrl:
    'http://127.0.0.1:4011/_mock/screenshots/1b7a36f3-8e8c-496d-81ae-f1eabdf05692/0-2.png?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=20261123T155103Z&X-Amz-Expires=300&X-Amz-Signature=5b0c3f1f0a8e6f1d2c4b7a9e0d3c5f7a1b2c4d6e8f0a1b3c5d7e9f1a2b4c6d8e',
  agentmailEmail: 'agent-1b7a36f3@agentmail.to',
  createdAt: '2026-11-23T15:51:00.057000Z',
  updatedAt: '2026-11-23T15:51:09.412000Z',
};

const app = Fastify({ logger: false });
const answer = async () => SESSION;
app.get('/health', async () => ({ status: 'ok' }));
app.get('/api/v3/sessions', answer);
app.get('/api/v3/sessions/:id', answer);
app.get('/api/v3/sessions/:id/messages', answer);
app.post('/api/v3/sessions', answer);

const port = Number(process.env.PORT ?? 4020);
await app.listen({ port, host: '127.0.0.1' });
process.on('SIGTERM', () => process.exit(0));
process.on('SIGINT', () => process.exit(0));
