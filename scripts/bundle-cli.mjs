// Bundles the command line (src/cli.ts) into one file, dist/cli.js, replacing what tsc wrote there: the
// emulator's own modules and TypeBox (several hundred small ES modules) are loaded as one, which takes
// a good part off the start-up, and so do Fastify, pino and their dependencies. The Swagger plugins and yaml
// stay ordinary dependencies: the UI plugin serves files from its own directory, and both load only when
// asked for (the first /docs request, a user's YAML fixture file).
// The library entry (dist/index.js) and every other dist/ module stay as tsc wrote them.
import { buildSync } from 'esbuild';
import { chmodSync, readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const SHARED = ['@fastify/swagger', '@fastify/swagger-ui', 'yaml'];
for (const name of SHARED) {
  if (!(name in pkg.dependencies)) throw new Error(`${name} is not a dependency`);
}

buildSync({
  entryPoints: [new URL('../src/cli.ts', import.meta.url).pathname],
  outfile: new URL('../dist/cli.js', import.meta.url).pathname,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: SHARED,
  legalComments: 'eof',
  // Bundled CommonJS modules call require() for Node's own modules, which an ES module lacks.
  banner: { js: "import { createRequire as createRequireOfBundle } from 'node:module'; const require = createRequireOfBundle(import.meta.url);" },
  logLevel: 'warning',
});
// Runnable as a command, as tsc's output was.
chmodSync(new URL('../dist/cli.js', import.meta.url), 0o755);
