// Simulated time. Everything the emulator shows (timestamps, step progress, timeouts, URL expiry)
// is read from one Clock, so a manual clock makes whole runs reproducible.

export interface Clock {
  readonly mode: 'real' | 'manual';
  /** Simulated now, in ms since 1970. */
  now(): number;
  /** Moves a manual clock forward; a real clock refuses. */
  advance(ms: number): number;
  /** Simulated ms that pass per wall-clock ms. */
  readonly speed: number;
}

/** Wall time scaled by `speed`, starting from the wall time at creation. */
export class ScaledClock implements Clock {
  readonly mode = 'real' as const;
  private readonly wallStart = performance.now();
  private readonly epoch: number;
  constructor(
    readonly speed: number,
    epoch: number = Date.now(),
  ) {
    this.epoch = epoch;
  }
  now(): number {
    return Math.floor(this.epoch + (performance.now() - this.wallStart) * this.speed);
  }
  advance(): number {
    throw new Error('the clock is real: start the emulator with BU_MOCK_CLOCK=manual to move time by hand');
  }
}

/** Time that moves only when told to. */
export class ManualClock implements Clock {
  readonly mode = 'manual' as const;
  readonly speed = 0;
  private current: number;
  constructor(epoch: number) {
    this.current = epoch;
  }
  now(): number {
    return this.current;
  }
  advance(ms: number): number {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('ms must be a finite number >= 0');
    this.current += Math.floor(ms);
    return this.current;
  }
  /** Back to a start instant; only for a full reset, when nothing derived from the old time remains. */
  reset(epoch: number): void {
    this.current = epoch;
  }
}
