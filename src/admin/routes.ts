// The admin API under /_mock: thin routes over the journal, fault rules, clock and key services.
// No API key is needed; every error is {"detail": "..."}. openapi/admin.json documents each route.
import type { FastifyInstance } from 'fastify';
import { detailError } from '../http/errors.js';
import type { Emulator } from '../emulator.js';
import { queryOf } from '../http/query.js';
import { objectBody, typedBody } from './body.js';
import { advanceClock, clockView } from './clock.js';
import { Metrics } from './metrics.js';
import { BalanceBody, ConcurrencyBody, FaultRuleBody, ResetQuery } from './schemas.js';
import { installTraffic } from './traffic.js';
import type { TrafficSteps } from './traffic.js';

type KeyParams = { key: string };

/**
 * The admin plugin: the /_mock routes, and the journal and fault rules over all API traffic, returned as
 * the steps app.ts places in every request's pass.
 */
export function adminRoutes(app: FastifyInstance, state: Emulator): TrafficSteps {
  const traffic = installTraffic(app, state);
  const { keys } = state;

  app.post('/_mock/reset', async (request) => {
    const { key }: ResetQuery = queryOf(request);
    if (key !== undefined && key !== '') {
      state.reset(key);
      return { reset: 'key', key };
    }
    state.reset();
    return { reset: 'all' };
  });

  app.get('/_mock/clock', async () => clockView(state));
  app.post('/_mock/clock/advance', async (request) => advanceClock(state, objectBody(request, '{"ms": N} or {"sessionId": "...", "to": "next-step" | "end"}')));

  const metrics = new Metrics(state.projects, state.journal);
  metrics.watch();
  app.addHook('onClose', async () => metrics.close());
  app.get('/_mock/metrics', async () => metrics.view());

  app.get('/_mock/scenarios', async () =>
    state.scenarios.list().map((s) => ({
      name: s.name,
      description: s.description,
      outcome: s.outcome,
      match: {
        task: s.match.task ? s.match.task.source : null,
        models: s.match.models ?? null,
        outputSchema: s.match.outputSchema ?? null,
        workspace: s.match.workspace ?? null,
      },
      source: s.source ?? null,
    })),
  );

  app.get('/_mock/keys', async () => keys.list(state.clock.now()));
  app.get<{ Params: KeyParams }>('/_mock/keys/:key/state', async (request) => {
    const { messages } = queryOf(request);
    return keys.dump(request.params.key, state.clock.now(), messages !== 'false' && messages !== '0');
  });
  app.put<{ Params: KeyParams }>('/_mock/keys/:key/balance', async (request) => keys.setBalance(request.params.key, typedBody(request, BalanceBody, '{"usd": "12.5"}'), state.clock.now()));
  app.put<{ Params: KeyParams }>('/_mock/keys/:key/concurrency', async (request) =>
    keys.setConcurrency(request.params.key, typedBody(request, ConcurrencyBody, '{"limit": N}'), state.clock.now()),
  );

  app.get('/_mock/journal', async (request) => {
    const q = queryOf(request);
    let limit: number | undefined;
    if (q.limit !== undefined) {
      limit = Number(q.limit);
      if (!Number.isInteger(limit) || limit < 1) throw detailError(400, 'limit: expected an integer >= 1');
    }
    if (q.status !== undefined && !/^(\d{3}|[1-5]xx)$/i.test(q.status)) throw detailError(400, 'status: expected a status code such as 422 or a class such as 4xx');
    if (q.path !== undefined && q.path.startsWith('^')) {
      try {
        new RegExp(q.path);
      } catch {
        throw detailError(400, 'path: invalid regular expression');
      }
    }
    const { entries, total } = state.journal.query({ key: q.key, method: q.method, path: q.path, status: q.status, limit });
    return { entries, total, capacity: state.journal.capacity };
  });
  app.delete('/_mock/journal', async (_request, reply) => {
    state.journal.clear();
    return reply.code(204).send();
  });

  app.get('/_mock/faults', async () => state.faults.list());
  app.post('/_mock/faults', async (request, reply) => {
    const rule = state.faults.add(typedBody(request, FaultRuleBody, 'a fault rule {match, respond?, latencyMs?, drop?, scenario?, times?, probability?}'), state.scenarios, state.clock.now());
    return reply.code(201).send(rule);
  });
  app.delete('/_mock/faults', async (_request, reply) => {
    state.faults.clear();
    return reply.code(204).send();
  });
  app.delete<{ Params: { id: string } }>('/_mock/faults/:id', async (request, reply) => {
    if (!state.faults.remove(request.params.id)) throw detailError(404, `No fault rule ${JSON.stringify(request.params.id)}`);
    return reply.code(204).send();
  });
  return traffic;
}
