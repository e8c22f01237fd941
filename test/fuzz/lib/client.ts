// Raw HTTP for the fuzzer: byte-exact bodies, repeated headers and paths sent exactly as written
// (bad percent-escapes included), over keep-alive connections. A socket error is a result, not a throw.
import { Agent, request } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';

export interface RawRequest {
  method: string;
  /** Path and query, sent as is. */
  path: string;
  /** Pairs, so a header may repeat. */
  headers?: [string, string][];
  body?: Buffer;
}

export interface RawResponse {
  /** 0 when no answer arrived (the connection failed). */
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  /** The socket error when `status` is 0. */
  error?: string;
}

export class RawClient {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 8 });
  // Fuzzed requests get a connection of their own: the server may close one after an error
  // (413, 414, 431), and a reused socket that is already closing would be mistaken for a drop.
  private readonly fresh = new Agent({ keepAlive: false });
  readonly host: string;
  readonly port: number;

  constructor(baseUrl: string) {
    const url = new URL(baseUrl);
    this.host = url.hostname;
    this.port = Number(url.port);
  }

  send(req: RawRequest, timeoutMs = 30_000, reuse = false): Promise<RawResponse> {
    // Pairs go out as given, so Host must be added by hand (the server refuses a request without one).
    const flat: string[] = ['Host', `${this.host}:${this.port}`];
    for (const [name, value] of req.headers ?? []) flat.push(name, value);
    if (req.body !== undefined) flat.push('Content-Length', String(req.body.length));
    return new Promise((resolvePromise) => {
      let settled = false;
      const done = (response: RawResponse): void => {
        if (settled) return;
        settled = true;
        resolvePromise(response);
      };
      let outgoing;
      try {
        outgoing = request({ host: this.host, port: this.port, method: req.method, path: req.path, headers: flat, agent: reuse ? this.agent : this.fresh, timeout: timeoutMs }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', (error) => done({ status: 0, headers: {}, text: '', error: error.message }));
        });
      } catch (error) {
        // The client library refused the request (e.g. a character it will not put in a path).
        done({ status: -1, headers: {}, text: '', error: error instanceof Error ? error.message : String(error) });
        return;
      }
      outgoing.on('timeout', () => outgoing.destroy(new Error(`no answer within ${timeoutMs} ms`)));
      outgoing.on('error', (error) => done({ status: 0, headers: {}, text: '', error: error.message }));
      outgoing.end(req.body);
    });
  }

  /** JSON convenience for set-up and checks. */
  async json(method: string, path: string, key: string | null, body?: unknown): Promise<{ status: number; text: string; json: unknown }> {
    const headers: [string, string][] = [];
    if (key !== null) headers.push(['X-Browser-Use-API-Key', key]);
    if (body !== undefined) headers.push(['Content-Type', 'application/json']);
    const request = { method, path, headers, body: body === undefined ? undefined : Buffer.from(JSON.stringify(body)) };
    let res = await this.send(request, 30_000, true);
    // A pooled socket the server closed just before reuse fails at once; one retry on a new one.
    if (res.status === 0) res = await this.send(request);
    let json: unknown;
    try {
      json = res.text ? JSON.parse(res.text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, text: res.text || res.error || '', json };
  }

  close(): void {
    this.agent.destroy();
    this.fresh.destroy();
  }
}
