// Skill operations, independent of HTTP. Each change is built and checked first and returned as a Pending
// change: the record it carries is the skill as it will be, and `commit` stores it.
import type { CreateSkillRequest, ExecuteSkillResponse, ParameterSchema, RefineSkillRequest, SkillCategory, UpdateSkillRequest } from '../../contract/types-v2.generated.js';
import type { Micros } from '../../money.js';
import type { KindRegistry } from '../../simulation/kinds.js';
import type { Scenario } from '../../simulation/scenario.js';
import { stableUuid } from '../../simulation/random.js';
import type { Pending } from '../../store/pending.js';
import { pending } from '../../store/pending.js';
import type { Project } from '../../store/projects.js';
import { designSkill, finishedVersion, planGeneration } from './design.js';
import { cannotDeleteWhileGenerating, concurrentSkillCreations, enabledSkillsLimitExceeded, generationNotCancellable, skillNotFinished, skillNotFound } from './errors.js';
import { planRun, resolveParameters, runResult } from './execution.js';
import type { GenerationOutcome, OutputSchema, SkillExecutionRecord, SkillRecord, SkillVersion } from './model.js';
import { isGenerating, isInProgress, latestVersion, skillStatus, versionBefore, versionInUse } from './model.js';

/** What one run of a skill costs, own or from the marketplace. */
export const SKILL_EXECUTION_PRICE: Micros = 20_000;
/** Skills a key may have enabled at once; past it, enabling one more is a 403. */
export const ENABLED_SKILLS_LIMIT = 50;
/** Generations from POST /skills a key may have in progress at once. */
export const CONCURRENT_SKILL_CREATIONS = 1;
/** Skills kept per key: past it the oldest is forgotten. */
export const MAX_SKILLS_PER_KEY = 1_000;
/** Runs kept per skill: past it the oldest is forgotten. */
export const MAX_EXECUTIONS_PER_SKILL = 500;
/** Generations kept per skill (the latest ones): older versions can no longer be rolled back to. */
export const MAX_VERSIONS_PER_SKILL = 20;

/** How the balance is consulted and charged (the Ledger). */
export interface SkillCredit {
  assertCovers(project: Project, amount?: Micros): void;
  charge(project: Project, amount: Micros): void;
}

/** The key's concurrency limit of sessions and browsers (a generation or a run needs a browser). */
export interface SkillCapacity {
  assertCapacity(project: Project, now: number): void;
}

/** What a run needs of a skill, own or from the marketplace. */
export interface RunnableSkill {
  /** Seeds the run: the skill's id. */
  identity: string;
  title: string;
  domains: readonly string[];
  version: number;
  parameters: readonly ParameterSchema[];
  outputSchema: OutputSchema;
}

export interface SkillListFilters {
  isPublic: boolean | null;
  isEnabled: boolean | null;
  category: SkillCategory | null;
  query: string | null;
  from: number | null;
  to: number | null;
}

export interface ExecutionOutcome {
  response: ExecuteSkillResponse;
  execution: SkillExecutionRecord;
}

/** How a scenario's outcome shows in a generation: a run that fails or crashes fails it. */
export function generationOutcomeOf(scenario: Scenario | undefined, text: string): GenerationOutcome | undefined {
  const outcome = scenario?.outcome ?? (/\[mock:timeout\]/i.test(text) ? 'timed_out' : /\[mock:(failure|error)\]/i.test(text) ? 'failure' : undefined);
  if (outcome === 'timed_out') return 'timed_out';
  return outcome === 'failure' || outcome === 'error' ? 'failed' : undefined;
}

/** Whether a run fails: a scenario that does not succeed, or a `[mock:failure]` tag in a string value. */
export function runFails(scenario: Scenario | undefined, values: Record<string, unknown>): boolean {
  if (scenario) return scenario.outcome !== 'success';
  return Object.values(values).some((v) => typeof v === 'string' && /\[mock:(failure|error|timeout)\]/i.test(v));
}

const page = <T>(items: T[], pageNumber: number, pageSize: number): T[] => items.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);

export class SkillService {
  constructor(
    private readonly seed: string,
    private readonly kinds: KindRegistry,
    private readonly credit: SkillCredit,
    private readonly capacity: SkillCapacity,
  ) {}

  private enabledCount(project: Project): number {
    let count = 0;
    for (const skill of project.skills.values()) if (skill.isEnabled) count++;
    return count;
  }

  private generatingCount(project: Project, now: number): number {
    let count = 0;
    for (const skill of project.skills.values()) if (isGenerating(skill, now)) count++;
    return count;
  }

  /** Stores a new skill, forgetting the oldest one past the per-key cap. */
  private store(project: Project, skill: SkillRecord): void {
    project.takeCounter('skill');
    while (project.skills.size >= MAX_SKILLS_PER_KEY) {
      const oldest = project.skills.keys().next().value;
      if (oldest === undefined) break;
      project.skills.delete(oldest);
    }
    project.skills.set(skill.id, skill);
  }

  private newId(project: Project): string {
    return stableUuid(this.seed, project.key, 'skill', project.peekCounter('skill'));
  }

  /**
   * POST /skills. Checks in order: a creation already in progress (400), credit left (402), the key's
   * concurrency limit (429). Generation itself is free; only runs are charged.
   */
  create(project: Project, body: CreateSkillRequest, now: number, scenario: Scenario | undefined): Pending<SkillRecord> {
    if (this.generatingCount(project, now) >= CONCURRENT_SKILL_CREATIONS) throw concurrentSkillCreations();
    this.credit.assertCovers(project);
    this.capacity.assertCapacity(project, now);
    const id = this.newId(project);
    const design = designSkill(body.goal, this.kinds, { title: body.title ?? null, description: body.description ?? null });
    const forced = generationOutcomeOf(scenario, `${body.goal} ${body.agentPrompt}`);
    const version = planGeneration(`${this.seed}:${id}`, 1, now, forced, { parameters: design.parameters, outputSchema: design.outputSchema, feedback: null });
    const skill: SkillRecord = {
      id,
      title: design.title,
      description: design.description,
      categories: design.categories,
      domains: design.domains,
      goal: body.goal,
      agentPrompt: body.agentPrompt,
      isEnabled: this.enabledCount(project) < ENABLED_SKILLS_LIMIT,
      iconUrl: null,
      clonedFromSkillId: null,
      createdAt: now,
      updatedAt: now,
      versions: [version],
      executions: [],
    };
    return pending(skill, () => this.store(project, skill));
  }

  /** A finished copy of a marketplace skill in the caller's skills. */
  clone(project: Project, source: { id: string; title: string; description: string; categories: readonly SkillCategory[]; domains: readonly string[]; iconUrl: string | null; parameters: readonly ParameterSchema[]; outputSchema: OutputSchema }, now: number): Pending<SkillRecord> {
    const skill: SkillRecord = {
      id: this.newId(project),
      title: source.title,
      description: source.description,
      categories: [...source.categories],
      domains: [...source.domains],
      goal: null,
      agentPrompt: null,
      isEnabled: this.enabledCount(project) < ENABLED_SKILLS_LIMIT,
      iconUrl: source.iconUrl,
      clonedFromSkillId: source.id,
      createdAt: now,
      updatedAt: now,
      versions: [finishedVersion(1, now, { parameters: structuredClone([...source.parameters]), outputSchema: structuredClone(source.outputSchema) })],
      executions: [],
    };
    return pending(skill, () => this.store(project, skill));
  }

  find(project: Project, id: string): SkillRecord {
    const skill = project.skills.get(id);
    if (!skill) throw skillNotFound();
    return skill;
  }

  /** GET /skills: newest first, after the filters. */
  list(project: Project, filters: SkillListFilters, pageNumber: number, pageSize: number): { items: SkillRecord[]; total: number } {
    const needle = filters.query?.toLowerCase() ?? '';
    const matches = [...project.skills.values()].reverse().filter(
      (s) =>
        filters.isPublic !== true &&
        (filters.isEnabled === null || s.isEnabled === filters.isEnabled) &&
        (filters.category === null || s.categories.includes(filters.category)) &&
        (needle === '' || s.title.toLowerCase().includes(needle) || s.description.toLowerCase().includes(needle)) &&
        (filters.from === null || s.createdAt >= filters.from) &&
        (filters.to === null || s.createdAt <= filters.to),
    );
    return { items: page(matches, pageNumber, pageSize), total: matches.length };
  }

  /** PATCH: fields given and not null change. Turning a skill on past the enabled limit is a 403. */
  update(project: Project, skill: SkillRecord, body: UpdateSkillRequest, now: number): Pending<SkillRecord> {
    if (body.isEnabled === true && !skill.isEnabled && this.enabledCount(project) >= ENABLED_SKILLS_LIMIT) throw enabledSkillsLimitExceeded();
    const changed: SkillRecord = { ...skill };
    if (body.title != null) changed.title = body.title;
    if (body.description != null) changed.description = body.description;
    if (body.categories != null) changed.categories = [...new Set(body.categories)];
    if (body.domains != null) changed.domains = [...body.domains];
    if (body.isEnabled != null) changed.isEnabled = body.isEnabled;
    changed.updatedAt = Math.max(skill.updatedAt, now);
    return pending(changed, () => project.skills.set(skill.id, changed));
  }

  delete(project: Project, skill: SkillRecord, now: number): Pending<SkillRecord> {
    if (isGenerating(skill, now)) throw cannotDeleteWhileGenerating();
    return pending(skill, () => project.skills.delete(skill.id));
  }

  /** Stops the generation in progress; it ends as `cancelled` now. */
  cancel(project: Project, skill: SkillRecord, now: number): Pending<SkillRecord> {
    const latest = latestVersion(skill);
    if (!latest || !isGenerating(skill, now)) throw generationNotCancellable();
    return this.replaceLatest(project, skill, { ...latest, cancelledAt: now }, now);
  }

  /** Sets the version in use aside: the finished version before it is in use again. */
  rollback(project: Project, skill: SkillRecord, now: number): Pending<SkillRecord> {
    const current = versionInUse(skill, now);
    const previous = current ? versionBefore(skill, current, now) : undefined;
    if (!current || !previous) throw skillNotFound('No previous version to roll back to');
    const versions = skill.versions.map((v) => (v === current ? { ...v, retiredAt: now } : v));
    const changed: SkillRecord = { ...skill, versions, updatedAt: Math.max(skill.updatedAt, now) };
    return pending(changed, () => project.skills.set(skill.id, changed));
  }

  /**
   * Starts the next version's generation from feedback. The skill must have a version in use and no
   * generation in progress (400), and the key room under its concurrency limit (429).
   */
  refine(project: Project, skill: SkillRecord, body: RefineSkillRequest, now: number, scenario: Scenario | undefined): Pending<SkillRecord> {
    const current = versionInUse(skill, now);
    if (!current || isInProgress(skillStatus(skill, now))) throw skillNotFinished();
    this.capacity.assertCapacity(project, now);
    const number = Math.max(...skill.versions.map((v) => v.number)) + 1;
    const forced = generationOutcomeOf(scenario, body.feedback);
    const version = planGeneration(`${this.seed}:${skill.id}`, number, now, forced, {
      parameters: current.parameters,
      outputSchema: current.outputSchema,
      feedback: body.feedback,
    });
    const versions = [...skill.versions, version].slice(-MAX_VERSIONS_PER_SKILL);
    const changed: SkillRecord = { ...skill, versions, updatedAt: Math.max(skill.updatedAt, now) };
    return pending(changed, () => project.skills.set(skill.id, changed));
  }

  private replaceLatest(project: Project, skill: SkillRecord, latest: SkillVersion, now: number): Pending<SkillRecord> {
    const changed: SkillRecord = { ...skill, versions: [...skill.versions.slice(0, -1), latest], updatedAt: Math.max(skill.updatedAt, now) };
    return pending(changed, () => project.skills.set(skill.id, changed));
  }

  /** The skill's version in use as a runnable skill: 400 when none has finished or the skill is off. */
  runnable(skill: SkillRecord, now: number): RunnableSkill {
    const current = versionInUse(skill, now);
    if (!current) throw skillNotFinished();
    if (!skill.isEnabled) throw skillNotFinished('Skill is disabled');
    return { identity: skill.id, title: skill.title, domains: skill.domains, version: current.number, parameters: current.parameters, outputSchema: current.outputSchema };
  }

  /**
   * One run, charged SKILL_EXECUTION_PRICE whether it succeeds or not. Checks in order: the parameters
   * (422), the balance (402), the key's concurrency limit (429, own skills only).
   */
  run(project: Project, skill: RunnableSkill, given: Record<string, unknown>, now: number, scenario: Scenario | undefined, checkCapacity: boolean): Pending<ExecutionOutcome> {
    const values = resolveParameters(skill.parameters, given);
    this.credit.assertCovers(project, SKILL_EXECUTION_PRICE);
    if (checkCapacity) this.capacity.assertCapacity(project, now);
    const site = skill.domains[0];
    const plan = planRun(this.seed, skill.identity, skill.version, skill.title, site, values, runFails(scenario, values));
    const result = plan.success ? runResult(skill.outputSchema, plan.outputSeed, plan.subject, site, this.kinds) : null;
    const execution: SkillExecutionRecord = {
      id: stableUuid(this.seed, project.key, 'skill-execution', project.peekCounter('skill-execution')),
      skillId: skill.identity,
      version: skill.version,
      startedAt: now,
      latencyMs: plan.latencyMs,
      success: plan.success,
      error: plan.error,
      outputSeed: plan.outputSeed,
      subject: plan.subject,
      site: site ?? null,
      outputSchema: skill.outputSchema,
    };
    const response: ExecuteSkillResponse = { success: plan.success, result, error: plan.error, stderr: plan.stderr, latencyMs: plan.latencyMs };
    return pending({ response, execution }, () => {
      project.takeCounter('skill-execution');
      this.credit.charge(project, SKILL_EXECUTION_PRICE);
    });
  }

  /** POST /skills/{id}/execute: a run of the version in use, kept in the skill's executions. */
  execute(project: Project, skill: SkillRecord, given: Record<string, unknown>, now: number, scenario: Scenario | undefined): Pending<ExecutionOutcome> {
    const change = this.run(project, this.runnable(skill, now), given, now, scenario, true);
    return pending(change.record, () => {
      change.commit();
      skill.executions.push(change.record.execution);
      if (skill.executions.length > MAX_EXECUTIONS_PER_SKILL) skill.executions.splice(0, skill.executions.length - MAX_EXECUTIONS_PER_SKILL);
    });
  }

  /** GET /skills/{id}/executions: newest first. */
  executions(skill: SkillRecord, pageNumber: number, pageSize: number): { items: SkillExecutionRecord[]; total: number } {
    return { items: page([...skill.executions].reverse(), pageNumber, pageSize), total: skill.executions.length };
  }

  findExecution(skill: SkillRecord, executionId: string): SkillExecutionRecord {
    const execution = skill.executions.find((e) => e.id === executionId);
    if (!execution) throw skillNotFound('Execution not found');
    return execution;
  }

  /** A run of a skill of any key, for presigned addresses (which carry no API key). */
  findExecutionAnywhere(projects: Iterable<Project>, skillId: string, executionId: string): SkillExecutionRecord | undefined {
    for (const project of projects) {
      const skill = project.skills.get(skillId);
      if (skill) return skill.executions.find((e) => e.id === executionId);
    }
    return undefined;
  }

  /** The result a successful run returned, made again from what the run stored. */
  resultOf(execution: SkillExecutionRecord): unknown {
    return runResult(execution.outputSchema, execution.outputSeed, execution.subject, execution.site ?? undefined, this.kinds);
  }
}
