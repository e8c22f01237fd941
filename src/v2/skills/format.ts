// SkillRecord → the SkillResponse clients receive; runs → SkillExecutionView.
import type { SkillExecutionView, SkillResponse } from '../../contract/types-v2.generated.js';
import { isoTime } from '../../contract/serialize.js';
import type { SkillExecutionRecord, SkillRecord } from './model.js';
import { skillStatus, updatedAtOf, versionInUse } from './model.js';

export function skillView(skill: SkillRecord, now: number): SkillResponse {
  const current = versionInUse(skill, now);
  return {
    id: skill.id,
    // Slugs belong to published skills; an account's own skills are never published.
    slug: null,
    title: skill.title,
    description: skill.description,
    categories: [...skill.categories],
    domains: [...skill.domains],
    goal: skill.goal,
    agentPrompt: skill.agentPrompt,
    status: skillStatus(skill, now),
    parameters: current ? current.parameters : [],
    outputSchema: current ? current.outputSchema : {},
    isEnabled: skill.isEnabled,
    isPublic: false,
    iconUrl: skill.iconUrl,
    firstPublishedAt: null,
    lastPublishedAt: null,
    currentVersion: current ? current.number : null,
    currentVersionStartedAt: current ? isoTime(current.startedAt) : null,
    currentVersionFinishedAt: current ? isoTime(current.endsAt) : null,
    // The generated code is for enterprise accounts only.
    code: null,
    clonedFromSkillId: skill.clonedFromSkillId,
    createdAt: isoTime(skill.createdAt),
    updatedAt: isoTime(updatedAtOf(skill, now)),
  };
}

export function executionView(execution: SkillExecutionRecord): SkillExecutionView {
  return {
    id: execution.id,
    skillId: execution.skillId,
    status: execution.success ? 'completed' : 'failed',
    success: execution.success,
    startedAt: isoTime(execution.startedAt),
    finishedAt: isoTime(execution.startedAt + execution.latencyMs),
    latencyMs: execution.latencyMs,
    hasOutput: execution.success,
  };
}
