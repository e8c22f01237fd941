// Whether dist/ is the build of the current sources: dist/cli.js exists and is newer than every file
// under src/ and than tsconfig.json. Shared by scripts/build-once (which builds when it is not) and the
// end-to-end tests (which refuse to run against a stale build rather than build inside a test).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BUILT_CLI = join(ROOT, 'dist', 'cli.js');

function newestMtime(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** Why dist/ cannot be used as the build of src/, or undefined when it can. */
export function staleBuild() {
  if (!existsSync(BUILT_CLI)) return 'dist/cli.js does not exist';
  const sources = Math.max(newestMtime(join(ROOT, 'src')), statSync(join(ROOT, 'tsconfig.json')).mtimeMs);
  if (sources > statSync(BUILT_CLI).mtimeMs) return 'dist/cli.js is older than src/ or tsconfig.json';
  return undefined;
}
