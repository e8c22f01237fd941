// The marketplace: a read-only catalogue of public skills (fixtures), listed, read by slug, cloned into
// an account's skills and run directly. Cloning and running go through SkillService.
import type { SkillCategory } from '../../contract/types-v2.generated.js';
import type { Scenario } from '../../simulation/scenario.js';
import type { Pending } from '../../store/pending.js';
import { pending } from '../../store/pending.js';
import type { Project } from '../../store/projects.js';
import { skillNotFinished, skillNotFound } from '../skills/errors.js';
import type { SkillRecord } from '../skills/model.js';
import type { ExecutionOutcome, SkillService } from '../skills/service.js';
import type { MarketplaceSkill } from './model.js';

export interface MarketplaceFilters {
  query: string | null;
  category: SkillCategory | null;
  from: number | null;
  to: number | null;
}

const cloneCounter = (skill: MarketplaceSkill): string => `marketplace-clone:${skill.id}`;

export class MarketplaceService {
  private readonly bySlug: ReadonlyMap<string, MarketplaceSkill>;
  private readonly byId: ReadonlyMap<string, MarketplaceSkill>;
  /** Newest first by creation, then by slug. */
  private readonly ordered: readonly MarketplaceSkill[];

  constructor(
    catalogue: readonly MarketplaceSkill[],
    private readonly skills: SkillService,
  ) {
    this.bySlug = new Map(catalogue.map((s) => [s.slug, s]));
    this.byId = new Map(catalogue.map((s) => [s.id, s]));
    this.ordered = [...catalogue].sort((a, b) => b.createdAt - a.createdAt || a.slug.localeCompare(b.slug));
  }

  /** The catalogue's clone count plus the clones the caller made (other keys' clones are not visible). */
  cloneCountFor(project: Project, skill: MarketplaceSkill): number {
    return skill.cloneCount + project.peekCounter(cloneCounter(skill)) - 1;
  }

  /** `query` matches the title, description or slug, ignoring case; dates bound the creation instant. */
  list(filters: MarketplaceFilters, pageNumber: number, pageSize: number): { items: MarketplaceSkill[]; total: number } {
    const needle = filters.query?.toLowerCase() ?? '';
    const matches = this.ordered.filter(
      (s) =>
        (filters.category === null || s.categories.includes(filters.category)) &&
        (needle === '' || s.title.toLowerCase().includes(needle) || s.description.toLowerCase().includes(needle) || s.slug.includes(needle)) &&
        (filters.from === null || s.createdAt >= filters.from) &&
        (filters.to === null || s.createdAt <= filters.to),
    );
    return { items: matches.slice((pageNumber - 1) * pageSize, pageNumber * pageSize), total: matches.length };
  }

  findBySlug(slug: string): MarketplaceSkill {
    const skill = this.bySlug.get(slug);
    if (!skill) throw skillNotFound();
    return skill;
  }

  /** By id, with a finished version: 404 for an unknown id, 400 when none is finished. */
  private finished(id: string): MarketplaceSkill & { currentVersion: number } {
    const skill = this.byId.get(id);
    if (!skill) throw skillNotFound();
    const version = skill.currentVersion;
    if (version === null) throw skillNotFinished();
    return { ...skill, currentVersion: version };
  }

  /** A finished copy in the caller's skills; the caller's clone count of the skill goes up by one. */
  clone(project: Project, id: string, now: number): Pending<SkillRecord> {
    const source = this.finished(id);
    const change = this.skills.clone(project, source, now);
    return pending(change.record, () => {
      change.commit();
      project.takeCounter(cloneCounter(source));
    });
  }

  /** A run of the public skill itself, charged like a run of an own skill and not kept. */
  execute(project: Project, id: string, parameters: Record<string, unknown>, now: number, scenario: Scenario | undefined): Pending<ExecutionOutcome> {
    const source = this.finished(id);
    const runnable = { identity: source.id, title: source.title, domains: source.domains, version: source.currentVersion, parameters: source.parameters, outputSchema: source.outputSchema };
    return this.skills.run(project, runnable, parameters, now, scenario, false);
  }
}
