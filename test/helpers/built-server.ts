// Starts the BUILT emulator the way users start it (`node dist/cli.js` with environment variables).
// Tests never build: `npm run test:e2e` builds once beforehand (scripts/build-once.mjs), and a missing
// or stale dist/ stops the test with the command that fixes it.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import type { Test } from 'tap';
import { BUILT_CLI as CLI, ROOT, staleBuild } from '../../scripts/lib/built.mjs';

export { ROOT };

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Throws, naming the fix, unless dist/ is the build of the current sources. */
export function requireBuilt(): void {
  const why = staleBuild();
  if (why !== undefined) throw new Error(`${why}: run \`npm run build\` first (\`npm run test:e2e\` builds when needed)`);
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
  requireBuilt();
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
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (done) throw new Error(`node dist/cli.js exited before answering:\n${output}`);
    try {
      const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(1000) });
      if (response.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      // A test file that fails at its top level never runs its teardown: do not leave the server behind.
      child.kill('SIGKILL');
      throw new Error(`node dist/cli.js did not answer /health within 60 s:\n${output}`);
    }
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
