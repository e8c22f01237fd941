// Profile operations, independent of HTTP, and the way profiles take part in sessions: a session created
// with a profile must name an existing one, marks it used, and saves the sites its runs visited into it.
import type { ProfileCreateRequest, ProfileUpdateRequest } from '../contract/types.generated.js';
import type { Config } from '../config.js';
import type { ApiError } from '../http/errors.js';
import { detailError } from '../http/errors.js';
import type { SessionActivity } from '../sessions/activity.js';
import type { SessionRecord, TaskRecord } from '../sessions/model.js';
import type { CreditRule } from '../sessions/service.js';
import type { TaskPlan } from '../simulation/planner.js';
import { stableUuid } from '../simulation/random.js';
import type { Pending } from '../store/pending.js';
import { pending } from '../store/pending.js';
import type { Project, ProjectStore } from '../store/projects.js';
import type { ProfileRecord } from './model.js';

export const profileNotFound = (): ApiError => detailError(404, 'Profile not found');

const URL_HOST = /\bhttps?:\/\/([a-z0-9-]+(?:\.[a-z0-9-]+)+)/gi;

const normaliseDomain = (host: string): string => host.toLowerCase().replace(/^www\./, '');

/** Sites a task visited before it ended: its topic's site and every URL host its messages reached so far. */
export function visitedDomains(task: TaskRecord, plan: TaskPlan): string[] {
  if (task.endedAt === null || task.stepsDone === 0) return [];
  const elapsed = task.endedAt - task.startAt;
  const domains = new Set([normaliseDomain(plan.content.site)]);
  for (const message of plan.messages) {
    if (message.at > elapsed) continue;
    for (const match of message.data.matchAll(URL_HOST)) domains.add(normaliseDomain(match[1] ?? ''));
  }
  domains.delete('');
  return [...domains];
}

export class ProfileService {
  constructor(
    private readonly seed: string,
    private readonly config: Pick<Config, 'profileLimit'>,
    private readonly projects: ProjectStore,
    private readonly activity: SessionActivity,
    private readonly credit: CreditRule,
    private readonly budget: { assertRoomForProfile(): void },
  ) {}

  limitOf(project: Project): number {
    return project.profileLimit ?? this.config.profileLimit;
  }

  /**
   * POST /profiles. Checks in order: the key's profile limit (402), credit left (402), the emulator's
   * profile budget (402).
   */
  create(project: Project, body: ProfileCreateRequest | null, now: number): Pending<ProfileRecord> {
    const limit = this.limitOf(project);
    if (project.profiles.size >= limit) {
      throw detailError(402, `This plan holds at most ${limit} profiles: delete one or raise the limit to add more.`);
    }
    this.credit.assertCovers(project);
    this.budget.assertRoomForProfile();
    const id = stableUuid(this.seed, project.key, 'profile', project.peekCounter('profile'));
    const profile: ProfileRecord = {
      id,
      name: body?.name ?? null,
      userId: body?.userId ?? null,
      createdAt: now,
      updatedAt: now,
      lastUsedAt: null,
      cookieDomains: [],
    };
    return pending(profile, () => {
      project.takeCounter('profile');
      project.profiles.set(id, profile);
    });
  }

  /** The profile, with the runs that used it brought up to `now`; 404 otherwise. */
  find(project: Project, id: string, now: number): ProfileRecord {
    const profile = project.profiles.get(id);
    if (!profile) throw profileNotFound();
    this.settleUsers(project, now, id);
    return profile;
  }

  /**
   * GET /profiles: newest first. `query` keeps profiles whose name or userId contains it, ignoring case.
   */
  list(project: Project, query: string | null, pageNumber: number, pageSize: number, now: number): { items: ProfileRecord[]; total: number } {
    this.settleUsers(project, now);
    const needle = query?.toLowerCase() ?? '';
    const matches = [...project.profiles.values()]
      .reverse()
      .filter((p) => needle === '' || (p.name ?? '').toLowerCase().includes(needle) || (p.userId ?? '').toLowerCase().includes(needle));
    const start = (pageNumber - 1) * pageSize;
    return { items: matches.slice(start, start + pageSize), total: matches.length };
  }

  /** PATCH: fields present in the body change (null clears them); absent ones stay. */
  update(profile: ProfileRecord, body: ProfileUpdateRequest, rawBody: unknown, now: number): ProfileRecord {
    const given = typeof rawBody === 'object' && rawBody !== null ? (rawBody as Record<string, unknown>) : {};
    let changed = false;
    if ('name' in given) {
      profile.name = body.name ?? null;
      changed = true;
    }
    if ('userId' in given) {
      profile.userId = body.userId ?? null;
      changed = true;
    }
    if (changed) profile.updatedAt = Math.max(profile.updatedAt, now);
    return profile;
  }

  /** Sessions and browsers already running with it keep running; what they visit afterwards is not saved. */
  delete(project: Project, profile: ProfileRecord): void {
    project.profiles.delete(profile.id);
  }

  /** For sessions and browsers created with a profileId. */
  require(project: Project, id: string): ProfileRecord {
    const profile = project.profiles.get(id);
    if (!profile) throw profileNotFound();
    return profile;
  }

  markUsed(project: Project, id: string, now: number): void {
    const profile = project.profiles.get(id);
    if (profile) profile.lastUsedAt = now;
  }

  /** Settles the active sessions using profiles (one, or any), so that runs ended by the clock are saved. */
  private settleUsers(project: Project, now: number, profileId?: string): void {
    for (const session of [...project.activeSessions]) {
      if (session.profileId !== null && (profileId === undefined || session.profileId === profileId)) this.activity.settle(project, session, now);
    }
  }

  /** A run's visited sites become cookie domains of its session's profile when the run ends. */
  saveRun(session: SessionRecord, task: TaskRecord, plan: () => TaskPlan): void {
    if (session.profileId === null || task.endedAt === null) return;
    const profile = this.projects.peek(session.projectKey)?.profiles.get(session.profileId);
    if (!profile) return;
    const known = new Set(profile.cookieDomains);
    const added = visitedDomains(task, plan()).filter((d) => !known.has(d));
    if (added.length === 0) return;
    profile.cookieDomains = [...known, ...added].sort();
    profile.updatedAt = Math.max(profile.updatedAt, task.endedAt);
  }
}
