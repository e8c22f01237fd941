// Reads the data of a fixture file. JSON is parsed as JSON; YAML is first looked up by content hash in
// fixtures/parsed/index.json, the built-in YAML files already parsed (`npm run gen:fixtures` writes it, a test
// fails when it is stale), so start-up does not load and run the YAML parser for files it ships. Any
// other YAML (a user's fixtures, an edited built-in) is parsed, with the parser loaded on first need.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { extname } from 'node:path';
import { PACKAGE_ROOT_URL } from '../package-root.js';

export const PARSED_FIXTURES_URL = new URL('fixtures/parsed/index.json', PACKAGE_ROOT_URL);

type YamlModule = typeof import('yaml');
let yaml: YamlModule | undefined;
let parsedByHash: Map<string, unknown> | undefined;

/** The YAML library, loaded synchronously on first use (fixtures are read while the emulator is built). */
export function yamlLibrary(): YamlModule {
  yaml ??= createRequire(import.meta.url)('yaml') as YamlModule;
  return yaml;
}

export function contentHash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function parsedFixtures(): Map<string, unknown> {
  if (parsedByHash === undefined) {
    const entries = existsSync(PARSED_FIXTURES_URL) ? (JSON.parse(readFileSync(PARSED_FIXTURES_URL, 'utf8')) as Record<string, { data: unknown }>) : {};
    parsedByHash = new Map(Object.entries(entries).map(([hash, entry]) => [hash, entry.data]));
  }
  return parsedByHash;
}

/**
 * The data of a fixture file's text. Throws what the parser throws for text it cannot read (for YAML,
 * the library's YAMLParseError with its line and column). The data returned for a pre-parsed file is
 * a fresh copy: readers may keep or change it.
 */
export function fixtureData(file: string, text: string): unknown {
  if (extname(file).toLowerCase() === '.json') return JSON.parse(text);
  const known = parsedFixtures().get(contentHash(text));
  if (known !== undefined) return structuredClone(known);
  return yamlLibrary().parse(text);
}
