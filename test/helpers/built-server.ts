// Starts the BUILT emulator the way users start it (`node dist/cli.js` with environment variables),
// rebuilding dist/ first when a source file is newer than it. Test files that run in parallel share
// one build through a lock directory.
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Test } from 'tap';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = join(ROOT, 'dist', 'cli.js');

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

function isStale(): boolean {
  if (!existsSync(CLI)) return true;
  const sources = Math.max(newestMtime(join(ROOT, 'src')), statSync(join(ROOT, 'tsconfig.json')).mtimeMs);
  return sources > statSync(CLI).mtimeMs;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `npm run build` when dist/ is older than src/. Returns the compiler's complaints, if any
 * (tsc still emits on type errors; the caller decides how loudly to fail).
 */
export async function ensureBuilt(): Promise<{ built: boolean; errors: string | undefined }> {
  const lock = join(tmpdir(), `browser-use-mock-build-${createHash('sha1').update(ROOT).digest('hex').slice(0, 12)}.lock`);
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (!isStale()) return { built: false, errors: undefined };
    try {
      mkdirSync(lock);
      break;
    } catch {
      // Another test file is building; a lock older than three minutes is left over from a crash.
      try {
        if (Date.now() - statSync(lock).mtimeMs > 180_000) rmdirSync(lock);
      } catch {
        // gone already
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for the build lock ${lock}`);
      await sleep(250);
    }
  }
  try {
    if (!isStale()) return { built: false, errors: undefined };
    const result = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' } });
    if (result.error) throw result.error;
    const errors = result.status === 0 ? undefined : `${result.stdout}${result.stderr}`.trim();
    if (!existsSync(CLI)) throw new Error(`npm run build produced no dist/cli.js:\n${errors ?? ''}`);
    return { built: true, errors };
  } finally {
    rmdirSync(lock);
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface BuiltServer {
  url: string;
  apiUrl: string;
  child: ChildProcess;
  /** Everything the process printed so far. */
  output(): string;
  /** Sends SIGTERM and reports how the process ended and how long it took. */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>;
}

/** `node dist/cli.js [args]` with PORT set to a free port and the given environment on top of a clean one. */
export async function startBuiltServer(t: Test, env: Record<string, string> = {}, args: string[] = []): Promise<BuiltServer> {
  const port = await freePort();
  const base: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined || key.startsWith('BU_MOCK_') || ['PORT', 'HOST', 'LOG_LEVEL', 'NODE_OPTIONS'].includes(key)) continue;
    base[key] = value;
  }
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    env: { ...base, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  let done = false;
  void exited.then(() => (done = true));
  t.teardown(() => {
    if (!done) child.kill('SIGKILL');
  });

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (done) throw new Error(`node dist/cli.js exited before answering:\n${output}`);
    try {
      const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(1000) });
      if (response.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`node dist/cli.js did not answer /health within 20 s:\n${output}`);
    await sleep(50);
  }
  return {
    url,
    apiUrl: `${url}/api/v3`,
    child,
    output: () => output,
    stop: async () => {
      const sentAt = Date.now();
      child.kill('SIGTERM');
      const end = await exited;
      return { code: end.code, signal: end.signal, ms: end.at - sentAt };
    },
  };
}
