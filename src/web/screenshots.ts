// GET /_mock/screenshots/{sessionId}/{taskIndex}-{step}.png: the presigned screenshot of one step,
// drawn on request and identical every time for the same session, task and step.
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { pageViewOf } from '../simulation/content.js';
import type { Emulator } from '../emulator.js';
import { drawFrame, pageTitleFor, urlFor } from './frame.js';
import type { FrameSpec } from './frame.js';
import { findSession } from './lookup.js';
import { encodePng } from './png.js';
import { sendS3Error } from '../http/presign.js';
import { cacheControlUntil, checkSigned } from './presigned.js';

const FILE = /^(\d{1,6})-(\d{1,6})\.png$/;

/** Recently drawn screenshots: a live view asks for the same few over and over. */
class PngCache {
  private readonly entries = new Map<string, Buffer>();
  constructor(private readonly capacity: number) {}
  get(key: string, make: () => Buffer): Buffer {
    let png = this.entries.get(key);
    if (png) this.entries.delete(key);
    else {
      png = make();
      if (this.entries.size >= this.capacity) {
        const oldest = this.entries.keys().next().value;
        if (oldest !== undefined) this.entries.delete(oldest);
      }
    }
    this.entries.set(key, png);
    return png;
  }
}

/** The PNG of a step, or undefined when the session has no such screenshot. */
export function screenshotPng(
  state: Emulator,
  sessionId: string,
  taskIndex: number,
  step: number,
  cache?: { get(key: string, make: () => Buffer): Buffer },
): Buffer | undefined {
  const found = findSession(state, sessionId, state.clock.now());
  const task = found?.session.tasks[taskIndex];
  if (!found || !task) return undefined;
  const plan = state.machine.planOf(task);
  const planned = plan.steps[step];
  if (!planned?.screenshot) return undefined;
  const { content } = plan;
  const spec: FrameSpec = {
    seed: `${state.seed}:${sessionId}:${taskIndex}:${step}`,
    site: content.site,
    query: content.query,
    step,
    stepCount: plan.steps.length,
    summary: planned.summary,
    taskIndex,
    view: pageViewOf(content, planned.page, planned.action, step),
  };
  // The task's identity is part of the key: after a reset the same id may name another session.
  const key = `${sessionId}:${taskIndex}:${step}:${task.dispatchedAt}:${createHash('sha1').update(task.input.task).digest('hex')}`;
  const make = (): Buffer => encodePng(drawFrame(spec), { Title: pageTitleFor(spec), URL: urlFor(spec), Software: 'browser-use-mock' });
  return cache ? cache.get(key, make) : make();
}

export function screenshotRoutes(app: FastifyInstance, state: Emulator): void {
  const cache = new PngCache(128);
  app.get<{ Params: { sessionId: string; file: string } }>('/_mock/screenshots/:sessionId/:file', async (request, reply) => {
    const signed = checkSigned(state, request, reply);
    if (!signed) return reply;
    const m = FILE.exec(request.params.file);
    const png = m ? screenshotPng(state, request.params.sessionId, Number(m[1]), Number(m[2]), cache) : undefined;
    if (!png) return sendS3Error(request, reply, 404, 'NoSuchKey', 'The specified key does not exist.');
    const etag = `"${createHash('sha1').update(png).digest('hex')}"`;
    reply.header('etag', etag).header('cache-control', cacheControlUntil(signed.expiresAt, state.clock.now()));
    if (request.headers['if-none-match'] === etag) return reply.code(304).send();
    return reply.type('image/png').send(png);
  });
}
