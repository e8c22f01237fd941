// Paints one simulated screenshot: a browser window (tab, address bar) showing a page of the site the
// task is about, laid out according to what the step did, with the step's number and summary in a
// caption. A pure function of its input, so the same step always gives the same picture.
import { Canvas } from './canvas.js';
import type { Color } from './canvas.js';
import { hash32, Rng } from '../simulation/random.js';

export const FRAME_WIDTH = 1024;
export const FRAME_HEIGHT = 640;

export interface FrameSpec {
  /** Seeds the layout details (which result is highlighted, prices, scroll position). */
  seed: string;
  site: string;
  query: string;
  /** 0-based step of the task, and how many steps the task has. */
  step: number;
  stepCount: number;
  summary: string;
  taskIndex: number;
}

const BRANDS: readonly Color[] = [0x232f3e, 0x1a73e8, 0x0f9d58, 0xc5221f, 0x6f42c1, 0xe8710a, 0x0a66c2, 0x24292f, 0xd81b60, 0x00897b];

const TEXT = 0x202124;
const MUTED = 0x5f6368;
const LINE = 0xdadce0;
const SKELETON = 0xe8eaed;
const HIGHLIGHTS: readonly Color[] = [0xff3d00, 0x2962ff, 0x00c853, 0xaa00ff, 0xffab00];

type PageKind = 'landing' | 'results' | 'detail' | 'loading';

function kindOf(spec: FrameSpec): PageKind {
  const s = spec.summary.toLowerCase();
  if (spec.step === 0 || s.startsWith('navigating')) return 'landing';
  if (s.startsWith('waiting')) return 'loading';
  if (s.startsWith('extracting') || s.startsWith('reading') || s.includes('product link') || s.includes('details')) return 'detail';
  return 'results';
}

const capitalise = (text: string): string => text.replace(/\b[a-z]/g, (c) => c.toUpperCase());

/** What the address bar shows for a step. */
export function urlFor(spec: FrameSpec): string {
  const host = spec.site.split('.').length > 2 ? spec.site : `www.${spec.site}`;
  const q = encodeURIComponent(spec.query).replace(/%20/g, '+');
  switch (kindOf(spec)) {
    case 'landing':
      return `https://${host}/`;
    case 'detail':
      return `https://${host}/item/${(hash32(`${spec.seed}:item`) % 900000) + 100000}`;
    default:
      return `https://${host}/search?q=${q}${spec.step > 3 ? `&page=${Math.min(9, spec.step - 2)}` : ''}`;
  }
}

/** The tab's title for a step. */
export function pageTitleFor(spec: FrameSpec): string {
  const name = capitalise(spec.site.replace(/^www\./, '').split('.')[0] ?? spec.site);
  switch (kindOf(spec)) {
    case 'landing':
      return `${name} - Home`;
    case 'detail':
      return `${capitalise(spec.query)} | ${name}`;
    default:
      return `${name}: ${spec.query}`;
  }
}

export function drawFrame(spec: FrameSpec): Canvas {
  const rng = new Rng(spec.seed);
  const brand = BRANDS[hash32(spec.site) % BRANDS.length] ?? 0x1a73e8;
  const c = new Canvas(FRAME_WIDTH, FRAME_HEIGHT, 0xffffff);
  const kind = kindOf(spec);
  drawChrome(c, spec, brand);
  const top = 80;
  drawSiteHeader(c, spec, brand, top, kind);
  const bodyTop = top + 64;
  switch (kind) {
    case 'landing':
      drawLanding(c, spec, brand, bodyTop, rng);
      break;
    case 'detail':
      drawDetail(c, spec, brand, bodyTop, rng);
      break;
    case 'loading':
      drawResults(c, spec, brand, bodyTop, rng);
      c.fillRect(0, bodyTop, FRAME_WIDTH, FRAME_HEIGHT - bodyTop, 0xffffff, 0.7);
      drawSpinner(c, FRAME_WIDTH / 2, bodyTop + 170, brand);
      break;
    default:
      drawResults(c, spec, brand, bodyTop, rng);
  }
  drawCaption(c, spec);
  return c;
}

/** Tab strip, toolbar and address bar. */
function drawChrome(c: Canvas, spec: FrameSpec, brand: Color): void {
  c.fillRect(0, 0, FRAME_WIDTH, 36, 0xdee1e6);
  c.fillCircle(18, 18, 6, 0xff5f57);
  c.fillCircle(38, 18, 6, 0xfebc2e);
  c.fillCircle(58, 18, 6, 0x28c840);
  // Active tab.
  c.fillRoundRect(84, 6, 280, 36, 8, 0xffffff);
  c.fillRoundRect(98, 15, 14, 14, 3, brand);
  c.text(120, 15, pageTitleFor(spec), TEXT, 2, 210);
  c.text(344, 16, 'x', MUTED, 2);
  // A second, inactive tab and the new-tab button.
  c.text(384, 15, 'New Tab', MUTED, 2, 140);
  c.fillRect(536, 12, 1, 18, 0xb0b4ba);
  c.text(552, 14, '+', MUTED, 2);
  // Toolbar.
  c.fillRect(0, 36, FRAME_WIDTH, 43, 0xffffff);
  c.line(22, 57, 32, 50, 2, MUTED);
  c.line(22, 57, 32, 64, 2, MUTED);
  c.line(22, 57, 38, 57, 2, MUTED);
  c.line(70, 57, 60, 50, 2, 0xbdc1c6);
  c.line(70, 57, 60, 64, 2, 0xbdc1c6);
  c.line(54, 57, 70, 57, 2, 0xbdc1c6);
  c.fillCircle(98, 57, 8, MUTED);
  c.fillCircle(98, 57, 6, 0xffffff);
  c.fillRect(100, 47, 8, 8, 0xffffff);
  c.fillRect(103, 49, 5, 2, MUTED);
  c.fillRect(106, 49, 2, 5, MUTED);
  c.fillRoundRect(122, 43, FRAME_WIDTH - 186, 29, 14, 0xf1f3f4);
  // Padlock.
  c.fillRoundRect(138, 56, 11, 9, 2, MUTED);
  c.fillRect(140, 50, 2, 6, MUTED);
  c.fillRect(145, 50, 2, 6, MUTED);
  c.fillRect(140, 50, 7, 2, MUTED);
  const url = urlFor(spec).replace(/^https:\/\//, '');
  const slash = url.indexOf('/');
  const host = slash < 0 ? url : url.slice(0, slash);
  const width = c.text(160, 50, host, TEXT, 2, FRAME_WIDTH - 260);
  if (slash >= 0) c.text(160 + width + 2, 50, url.slice(slash), MUTED, 2, FRAME_WIDTH - 262 - width - 160);
  for (let i = 0; i < 3; i++) c.fillCircle(FRAME_WIDTH - 32, 49 + i * 8, 2, MUTED);
  c.fillRect(0, 79, FRAME_WIDTH, 1, LINE);
}

function drawSiteHeader(c: Canvas, spec: FrameSpec, brand: Color, top: number, kind: PageKind): void {
  c.fillRect(0, top, FRAME_WIDTH, 56, brand);
  const name = spec.site.replace(/^www\./, '');
  c.text(24, top + 15, name, 0xffffff, 3, 240);
  c.text(25, top + 15, name, 0xffffff, 3, 240);
  const boxX = 290;
  const boxW = 470;
  c.fillRoundRect(boxX, top + 12, boxW, 32, 6, 0xffffff);
  if (kind === 'landing') c.text(boxX + 14, top + 20, `Search ${name}`, 0x9aa0a6, 2, boxW - 80);
  else c.text(boxX + 14, top + 20, spec.query, TEXT, 2, boxW - 80);
  c.fillRoundRect(boxX + boxW - 52, top + 15, 46, 26, 5, 0xffd814);
  c.fillCircle(boxX + boxW - 31, top + 26, 6, TEXT);
  c.fillCircle(boxX + boxW - 31, top + 26, 4, 0xffd814);
  c.line(boxX + boxW - 27, top + 30, boxX + boxW - 22, top + 35, 2, TEXT);
  c.text(800, top + 21, 'Sign in', 0xffffff, 2);
  c.text(904, top + 21, 'Help', 0xffffff, 2);
}

function drawLanding(c: Canvas, spec: FrameSpec, brand: Color, top: number, rng: Rng): void {
  const name = capitalise(spec.site.replace(/^www\./, '').split('.')[0] ?? spec.site);
  c.fillRect(0, top, FRAME_WIDTH, 190, tint(brand, 0.88));
  c.text(48, top + 36, `Welcome to ${name}`, TEXT, 4, 620);
  c.paragraph(48, top + 86, 'Discover, compare and find exactly what you need. Fast results, trusted reviews.', MUTED, 2, 560, 2);
  c.fillRoundRect(48, top + 132, 178, 36, 6, brand);
  c.text(71, top + 143, 'Get started', 0xffffff, 2);
  c.fillRoundRect(680, top + 24, 290, 142, 10, tint(brand, 0.6));
  c.fillCircle(745, top + 95, 34, tint(brand, 0.3));
  c.fillRoundRect(800, top + 60, 140, 14, 4, 0xffffff);
  c.fillRoundRect(800, top + 86, 110, 14, 4, 0xffffff);
  c.fillRoundRect(800, top + 112, 125, 14, 4, 0xffffff);
  const labels = ['Popular today', 'Deals', 'Recommended', 'New arrivals'];
  for (let i = 0; i < 4; i++) {
    const x = 48 + i * 236;
    const y = top + 214;
    c.strokeRoundRect(x, y, 216, 150, 8, 1, LINE, 0xffffff);
    c.fillRoundRect(x + 12, y + 12, 192, 70, 6, tint(BRANDS[(i + rng.int(0, 9)) % BRANDS.length] ?? brand, 0.75));
    c.text(x + 12, y + 94, labels[i] ?? '', TEXT, 2, 190);
    c.fillRoundRect(x + 12, y + 120, 90 + rng.int(0, 80), 8, 4, SKELETON);
  }
}

function drawResults(c: Canvas, spec: FrameSpec, brand: Color, top: number, rng: Rng): void {
  const scrolled = spec.summary.toLowerCase().startsWith('scrolling');
  const first = scrolled ? rng.int(4, 9) : 1;
  c.text(232, top + 14, `${rng.int(120, 9800).toLocaleString('en-US')} results for "${spec.query}"`, MUTED, 2, 560);
  // Filters.
  c.text(24, top + 14, 'Filters', TEXT, 2);
  const filters = ['Top rated', 'Free shipping', 'On sale', 'New', 'Under $50'];
  filters.forEach((f, i) => {
    const y = top + 44 + i * 30;
    c.strokeRect(24, y, 14, 14, 2, 0x9aa0a6);
    if (rng.chance(0.3)) c.fillRect(27, y + 3, 8, 8, brand);
    c.text(46, y, f, TEXT, 2, 160);
  });
  c.fillRect(208, top + 4, 1, FRAME_HEIGHT - top, LINE);
  const clicking = spec.summary.toLowerCase().startsWith('clicking');
  const target = spec.summary.toLowerCase().includes('first') ? 0 : rng.int(0, 2);
  for (let i = 0; i < 3; i++) {
    const y = top + 44 + i * 118 - (scrolled ? rng.int(0, 40) : 0);
    const x = 232;
    c.fillRoundRect(x, y, 96, 96, 6, tint(BRANDS[(hash32(`${spec.query}:${first + i}`) % BRANDS.length)] ?? brand, 0.7));
    c.fillCircle(x + 48, y + 48, 22, 0xffffff);
    c.text(x + 116, y + 4, `${capitalise(spec.query)} ${first + i}`, 0x1a0dab, 2, 520);
    drawStars(c, x + 116, y + 30, rng.int(3, 5));
    c.text(x + 196, y + 30, `(${rng.int(12, 4800).toLocaleString('en-US')})`, MUTED, 2);
    c.text(x + 116, y + 54, `$${rng.int(9, 199)}.${String(rng.int(0, 99)).padStart(2, '0')}`, TEXT, 3);
    c.fillRoundRect(x + 116, y + 84, 220 + rng.int(0, 200), 8, 4, SKELETON);
    c.fillRect(x, y + 108, FRAME_WIDTH - x - 24, 1, LINE);
    if (clicking && i === target) highlight(c, x + 110, y - 2, 540, 26, rng);
  }
  if (spec.summary.toLowerCase().startsWith('searching')) highlight(c, 290, 80 + 10, 470, 36, rng);
}

function drawDetail(c: Canvas, spec: FrameSpec, brand: Color, top: number, rng: Rng): void {
  c.text(24, top + 14, `Home > Search > ${spec.query}`, MUTED, 2, 700);
  c.fillRoundRect(24, top + 44, 330, 300, 8, tint(brand, 0.8));
  c.fillCircle(189, top + 194, 70, 0xffffff);
  c.text(384, top + 48, capitalise(spec.query), TEXT, 3, 600);
  drawStars(c, 384, top + 88, rng.int(3, 5));
  c.text(470, top + 88, `${rng.int(40, 9000).toLocaleString('en-US')} ratings`, 0x1a0dab, 2);
  c.text(384, top + 120, `$${rng.int(9, 199)}.${String(rng.int(0, 99)).padStart(2, '0')}`, 0xb12704, 4);
  const facts = ['In stock', `Ships in ${rng.int(1, 5)} days`, `Sold by ${spec.site}`, `Model ${rng.int(100, 999)}-${rng.int(10, 99)}`];
  facts.forEach((f, i) => c.text(384, top + 176 + i * 26, `* ${f}`, TEXT, 2, 580));
  for (let i = 0; i < 3; i++) c.fillRoundRect(384, top + 290 + i * 18, 560 - i * 90 - rng.int(0, 60), 8, 4, SKELETON);
  if (spec.summary.toLowerCase().startsWith('extracting')) highlight(c, 376, top + 40, 600, 236, rng);
}

function drawStars(c: Canvas, x: number, y: number, filled: number): void {
  for (let i = 0; i < 5; i++) c.text(x + i * 14, y, '*', i < filled ? 0xf4a300 : 0xd0d0d0, 2);
}

function drawSpinner(c: Canvas, cx: number, cy: number, color: Color): void {
  for (let i = 0; i < 8; i++) {
    const angle = (i / 8) * Math.PI * 2;
    c.fillCircle(Math.round(cx + Math.cos(angle) * 24), Math.round(cy + Math.sin(angle) * 24), 4, i < 5 ? color : 0xd0d0d0);
  }
}

/** The coloured box and index label the agent draws around the element it acts on. */
function highlight(c: Canvas, x: number, y: number, w: number, h: number, rng: Rng): void {
  const color = HIGHLIGHTS[rng.int(0, HIGHLIGHTS.length - 1)] ?? 0xff3d00;
  c.strokeRect(x, y, w, h, 2, color);
  const label = String(rng.int(2, 80));
  c.fillRect(x + w - label.length * 12 - 6, y - 2, label.length * 12 + 6, 20, color);
  c.text(x + w - label.length * 12 - 2, y + 1, label, 0xffffff, 2);
}

/** Step number and summary along the bottom edge. */
function drawCaption(c: Canvas, spec: FrameSpec): void {
  const h = 40;
  const y = FRAME_HEIGHT - h;
  c.fillRect(0, y, FRAME_WIDTH, h, 0x111827, 0.88);
  const label = `Step ${spec.step + 1}/${spec.stepCount}`;
  c.fillRoundRect(12, y + 8, label.length * 12 + 16, 24, 5, 0x2563eb);
  c.text(20, y + 12, label, 0xffffff, 2);
  c.text(label.length * 12 + 40, y + 12, spec.summary, 0xf9fafb, 2, FRAME_WIDTH - label.length * 12 - 170);
  c.text(FRAME_WIDTH - 100, y + 12, `task ${spec.taskIndex + 1}`, 0x9ca3af, 2);
}

/** `color` mixed with white: amount 0 keeps it, 1 is white. */
function tint(color: Color, amount: number): Color {
  const mix = (v: number): number => Math.round(v + (255 - v) * amount);
  return (mix((color >> 16) & 255) << 16) | (mix((color >> 8) & 255) << 8) | mix(color & 255);
}
