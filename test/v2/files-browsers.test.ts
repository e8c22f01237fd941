// POST /files/browsers/{session_id}/presigned-url: S3-style POST forms that the emulator itself
// accepts, with the refusals of the operation (400, 404, 422) and of the form URL (S3 XML).
import t from 'tap';
import type { BrowserSessionItemView, UploadFilePresignedUrlResponse } from '../../src/contract/types-v2.generated.js';
import { startTestServer } from '../helpers/server.js';
import type { TestServer } from '../helpers/server.js';

const URL_OP = (id: string): string => `/api/v2/files/browsers/${id}/presigned-url`;

async function browser(s: TestServer, key?: string): Promise<string> {
  const made = await s.call<BrowserSessionItemView>('POST', '/api/v2/browsers', { body: {}, ...(key ? { key } : {}) });
  return made.json.id;
}

/** Posts the form as a browser or an S3 client would: the fields, then the file. */
async function post(form: UploadFilePresignedUrlResponse, bytes: Buffer, change: Record<string, string> = {}): Promise<Response> {
  const data = new FormData();
  for (const [name, value] of Object.entries({ ...form.fields, ...change })) data.append(name, value);
  data.append('file', new Blob([bytes]), form.fileName);
  return fetch(form.url, { method: form.method, body: data });
}

const codeOf = async (response: Response): Promise<string> => /<Code>([^<]+)<\/Code>/.exec(await response.text())?.[1] ?? '';

t.test('a form is issued for a browser and accepts exactly the declared file', async (t) => {
  const s = await startTestServer(t);
  const id = await browser(s);
  const bytes = Buffer.from('name,price\nmouse,19.99\n');
  const res = await s.call<UploadFilePresignedUrlResponse>('POST', URL_OP(id), { body: { fileName: 'prices.csv', contentType: 'text/csv', sizeBytes: bytes.length } });
  t.equal(res.status, 200);
  t.equal(res.json.method, 'POST');
  t.equal(res.json.fileName, 'prices.csv');
  t.equal(res.json.expiresIn, 300);
  t.equal(res.json.url, `${s.url}/_mock/uploads`);
  t.same(Object.keys(res.json.fields).sort(), ['Content-Type', 'key', 'policy', 'x-amz-algorithm', 'x-amz-credential', 'x-amz-date', 'x-amz-signature']);
  t.equal(res.json.fields['Content-Type'], 'text/csv');
  t.notMatch(JSON.stringify(res.json), /test-key/, 'the API key is not in the form');

  const uploaded = await post(res.json, bytes);
  t.equal(uploaded.status, 204);
  t.match(uploaded.headers.get('etag'), /^"[0-9a-f]{32}"$/);
  const project = s.state.projects.get('test-key');
  const files = s.state.uploads.filesOf(project, { scope: 'browsers', ownerId: id });
  t.same(files.map((f) => [f.fileName, f.contentType, f.bytes.toString()]), [['prices.csv', 'text/csv', bytes.toString()]]);
  t.equal(project.uploadBytes, bytes.length);

  // The form may be used again until it expires; the same name replaces the file.
  t.equal((await post(res.json, bytes)).status, 204);
  t.equal(project.uploadBytes, bytes.length, 'replaced, not added');

  // A stopped browser still gets a form; no API key is needed to post one.
  await s.call('PATCH', `/api/v2/browsers/${id}`, { body: { action: 'stop' } });
  const late = await s.call('POST', URL_OP(id), { body: { fileName: 'b.png', contentType: 'image/png', sizeBytes: 1 } });
  t.equal(late.status, 200);
});

t.test('the form URL refuses the way S3 does', async (t) => {
  const s = await startTestServer(t);
  const id = await browser(s);
  const bytes = Buffer.from('%PDF-1.7 tiny');
  const form = (await s.call<UploadFilePresignedUrlResponse>('POST', URL_OP(id), { body: { fileName: 'a.pdf', contentType: 'application/pdf', sizeBytes: bytes.length } })).json;

  const short = await post(form, bytes.subarray(1));
  t.same([short.status, await codeOf(short)], [400, 'EntityTooSmall']);
  const long = await post(form, Buffer.concat([bytes, Buffer.from('!')]));
  t.same([long.status, await codeOf(long)], [400, 'EntityTooLarge']);
  const otherType = await post(form, bytes, { 'Content-Type': 'text/plain' });
  t.same([otherType.status, await codeOf(otherType)], [403, 'AccessDenied']);
  const otherKey = await post(form, bytes, { key: form.fields.key?.replace('a.pdf', 'b.pdf') ?? '' });
  t.same([otherKey.status, await codeOf(otherKey)], [403, 'AccessDenied']);
  const tampered = await post(form, bytes, { 'x-amz-signature': '0'.repeat(64) });
  t.same([tampered.status, await codeOf(tampered)], [403, 'SignatureDoesNotMatch']);
  const notForm = await fetch(form.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  t.same([notForm.status, notForm.headers.get('content-type'), await codeOf(notForm)], [400, 'application/xml', 'MalformedPOSTRequest']);
  const noFile = new FormData();
  for (const [name, value] of Object.entries(form.fields)) noFile.append(name, value);
  const missing = await fetch(form.url, { method: 'POST', body: noFile });
  t.same([missing.status, await codeOf(missing)], [400, 'InvalidArgument']);
  t.equal(s.state.projects.get('test-key').uploads.size, 0, 'a refused post stores nothing');
  t.equal((await fetch(form.url)).status, 405, 'only POST');

  s.advance(300_001);
  const expired = await post(form, bytes);
  t.same([expired.status, await codeOf(expired)], [403, 'AccessDenied']);
});

t.test('operation refusals: 404, 400, 422, 401', async (t) => {
  const s = await startTestServer(t, { maxStorageBytes: 1000, maxFileBytes: 500 });
  const id = await browser(s);
  const ok = { fileName: 'a.txt', contentType: 'text/plain', sizeBytes: 10 };
  const other = await s.call('POST', URL_OP(id), { key: 'someone-else', body: ok });
  t.same([other.status, other.json], [404, { detail: 'Session not found' }], "another key's browser");
  const unknown = await s.call('POST', URL_OP('00000000-0000-4000-8000-000000000000'), { body: ok });
  t.same([unknown.status, unknown.json], [404, { detail: 'Session not found' }]);
  const session = await s.call<{ id: string }>('POST', '/api/v3/sessions', { body: {} });
  t.equal((await s.call('POST', URL_OP(session.json.id), { body: ok })).status, 404, 'an agent session is not a browser');

  for (const fileName of ['../a.txt', 'dir/a.txt', 'a\\b.txt', '..', 'tab\there']) {
    const bad = await s.call<{ detail: string }>('POST', URL_OP(id), { body: { ...ok, fileName } });
    t.equal(bad.status, 400, `file name ${JSON.stringify(fileName)}`);
    t.type(bad.json.detail, 'string');
  }
  const tooBig = await s.call<{ detail: string }>('POST', URL_OP(id), { body: { ...ok, sizeBytes: 501 } });
  t.same([tooBig.status, /BU_MOCK_MAX_FILE_BYTES/.test(tooBig.json.detail)], [400, true]);
  const type = await s.call<{ detail: { type: string; loc: unknown[] }[] }>('POST', URL_OP(id), { body: { ...ok, contentType: 'application/zip' } });
  t.same([type.status, type.json.detail[0]?.type, type.json.detail[0]?.loc], [422, 'enum', ['body', 'contentType']], 'the enum refuses an unlisted type first');
  const size = await s.call<{ detail: { type: string }[] }>('POST', URL_OP(id), { body: { ...ok, sizeBytes: 10_485_761 } });
  t.same([size.status, size.json.detail[0]?.type], [422, 'less_than_equal']);
  t.equal((await s.call('POST', URL_OP(id), { key: null, body: ok })).status, 401);

  // The key's file storage quota is shared with workspaces: what is uploaded counts.
  const first = (await s.call<UploadFilePresignedUrlResponse>('POST', URL_OP(id), { body: { ...ok, sizeBytes: 500 } })).json;
  const second = (await s.call<UploadFilePresignedUrlResponse>('POST', URL_OP(id), { body: { ...ok, fileName: 'b.txt', sizeBytes: 500 } })).json;
  t.equal((await post(first, Buffer.alloc(500, 1))).status, 204);
  const ws = await s.call<{ id: string }>('POST', '/api/v3/workspaces', { body: {} });
  const wsUpload = await s.call('POST', `/api/v3/workspaces/${ws.json.id}/files/upload`, { body: { files: [{ name: 'w.txt', contentType: 'text/plain', size: 400 }] } });
  t.equal(wsUpload.status, 200);
  const wsFull = await s.call('POST', `/api/v3/workspaces/${ws.json.id}/files/upload`, { body: { files: [{ name: 'w.txt', contentType: 'text/plain', size: 501 }] } });
  t.equal(wsFull.status, 400, 'workspaces see the uploaded bytes');
  t.equal((await post(second, Buffer.alloc(500, 2))).status, 204, 'room for the second form: 1000 bytes in all');
  const full = await s.call<{ detail: string }>('POST', URL_OP(id), { body: { ...ok, fileName: 'd.txt', sizeBytes: 1 } });
  t.same([full.status, /Storage quota exceeded/.test(full.json.detail)], [400, true], 'no room left');
  const late = (await s.call<UploadFilePresignedUrlResponse>('POST', URL_OP(id), { body: { ...ok, sizeBytes: 500 } })).json;
  t.equal((await post(late, Buffer.alloc(500, 3))).status, 204, 'replacing a file needs only the difference');
});

t.test('a form of a key that was reset is refused', async (t) => {
  const s = await startTestServer(t);
  const id = await browser(s);
  const form = (await s.call<UploadFilePresignedUrlResponse>('POST', URL_OP(id), { body: { fileName: 'a.txt', contentType: 'text/plain', sizeBytes: 1 } })).json;
  await s.call('POST', '/_mock/reset?key=test-key', { key: null });
  const gone = await post(form, Buffer.from('x'));
  t.same([gone.status, await codeOf(gone)], [404, 'NoSuchBucket']);
});
