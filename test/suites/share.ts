// `npm test` runs the test files in a few processes instead of one process per file: starting a
// process with the TypeScript loader and the app's modules costs more than most files' tests.
// Each `share-K.test.ts` imports every SHARES-th file of the sorted list, so together they run each
// test file exactly once; a single file still runs on its own with `npx tap test/path/file.test.ts`.
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const SHARES = 4;
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

/** Imports share `k` (1-based) of the test files, one after another: each registers its tests with tap. */
export async function runShare(k: number): Promise<void> {
  const files = testFiles().filter((_, i) => i % SHARES === k - 1);
  for (const file of files) await import(pathToFileURL(file).href);
}
