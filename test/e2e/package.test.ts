// The package as built and packed: the files the manifest names are in dist/ (the bin keeps its shebang
// through tsc), and `npm pack` ships only what it should. The manifest itself is pinned in
// test/packaging/package.test.ts; scripts/pack-check installs and uses the real tarball.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { ROOT, requireBuilt } from '../helpers/built-server.js';

requireBuilt();
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { main: string; types: string; bin: Record<string, string> };
const BIN = pkg.bin['browser-use-mock'] ?? '';
const named = [BIN, pkg.main, pkg.types].map((file) => file.replace(/^\.\//, ''));

t.test('the built bin keeps its shebang through tsc; the entry and its declarations are built', async (t) => {
  t.equal(BIN, 'dist/cli.js');
  t.match(readFileSync(join(ROOT, BIN), 'utf8'), /^#!\/usr\/bin\/env node\n/, `${BIN} starts with the shebang`);
  for (const file of named) t.ok(existsSync(join(ROOT, file)), `${file} exists`);
});

t.test('npm pack ships only dist, openapi, fixtures, assets, README and LICENSE', async (t) => {
  const result = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' } });
  t.equal(result.status, 0, result.stderr);
  const [entry] = JSON.parse(result.stdout.slice(result.stdout.indexOf('['))) as { files: { path: string }[] }[];
  const files = (entry?.files ?? []).map((f) => f.path);
  t.ok(files.includes('openapi/v3.json'), 'the contract document (read at start-up)');
  t.ok(files.includes('LICENSE') && files.includes('package.json'));
  for (const file of named) t.ok(files.includes(file), `the file the manifest names: ${file}`);
  const outside = files.filter((f) => !/^(dist\/|openapi\/|fixtures\/|assets\/|package\.json$|README\.md$|LICENSE$)/.test(f));
  t.same(outside, [], 'nothing else');
  t.same(files.filter((f) => f.endsWith('.map') || f.startsWith('src/') || f.startsWith('test/')), [], 'no sources, tests or source maps');
});
