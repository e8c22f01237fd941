// fixtures/parsed/index.json must be what `npm run gen:fixtures` writes from the YAML files today, and the
// emulator must read the same data from it as the YAML parser would.
import t from 'tap';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { contentHash, fixtureData, PARSED_FIXTURES_URL } from '../../src/simulation/fixture-text.js';
// @ts-expect-error: a plain ES module without types
import { generateParsedFixtures } from '../../scripts/gen-fixtures.mjs';

t.test('fixtures/parsed/index.json is up to date (npm run gen:fixtures)', async (t) => {
  t.equal(readFileSync(PARSED_FIXTURES_URL, 'utf8'), (generateParsedFixtures as () => string)(), 'regenerate it with npm run gen:fixtures');
});

t.test('built-in YAML reads the same from the index as from the parser', async (t) => {
  const entries = JSON.parse(readFileSync(PARSED_FIXTURES_URL, 'utf8')) as Record<string, { file: string }>;
  t.ok(Object.keys(entries).length >= 26, 'scenarios and kinds are indexed');
  for (const { file } of Object.values(entries)) {
    const text = readFileSync(new URL(`../../fixtures/${file}`, import.meta.url), 'utf8');
    t.same(fixtureData(file, text), parse(text), file);
  }
});

t.test('YAML that is not indexed is parsed; each read is a fresh copy', async (t) => {
  const text = 'name: mine\nsteps: [1, 2]\n';
  t.same(fixtureData('mine.yaml', text), { name: 'mine', steps: [1, 2] });
  const [hash, entry] = Object.entries(JSON.parse(readFileSync(PARSED_FIXTURES_URL, 'utf8')) as Record<string, { file: string }>)[0] ?? [];
  t.ok(hash && entry);
  const source = readFileSync(new URL(`../../fixtures/${entry?.file ?? ''}`, import.meta.url), 'utf8');
  t.equal(contentHash(source), hash);
  const first = fixtureData('x.yaml', source) as Record<string, unknown>;
  first.changed = true;
  t.notOk('changed' in (fixtureData('x.yaml', source) as Record<string, unknown>), 'a reader cannot change the index');
});
