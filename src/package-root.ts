// Where the package's own files are (openapi/, fixtures/, assets/): the nearest directory above this
// module whose package.json names this package. Found by walking up rather than by a fixed `../..`, so
// the same code works from src/ (tsx), from dist/ (tsc) and from the bundled command line (dist/cli.js).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const PACKAGE_NAME = 'browser-use-mock';

function findRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === PACKAGE_NAME) return dir;
      } catch {
        // Not a readable manifest: keep looking above.
      }
    }
    if (dirname(dir) === dir) throw new Error(`cannot find the ${PACKAGE_NAME} package above ${start}`);
  }
}

/** The package directory as a file URL ending in `/`: `new URL('openapi/v3.json', PACKAGE_ROOT_URL)`. */
export const PACKAGE_ROOT_URL = pathToFileURL(`${findRoot(dirname(fileURLToPath(import.meta.url)))}/`);
