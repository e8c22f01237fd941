// Writes fixtures/parsed/index.json: every built-in YAML fixture (fixtures/**/*.yaml except examples/)
// already parsed, keyed by the SHA-256 of its text. The emulator reads built-in YAML from there instead
// of running the YAML parser at start-up; a file whose text no longer matches is parsed as usual.
//
//   npm run gen:fixtures
//
// `generateParsedFixtures()` returns the file text; test/simulation/parsed-fixtures.test.ts compares it
// with the committed file.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse } from 'yaml';

const FIXTURES_DIR = fileURLToPath(new URL('../fixtures/', import.meta.url));
const OUTPUT = join(FIXTURES_DIR, 'parsed', 'index.json');
/** Example files are for reading and copying; the emulator never loads them by itself. */
const SKIPPED = new Set(['examples', 'parsed']);

function yamlFiles(dir) {
  const files = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED.has(entry.name)) files.push(...yamlFiles(path));
    } else if (/\.ya?ml$/i.test(entry.name)) {
      files.push(path);
    }
  }
  return files;
}

export function generateParsedFixtures() {
  const entries = {};
  const files = yamlFiles(FIXTURES_DIR).map((path) => ({ path, name: relative(FIXTURES_DIR, path).split('\\').join('/') }));
  files.sort((a, b) => a.name.localeCompare(b.name));
  for (const { path, name } of files) {
    const text = readFileSync(path, 'utf8');
    entries[createHash('sha256').update(text).digest('hex')] = { file: name, data: parse(text) };
  }
  return `${JSON.stringify(entries, null, 1)}\n`;
}

if (process.argv[1] && pathToFileURL(realpathSync(process.argv[1])).href === import.meta.url) {
  writeFileSync(OUTPUT, generateParsedFixtures());
  process.stdout.write(`wrote ${relative(process.cwd(), OUTPUT)}\n`);
}
