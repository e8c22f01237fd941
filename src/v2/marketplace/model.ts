// A public skill of the marketplace catalogue, as read from its fixture file.
import type { SkillDesign } from '../skills/design.js';

/** What a generated skill is designed with (title, parameters, output schema), plus its catalogue facts. */
export interface MarketplaceSkill extends SkillDesign {
  id: string;
  slug: string;
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
