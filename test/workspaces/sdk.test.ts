// The official SDK's workspace helpers against the emulator, with real temporary files.
import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import type { Test } from 'tap';
import { BrowserUse } from 'browser-use-sdk/v3';
import { startTestServer } from '../helpers/server.js';

async function tempDir(t: Test): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'bu-mock-ws-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** Every byte value, twice, then some UTF-8 text: catches any text decoding on the way. */
const binary = Buffer.concat([Buffer.from(Array.from({ length: 512 }, (_, i) => i % 256)), Buffer.from('\r\n\u0000é✓\n', 'utf8')]);

t.test('upload, download and downloadAll round-trip byte for byte', async (t) => {
  const s = await startTestServer(t);
  const client = new BrowserUse({ apiKey: 'sdk-key', baseUrl: s.apiUrl, maxRetries: 0 });
  const src = await tempDir(t);
  const out = await tempDir(t);
  const csv = 'name,price\n"Mouse, wireless",19.99\n';
  await writeFile(join(src, 'data.csv'), csv);
  await writeFile(join(src, 'image.png'), binary);
  await writeFile(join(src, 'config.json'), JSON.stringify({ retries: 3 }));
  await writeFile(join(src, 'blob'), binary.subarray(100));

  const ws = await client.workspaces.create({ name: 'sdk round trip' });
  t.equal(ws.name, 'sdk round trip');

  const plain = await client.workspaces.upload(ws.id, join(src, 'data.csv'), join(src, 'image.png'));
  t.same(plain, ['data.csv', 'image.png'], 'without a prefix files land at the root');
  const prefixed = await client.workspaces.upload(ws.id, join(src, 'config.json'), join(src, 'blob'), { prefix: 'uploads/' });
  t.same(prefixed, ['uploads/config.json', 'uploads/blob']);

  const listing = await client.workspaces.files(ws.id);
  t.same(
    listing.files.map((f) => [f.path, f.size]),
    [
      ['data.csv', csv.length],
      ['image.png', binary.length],
      ['uploads/blob', binary.length - 100],
      ['uploads/config.json', 13],
    ],
  );

  const png = await client.workspaces.download(ws.id, 'image.png', { to: join(out, 'one', 'image.png') });
  t.equal(png, join(out, 'one', 'image.png'));
  t.same(await readFile(png), binary, 'binary download is exact');
  const blob = await client.workspaces.download(ws.id, 'uploads/blob', { to: join(out, 'one', 'blob') });
  t.same(await readFile(blob), binary.subarray(100));
  await t.rejects(client.workspaces.download(ws.id, 'uploads/missing.txt', { to: join(out, 'x') }), /File not found in workspace/);

  const all = await client.workspaces.downloadAll(ws.id, { to: join(out, 'all') });
  t.equal(all.length, 4);
  for (const [rel, original] of [
    ['data.csv', join(src, 'data.csv')],
    ['image.png', join(src, 'image.png')],
    ['uploads/config.json', join(src, 'config.json')],
    ['uploads/blob', join(src, 'blob')],
  ] as const) {
    t.same(await readFile(join(out, 'all', rel)), await readFile(original), rel);
  }
  const onlyUploads = await client.workspaces.downloadAll(ws.id, { to: join(out, 'uploads-only'), prefix: 'uploads/' });
  t.same(onlyUploads.sort(), [join(out, 'uploads-only', 'uploads', 'blob'), join(out, 'uploads-only', 'uploads', 'config.json')]);

  const size = (await client.workspaces.size(ws.id)) as { usedBytes: number; fileCount: number };
  t.equal(size.fileCount, 4);
  t.equal(size.usedBytes, csv.length + binary.length + (binary.length - 100) + 13);

  await client.workspaces.deleteFile(ws.id, 'data.csv');
  t.same(
    (await client.workspaces.files(ws.id)).files.map((f) => f.path),
    ['image.png', 'uploads/blob', 'uploads/config.json'],
  );
  await client.workspaces.delete(ws.id);
  await t.rejects(client.workspaces.get(ws.id), { statusCode: 404, message: 'Workspace not found' });
});

t.test('downloadAll follows cursors past one page', async (t) => {
  const s = await startTestServer(t);
  const client = new BrowserUse({ apiKey: 'sdk-key', baseUrl: s.apiUrl, maxRetries: 0 });
  const src = await tempDir(t);
  const out = await tempDir(t);
  const ws = await client.workspaces.create({});
  const names: string[] = [];
  for (let batch = 0; batch < 6; batch++) {
    const paths: string[] = [];
    for (let i = 0; i < 10; i++) {
      const name = `f${String(batch * 10 + i).padStart(2, '0')}.txt`;
      await mkdir(src, { recursive: true });
      await writeFile(join(src, name), `file ${name}\n`);
      paths.push(join(src, name));
      names.push(name);
    }
    await client.workspaces.upload(ws.id, ...paths, { prefix: 'many' });
  }
  const first = await client.workspaces.files(ws.id);
  t.equal(first.files.length, 50, 'default limit');
  t.equal(first.hasMore, true);
  const all = await client.workspaces.downloadAll(ws.id, { to: out });
  t.equal(all.length, 60);
  t.equal(await readFile(join(out, 'many', 'f59.txt'), 'utf8'), 'file f59.txt\n');
});

t.test('upload errors surface through the SDK', async (t) => {
  const s = await startTestServer(t, { maxFileBytes: 100 });
  const client = new BrowserUse({ apiKey: 'sdk-key', baseUrl: s.apiUrl, maxRetries: 0 });
  const src = await tempDir(t);
  await writeFile(join(src, 'big.bin'), Buffer.alloc(101));
  const ws = await client.workspaces.create({});
  await t.rejects(client.workspaces.upload(ws.id, join(src, 'big.bin')), { statusCode: 400, message: /at most 100 bytes/ });
  await t.rejects(client.workspaces.upload(ws.id, join(src, 'big.bin'), { prefix: '../up' }), { statusCode: 400, message: /Invalid prefix/ });
});
