// Everything one emulator instance holds: configuration, clock, seed, the contract and per-key projects.
import { randomUUID } from 'node:crypto';
import type { Config } from './config.js';
import type { Contract } from './contract/document.js';
import { loadContract } from './contract/document.js';
import { Presigner } from './http/presign.js';
import { parseUsd } from './money.js';
import type { Clock } from './simulation/clock.js';
import { ManualClock, ScaledClock } from './simulation/clock.js';
import { ScenarioRegistry } from './simulation/scenario.js';
import { SessionMachine } from './simulation/session-machine.js';
import { Project, ProjectStore } from './store/projects.js';

export class EmulatorState {
  readonly clock: Clock;
  readonly seed: string;
  readonly contract: Contract;
  readonly projects: ProjectStore;
  readonly machine = new SessionMachine();
  readonly scenarios = new ScenarioRegistry();
  readonly presigner: Presigner;

  constructor(readonly config: Config) {
    this.clock = config.clock === 'manual' ? new ManualClock(config.clockStart) : new ScaledClock(config.speed);
    this.seed = config.seed ?? randomUUID();
    this.contract = loadContract();
    this.presigner = new Presigner(`presign:${this.seed}`);
    this.projects = new ProjectStore(config.maxProjects, (key) => new Project(key, this.clock.now(), parseUsd(config.initialBalanceUsd)));
  }

  /** Forgets every project (or one key's), as if the emulator had just started. */
  reset(key?: string): void {
    if (key === undefined) {
      this.projects.clear();
      this.machine.reset();
    } else {
      this.projects.delete(key);
    }
  }
}
