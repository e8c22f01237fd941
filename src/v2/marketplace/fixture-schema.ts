// The marketplace file format as TypeBox schemas: one public skill per file. They type what a file holds
// and validate it; each field words its own problems. A YAML key left empty (null) counts as absent.
import type { Static, TSchema } from '@sinclair/typebox';
import { Type } from '@sinclair/typebox';
import { Checked, describe } from '../../validation/problems.js';
import type { ProblemText } from '../../validation/problems.js';
import { instantOf } from '../dates.js';

export const SKILL_CATEGORIES = [
  'search',
  'e_commerce',
  'financial',
  'news',
  'real_estate',
  'social_media',
  'travel',
  'marketplace',
  'lead_generation',
  'seo',
  'jobs',
  'developer',
  'media',
  'automation',
  'integration',
  'other',
] as const;
export const PARAMETER_TYPES = ['string', 'number', 'boolean', 'object', 'array', 'cookie'] as const;

const SLUG = '^[a-z0-9]+(?:-[a-z0-9]+)*$';
const UUID = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';

const got = (expected: string): ProblemText => (value) => `${expected}, got ${describe(value)}`;

function optional<T extends TSchema>(schema: T) {
  return Type.Optional(Type.Union([schema, Type.Null()]));
}

const text = (maxLength: number) =>
  Type.String({ minLength: 1, maxLength, pattern: '\\S', problem: got(`expected a non-empty string of at most ${maxLength} characters`) });
const oneOf = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)), { problem: got(`expected one of ${values.join(', ')}`) });

/** An ISO date or date-time (no zone means UTC). */
const instant = () =>
  Checked<string>((value) => (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value) && instantOf(value) !== null && Number.isFinite(instantOf(value)) ? undefined : `expected an ISO date such as 2025-06-02T09:14:00Z, got ${describe(value)}`));

export const ParameterDocumentSchema = Type.Object(
  {
    name: Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_]*$', problem: got('expected a name of letters, digits and "_"') }),
    type: oneOf(PARAMETER_TYPES),
    required: optional(Type.Boolean({ problem: got('expected true or false') })),
    description: optional(Type.String({ problem: got('expected a string') })),
    default: Type.Optional(Type.Unknown()),
    cookieDomain: optional(Type.String({ problem: got('expected a domain') })),
  },
  { additionalProperties: false, problem: got('expected {name, type, required, description, default, cookieDomain}') },
);

export const MarketplaceSkillDocumentSchema = Type.Object(
  {
    slug: Type.String({ pattern: SLUG, problem: got('expected lower-case words joined by "-", such as google-flights-search') }),
    id: optional(Type.String({ pattern: UUID, problem: got('expected a UUID') })),
    title: text(100),
    description: text(1000),
    categories: Type.Array(oneOf(SKILL_CATEGORIES), { minItems: 1, problem: got('expected a non-empty list of categories') }),
    domains: Type.Array(Type.String({ pattern: '^[a-z0-9-]+(?:\\.[a-z0-9-]+)+$', problem: got('expected a domain such as example.com') }), {
      minItems: 1,
      problem: got('expected a non-empty list of domains'),
    }),
    parameters: Type.Array(ParameterDocumentSchema, { problem: got('expected a list of parameters') }),
    outputSchema: Type.Object({ type: Type.Literal('object', { problem: got('expected "object"') }) }, { additionalProperties: true, problem: got('expected a JSON schema of type object') }),
    official: optional(Type.Boolean({ problem: got('expected true or false') })),
    cloneCount: optional(Type.Integer({ minimum: 0, problem: got('expected an integer >= 0') })),
    iconUrl: optional(Type.String({ problem: got('expected a URL') })),
    currentVersion: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()], { problem: got('expected an integer >= 1, or null for a skill with no finished version') })),
    createdAt: instant(),
    firstPublishedAt: optional(instant()),
    lastPublishedAt: optional(instant()),
    updatedAt: optional(instant()),
  },
  { additionalProperties: false, problem: got('expected a mapping describing one marketplace skill') },
);

export type MarketplaceSkillDocument = Static<typeof MarketplaceSkillDocumentSchema>;
