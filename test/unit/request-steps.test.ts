// The one onRequest pass: steps run in order, an answering step ends it, an asynchronous step defers the
// rest without reordering them.
import Fastify from 'fastify';
import t from 'tap';
import { requestStepsHook } from '../../src/http/request-steps.js';
import type { RequestStep } from '../../src/http/request-steps.js';

function appWith(steps: (RequestStep | undefined)[]) {
  const app = Fastify();
  app.addHook('onRequest', requestStepsHook(steps));
  app.get('/x', async () => ({ reached: true }));
  return app;
}

t.test('synchronous steps run in order and the route follows', async (t) => {
  const seen: string[] = [];
  const app = appWith([() => (seen.push('a'), false), undefined, () => (seen.push('b'), false)]);
  t.teardown(() => app.close());
  const res = await app.inject({ method: 'GET', url: '/x' });
  t.same(res.json(), { reached: true });
  t.same(seen, ['a', 'b'], 'a step left out is skipped');
});

t.test('an answering step ends the pass', async (t) => {
  const seen: string[] = [];
  const app = appWith([
    (_request, reply) => {
      seen.push('a');
      reply.code(418).send({ detail: 'answered' });
      return true;
    },
    () => (seen.push('b'), false),
  ]);
  t.teardown(() => app.close());
  const res = await app.inject({ method: 'GET', url: '/x' });
  t.equal(res.statusCode, 418);
  t.same(seen, ['a']);
});

t.test('an asynchronous step defers the rest, in order, and may answer', async (t) => {
  const seen: string[] = [];
  let answer = false;
  const app = appWith([
    () => (seen.push('a'), false),
    async (_request, reply) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      seen.push('b');
      if (!answer) return false;
      reply.code(503).send({ detail: 'later' });
      return true;
    },
    () => (seen.push('c'), false),
  ]);
  t.teardown(() => app.close());
  t.same((await app.inject({ method: 'GET', url: '/x' })).json(), { reached: true });
  t.same(seen, ['a', 'b', 'c']);
  seen.length = 0;
  answer = true;
  const res = await app.inject({ method: 'GET', url: '/x' });
  t.equal(res.statusCode, 503);
  t.same(seen, ['a', 'b']);
});
