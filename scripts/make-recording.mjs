#!/usr/bin/env node
// Rebuilds assets/recording.mp4, the clip every recording URL serves: six simulated browser frames,
// one per second, encoded with ffmpeg (H.264, yuv420p, moov atom first).
// Usage: npm run build && node scripts/make-recording.mjs   (needs ffmpeg on PATH)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { drawFrame } from '../dist/web/frame.js';
import { encodePng } from '../dist/web/png.js';

const steps = [
  'Navigating to example.com',
  'Searching for "sample recording"',
  'Clicking the first result',
  'Scrolling down to see more results',
  'Reading the page on example.com',
  'Extracting the requested information',
];
const dir = mkdtempSync(join(tmpdir(), 'bu-recording-'));
try {
  steps.forEach((summary, step) => {
    const frame = drawFrame({ seed: `recording:${step}`, site: 'example.com', query: 'sample recording', step, stepCount: steps.length, summary, taskIndex: 0 });
    writeFileSync(join(dir, `frame-${step}.png`), encodePng(frame));
  });
  const out = new URL('../assets/recording.mp4', import.meta.url).pathname;
  execFileSync('ffmpeg', [
    '-y', '-loglevel', 'error',
    '-framerate', '1', '-i', join(dir, 'frame-%d.png'),
    '-vf', 'fps=10,format=yuv420p',
    '-c:v', 'libx264', '-preset', 'veryslow', '-crf', '30', '-tune', 'stillimage',
    '-movflags', '+faststart', '-map_metadata', '-1', '-fflags', '+bitexact', '-flags:v', '+bitexact',
    out,
  ], { stdio: 'inherit' });
  process.stdout.write(`wrote ${out}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
