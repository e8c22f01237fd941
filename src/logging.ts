// pino logger: JSON lines by default, a compact human format when writing to a terminal.
import { Writable } from 'node:stream';
import pino from 'pino';
import type { Logger } from 'pino';

const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };

type LogLine = { level?: number; time?: number; msg?: string; reqId?: string; req?: { method?: string; url?: string }; res?: { statusCode?: number }; responseTime?: number; err?: { message?: string } };

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
        if (line.req) parts.push(`${line.req.method ?? ''} ${line.req.url ?? ''}`);
        if (line.res) parts.push(`→ ${line.res.statusCode ?? ''}${line.responseTime !== undefined ? ` ${line.responseTime.toFixed(1)}ms` : ''}`);
        if (line.err?.message) parts.push(line.err.message);
        this.out.write(`${parts.filter(Boolean).join(' ')}\n`);
      } catch {
        this.out.write(`${text}\n`);
      }
    }
    done();
  }
}

export function createLogger(level: string, pretty: boolean = process.stdout.isTTY === true): Logger {
  const options = { level, base: undefined };
  return pretty ? pino(options, new PrettyStream(process.stdout)) : pino(options);
}
