// Per-key state. Each API key is its own project: nothing is shared or visible across keys.
import type { Micros } from '../money.js';
import type { SessionRecord } from '../sessions/model.js';
import type { WorkspaceRecord } from '../workspaces/model.js';
import type { BrowserRecord } from '../browsers/model.js';
import type { ProfileRecord } from '../profiles/model.js';
import type { UploadedFile } from '../v2/files/model.js';
import type { SkillRecord } from '../v2/skills/model.js';

export class Project {
  readonly sessions = new Map<string, SessionRecord>();
  /** Live (not deleted) sessions in creation order; listing reads it from the end. */
  readonly sessionOrder: SessionRecord[] = [];
  /** Sessions not yet in a terminal status. */
  readonly activeSessions = new Set<SessionRecord>();
  /** Monotonic counters feeding deterministic ids, per kind of object. */
  private readonly counters = new Map<string, number>();
  /** What finished work has cost this project. */
  spent: Micros = 0;
  /** Credits added on top of the starting balance (refunds, admin top-ups). */
  credited: Micros = 0;
  /** Per-key override of the concurrency limit (admin API). */
  concurrencyLimit: number | undefined;
  /** Browser profiles by id, in creation order (deleted ones are removed). */
  readonly profiles = new Map<string, ProfileRecord>();
  /** Per-key override of how many profiles the key may hold (admin API). */
  profileLimit: number | undefined;
  /** Standalone browsers by id, in creation order (the live page looks ids up here too). */
  readonly browsers = new Map<string, BrowserRecord>();
  /** Browsers not yet seen stopped; pruned lazily against the clock. */
  readonly activeBrowsers = new Set<BrowserRecord>();
  /** Workspaces by id (deleted ones are removed). */
  readonly workspaces = new Map<string, WorkspaceRecord>();
  /** Live workspaces in creation order; listing reads it from the end. */
  readonly workspaceOrder: WorkspaceRecord[] = [];
  /** Bytes stored in all of this key's workspaces. */
  workspaceBytes = 0;
  /** Files uploaded through v2 presigned forms, by `scope/ownerId/fileName`. */
  readonly uploads = new Map<string, UploadedFile>();
  /** Bytes of `uploads`; they share the key's storage quota with the workspaces. */
  uploadBytes = 0;
  /** v2 skills by id, oldest first (deleted ones are removed). */
  readonly skills = new Map<string, SkillRecord>();
  /** v2 tasks by id, in creation order, each naming the session that runs it (src/v2). */
  readonly v2Tasks = new Map<string, SessionRecord>();
  /** True once the key has stored a v2 session: the v3 list then leaves those out of its pages. */
  hasV2Sessions = false;

  constructor(
    readonly key: string,
    readonly createdAt: number,
    /** Starting balance. */
    public balance: Micros,
  ) {}

  /** The number the next object of this kind gets; only `takeCounter` moves the sequence on. */
  peekCounter(kind: string): number {
    return (this.counters.get(kind) ?? 0) + 1;
  }

  /** Moves the sequence on when an object is committed: a refused request leaves it where it was. */
  takeCounter(kind: string): number {
    const n = this.peekCounter(kind);
    this.counters.set(kind, n);
    return n;
  }
}

export class ProjectStore {
  private readonly projects = new Map<string, Project>();

  constructor(
    private readonly maxProjects: number,
    private readonly makeProject: (key: string) => Project,
  ) {}

  /** The key's project, created on first use. The least recently created project is dropped past the cap. */
  get(key: string): Project {
    let project = this.projects.get(key);
    if (!project) {
      if (this.projects.size >= this.maxProjects) {
        const oldest = this.projects.keys().next().value;
        if (oldest !== undefined) this.projects.delete(oldest);
      }
      project = this.makeProject(key);
      this.projects.set(key, project);
    }
    return project;
  }

  /**
   * A project of no key for public operations called without one (the marketplace catalogue): fresh
   * on every call and never stored, so nothing it is given outlives the request.
   */
  anonymous(): Project {
    return this.makeProject('');
  }

  peek(key: string): Project | undefined {
    return this.projects.get(key);
  }

  keys(): string[] {
    return [...this.projects.keys()];
  }

  /** Every project, without copying (do not add or drop projects while iterating). */
  values(): IterableIterator<Project> {
    return this.projects.values();
  }

  all(): Project[] {
    return [...this.projects.values()];
  }

  delete(key: string): boolean {
    return this.projects.delete(key);
  }

  clear(): void {
    this.projects.clear();
  }
}
