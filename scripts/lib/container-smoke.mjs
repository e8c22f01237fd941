// Builds the Dockerfile as it is with podman (on a Node base image made from Debian packages, no registry),
// runs the image and checks what a user of the container relies on: non-root, /health, the official
// client, the HEALTHCHECK, a clean stop within a second of SIGTERM and the size it adds to its base.
// Then runs the compose and Testcontainers recipes against it. Where podman cannot run, it says why:
// a failure under CI=true, a skip elsewhere.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fail, freePort, info, main, ok, step } from './harness.mjs';
import { BASE_IMAGE, PACKAGES, Unavailable, configurePodman, ensureBaseImage, installPackages, podman } from './podman.mjs';
import { runRecipes } from './container-recipes.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const IMAGE = 'localhost/browser-use-mock:smoke';
const argv = process.argv.slice(2);
const MB = 1000 * 1000;
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
const megabytes = (bytes) => `${(bytes / MB).toFixed(1)} MB`;

/** Development-only packages by the lock file: none of them may reach the image. */
function devOnlyPackages() {
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8'));
  return Object.entries(lock.packages ?? {}).flatMap(([path, entry]) => (entry.dev === true && /^node_modules\/(@[^/]+\/)?[^/]+$/.test(path) ? [path.slice('node_modules/'.length)] : []));
}

function build() {
  const log = join(mkdtempSync(join(tmpdir(), 'browser-use-mock-build-')), 'build.log');
  const started = Date.now();
  // --format docker keeps HEALTHCHECK; the host's CA bundle lets npm inside the build trust what the host trusts.
  const result = podman(['build', '--format', 'docker', '--network=host', '--pull=never', '--build-arg', `NODE_IMAGE=${BASE_IMAGE}`,
    '-v', '/etc/ssl/certs/ca-certificates.crt:/etc/ssl/certs/ca-certificates.crt:ro', '-t', IMAGE, ROOT], { allowFailure: true });
  writeFileSync(log, `${result.stdout}${result.stderr}`);
  if (result.status !== 0) fail(`podman build failed (log: ${log}):\n${`${result.stdout}${result.stderr}`.split('\n').slice(-30).join('\n')}`);
  rmSync(dirname(log), { recursive: true, force: true });
  const steps = `${result.stdout}${result.stderr}`.split('\n');
  info(`${steps.filter((line) => /^\[\d+\/\d+\] STEP /.test(line)).length} steps, ${steps.filter((line) => line.startsWith('--> Using cache')).length} from cache`);
  return Date.now() - started;
}

function inspectImage() {
  const size = (image) => Number(podman(['image', 'inspect', '--format', '{{.Size}}', image]).stdout.trim());
  const [total, base] = [size(IMAGE), size(BASE_IMAGE)];
  const listing = podman(['run', '--rm', '--health-interval=disable', IMAGE, 'node', '-e',
    "const fs=require('fs');const top=fs.readdirSync('node_modules').flatMap((n)=>n.startsWith('@')?fs.readdirSync('node_modules/'+n).map((m)=>n+'/'+m):[n]);console.log(JSON.stringify({app:fs.readdirSync('.'),modules:top,maps:fs.readdirSync('dist',{recursive:true}).filter((f)=>/\\.(map|d\\.ts)$/.test(f))}))"]);
  const { app, modules, maps } = JSON.parse(listing.stdout);
  const unexpected = app.filter((name) => !['LICENSE', 'assets', 'dist', 'fixtures', 'node_modules', 'openapi', 'package.json'].includes(name));
  if (unexpected.length) fail(`/app holds more than the runtime needs: ${unexpected.join(', ')}`);
  const dev = devOnlyPackages();
  const devInImage = modules.filter((name) => dev.includes(name));
  if (devInImage.length) fail(`development-only packages in the image: ${devInImage.join(', ')}`);
  if (maps.length) fail(`source maps or declarations in the image: ${maps.slice(0, 5).join(', ')}`);
  ok(`/app: ${app.join(' ')}; ${modules.length} production packages, none of the ${dev.length} dev-only ones, no maps`);
  return { total, base, added: total - base };
}

async function waitForHealth(url, name, limitMs) {
  const deadline = Date.now() + limitMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    if (podman(['inspect', '--format', '{{.State.Running}}', name]).stdout.trim() !== 'true') break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const logs = podman(['logs', name], { allowFailure: true });
  fail(`${url} did not answer 200 within ${limitMs} ms; container log:\n${logs.stdout}${logs.stderr}`);
}

/** The server's JSON log lines (pino writes one object per line). */
function logEntries(name) {
  const logs = podman(['logs', name]);
  return `${logs.stdout}${logs.stderr}`.split('\n').flatMap((line) => {
    try {
      return [JSON.parse(line)];
    } catch {
      return [];
    }
  });
}

async function exercise(name, port) {
  const base = `http://127.0.0.1:${port}`;
  const started = Date.now();
  // No systemd here to time the health checks (podman's timers need it); the check is run by hand below.
  podman(['run', '-d', '--name', name, '--health-interval=disable', '-p', `127.0.0.1:${port}:4010`, '-e', 'BU_MOCK_SPEED=500', IMAGE]);
  await waitForHealth(`${base}/health`, name, 60_000);
  const startMs = Date.now() - started;
  const startedAt = Number(podman(['inspect', '--format', '{{.State.StartedAt.UnixMilli}}', name]).stdout.trim());
  const listening = logEntries(name).find((entry) => typeof entry?.msg === 'string' && entry.msg.startsWith('browser-use-mock listening'));
  ok(`${base}/health answers 200, ${seconds(startMs)} after podman run (container started after ${seconds(startedAt - started)}, node listening ${listening ? `${listening.time - startedAt} ms` : '?'} later)`);

  const user = podman(['inspect', '--format', '{{.Config.User}}', name]).stdout.trim();
  const top = podman(['top', name, 'user', 'pid', 'args']).stdout.trim().split('\n').slice(1).map((l) => l.trim().split(/\s+/));
  if (user !== 'node' || top.length !== 1 || top[0][0] !== 'node' || top[0][1] !== '1') fail(`expected one process, node as PID 1 run by user node; USER ${user}, podman top: ${JSON.stringify(top)}`);
  ok(`USER ${user}; PID 1 is \`${top[0].slice(2).join(' ')}\` run by ${top[0][0]}`);

  const { BrowserUse } = await import('browser-use-sdk/v3');
  const client = new BrowserUse({ apiKey: 'container-smoke', baseUrl: `${base}/api/v3`, maxRetries: 0 });
  const result = await client.run('Open example.com and read the heading [mock:quick]', { interval: 50, timeout: 60_000 });
  if (result.status !== 'stopped' || result.isTaskSuccessful !== true || typeof result.output !== 'string') fail(`unexpected run result: ${JSON.stringify(result).slice(0, 500)}`);
  ok(`client.run: session ${result.id} ${result.status}, ${result.stepCount} step(s), $${result.totalCostUsd}`);

  const health = podman(['healthcheck', 'run', name], { allowFailure: true });
  if (health.status !== 0) fail(`podman healthcheck run exited ${health.status}: ${`${health.stdout}${health.stderr}`.trim()}`);
  ok(`HEALTHCHECK passes (${podman(['inspect', '--format', '{{.State.Health.Status}}', name]).stdout.trim()})`);

  const sent = Date.now();
  podman(['kill', '--signal', 'TERM', name]);
  const code = podman(['wait', name]).stdout.trim();
  const wallMs = Date.now() - sent;
  const finishedMs = Number(podman(['inspect', '--format', '{{.State.FinishedAt.UnixMilli}}', name]).stdout.trim());
  const shutdown = logEntries(name).find((entry) => entry?.signal === 'SIGTERM');
  if (code !== '0') fail(`exit code ${code} after SIGTERM (expected 0)`);
  if (!shutdown) fail('the server did not log receiving SIGTERM');
  const stopMs = finishedMs - shutdown.time;
  if (stopMs > 1000) fail(`${stopMs} ms from SIGTERM to exit; the limit is 1000 ms`);
  ok(`SIGTERM: exit code 0, ${stopMs} ms from the signal reaching node to the container's end (podman kill + wait: ${seconds(wallMs)})`);
  return { startMs, stopMs, wallMs };
}

async function smoke() {
  const recipes = !argv.includes('--no-recipes');
  const timings = {};
  try {
    step('Podman');
    // Rootless podman and mmdebstrap's unshare mode fail on these machines (the chroot cannot run the
    // new system's dpkg); only root's podman and mmdebstrap's root mode have been made to work.
    if (process.getuid?.() !== 0) throw new Unavailable('it runs as root only (rootful podman, mmdebstrap in root mode); run it with sudo or in a root CI job');
    installPackages(PACKAGES);
    configurePodman();
    step(`Base image ${BASE_IMAGE} (Debian trixie: nodejs, npm, user node 1000:1000)`);
    timings.base = ensureBaseImage({ rebuild: argv.includes('--rebuild-base') });
  } catch (error) {
    if (!(error instanceof Unavailable)) throw error;
    if (process.env.CI === 'true') fail(`podman cannot run here: ${error.message}`);
    process.stdout.write(`\ncontainer-smoke: SKIPPED: podman cannot run here: ${error.message}\n`);
    // Not "all checks passed": nothing was checked.
    process.exit(0);
  }

  step(`podman build ${IMAGE} from the Dockerfile`);
  timings.build = build() / 1000;
  ok(`built in ${timings.build.toFixed(1)} s`);
  const sizes = inspectImage();

  step('Running the image');
  const name = `browser-use-mock-smoke-${process.pid}`;
  try {
    Object.assign(timings, await exercise(name, await freePort()));
  } finally {
    podman(['rm', '--force', '--time', '0', name], { allowFailure: true });
  }

  if (recipes) await runRecipes({ root: ROOT, image: IMAGE });

  step('Figures');
  info(`base image: ${timings.base === 0 ? 'cached' : `${timings.base.toFixed(1)} s`}; image build: ${timings.build.toFixed(1)} s`);
  info(`start to /health: ${seconds(timings.startMs)}; SIGTERM to exit: ${timings.stopMs} ms (podman kill + wait ${seconds(timings.wallMs)})`);
  info(`image ${megabytes(sizes.total)}, base ${megabytes(sizes.base)}, added ${megabytes(sizes.added)} (target at most 30 MB)`);
  if (sizes.added > 30 * MB) fail(`the image adds ${megabytes(sizes.added)} to its base; the target is at most 30 MB`);
  if (argv.includes('--clean')) podman(['rmi', IMAGE], { allowFailure: true });
}

await main('container-smoke', smoke);
