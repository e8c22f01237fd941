// Paints one simulated screenshot: a browser window (tab, address bar) showing the page the step is on:
// the site's home, a result list, an item's detail page, a form, an article, a table or a confirmation,
// filled with the run's content (its items, form values, article), with the step's number and summary in
// a caption. A pure function of its input, so the same step always gives the same picture.
import { Canvas } from './canvas.js';
import type { Color } from './canvas.js';
import { hash32, Rng } from '../simulation/random.js';
import type { PageView } from '../simulation/content.js';

export const FRAME_WIDTH = 1024;
export const FRAME_HEIGHT = 640;

export interface FrameSpec {
  /** Seeds the layout details (highlight colour, element labels). */
  seed: string;
  site: string;
  query: string;
  /** 0-based step of the task, and how many steps the task has. */
  step: number;
  stepCount: number;
  summary: string;
  taskIndex: number;
  /** What the page shows; default: a result list for the query. */
  view?: PageView;
}

const BRANDS: readonly Color[] = [0x232f3e, 0x1a73e8, 0x0f9d58, 0xc5221f, 0x6f42c1, 0xe8710a, 0x0a66c2, 0x24292f, 0xd81b60, 0x00897b];

const TEXT = 0x202124;
const MUTED = 0x5f6368;
const LINK = 0x1a0dab;
const LINE = 0xdadce0;
const SKELETON = 0xe8eaed;
const HIGHLIGHTS: readonly Color[] = [0xff3d00, 0x2962ff, 0x00c853, 0xaa00ff, 0xffab00];

const capitalise = (text: string): string => text.replace(/\b[a-z]/g, (c) => c.toUpperCase());

/** The view of a spec without one: the home page on the first step, a result list afterwards. */
function viewOf(spec: FrameSpec): PageView {
  if (spec.view) return spec.view;
  const host = spec.site;
  const q = encodeURIComponent(spec.query).replace(/%20/g, '+');
  const home = spec.step === 0;
  const name = capitalise(host.split('.')[0] ?? host);
  return {
    page: home ? 'home' : 'results',
    url: home ? `https://${host}/` : `https://${host}/search?q=${q}`,
    title: home ? `${name} - Home` : `${name}: ${spec.query}`,
    heading: capitalise(spec.query),
    rows: [1, 2, 3].map((i) => ({ title: `${capitalise(spec.query)} ${i}`, detail: host, badge: '' })),
    focus: spec.summary.toLowerCase().startsWith('clicking') ? 0 : -1,
    form: [],
    article: [],
    columns: [],
    cells: [],
    scrolled: 0,
  };
}

/** What the address bar shows for a step. */
export const urlFor = (spec: FrameSpec): string => viewOf(spec).url;

/** The tab's title for a step. */
export const pageTitleFor = (spec: FrameSpec): string => viewOf(spec).title;

export function drawFrame(spec: FrameSpec): Canvas {
  const rng = new Rng(spec.seed);
  const view = viewOf(spec);
  const brand = BRANDS[hash32(spec.site) % BRANDS.length] ?? 0x1a73e8;
  const c = new Canvas(FRAME_WIDTH, FRAME_HEIGHT, 0xffffff);
  drawChrome(c, view, brand);
  const top = 80;
  drawSiteHeader(c, spec, view, brand, top);
  const bodyTop = top + 64;
  switch (view.page) {
    case 'home':
      drawHome(c, spec, view, brand, bodyTop, rng);
      break;
    case 'detail':
      drawDetail(c, spec, view, brand, bodyTop, rng);
      break;
    case 'form':
      drawForm(c, spec, view, brand, bodyTop, rng);
      break;
    case 'article':
      drawArticle(c, spec, view, bodyTop, rng);
      break;
    case 'table':
      drawTable(c, spec, view, brand, bodyTop, rng);
      break;
    case 'done':
      drawDone(c, view, brand, bodyTop);
      break;
    default:
      drawResults(c, spec, view, brand, bodyTop, rng);
  }
  if (spec.summary.toLowerCase().startsWith('waiting')) {
    c.fillRect(0, bodyTop, FRAME_WIDTH, FRAME_HEIGHT - bodyTop, 0xffffff, 0.7);
    drawSpinner(c, FRAME_WIDTH / 2, bodyTop + 170, brand);
  }
  drawCaption(c, spec);
  return c;
}

/** Tab strip, toolbar and address bar. */
function drawChrome(c: Canvas, view: PageView, brand: Color): void {
  c.fillRect(0, 0, FRAME_WIDTH, 36, 0xdee1e6);
  c.fillCircle(18, 18, 6, 0xff5f57);
  c.fillCircle(38, 18, 6, 0xfebc2e);
  c.fillCircle(58, 18, 6, 0x28c840);
  // Active tab.
  c.fillRoundRect(84, 6, 280, 36, 8, 0xffffff);
  c.fillRoundRect(98, 15, 14, 14, 3, brand);
  c.text(120, 15, view.title, TEXT, 2, 210);
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
  const url = view.url.replace(/^https:\/\//, '');
  const slash = url.indexOf('/');
  const host = slash < 0 ? url : url.slice(0, slash);
  const width = c.text(160, 50, host, TEXT, 2, FRAME_WIDTH - 260);
  if (slash >= 0) c.text(160 + width + 2, 50, url.slice(slash), MUTED, 2, FRAME_WIDTH - 262 - width - 160);
  for (let i = 0; i < 3; i++) c.fillCircle(FRAME_WIDTH - 32, 49 + i * 8, 2, MUTED);
  c.fillRect(0, 79, FRAME_WIDTH, 1, LINE);
}

function drawSiteHeader(c: Canvas, spec: FrameSpec, view: PageView, brand: Color, top: number): void {
  c.fillRect(0, top, FRAME_WIDTH, 56, brand);
  const name = spec.site.replace(/^www\./, '');
  c.text(24, top + 15, name, 0xffffff, 3, 240);
  c.text(25, top + 15, name, 0xffffff, 3, 240);
  const boxX = 290;
  const boxW = 470;
  c.fillRoundRect(boxX, top + 12, boxW, 32, 6, 0xffffff);
  if (view.page === 'home' || view.page === 'form' || view.page === 'done') c.text(boxX + 14, top + 20, `Search ${name}`, 0x9aa0a6, 2, boxW - 80);
  else c.text(boxX + 14, top + 20, spec.query, TEXT, 2, boxW - 80);
  c.fillRoundRect(boxX + boxW - 52, top + 15, 46, 26, 5, 0xffd814);
  c.fillCircle(boxX + boxW - 31, top + 26, 6, TEXT);
  c.fillCircle(boxX + boxW - 31, top + 26, 4, 0xffd814);
  c.line(boxX + boxW - 27, top + 30, boxX + boxW - 22, top + 35, 2, TEXT);
  c.text(800, top + 21, 'Sign in', 0xffffff, 2);
  c.text(904, top + 21, 'Help', 0xffffff, 2);
  if (spec.summary.toLowerCase().startsWith('searching')) highlight(c, boxX, top + 10, boxW, 36, new Rng(`${spec.seed}:search`));
}

function drawHome(c: Canvas, spec: FrameSpec, view: PageView, brand: Color, top: number, rng: Rng): void {
  const name = capitalise(spec.site.replace(/^www\./, '').split('.').slice(-2, -1)[0] ?? spec.site);
  c.fillRect(0, top, FRAME_WIDTH, 190, tint(brand, 0.88));
  c.text(48, top + 36, `Welcome to ${name}`, TEXT, 4, 620);
  c.paragraph(48, top + 86, `Search ${spec.site} or pick up where you left off.`, MUTED, 2, 560, 2);
  c.fillRoundRect(48, top + 132, 178, 36, 6, brand);
  c.text(71, top + 143, 'Get started', 0xffffff, 2);
  c.fillRoundRect(680, top + 24, 290, 142, 10, tint(brand, 0.6));
  c.fillCircle(745, top + 95, 34, tint(brand, 0.3));
  c.fillRoundRect(800, top + 60, 140, 14, 4, 0xffffff);
  c.fillRoundRect(800, top + 86, 110, 14, 4, 0xffffff);
  c.fillRoundRect(800, top + 112, 125, 14, 4, 0xffffff);
  for (let i = 0; i < 4; i++) {
    const x = 48 + i * 236;
    const y = top + 214;
    c.strokeRoundRect(x, y, 216, 150, 8, 1, LINE, 0xffffff);
    c.fillRoundRect(x + 12, y + 12, 192, 70, 6, tint(BRANDS[(i + rng.int(0, 9)) % BRANDS.length] ?? brand, 0.75));
    c.text(x + 12, y + 94, ['Popular today', 'Recommended', 'Recently viewed', 'New'][i] ?? '', TEXT, 2, 190);
    c.fillRoundRect(x + 12, y + 120, 90 + rng.int(0, 80), 8, 4, SKELETON);
  }
}

function drawResults(c: Canvas, spec: FrameSpec, view: PageView, brand: Color, top: number, rng: Rng): void {
  c.text(24, top + 14, view.heading || `${view.rows.length} results for "${spec.query}"`, MUTED, 2, 960);
  const first = view.scrolled;
  const rows = view.rows.slice(first, first + 4);
  rows.forEach((row, i) => {
    const y = top + 44 + i * 104 - (view.scrolled > 0 ? 30 : 0);
    const x = 24;
    c.fillRoundRect(x, y, 80, 80, 6, tint(BRANDS[hash32(`${row.title}`) % BRANDS.length] ?? brand, 0.7));
    c.fillCircle(x + 40, y + 40, 18, 0xffffff);
    const badgeScale = row.badge.length < 10 ? 3 : 2;
    const badgeWidth = row.badge ? row.badge.length * 6 * badgeScale + 10 : 0;
    c.text(x + 100, y + 4, row.title, LINK, 2, FRAME_WIDTH - x - 150 - badgeWidth);
    c.paragraph(x + 100, y + 32, row.detail, MUTED, 2, FRAME_WIDTH - x - 140, 2);
    if (row.badge) c.text(FRAME_WIDTH - 24 - row.badge.length * 6 * badgeScale, y + 4, row.badge, TEXT, badgeScale);
    c.fillRect(x, y + 94, FRAME_WIDTH - 48, 1, LINE);
    if (view.focus === first + i) highlight(c, x + 94, y - 4, FRAME_WIDTH - x - 130, 28, rng);
  });
}

function drawDetail(c: Canvas, spec: FrameSpec, view: PageView, brand: Color, top: number, rng: Rng): void {
  const row = view.rows[0];
  c.text(24, top + 14, `Home > ${spec.query} > ${row?.title ?? ''}`, MUTED, 2, 960);
  c.fillRoundRect(24, top + 44, 300, 280, 8, tint(brand, 0.8));
  c.fillCircle(174, top + 184, 64, 0xffffff);
  c.text(354, top + 48, row?.title ?? view.heading, TEXT, 3, 640);
  if (row?.badge) c.text(354, top + 92, row.badge, 0xb12704, 4, 640);
  c.paragraph(354, top + 146, row?.detail ?? '', TEXT, 2, 640, 3);
  const facts = view.cells[0] ?? [];
  view.columns.forEach((col, i) => {
    if (i >= 5) return;
    c.text(354, top + 214 + i * 24, `${capitalise(col)}:`, MUTED, 2, 180);
    c.text(540, top + 214 + i * 24, facts[i] ?? '', TEXT, 2, 440);
  });
  if (spec.summary.toLowerCase().startsWith('extracting') || spec.summary.toLowerCase().startsWith('reading')) highlight(c, 346, top + 40, 650, 300, rng);
}

function drawForm(c: Canvas, spec: FrameSpec, view: PageView, brand: Color, top: number, rng: Rng): void {
  const x = 262;
  const w = 500;
  c.strokeRoundRect(x, top + 16, w, 420, 10, 1, LINE, 0xffffff);
  c.text(x + 28, top + 36, view.title.split(' - ')[0] ?? view.title, TEXT, 3, w - 56);
  const summary = spec.summary.toLowerCase();
  view.form.slice(0, 5).forEach((field, i) => {
    const y = top + 84 + i * 62;
    c.text(x + 28, y, field.label, MUTED, 2, w - 56);
    c.strokeRoundRect(x + 28, y + 20, w - 56, 32, 5, 1, 0x9aa0a6, 0xffffff);
    if (field.secret) {
      for (let d = 0; d < 10; d++) c.fillCircle(x + 44 + d * 16, y + 36, 4, TEXT);
    } else c.text(x + 40, y + 28, field.value, TEXT, 2, w - 80);
    const acting = (field.secret && /password/.test(summary)) || (!field.secret && field.value !== '' && summary.includes(field.value.toLowerCase()));
    if (acting) highlight(c, x + 24, y + 16, w - 48, 40, rng);
  });
  const buttonY = top + 84 + Math.min(5, view.form.length) * 62 + 4;
  c.fillRoundRect(x + 28, buttonY, 160, 36, 6, brand);
  c.text(x + 52, buttonY + 10, 'Continue', 0xffffff, 2);
  if (/submit|confirm|sign-in form|clicking "post"/.test(summary)) highlight(c, x + 24, buttonY - 4, 168, 44, rng);
}

function drawArticle(c: Canvas, spec: FrameSpec, view: PageView, top: number, rng: Rng): void {
  const x = 160;
  const w = 700;
  const scrolled = spec.summary.toLowerCase().startsWith('scrolling') ? 60 : 0;
  let y = top + 24 - scrolled;
  const [heading, ...paragraphs] = view.article.length > 0 ? view.article : [view.heading];
  y += c.paragraph(x, y, heading ?? view.heading, TEXT, 3, w, 2) + 16;
  c.fillRect(x, y, w, 1, LINE);
  y += 18;
  for (const p of paragraphs) {
    y += c.paragraph(x, y, p, TEXT, 2, w, 4) + 14;
  }
  for (let i = 0; i < 4 && y < FRAME_HEIGHT - 70; i++, y += 22) c.fillRoundRect(x, y, w - rng.int(0, 240), 9, 4, SKELETON);
  if (spec.summary.toLowerCase().startsWith('extracting') || spec.summary.toLowerCase().startsWith('reading')) highlight(c, x - 8, top + 16, w + 16, 200, rng);
}

function drawTable(c: Canvas, spec: FrameSpec, view: PageView, brand: Color, top: number, rng: Rng): void {
  const x = 24;
  const w = FRAME_WIDTH - 48;
  c.text(x, top + 12, view.heading, TEXT, 2, w);
  const cols = Math.max(1, view.columns.length);
  const colW = Math.floor(w / cols);
  const y0 = top + 40;
  c.fillRect(x, y0, w, 30, tint(brand, 0.85));
  view.columns.forEach((col, i) => c.text(x + 8 + i * colW, y0 + 8, capitalise(col), TEXT, 2, colW - 14));
  const rows = view.cells.slice(0, 11);
  rows.forEach((cells, r) => {
    const y = y0 + 30 + r * 32;
    if (r % 2 === 1) c.fillRect(x, y, w, 32, 0xf8f9fa);
    cells.forEach((cell, i) => c.text(x + 8 + i * colW, y + 9, cell, TEXT, 2, colW - 14));
    c.fillRect(x, y + 31, w, 1, LINE);
  });
  if (spec.summary.toLowerCase().startsWith('extracting')) highlight(c, x - 4, y0 - 4, w + 8, 38 + rows.length * 32, rng);
}

function drawDone(c: Canvas, view: PageView, brand: Color, top: number): void {
  const cx = FRAME_WIDTH / 2;
  c.fillCircle(cx, top + 80, 42, 0x0f9d58);
  c.line(cx - 18, top + 82, cx - 4, top + 96, 5, 0xffffff);
  c.line(cx - 4, top + 96, cx + 20, top + 66, 5, 0xffffff);
  const title = view.title.split(' - ')[0] ?? '';
  c.text(cx - (title.length * 18) / 2, top + 140, title, TEXT, 3);
  view.rows.slice(0, 4).forEach((row, i) => {
    const y = top + 186 + i * 30;
    const width = c.text(232, y, row.title, TEXT, 2, 560);
    if (row.detail) c.text(232 + width + 12, y, row.detail, MUTED, 2, 560 - width - 12);
  });
  c.fillRoundRect(cx - 90, top + 320, 180, 36, 6, brand);
  c.text(cx - 30, top + 331, 'Done', 0xffffff, 2);
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
