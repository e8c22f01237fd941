// Marketplace files: fixtures/marketplace/*.yaml ships the built-in catalogue; a user's fixtures directory
// may hold a marketplace/ folder of its own, whose skills come first (one with a built-in's slug replaces
// it). Every file is validated at start-up and a problem stops the start with the file and field named.
import { basename, join } from 'node:path';
import { Value } from '@sinclair/typebox/value';
import type { FixtureOptions } from '../../simulation/fixture-folders.js';
import { fixtureFiles, folderInForce } from '../../simulation/fixture-folders.js';
import { fixtureData } from '../../simulation/fixture-text.js';
import type { ParameterSchema } from '../../contract/types-v2.generated.js';
import { BUILT_IN_FIXTURES_DIR, FixtureError } from '../../simulation/fixtures.js';
import { stableUuid } from '../../simulation/random.js';
import { problemsOf } from '../../validation/problems.js';
import { instantOf } from '../dates.js';
import type { MarketplaceSkillDocument } from './fixture-schema.js';
import { MarketplaceSkillDocumentSchema } from './fixture-schema.js';
import type { MarketplaceSkill } from './model.js';

export const MARKETPLACE_FOLDER = 'marketplace';

const at = (path: (string | number)[]): string => path.reduce<string>((s, k) => (typeof k === 'number' ? `${s}[${k}]` : s ? `${s}.${k}` : k), '');

function skillOf(document: MarketplaceSkillDocument, source: string): MarketplaceSkill {
  const createdAt = instantOf(document.createdAt) ?? 0;
  const firstPublishedAt = instantOf(document.firstPublishedAt) ?? createdAt;
  const lastPublishedAt = instantOf(document.lastPublishedAt) ?? firstPublishedAt;
  const parameters: ParameterSchema[] = document.parameters.map((p) => ({
    name: p.name,
    type: p.type,
    required: p.required ?? true,
    description: p.description ?? null,
    default: p.default ?? null,
    cookieDomain: p.cookieDomain ?? null,
  }));
  return {
    // Ids follow from the slug alone: the same skill has the same id in every run and with every seed.
    id: (document.id ?? stableUuid('marketplace-skill', document.slug)).toLowerCase(),
    slug: document.slug,
    title: document.title,
    description: document.description,
    categories: [...new Set(document.categories)],
    domains: document.domains,
    parameters,
    outputSchema: document.outputSchema,
    isOfficial: document.official ?? false,
    cloneCount: document.cloneCount ?? 0,
    iconUrl: document.iconUrl ?? null,
    currentVersion: document.currentVersion === undefined ? 1 : document.currentVersion,
    createdAt,
    firstPublishedAt,
    lastPublishedAt,
    updatedAt: instantOf(document.updatedAt) ?? lastPublishedAt,
    source,
  };
}

/** Parses one file's text: one marketplace skill. */
export function parseMarketplaceFile(file: string, text: string): { skill: MarketplaceSkill | undefined; problems: string[] } {
  let data: unknown;
  try {
    data = fixtureData(file, text);
  } catch (error) {
    return { skill: undefined, problems: [`${file}: cannot parse: ${error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error)}`] };
  }
  const problems = problemsOf(MarketplaceSkillDocumentSchema, data).map((p) => `${file}: ${p.path.length > 0 ? `${at(p.path)}: ` : ''}${p.message}`);
  if (Array.isArray((data as { parameters?: unknown } | null)?.parameters)) {
    const names = new Set<string>();
    ((data as { parameters: unknown[] }).parameters).forEach((p, i) => {
      const name = (p as { name?: unknown } | null)?.name;
      if (typeof name !== 'string') return;
      if (names.has(name)) problems.push(`${file}: parameters[${i}].name: "${name}" is already declared`);
      names.add(name);
    });
  }
  if (problems.length > 0 || !Value.Check(MarketplaceSkillDocumentSchema, data)) return { skill: undefined, problems };
  return { skill: skillOf(data, file), problems };
}

/** The marketplace files directly inside `dir`, in file-name order. Throws a FixtureError listing every problem. */
export function loadMarketplaceDir(dir: string): MarketplaceSkill[] {
  const problems: string[] = [];
  const skills: MarketplaceSkill[] = [];
  for (const { path, text } of fixtureFiles(dir)) {
    const parsed = parseMarketplaceFile(path, text);
    problems.push(...parsed.problems);
    const skill = parsed.skill;
    if (!skill) continue;
    const twin = skills.find((s) => s.slug === skill.slug || s.id === skill.id);
    if (twin) problems.push(`${path}: ${twin.slug === skill.slug ? `slug: "${skill.slug}"` : `id: "${skill.id}"`} is already used by ${basename(twin.source)}`);
    else skills.push(skill);
  }
  if (problems.length > 0) throw new FixtureError(problems);
  return skills;
}

let builtIns: readonly MarketplaceSkill[] | undefined;

export function builtInMarketplace(): readonly MarketplaceSkill[] {
  builtIns ??= Object.freeze(loadMarketplaceDir(join(BUILT_IN_FIXTURES_DIR, MARKETPLACE_FOLDER)));
  return builtIns;
}

/**
 * The catalogue in force: the user's marketplace/ folder first (a skill with a built-in's slug or id
 * replaces it), then the built-ins. With replace, a user folder that has marketplace/ replaces them all.
 */
export function marketplaceInForce(options: FixtureOptions): MarketplaceSkill[] {
  return folderInForce(options, MARKETPLACE_FOLDER, loadMarketplaceDir, builtInMarketplace(), (own, builtIn) => own.slug === builtIn.slug || own.id === builtIn.id);
}
