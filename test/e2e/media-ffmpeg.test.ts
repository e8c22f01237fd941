// Debian's ffmpeg reads what the emulator serves: a recording decodes frame by frame, a screenshot is a
// PNG of the frame size. Byte-level checks of the same files run in the main suite (test/web).
import t from 'tap';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Test } from 'tap';
import type { SessionResponse } from '../../src/contract/types.generated.js';
import { FRAME_HEIGHT, FRAME_WIDTH, drawFrame } from '../../src/web/frame.js';
import { encodePng } from '../../src/web/png.js';
import { startTestServer } from '../helpers/server.js';
import { toolMissing } from './tools.js';

const FFPROBE = '/usr/bin/ffprobe';
const FFMPEG = '/usr/bin/ffmpeg';
const INSTALL_COMMAND = 'apt-get update && apt-get install -y ffmpeg';
const missing = toolMissing(t, FFPROBE, INSTALL_COMMAND) || toolMissing(t, FFMPEG, INSTALL_COMMAND);

function tempFile(t: Test, name: string, bytes: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'bu-mock-ffmpeg-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, name);
  writeFileSync(file, bytes);
  return file;
}

t.test('a recording URL serves an H.264 MP4 that ffmpeg decodes to the last frame', { skip: missing }, async (t) => {
  const s = await startTestServer(t);
  const created = (await s.call<SessionResponse>('POST', '/sessions', { body: { task: 'Open example.com [mock:quick]', enableRecording: true } })).json;
  const ended = (await s.call('POST', '/_mock/clock/advance', { key: null, body: { sessionId: created.id, to: 'end' } })).status;
  t.equal(ended, 200, 'the run was moved to its end');
  const url = (await s.call<SessionResponse>('GET', `/sessions/${created.id}`)).json.recordingUrls?.[0] ?? '';
  t.match(url, /\/_mock\/recordings\/.+\/0\.mp4\?X-Amz-/);
  const response = await fetch(url);
  t.equal(response.status, 200);
  const file = tempFile(t, 'recording.mp4', Buffer.from(await response.arrayBuffer()));

  const probe = execFileSync(FFPROBE, ['-v', 'error', '-show_entries', 'stream=codec_name,codec_type,width,height:format=duration', '-of', 'json', file], { encoding: 'utf8' });
  const info = JSON.parse(probe) as { streams: { codec_name: string; codec_type: string; width: number; height: number }[]; format: { duration: string } };
  t.equal(info.streams[0]?.codec_type, 'video');
  t.equal(info.streams[0]?.codec_name, 'h264');
  t.ok(Number(info.format.duration) > 1, `plays for ${info.format.duration} s`);
  // Decoding every frame proves the stream is intact, not just its headers; -xerror makes any decoding
  // error a non-zero exit, which execFileSync turns into a thrown error and so a failed test.
  t.doesNotThrow(() => execFileSync(FFMPEG, ['-v', 'error', '-xerror', '-i', file, '-f', 'null', '-'], { stdio: 'pipe' }), 'ffmpeg decodes every frame without error');
});

t.test('ffprobe reads a frame as a PNG image of the frame size', { skip: missing }, async (t) => {
  const spec = { seed: 'e2e:0', site: 'amazon.com', query: 'wireless mouse', step: 0, stepCount: 6, summary: 'Navigating to amazon.com', taskIndex: 0 };
  const file = tempFile(t, 'frame.png', encodePng(drawFrame(spec)));
  const out = execFileSync(FFPROBE, ['-v', 'error', '-show_entries', 'stream=codec_name,width,height', '-of', 'csv=p=0', file], { encoding: 'utf8' });
  t.equal(out.trim(), `png,${FRAME_WIDTH},${FRAME_HEIGHT}`);
});
