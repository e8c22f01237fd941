// The browser-use-mock command, run from source through the same TypeScript loader tap uses (no build).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import t from 'tap';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = ['--import', 'tsx', 'src/cli.ts'];

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], env: Record<string, string> = {}): { child: ReturnType<typeof spawn>; done: Promise<Run>; lines: AsyncIterable<string>; stderr: () => string } {
  const child = spawn(process.execPath, [...CLI, ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let wake: (() => void) | undefined;
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
    wake?.();
  });
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const done = once(child, 'exit').then(([code]) => ({ code: code as number | null, stdout, stderr }));
  // Complete lines of stdout as they arrive.
  const lines: AsyncIterable<string> = {
    async *[Symbol.asyncIterator]() {
      let seen = 0;
      for (;;) {
        const all = stdout.split('\n').slice(0, -1);
        while (seen < all.length) yield all[seen++] ?? '';
        if (child.exitCode !== null) return;
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, 200);
        });
      }
    },
  };
  return { child, done, lines, stderr: () => stderr };
}

t.test('--help lists every flag with its environment twin', async (t) => {
  const { done } = cli(['--help']);
  const run = await done;
  t.equal(run.code, 0);
  for (const [flag, env] of [
    ['--port', 'PORT'],
    ['--host', 'HOST'],
    ['--speed', 'BU_MOCK_SPEED'],
    ['--seed', 'BU_MOCK_SEED'],
    ['--clock', 'BU_MOCK_CLOCK'],
    ['--fixtures', 'BU_MOCK_FIXTURES'],
    ['--fixtures-replace', 'BU_MOCK_FIXTURES_REPLACE'],
    ['--log-level', 'LOG_LEVEL'],
  ]) {
    t.match(run.stdout, new RegExp(`${flag} [^\\n]+\\n\\s+\\(env ${env}\\)`), `${flag} / ${env}`);
  }
  const unknown = await cli(['--colour']).done;
  t.equal(unknown.code, 1);
  t.match(unknown.stderr, /browser-use-mock: Unknown option '--colour'/);
});

t.test('broken fixtures: exit 1 naming the file and the field', async (t) => {
  const dir = t.testdir({ 'checkout.yaml': 'steps:\n  count: [5, 2]\n' });
  const run = await cli(['--fixtures', dir, '--port', '0', '--log-level', 'silent']).done;
  t.equal(run.code, 1);
  t.match(run.stderr, /checkout\.yaml: steps\.count: expected \[min, max\] with min <= max, got \[5, 2\]/);
});

t.test('serves with flags and environment twins; JSON logs when not a terminal; SIGTERM exits 0', async (t) => {
  const dir = t.testdir({ 'hello.yaml': 'match:\n  taskIncludes: hello\noutput: hi\n' });
  const { child, done, lines, stderr } = cli(['--port', '0', '--seed', 'cli-seed', '--fixtures', dir, '--log-level', 'info'], { BU_MOCK_CLOCK: 'manual', BU_MOCK_FIXTURES_REPLACE: '1' });
  t.teardown(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  let url = '';
  const logged: string[] = [];
  for await (const line of lines) {
    logged.push(line);
    const match = /browser-use-mock listening on (http:\/\/[^ ]+)/.exec(line);
    if (match?.[1]) {
      url = match[1];
      break;
    }
  }
  t.ok(url, `announced its address${url ? '' : `; stdout: ${logged.join('\n')}; stderr: ${stderr()}`}`);
  for (const line of logged) t.doesNotThrow(() => JSON.parse(line), `a JSON log line: ${line.slice(0, 80)}`);
  t.ok(logged.some((line) => line.includes('scenarios: hello (only those from')), 'says which scenarios are in force');
  const clock = (await (await fetch(`${url}/_mock/clock`)).json()) as { mode: string };
  t.equal(clock.mode, 'manual', 'BU_MOCK_CLOCK applied');
  const scenarios = (await (await fetch(`${url}/_mock/scenarios`)).json()) as { name: string }[];
  t.same(
    scenarios.map((s) => s.name),
    ['hello'],
    'BU_MOCK_FIXTURES_REPLACE applied',
  );
  const created = (await (await fetch(`${url}/api/v3/sessions`, { method: 'POST', headers: { 'x-browser-use-api-key': 'k', 'content-type': 'application/json' }, body: '{}' })).json()) as { id: string };
  const { stableUuid } = await import('../../src/simulation/random.js');
  t.equal(created.id, stableUuid('cli-seed', 'k', 'session', 1), '--seed applied');
  child.kill('SIGTERM');
  const run = await done;
  t.equal(run.code, 0);
});
