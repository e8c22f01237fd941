// Shared helpers of the benchmark: processes pinned to a core, readiness, load runs and statistics.
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
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
 */
export async function paced({ port, connections, intervalMs, durationMs, pathOf, headers = {} }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections, maxFreeSockets: connections });
  const latencies = [];
  let errors = 0;
  let non2xx = 0;
  const started = performance.now();
  const end = started + durationMs;
  const once = (path) =>
    new Promise((resolve) => {
      const t0 = performance.now();
      const req = http.request({ host: '127.0.0.1', port, path, method: 'GET', headers, agent, timeout: 10_000 }, (res) => {
        res.on('data', () => {});
        res.on('end', () => {
          latencies.push(performance.now() - t0);
          if (res.statusCode < 200 || res.statusCode >= 300) non2xx++;
          resolve();
        });
      });
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', () => {
        errors++;
        resolve();
      });
      req.end();
    });
  const client = async (i) => {
    let next = started + (i / connections) * intervalMs;
    for (;;) {
      const wait = next - performance.now();
      if (wait > 0) await sleep(wait);
      if (performance.now() >= end) return;
      await once(pathOf(i));
      next += intervalMs;
      if (next < performance.now()) next = performance.now();
    }
  };
  await Promise.all(Array.from({ length: connections }, (_, i) => client(i)));
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] : NaN);
  const round2 = (v) => Math.round(v * 100) / 100;
  return {
    total: latencies.length,
    rps: latencies.length / ((performance.now() - started) / 1000),
    p50: round2(at(0.5)),
    p99: round2(at(0.99)),
    max: round2(latencies[latencies.length - 1] ?? NaN),
    non2xx,
    errors,
  };
}
