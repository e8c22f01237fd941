// The README's container recipes, run against the image container-smoke built: examples/docker-compose.yml
// with Debian's docker-compose, and examples/testcontainers.test.mjs with Testcontainers for Node, both
// through podman's Docker-compatible API (`podman system service`) on a socket of their own.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fail, info, ok, step } from './harness.mjs';
import { BASE_IMAGE, installPackages, podman } from './podman.mjs';

/** Runs a command to its end, keeping its output; resolves with the exit code and the output. */
function run(command, args, { cwd, env }) {
  info(`$ ${[command, ...args].join(' ')}`);
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => { output += chunk; });
    child.stderr.on('data', (chunk) => { output += chunk; });
    child.on('error', (error) => resolve({ code: -1, output: `${output}${error.message}` }));
    child.on('exit', (code) => resolve({ code: code ?? -1, output }));
  });
}

async function startApiService(socket) {
  const service = spawn('podman', ['system', 'service', '--time=0', `unix://${socket}`], { stdio: 'ignore' });
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const ping = podman(['--url', `unix://${socket}`, 'version', '--format', '{{.Server.APIVersion}}'], { allowFailure: true });
    if (ping.status === 0) {
      ok(`podman system service answers on ${socket} (API ${ping.stdout.trim()})`);
      return service;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  service.kill('SIGTERM');
  fail('podman system service did not answer within 30 s');
}

/**
 * podman schedules health checks with systemd timers; without systemd (as on these machines) nothing
 * runs them and a service stays "starting" for ever. This stands in for the timer: it runs the check
 * of every container of the project that is still starting, every second.
 */
function driveHealthChecks(project) {
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    const ids = podman(['ps', '-q', '--filter', `label=com.docker.compose.project=${project}`, '--filter', 'health=starting'], { allowFailure: true }).stdout.split('\n').filter(Boolean);
    for (const id of ids) podman(['healthcheck', 'run', id], { allowFailure: true });
    busy = false;
  }, 1000);
  return () => clearInterval(timer);
}

async function composeRecipe({ root, image, env }) {
  step('Recipe: examples/docker-compose.yml (docker-compose against podman)');
  const project = `bum${process.pid}`;
  const file = join(root, 'examples', 'docker-compose.yml');
  const composeEnv = { ...env, BU_MOCK_IMAGE: image, TESTS_IMAGE: BASE_IMAGE, BU_MOCK_PORT: String(20_000 + (process.pid % 20_000)) };
  const compose = (...args) => run('docker-compose', ['--no-ansi', '-p', project, '-f', file, ...args], { cwd: root, env: composeEnv });
  const stopDriving = driveHealthChecks(project);
  try {
    const up = await compose('up', '--abort-on-container-exit', '--exit-code-from', 'tests');
    if (up.code !== 0) fail(`docker-compose up exited ${up.code}:\n${up.output.split('\n').slice(-30).join('\n')}`);
    const said = up.output.split('\n').find((line) => line.includes('session ') && line.includes('stopped after'));
    ok(`the tests service passed: ${said?.replace(/^.*\|\s*/, '').slice(0, 80) ?? '(no output)'}`);
    const inspect = (service, format) => podman(['inspect', '--format', format, `${project}_${service}_1`]).stdout.trim();
    const healthy = JSON.parse(inspect('browser-use-mock', '{{json .State.Health.Log}}'))?.find((entry) => entry.ExitCode === 0);
    const testsStarted = Date.parse(inspect('tests', '{{.State.StartedAt.Format "2006-01-02T15:04:05.000Z07:00"}}'));
    if (!healthy) fail('the emulator never reported healthy, yet the tests service ran');
    const healthyAt = Date.parse(healthy.End);
    if (!(testsStarted >= healthyAt)) fail(`the tests service started at ${new Date(testsStarted).toISOString()}, before the emulator was healthy (${new Date(healthyAt).toISOString()})`);
    ok(`the tests service started ${testsStarted - healthyAt} ms after the emulator's first passing health check`);
  } finally {
    stopDriving();
    await compose('down', '--volumes', '--timeout', '1');
  }
}

async function testcontainersRecipe({ root, image, env }) {
  step('Recipe: examples/testcontainers.test.mjs (Testcontainers for Node against podman)');
  // Ryuk, Testcontainers' reaper, is an image from Docker Hub, which these machines cannot reach;
  // the example stops its container itself, so nothing is left behind without it.
  const result = await run(process.execPath, ['--test', '--test-reporter=spec', join(root, 'examples', 'testcontainers.test.mjs')], {
    cwd: root,
    env: { ...env, BU_MOCK_IMAGE: image, TESTCONTAINERS_RYUK_DISABLED: 'true' },
  });
  info(result.output.trimEnd().split('\n').filter((line) => /✔|✖|pass|fail/.test(line)).join('\n'));
  if (result.code !== 0) fail(`the Testcontainers example failed (exit ${result.code}):\n${result.output.split('\n').slice(-30).join('\n')}`);
  const left = podman(['ps', '-aq', '--filter', `ancestor=${image}`]).stdout.trim();
  if (left) fail(`the Testcontainers example left containers behind: ${left}`);
  ok('both tests passed; the container is gone');
}

export async function runRecipes({ root, image }) {
  step('Docker-compatible API');
  installPackages(['docker-compose']);
  const dir = mkdtempSync(join(tmpdir(), 'browser-use-mock-api-'));
  const socket = join(dir, 'podman.sock');
  const service = await startApiService(socket);
  const env = { ...process.env, DOCKER_HOST: `unix://${socket}` };
  try {
    await composeRecipe({ root, image, env });
    await testcontainersRecipe({ root, image, env });
  } finally {
    service.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}
