// Kind files: validation with file and field named, selection, user kinds over the built-ins.
import t from 'tap';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtInKinds, kindsInForce, parseKindFile } from '../../src/simulation/kind-fixtures.js';
import { FixtureError } from '../../src/simulation/fixtures.js';
import { KindRegistry } from '../../src/simulation/kinds.js';
import { kindOf } from '../../src/simulation/texts.js';

const MINIMAL = [
  'name: pets',
  "match: ['\\b(puppy|kitten|pet)\\b']",
  'sites: [petfinder.com]',
  "item: { name: '{Query}' }",
  "display: { title: '{name}' }",
  "plan: ['Open {site}']",
  "steps: [{ action: navigate, page: home, summary: 'Opening {site}', result: 'Opened {home}' }]",
  "output: { lead: 'Found {n} {nouns} on {site}:', line: '{i}. {name}' }",
  "failure: ['{site} is down.']",
].join('\n');

t.test('the built-in kinds load and cover every kind the emulator promises', async (t) => {
  const names = builtInKinds().map((k) => k.name);
  for (const name of ['shopping', 'facts', 'news', 'weather', 'flights', 'hotels', 'trains', 'code', 'issues', 'forms', 'login', 'extract', 'jobs', 'social', 'restaurants', 'appointments', 'summarize', 'generic']) {
    t.ok(names.includes(name), name);
  }
});

t.test('problems are reported with the file and the field', async (t) => {
  const bad = parseKindFile('kinds/bad.yaml', [
    'name: bad',
    "match: ['(unclosed']",
    'sites: [x.com]',
    "item: { price: { price: [50, 10] }, name: '{nope}' }",
    "display: { title: '{name}' }",
    "plan: ['Open {site}']",
    "steps: [{ action: fly, page: home, summary: 'x', result: 'y' }]",
    "output: { lead: '{topic}' }",
    "failure: ['x']",
    'colour: red',
  ].join('\n'));
  const text = bad.problems.join('\n');
  t.match(text, /kinds\/bad\.yaml: colour: unknown field/);
  t.match(text, /kinds\/bad\.yaml: match\[0\]: invalid regular expression/);
  t.match(text, /kinds\/bad\.yaml: item\.price\.price: expected \[min, max\] with min <= max/);
  t.match(text, /kinds\/bad\.yaml: steps\[0\]\.action: expected one of navigate/);
  t.match(parseKindFile('kinds/x.yaml', 'name: x\n').problems.join('\n'), /kinds\/x\.yaml: plan: required/, 'a missing field is named');
  // Placeholders are checked once the file is well formed: they depend on its item fields and vocabulary.
  const placeholders = parseKindFile('kinds/bad.yaml', [
    'name: bad',
    "match: ['pets?']",
    'sites: [x.com]',
    "item: { price: { price: [10, 50] }, name: '{nope}' }",
    "display: { title: '{name}' }",
    "plan: ['Open {site}']",
    "steps: [{ action: click, page: home, summary: 'x', result: 'y' }]",
    "output: { lead: '{topic}' }",
    "failure: ['x']",
  ].join('\n')).problems.join('\n');
  t.match(placeholders, /kinds\/bad\.yaml: item\.name: unknown placeholder \{nope\}/);
  t.match(placeholders, /kinds\/bad\.yaml: output\.lead: \{topic\} comes from the task only when it names one: add a vocab\.topic list/);
  t.same(parseKindFile('kinds/pets.yaml', MINIMAL).problems, []);
});

t.test('user kinds come first; replace uses only them when the folder exists', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'kinds-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  t.same(kindsInForce({ fixturesDir: dir, fixturesReplace: true }).map((k) => k.name), builtInKinds().map((k) => k.name), 'no kinds/ folder: the built-ins stay');
  mkdirSync(join(dir, 'kinds'));
  writeFileSync(join(dir, 'kinds', 'pets.yaml'), MINIMAL);
  const added = kindsInForce({ fixturesDir: dir, fixturesReplace: false });
  t.equal(added[0]?.name, 'pets');
  t.equal(added.length, builtInKinds().length + 1);
  t.equal(new KindRegistry(added).select('Adopt a puppy near me', null).name, 'pets');
  t.same(kindsInForce({ fixturesDir: dir, fixturesReplace: true }).map((k) => k.name), ['pets']);
  writeFileSync(join(dir, 'kinds', 'broken.yaml'), 'name: broken\nmatch: 3');
  t.throws(() => kindsInForce({ fixturesDir: dir, fixturesReplace: false }), FixtureError);
});

t.test('selection is deterministic and follows the task', async (t) => {
  const cases: [string, string][] = [
    ['Log in to github.com and list my repositories', 'code'],
    ['Log in to github.com with password hunter22 and open settings', 'login'],
    ['Find the cheapest flight to Tokyo', 'flights'],
    ['Find a cheap hotel in Tokyo', 'hotels'],
    ['Buy a kettle under $40', 'shopping'],
    ['Summarise the top 3 headlines on bbc.com', 'news'],
    ['What will the weather be tomorrow in Oslo?', 'weather'],
    ['Register for the conference with my email me@x.io', 'forms'],
    ['Tweet "hello" on x.com', 'social'],
    ['Plan a birthday party', 'generic'],
  ];
  for (const [task, kind] of cases) {
    t.equal(kindOf(task).name, kind, task);
    t.equal(kindOf(task).name, kindOf(task).name);
  }
});

t.test('an item is named in the singular of what the task asks for', async (t) => {
  const { singularPhrase } = await import('../../src/simulation/content.js');
  const cases: [string, string][] = [
    ['wireless mice', 'wireless mouse'],
    ['gaming laptops', 'gaming laptop'],
    ['noise cancelling headphones', 'noise cancelling headphones'],
    ['standing desks', 'standing desk'],
    ['coffee grinders', 'coffee grinder'],
    ['batteries', 'battery'],
    ['watches', 'watch'],
    ['running shoes', 'running shoes'],
    ['Wireless Mice', 'Wireless Mouse'],
    ['a mouse', 'a mouse'],
    ['glass', 'glass'],
  ];
  for (const [plural, singular] of cases) t.equal(singularPhrase(plural), singular, plural);
});
