// What the emulator stores about a skill, and where its generations stand at a given instant: every status
// is read from stored instants and the clock, nothing changes on a timer.
import type { ParameterSchema, SkillCategory, SkillsGenerationStatus } from '../../contract/types-v2.generated.js';

export type OutputSchema = Record<string, unknown>;

/** How a generation ends when nobody cancels it. */
export type GenerationOutcome = 'finished' | 'failed' | 'timed_out';

/** One generation of a skill: version 1 from the goal, each refinement the next number. */
export interface SkillVersion {
  number: number;
  startedAt: number;
  /** The browser recording ends here and code generation begins. */
  recordingEndsAt: number;
  /** The generation ends here with `outcome`, unless it was cancelled before. */
  endsAt: number;
  outcome: GenerationOutcome;
  cancelledAt: number | null;
  /** Set when a rollback set this version aside: it is never in use again. */
  retiredAt: number | null;
  /** The refinement feedback this version was made from (null for version 1 and clones). */
  feedback: string | null;
  parameters: ParameterSchema[];
  outputSchema: OutputSchema;
}

/** One run of a skill. Its output is not stored: it is made again from `outputSeed` when asked for. */
export interface SkillExecutionRecord {
  id: string;
  skillId: string;
  version: number;
  startedAt: number;
  latencyMs: number;
  success: boolean;
  error: string | null;
  outputSeed: string;
  /** The run's subject as text (skill title and parameter values), which the output is made from. */
  subject: string;
  /** The site the run worked on (the skill's first domain then). */
  site: string | null;
  outputSchema: OutputSchema;
}

export interface SkillRecord {
  id: string;
  title: string;
  description: string;
  categories: SkillCategory[];
  domains: string[];
  goal: string | null;
  agentPrompt: string | null;
  isEnabled: boolean;
  iconUrl: string | null;
  clonedFromSkillId: string | null;
  createdAt: number;
  updatedAt: number;
  /** Generations, oldest first; the last one is the latest. */
  versions: SkillVersion[];
  /** Runs, oldest first. */
  executions: SkillExecutionRecord[];
}

/** Where one generation stands at `now`. */
export function generationStatus(version: SkillVersion, now: number): SkillsGenerationStatus {
  if (version.cancelledAt !== null && version.cancelledAt <= now) return 'cancelled';
  if (now < version.recordingEndsAt) return 'recording';
  if (now < version.endsAt) return 'generating';
  return version.outcome;
}

export const isInProgress = (status: SkillsGenerationStatus): boolean => status === 'recording' || status === 'generating';

export const latestVersion = (skill: SkillRecord): SkillVersion | undefined => skill.versions[skill.versions.length - 1];

/** The skill's status: that of its latest generation. */
export function skillStatus(skill: SkillRecord, now: number): SkillsGenerationStatus {
  const latest = latestVersion(skill);
  return latest ? generationStatus(latest, now) : 'failed';
}

export function isGenerating(skill: SkillRecord, now: number): boolean {
  return isInProgress(skillStatus(skill, now));
}

/** The version in use: the newest one that finished and was not set aside by a rollback. */
export function versionInUse(skill: SkillRecord, now: number): SkillVersion | undefined {
  for (let i = skill.versions.length - 1; i >= 0; i--) {
    const version = skill.versions[i];
    if (version && version.retiredAt === null && generationStatus(version, now) === 'finished') return version;
  }
  return undefined;
}

/** The finished, not retired version before `current`, which a rollback returns to. */
export function versionBefore(skill: SkillRecord, current: SkillVersion, now: number): SkillVersion | undefined {
  for (let i = skill.versions.indexOf(current) - 1; i >= 0; i--) {
    const version = skill.versions[i];
    if (version && version.retiredAt === null && generationStatus(version, now) === 'finished') return version;
  }
  return undefined;
}

/** When the skill last changed at `now`: a generation that ended by then counts as a change. */
export function updatedAtOf(skill: SkillRecord, now: number): number {
  const latest = latestVersion(skill);
  if (!latest) return skill.updatedAt;
  const ended = latest.cancelledAt !== null ? latest.cancelledAt : latest.endsAt;
  return ended <= now ? Math.max(skill.updatedAt, ended) : skill.updatedAt;
}
