// Raster drawing on an RGB buffer: rectangles, rounded boxes, circles, lines and bitmap text.
// Enough to paint a believable browser window without any native graphics library.
import { ADVANCE, GLYPH_HEIGHT, GLYPH_WIDTH, glyphRows, toFontText } from './font.js';
import type { RgbImage } from './png.js';

/** 0xRRGGBB */
export type Color = number;

export class Canvas implements RgbImage {
  readonly pixels: Uint8Array;

  constructor(
    readonly width: number,
    readonly height: number,
    background: Color = 0xffffff,
  ) {
    this.pixels = new Uint8Array(width * height * 3);
    this.fillRect(0, 0, width, height, background);
  }

  /** Blends `color` over the pixel; alpha 1 paints it. */
  private plot(x: number, y: number, color: Color, alpha = 1): void {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) return;
    const i = (y * this.width + x) * 3;
    const p = this.pixels;
    if (alpha >= 1) {
      p[i] = (color >> 16) & 255;
      p[i + 1] = (color >> 8) & 255;
      p[i + 2] = color & 255;
      return;
    }
    p[i] = Math.round((p[i] ?? 0) * (1 - alpha) + ((color >> 16) & 255) * alpha);
    p[i + 1] = Math.round((p[i + 1] ?? 0) * (1 - alpha) + ((color >> 8) & 255) * alpha);
    p[i + 2] = Math.round((p[i + 2] ?? 0) * (1 - alpha) + (color & 255) * alpha);
  }

  fillRect(x: number, y: number, w: number, h: number, color: Color, alpha = 1): void {
    const x0 = Math.max(0, Math.round(x));
    const y0 = Math.max(0, Math.round(y));
    const x1 = Math.min(this.width, Math.round(x + w));
    const y1 = Math.min(this.height, Math.round(y + h));
    if (x1 <= x0 || y1 <= y0) return;
    if (alpha >= 1) {
      // Fast path: fill one row, copy it down.
      const r = (color >> 16) & 255;
      const g = (color >> 8) & 255;
      const b = color & 255;
      const first = (y0 * this.width + x0) * 3;
      for (let x2 = 0; x2 < x1 - x0; x2++) {
        this.pixels[first + x2 * 3] = r;
        this.pixels[first + x2 * 3 + 1] = g;
        this.pixels[first + x2 * 3 + 2] = b;
      }
      const row = this.pixels.slice(first, first + (x1 - x0) * 3);
      for (let y2 = y0 + 1; y2 < y1; y2++) this.pixels.set(row, (y2 * this.width + x0) * 3);
      return;
    }
    for (let y2 = y0; y2 < y1; y2++) for (let x2 = x0; x2 < x1; x2++) this.plot(x2, y2, color, alpha);
  }

  /** A rectangle with rounded corners of radius `r`. */
  fillRoundRect(x: number, y: number, w: number, h: number, r: number, color: Color, alpha = 1): void {
    const radius = Math.max(0, Math.min(r, Math.floor(w / 2), Math.floor(h / 2)));
    if (radius === 0) return this.fillRect(x, y, w, h, color, alpha);
    this.fillRect(x, y + radius, w, h - 2 * radius, color, alpha);
    for (let dy = 0; dy < radius; dy++) {
      // Inset of this row inside the corner circle.
      const inset = radius - Math.round(Math.sqrt(radius * radius - (radius - dy - 0.5) ** 2));
      this.fillRect(x + inset, y + dy, w - 2 * inset, 1, color, alpha);
      this.fillRect(x + inset, y + h - 1 - dy, w - 2 * inset, 1, color, alpha);
    }
  }

  strokeRect(x: number, y: number, w: number, h: number, thickness: number, color: Color): void {
    this.fillRect(x, y, w, thickness, color);
    this.fillRect(x, y + h - thickness, w, thickness, color);
    this.fillRect(x, y, thickness, h, color);
    this.fillRect(x + w - thickness, y, thickness, h, color);
  }

  /** A rounded outline: the box minus a smaller box of the inner colour. */
  strokeRoundRect(x: number, y: number, w: number, h: number, r: number, thickness: number, color: Color, inner: Color): void {
    this.fillRoundRect(x, y, w, h, r, color);
    this.fillRoundRect(x + thickness, y + thickness, w - 2 * thickness, h - 2 * thickness, Math.max(0, r - thickness), inner);
  }

  fillCircle(cx: number, cy: number, radius: number, color: Color): void {
    for (let dy = -radius; dy <= radius; dy++) {
      const half = Math.round(Math.sqrt(radius * radius - dy * dy));
      this.fillRect(cx - half, cy + dy, half * 2 + 1, 1, color);
    }
  }

  /** A straight line of the given thickness (used for simple icons). */
  line(x0: number, y0: number, x1: number, y1: number, thickness: number, color: Color): void {
    const steps = Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0), 1);
    const half = Math.floor(thickness / 2);
    for (let i = 0; i <= steps; i++) {
      const x = Math.round(x0 + ((x1 - x0) * i) / steps);
      const y = Math.round(y0 + ((y1 - y0) * i) / steps);
      this.fillRect(x - half, y - half, thickness, thickness, color);
    }
  }

  /**
   * Draws `text` with its top-left at (x, y), each font cell `scale` pixels square. Text wider than
   * `maxWidth` is cut with "...". Returns the width drawn.
   */
  text(x: number, y: number, text: string, color: Color, scale = 2, maxWidth = Infinity): number {
    let chars = toFontText(text);
    const cell = ADVANCE * scale;
    const fits = Math.floor((maxWidth + scale) / cell);
    if (chars.length > fits) chars = fits > 3 ? `${chars.slice(0, fits - 3).trimEnd()}...` : chars.slice(0, Math.max(0, fits));
    for (let i = 0; i < chars.length; i++) {
      const rows = glyphRows(chars[i] ?? ' ');
      const left = x + i * cell;
      for (let row = 0; row < GLYPH_HEIGHT; row++) {
        const mask = rows[row] ?? 0;
        if (mask === 0) continue;
        for (let col = 0; col < GLYPH_WIDTH; col++) {
          if (mask & (1 << (GLYPH_WIDTH - 1 - col))) this.fillRect(left + col * scale, y + row * scale, scale, scale, color);
        }
      }
    }
    return chars.length === 0 ? 0 : chars.length * cell - scale;
  }

  /** Word-wrapped text; returns the height used. */
  paragraph(x: number, y: number, text: string, color: Color, scale: number, maxWidth: number, maxLines = Infinity): number {
    const perLine = Math.max(1, Math.floor((maxWidth + scale) / (ADVANCE * scale)));
    const lines: string[] = [];
    let current = '';
    for (const word of toFontText(text).split(' ')) {
      const candidate = current ? `${current} ${word}` : word;
      if (candidate.length <= perLine || current === '') current = candidate;
      else {
        lines.push(current);
        current = word;
      }
    }
    if (current) lines.push(current);
    const shown = lines.slice(0, maxLines);
    if (lines.length > shown.length && shown.length > 0) shown[shown.length - 1] = `${shown[shown.length - 1]}...`;
    const lineHeight = (GLYPH_HEIGHT + 3) * scale;
    shown.forEach((line, i) => this.text(x, y + i * lineHeight, line, color, scale, maxWidth));
    return shown.length * lineHeight;
  }
}
