// A public skill of the marketplace catalogue, as read from its fixture file.
import type { ParameterSchema, SkillCategory } from '../../contract/types-v2.generated.js';
import type { OutputSchema } from '../skills/model.js';

export interface MarketplaceSkill {
  id: string;
  slug: string;
  title: string;
  description: string;
  categories: SkillCategory[];
  domains: string[];
  parameters: ParameterSchema[];
  outputSchema: OutputSchema;
  isOfficial: boolean;
  /** Copies made by all accounts before the emulator started; each key's own clones add to it. */
  cloneCount: number;
  iconUrl: string | null;
  /** Null for a skill with no finished version: it is listed but cannot be cloned or run. */
  currentVersion: number | null;
  createdAt: number;
  firstPublishedAt: number;
  lastPublishedAt: number;
  updatedAt: number;
  /** The file it came from. */
  source: string;
}
