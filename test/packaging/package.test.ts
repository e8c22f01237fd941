// Pins the npm package's manifest: the bin, the typed library entry, engines, and a build that runs on
// pack but not on install. What `npm pack` ships and the built files the manifest names are checked
// in test/e2e/package.test.ts; scripts/pack-check uses the real tarball.
import { readFileSync } from 'node:fs';
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
  license: string;
  scripts: Record<string, string>;
};

t.test('manifest: bin, typed ESM entry, engines, license', async (t) => {
  t.equal(pkg.type, 'module');
  t.same(pkg.bin, { 'browser-use-mock': 'dist/cli.js' });
  t.same(pkg.exports['.'], { types: './dist/index.d.ts', default: './dist/index.js' }, 'types first, then the code');
  t.equal(pkg.main, './dist/index.js');
  t.equal(pkg.types, './dist/index.d.ts');
  t.equal(pkg.engines.node, '>=20');
  t.equal(pkg.license, 'MIT');
  const license = readFileSync(new URL('../../LICENSE', import.meta.url), 'utf8');
  t.match(license, /^MIT License\n\nCopyright \(c\) \d{4} browser-use-mock contributors\n/);
});

t.test('scripts: the build runs on pack, never on install', async (t) => {
  t.equal(pkg.scripts.prepare, undefined, 'no prepare: it would run on every npm ci, including the production-only one in the image');
  t.match(pkg.scripts.prepack, /npm run build/);
  for (const name of ['build', 'start', 'test', 'typecheck']) t.type(pkg.scripts[name], 'string', `keeps ${name}`);
});
