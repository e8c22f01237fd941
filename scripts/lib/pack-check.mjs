// Packs the npm tarball and uses it the way a new user would: installed into an empty directory, the
// bin started with npx, the library imported by name, its types compiled. A guard loaded into every
// node process refuses any connection that leaves the machine, so start-up provably needs no network.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { captureAll, captureCommand, fail, freePort, info, killQuietly, main, ok, runCommand, showOutput, startProcess, step, terminate, waitForHttp } from './harness.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const KEEP = process.argv.includes('--keep');
const NAME = 'browser-use-mock';

const GUARD = `// Loaded with --import: refuses DNS look-ups and connections to anything but this machine.
import dns from 'node:dns';
import net from 'node:net';
const local = (host) => host === undefined || host === null || host === '' || host === 'localhost' || /^127\\./.test(host) || host === '::1' || host === '0.0.0.0' || host === '::';
const refuse = (what) => {
  process.stderr.write('NETWORK-GUARD: refused ' + what + '\\n');
  throw new Error('network access refused by the pack-check guard: ' + what);
};
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  const opts = typeof first === 'object' && first !== null ? first : { port: first, host: typeof args[1] === 'string' ? args[1] : undefined };
  // TCP connections carry a port; unix-socket ones do not (their \`path\` is not a host).
  if (opts.port !== undefined && opts.port !== null && !local(opts.host)) refuse('connection to ' + opts.host + ':' + opts.port);
  return connect.apply(this, args);
};
const lookup = dns.lookup;
dns.lookup = function (host, ...rest) {
  if (!local(host)) refuse('DNS look-up of ' + host);
  return lookup.call(this, host, ...rest);
};
const plookup = dns.promises.lookup;
dns.promises.lookup = function (host, ...rest) {
  if (!local(host)) refuse('DNS look-up of ' + host);
  return plookup.call(this, host, ...rest);
};
process.stderr.write('NETWORK-GUARD: active in ' + (process.argv[1] ?? 'node') + '\\n');
`;

const LIBRARY_CHECK = `// Imports the installed package by name and makes one request against it.
import { createRequire } from 'node:module';
import { startMockServer } from '${NAME}';

const server = await startMockServer({ seed: 'pack-check' });
try {
  const response = await fetch(server.apiUrl + '/sessions', {
    method: 'POST',
    headers: { 'X-Browser-Use-API-Key': 'pack-check', 'Content-Type': 'application/json' },
    body: JSON.stringify({ task: 'Open example.com [mock:quick]' }),
  });
  const body = await response.json();
  if (response.status !== 200 || typeof body.id !== 'string' || body.status !== 'created') {
    console.error('unexpected answer', response.status, JSON.stringify(body));
    process.exit(1);
  }
  const documentPath = createRequire(import.meta.url).resolve('${NAME}/openapi/v3.json');
  console.log('library ok: session ' + body.id + ' ' + body.status + '; contract document at ' + documentPath);
} finally {
  await server.close();
}
`;

const TYPES_CHECK = `// Compiled with tsc against the installed package's declarations.
import { startMockServer } from '${NAME}';
import type { Config, MockServer, MockServerOptions } from '${NAME}';

const options: MockServerOptions = { speed: 50, clock: 'manual', seed: 'types' };
const server: MockServer = await startMockServer(options);
const apiUrl: string = server.apiUrl;
const speed: Config['speed'] = server.state.config.speed;
server.clock.advance(1000);
server.reset();
await server.close();
export { apiUrl, speed };
`;

async function check() {
  const work = mkdtempSync(join(tmpdir(), 'bu-pack-check-'));
  info(`working directory: ${work}${KEEP ? ' (kept)' : ' (removed at the end; --keep keeps it)'}`);
  let server;
  try {
    step('npm pack (prepack builds dist/)');
    const packed = JSON.parse(extractJson(captureCommand('npm', ['pack', '--json', '--pack-destination', work], { cwd: ROOT })));
    const entry = packed[0];
    const tarball = join(work, entry.filename);
    const files = entry.files.map((f) => f.path);
    info(`${entry.filename}: ${files.length} files, ${(entry.size / 1024).toFixed(0)} KiB packed, ${(entry.unpackedSize / 1024).toFixed(0)} KiB unpacked`);
    const required = ['package.json', 'LICENSE', 'dist/cli.js', 'dist/index.js', 'dist/index.d.ts', 'openapi/v3.json'];
    const missing = required.filter((f) => !files.includes(f));
    if (missing.length) fail(`missing from the package: ${missing.join(', ')}`);
    const allowed = /^(dist\/|openapi\/|fixtures\/|assets\/|package\.json$|README\.md$|LICENSE$)/;
    const unexpected = files.filter((f) => !allowed.test(f) || f.endsWith('.map') || f.includes('.test.'));
    if (unexpected.length) fail(`unexpected files in the package: ${unexpected.slice(0, 20).join(', ')}`);
    ok(`only dist, openapi, fixtures, assets, README, LICENSE and package.json (${required.join(', ')} present)`);

    step('npm install <tarball> into an empty directory');
    const consumer = join(work, 'consumer');
    mkdirSync(consumer);
    writeFileSync(join(consumer, 'package.json'), `${JSON.stringify({ name: 'pack-check-consumer', private: true, type: 'module' }, null, 2)}\n`);
    runCommand('npm', ['install', tarball, '--no-audit', '--no-fund'], { cwd: consumer });
    const installed = join(consumer, 'node_modules', NAME);
    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'));
    const binPath = join(installed, manifest.bin?.[NAME] ?? '');
    if (!manifest.bin?.[NAME] || !existsSync(binPath)) fail(`package.json bin.${NAME} does not point at a file`);
    if (!readFileSync(binPath, 'utf8').startsWith('#!/usr/bin/env node')) fail(`${manifest.bin[NAME]} has no node shebang`);
    if (!existsSync(join(consumer, 'node_modules', '.bin', NAME))) fail(`npm did not link node_modules/.bin/${NAME}`);
    if ((statSync(join(consumer, 'node_modules', '.bin', NAME)).mode & 0o111) === 0) fail('the linked bin is not executable');
    const engines = manifest.engines?.node;
    if (!engines) fail('package.json has no engines.node');
    ok(`bin ${NAME} -> ${manifest.bin[NAME]} (shebang, executable); engines.node ${engines}`);

    const guardPath = join(work, 'network-guard.mjs');
    writeFileSync(guardPath, GUARD);
    const guardedEnv = {
      ...withoutEmulatorEnv(process.env),
      NODE_OPTIONS: `--import=${pathToFileURL(guardPath).href}`,
      npm_config_update_notifier: 'false',
      npm_config_offline: 'true',
      LOG_LEVEL: 'warn',
    };

    step(`npx ${NAME} --port <free port>, with outbound network refused`);
    const port = await freePort();
    server = startProcess('npx', ['--no-install', NAME, '--port', String(port)], { cwd: consumer, env: guardedEnv });
    const base = `http://127.0.0.1:${port}`;
    const health = await waitForHttp(`${base}/health`, server);
    const healthBody = await health.json();
    if (healthBody?.status !== 'ok') fail(`/health answered ${JSON.stringify(healthBody)}`);
    ok(`${base}/health -> ${JSON.stringify(healthBody)}`);
    const docResponse = await fetch(`${base}/openapi.json`);
    const doc = await docResponse.json();
    if (docResponse.status !== 200 || typeof doc.openapi !== 'string' || !doc.paths?.['/sessions']) fail(`/openapi.json answered ${docResponse.status} without the sessions paths`);
    ok(`${base}/openapi.json -> OpenAPI ${doc.openapi}, ${Object.keys(doc.paths).length} paths`);
    if (!/NETWORK-GUARD: active in \S*browser-use-mock\b/.test(server.output)) {
      showOutput(server);
      fail('the network guard was not loaded into the server process, so the no-network check proves nothing');
    }
    if (server.output.includes('NETWORK-GUARD: refused')) {
      showOutput(server);
      fail('the server tried to reach the network');
    }
    info(server.output.match(/NETWORK-GUARD: .*/g).join('\n'));
    ok('the server process started and served with every outbound connection refused');
    const ended = await terminate(server, { group: true, limitMs: 1000 });
    info(`SIGTERM: exit code ${ended.code ?? 'none'}${ended.signal ? `, signal ${ended.signal}` : ''} after ${ended.ms} ms`);
    if (ended.code !== 0 && ended.signal !== 'SIGTERM') {
      showOutput(server);
      fail('npx did not end cleanly on SIGTERM');
    }

    step(`import { startMockServer } from '${NAME}' (ESM, by package name)`);
    writeFileSync(join(consumer, 'check.mjs'), LIBRARY_CHECK);
    const out = captureAll(process.execPath, ['check.mjs'], { cwd: consumer, env: guardedEnv });
    if (out.includes('NETWORK-GUARD: refused')) fail('the library tried to reach the network');
    info(out.trim());
    ok('the library entry starts a server and answers a request');

    step('TypeScript: the exported declarations compile in a NodeNext project');
    writeFileSync(join(consumer, 'check-types.ts'), TYPES_CHECK);
    writeFileSync(
      join(consumer, 'tsconfig.json'),
      `${JSON.stringify(
        {
          compilerOptions: {
            target: 'ES2022',
            module: 'NodeNext',
            moduleResolution: 'NodeNext',
            strict: true,
            noEmit: true,
            skipLibCheck: false,
            types: ['node'],
            typeRoots: [join(ROOT, 'node_modules', '@types')],
          },
          files: ['check-types.ts'],
        },
        null,
        2,
      )}\n`,
    );
    runCommand(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], { cwd: consumer });
    ok('check-types.ts compiles against dist/index.d.ts with skipLibCheck off');
  } finally {
    if (server) killQuietly(server, true);
    if (!KEEP) rmSync(work, { recursive: true, force: true });
  }
}

/** `npm pack --json` prints the JSON after any lifecycle output; take the last top-level array. */
function extractJson(stdout) {
  const start = stdout.lastIndexOf('\n[\n');
  const text = start >= 0 ? stdout.slice(start + 1) : stdout.slice(stdout.indexOf('['));
  return text.trim();
}

function withoutEmulatorEnv(env) {
  const out = {};
  for (const [key, value] of Object.entries(env)) {
    if (key.startsWith('BU_MOCK_') || key === 'PORT' || key === 'HOST' || key === 'NODE_OPTIONS') continue;
    out[key] = value;
  }
  return out;
}

await main('pack-check', check);
