// The benchmark: the emulator as users run it (node dist/cli.js), a bare Fastify route (the ceiling)
// and Prism mocking the same document, measured in one invocation with the runs interleaved.
// Writes bench/results.json and bench/results.md and prints the table.
//
// Environment: BENCH_ROUNDS (default 5), BENCH_SECONDS per throughput run (default 3), BENCH_POLL_ROUNDS
// (default 3, pollers rounds of 10 s),
// BENCH_ONLY=comma list of scenario ids, BENCH_LOG_LEVEL (default info, the emulator's default).
import { execFileSync, spawnSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  BENCH_DIR,
  KEY,
  PINNING,
  ROOT,
  cpuMsOf,
  load,
  median,
  paced,
  pinSelf,
  request,
  rssMbOf,
  sleep,
  startProcess,
  waitReady,
} from './lib.mjs';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
/** Interleaved rounds of the pollers scenario (10 s each per server). */
const POLL_ROUNDS = Number(process.env.BENCH_POLL_ROUNDS ?? 3);
const ONLY = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(',')) : null;
const LOG_LEVEL = process.env.BENCH_LOG_LEVEL ?? 'info';
const CONNECTIONS = 50;
const PRISM = join(BENCH_DIR, 'node_modules', '.bin', 'prism');

const PORTS = { ceiling: 4520, prism: 4521, emulator: 4522, emulatorMessages: 4523, seeded: 4524, startup: 4526, emulatorWarn: 4527, emulatorPost: 4528 };
const HEADERS = { 'x-browser-use-api-key': KEY };
const JSON_HEADERS = { ...HEADERS, 'content-type': 'application/json' };

/** The emulator as a user starts it, with the limits raised that the load would otherwise hit. */
const EMULATOR_ENV = {
  LOG_LEVEL,
  BU_MOCK_SEED: 'bench',
  BU_MOCK_CONCURRENCY_LIMIT: '1000000000',
  BU_MOCK_MAX_SESSIONS_PER_KEY: '1000000000',
  BU_MOCK_MAX_STORED_SESSIONS: '1000000000',
};

const wanted = (id) => !ONLY || ONLY.has(id);
const started = [];
const log = (text) => process.stderr.write(`${text}\n`);

function start(name, command, args, env) {
  const proc = startProcess(name, command, args, env);
  started.push(proc);
  return proc;
}

async function stop(proc) {
  await proc.stop();
  started.splice(started.indexOf(proc), 1);
}

const emulator = (port, env = {}) => start(`emulator:${port}`, process.execPath, ['dist/cli.js', '--port', String(port)], { ...EMULATOR_ENV, ...env });
const prism = (port) => start('prism', PRISM, ['mock', '--port', String(port), '--host', '127.0.0.1', 'openapi/v3.json'], {});
const ceiling = (port) => start('ceiling', process.execPath, ['bench/ceiling.mjs'], { PORT: String(port) });

async function createSession(port, task) {
  const res = await request(port, 'POST', '/api/v3/sessions', { body: { task }, headers: HEADERS });
  if (res.status !== 200) throw new Error(`POST /sessions answered ${res.status}: ${res.text}`);
  return JSON.parse(res.text).id;
}

async function waitStatus(port, id, statuses) {
  for (let i = 0; i < 500; i++) {
    const res = await request(port, 'GET', `/api/v3/sessions/${id}`, { headers: HEADERS });
    const { status } = JSON.parse(res.text);
    if (statuses.includes(status)) return status;
    await sleep(20);
  }
  throw new Error(`session ${id} never reached ${statuses.join('/')}`);
}

/** Load at 50 connections; every answer must be 2xx for the run to count. */
async function throughput(seconds, proc, port, path, extra = {}) {
  const cpu0 = cpuMsOf(proc.pid);
  const self0 = process.cpuUsage();
  const wall0 = performance.now();
  const result = await load({ url: `http://127.0.0.1:${port}${path}`, connections: CONNECTIONS, duration: seconds, headers: HEADERS, ...extra });
  const self = process.cpuUsage(self0);
  // Share of its core the load generator used: near 100 % it, not the server, set the pace.
  result.loadCpuPercent = ((self.user + self.system) / 1000 / (performance.now() - wall0)) * 100;
  if (result.non2xx || result.errors) throw new Error(`${path} on ${port}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  // Server CPU per answered request: less sensitive than req/s to other work on the machine.
  result.cpuUs = ((cpuMsOf(proc.pid) - cpu0) * 1000) / Math.max(1, result.total);
  return result;
}

const results = { scenarios: [] };
const add = (entry) => {
  results.scenarios.push(entry);
  log(`  ${entry.id}: ${JSON.stringify(entry.figures)}`);
};

// ---------------------------------------------------------------------------------------------
async function startupScenario() {
  log('start-up: process start to /health 200');
  const measure = async (make, port, path) => {
    const t0 = performance.now();
    const proc = make(port);
    const ms = await waitReady(port, path, t0, { proc, timeoutMs: 60_000 });
    await stop(proc);
    return ms;
  };
  const emu = [];
  const ceil = [];
  const pri = [];
  for (let i = 0; i < 7; i++) {
    emu.push(await measure((p) => emulator(p), PORTS.startup, '/health'));
    ceil.push(await measure((p) => ceiling(p), PORTS.startup, '/health'));
    if (i < 3) pri.push(await measure((p) => prism(p), PORTS.startup, '/sessions?page=1'));
  }
  const figures = { emulatorMs: median(emu), ceilingMs: median(ceil), prismMs: median(pri), runs: { emulator: emu.map(Math.round), prism: pri.map(Math.round) } };
  add({
    id: 'startup',
    title: 'Process start to `/health` 200',
    unit: 'ms',
    figures,
    display: { emulator: `${Math.round(figures.emulatorMs)} ms`, ceiling: `${Math.round(figures.ceilingMs)} ms`, prism: `${Math.round(figures.prismMs)} ms` },
    ratios: { vsCeiling: figures.emulatorMs / figures.ceilingMs, vsPrism: figures.prismMs / figures.emulatorMs },
    target: '≤ 1.3 × ceiling (median)',
    met: figures.emulatorMs <= 1.3 * figures.ceilingMs,
  });
}

// ---------------------------------------------------------------------------------------------
async function throughputScenarios() {
  const ids = ['get-session', 'get-session-warn', 'post-session', 'messages'].filter(wanted);
  if (ids.length === 0) return;
  log('throughput: ceiling, emulator and Prism interleaved');
  const ceil = ceiling(PORTS.ceiling);
  const pri = prism(PORTS.prism);
  const emu = emulator(PORTS.emulator);
  // The same GET without per-request log lines, to show what logging costs.
  const emuWarn = emulator(PORTS.emulatorWarn, { LOG_LEVEL: 'warn' });
  // Creating sessions grows the heap by tens of thousands of sessions: keep that away from the GETs.
  const emuPost = emulator(PORTS.emulatorPost);
  // Messages need a finished fifty-step run (about three minutes of simulated time): a manual clock,
  // moved by the admin API, gets there at once, as a test suite driving time would.
  const emuMsg = emulator(PORTS.emulatorMessages, { BU_MOCK_CLOCK: 'manual' });
  const t0 = performance.now();
  await Promise.all([
    waitReady(PORTS.ceiling, '/health', t0, { proc: ceil }),
    waitReady(PORTS.prism, '/sessions?page=1', t0, { proc: pri, timeoutMs: 60_000 }),
    waitReady(PORTS.emulator, '/health', t0, { proc: emu }),
    waitReady(PORTS.emulatorWarn, '/health', t0, { proc: emuWarn }),
    waitReady(PORTS.emulatorPost, '/health', t0, { proc: emuPost }),
    waitReady(PORTS.emulatorMessages, '/health', t0, { proc: emuMsg }),
  ]);

  const running = await createSession(PORTS.emulator, 'Find cheap flights from Berlin to Lisbon [mock:timeout]');
  await waitStatus(PORTS.emulator, running, ['running']);
  const runningWarn = await createSession(PORTS.emulatorWarn, 'Find cheap flights from Berlin to Lisbon [mock:timeout]');
  await waitStatus(PORTS.emulatorWarn, runningWarn, ['running']);
  const long = await createSession(PORTS.emulatorMessages, 'Compare laptop prices on three shops [mock:long]');
  const advanced = await request(PORTS.emulatorMessages, 'POST', '/_mock/clock/advance', { body: { sessionId: long, to: 'end' } });
  if (advanced.status !== 200) throw new Error(`POST /_mock/clock/advance answered ${advanced.status}: ${advanced.text}`);
  await waitStatus(PORTS.emulatorMessages, long, ['stopped']);
  const prismId = '3fa85f64-5717-4562-b3fc-2c963f66afa6';
  const postBody = JSON.stringify({ task: 'Find the cheapest flight from Berlin to Lisbon next Friday' });

  /** target → how to run one measured load of a scenario against it. */
  const plans = {
    'get-session': {
      title: '`GET /sessions/{id}` of a running session, 50 connections',
      ceiling: (s) => throughput(s, ceil, PORTS.ceiling, `/api/v3/sessions/${running}`),
      emulator: (s) => throughput(s, emu, PORTS.emulator, `/api/v3/sessions/${running}`),
      prism: (s) => throughput(s, pri, PORTS.prism, `/sessions/${prismId}`),
      target: { vsCeiling: 0.5, vsPrism: 20 },
    },
    'get-session-warn': {
      title: 'The same GET with `LOG_LEVEL=warn` (no per-request log lines)',
      ceiling: (s) => throughput(s, ceil, PORTS.ceiling, `/api/v3/sessions/${running}`),
      emulator: (s) => throughput(s, emuWarn, PORTS.emulatorWarn, `/api/v3/sessions/${runningWarn}`),
      target: { vsCeiling: 0.5 },
      informational: true,
    },
    'post-session': {
      title: '`POST /sessions` with a task, 50 connections',
      ceiling: (s) => throughput(s, ceil, PORTS.ceiling, '/api/v3/sessions', { method: 'POST', body: postBody, headers: JSON_HEADERS }),
      emulator: (s) => throughput(s, emuPost, PORTS.emulatorPost, '/api/v3/sessions', { method: 'POST', body: postBody, headers: JSON_HEADERS }),
      prism: (s) => throughput(s, pri, PORTS.prism, '/sessions', { method: 'POST', body: postBody, headers: JSON_HEADERS }),
      target: { vsCeiling: 0.3 },
    },
    messages: {
      title: '`GET /sessions/{id}/messages?limit=100`, finished 50-step run, 50 connections',
      ceiling: (s) => throughput(s, ceil, PORTS.ceiling, `/api/v3/sessions/${long}/messages?limit=100`),
      emulator: (s) => throughput(s, emuMsg, PORTS.emulatorMessages, `/api/v3/sessions/${long}/messages?limit=100`),
      prism: (s) => throughput(s, pri, PORTS.prism, `/sessions/${prismId}/messages?limit=100`),
      target: { vsCeiling: 0.25 },
    },
  };

  // Warm every server's code paths once before anything is recorded.
  const targetsOf = (id) => ['ceiling', 'emulator', 'prism'].filter((target) => plans[id][target]);
  for (const id of ids) for (const target of targetsOf(id)) await plans[id][target](1);

  const runs = Object.fromEntries(ids.map((id) => [id, { ceiling: [], emulator: [], prism: [] }]));
  for (let round = 0; round < ROUNDS; round++) {
    log(`  round ${round + 1}/${ROUNDS}`);
    for (const id of ids) {
      // Rotate the order so no target always runs first (or right after the heaviest one).
      const order = targetsOf(id);
      for (let r = 0; r < round % 3; r++) order.push(order.shift());
      for (const target of order) runs[id][target].push(await plans[id][target](SECONDS));
    }
  }
  for (const id of ids) {
    const by = runs[id];
    const present = targetsOf(id);
    const med = (pick) => Object.fromEntries(present.map((k) => [k, median(by[k].map(pick))]));
    const rps = med((r) => r.rps);
    const p50 = med((r) => r.p50);
    const p99 = med((r) => r.p99);
    const cpuUs = med((r) => r.cpuUs);
    const loadCpuPercent = med((r) => r.loadCpuPercent);
    const ratios = { vsCeiling: rps.emulator / rps.ceiling, cpuVsCeiling: cpuUs.ceiling / cpuUs.emulator };
    if (rps.prism !== undefined) Object.assign(ratios, { vsPrism: rps.emulator / rps.prism, cpuVsPrism: cpuUs.prism / cpuUs.emulator });
    const target = plans[id].target;
    const met = ratios.vsCeiling >= target.vsCeiling && (target.vsPrism === undefined || ratios.vsPrism >= target.vsPrism);
    add({
      id,
      title: plans[id].title,
      unit: 'req/s',
      figures: { rps, p50, p99, cpuUs, loadCpuPercent, runs: Object.fromEntries(present.map((k) => [k, by[k].map((r) => Math.round(r.rps))])) },
      display: Object.fromEntries(
        present.map((k) => [k, `${fmt(rps[k])} req/s (p50 ${p50[k]} ms, p99 ${p99[k]} ms; ${fmt(cpuUs[k])} µs CPU/req${loadCpuPercent[k] >= 90 ? '; load generator saturated' : ''})`]),
      ),
      ratios,
      target: plans[id].informational ? '(shows what logging costs)' : `≥ ${target.vsCeiling} × ceiling${target.vsPrism ? `, ≥ ${target.vsPrism} × Prism` : ''}`,
      met: plans[id].informational ? null : met,
    });
  }
  for (const proc of [ceil, pri, emu, emuWarn, emuPost, emuMsg]) await stop(proc);
}

// ---------------------------------------------------------------------------------------------
async function listingScenario() {
  if (!wanted('list')) return;
  log('listing: 1,000 and 100,000 sessions under one key (seeded in-process)');
  const sizes = [1000, 100_000];
  const servers = {};
  for (const size of sizes) {
    const t0 = performance.now();
    const proc = start(`seeded:${size}`, process.execPath, ['bench/seeded.mjs', 'serve', String(size)], { PORT: String(PORTS.seeded + (size === 1000 ? 0 : 1)), LOG_LEVEL });
    const port = PORTS.seeded + (size === 1000 ? 0 : 1);
    await waitReady(port, '/health', t0, { proc, timeoutMs: 180_000 });
    servers[size] = { proc, port };
  }
  const pages = (size) => ({ first: 1, deep: Math.floor((size * 0.8) / 20) });
  // A steady 1,000 listings a second (10 clients, one request every 10 ms each): latency without queueing
  // behind a saturated server; server CPU per request compares the two sizes precisely.
  const run = async (size, page, seconds) => {
    const { proc, port } = servers[size];
    const cpu0 = cpuMsOf(proc.pid);
    const r = await paced({ port, connections: 10, intervalMs: 10, durationMs: seconds * 1000, pathOf: () => `/api/v3/sessions?page=${pages(size)[page]}`, headers: HEADERS });
    if (r.non2xx || r.errors) throw new Error(`listing ${size}/${page}: ${r.non2xx} non-2xx, ${r.errors} errors`);
    return { ...r, cpuUs: ((cpuMsOf(proc.pid) - cpu0) * 1000) / Math.max(1, r.total) };
  };
  for (const size of sizes) for (const page of ['first', 'deep']) await run(size, page, 1);
  const runs = {};
  for (let round = 0; round < ROUNDS; round++) {
    for (const size of round % 2 ? [...sizes].reverse() : sizes) {
      for (const page of ['first', 'deep']) (runs[`${size}:${page}`] ??= []).push(await run(size, page, SECONDS));
    }
  }
  const fig = Object.fromEntries(
    Object.entries(runs).map(([k, v]) => [k, { rps: median(v.map((r) => r.rps)), p50: median(v.map((r) => r.p50)), p99: median(v.map((r) => r.p99)), cpuUs: median(v.map((r) => r.cpuUs)) }]),
  );
  const p99 = Math.max(fig['100000:first'].p99, fig['100000:deep'].p99);
  const slowdown = Math.max(fig['100000:first'].cpuUs / fig['1000:first'].cpuUs, fig['100000:deep'].cpuUs / fig['1000:deep'].cpuUs);
  add({
    id: 'list',
    title: '`GET /sessions?page=1` and a deep page (80 % down), 100,000 sessions under one key, 1,000 req/s paced from 10 clients',
    unit: 'ms',
    figures: { ...fig, worstP99Ms: p99, slowdown100kVs1k: slowdown },
    display: {
      emulator: `p99 ${fig['100000:first'].p99} ms (page 1), ${fig['100000:deep'].p99} ms (deep); ${fmt(fig['100000:first'].cpuUs)} / ${fmt(fig['100000:deep'].cpuUs)} µs CPU/req; 100k vs 1k ${slowdown.toFixed(2)}× (CPU/req)`,
    },
    ratios: {},
    target: 'p99 ≤ 10 ms; 100k vs 1k ≤ 1.5×',
    met: p99 <= 10 && slowdown <= 1.5,
  });
  for (const size of sizes) await stop(servers[size].proc);
}

// ---------------------------------------------------------------------------------------------
async function memoryScenario() {
  if (!wanted('memory')) return;
  log('memory: 100,000 finished ten-step sessions (seeded in-process, --expose-gc)');
  const out = spawnSync(process.execPath, ['--expose-gc', 'bench/seeded.mjs', 'memory', '100000'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, LOG_LEVEL } });
  if (out.status !== 0) throw new Error(`memory run failed: ${out.stderr}`);
  const figures = JSON.parse(out.stdout.trim().split('\n').pop());
  add({
    id: 'memory',
    title: 'Heap per finished 10-step session (with messages), 100,000 sessions',
    unit: 'bytes',
    figures,
    display: {
      emulator: `${fmt(figures.bytesPerSession)} B each (records alone ${fmt(figures.bytesPerSessionWithoutPlanCache)} B; plan caches ${figures.planCacheMb.toFixed(1)} MB)`,
    },
    ratios: {},
    target: '≤ 2 KB of heap each',
    met: figures.bytesPerSession <= 2048,
  });
}

// ---------------------------------------------------------------------------------------------
async function idleScenario() {
  if (!wanted('idle')) return;
  log('idle: 10,000 running sessions, no requests, 10 s');
  const emu = emulator(PORTS.emulator);
  await waitReady(PORTS.emulator, '/health', performance.now(), { proc: emu });
  const body = JSON.stringify({ task: 'Watch the flight prices from Berlin to Lisbon [mock:timeout]' });
  const made = await load({ url: `http://127.0.0.1:${PORTS.emulator}/api/v3/sessions`, method: 'POST', body, headers: JSON_HEADERS, connections: 20, amount: 10_000 });
  if (made.non2xx || made.errors || made.total !== 10_000) throw new Error(`creating sessions: ${made.total} made, ${made.non2xx} non-2xx, ${made.errors} errors`);
  // Let the boots finish and the allocation of the burst be collected before measuring.
  await sleep(3000);
  const cpu0 = cpuMsOf(emu.pid);
  const t0 = performance.now();
  await sleep(10_000);
  const cpuMs = cpuMsOf(emu.pid) - cpu0;
  const wallMs = performance.now() - t0;
  const list = JSON.parse((await request(PORTS.emulator, 'GET', '/api/v3/sessions?page=1&page_size=1', { headers: HEADERS })).text);
  const figures = { sessions: list.total, cpuMs, wallMs, corePercent: (cpuMs / wallMs) * 100, rssMb: rssMbOf(emu.pid) };
  add({
    id: 'idle',
    title: 'CPU with 10,000 running sessions and no requests, 10 s',
    unit: '% of a core',
    figures,
    display: { emulator: `${figures.corePercent.toFixed(2)} % of a core (${figures.cpuMs.toFixed(0)} ms CPU in ${(wallMs / 1000).toFixed(1)} s; RSS ${figures.rssMb.toFixed(0)} MB)` },
    ratios: {},
    target: '≤ 1 % of a core',
    met: figures.corePercent <= 1,
  });
  await stop(emu);
}

// ---------------------------------------------------------------------------------------------
async function pollersScenario() {
  if (!wanted('pollers')) return;
  log(`pollers: 1,000 connections at 10 polls/s each, ${POLL_ROUNDS} interleaved rounds of 10 s against the emulator and the ceiling`);
  const emu = emulator(PORTS.emulator);
  // The same load against a server that does nothing shows what the load generator and machine reach.
  const ceil = ceiling(PORTS.ceiling);
  const t0 = performance.now();
  await Promise.all([waitReady(PORTS.emulator, '/health', t0, { proc: emu }), waitReady(PORTS.ceiling, '/health', t0, { proc: ceil })]);
  const ids = [];
  for (let i = 0; i < 1000; i += 50) {
    ids.push(...(await Promise.all(Array.from({ length: 50 }, (_, j) => createSession(PORTS.emulator, `Compare prices of item ${i + j} on three shops [mock:long]`)))));
  }
  // Each poller asks for its own session every 100 ms, as a test worker polls the session it started.
  const poll = (port, durationMs) =>
    paced({ port, connections: 1000, intervalMs: 100, durationMs, pathOf: (i) => `/api/v3/sessions/${ids[i % ids.length]}`, headers: HEADERS });
  const measure = async (proc, port) => {
    await poll(port, 2000);
    const cpu0 = cpuMsOf(proc.pid);
    const self0 = process.cpuUsage();
    const wall0 = performance.now();
    const r = await poll(port, 10_000);
    const self = process.cpuUsage(self0);
    const wallMs = performance.now() - wall0;
    const serverCpuMs = cpuMsOf(proc.pid) - cpu0;
    return {
      rps: r.rps,
      p50: r.p50,
      p99: r.p99,
      max: r.max,
      non2xx: r.non2xx,
      errors: r.errors,
      cpuUs: (serverCpuMs * 1000) / Math.max(1, r.total),
      serverCorePercent: (serverCpuMs / wallMs) * 100,
      // Share of its core the load generator used: near 100 % its own queueing shows in the latencies.
      loadCpuPercent: ((self.user + self.system) / 1000 / wallMs) * 100,
    };
  };
  // Rounds alternate between the servers, as the throughput runs do: a single 10-second window on a
  // shared machine measures the machine's moment as much as the server. The emulator's running
  // sessions cost nothing while the ceiling is measured (the idle scenario shows it).
  const rounds = { emulator: [], ceiling: [] };
  for (let round = 0; round < POLL_ROUNDS; round++) {
    log(`  round ${round + 1}/${POLL_ROUNDS}`);
    rounds.emulator.push(await measure(emu, PORTS.emulator));
    rounds.ceiling.push(await measure(ceil, PORTS.ceiling));
  }
  await stop(emu);
  await stop(ceil);
  // The round with the median p99, whole, so that every figure shown comes from one real run.
  const medianRound = (runs) => [...runs].sort((a, b) => a.p99 - b.p99)[(runs.length - 1) >> 1];
  const e = medianRound(rounds.emulator);
  const c = medianRound(rounds.ceiling);
  const show = (f, runs) =>
    `p99 ${f.p99} ms (p50 ${f.p50} ms, max ${f.max} ms) at ${fmt(f.rps)} req/s; ${f.non2xx + f.errors} errors; server ${f.serverCorePercent.toFixed(0)} % of its core, ${fmt(f.cpuUs)} µs CPU/req; load generator ${f.loadCpuPercent.toFixed(0)} % of its core; p99 of the ${runs.length} rounds: ${runs.map((r) => r.p99).join(', ')} ms`;
  add({
    id: 'pollers',
    title: `1,000 concurrent pollers at 10 polls/s each (\`GET /sessions/{id}\` of its own running session, paced), median of ${POLL_ROUNDS} interleaved 10-s rounds`,
    unit: 'ms',
    figures: { ...e, ceiling: c, runs: { emulator: rounds.emulator, ceiling: rounds.ceiling } },
    display: { emulator: show(e, rounds.emulator), ceiling: show(c, rounds.ceiling) },
    ratios: {},
    target: 'p99 ≤ 50 ms (median round), no errors in any round',
    met: e.p99 <= 50 && [...rounds.emulator].every((r) => r.non2xx === 0 && r.errors === 0),
  });
}

// ---------------------------------------------------------------------------------------------
const fmt = (n) => Math.round(n).toLocaleString('en-US');

function machine() {
  return {
    cores: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    pinning: PINNING.enabled
      ? `servers on core ${PINNING.serverCpu}, load generators (autocannon; a paced keep-alive client for pollers and listing) in the bench process on core ${PINNING.loadCpu} (taskset)`
      : 'none (taskset missing or a single core): servers and load generator share the cores',
  };
}

function markdown() {
  const m = results.machine;
  const lines = [
    `Measured ${results.date.slice(0, 10)} on ${m.cores} cores (${m.cpu}), Node ${m.node}; ${m.pinning}.`,
    `Emulator: \`node dist/cli.js\` with LOG_LEVEL=${LOG_LEVEL} (the default), output discarded. Throughput: median of ${ROUNDS} interleaved ${SECONDS}-second runs per server; ratios are req/s, with server CPU time per request in brackets (ceiling or Prism CPU ÷ emulator CPU).`,
    `Load average of the machine (1/5/15 min) at start ${results.loadAverageAtStart.join(' / ')}, at end ${results.loadAverageAtEnd.join(' / ')}: above 2 means other work shared the 2 cores.`,
    '',
    '| Scenario | Emulator | Ceiling (bare Fastify) | Prism 5.14 | vs ceiling | vs Prism | Target | Met |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const s of results.scenarios) {
    const r = s.ratios;
    const ratio = (v, suffix = '×') => (v === undefined ? '' : `${v.toFixed(2)}${suffix}`);
    lines.push(
      `| ${s.title} | ${s.display.emulator ?? ''} | ${s.display.ceiling ?? ''} | ${s.display.prism ?? ''} | ${ratio(r.vsCeiling)}${
        r.cpuVsCeiling === undefined ? '' : ` (CPU ${ratio(r.cpuVsCeiling)})`
      } | ${s.id === 'startup' ? `${ratio(r.vsPrism)} faster` : `${ratio(r.vsPrism)}${r.cpuVsPrism === undefined ? '' : ` (CPU ${ratio(r.cpuVsPrism)})`}`} | ${s.target} | ${s.met === null ? '' : s.met ? 'yes' : '**no**'} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}

async function main() {
  pinSelf();
  results.date = new Date().toISOString();
  results.machine = machine();
  results.loadAverageAtStart = loadavg().map((v) => Number(v.toFixed(2)));
  results.settings = { rounds: ROUNDS, secondsPerRun: SECONDS, connections: CONNECTIONS, logLevel: LOG_LEVEL };
  try {
    execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, stdio: 'ignore' });
  } catch {
    // not a checkout; nothing to record
  }
  const t0 = performance.now();
  if (wanted('startup')) await startupScenario();
  await throughputScenarios();
  await pollersScenario();
  await listingScenario();
  await idleScenario();
  await memoryScenario();
  results.durationS = Math.round((performance.now() - t0) / 1000);
  results.loadAverageAtEnd = loadavg().map((v) => Number(v.toFixed(2)));
  writeFileSync(join(BENCH_DIR, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  const table = markdown();
  writeFileSync(join(BENCH_DIR, 'results.md'), table);
  process.stdout.write(`\n${table}\nTook ${results.durationS} s. Wrote bench/results.json and bench/results.md.\n`);
}

main()
  .catch((error) => {
    log(`bench failed: ${error instanceof Error ? error.stack : String(error)}`);
    for (const proc of started) log(`--- ${proc.name} stderr ---\n${proc.stderr()}`);
    process.exitCode = 1;
  })
  .finally(async () => {
    for (const proc of [...started]) await proc.stop();
  });
