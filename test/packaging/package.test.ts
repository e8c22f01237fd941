// Pins the npm package's manifest: the bin, the typed library entry, engines, and a build that runs on
// pack but not on install. What `npm pack` ships and the built files the manifest names are checked
// in test/e2e/package.test.ts; scripts/pack-check uses the real tarball.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import t from 'tap';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  name: string;
  type: string;
  main: string;
  types: string;
  bin: Record<string, string>;
  exports: Record<string, unknown>;
  files: string[];
  engines: { node: string };
  peerDependencies: Record<string, string>;
  peerDependenciesMeta: Record<string, { optional?: boolean }>;
  license: string;
  scripts: Record<string, string>;
};

t.test('manifest: bin, typed ESM entry, engines, license', async (t) => {
  t.equal(pkg.type, 'module');
  t.same(pkg.bin, { 'browser-use-mock': 'dist/cli.js' });
  t.same(pkg.exports['.'], { types: './dist/index.d.ts', default: './dist/index.js' }, 'types first, then the code');
  t.equal(pkg.main, './dist/index.js');
  t.equal(pkg.types, './dist/index.d.ts');
  t.equal(pkg.engines.node, '^20.19.0 || >=22.12.0', 'the first lines where require() loads ES modules by default');
  t.equal(pkg.license, 'MIT');
  const license = readFileSync(new URL('../../LICENSE', import.meta.url), 'utf8');
  t.match(license, /^MIT License\n\nCopyright \(c\) \d{4} browser-use-mock contributors\n/);
});

t.test('engines: fastify inject loads the ES-module-only cookie@2 through require()', async (t) => {
  // light-my-request (CommonJS) requires cookie@2, which ships only ES modules and declares Node >= 22.
  // require() of an ES module works unflagged from Node 20.19 and 22.12, so inject (tests, the MSW
  // handlers) runs on those lines; CI runs this file on Node 20.
  const require = createRequire(createRequire(import.meta.url).resolve('light-my-request'));
  const cookie = JSON.parse(readFileSync(join(dirname(dirname(require.resolve('cookie'))), 'package.json'), 'utf8')) as { version: string; type?: string; engines?: { node?: string } };
  t.match(cookie, { version: /^2\./, engines: { node: '>=22' } }, 'what cookie@2 declares');
  t.type(require('cookie').stringifySetCookie, 'function', `require('cookie') works on Node ${process.versions.node}`);
  t.equal(process.features.require_module, true);
});

t.test('browser-use-mock/msw: its own entry, msw an optional peer', async (t) => {
  t.same(pkg.exports['./msw'], { types: './dist/msw.d.ts', default: './dist/msw.js' });
  t.match(pkg.peerDependencies.msw, /^\^2\./);
  t.equal(pkg.peerDependenciesMeta.msw?.optional, true, 'users of the server alone need no msw');
});

t.test('scripts: the build runs on pack, never on install', async (t) => {
  t.equal(pkg.scripts.prepare, undefined, 'no prepare: it would run on every npm ci, including the production-only one in the image');
  t.match(pkg.scripts.prepack, /npm run build/);
  for (const name of ['build', 'start', 'test', 'typecheck']) t.type(pkg.scripts[name], 'string', `keeps ${name}`);
});
