// What every request meets before its route, in one pass: the route refusals, the journal, CORS and the
// fault rules with the Prefer header. They share one Fastify onRequest hook because each hook of its own
// costs a pass of Fastify's hook runner on every request; app.ts lists the steps in the order they run.
import type { FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';

/** true: the step answered the request and nothing after it runs; false: the request goes on. */
export type StepOutcome = boolean | Promise<boolean>;

export type RequestStep = (request: FastifyRequest, reply: FastifyReply) => StepOutcome;

/** The onRequest hook running `steps` in order; a step left out (undefined) is a feature switched off. */
export function requestStepsHook(steps: readonly (RequestStep | undefined)[]): onRequestHookHandler {
  const list = steps.filter((step): step is RequestStep => step !== undefined);
  const rest = async (pending: Promise<boolean>, after: readonly RequestStep[], request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    if (await pending) return;
    for (const step of after) if (await step(request, reply)) return;
  };
  // Callback style: almost every request passes every step synchronously, without a promise or a tick.
  return function requestSteps(request, reply, done) {
    let taken = 0;
    for (const step of list) {
      taken++;
      const outcome = step(request, reply);
      if (outcome === true) return undefined;
      // Returning the promise (without calling done) gives Fastify's async-hook semantics.
      if (outcome !== false) return rest(outcome, list.slice(taken), request, reply);
    }
    done();
    return undefined;
  };
}
