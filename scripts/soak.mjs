#!/usr/bin/env node
// Soak: the built emulator (`node dist/cli.js`, default settings, a free port on 127.0.0.1) under mixed
// load for SOAK_SECONDS (default 600): sessions, messages, profiles, workspaces with uploads, browsers,
// billing, plus malformed and hostile requests, slow and dropped clients and oversized bodies. Samples the
// server's heap, the heap it keeps after full collections and what it stores (GET /_mock/metrics) and RSS (/proc/<pid>/status) over time, reports req/s, latency
// percentiles, statuses, 5xx and dropped connections, checks the targets and writes SOAK_OUT
// (default bench/soak-results.json). Exits 1 when a target is missed.
//
// Environment: SOAK_SECONDS (600), SOAK_WORKERS load processes (2), SOAK_CONNECTIONS per worker (24),
// SOAK_SAMPLE_MS between memory samples (5000), SOAK_OUT, SOAK_RSS_MB target (300), SOAK_HEAP_PCT (10).
import { fork, spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { createServer, connect } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SECONDS = Number(process.env.SOAK_SECONDS ?? 600);
const WORKERS = Number(process.env.SOAK_WORKERS ?? 2);
const CONNECTIONS = Number(process.env.SOAK_CONNECTIONS ?? 24);
const SAMPLE_MS = Number(process.env.SOAK_SAMPLE_MS ?? 5000);
const OUT = process.env.SOAK_OUT ?? join(ROOT, 'bench', 'soak-results.json');
const RSS_TARGET_MB = Number(process.env.SOAK_RSS_MB ?? 300);
const HEAP_TARGET_PCT = Number(process.env.SOAK_HEAP_PCT ?? 10);
const HOST = '127.0.0.1';

// ---------------------------------------------------------------- latency histogram (log buckets)
const BUCKETS = 1200;
const RATIO = 1.02;
const bucketOf = (ms) => Math.min(BUCKETS - 1, Math.max(0, Math.ceil(Math.log(Math.max(ms, 0.001) * 1000) / Math.log(RATIO))));
const msOfBucket = (b) => RATIO ** b / 1000;
function percentile(histogram, p) {
  const total = histogram.reduce((a, b) => a + b, 0);
  if (total === 0) return 0;
  let seen = 0;
  for (let b = 0; b < histogram.length; b++) {
    seen += histogram[b];
    if (seen >= total * p) return Math.round(msOfBucket(b) * 100) / 100;
  }
  return msOfBucket(histogram.length - 1);
}

// ---------------------------------------------------------------- worker: generates load
async function worker(port, deadline, id) {
  // A socket timeout lets Node's agent apply the server's `Keep-Alive: timeout=5` hint: it retires an idle
  // socket a second before the server closes it, instead of reusing one the server is closing (ECONNRESET).
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS, timeout: 60_000 });
  const stats = { requests: 0, statuses: {}, dropped: 0, droppedBy: {}, droppedSamples: [], deliberateDrops: 0, histogram: new Array(BUCKETS).fill(0), fiveHundreds: [], fiveHundredsBy: {} };
  const keys = Array.from({ length: 40 }, (_, i) => `soak-${id}-${i}`);
  const pick = (list) => list[Math.floor(Math.random() * list.length)];
  // Objects are remembered with the key that created them, so most reads find them.
  const remember = (list, key, value) => {
    if (!value) return;
    list.push({ key, id: value });
    if (list.length > 400) list.splice(0, list.length - 400);
  };
  const ids = { sessions: [], profiles: [], workspaces: [], browsers: [] };

  /** One request; resolves {status, json, text}. Socket errors count as dropped unless `expectDrop`. */
  function call(method, path, { key = pick(keys), body, headers = {}, expectDrop = false, fresh = false, label = method + ' ' + path.replace(/[0-9a-f-]{32,36}/g, ':id').split('?')[0] } = {}) {
    const started = performance.now();
    const allHeaders = { ...headers };
    if (key !== null) allHeaders['X-Browser-Use-API-Key'] = key;
    let payload;
    if (body !== undefined) {
      payload = Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
      allHeaders['Content-Type'] ??= 'application/json';
      allHeaders['Content-Length'] = String(payload.length);
    }
    return new Promise((resolve) => {
      let done = false;
      const finish = (result) => {
        if (done) return;
        done = true;
        stats.requests++;
        stats.histogram[bucketOf(performance.now() - started)]++;
        if (result.status) {
          stats.statuses[result.status] = (stats.statuses[result.status] ?? 0) + 1;
          if (result.status >= 500) stats.fiveHundredsBy[label] = (stats.fiveHundredsBy[label] ?? 0) + 1;
          if (result.status >= 500 && stats.fiveHundreds.length < 20) stats.fiveHundreds.push(`${label} → ${result.status} ${result.text.slice(0, 200)}`);
        } else if (expectDrop) stats.deliberateDrops++;
        else {
          stats.dropped++;
          stats.droppedBy[label] = (stats.droppedBy[label] ?? 0) + 1;
          if (stats.droppedSamples.length < 20) stats.droppedSamples.push(`${label}: ${result.text}`);
        }
        resolve(result);
      };
      const req = request({ host: HOST, port, method, path, headers: allHeaders, agent: fresh ? false : agent, timeout: 30_000 }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json;
          try {
            json = text ? JSON.parse(text) : undefined;
          } catch {
            json = undefined;
          }
          finish({ status: res.statusCode, json, text });
        });
        res.on('error', (e) => finish({ status: 0, text: e.message }));
      });
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', (e) => finish({ status: 0, text: e.message }));
      req.end(payload);
    });
  }

  /** Sends a body over `ms` in small pieces (a slow client). */
  function slowPost(path, key, body, ms) {
    const started = performance.now();
    return new Promise((resolve) => {
      const req = request({ host: HOST, port, method: 'POST', path, agent: false, headers: { 'X-Browser-Use-API-Key': key, 'Content-Type': 'application/json', 'Content-Length': String(body.length) } }, (res) => {
        res.resume();
        res.on('end', () => {
          stats.requests++;
          stats.histogram[bucketOf(performance.now() - started)]++;
          stats.statuses[res.statusCode] = (stats.statuses[res.statusCode] ?? 0) + 1;
          resolve();
        });
      });
      req.on('error', () => {
        stats.requests++;
        stats.dropped++;
        stats.droppedBy['slow POST'] = (stats.droppedBy['slow POST'] ?? 0) + 1;
        resolve();
      });
      const pieces = 8;
      let sent = 0;
      const step = () => {
        const next = Math.ceil((body.length * (sent + 1)) / pieces);
        req.write(body.subarray(Math.ceil((body.length * sent) / pieces), next));
        sent++;
        if (sent < pieces) setTimeout(step, ms / pieces);
        else req.end();
      };
      step();
    });
  }

  /** A client that sends part of a request and hangs up (a deliberate drop, never counted as the server's). */
  function abandon(partial) {
    return new Promise((resolve) => {
      const socket = connect(port, HOST, () => {
        socket.write(partial);
        setTimeout(() => {
          socket.destroy();
          stats.deliberateDrops++;
          resolve();
        }, 20);
      });
      socket.on('error', () => resolve());
    });
  }

  const deep = (n) => `{"name":${'['.repeat(n)}${']'.repeat(n)}}`;
  const big = Buffer.alloc(2 * 1024 * 1024, 0x61);
  const actions = [
    [10, async () => { const key = pick(keys); const r = await call('POST', '/api/v3/sessions', { key, body: { task: 'Find the price of a laptop on amazon.com', keepAlive: Math.random() < 0.3 } }); remember(ids.sessions, key, r.json?.id); }],
    [14, async () => { if (ids.sessions.length) { const o = pick(ids.sessions); await call('GET', `/api/v3/sessions/${o.id}`, { key: o.key }); } }],
    [8, () => call('GET', '/api/v3/sessions?page_size=20')],
    [10, async () => { if (ids.sessions.length) { const o = pick(ids.sessions); await call('GET', `/api/v3/sessions/${o.id}/messages?limit=20`, { key: o.key }); } }],
    [3, async () => { if (ids.sessions.length) { const o = pick(ids.sessions); await call('POST', `/api/v3/sessions/${o.id}/stop`, { key: o.key, body: { strategy: 'session' } }); } }],
    [3, async () => { if (ids.sessions.length) { const o = ids.sessions.splice(Math.floor(Math.random() * ids.sessions.length), 1)[0]; await call('DELETE', `/api/v3/sessions/${o.id}`, { key: o.key }); } }],
    [1, async () => { if (ids.sessions.length) await call('GET', `/api/v3/sessions/${pick(ids.sessions).id}`, { label: 'another key\'s session' }); }],
    [4, async () => { const key = pick(keys); const r = await call('POST', '/api/v3/profiles', { key, body: { name: 'soak', userId: `u-${Math.random()}` } }); remember(ids.profiles, key, r.json?.id); }],
    [4, () => call('GET', '/api/v3/profiles?pageSize=20&query=soak')],
    [2, async () => { if (ids.profiles.length) { const o = pick(ids.profiles); await call('PATCH', `/api/v3/profiles/${o.id}`, { key: o.key, body: { name: 'renamed' } }); } }],
    [2, async () => { if (ids.profiles.length) { const o = ids.profiles.splice(0, 1)[0]; await call('DELETE', `/api/v3/profiles/${o.id}`, { key: o.key }); } }],
    [3, async () => { const key = pick(keys); const r = await call('POST', '/api/v3/workspaces', { key, body: { name: 'soak' } }); remember(ids.workspaces, key, r.json?.id); }],
    [3, async () => {
      if (!ids.workspaces.length) return;
      const { key, id: workspace } = pick(ids.workspaces);
      const r = await call('POST', `/api/v3/workspaces/${workspace}/files/upload`, { key, body: { files: [{ name: `f-${Math.floor(Math.random() * 50)}.txt`, contentType: 'text/plain', size: 2048 }] } });
      const url = r.json?.files?.[0]?.uploadUrl;
      if (url) { const u = new URL(url); await call('PUT', u.pathname + u.search, { key: null, body: Buffer.alloc(2048, 0x62), headers: { 'Content-Type': 'text/plain' } }); }
    }],
    [3, async () => { if (ids.workspaces.length) { const o = pick(ids.workspaces); await call('GET', `/api/v3/workspaces/${o.id}/files?includeUrls=true`, { key: o.key }); } }],
    [1, async () => { if (ids.workspaces.length) { const o = ids.workspaces.splice(0, 1)[0]; await call('DELETE', `/api/v3/workspaces/${o.id}`, { key: o.key }); } }],
    [4, async () => { const key = pick(keys); const r = await call('POST', '/api/v3/browsers', { key, body: { timeout: 5 } }); remember(ids.browsers, key, r.json?.id); }],
    [3, async () => { if (ids.browsers.length) { const o = pick(ids.browsers); await call('PATCH', `/api/v3/browsers/${o.id}`, { key: o.key, body: { action: 'stop' } }); } }],
    [3, () => call('GET', '/api/v3/browsers?pageSize=20')],
    [3, () => call('GET', '/api/v3/billing/account')],
    // Malformed and hostile requests.
    [2, () => call('POST', '/api/v3/sessions', { body: '{"task": "x",' })],
    [1, () => call('POST', '/api/v3/profiles', { body: deep(5000), label: 'deep JSON' })],
    [2, () => call('POST', '/api/v3/sessions', { body: '{"task":"x","maxCostUsd":"12345678901234567890.5"}', label: 'huge amount' })],
    [2, () => call('GET', '/api/v3/sessions/%zz', { label: 'bad escape' })],
    [1, () => call('GET', `/api/v3/sessions/${'a'.repeat(150)}`, { label: 'long id' })],
    [1, () => call('POST', '/api/v3/sessions', { body: '{"task":"x"}', headers: { 'Content-Type': 'text/plain' } })],
    [1, () => call('GET', '/api/v3/sessions', { key: null })],
    [1, () => call('GET', '/api/v3/nope')],
    [1, () => call('PUT', '/api/v3/sessions')],
    [0.3, () => call('POST', '/api/v3/profiles', { body: big, fresh: true, label: 'oversized body' })],
    [0.3, () => slowPost('/api/v3/profiles', pick(keys), Buffer.from('{"name":"slow client"}'), 1500)],
    [0.3, () => abandon('POST /api/v3/sessions HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"task"')],
    [0.3, () => abandon('GET /api/v3/sess')],
  ];
  const totalWeight = actions.reduce((a, [w]) => a + w, 0);
  const choose = () => {
    let r = Math.random() * totalWeight;
    for (const [w, action] of actions) {
      r -= w;
      if (r <= 0) return action;
    }
    return actions[0][1];
  };
  const loop = async () => {
    // Bounded by time and by count.
    for (let i = 0; i < 50_000_000 && Date.now() < deadline; i++) await choose()();
  };
  const cpuBefore = process.cpuUsage();
  await Promise.all(Array.from({ length: CONNECTIONS }, loop));
  agent.destroy();
  const cpu = process.cpuUsage(cpuBefore);
  stats.cpuSeconds = (cpu.user + cpu.system) / 1e6;
  return stats;
}

// ---------------------------------------------------------------- main: server, workers, sampling
async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, HOST, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

function rssOf(pid) {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** CPU seconds (user + system) the process has used, from /proc/<pid>/stat. */
function cpuSecondsOf(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

async function getJson(port, path, timeout = 10_000) {
  return new Promise((resolve) => {
    const req = request({ host: HOST, port, path, agent: false, timeout }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        try {
          resolve({ status: res.statusCode, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
        } catch {
          resolve({ status: res.statusCode });
        }
      });
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve({ status: 0 }));
    req.end();
  });
}

async function main() {
  const cli = join(ROOT, 'dist', 'cli.js');
  if (!existsSync(cli)) {
    console.error('dist/cli.js is missing: run `npm run build` first (`npm run soak` does).');
    process.exit(2);
  }
  const port = await freePort();
  const server = spawn(process.execPath, [cli], { cwd: ROOT, env: { ...process.env, PORT: String(port), HOST }, stdio: ['ignore', 'ignore', 'inherit'] });
  const stopServer = () => {
    if (server.exitCode === null) server.kill('SIGTERM');
  };
  process.on('exit', stopServer);
  for (let i = 0; i < 100; i++) {
    if ((await getJson(port, '/health')).status === 200) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const metricsProbe = await getJson(port, '/_mock/metrics');
  if (metricsProbe.status !== 200) console.error(`GET /_mock/metrics answered ${metricsProbe.status}: heap will not be sampled`);
  console.error(`soak: ${SECONDS} s against node dist/cli.js on ${HOST}:${port}, ${WORKERS} workers × ${CONNECTIONS} connections`);

  const cpuAtStart = cpuSecondsOf(server.pid);
  const started = Date.now();
  const deadline = started + SECONDS * 1000;
  const samples = [];
  let sampling = false;
  const sample = async () => {
    // One sample at a time: under heavy load an answer can take longer than the interval.
    if (sampling) return;
    sampling = true;
    const metrics = await getJson(port, '/_mock/metrics', 30_000);
    sampling = false;
    const mb = (bytes) => (typeof bytes === 'number' ? Math.round((bytes / 1048576) * 10) / 10 : null);
    samples.push({
      t: Math.round((Date.now() - started) / 100) / 10,
      rssMb: mb(rssOf(server.pid) ?? metrics.json?.rssBytes ?? 0),
      heapMb: mb(metrics.json?.heapUsedBytes),
      keptHeapMb: mb(metrics.json?.heapAfterFullGcBytes),
      stored: metrics.json?.stored ?? null,
    });
    const last = samples[samples.length - 1];
    const held = last.stored ? ` sessions=${last.stored.sessions} browsers=${last.stored.browsers} profiles=${last.stored.profiles} workspaceMb=${mb(last.stored.workspaceBytes)} keys=${last.stored.projects}` : '';
    console.error(`  t=${last.t}s rss=${last.rssMb} MB heap=${last.heapMb} MB kept=${last.keptHeapMb} MB${held}`);
  };
  await sample();
  const sampler = setInterval(sample, SAMPLE_MS);
  const results = await Promise.all(
    Array.from({ length: WORKERS }, (_, id) =>
      new Promise((resolve, reject) => {
        const child = fork(fileURLToPath(import.meta.url), ['--worker', String(port), String(deadline), String(id)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
        child.on('message', resolve);
        child.on('exit', (code) => code !== 0 && reject(new Error(`worker ${id} exited with ${code}`)));
      }),
    ),
  );
  clearInterval(sampler);
  while (sampling) await new Promise((r) => setTimeout(r, 50));
  await sample();
  const elapsed = (Date.now() - started) / 1000;
  const cpuAtEnd = cpuSecondsOf(server.pid);
  stopServer();

  const histogram = new Array(BUCKETS).fill(0);
  const statuses = {};
  const droppedBy = {};
  const fiveHundredsBy = {};
  let requests = 0;
  let dropped = 0;
  let deliberateDrops = 0;
  const fiveHundredSamples = [];
  const droppedSamples = [];
  for (const r of results) {
    droppedSamples.push(...r.droppedSamples);
    requests += r.requests;
    dropped += r.dropped;
    deliberateDrops += r.deliberateDrops;
    r.histogram.forEach((n, b) => (histogram[b] += n));
    for (const [s, n] of Object.entries(r.statuses)) statuses[s] = (statuses[s] ?? 0) + n;
    for (const [l, n] of Object.entries(r.droppedBy)) droppedBy[l] = (droppedBy[l] ?? 0) + n;
    for (const [l, n] of Object.entries(r.fiveHundredsBy)) fiveHundredsBy[l] = (fiveHundredsBy[l] ?? 0) + n;
    fiveHundredSamples.push(...r.fiveHundreds);
  }
  const fiveHundreds = Object.entries(statuses).filter(([s]) => Number(s) >= 500).reduce((a, [, n]) => a + n, 0);
  // The heap target reads the heap kept after full collections: heap in use at a random moment also holds
  // garbage not yet collected, which rises and falls with the collector's pace rather than with what is kept.
  // Growth of heap in use is reported too.
  const median = (xs) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] : 0);
  const growthOver = (field) => {
    const second = samples.filter((s) => s.t >= elapsed / 2 && s[field] !== null);
    const quarter = Math.max(1, Math.floor(second.length / 4));
    const start = median(second.slice(0, quarter).map((s) => s[field]));
    const end = median(second.slice(-quarter).map((s) => s[field]));
    return { samples: second.length, startMb: start, endMb: end, pct: start > 0 ? Math.round(((end - start) / start) * 1000) / 10 : null };
  };
  const kept = growthOver('keptHeapMb');
  const inUse = growthOver('heapMb');
  const rssMaxMb = Math.max(...samples.map((s) => s.rssMb));
  const targets = {
    zero5xx: { ok: fiveHundreds === 0, value: fiveHundreds },
    zeroDropped: { ok: dropped === 0, value: dropped },
    // Fewer than four heap samples in the second half is no measurement, so it cannot pass.
    heapFlatSecondHalf: { ok: kept.samples >= 4 && kept.pct !== null && kept.pct <= HEAP_TARGET_PCT, value: kept.samples >= 4 ? kept.pct : null, limit: HEAP_TARGET_PCT, samples: kept.samples, startMb: kept.startMb, endMb: kept.endMb, measure: 'heap kept after full collections', heapInUse: inUse },
    rssMax: { ok: rssMaxMb <= RSS_TARGET_MB, value: rssMaxMb, limit: RSS_TARGET_MB },
  };
  const report = {
    date: new Date().toISOString(),
    node: process.version,
    seconds: Math.round(elapsed * 10) / 10,
    workers: WORKERS,
    connectionsPerWorker: CONNECTIONS,
    requests,
    reqPerSec: Math.round(requests / elapsed),
    latencyMs: { p50: percentile(histogram, 0.5), p90: percentile(histogram, 0.9), p99: percentile(histogram, 0.99), max: percentile(histogram, 1) },
    loadCpuPercent: Math.round((results.reduce((a, r) => a + r.cpuSeconds, 0) / elapsed) * 1000) / 10,
    serverCpuPercent: cpuAtStart !== undefined && cpuAtEnd !== undefined ? Math.round(((cpuAtEnd - cpuAtStart) / elapsed) * 1000) / 10 : null,
    loadAverage: loadavg().map((x) => Math.round(x * 100) / 100),
    statuses,
    fiveHundreds,
    fiveHundredsBy,
    fiveHundredSamples,
    dropped,
    droppedBy,
    droppedSamples,
    deliberateClientDrops: deliberateDrops,
    memory: samples,
    targets,
    passed: Object.values(targets).every((x) => x.ok),
  };
  writeFileSync(OUT, `${JSON.stringify(report, null, 2)}\n`);
  const line = (name, t) => `  ${t.ok ? 'ok  ' : 'MISS'} ${name}: ${t.value}${t.limit !== undefined ? ` (limit ${t.limit})` : ''}`;
  console.log(`soak: ${requests} requests in ${report.seconds} s = ${report.reqPerSec} req/s; latency p50 ${report.latencyMs.p50} ms, p99 ${report.latencyMs.p99} ms`);
  console.log(`  server CPU ${report.serverCpuPercent} % of a core, load generators ${report.loadCpuPercent} %; machine load average ${report.loadAverage.join(' / ')}`);
  console.log(`  statuses: ${Object.entries(statuses).map(([s, n]) => `${s}×${n}`).join(' ')}; deliberate client drops ${deliberateDrops}`);
  if (fiveHundreds) console.log(`  5xx by request: ${JSON.stringify(fiveHundredsBy)}`);
  if (dropped) console.log(`  dropped by request: ${JSON.stringify(droppedBy)}; ${droppedSamples.slice(0, 5).join(' | ')}`);
  console.log(`  RSS ${samples[0].rssMb} → ${samples[samples.length - 1].rssMb} MB (max ${rssMaxMb}); heap ${samples[0].heapMb} → ${samples[samples.length - 1].heapMb} MB`);
  for (const [name, t] of Object.entries(targets)) console.log(line(name, t));
  console.log(`  results: ${OUT}`);
  process.exitCode = report.passed ? 0 : 1;
}

if (process.argv[2] === '--worker') {
  const [, , , port, deadline, id] = process.argv;
  const stats = await worker(Number(port), Number(deadline), id);
  process.send(stats, () => process.exit(0));
} else {
  await main();
}
