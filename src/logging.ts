// pino logger: JSON lines by default, a compact human format when writing to a terminal.
import { Writable } from 'node:stream';
import Fastify from 'fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import pino from 'pino';
import type { DestinationStream, Logger } from 'pino';

const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };

type LogLine = { level?: number; time?: number; msg?: string; reqId?: string; method?: string; url?: string; statusCode?: number; responseTime?: number; err?: { message?: string } };

/** One readable line per record: time, level, request id, message and the request/response basics. */
class PrettyStream extends Writable {
  constructor(private readonly out: NodeJS.WritableStream) {
    super();
  }
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    for (const text of chunk.toString('utf8').split('\n')) {
      if (!text) continue;
      try {
        const line = JSON.parse(text) as LogLine;
        const time = new Date(line.time ?? Date.now()).toISOString().slice(11, 23);
        const parts = [time, (LEVELS[line.level ?? 30] ?? 'INFO').padEnd(5), line.reqId ?? '', line.msg ?? ''];
        if (line.method) parts.push(`${line.method} ${line.url ?? ''}`);
        if (line.statusCode !== undefined) parts.push(`→ ${line.statusCode}${line.responseTime !== undefined ? ` ${line.responseTime.toFixed(1)}ms` : ''}`);
        if (line.err?.message) parts.push(line.err.message);
        this.out.write(`${parts.filter(Boolean).join(' ')}\n`);
      } catch {
        this.out.write(`${text}\n`);
      }
    }
    done();
  }
}

export interface EmulatorLogger {
  logger: Logger;
  /** Writes out whatever is still buffered (before the process exits). */
  flush(): void;
}

/** JSON lines are written out once this many bytes have gathered... */
const LOG_BATCH_BYTES = 8 * 1024;
/** ...or this long after the first of them, whichever comes first. */
const LOG_BATCH_MS = 20;

/**
 * JSON lines are written in batches: one write per line would cost a system call for every request,
 * which under many pollers is as much as the request itself. A reader of the log sees each line at
 * most LOG_BATCH_MS late.
 *
 * Each batch is joined once and written synchronously, as pino writes by default. The destination's
 * own batching (minLength) appended to one string and measured it on every line, copying the batch
 * each time; and an asynchronous write kept each batch on the heap until it finished, under load long
 * enough to be promoted to the old generation, whose collections paused every request.
 */
export function createLogger(level: string, pretty: boolean = process.stdout.isTTY === true): EmulatorLogger {
  const options = { level, base: undefined };
  if (pretty) return { logger: pino(options, new PrettyStream(process.stdout)), flush: () => undefined };
  const destination = pino.destination({ dest: 1, sync: true });
  let lines: string[] = [];
  let length = 0;
  let timer: NodeJS.Timeout | undefined;
  const writeBatch = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    if (lines.length === 0) return;
    destination.write(lines.join(''));
    lines = [];
    length = 0;
  };
  const batched: DestinationStream = {
    write(line: string): void {
      lines.push(line);
      length += line.length;
      if (length >= LOG_BATCH_BYTES) return writeBatch();
      if (timer !== undefined) return;
      timer = setTimeout(writeBatch, LOG_BATCH_MS);
      // A pending batch must not keep the process alive; shutdown flushes it (flush below).
      timer.unref();
    },
  };
  return { logger: pino(options, batched), flush: writeBatch };
}

/**
 * One log line per request, when it completes (method, URL, status, time), instead of Fastify's two.
 * Admin, live-view and document traffic is logged at debug level so test chatter stays out of the way.
 */
export class RequestLog extends Fastify.LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const line = { method: request.method, url: request.url, statusCode: reply.statusCode, responseTime: Math.round(reply.elapsedTime * 100) / 100 };
    if (error) reply.log.error({ ...line, err: error }, 'request errored');
    else if (isApiPath(request.url)) reply.log.info(line, 'request completed');
    else reply.log.debug(line, 'request completed');
  }
}

const isApiPath = (url: string): boolean => url.startsWith('/api/') && !url.startsWith('/api/v2/openapi.json');
