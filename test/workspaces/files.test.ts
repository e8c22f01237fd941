// Workspace files over plain HTTP: presigned upload and download URLs, listing, paths, quotas.
import t from 'tap';
import type { FileListResponse, FileUploadResponse, WorkspaceView } from '../../src/contract/types.generated.js';
import type { TestServer } from '../helpers/server.js';
import { startTestServer } from '../helpers/server.js';

type Detail = { detail: string };
type Issues = { detail: { type: string; loc: (string | number)[]; msg: string; input: unknown }[] };

async function workspace(s: TestServer, key?: string): Promise<string> {
  return (await s.call<WorkspaceView>('POST', '/workspaces', { body: {}, key })).json.id;
}

/** Asks for one upload URL and PUTs the bytes to it; returns the stored path. */
async function put(s: TestServer, ws: string, name: string, bytes: Buffer, contentType = 'application/octet-stream', prefix = '', key?: string): Promise<string> {
  const q = prefix ? `?prefix=${encodeURIComponent(prefix)}` : '';
  const r = await s.call<FileUploadResponse>('POST', `/workspaces/${ws}/files/upload${q}`, { body: { files: [{ name, contentType, size: bytes.length }] }, key });
  if (r.status !== 200) throw new Error(`upload URL request failed: ${r.status} ${r.text}`);
  const target = r.json.files[0];
  if (!target) throw new Error('no upload target');
  const res = await fetch(target.uploadUrl, { method: 'PUT', headers: { 'Content-Type': contentType }, body: bytes });
  if (res.status !== 200) throw new Error(`PUT failed: ${res.status} ${await res.text()}`);
  return target.path;
}

const xmlCode = (text: string): string => /<Code>([^<]*)<\/Code>/.exec(text)?.[1] ?? '';

t.test('upload URL → PUT → list → download, byte for byte', async (t) => {
  const s = await startTestServer(t);
  const ws = await workspace(s);
  const bytes = Buffer.from([0, 1, 2, 255, 254, 10, 13, 0x80, 0x7f]);
  const urls = await s.call<FileUploadResponse>('POST', `/workspaces/${ws}/files/upload?prefix=uploads/`, {
    body: { files: [{ name: 'blob.bin', contentType: 'application/octet-stream', size: bytes.length }, { name: 'notes.txt', contentType: 'text/plain', size: 5 }] },
  });
  t.equal(urls.status, 200);
  t.same(
    urls.json.files.map((f) => [f.name, f.path]),
    [
      ['blob.bin', 'uploads/blob.bin'],
      ['notes.txt', 'uploads/notes.txt'],
    ],
  );
  const blobUrl = new URL(urls.json.files[0]?.uploadUrl ?? '');
  t.equal(blobUrl.origin, s.url, 'the URL points at the emulator');
  t.equal(blobUrl.pathname, `/_mock/workspaces/${ws}/files/uploads/blob.bin`);
  t.equal(blobUrl.searchParams.get('X-Amz-Expires'), '300');
  t.ok(blobUrl.searchParams.get('X-Amz-Signature'));

  const nothingYet = await s.call<FileListResponse>('GET', `/workspaces/${ws}/files`);
  t.same(nothingYet.json.files, [], 'an upload URL alone stores nothing');

  s.advance(2000);
  const putRes = await fetch(blobUrl, { method: 'PUT', headers: { 'Content-Type': 'application/octet-stream' }, body: bytes });
  t.equal(putRes.status, 200);
  t.match(putRes.headers.get('etag'), /^"[0-9a-f]{32}"$/);
  const notes = await fetch(urls.json.files[1]?.uploadUrl ?? '', { method: 'PUT', headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body: 'hello' });
  t.equal(notes.status, 200, 'media type parameters do not matter');

  const listed = await s.call<FileListResponse>('GET', `/workspaces/${ws}/files?includeUrls=true`);
  t.equal(listed.status, 200);
  t.same(
    listed.json.files.map((f) => [f.path, f.size, f.lastModified]),
    [
      ['uploads/blob.bin', 9, '2026-01-01T00:00:02Z'],
      ['uploads/notes.txt', 5, '2026-01-01T00:00:02Z'],
    ],
  );
  t.equal(listed.json.hasMore, false);
  t.equal(listed.json.nextCursor, null);
  const url = listed.json.files[0]?.url ?? '';
  t.equal(new URL(url).searchParams.get('X-Amz-Expires'), '60');
  const got = await fetch(url);
  t.equal(got.status, 200);
  t.equal(got.headers.get('content-type'), 'application/octet-stream');
  t.equal(got.headers.get('etag'), putRes.headers.get('etag'));
  t.same(Buffer.from(await got.arrayBuffer()), bytes, 'same bytes back');
  const text = await fetch(listed.json.files[1]?.url ?? '');
  t.equal(text.headers.get('content-type'), 'text/plain');
  t.equal(await text.text(), 'hello');

  const plain = await s.call<FileListResponse>('GET', `/workspaces/${ws}/files`);
  t.notOk('url' in (plain.json.files[0] ?? {}), 'no url without includeUrls');

  // Replacing a file: new bytes, new time, same path.
  s.advance(1000);
  await put(s, ws, 'notes.txt', Buffer.from('hello again'), 'text/plain', 'uploads');
  const replaced = await s.call<FileListResponse>('GET', `/workspaces/${ws}/files?prefix=uploads/notes.txt`);
  t.same(
    replaced.json.files.map((f) => [f.path, f.size, f.lastModified]),
    [['uploads/notes.txt', 11, '2026-01-01T00:00:03Z']],
  );

  const size = await s.call<Record<string, unknown>>('GET', `/workspaces/${ws}/size`);
  t.equal(size.status, 200);
  t.same(size.json, { workspaceId: ws, usedBytes: 20, fileCount: 2, quotaBytes: 32 * 1024 * 1024, quotaUsedBytes: 20, maxFileBytes: 25 * 1024 * 1024 });
});

t.test('signed URLs: tampering, expiry, declared size and type', async (t) => {
  const s = await startTestServer(t);
  const ws = await workspace(s);
  const ask = async (name: string, size: number, contentType = 'text/csv'): Promise<string> => {
    const r = await s.call<FileUploadResponse>('POST', `/workspaces/${ws}/files/upload`, { body: { files: [{ name, contentType, size }] } });
    return r.json.files[0]?.uploadUrl ?? '';
  };
  const putTo = (url: string | URL, body: string | Buffer, type = 'text/csv'): Promise<Response> => fetch(url, { method: 'PUT', headers: { 'Content-Type': type }, body });

  const url = await ask('a.csv', 3);
  const otherPath = url.replace('/files/a.csv', '/files/b.csv');
  const r1 = await putTo(otherPath, 'x,y');
  t.equal(r1.status, 403);
  t.equal(r1.headers.get('content-type'), 'application/xml');
  t.equal(xmlCode(await r1.text()), 'SignatureDoesNotMatch', 'another path is not covered by the signature');

  const bigger = new URL(url);
  bigger.searchParams.set('X-Bu-Content-Length', '3000');
  t.equal(xmlCode(await (await putTo(bigger, 'x'.repeat(3000))).text()), 'SignatureDoesNotMatch', 'the declared size is signed');
  const retyped = new URL(url);
  retyped.searchParams.set('X-Bu-Content-Type', 'text/html');
  t.equal(xmlCode(await (await putTo(retyped, 'x,y', 'text/html')).text()), 'SignatureDoesNotMatch', 'the declared type is signed');
  const longer = new URL(url);
  longer.searchParams.set('X-Amz-Expires', '999999');
  t.equal(xmlCode(await (await putTo(longer, 'x,y')).text()), 'SignatureDoesNotMatch', 'the lifetime is signed');
  const unsigned = new URL(url);
  unsigned.searchParams.delete('X-Amz-Signature');
  t.equal((await putTo(unsigned, 'x,y')).status, 403);

  const wrongType = await putTo(url, 'x,y', 'application/json');
  t.equal(wrongType.status, 403);
  const wrongTypeBody = await wrongType.text();
  t.equal(xmlCode(wrongTypeBody), 'SignatureDoesNotMatch');
  t.match(wrongTypeBody, /Content-Type header \(application\/json\) does not match the type this URL was signed for \(text\/csv\)/);
  const noType = await fetch(url, { method: 'PUT', body: Buffer.from('x,y') });
  t.equal(noType.status, 403, 'a missing Content-Type is a mismatch too');

  const short = await putTo(url, 'x,');
  t.equal(short.status, 403);
  t.match(await short.text(), /The body is 2 bytes but this URL was signed for 3 bytes/);
  const long = await putTo(url, 'x,yz');
  t.equal(long.status, 403);

  const listed = await s.call<FileListResponse>('GET', `/workspaces/${ws}/files`);
  t.same(listed.json.files, [], 'no refused PUT stored anything');

  t.equal((await putTo(url, 'x,y')).status, 200, 'the right request still works');
  t.equal((await putTo(url, 'x,y')).status, 200, 'an upload URL can be used again until it expires');

  const late = await ask('late.csv', 3);
  s.advance(300_000);
  t.equal((await putTo(late, 'x,y')).status, 200, 'valid for exactly 5 minutes');
  s.advance(1000);
  const expired = await putTo(late, 'x,y');
  t.equal(expired.status, 403);
  const expiredBody = await expired.text();
  t.equal(xmlCode(expiredBody), 'AccessDenied');
  t.match(expiredBody, /Request has expired/);
  t.match(expiredBody, /<RequestId>[^<]+<\/RequestId>/);

  const list = await s.call<FileListResponse>('GET', `/workspaces/${ws}/files?includeUrls=true`);
  const download = list.json.files[0]?.url ?? '';
  t.equal((await fetch(download)).status, 200);
  const tampered = download.replace('/files/a.csv', '/files/late.csv');
  t.equal(xmlCode(await (await fetch(tampered)).text()), 'SignatureDoesNotMatch');
  t.equal((await fetch(download, { method: 'PUT', body: 'x,y', headers: { 'Content-Type': 'text/csv' } })).status, 403, 'a GET URL does not allow PUT');
  s.advance(60_001);
  const gone = await fetch(download);
  t.equal(gone.status, 403, 'download URLs live 60 seconds');
  t.equal(xmlCode(await gone.text()), 'AccessDenied');

  const forged = await fetch(`${s.url}/_mock/workspaces/${ws}/files/a.csv`);
  t.equal(forged.status, 403, 'no signature, no file');
});

t.test('a file deleted after its URL was issued: 404 NoSuchKey; a deleted workspace: NoSuchBucket', async (t) => {
  const s = await startTestServer(t);
  const ws = await workspace(s);
  await put(s, ws, 'a.txt', Buffer.from('abc'), 'text/plain');
  const list = await s.call<FileListResponse>('GET', `/workspaces/${ws}/files?includeUrls=true`);
  const upload = await s.call<FileUploadResponse>('POST', `/workspaces/${ws}/files/upload`, { body: { files: [{ name: 'b.txt', contentType: 'text/plain', size: 1 }] } });
  t.equal((await s.call('DELETE', `/workspaces/${ws}/files?path=a.txt`)).status, 204);
  const missing = await fetch(list.json.files[0]?.url ?? '');
  t.equal(missing.status, 404);
  t.equal(xmlCode(await missing.text()), 'NoSuchKey');
  t.equal((await s.call('DELETE', `/workspaces/${ws}`)).status, 204);
  const orphan = await fetch(upload.json.files[0]?.uploadUrl ?? '', { method: 'PUT', headers: { 'Content-Type': 'text/plain' }, body: 'b' });
  t.equal(orphan.status, 404);
  t.equal(xmlCode(await orphan.text()), 'NoSuchBucket');
});

t.test('listing: prefix, limit, cursor, shallow folders', async (t) => {
  const s = await startTestServer(t);
  const ws = await workspace(s);
  const paths = ['a.txt', 'b/1.txt', 'b/2.txt', 'b/c/3.txt', 'b/c/d/4.txt', 'b-side.txt', 'b.txt', 'z/9.txt', 'report.csv'];
  for (const p of paths) await put(s, ws, p, Buffer.from(p), 'text/plain');
  const sorted = [...paths].sort();

  const all = await s.call<FileListResponse>('GET', `/workspaces/${ws}/files`);
  t.same(
    all.json.files.map((f) => f.path),
    sorted,
    'sorted by path',
  );
  t.same(all.json.folders, [], 'no folders unless shallow');

  const walked: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const q: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const page: FileListResponse = (await s.call<FileListResponse>('GET', `/workspaces/${ws}/files?limit=2${q}`)).json;
    t.ok(page.files.length <= 2);
    walked.push(...page.files.map((f) => f.path));
    t.equal(page.hasMore, page.nextCursor !== null);
    cursor = page.nextCursor ?? null;
    pages++;
  } while (cursor);
  t.same(walked, sorted, 'cursor paging visits every file once');
  t.equal(pages, 5);

  const underB = await s.call<FileListResponse>('GET', `/workspaces/${ws}/files?prefix=b/`);
  t.same(
    underB.json.files.map((f) => f.path),
    ['b/1.txt', 'b/2.txt', 'b/c/3.txt', 'b/c/d/4.txt'],
  );
  const rawPrefix = await s.call<FileListResponse>('GET', `/workspaces/${ws}/files?prefix=b`);
  t.same(
    rawPrefix.json.files.map((f) => f.path),
    ['b-side.txt', 'b.txt', 'b/1.txt', 'b/2.txt', 'b/c/3.txt', 'b/c/d/4.txt'],
    'without shallow the prefix is a plain string prefix',
  );
  const normalised = await s.call<FileListResponse>('GET', `/workspaces/${ws}/files?prefix=${encodeURIComponent('./b//c/')}`);
  t.same(
    normalised.json.files.map((f) => f.path),
    ['b/c/3.txt', 'b/c/d/4.txt'],
    'prefixes are normalised',
  );

  const root = await s.call<FileListResponse>('GET', `/workspaces/${ws}/files?shallow=true`);
  t.same(
    root.json.files.map((f) => f.path),
    ['a.txt', 'b-side.txt', 'b.txt', 'report.csv'],
  );
  t.same(root.json.folders, ['b', 'z'], 'immediate folder names');
  const inB = await s.call<FileListResponse>('GET', `/workspaces/${ws}/files?shallow=true&prefix=b`);
  t.same(
    inB.json.files.map((f) => f.path),
    ['b/1.txt', 'b/2.txt'],
    'in shallow mode the prefix names a folder',
  );
  t.same(inB.json.folders, ['c']);

  const entries: string[] = [];
  cursor = null;
  do {
    const q: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const page: FileListResponse = (await s.call<FileListResponse>('GET', `/workspaces/${ws}/files?shallow=true&limit=1${q}`)).json;
    t.equal(page.files.length + (page.folders ?? []).length, 1, 'a folder counts as one entry');
    entries.push(...page.files.map((f) => f.path), ...(page.folders ?? []).map((f) => `${f}/`));
    cursor = page.nextCursor ?? null;
  } while (cursor);
  t.same(entries, ['a.txt', 'b-side.txt', 'b.txt', 'b/', 'report.csv', 'z/']);

  const bad = await s.call<Issues>('GET', `/workspaces/${ws}/files?cursor=not-a-cursor!`);
  t.equal(bad.status, 422);
  t.same(bad.json.detail[0]?.loc, ['query', 'cursor']);
  for (const q of ['limit=0', 'limit=101', 'includeUrls=maybe', 'shallow=2']) {
    t.equal((await s.call('GET', `/workspaces/${ws}/files?${q}`)).status, 422, q);
  }
  const none = await s.call<FileListResponse>('GET', `/workspaces/${ws}/files?prefix=nothing/`);
  t.same([none.json.files, none.json.folders, none.json.hasMore, none.json.nextCursor], [[], [], false, null]);
});

t.test('paths: normalised, or refused with a reason', async (t) => {
  const s = await startTestServer(t);
  const ws = await workspace(s);
  t.equal(await put(s, ws, 'x.txt', Buffer.from('1'), 'text/plain', './in//box/'), 'in/box/x.txt');
  t.equal(await put(s, ws, 'deep/y.txt', Buffer.from('2'), 'text/plain', 'in'), 'in/deep/y.txt', 'a prefix is a folder with or without "/"; names may hold folders');
  t.equal(await put(s, ws, 'résumé 2026 (final).txt', Buffer.from('3'), 'text/plain'), 'résumé 2026 (final).txt');
  const listed = await s.call<FileListResponse>('GET', `/workspaces/${ws}/files?includeUrls=true&prefix=r`);
  const url = listed.json.files[0]?.url ?? '';
  t.match(url, /r%C3%A9sum%C3%A9%202026%20\(final\)\.txt\?/);
  t.equal(await (await fetch(url)).text(), '3', 'encoded names download');

  const deepFolder = `${'d'.repeat(250)}/${'e'.repeat(250)}/${'f'.repeat(250)}/${'g'.repeat(250)}/`;
  const deep = `${deepFolder}x.bin`;
  t.equal(deep.length, 1009);
  t.equal(await put(s, ws, 'x.bin', Buffer.from([9, 8, 7]), 'application/octet-stream', deepFolder), deep, 'long paths up to 1024 bytes work');
  const deepList = await s.call<FileListResponse>('GET', `/workspaces/${ws}/files?includeUrls=true&prefix=${'d'.repeat(250)}/`);
  t.same(Buffer.from(await (await fetch(deepList.json.files[0]?.url ?? '')).arrayBuffer()), Buffer.from([9, 8, 7]));
  const tooDeep = await s.call<Detail>('POST', `/workspaces/${ws}/files/upload?prefix=${deepFolder}`, { body: { files: [{ name: 'y'.repeat(21), size: 1 }] } });
  t.equal(tooDeep.status, 400);
  t.match(tooDeep.json.detail, /longer than 1024 bytes/);

  const cases: [string, string, RegExp][] = [
    ['../escape.txt', '', /contains a "\.\." segment/],
    ['a/../../b.txt', '', /contains a "\.\." segment/],
    ['ok.txt', '../', /Invalid prefix/],
    ['/etc/passwd', '', /is absolute/],
    ['ok.txt', '/abs/', /is absolute/],
    ['a\\b.txt', '', /backslash/],
    ['nul\u0000.txt', '', /NUL/],
    ['bell\u0007.txt', '', /control character/],
    ['line\nbreak.txt', '', /control character/],
    ['%2e%2e/x.txt', '', /percent-encoded/],
    ['folder/', '', /names a folder/],
    ['.', '', /is empty/],
    ['é'.repeat(128), '', /longer than 255 bytes/],
  ];
  for (const [name, prefix, reason] of cases) {
    const q = prefix ? `?prefix=${encodeURIComponent(prefix)}` : '';
    const r = await s.call<Detail>('POST', `/workspaces/${ws}/files/upload${q}`, { body: { files: [{ name, size: 1 }] } });
    t.equal(r.status, 400, JSON.stringify([name, prefix]));
    t.match(r.json.detail, reason);
  }
  const emptyName = await s.call('POST', `/workspaces/${ws}/files/upload`, { body: { files: [{ name: '', size: 1 }] } });
  t.equal(emptyName.status, 422, 'the schema rules come first');
  const tooMany = await s.call('POST', `/workspaces/${ws}/files/upload`, { body: { files: Array.from({ length: 11 }, (_, i) => ({ name: `${i}.txt`, size: 1 })) } });
  t.equal(tooMany.status, 422);
  const zero = await s.call('POST', `/workspaces/${ws}/files/upload`, { body: { files: [{ name: 'empty.txt', size: 0 }] } });
  t.equal(zero.status, 422, 'size must be at least 1');
  const noSize = await s.call<Detail>('POST', `/workspaces/${ws}/files/upload`, { body: { files: [{ name: 'a.txt' }] } });
  t.equal(noSize.status, 400);
  t.match(noSize.json.detail, /has no size/);

  const badPrefix = await s.call<Issues>('GET', `/workspaces/${ws}/files?prefix=${encodeURIComponent('../')}`);
  t.equal(badPrefix.status, 422);
  t.same(badPrefix.json.detail[0]?.loc, ['query', 'prefix']);
  t.match(badPrefix.json.detail[0]?.msg, /^Value error, prefix contains a "\.\." segment/);
  const badPath = await s.call<Issues>('DELETE', `/workspaces/${ws}/files?path=${encodeURIComponent('a\\b')}`);
  t.equal(badPath.status, 422);
  t.same(badPath.json.detail[0]?.loc, ['query', 'path']);
  t.equal((await s.call('DELETE', `/workspaces/${ws}/files`)).status, 422, 'path is required');

  const del = await s.call('DELETE', `/workspaces/${ws}/files?path=${encodeURIComponent('./in//box/x.txt')}`);
  t.equal(del.status, 204, 'delete normalises the path too');
  const again = await s.call<Detail>('DELETE', `/workspaces/${ws}/files?path=in/box/x.txt`);
  t.same([again.status, again.json], [404, { detail: 'File not found' }], 'a missing file: 404');
  const folder = await s.call<Detail>('DELETE', `/workspaces/${ws}/files?path=in`);
  t.equal(folder.status, 404, 'a folder is not a file');
});

t.test('caps: per file, per key, in total', async (t) => {
  const s = await startTestServer(t, { maxFileBytes: 1000, maxStorageBytes: 2500, maxTotalStorageBytes: 4000 });
  const ws = await workspace(s);
  const big = await s.call<Detail>('POST', `/workspaces/${ws}/files/upload`, { body: { files: [{ name: 'big.bin', size: 1001 }] } });
  t.equal(big.status, 400);
  t.match(big.json.detail, /1001 bytes; a workspace file may hold at most 1000 bytes \(BU_MOCK_MAX_FILE_BYTES\)/);

  await put(s, ws, 'one.bin', Buffer.alloc(1000, 1));
  await put(s, ws, 'two.bin', Buffer.alloc(1000, 2));
  const over = await s.call<Detail>('POST', `/workspaces/${ws}/files/upload`, { body: { files: [{ name: 'three.bin', size: 600 }] } });
  t.equal(over.status, 400);
  t.match(over.json.detail, /Storage quota exceeded: this needs 600 more bytes but only 500 of the key's 2500 bytes are free/);
  const otherWs = await workspace(s);
  const sameKey = await s.call('POST', `/workspaces/${otherWs}/files/upload`, { body: { files: [{ name: 'x.bin', size: 600 }] } });
  t.equal(sameKey.status, 400, 'the quota covers all workspaces of the key');
  const replace = await s.call('POST', `/workspaces/${ws}/files/upload`, { body: { files: [{ name: 'one.bin', size: 1000 }] } });
  t.equal(replace.status, 200, 'replacing a file only needs the difference');

  // Two URLs issued while there was room: the second PUT no longer fits.
  const a = await s.call<FileUploadResponse>('POST', `/workspaces/${ws}/files/upload`, { body: { files: [{ name: 'a.bin', size: 400 }] } });
  const b = await s.call<FileUploadResponse>('POST', `/workspaces/${ws}/files/upload`, { body: { files: [{ name: 'b.bin', size: 400 }] } });
  const putA = await fetch(a.json.files[0]?.uploadUrl ?? '', { method: 'PUT', headers: { 'Content-Type': 'application/octet-stream' }, body: Buffer.alloc(400) });
  t.equal(putA.status, 200);
  const putB = await fetch(b.json.files[0]?.uploadUrl ?? '', { method: 'PUT', headers: { 'Content-Type': 'application/octet-stream' }, body: Buffer.alloc(400) });
  t.equal(putB.status, 403);
  const putBBody = await putB.text();
  t.equal(xmlCode(putBBody), 'QuotaExceeded');
  t.match(putBBody, /Storage quota exceeded/);

  // A body over the per-file cap is cut off before the signature is even read.
  const huge = await fetch(a.json.files[0]?.uploadUrl ?? '', { method: 'PUT', headers: { 'Content-Type': 'application/octet-stream' }, body: Buffer.alloc(1001) });
  t.equal(huge.status, 400);
  t.equal(xmlCode(await huge.text()), 'EntityTooLarge');

  // Deleting frees the key's bytes; other keys share the emulator-wide cap.
  t.equal((await s.call('DELETE', `/workspaces/${ws}`)).status, 204);
  const size = await s.call<{ quotaUsedBytes: number }>('GET', `/workspaces/${otherWs}/size`);
  t.equal(size.json.quotaUsedBytes, 0, 'deleting a workspace removes its files');
  await put(s, otherWs, 'k1.bin', Buffer.alloc(1000));
  await put(s, otherWs, 'k1b.bin', Buffer.alloc(1000));
  const ws2 = await workspace(s, 'k2');
  await put(s, ws2, 'k2.bin', Buffer.alloc(1000), 'application/octet-stream', '', 'k2');
  const full = await s.call<Detail>('POST', `/workspaces/${ws2}/files/upload`, { body: { files: [{ name: 'more.bin', size: 600 }, { name: 'most.bin', size: 600 }] }, key: 'k2' });
  t.equal(full.status, 400);
  t.match(full.json.detail, /Emulator storage is full: this needs 1200 more bytes but only 1000 of 4000 bytes are free across all keys/);
});

t.test('URLs of a forgotten key stop working; the owner index stays right when rebuilt', async (t) => {
  const s = await startTestServer(t, { maxProjects: 2 });
  const ws = await workspace(s, 'first');
  const upload = await s.call<FileUploadResponse>('POST', `/workspaces/${ws}/files/upload`, { key: 'first', body: { files: [{ name: 'a.txt', contentType: 'text/plain', size: 1 }] } });
  await workspace(s, 'second');
  await workspace(s, 'third');
  const orphan = await fetch(upload.json.files[0]?.uploadUrl ?? '', { method: 'PUT', headers: { 'Content-Type': 'text/plain' }, body: 'a' });
  t.equal(orphan.status, 404, 'the key was evicted with its workspaces');
  t.equal(xmlCode(await orphan.text()), 'NoSuchBucket');

  // Enough workspaces on short-lived keys to make the index rebuild itself.
  for (let i = 0; i < 1100; i++) {
    const r = await s.app.inject({ method: 'POST', url: '/api/v3/workspaces', headers: { 'x-browser-use-api-key': `churn-${i}` } });
    if (r.statusCode !== 201) throw new Error(r.body);
  }
  const live = await workspace(s, 'last');
  t.equal(await put(s, live, 'ok.txt', Buffer.from('ok'), 'text/plain', '', 'last'), 'ok.txt', 'a new workspace resolves');

  // Rebuilds keep every live workspace.
  const big = await startTestServer(t, { maxWorkspacesPerKey: 5000 });
  const keeper = await workspace(big);
  for (let i = 0; i < 2100; i++) {
    const r = await big.app.inject({ method: 'POST', url: '/api/v3/workspaces', headers: { 'x-browser-use-api-key': 'test-key' } });
    if (r.statusCode !== 201) throw new Error(r.body);
  }
  t.equal(await put(big, keeper, 'kept.txt', Buffer.from('k'), 'text/plain'), 'kept.txt', 'an old workspace still resolves after rebuilds');
});
