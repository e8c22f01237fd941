// Shared helpers of the benchmark: processes pinned to a core, readiness, load runs and statistics.
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

export const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
export const ROOT = join(BENCH_DIR, '..');
export const KEY = 'bench-key';

/**
 * Two cores: servers under test get core 1, the load generator (this process, autocannon in-process)
 * core 0. Without taskset (or with one core) nothing is pinned and the report says so.
 */
export const PINNING = (() => {
  try {
    execFileSync('taskset', ['-V'], { stdio: 'ignore' });
  } catch {
    return { enabled: false, serverCpu: null, loadCpu: null };
  }
  const cpus = execFileSync('nproc', { encoding: 'utf8' }).trim();
  return Number(cpus) >= 2 ? { enabled: true, serverCpu: 1, loadCpu: 0 } : { enabled: false, serverCpu: null, loadCpu: null };
})();

/** Pins every thread of this process to the load generator's core. */
export function pinSelf() {
  if (!PINNING.enabled) return;
  execFileSync('taskset', ['-a', '-cp', String(PINNING.loadCpu), String(process.pid)], { stdio: 'ignore' });
}

/** Starts a server process on the servers' core; stdout goes nowhere (as a CI log would swallow it), stderr is kept. */
export function startProcess(name, command, args, env = {}) {
  const [cmd, argv] = PINNING.enabled ? ['taskset', ['-c', String(PINNING.serverCpu), command, ...args]] : [command, args];
  const child = spawn(cmd, argv, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return {
    name,
    child,
    pid: child.pid,
    stderr: () => stderr,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** One HTTP request, resolved with status and body text. */
export function request(port, method, path, { body, headers = {}, timeoutMs = 10_000 } = {}) {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        headers: { ...(data ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } : {}), ...headers },
        agent: false,
        timeout: timeoutMs,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`timeout ${method} ${path}`)));
    req.on('error', reject);
    if (data) req.write(data);
    req.end();
  });
}

/** Polls `path` until it answers 200; resolves with the ms since `since`. */
export async function waitReady(port, path, since, { timeoutMs = 30_000, intervalMs = 2, proc } = {}) {
  for (;;) {
    try {
      const res = await request(port, 'GET', path, { timeoutMs: 1000, headers: { 'x-browser-use-api-key': KEY } });
      if (res.status === 200) return performance.now() - since;
    } catch {
      // not listening yet
    }
    if (proc && proc.child.exitCode !== null) throw new Error(`${proc.name} exited: ${proc.stderr()}`);
    if (performance.now() - since > timeoutMs) throw new Error(`${path} on port ${port} not ready after ${timeoutMs} ms`);
    await sleep(intervalMs);
  }
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Runs autocannon and keeps what the report needs; any non-2xx or error is counted. */
export function load(options) {
  return new Promise((resolve, reject) => {
    autocannon({ ...options, url: options.url }, (error, result) => {
      if (error) return reject(error);
      resolve({
        rps: result.requests.average,
        total: result.requests.total,
        p50: result.latency.p50,
        p99: result.latency.p99,
        max: result.latency.max,
        non2xx: result.non2xx,
        errors: result.errors + result.timeouts,
      });
    });
  });
}

/** CPU time (user + system) a process has used, in ms, from /proc (Linux). */
export function cpuMsOf(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces) start after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / clockTicks();
}

let ticksPerSecond;
function clockTicks() {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** Resident memory of a process, in MB, from /proc. */
export function rssMbOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = /VmRSS:\s+(\d+) kB/.exec(status);
  return m ? Number(m[1]) / 1024 : NaN;
}

/**
 * Evenly paced load: `connections` clients on keep-alive sockets, each sending one request every
 * `intervalMs` (starts spread over the first interval), as real pollers do. autocannon's rate limit
 * sends each second's quota in one burst, which measures queueing behind the burst instead.
 * A client that falls behind does not burst to catch up: the achieved rate says so.
 *
 * The client is kept cheap so that its own event loop adds little to the latencies: raw sockets,
 * one prebuilt request per path, a parser that only finds where each response ends, one timer for
 * all due sends and one sweep for timeouts.
 *
 * Every connection is opened, and has one unrecorded request answered, before the clock starts:
 * a thousand connects at once overflow the server's accept queue, and the dropped handshakes wait
 * for a retransmission (1 s or 3 s), which says nothing about what a poll costs. A socket that is
 * lost during the run is reopened on its next request, and that request's latency includes it.
 */
export async function paced({ port, connections, intervalMs, durationMs, pathOf, headers = {} }) {
  const TIMEOUT_MS = 10_000;
  const head = `Host: 127.0.0.1:${port}\r\n${Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('')}\r\n`;
  const requests = new Map();
  const requestFor = (path) => {
    let buf = requests.get(path);
    if (!buf) requests.set(path, (buf = Buffer.from(`GET ${path} HTTP/1.1\r\n${head}`, 'latin1')));
    return buf;
  };

  const latencies = [];
  let errors = 0;
  let non2xx = 0;
  let finished = 0;
  let resolveAll;
  const allDone = new Promise((resolve) => (resolveAll = resolve));
  let started = 0;
  let end = Infinity;
  let endedAt = 0;

  // Per connection: its socket, when its next request is due, when the one in flight was written
  // (0: none), the end of its opening request while the connections open, and the parser's state.
  const conns = Array.from({ length: connections }, (_, i) => ({
    i,
    socket: null,
    due: 0,
    sentAt: 0,
    primed: null,
    ...freshParser(),
  }));

  // Due sends: a binary min-heap on `due`, served by one timer armed for the earliest entry.
  const heap = [];
  const push = (c) => {
    let k = heap.push(c) - 1;
    while (k > 0) {
      const up = (k - 1) >> 1;
      if (heap[up].due <= c.due) break;
      heap[k] = heap[up];
      k = up;
    }
    heap[k] = c;
  };
  const pop = () => {
    const top = heap[0];
    const last = heap.pop();
    if (heap.length) {
      let k = 0;
      for (;;) {
        let child = 2 * k + 1;
        if (child >= heap.length) break;
        if (child + 1 < heap.length && heap[child + 1].due < heap[child].due) child++;
        if (heap[child].due >= last.due) break;
        heap[k] = heap[child];
        k = child;
      }
      heap[k] = last;
    }
    return top;
  };
  let timer = null;
  let armedFor = Infinity;
  const arm = () => {
    if (!heap.length || (timer && armedFor <= heap[0].due)) return;
    if (timer) clearTimeout(timer);
    armedFor = heap[0].due;
    timer = setTimeout(tick, Math.max(1, armedFor - performance.now()));
  };
  function tick() {
    timer = null;
    armedFor = Infinity;
    // Timers fire on whole milliseconds: what falls due within half of one goes now.
    const horizon = performance.now() + 0.5;
    while (heap.length && heap[0].due <= horizon) send(pop());
    arm();
  }

  const finish = () => {
    if (++finished < connections) return;
    endedAt = performance.now();
    clearInterval(sweeper);
    if (timer) clearTimeout(timer);
    for (const d of conns) d.socket?.destroy();
    resolveAll();
  };

  function send(c) {
    if (performance.now() >= end) return finish();
    if (!c.socket) connect(c);
    const buf = requestFor(pathOf(c.i));
    c.sentAt = performance.now();
    c.socket.write(buf);
  }

  /** After an answer, an error or a timeout: the next request is due one interval later, or now if late. */
  function next(c) {
    c.sentAt = 0;
    const now = performance.now();
    c.due += intervalMs;
    if (c.due < now) c.due = now;
    if (c.due >= end) return finish();
    if (c.due <= now) return send(c);
    push(c);
    arm();
  }

  /** Ends the request that opened a connection before the clock started; true if it was that one. */
  function endPriming(c) {
    if (!c.primed) return false;
    const resolve = c.primed;
    c.primed = null;
    c.sentAt = 0;
    resolve();
    return true;
  }

  function answered(c, status) {
    // The server closes after this answer: the next request goes on a fresh socket.
    if (c.closeAfter) {
      c.closeAfter = false;
      const socket = c.socket;
      c.socket = null;
      socket?.destroy();
    }
    if (endPriming(c) || !c.sentAt) return;
    latencies.push(performance.now() - c.sentAt);
    if (status < 200 || status >= 300) non2xx++;
    next(c);
  }

  /** Drops the connection's socket; a request in flight on it is an error (or, read to close, an answer). */
  function drop(c, socket) {
    if (c.socket !== socket) return;
    c.socket = null;
    socket.destroy();
    const untilClose = c.state === UNTIL_CLOSE;
    const status = c.status;
    Object.assign(c, freshParser());
    // A connection that failed to open is tried again by its first measured request.
    if (endPriming(c) || !c.sentAt) return;
    if (untilClose) return answered(c, status);
    errors++;
    next(c);
  }

  function connect(c) {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.setNoDelay(true);
    c.socket = socket;
    Object.assign(c, freshParser());
    socket.on('data', (chunk) => {
      if (c.socket !== socket) return;
      if (!parse(c, chunk, answered)) drop(c, socket);
    });
    socket.on('error', () => drop(c, socket));
    socket.on('close', () => drop(c, socket));
  }

  // One sweep for per-request timeouts instead of a timer per request.
  const sweeper = setInterval(() => {
    const now = performance.now();
    for (const c of conns) if (c.sentAt && now - c.sentAt > TIMEOUT_MS && c.socket) drop(c, c.socket);
  }, 100);

  const PRIMING_AT_ONCE = 50;
  for (let from = 0; from < connections; from += PRIMING_AT_ONCE) {
    const batch = conns.slice(from, from + PRIMING_AT_ONCE);
    await Promise.all(
      batch.map(
        (c) =>
          new Promise((resolve) => {
            c.primed = resolve;
            connect(c);
            c.sentAt = performance.now();
            c.socket.write(requestFor(pathOf(c.i)));
          }),
      ),
    );
  }

  started = performance.now();
  end = started + durationMs;
  for (const c of conns) {
    c.due = started + (c.i / connections) * intervalMs;
    push(c);
  }
  arm();
  await allDone;

  latencies.sort((a, b) => a - b);
  const at = (q) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] : NaN);
  const round2 = (v) => Math.round(v * 100) / 100;
  return {
    total: latencies.length,
    rps: latencies.length / ((endedAt - started) / 1000),
    p50: round2(at(0.5)),
    p99: round2(at(0.99)),
    max: round2(latencies[latencies.length - 1] ?? NaN),
    non2xx,
    errors,
  };
}

// Parser states: status line and headers, a Content-Length body, a chunk-size line, chunk data
// (with its CRLF), trailers after the last chunk, and a body that ends when the socket closes.
const HEAD = 0;
const BODY = 1;
const CHUNK_SIZE = 2;
const CHUNK_DATA = 3;
const TRAILER = 4;
const UNTIL_CLOSE = 5;

const freshParser = () => ({ state: HEAD, status: 0, remaining: 0, pending: null, closeAfter: false });

/**
 * Feeds one chunk of a connection's bytes; calls `onAnswer(c, status)` at the end of each final
 * response. Only finds where responses end: header values other than the framing ones are not read.
 * Returns false on bytes that are not HTTP/1.1 framing.
 */
function parse(c, chunk, onAnswer) {
  const buf = c.pending ? Buffer.concat([c.pending, chunk]) : chunk;
  c.pending = null;
  let off = 0;
  while (off < buf.length) {
    if (c.state === HEAD) {
      const headEnd = buf.indexOf('\r\n\r\n', off);
      if (headEnd < 0) break;
      // "HTTP/1.1 200 OK": the status is the three digits after the first space.
      if (buf[off] !== 0x48 || buf[off + 8] !== 0x20) return false;
      const status = (buf[off + 9] - 48) * 100 + (buf[off + 10] - 48) * 10 + (buf[off + 11] - 48);
      if (!(status >= 100 && status <= 599)) return false;
      const text = buf.toString('latin1', off, headEnd).toLowerCase();
      off = headEnd + 4;
      if (status < 200 && status !== 101) continue; // interim answer; the final one follows
      c.status = status;
      c.closeAfter = /\r\nconnection:[ \t]*close/.test(text);
      const length = /\r\ncontent-length:[ \t]*(\d+)/.exec(text);
      if (/\r\ntransfer-encoding:[^\r]*chunked/.test(text)) c.state = CHUNK_SIZE;
      else if (length) {
        c.remaining = Number(length[1]);
        if (c.remaining > 0) c.state = BODY;
        else onAnswer(c, status);
      } else if (status === 204 || status === 304) onAnswer(c, status);
      else c.state = UNTIL_CLOSE;
    } else if (c.state === BODY || c.state === CHUNK_DATA) {
      const take = Math.min(c.remaining, buf.length - off);
      off += take;
      c.remaining -= take;
      if (c.remaining > 0) break;
      if (c.state === CHUNK_DATA) c.state = CHUNK_SIZE;
      else {
        c.state = HEAD;
        onAnswer(c, c.status);
      }
    } else if (c.state === CHUNK_SIZE) {
      const lineEnd = buf.indexOf('\r\n', off);
      if (lineEnd < 0) break;
      // parseInt stops at a chunk extension (";name=value").
      const size = parseInt(buf.toString('latin1', off, lineEnd), 16);
      if (Number.isNaN(size)) return false;
      off = lineEnd + 2;
      if (size === 0) c.state = TRAILER;
      else {
        c.remaining = size + 2;
        c.state = CHUNK_DATA;
      }
    } else if (c.state === TRAILER) {
      const lineEnd = buf.indexOf('\r\n', off);
      if (lineEnd < 0) break;
      const last = lineEnd === off;
      off = lineEnd + 2;
      if (last) {
        c.state = HEAD;
        onAnswer(c, c.status);
      }
    } else {
      off = buf.length; // UNTIL_CLOSE: the close ends the body
    }
  }
  if (off < buf.length) c.pending = buf.subarray(off);
  return true;
}
