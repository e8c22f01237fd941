// MarketplaceSkill → the MarketplaceSkillResponse clients receive.
import type { MarketplaceSkillResponse } from '../../contract/types-v2.generated.js';
import { isoTime } from '../../contract/serialize.js';
import type { MarketplaceSkill } from './model.js';

export function marketplaceView(skill: MarketplaceSkill, cloneCount: number): MarketplaceSkillResponse {
  return {
    id: skill.id,
    slug: skill.slug,
    title: skill.title,
    description: skill.description,
    categories: [...skill.categories],
    domains: [...skill.domains],
    parameters: structuredClone(skill.parameters),
    outputSchema: structuredClone(skill.outputSchema),
    currentVersion: skill.currentVersion,
    isOfficial: skill.isOfficial,
    cloneCount,
    iconUrl: skill.iconUrl,
    firstPublishedAt: isoTime(skill.firstPublishedAt),
    lastPublishedAt: isoTime(skill.lastPublishedAt),
    createdAt: isoTime(skill.createdAt),
    updatedAt: isoTime(skill.updatedAt),
  };
}
