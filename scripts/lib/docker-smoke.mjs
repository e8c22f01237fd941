// Replays the Dockerfile without Docker: the same build context (filtered by .dockerignore), the same
// RUN commands per stage, the final stage's files, environment, start command and HEALTHCHECK, then an
// official-client flow and a timed SIGTERM. Only the instructions the Dockerfile uses are understood;
// anything else stops the script, so the file and this replay cannot silently drift apart.
import { cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { isExcluded, parseDockerfile, readIgnore } from './dockerfile.mjs';
import { fail, freePort, info, killQuietly, main, ok, runCommand, showOutput, startProcess, step, terminate, waitForHttp } from './harness.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const KEEP = process.argv.includes('--keep');

/** Copies the files the build context would contain; returns count and bytes. */
function copyContext(rules, from, to) {
  const negations = rules.filter((r) => r.negate);
  let files = 0;
  let bytes = 0;
  const walk = (rel) => {
    for (const entry of readdirSync(join(from, rel), { withFileTypes: true })) {
      const path = rel ? `${rel}/${entry.name}` : entry.name;
      const excluded = isExcluded(rules, path);
      if (entry.isDirectory()) {
        // A directory can be skipped unless a later "!" pattern could bring back something inside it.
        if (excluded && !negations.some((n) => n.body.startsWith(`${path}/`) || n.body.startsWith('**'))) continue;
        walk(path);
      } else if (!excluded) {
        mkdirSync(dirname(join(to, path)), { recursive: true });
        cpSync(join(from, path), join(to, path), { verbatimSymlinks: true });
        files++;
        bytes += lstatSync(join(from, path)).size;
      }
    }
  };
  walk('');
  return { files, bytes };
}

// ---------------------------------------------------------------------------------------------
// Replay

function duBytes(path) {
  let total = 0;
  const stat = lstatSync(path);
  if (!stat.isDirectory()) return stat.size;
  for (const entry of readdirSync(path)) total += duBytes(join(path, entry));
  return total;
}

const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

/** COPY semantics: a directory source copies its contents; several sources or a trailing slash mean a directory destination. */
function copyInto(sourceRoot, sources, destAbs, destIsDir, where) {
  for (const source of sources) {
    const src = join(sourceRoot, source);
    if (!existsSync(src)) fail(`${where}: COPY source ${source} does not exist (the image build would fail here)`);
    if (statSync(src).isDirectory()) {
      mkdirSync(destAbs, { recursive: true });
      cpSync(src, destAbs, { recursive: true, verbatimSymlinks: true });
    } else {
      const target = destIsDir || (existsSync(destAbs) && statSync(destAbs).isDirectory()) ? join(destAbs, posix.basename(source)) : destAbs;
      mkdirSync(dirname(target), { recursive: true });
      cpSync(src, target, { verbatimSymlinks: true });
    }
  }
}

async function replay() {
  step('Reading Dockerfile and .dockerignore');
  const dockerfile = parseDockerfile(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'));
  const rules = readIgnore(existsSync(join(ROOT, '.dockerignore')) ? readFileSync(join(ROOT, '.dockerignore'), 'utf8') : '');
  info(`stages: ${dockerfile.stages.map((s) => `${s.name} (${s.image})`).join(', ')}`);
  info(`.dockerignore: ${rules.length} patterns`);

  const work = mkdtempSync(join(tmpdir(), 'bu-docker-smoke-'));
  info(`working directory: ${work}${KEEP ? ' (kept)' : ' (removed at the end; --keep keeps it)'}`);
  let server;
  try {
    step('Build context (what `docker build .` would send)');
    const context = join(work, 'context');
    mkdirSync(context);
    const sent = copyContext(rules, ROOT, context);
    info(`${sent.files} files, ${mb(sent.bytes)}: ${readdirSync(context).sort().join(', ')}`);
    for (const forbidden of ['node_modules', '.git', 'dist', 'test']) {
      if (existsSync(join(context, forbidden))) fail(`${forbidden}/ is in the build context; .dockerignore should keep it out`);
    }
    ok('no node_modules, .git, dist or test in the context');

    const roots = new Map();
    for (const stage of dockerfile.stages) {
      step(`Stage ${stage.name}: FROM ${stage.image}`);
      info(`the base image is not pulled: the host's node ${process.version} stands in for it`);
      const root = join(work, 'stages', stage.name);
      mkdirSync(root, { recursive: true });
      roots.set(stage.name, root);
      roots.set(String(stage.index), root);
      let workdir = '/';
      const env = {};
      for (const s of stage.steps) {
        switch (s.kind) {
          case 'WORKDIR':
            workdir = posix.resolve(workdir, s.path);
            mkdirSync(join(root, workdir), { recursive: true });
            info(`WORKDIR ${workdir}`);
            break;
          case 'ENV':
            Object.assign(env, s.pairs);
            info(`ENV ${Object.entries(s.pairs).map(([k, v]) => `${k}=${v}`).join(' ')}`);
            break;
          case 'USER':
            info(`USER ${s.user}: not emulated here (the process runs as ${process.env.USER ?? 'the current user'}); the image runs as ${s.user}`);
            break;
          case 'COPY': {
            const sourceRoot = s.from === undefined ? context : roots.get(s.from);
            if (!sourceRoot) fail(`${s.where}: unknown stage ${s.from}`);
            const destAbs = join(root, posix.resolve(workdir, s.dest));
            const destIsDir = s.dest.endsWith('/') || s.sources.length > 1;
            info(`COPY ${s.from ? `--from=${s.from} ` : ''}${s.sources.join(' ')} ${s.dest}${s.chown ? ` (chown ${s.chown} not emulated)` : ''}`);
            copyInto(sourceRoot, s.sources.map((src) => (s.from === undefined ? src.replace(/^\/+/, '') : src)), destAbs, destIsDir, s.where);
            break;
          }
          case 'RUN': {
            info(`RUN ${s.shell ?? JSON.stringify(s.exec)}`);
            const runEnv = { ...process.env, ...s.args, ...env };
            if (s.exec) runCommand(s.exec[0], s.exec.slice(1), { cwd: join(root, workdir), env: runEnv });
            else runCommand(s.shell, [], { cwd: join(root, workdir), env: runEnv, shell: true });
            break;
          }
          default:
            fail(`${s.where}: internal: unknown step ${s.kind}`);
        }
      }
      stage.workdir = workdir;
      stage.finalEnv = env;
    }

    const final = dockerfile.stages[dockerfile.stages.length - 1];
    const root = roots.get(final.name);
    const app = join(root, final.workdir);
    step(`Final stage ${final.name}: contents of ${final.workdir}`);
    info(`${readdirSync(app).sort().join(', ')}; ${mb(duBytes(root))} on top of the base image`);
    for (const forbidden of ['src', 'test', 'tsconfig.json', 'package-lock.json']) {
      if (existsSync(join(app, forbidden))) fail(`${forbidden} is in the final stage`);
    }
    // The lock file marks packages needed only for development ("dev": true); none may be in the image.
    const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8'));
    const devOnly = Object.entries(lock.packages ?? {}).filter(([path, meta]) => path.startsWith('node_modules/') && meta.dev === true);
    const devInImage = devOnly.map(([path]) => path).filter((path) => existsSync(join(app, path)));
    if (devInImage.length) fail(`development-only packages in the final stage: ${devInImage.slice(0, 10).join(', ')}`);
    if (devOnly.length === 0) fail('package-lock.json marks no package as dev-only; cannot check the final stage');
    ok(`no sources, tests or any of the ${devOnly.length} development-only packages in the final stage`);
    if (!existsSync(join(app, 'openapi', 'v3.json'))) fail('openapi/v3.json is missing from the final stage (read at start-up)');
    if (!final.cmd) fail('the final stage has no CMD');
    if (!final.healthcheck) fail('the final stage has no HEALTHCHECK');
    if (final.finalEnv.HOST !== '0.0.0.0') fail('the final stage should set HOST=0.0.0.0 so the published port is reachable');
    if (!final.user || final.user === 'root' || final.user === '0') fail('the final stage should switch to a non-root USER');
    ok(`HOST=${final.finalEnv.HOST}, USER ${final.user}, EXPOSE ${(final.expose ?? []).join(' ') || '(none)'}`);

    step('Starting the runtime command as the image would');
    const port = await freePort();
    const runtimeEnv = {
      PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
      HOME: join(work, 'home'),
      ...final.finalEnv,
      // As `docker run -e PORT=<port> -e BU_MOCK_SPEED=500`: a free port on this machine, fast simulated time.
      PORT: String(port),
      BU_MOCK_SPEED: '500',
    };
    mkdirSync(runtimeEnv.HOME, { recursive: true });
    info(`environment: ${Object.entries(runtimeEnv).filter(([k]) => k !== 'PATH').map(([k, v]) => `${k}=${v}`).join(' ')}`);
    const cmd = final.cmd.exec ?? ['sh', '-c', final.cmd.shell];
    server = startProcess(cmd[0], cmd.slice(1), { cwd: app, env: runtimeEnv });
    const base = `http://127.0.0.1:${port}`;
    await waitForHttp(`${base}/health`, server);
    ok(`${base}/health answers 200`);

    step(`HEALTHCHECK (${Object.entries(final.healthcheck.flags).map(([k, v]) => `--${k}=${v}`).join(' ')})`);
    const hc = final.healthcheck.exec ?? ['sh', '-c', final.healthcheck.shell];
    const timeoutS = Number.parseFloat(final.healthcheck.flags.timeout ?? '30');
    const runHealthcheck = () => spawnSync(hc[0], hc.slice(1), { cwd: app, env: runtimeEnv, encoding: 'utf8', timeout: timeoutS * 1000 });
    const healthy = runHealthcheck();
    if (healthy.status !== 0) fail(`the HEALTHCHECK command exited ${healthy.status ?? healthy.signal}: ${healthy.stderr}`);
    ok('the HEALTHCHECK command exits 0 against the running server');

    step('Official client: client.run of a [mock:quick] task');
    const { BrowserUse } = await import('browser-use-sdk/v3');
    const client = new BrowserUse({ apiKey: 'docker-smoke', baseUrl: `${base}/api/v3`, maxRetries: 0 });
    const result = await client.run('Open example.com and read the heading [mock:quick]', { interval: 50, timeout: 30_000 });
    if (result.status !== 'stopped' || result.isTaskSuccessful !== true || typeof result.output !== 'string') {
      fail(`unexpected run result: ${JSON.stringify(result).slice(0, 500)}`);
    }
    ok(`session ${result.id}: ${result.status}, ${result.stepCount} step(s), cost $${result.totalCostUsd}`);

    step('SIGTERM (what `docker stop` sends to PID 1)');
    const ended = await terminate(server, { limitMs: 1000 });
    info(`exit code ${ended.code ?? 'none'}${ended.signal ? `, signal ${ended.signal}` : ''}, after ${ended.ms} ms`);
    if (ended.code !== 0) {
      showOutput(server);
      fail(`the process should exit with code 0 on SIGTERM, got ${ended.code ?? ended.signal}`);
    }
    if (ended.ms > 1000) fail(`the process took ${ended.ms} ms to stop; the limit is 1000 ms`);
    ok('stopped cleanly within a second');
    const unhealthy = runHealthcheck();
    if (unhealthy.status === 0) fail('the HEALTHCHECK command still exits 0 after the server stopped: it does not check anything');
    ok(`the HEALTHCHECK command fails (exit ${unhealthy.status}) once the server is gone`);
    showOutput(server, 'server log');
  } finally {
    killQuietly(server);
    if (!KEEP) rmSync(work, { recursive: true, force: true });
  }
}

await main('docker-smoke', replay);
