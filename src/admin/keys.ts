// Per-key views and settings for the admin API: the list of keys, a full dump of one key's state, and
// the balance and concurrency limit that billing and the 402/429 checks read.
import { isoTime } from '../contract/serialize.js';
import { detailError } from '../http/errors.js';
import type { Micros } from '../money.js';
import { formatScaled, formatUsd, MAX_AMOUNT_MICROS, parseUsd } from '../money.js';
import type { SessionRecord } from '../sessions/model.js';
import type { Concurrency } from '../sessions/concurrency.js';
import { sessionMessages } from '../simulation/messages.js';
import { costOf } from '../simulation/planner.js';
import type { Totals } from '../simulation/planner.js';
import type { SessionMachine } from '../simulation/session-machine.js';
import type { Project, ProjectStore } from '../store/projects.js';
import type { Ledger } from '../billing/ledger.js';
import type { JsonObject } from './body.js';
import type { BalanceBody, ConcurrencyBody } from './schemas.js';
import { taskStatusOf } from '../v2/tasks/status.js';

export interface KeySummary {
  key: string;
  /** Stored (not deleted) agent sessions. */
  sessions: number;
  /** Sessions not yet stopped, timed out or failed. */
  activeSessions: number;
  /** What the key can still spend now. */
  balanceUsd: string;
  /** Concurrency limit in force for the key. */
  concurrencyLimit: number;
}

export class KeyAdmin {
  constructor(
    private readonly seed: string,
    private readonly projects: ProjectStore,
    private readonly machine: SessionMachine,
    private readonly ledger: Ledger,
    private readonly concurrency: Concurrency,
  ) {}

  available(project: Project, now: number): Micros {
    return this.ledger.available(project, now);
  }

  summary(project: Project, now: number): KeySummary {
    const available = this.available(project, now);
    return {
      key: project.key,
      sessions: project.sessionOrder.length,
      activeSessions: project.activeSessions.size,
      balanceUsd: formatUsd(available),
      concurrencyLimit: this.concurrency.limitOf(project),
    };
  }

  list(now: number): KeySummary[] {
    return this.projects.all().map((p) => this.summary(p, now));
  }

  project(key: string): Project {
    const project = this.projects.peek(key);
    if (!project) throw detailError(404, `No state for key ${JSON.stringify(key)}: it has not called the API since the last reset`);
    return project;
  }

  /**
   * PUT /_mock/keys/{key}/balance: sets `balance` so that available (as above) equals `usd` now. Later
   * charges (including the rest of tasks running now) lower it from there.
   */
  setBalance(key: string, body: BalanceBody, now: number): KeySummary {
    let target: Micros;
    try {
      target = parseUsd(body.usd);
    } catch {
      throw detailError(400, 'usd: expected a decimal amount of US dollars, such as "12.5"');
    }
    if (target < 0) throw detailError(400, 'usd: expected an amount >= 0');
    // parseUsd saturates there; a balance that large would only hide a typo.
    if (target >= MAX_AMOUNT_MICROS) throw detailError(400, `usd: expected an amount below ${formatUsd(MAX_AMOUNT_MICROS)}`);
    const project = this.projects.get(key);
    this.ledger.setAvailable(project, target, now);
    return this.summary(project, now);
  }

  /** PUT /_mock/keys/{key}/concurrency: `{limit: N}` overrides the limit for this key, `{limit: null}` restores the default. */
  setConcurrency(key: string, body: ConcurrencyBody, now: number): KeySummary {
    const { limit } = body;
    const project = this.projects.get(key);
    project.concurrencyLimit = limit === null ? undefined : limit;
    return this.summary(project, now);
  }

  /** GET /_mock/keys/{key}/state: everything the emulator holds for the key, with derived state at `now`. */
  dump(key: string, now: number, withMessages = true): JsonObject {
    const project = this.project(key);
    const running = this.ledger.running(project, now);
    const known = new Set(['sessions', 'sessionOrder', 'activeSessions', 'counters', 'spent', 'credited', 'concurrencyLimit', 'key', 'createdAt', 'balance', 'v2Tasks', 'hasV2Sessions']);
    const others: JsonObject = {};
    // Other resources keep their records on the project; show what is there without knowing the shapes.
    for (const [name, value] of Object.entries(project)) {
      if (known.has(name) || typeof value === 'function') continue;
      others[name] = toPlain(value, 0, name);
    }
    return {
      key: project.key,
      createdAt: isoTime(project.createdAt),
      now: isoTime(now),
      balance: {
        startingUsd: formatUsd(project.balance),
        creditedUsd: formatUsd(project.credited),
        spentUsd: formatUsd(project.spent),
        runningUsd: formatUsd(running),
        availableUsd: formatUsd(this.ledger.settled(project) - running),
      },
      concurrency: { limit: this.concurrency.limitOf(project), override: project.concurrencyLimit ?? null, activeSessions: project.activeSessions.size },
      sessions: project.sessionOrder.map((s) => this.sessionDump(s, now, withMessages)),
      v2Tasks: this.v2TasksDump(project, now),
      ...others,
    };
  }

  /** The key's v2 tasks, newest first: what the inspector lists beside the sessions. */
  private v2TasksDump(project: Project, now: number): JsonObject[] {
    const out: JsonObject[] = [];
    for (const [id, session] of project.v2Tasks) {
      const task = session.tasks.find((x) => x.v2?.id === id);
      if (!task?.v2 || project.sessions.get(session.id) !== session) continue;
      const progress = this.machine.currentTask(session) === task ? this.machine.progress(session, now) : undefined;
      const totals = task.totals ?? progress?.totals;
      out.push({
        id,
        sessionId: session.id,
        status: taskStatusOf(task, now),
        task: task.input.task,
        llm: task.v2.llm,
        createdAt: isoTime(task.dispatchedAt),
        finishedAt: task.endedAt === null ? null : isoTime(task.endedAt),
        costUsd: formatUsd(totals ? costOf(totals) : 0),
      });
    }
    return out.reverse();
  }

  private sessionDump(session: SessionRecord, now: number, withMessages: boolean): JsonObject {
    const machine = this.machine;
    const { totals, steps } = machine.totals(session, now);
    const tasks = session.tasks.map((task) => {
      const plan = machine.planOf(task);
      const ended = task.endedAt !== null && task.endedAt <= now;
      return {
        index: task.index,
        // What a v2 task keeps beside the shared record (model, metadata, limits), so a change shows here.
        ...(task.v2 ? { v2TaskId: task.v2.id, v2: toPlain(task.v2, 1) } : {}),
        task: task.input.task,
        scenario: plan.scenario,
        model: task.input.model,
        budgetUsd: formatUsd(task.input.budget),
        dispatchedAt: isoTime(task.dispatchedAt),
        startAt: isoTime(task.startAt),
        plannedEndAt: Number.isFinite(plan.end) ? isoTime(task.startAt + plan.end) : null,
        plannedEnding: plan.ending.kind,
        endedAt: task.endedAt === null ? null : isoTime(task.endedAt),
        end: ended ? task.end : null,
        steps: plan.steps.map((step, i) => ({
          index: i,
          doneAt: isoTime(task.startAt + step.at),
          done: task.startAt + step.at <= Math.min(now, task.endedAt ?? Infinity),
          summary: step.summary,
          inputTokens: step.inputTokens,
          outputTokens: step.outputTokens,
          costUsd: formatUsd(step.llm + step.proxy + step.browser),
        })),
        costUsd: task.totals ? formatUsd(costOf(task.totals)) : null,
      };
    });
    return {
      id: session.id,
      api: session.v2 ? 'v2' : 'v3',
      // A v2 session's own data: its public share (token, views) and settings.
      ...(session.v2 ? { v2: toPlain(session.v2, 1) } : {}),
      status: session.status,
      statusSince: isoTime(session.statusSince),
      createdAt: isoTime(session.createdAt),
      bootEndsAt: isoTime(session.createdAt + session.bootMs),
      updatedAt: isoTime(session.updatedAt),
      model: session.model,
      keepAlive: session.keepAlive,
      title: session.title,
      stepCount: steps,
      isTaskSuccessful: session.isTaskSuccessful,
      output: session.output,
      costs: costsOf(totals),
      profileId: session.profileId,
      workspaceId: session.workspaceId,
      tasks,
      ...(withMessages
        ? {
            messages: sessionMessages(machine, session, now, this.seed).map((m) => ({
              id: m.id,
              taskIndex: m.taskIndex,
              role: m.role,
              type: m.type,
              summary: m.summary,
              hidden: m.hidden,
              createdAt: isoTime(m.createdAt),
            })),
          }
        : {}),
    };
  }
}

function costsOf(t: Totals): JsonObject {
  return {
    inputTokens: t.inputTokens,
    outputTokens: t.outputTokens,
    proxyUsedMb: formatScaled(t.proxyKb, 3),
    llmUsd: formatUsd(t.llm),
    proxyUsd: formatUsd(t.proxy),
    browserUsd: formatUsd(t.browser),
    totalUsd: formatUsd(costOf(t)),
  };
}

const MAX_ITEMS = 1000;
const MAX_STRING = 2000;

/**
 * A JSON-safe copy of records other modules store: maps become lists of their records, lists and sets
 * of records become lists of ids, bytes become their length, `...At` numbers become timestamps, and
 * records nested in records become their id.
 */
export function toPlain(value: unknown, depth: number, name = ''): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}…` : value;
  if (typeof value === 'number') return /At$|^lastModified$/.test(name) && Number.isFinite(value) ? isoTime(value) : Number.isFinite(value) ? value : String(value);
  if (typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value !== 'object') return null;
  if (value instanceof Uint8Array) return { bytes: value.length };
  if (value instanceof Date) return value.toISOString();
  if (depth > 6) return '…';
  if (value instanceof Map) return [...value.values()].slice(0, MAX_ITEMS).map((v) => toPlain(v, depth + 1));
  // Records live in maps by id; lists and sets of records are orderings or indexes of them: show their ids.
  if (Array.isArray(value) || value instanceof Set) return [...value].slice(0, MAX_ITEMS).map((v) => (isIdentified(v) ? v.id : toPlain(v, depth + 1)));
  const record = value as Record<string, unknown>;
  // Deeper than a collection's items, an object with an id is a reference to another record.
  if (depth >= 2 && isIdentified(record)) return record.id;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record)) {
    if (typeof v === 'function') continue;
    out[k] = toPlain(v, depth + 1, k);
  }
  return out;
}

const isIdentified = (v: unknown): v is { id: string } => typeof v === 'object' && v !== null && typeof (v as { id?: unknown }).id === 'string';
