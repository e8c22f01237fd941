// The admin API (every operation of openapi/admin.json) and the web routes (live pages, presigned media
// and transfer URLs, the document, docs, health, unknown routes, wrong methods), fuzzed over HTTP.
import t from 'tap';
import { checkAdmin } from '../admin/admin-check.js';
import { snapshotDiff } from './lib/checks.js';
import { checkResponse } from './lib/invariants.js';
import type { ResponseRules } from './lib/invariants.js';
import type { RawRequest, RawResponse } from './lib/client.js';
import { adminPlanArb, buildAdminRequest, buildWebRequest, readTargets, webPlanArb } from './lib/route-plans.js';
import type { WebTargets } from './lib/route-plans.js';
import { startFuzzWorld } from './lib/setup.js';
import { countStatus, formatStats, fuzz, newStats, SEED } from './lib/runner.js';

const FILE = 'test/fuzz/routes.test.ts';
const ADMIN_RUNS = 60;
const WEB_RUNS = 60;
const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

t.setTimeout(Number(process.env.FUZZ_TIMEOUT_MS ?? 3_600_000));
t.comment(`FUZZ_SEED=${SEED}`);

t.test('admin API and web routes', async (t) => {
  const { client, world } = await startFuzzWorld(t, 'fuzz-key', 'fuzz-other-key');
  let targets: WebTargets = await readTargets(world);
  const stats = newStats();
  let rebuild = false;

  /** Everything an admin or web request could change: the key, the fault rules and the clock. */
  const snapshot = async (): Promise<string> => {
    const faults = await client.json('GET', '/_mock/faults', null);
    const clock = await client.json('GET', '/_mock/clock', null);
    return `${await world.snapshot()}\nfaults ${faults.text}\nclock ${clock.text}`;
  };
  const freshWorld = async (): Promise<void> => {
    await client.json('POST', '/_mock/reset', null);
    await world.setup();
    targets = await readTargets(world);
  };
  /** Sends one request with the per-response checks and, for a refused mutating request, the state check. */
  const sendChecked = async (req: RawRequest, rules: ResponseRules, extra?: (res: RawResponse) => string | undefined): Promise<{ res: RawResponse; problem?: string }> => {
    const before = MUTATING.has(req.method) ? await snapshot() : undefined;
    const res = await client.send(req);
    countStatus(stats, res.status);
    let problem = checkResponse(res, rules) ?? (res.status < 500 ? extra?.(res) : undefined);
    if (!problem && before !== undefined && res.status >= 400 && res.status < 500) {
      const after = await snapshot();
      if (after !== before) problem = `a rejected request changed state:\n  ${snapshotDiff(before, after)}`;
    }
    return { res, problem };
  };
  const afterEach = async (problem: string | undefined): Promise<string | undefined> => {
    // Rules added by the request must not act on the checks that follow.
    await client.json('DELETE', '/_mock/faults', null);
    if (problem) return problem;
    const unusable = await world.usable();
    return unusable ? `the key is no longer usable:\n${unusable}` : undefined;
  };

  await fuzz(t, 'admin API', FILE, adminPlanArb(), async (plan) => {
    if (rebuild) await freshWorld();
    rebuild = false;
    const req = buildAdminRequest(world, plan);
    const mutating = MUTATING.has(req.method);
    const { res, problem } = await sendChecked(req, {}, (r) => {
      const contract = checkAdmin(req.method, req.path, r.status, r.text);
      return contract && !contract.includes('is not documented') ? `openapi/admin.json: ${contract}` : undefined;
    });
    // A successful reset, balance, concurrency or clock change is meant to change things: start over
    // before the usability check, which needs the fixtures and a spendable balance.
    if (!problem && mutating && res.status < 300) await freshWorld();
    if (problem) rebuild = true;
    const found = await afterEach(problem);
    return found ? `${req.method} ${req.path.slice(0, 300)} → ${res.status}\n${found}` : undefined;
  }, ADMIN_RUNS);

  await fuzz(t, 'web routes', FILE, webPlanArb(), async (plan) => {
    if (rebuild) await freshWorld();
    rebuild = false;
    const req = buildWebRequest(targets, plan);
    const pathname = req.path.split('?')[0] ?? '';
    const { res, problem } = await sendChecked(req, {
      // The CDP address answers 501 by design (docs/behavior.md, Browsers).
      allowed5xx: pathname.startsWith('/_mock/cdp/') ? [501] : [],
      // Presigned URLs and the upload form answer S3-style XML; live and share pages, and the inspector's
      // live link (a page for a person), HTML; HEAD has no body to check.
      nonJsonErrors:
        req.method === 'HEAD' ||
        /^\/_mock\/(screenshots|recordings|workspaces|v2|skill-outputs)\//.test(pathname) ||
        /^\/_mock\/uploads\/?$/.test(pathname) ||
        /^\/(live|share|_mock\/ui\/live)\/[^/]+$/.test(pathname),
    });
    if (problem) rebuild = true;
    const found = await afterEach(problem);
    return found ? `${req.method} ${req.path.slice(0, 300)} → ${res.status}\n${found}` : undefined;
  }, WEB_RUNS);

  const isolation = await world.isolation();
  t.equal(isolation, undefined, "another key's objects answer 404");
  t.comment(formatStats(stats));
});
