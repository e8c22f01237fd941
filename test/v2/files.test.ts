// v2 files: a task's output files (listed on the task, downloaded through presigned URLs) and uploads to
// an agent session (a presigned S3-style POST), with their refusals.
import t from 'tap';
import type { SessionItemView, TaskCreatedResponse, TaskOutputFileResponse, TaskView, UploadFilePresignedUrlResponse } from '../../src/contract/types-v2.generated.js';
import { startTestServer } from '../helpers/server.js';
import type { TestServer } from '../helpers/server.js';

const v2 = (path: string): string => `/api/v2${path}`;
const UNKNOWN = '00000000-0000-4000-8000-000000000000';

async function finished(s: TestServer, task: string): Promise<TaskView> {
  const created = await s.call<TaskCreatedResponse>('POST', v2('/tasks'), { body: { task } });
  await s.call('POST', '/_mock/clock/advance', { body: { sessionId: created.json.sessionId, to: 'end' } });
  return (await s.call<TaskView>('GET', v2(`/tasks/${created.json.id}`))).json;
}

function form(upload: UploadFilePresignedUrlResponse, bytes: Uint8Array, type: string): FormData {
  const body = new FormData();
  for (const [name, value] of Object.entries(upload.fields)) body.append(name, value);
  body.append('file', new Blob([bytes], { type }), upload.fileName);
  return body;
}

t.test('a task that saves a file lists it; its presigned URL downloads the bytes', async (t) => {
  const s = await startTestServer(t);
  const task = await finished(s, 'Find the top 5 wireless mice on amazon.com and save them to results.csv');
  t.equal(task.isSuccess, true);
  t.equal(task.outputFiles.length, 1);
  const file = task.outputFiles[0];
  t.match(file, { id: /^[0-9a-f-]{36}$/, fileName: 'results.csv' });
  t.match(task.output, /results\.csv/);
  const url = await s.call<TaskOutputFileResponse>('GET', v2(`/files/tasks/${task.id}/output-files/${file?.id}`));
  t.equal(url.status, 200);
  t.match(url.json, { id: file?.id, fileName: 'results.csv', downloadUrl: /\/_mock\/v2\/tasks\/.+\/output-files\/.+\?X-Amz-/ });
  const download = await fetch(url.json.downloadUrl);
  t.equal(download.status, 200);
  t.match(download.headers.get('content-type'), /^text\/csv/);
  const text = await download.text();
  t.match(text, /^rank,/);
  t.equal(text.trim().split('\n').length, 6, 'a header and five rows');
  const tampered = await fetch(url.json.downloadUrl.replace(/output-files\/[0-9a-f]/, 'output-files/0'));
  t.equal(tampered.status, 403);
  const unknownFile = await s.call('GET', v2(`/files/tasks/${task.id}/output-files/${UNKNOWN}`));
  t.equal(unknownFile.status, 404);
  t.same(unknownFile.json, { detail: 'Output file not found' });
  const unknownTask = await s.call('GET', v2(`/files/tasks/${UNKNOWN}/output-files/${file?.id}`));
  t.equal(unknownTask.status, 404);
  t.same(unknownTask.json, { detail: 'Task not found' });
  const other = await s.call('GET', v2(`/files/tasks/${task.id}/output-files/${file?.id}`), { key: 'other' });
  t.equal(other.status, 404, "another key's task");
  const plain = await finished(s, '[mock:quick] Check the weather in Paris');
  t.same(plain.outputFiles, [], 'a task that saves nothing has no files');
  const failed = await finished(s, 'Find the top 5 wireless mice on amazon.com and save them to results.csv [mock:failure]');
  t.same(failed.outputFiles, [], 'a failed task writes no file');
});

t.test('session uploads: a presigned POST that accepts the bytes', async (t) => {
  const s = await startTestServer(t);
  const session = await s.call<SessionItemView>('POST', v2('/sessions'), { body: {} });
  const bytes = new TextEncoder().encode('name,price\nmouse,19.99\n');
  const issued = await s.call<UploadFilePresignedUrlResponse>('POST', v2(`/files/sessions/${session.json.id}/presigned-url`), {
    body: { fileName: 'prices.csv', contentType: 'text/csv', sizeBytes: bytes.length },
  });
  t.equal(issued.status, 200);
  t.match(issued.json, { url: `${s.url}/_mock/uploads`, method: 'POST', fileName: 'prices.csv', expiresIn: 300, fields: { key: /\/sessions\/.+\/prices\.csv$/, 'Content-Type': 'text/csv', policy: /\S/ } });
  const uploaded = await fetch(issued.json.url, { method: 'POST', body: form(issued.json, bytes, 'text/csv') });
  t.equal(uploaded.status, 204);
  const project = s.state.projects.get('test-key');
  t.same(s.state.uploads.filesOf(project, { scope: 'sessions', ownerId: session.json.id }).map((f) => [f.fileName, f.bytes.length]), [['prices.csv', bytes.length]], 'stored for the session');
  const wrongSize = await fetch(issued.json.url, { method: 'POST', body: form(issued.json, new Uint8Array(bytes.length + 1), 'text/csv') });
  t.equal(wrongSize.status, 400);
  t.match(await wrongSize.text(), /<Code>EntityTooLarge<\/Code>/);
  const wrongType = { ...issued.json, fields: { ...issued.json.fields, 'Content-Type': 'text/plain' } };
  const typed = await fetch(issued.json.url, { method: 'POST', body: form(wrongType, bytes, 'text/plain') });
  t.equal(typed.status, 403);
  const tampered = { ...issued.json, fields: { ...issued.json.fields, policy: Buffer.from('{"expiration":"2999-01-01T00:00:00Z"}').toString('base64') } };
  const forged = await fetch(issued.json.url, { method: 'POST', body: form(tampered, bytes, 'text/csv') });
  t.equal(forged.status, 403);
  t.match(await forged.text(), /SignatureDoesNotMatch/);
  const notForm = await fetch(issued.json.url, { method: 'POST', body: bytes, headers: { 'content-type': 'text/csv' } });
  t.equal(notForm.status, 400);
  s.advance(301_000);
  const expired = await fetch(issued.json.url, { method: 'POST', body: form(issued.json, bytes, 'text/csv') });
  t.equal(expired.status, 403);
  t.match(await expired.text(), /Policy expired/);
  await s.call('DELETE', v2(`/sessions/${session.json.id}`));
  t.same(s.state.uploads.filesOf(project, { scope: 'sessions', ownerId: session.json.id }), [], 'deleting the session drops its files');
  t.equal(project.uploadBytes, 0);
});

t.test('upload refusals per contract', async (t) => {
  const s = await startTestServer(t);
  const session = await s.call<SessionItemView>('POST', v2('/sessions'), { body: {} });
  const url = v2(`/files/sessions/${session.json.id}/presigned-url`);
  const mismatch = await s.call('POST', url, { body: { fileName: 'tool.exe', contentType: 'text/plain', sizeBytes: 10 } });
  t.equal(mismatch.status, 400);
  t.match(mismatch.json, { detail: /^Unsupported content type/ });
  const noExtension = await s.call('POST', url, { body: { fileName: 'README', contentType: 'text/plain', sizeBytes: 10 } });
  t.equal(noExtension.status, 200);
  const unlisted = await s.call('POST', url, { body: { fileName: 'a.zip', contentType: 'application/zip', sizeBytes: 10 } });
  t.equal(unlisted.status, 422, 'a type outside the list fails validation');
  const tooBig = await s.call('POST', url, { body: { fileName: 'a.pdf', contentType: 'application/pdf', sizeBytes: 10 * 1024 * 1024 + 1 } });
  t.equal(tooBig.status, 422, 'over 10 MiB');
  const unknown = await s.call('POST', v2(`/files/sessions/${UNKNOWN}/presigned-url`), { body: { fileName: 'a.txt', contentType: 'text/plain', sizeBytes: 1 } });
  t.equal(unknown.status, 404);
  t.same(unknown.json, { detail: 'Session not found' });
  const other = await s.call('POST', url, { key: 'other', body: { fileName: 'a.txt', contentType: 'text/plain', sizeBytes: 1 } });
  t.equal(other.status, 404);
  await s.call('PATCH', v2(`/sessions/${session.json.id}`), { body: { action: 'stop' } });
  const stopped = await s.call('POST', url, { body: { fileName: 'late.txt', contentType: 'text/plain', sizeBytes: 1 } });
  t.equal(stopped.status, 200, 'a stopped session still takes uploads');
  const v3 = await s.call<{ id: string }>('POST', '/sessions', { body: {} });
  const v3Upload = await s.call('POST', v2(`/files/sessions/${v3.json.id}/presigned-url`), { body: { fileName: 'a.txt', contentType: 'text/plain', sizeBytes: 1 } });
  t.equal(v3Upload.status, 404, 'v3 sessions take workspace uploads instead');
});

t.test('uploads count against the key storage quota', async (t) => {
  const s = await startTestServer(t, { maxStorageBytes: 40 });
  const session = await s.call<SessionItemView>('POST', v2('/sessions'), { body: {} });
  const url = v2(`/files/sessions/${session.json.id}/presigned-url`);
  const tooBig = await s.call('POST', url, { body: { fileName: 'big.txt', contentType: 'text/plain', sizeBytes: 41 } });
  t.equal(tooBig.status, 400, 'a form for more than the quota is not issued');
  t.match(tooBig.json, { detail: /storage/i });
  const first = await s.call<UploadFilePresignedUrlResponse>('POST', url, { body: { fileName: 'a.txt', contentType: 'text/plain', sizeBytes: 32 } });
  const second = await s.call<UploadFilePresignedUrlResponse>('POST', url, { body: { fileName: 'b.txt', contentType: 'text/plain', sizeBytes: 32 } });
  t.equal((await fetch(first.json.url, { method: 'POST', body: form(first.json, new Uint8Array(32), 'text/plain') })).status, 204);
  const refused = await fetch(second.json.url, { method: 'POST', body: form(second.json, new Uint8Array(32), 'text/plain') });
  t.equal(refused.status, 403, 'the quota filled between issuing the form and posting it');
  t.match(await refused.text(), /QuotaExceeded/);
});
