// v2 sessions, independent of HTTP. A v2 session is a SessionRecord marked `v2`, stored with the v3
// sessions so that one machine runs both, one ledger charges both, and concurrency, the memory budget,
// the live view, screenshots and the admin API see both. The v3 operations never show it.
import type { CreateSessionRequest, SessionStatus as V2SessionStatus } from '../../contract/types-v2.generated.js';
import { detailError, sessionNotFound } from '../../http/errors.js';
import { formatUsd } from '../../money.js';
import type { SessionActivity } from '../../sessions/activity.js';
import type { SessionRecord } from '../../sessions/model.js';
import type { CapacityRule, CreditRule, ProfileRule, SessionBudget, SessionService } from '../../sessions/service.js';
import { ZERO_TOTALS } from '../../simulation/planner.js';
import { Rng, stableUuid } from '../../simulation/random.js';
import type { SessionMachine } from '../../simulation/session-machine.js';
import type { Pending } from '../../store/pending.js';
import { pending } from '../../store/pending.js';
import type { Project } from '../../store/projects.js';
import { dropUploadsOf } from '../files/model.js';
import type { ShareRecord } from '../records.js';

/** What opening a v2 session checks, in this order. */
export interface V2SessionRules {
  capacity: CapacityRule;
  profiles: ProfileRule;
  credit: CreditRule;
  budget: SessionBudget;
}

/** How a v2 session is opened: by POST /sessions, or by POST /tasks without a sessionId. */
export interface OpenSettings {
  profileId: string | null;
  proxyCountryCode: string | null;
  keepAlive: boolean;
  persistMemory: boolean;
  startUrl: string | null;
}

export const shareNotFound = (): Error => detailError(404, 'Public share not found');

export class V2SessionService {
  constructor(
    private readonly seed: string,
    private readonly machine: SessionMachine,
    private readonly activity: SessionActivity,
    private readonly sessions: SessionService,
    private readonly rules: V2SessionRules,
  ) {}

  /** A live v2 session of this project, settled to now; 404 otherwise (v3 sessions included). */
  find(project: Project, id: string, now: number): SessionRecord {
    const session = project.sessions.get(id);
    if (!session || session.deleted || !session.v2) throw sessionNotFound();
    this.activity.settle(project, session, now);
    return session;
  }

  statusOf(session: SessionRecord): V2SessionStatus {
    return this.machine.isTerminal(session) ? 'stopped' : 'active';
  }

  /**
   * Checks what opening a session needs, in order: the key's concurrency limit (429), the profile
   * (404), credit (402), the memory budget (429). Builds nothing.
   */
  assertCanOpen(project: Project, profileId: string | null, now: number): void {
    const { capacity, profiles, credit, budget } = this.rules;
    capacity.assertCapacity(project, now);
    if (profileId) profiles.require(project, profileId);
    credit.assertCovers(project);
    budget.assertRoomForSession(project, now);
  }

  /** A new v2 session record, not yet stored. */
  build(project: Project, settings: OpenSettings, now: number): SessionRecord {
    const id = stableUuid(this.seed, project.key, 'session', project.peekCounter('session'));
    const rng = new Rng(`${this.seed}:${id}:boot`);
    const budget = this.rules.credit.defaultBudget(project);
    return {
      id,
      projectKey: project.key,
      createdAt: now,
      bootMs: rng.int(900, 2200),
      status: 'created',
      statusSince: now,
      model: 'browser-use-2.0',
      keepAlive: settings.keepAlive,
      profileId: settings.profileId,
      workspaceId: null,
      proxyCountryCode: settings.proxyCountryCode,
      maxCostUsd: formatUsd(budget),
      budget,
      outputSchema: null,
      agentmailEmail: null,
      enableRecording: false,
      skills: false,
      enableScheduledTasks: false,
      cacheScript: null,
      tasks: [],
      settled: ZERO_TOTALS,
      settledSteps: 0,
      title: null,
      output: null,
      isTaskSuccessful: null,
      lastStepSummary: null,
      updatedAt: now,
      deleted: false,
      v2: { persistMemory: settings.persistMemory, startUrl: settings.startUrl, share: null, sharesMade: 0 },
    };
  }

  /** Stores a session built by `build`; only plain stores, run at commit time. */
  store(project: Project, session: SessionRecord, now: number): void {
    project.takeCounter('session');
    project.sessions.set(session.id, session);
    project.sessionOrder.push(session);
    project.activeSessions.add(session);
    project.hasV2Sessions = true;
    if (session.profileId) this.rules.profiles.markUsed(project, session.profileId, now);
    this.rules.budget.sessionStored(project, now);
  }

  /** POST /sessions. */
  create(project: Project, body: CreateSessionRequest | null | undefined, now: number): Pending<SessionRecord> {
    const settings: OpenSettings = {
      profileId: body?.profileId ?? null,
      proxyCountryCode: body?.proxyCountryCode === undefined ? 'us' : body.proxyCountryCode,
      keepAlive: body?.keepAlive ?? true,
      persistMemory: body?.persistMemory ?? true,
      startUrl: body?.startUrl ?? null,
    };
    this.assertCanOpen(project, settings.profileId, now);
    const session = this.build(project, settings, now);
    return pending(session, () => this.store(project, session, now));
  }

  /** GET /sessions: newest first, optionally only active or only stopped ones. */
  list(project: Project, pageNumber: number, pageSize: number, filter: V2SessionStatus | null, now: number): { items: SessionRecord[]; total: number } {
    const matching: SessionRecord[] = [];
    const order = project.sessionOrder;
    for (let i = order.length - 1; i >= 0; i--) {
      const session = order[i];
      if (!session?.v2) continue;
      this.activity.settle(project, session, now);
      if (filter === null || this.statusOf(session) === filter) matching.push(session);
    }
    const start = (pageNumber - 1) * pageSize;
    return { items: matching.slice(start, start + pageSize), total: matching.length };
  }

  /** PATCH /sessions/{id} {"action":"stop"}: the running task is stopped with the session. */
  stop(project: Project, session: SessionRecord, now: number): void {
    this.sessions.stop(project, session, 'session', now);
  }

  /** DELETE /sessions/{id}: stops it, then forgets it, its tasks and the files uploaded to it. */
  delete(project: Project, session: SessionRecord, now: number): void {
    this.sessions.delete(project, session, now);
    forgetTasksOf(project, session);
    dropUploadsOf(project, 'sessions', session.id);
  }

  /** POST /sessions/{id}/public-share: the existing share, or a new one. */
  createShare(session: SessionRecord, now: number): Pending<ShareRecord> {
    const data = session.v2;
    if (!data) throw sessionNotFound();
    if (data.share) {
      const share = data.share;
      return pending(share, () => undefined);
    }
    const share: ShareRecord = { token: stableUuid(this.seed, session.id, 'share', data.sharesMade).replace(/-/g, ''), createdAt: now, viewCount: 0, lastViewedAt: null };
    return pending(share, () => {
      data.share = share;
      data.sharesMade += 1;
    });
  }

  share(session: SessionRecord): ShareRecord {
    const share = session.v2?.share;
    if (!share) throw shareNotFound();
    return share;
  }

  deleteShare(session: SessionRecord): void {
    const data = session.v2;
    if (!data?.share) throw shareNotFound();
    data.share = null;
  }
}

/** Drops a session's tasks from the key's task index (the session was deleted or forgotten). */
export function forgetTasksOf(project: Project, session: SessionRecord): void {
  for (const task of session.tasks) if (task.v2) project.v2Tasks.delete(task.v2.id);
}
