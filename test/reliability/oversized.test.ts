// An oversized body is read to its end (within the drain bounds) before the refusal is sent, so every
// client sees the answer instead of a broken pipe.
import { request as httpRequest } from 'node:http';
import t from 'tap';
import type { FileUploadResponse } from '../../src/contract/types.generated.js';
import { startTestServer } from '../helpers/server.js';

const THIRTY_MB = 30 * 1024 * 1024;
const TOO_LARGE = { detail: 'Request body is too large' };

/** Sends `size` bytes with node:http, chunked or with Content-Length, in 1 MiB writes; resolves with the answer or the error code. */
function nodeUpload(url: string, method: string, size: number, chunked: boolean, headers: Record<string, string>): Promise<{ status: number; body: string } | { error: string }> {
  return new Promise((resolve) => {
    const req = httpRequest(url, {
      method,
      headers: { ...headers, ...(chunked ? { 'Transfer-Encoding': 'chunked' } : { 'Content-Length': String(size) }) },
    });
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', (e: NodeJS.ErrnoException) => resolve({ error: e.code ?? e.message }));
    });
    req.on('error', (e: NodeJS.ErrnoException) => resolve({ error: e.code ?? e.message }));
    const chunk = Buffer.alloc(1024 * 1024, 0x61);
    let sent = 0;
    const writeMore = (): void => {
      while (sent < size) {
        const part = chunk.subarray(0, Math.min(chunk.length, size - sent));
        sent += part.length;
        if (!req.write(part)) {
          req.once('drain', writeMore);
          return;
        }
      }
      req.end();
    };
    writeMore();
  });
}

const json = { 'Content-Type': 'application/json', 'X-Browser-Use-API-Key': 'test-key' };

t.test('20 of 20 uploads of 30 MB through node:http, chunked and with Content-Length, see the 413', async (t) => {
  const s = await startTestServer(t);
  for (const chunked of [true, false]) {
    for (let i = 0; i < 20; i++) {
      const r = await nodeUpload(`${s.apiUrl}/sessions`, 'POST', THIRTY_MB, chunked, json);
      t.same(r, { status: 413, body: JSON.stringify(TOO_LARGE) }, `${chunked ? 'chunked' : 'Content-Length'} ${i}`);
    }
  }
});

t.test('a workspace upload over the file cap sees its S3 error', async (t) => {
  const s = await startTestServer(t, { maxFileBytes: 1024 * 1024 });
  const ws = (await s.call<{ id: string }>('POST', '/workspaces', { body: {} })).json.id;
  const urls = await s.call<FileUploadResponse>('POST', `/workspaces/${ws}/files/upload`, { body: { files: [{ name: 'big.bin', contentType: 'application/octet-stream', size: 1024 }] } });
  const target = urls.json.files[0]?.uploadUrl ?? '';
  for (const chunked of [true, false]) {
    for (let i = 0; i < 5; i++) {
      const r = await nodeUpload(target, 'PUT', 8 * 1024 * 1024, chunked, { 'Content-Type': 'application/octet-stream' });
      t.equal('status' in r ? r.status : r.error, 400, `${chunked ? 'chunked' : 'Content-Length'} ${i}`);
      t.match('body' in r ? r.body : '', /<Code>EntityTooLarge<\/Code>/);
    }
  }
});
