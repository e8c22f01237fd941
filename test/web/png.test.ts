// The PNG encoder, the bitmap font and the frame painter, without HTTP. ffprobe reading a frame:
// test/e2e/media-ffmpeg.test.ts.
import t from 'tap';
import { Canvas } from '../../src/web/canvas.js';
import { hasGlyph, toFontText } from '../../src/web/font.js';
import { FRAME_HEIGHT, FRAME_WIDTH, drawFrame } from '../../src/web/frame.js';
import type { FrameSpec } from '../../src/web/frame.js';
import { crc32, encodePng } from '../../src/web/png.js';
import { decodePng } from './png-decode.js';

t.test('crc32 matches the standard check value', async (t) => {
  t.equal(crc32(Buffer.from('123456789')), 0xcbf43926);
  t.equal(crc32(Buffer.alloc(0)), 0);
});

t.test('encode → decode gives back the same pixels', async (t) => {
  const width = 7;
  const height = 5;
  const pixels = new Uint8Array(width * height * 3);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 37 + (i >> 3) * 11) & 0xff;
  const png = encodePng({ width, height, pixels }, { Title: 'hello' });
  const decoded = decodePng(png);
  t.equal(decoded.width, width);
  t.equal(decoded.height, height);
  t.same(Buffer.from(decoded.pixels), Buffer.from(pixels));
  t.same(decoded.chunks, ['IHDR', 'tEXt', 'IDAT', 'IEND']);
  t.equal(decoded.text.Title, 'hello');
  t.throws(() => encodePng({ width: 2, height: 2, pixels: new Uint8Array(5) }), /expected 12 bytes/);
  t.throws(() => encodePng({ width: 0, height: 2, pixels: new Uint8Array(0) }), /positive/);
});

t.test('the font covers printable ASCII and folds the rest', async (t) => {
  for (let c = 0x20; c < 0x7f; c++) t.ok(hasGlyph(String.fromCharCode(c)), `glyph for ${JSON.stringify(String.fromCharCode(c))}`);
  t.equal(toFontText('Café “quoted” — 5★ …'), 'Cafe "quoted" - 5* ...');
  t.equal(toFontText('漢字\ttab'), '?? tab');
});

t.test('canvas text is drawn, clipped and measured', async (t) => {
  const c = new Canvas(60, 20, 0xffffff);
  const width = c.text(0, 0, 'Hi', 0x000000, 1);
  t.equal(width, 11, 'two characters of 6 cells less the trailing gap');
  const dark = (x: number, y: number): boolean => (c.pixels[(y * 60 + x) * 3] ?? 255) < 128;
  t.ok(dark(0, 0) && dark(0, 6), 'left stem of H');
  t.notOk(dark(1, 0), 'inside of H is empty at the top');
  const cut = new Canvas(60, 20, 0xffffff);
  t.equal(cut.text(0, 0, 'A long line of text', 0x000000, 1, 40), 35, 'cut to fit with an ellipsis');
});

const spec = (step: number, summary: string): FrameSpec => ({ seed: `unit:${step}`, site: 'amazon.com', query: 'wireless mouse', step, stepCount: 6, summary, taskIndex: 0 });

t.test('frames are deterministic and differ per step', async (t) => {
  const a = encodePng(drawFrame(spec(1, 'Searching for "wireless mouse"')));
  const again = encodePng(drawFrame(spec(1, 'Searching for "wireless mouse"')));
  const b = encodePng(drawFrame(spec(2, 'Clicking the first result')));
  t.ok(a.equals(again), 'same input, same bytes');
  t.notOk(a.equals(b), 'another step, another picture');
  const decoded = decodePng(a);
  t.equal(decoded.width, FRAME_WIDTH);
  t.equal(decoded.height, FRAME_HEIGHT);
  const colours = new Set<number>();
  for (let i = 0; i < decoded.pixels.length; i += 3 * 97) colours.add(((decoded.pixels[i] ?? 0) << 16) | ((decoded.pixels[i + 1] ?? 0) << 8) | (decoded.pixels[i + 2] ?? 0));
  t.ok(colours.size > 8, `a real picture, not a blank (${colours.size} colours sampled)`);
  t.ok(a.length < 64 * 1024, `small (${a.length} bytes)`);
});
