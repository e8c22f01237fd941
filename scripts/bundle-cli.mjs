// Bundles the command line (src/cli.ts) into one file, dist/cli.js, replacing what tsc wrote there: the
// emulator's own modules and TypeBox (several hundred small ES modules) are loaded as one, which takes
// a good part off the start-up. Fastify, its plugins, pino and yaml stay ordinary dependencies: the Swagger
// UI plugin serves files from its own directory, and yaml is loaded only for a user's fixture files.
// The library entry (dist/index.js) and every other dist/ module stay as tsc wrote them.
import { buildSync } from 'esbuild';
import { chmodSync, readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const SHARED = ['fastify', '@fastify/*', 'pino', 'yaml'];
for (const name of SHARED) {
  const root = name.replace('/*', '');
  if (!Object.keys(pkg.dependencies).some((dep) => dep === root || dep.startsWith(`${root}/`))) throw new Error(`${name} is not a dependency`);
}

buildSync({
  entryPoints: [new URL('../src/cli.ts', import.meta.url).pathname],
  outfile: new URL('../dist/cli.js', import.meta.url).pathname,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: SHARED,
  legalComments: 'none',
  logLevel: 'warning',
});
// Runnable as a command, as tsc's output was.
chmodSync(new URL('../dist/cli.js', import.meta.url), 0o755);
