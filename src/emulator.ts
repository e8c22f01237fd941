// The composition root: builds every part of one emulator instance once, and hands each service only
// the collaborators it uses. Read top-down, this file is the wiring diagram of the emulator.
import { randomUUID } from 'node:crypto';
import { FaultRules } from './admin/faults.js';
import { Journal } from './admin/journal.js';
import { KeyAdmin } from './admin/keys.js';
import { Ledger } from './billing/ledger.js';
import { BillingService } from './billing/service.js';
import { BrowserService } from './browsers/service.js';
import type { Config } from './config.js';
import type { Contract, ContractVersion } from './contract/document.js';
import { loadContract } from './contract/document.js';
import { Presigner } from './http/presign.js';
import { parseUsd } from './money.js';
import { ProfileService } from './profiles/service.js';
import { SessionActivity } from './sessions/activity.js';
import { Concurrency } from './sessions/concurrency.js';
import { SessionService } from './sessions/service.js';
import type { Clock } from './simulation/clock.js';
import { ManualClock, ScaledClock } from './simulation/clock.js';
import { scenariosInForce } from './simulation/fixtures.js';
import { kindsInForce } from './simulation/kind-fixtures.js';
import { KindRegistry } from './simulation/kinds.js';
import { ScenarioRegistry } from './simulation/scenario.js';
import { SessionMachine } from './simulation/session-machine.js';
import { MemoryBudget } from './store/budget.js';
import { Project, ProjectStore } from './store/projects.js';
import { UploadService } from './v2/files/upload.js';
import { marketplaceInForce } from './v2/marketplace/fixtures.js';
import { MarketplaceService } from './v2/marketplace/service.js';
import { SkillService } from './v2/skills/service.js';
import { WorkspaceService } from './workspaces/service.js';
import { V2SessionService, forgetTasksOf } from './v2/sessions/service.js';
import { V2TaskService } from './v2/tasks/service.js';

export class Emulator {
  // ---- foundations: configuration, time, randomness, the contract, per-key storage ----
  readonly clock: Clock;
  readonly seed: string;
  /** Every API version's contract: v3, and v2 (openapi/v2.json) served beside it. */
  readonly contracts: Readonly<Record<ContractVersion, Contract>>;
  readonly projects: ProjectStore;
  readonly machine = new SessionMachine();
  readonly scenarios: ScenarioRegistry;
  /** Task kinds (fixtures/kinds and the user's kinds/ folder). */
  readonly kinds: KindRegistry;
  readonly presigner: Presigner;
  /** Recent API requests (GET /_mock/journal); the admin plugin records into it. */
  readonly journal: Journal;
  /** Fault rules (POST /_mock/faults); the admin plugin applies them. */
  readonly faults: FaultRules;

  // ---- cross-resource rules ----
  readonly activity: SessionActivity;
  readonly concurrency: Concurrency;
  /** The only owner of balance changes. */
  readonly ledger: Ledger;
  readonly budget: MemoryBudget;

  // ---- services ----
  readonly profiles: ProfileService;
  readonly workspaces: WorkspaceService;
  readonly sessions: SessionService;
  readonly browsers: BrowserService;
  readonly billing: BillingService;
  readonly keys: KeyAdmin;
  /** v2 presigned uploads for agent sessions and standalone browsers. */
  readonly uploads: UploadService;
  /** v2 skills of each key. */
  readonly skills: SkillService;
  /** The v2 marketplace (fixtures/marketplace and the user's marketplace/ folder). */
  readonly marketplace: MarketplaceService;
  /** v2 sessions and tasks: records of the same machine, ledger, concurrency and budget as v3's. */
  readonly v2Sessions: V2SessionService;
  readonly v2Tasks: V2TaskService;

  constructor(readonly config: Config) {
    this.clock = config.clock === 'manual' ? new ManualClock(config.clockStart) : new ScaledClock(config.speed);
    this.seed = config.seed ?? randomUUID();
    this.contracts = { v3: loadContract('v3'), v2: loadContract('v2') };
    // Scenario files are validated here: a broken fixture stops the start-up with the file and field named.
    this.scenarios = new ScenarioRegistry(scenariosInForce(config));
    this.kinds = new KindRegistry(kindsInForce(config));
    this.journal = new Journal(config.journalSize);
    this.faults = new FaultRules(this.seed);
    this.presigner = new Presigner(`presign:${this.seed}`);
    const startingBalance = parseUsd(config.initialBalanceUsd);
    this.projects = new ProjectStore(config.maxProjects, (key) => new Project(key, this.clock.now(), startingBalance));

    this.activity = new SessionActivity(this.machine);
    this.concurrency = new Concurrency(config, this.activity);
    this.ledger = new Ledger(this.machine, this.activity, this.projects);
    this.budget = new MemoryBudget(config, this.machine, this.activity, this.projects);

    this.profiles = new ProfileService(this.seed, config, this.projects, this.activity, this.ledger, this.budget);
    this.workspaces = new WorkspaceService(this.seed, config, this.presigner, this.machine, this.activity, this.projects, this.budget);
    // A new session meets, in this order: concurrency, profile, workspace, credit, memory budget
    // (SessionService.createOrDispatch lists the whole order, dispatch included).
    this.sessions = new SessionService(this.seed, this.machine, this.scenarios, this.kinds, this.activity, {
      capacity: this.concurrency,
      profiles: this.profiles,
      workspaces: this.workspaces,
      credit: this.ledger,
      budget: this.budget,
    });
    this.browsers = new BrowserService(this.seed, this.concurrency, this.profiles, this.ledger, this.budget);
    this.billing = new BillingService(this.ledger, this.concurrency);
    this.uploads = new UploadService(this.presigner, config, this.projects, {
      // Uploads are a v2 operation: only v2 sessions take them (v3 sessions have workspaces).
      sessions: (project, id) => project.sessions.get(id)?.v2 !== undefined,
      browsers: (project, id) => project.browsers.has(id),
    });
    // A v2 session meets concurrency, profile, credit and memory budget, in that order.
    this.v2Sessions = new V2SessionService(this.seed, this.machine, this.activity, this.sessions, {
      capacity: this.concurrency,
      profiles: this.profiles,
      credit: this.ledger,
      budget: this.budget,
    });
    this.v2Tasks = new V2TaskService(this.seed, this.machine, this.scenarios, this.kinds, this.sessions, this.v2Sessions, this.ledger);
    this.budget.onSessionForgotten(forgetTasksOf);
    this.keys = new KeyAdmin(this.seed, this.projects, this.machine, this.ledger, this.concurrency);
    this.skills = new SkillService(this.seed, this.kinds, this.ledger, this.concurrency);
    this.marketplace = new MarketplaceService(marketplaceInForce(config), this.skills);

    // When a task ends: its cost is charged, the sites it visited join its profile, its files are written.
    this.machine.onTaskEnd((session, task) => this.ledger.recordTask(session, task));
    this.machine.onTaskEnd((session, task, plan) => this.profiles.saveRun(session, task, plan));
    this.machine.onTaskEnd((session, task, plan) => this.workspaces.writeRunFiles(session, task, plan));
  }

  /**
   * Forgets every project, journal entry and fault rule and rewinds a manual clock, as if the emulator
   * had just started; with a key, only that key's project, journal entries and fault rules.
   */
  /** The v3 contract (openapi/v3.json). */
  get contract(): Contract {
    return this.contracts.v3;
  }

  reset(key?: string): void {
    if (key === undefined) {
      this.projects.clear();
      this.machine.reset();
      this.journal.clear();
      this.faults.clear();
      if (this.clock instanceof ManualClock) this.clock.reset(this.config.clockStart);
    } else {
      this.projects.delete(key);
      this.journal.clearKey(key);
      this.faults.removeForKey(key);
    }
  }
}
