// Screenshot and recording URLs: real PNG and MP4 bytes behind S3-shaped presigned URLs that expire on
// the simulated clock. ffmpeg decoding the same files: test/e2e/media-ffmpeg.test.ts.
import t from 'tap';
import { BrowserUse } from 'browser-use-sdk/v3';
import type { MessageListResponse, SessionResponse } from '../../src/contract/types.generated.js';
import { startTestServer } from '../helpers/server.js';
import type { TestServer } from '../helpers/server.js';
import { decodePng } from './png-decode.js';

const TASK = 'Find the best-rated wireless mouse under $50 on amazon.com';

async function bytes(url: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ status: number; headers: Headers; body: Buffer }> {
  const response = await fetch(url, { headers, method });
  return { status: response.status, headers: response.headers, body: Buffer.from(await response.arrayBuffer()) };
}

/** Runs until the session has completed `steps` steps; returns its latest view. */
async function untilSteps(s: TestServer, id: string, steps: number): Promise<SessionResponse> {
  for (let i = 0; i < 400; i++) {
    const view = (await s.call<SessionResponse>('GET', `/sessions/${id}`)).json;
    if ((view.stepCount ?? 0) >= steps) return view;
    s.advance(250);
  }
  throw new Error(`session ${id} never reached ${steps} steps`);
}

async function untilEnded(s: TestServer, id: string): Promise<SessionResponse> {
  for (let i = 0; i < 400; i++) {
    const view = (await s.call<SessionResponse>('GET', `/sessions/${id}`)).json;
    if (['stopped', 'idle', 'error', 'timed_out'].includes(view.status)) return view;
    s.advance(1000);
  }
  throw new Error(`session ${id} never ended`);
}

function s3Code(xml: string): string | undefined {
  return /<Code>([^<]+)<\/Code>/.exec(xml)?.[1];
}

t.test('screenshotUrl serves a PNG of the latest step, different per step', async (t) => {
  const s = await startTestServer(t);
  const created = (await s.call<SessionResponse>('POST', '/sessions', { body: { task: TASK } })).json;
  t.equal(created.screenshotUrl, null, 'no screenshot before the first step');
  const first = await untilSteps(s, created.id, 1);
  t.match(first.screenshotUrl, new RegExp(`^${s.url}/_mock/screenshots/${created.id}/0-0\\.png\\?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=\\d{8}T\\d{6}Z&X-Amz-Expires=300&X-Amz-Signature=[0-9a-f]{64}$`));
  const shot = await bytes(first.screenshotUrl ?? '');
  t.equal(shot.status, 200);
  t.equal(shot.headers.get('content-type'), 'image/png');
  t.match(shot.headers.get('cache-control'), /^private, max-age=(299|300), immutable$/, 'cacheable until the URL expires');
  const png = decodePng(shot.body);
  t.equal(png.width, 1024);
  t.equal(png.height, 640);
  t.match(png.text.URL, /^https:\/\/amazon\.com\//, 'the address bar shows the site of the task');
  t.equal(png.text.Title, 'Amazon - Home');

  const again = await bytes(first.screenshotUrl ?? '');
  t.ok(again.body.equals(shot.body), 'the same URL gives the same bytes');
  const etag = shot.headers.get('etag') ?? '';
  t.match(etag, /^"[0-9a-f]{40}"$/);
  const notModified = await bytes(first.screenshotUrl ?? '', { 'if-none-match': etag });
  t.equal(notModified.status, 304);
  const head = await bytes(first.screenshotUrl ?? '', {}, 'HEAD');
  t.equal(head.status, 200);
  t.equal(head.headers.get('content-type'), 'image/png');
  t.equal(head.body.length, 0);

  const second = await untilSteps(s, created.id, 2);
  t.match(second.screenshotUrl, /\/0-1\.png\?/, 'the URL follows the latest step');
  const next = await bytes(second.screenshotUrl ?? '');
  t.equal(next.status, 200);
  t.notOk(next.body.equals(shot.body), 'another step, another picture');

  // Messages that show a step carry that step's screenshot.
  const ended = await untilEnded(s, created.id);
  const messages = (await s.call<MessageListResponse>('GET', `/sessions/${created.id}/messages?limit=100`)).json.messages;
  const withShots = messages.filter((m) => m.screenshotUrl);
  t.equal(withShots.length, ended.stepCount, 'one screenshot per step');
  const steps = withShots.map((m) => /\/0-(\d+)\.png\?/.exec(m.screenshotUrl ?? '')?.[1]);
  t.same(steps, withShots.map((_, i) => String(i)));
  const last = await bytes(withShots[withShots.length - 1]?.screenshotUrl ?? '');
  t.equal(decodePng(last.body).text.Title, 'Amazon: wireless mouse', 'the last step reads the result list');
});

t.test('screenshots are a function of seed, session, task and step', async (t) => {
  const one = await startTestServer(t);
  const two = await startTestServer(t);
  const shots: Buffer[] = [];
  for (const s of [one, two]) {
    const created = (await s.call<SessionResponse>('POST', '/sessions', { body: { task: TASK } })).json;
    const view = await untilSteps(s, created.id, 3);
    shots.push((await bytes(view.screenshotUrl ?? '')).body);
  }
  t.ok(shots[0]?.equals(shots[1] ?? Buffer.alloc(0)), 'same seed and requests, same picture on another emulator');
});

t.test('expired and tampered screenshot URLs are refused like S3 does; GET gives a fresh one', async (t) => {
  const s = await startTestServer(t);
  const created = (await s.call<SessionResponse>('POST', '/sessions', { body: { task: TASK, keepAlive: true } })).json;
  const view = await untilSteps(s, created.id, 2);
  const url = view.screenshotUrl ?? '';

  const tampered = url.replace(/X-Amz-Signature=([0-9a-f])/, (_m, c: string) => `X-Amz-Signature=${c === '0' ? '1' : '0'}`);
  const badSignature = await bytes(tampered);
  t.equal(badSignature.status, 403);
  t.match(badSignature.headers.get('content-type'), /^application\/xml/);
  t.equal(s3Code(badSignature.body.toString()), 'SignatureDoesNotMatch');
  t.match(badSignature.body.toString(), /^<\?xml version="1.0" encoding="UTF-8"\?>\n<Error><Code>SignatureDoesNotMatch<\/Code><Message>[^<]+<\/Message><RequestId>[^<]+<\/RequestId><\/Error>$/);

  const otherStep = await bytes(url.replace('/0-1.png', '/0-0.png'));
  t.equal(otherStep.status, 403, 'the signature covers the path');
  t.equal(s3Code(otherStep.body.toString()), 'SignatureDoesNotMatch');
  const longer = await bytes(url.replace('X-Amz-Expires=300', 'X-Amz-Expires=99999'));
  t.equal(s3Code(longer.body.toString()), 'SignatureDoesNotMatch', 'the lifetime is signed too');
  const unsigned = await bytes(url.split('?')[0] ?? '');
  t.equal(unsigned.status, 403);

  t.equal((await bytes(url)).status, 200);
  s.advance(301_000);
  const expired = await bytes(url);
  t.equal(expired.status, 403, 'refused after five minutes of simulated time');
  t.equal(s3Code(expired.body.toString()), 'AccessDenied');
  t.match(expired.body.toString(), /<Message>Request has expired<\/Message>/);
  t.equal(expired.headers.get('cache-control'), 'no-store');

  const fresh = (await s.call<SessionResponse>('GET', `/sessions/${created.id}`)).json.screenshotUrl ?? '';
  t.not(fresh, url);
  const renewed = await bytes(fresh);
  t.equal(renewed.status, 200, 'the session hands out a fresh URL');
  t.equal(decodePng(renewed.body).width, 1024);
});

t.test('a signed URL of a deleted session is a 404 NoSuchKey', async (t) => {
  const s = await startTestServer(t);
  const created = (await s.call<SessionResponse>('POST', '/sessions', { body: { task: TASK } })).json;
  const view = await untilSteps(s, created.id, 1);
  t.equal((await s.call('DELETE', `/sessions/${created.id}`)).status, 204);
  const gone = await bytes(view.screenshotUrl ?? '');
  t.equal(gone.status, 404);
  t.equal(s3Code(gone.body.toString()), 'NoSuchKey');
});

/** Top-level MP4 boxes as [type, offset, size]. */
function boxes(data: Buffer): [string, number, number][] {
  const out: [string, number, number][] = [];
  for (let offset = 0; offset + 8 <= data.length; ) {
    const size = data.readUInt32BE(offset);
    out.push([data.toString('latin1', offset + 4, offset + 8), offset, size]);
    if (size < 8) break;
    offset += size;
  }
  return out;
}

t.test('enableRecording: recordingUrls serve a valid MP4 for an hour', async (t) => {
  const s = await startTestServer(t);
  const plain = (await s.call<SessionResponse>('POST', '/sessions', { body: { task: TASK } })).json;
  const created = (await s.call<SessionResponse>('POST', '/sessions', { body: { task: TASK, enableRecording: true } })).json;
  t.same(created.recordingUrls, [], 'nothing before the task has ended');
  const ended = await untilEnded(s, created.id);
  t.same((await s.call<SessionResponse>('GET', `/sessions/${plain.id}`)).json.recordingUrls, [], 'no recording without enableRecording');
  t.equal(ended.recordingUrls?.length, 1);
  const url = ended.recordingUrls?.[0] ?? '';
  t.match(url, new RegExp(`^${s.url}/_mock/recordings/${created.id}/0\\.mp4\\?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=\\d{8}T\\d{6}Z&X-Amz-Expires=3600&X-Amz-Signature=[0-9a-f]{64}$`));

  const video = await bytes(url);
  t.equal(video.status, 200);
  t.equal(video.headers.get('content-type'), 'video/mp4');
  t.equal(video.headers.get('accept-ranges'), 'bytes');
  t.match(video.headers.get('cache-control'), /^private, max-age=(3599|3600), immutable$/);
  const types = boxes(video.body).map(([type]) => type);
  t.equal(types[0], 'ftyp');
  t.ok(types.includes('moov') && types.includes('mdat'), `boxes: ${types.join(', ')}`);
  t.ok(types.indexOf('moov') < types.indexOf('mdat'), 'moov first, so players can start before the end');
  const total = boxes(video.body).reduce((sum, [, , size]) => sum + size, 0);
  t.equal(total, video.body.length, 'the boxes cover the file exactly');

  const range = await bytes(url, { range: 'bytes=0-99' });
  t.equal(range.status, 206);
  t.equal(range.headers.get('content-range'), `bytes 0-99/${video.body.length}`);
  t.ok(range.body.equals(video.body.subarray(0, 100)));
  const suffix = await bytes(url, { range: 'bytes=-10' });
  t.equal(suffix.status, 206);
  t.ok(suffix.body.equals(video.body.subarray(video.body.length - 10)));
  const open = await bytes(url, { range: `bytes=${video.body.length - 5}-` });
  t.equal(open.body.length, 5);
  const unsatisfiable = await bytes(url, { range: `bytes=${video.body.length}-` });
  t.equal(unsatisfiable.status, 416);
  t.equal(unsatisfiable.headers.get('content-range'), `bytes */${video.body.length}`);

  const tampered = await bytes(url.replace('/0.mp4', '/1.mp4'));
  t.equal(s3Code(tampered.body.toString()), 'SignatureDoesNotMatch');
  s.advance(3601_000);
  const expired = await bytes(url);
  t.equal(expired.status, 403);
  t.equal(s3Code(expired.body.toString()), 'AccessDenied');
  const fresh = (await s.call<SessionResponse>('GET', `/sessions/${created.id}`)).json.recordingUrls?.[0] ?? '';
  t.equal((await bytes(fresh)).status, 200, 'GET hands out a fresh recording URL');
});

t.test('a standalone browser recording URL serves the clip too', async (t) => {
  const s = await startTestServer(t);
  const client = new BrowserUse({ apiKey: 'media-key', baseUrl: s.apiUrl, maxRetries: 0 });
  const browser = await client.browsers.create({ enableRecording: true });
  s.advance(30_000);
  await client.browsers.stop(browser.id);
  const view = await client.browsers.get(browser.id);
  t.match(view.recordingUrl, new RegExp(`/_mock/recordings/${browser.id}/0\\.mp4\\?X-Amz-`));
  const video = await bytes(view.recordingUrl ?? '');
  t.equal(video.status, 200);
  t.equal(video.headers.get('content-type'), 'video/mp4');
  t.equal(boxes(video.body)[0]?.[0], 'ftyp');
});
