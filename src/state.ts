// Everything one emulator instance holds: configuration, clock, seed, the contract and per-key projects.
import { randomUUID } from 'node:crypto';
import { FaultRules } from './admin/faults.js';
import { Journal } from './admin/journal.js';
import type { Config } from './config.js';
import type { Contract } from './contract/document.js';
import { loadContract } from './contract/document.js';
import { Presigner } from './http/presign.js';
import { parseUsd } from './money.js';
import type { Clock } from './simulation/clock.js';
import { ManualClock, ScaledClock } from './simulation/clock.js';
import { scenariosInForce } from './simulation/fixtures.js';
import { kindsInForce } from './simulation/kind-fixtures.js';
import { KindRegistry } from './simulation/kinds.js';
import { ScenarioRegistry } from './simulation/scenario.js';
import { SessionMachine } from './simulation/session-machine.js';
import { Project, ProjectStore } from './store/projects.js';

export class EmulatorState {
  readonly clock: Clock;
  readonly seed: string;
  readonly contract: Contract;
  readonly projects: ProjectStore;
  readonly machine = new SessionMachine();
  readonly scenarios: ScenarioRegistry;
  /** Task kinds (fixtures/kinds and the user's kinds/ folder). */
  readonly kinds: KindRegistry;
  readonly presigner: Presigner;
  /** Recent API requests (GET /_mock/journal). */
  readonly journal: Journal;
  /** Fault rules (POST /_mock/faults). */
  readonly faults: FaultRules;

  constructor(readonly config: Config) {
    this.clock = config.clock === 'manual' ? new ManualClock(config.clockStart) : new ScaledClock(config.speed);
    this.seed = config.seed ?? randomUUID();
    this.contract = loadContract();
    // Scenario files are validated here: a broken fixture stops the start-up with the file and field named.
    this.scenarios = new ScenarioRegistry(scenariosInForce(config));
    this.kinds = new KindRegistry(kindsInForce(config));
    this.journal = new Journal(config.journalSize);
    this.faults = new FaultRules(this.seed);
    this.presigner = new Presigner(`presign:${this.seed}`);
    this.projects = new ProjectStore(config.maxProjects, (key) => new Project(key, this.clock.now(), parseUsd(config.initialBalanceUsd)));
  }

  /**
   * Forgets every project, journal entry and fault rule and rewinds a manual clock, as if the emulator
   * had just started; with a key, only that key's project, journal entries and fault rules.
   */
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
