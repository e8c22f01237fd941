// Micro-benchmark of request validation alone (no HTTP): a typical POST /sessions body and a
// GET /sessions/{id} path, through validateInput of the built server. Run after `npm run build`.
import { loadContract } from '../dist/contract/document.js';
import { validateInput } from '../dist/contract/request.js';

const contract = loadContract();
const op = (id) => {
  const found = contract.operations.get(id);
  if (!found) throw new Error(`no operation ${id}`);
  return found;
};
const create = op('create_session_sessions_post');
const get = op('get_session_sessions__session_id__get');
const noRaw = { params: {}, query: {}, contentType: 'application/json', body: undefined };
const getRaw = { params: { session_id: '3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6b' }, query: {}, contentType: undefined, body: undefined };
const bodyText = JSON.stringify({ task: 'Find the cheapest flight from Berlin to Lisbon next Friday', model: 'claude-sonnet-4.6', keepAlive: false });

function run(name, fn, ms = Number(process.env.BENCH_MS ?? 1500)) {
  for (let i = 0; i < 20_000; i++) fn();
  let n = 0;
  const start = process.hrtime.bigint();
  const end = start + BigInt(ms) * 1_000_000n;
  let now = start;
  while (now < end) {
    for (let i = 0; i < 1000; i++) fn();
    n += 1000;
    now = process.hrtime.bigint();
  }
  const opsPerSec = Math.round((n * 1e9) / Number(now - start));
  console.log(`${name}: ${opsPerSec.toLocaleString('en-US')} ops/s`);
}

// The body is decoded afresh each time, as a request would be.
run('POST /sessions body', () => validateInput(contract, create, noRaw, JSON.parse(bodyText), false));
run('GET /sessions/{id} path', () => validateInput(contract, get, getRaw, undefined, false));
