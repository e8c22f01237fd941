// `npm test` runs the test files in a few processes instead of one process per file: starting a
// process with the TypeScript loader and the app's modules costs more than most files' tests.
// The files are dealt out by size, largest first, each to the share with the fewest bytes so far (size
// stands in for running time), so the shares take about as long; together they run each test file exactly
// once. A single file still runs on its own with `npx tap test/path/file.test.ts`.
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const SHARES = 2;
const TEST_ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Run by `npm run test:e2e` against the built server, or not test files at all. */
const SKIPPED_DIRS = new Set(['e2e', 'suites', 'helpers', 'fixtures']);

export function testFiles(dir = TEST_ROOT): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) files.push(...testFiles(path));
    } else if (entry.name.endsWith('.test.ts')) {
      files.push(path);
    }
  }
  return files.sort((a, b) => relative(TEST_ROOT, a).localeCompare(relative(TEST_ROOT, b)));
}

/** The test files of each share, each share in file-name order. */
export function shares(files = testFiles()): string[][] {
  const dealt = Array.from({ length: SHARES }, () => ({ bytes: 0, files: [] as string[] }));
  const bySize = files.map((file) => ({ file, bytes: statSync(file).size })).sort((a, b) => b.bytes - a.bytes || a.file.localeCompare(b.file));
  for (const { file, bytes } of bySize) {
    const lightest = dealt.reduce((min, share) => (share.bytes < min.bytes ? share : min));
    lightest.bytes += bytes;
    lightest.files.push(file);
  }
  const order = new Map(files.map((file, i) => [file, i]));
  return dealt.map((share) => share.files.sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0)));
}

/** Imports share `k` (1-based) of the test files, one after another: each registers its tests with tap. */
export async function runShare(k: number): Promise<void> {
  for (const file of shares()[k - 1] ?? []) await import(pathToFileURL(file).href);
}
