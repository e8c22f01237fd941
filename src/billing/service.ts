// The ledger of one key: what it may still spend, what it is charged and refunded, and the account view.
// Amounts stay integers of micro-USD; the account's decimal numbers exist only at the edge.
import type { AccountView } from '../contract/types.generated.js';
import { ApiError } from '../http/errors.js';
import type { Micros } from '../money.js';
import { formatUsd } from '../money.js';
import type { SessionService } from '../sessions/service.js';
import { stableUuid } from '../simulation/random.js';
import type { Project } from '../store/projects.js';
import type { EmulatorState } from '../state.js';
import { availableBalance, settledBalance } from './ledger.js';

export const PLAN_NAME = 'Pay As You Go';

export const insufficientCredits = (): ApiError => new ApiError(402, { detail: 'Insufficient credits' });

/** Micro-USD → the plain JSON number the account view carries (exact: at most six decimals). */
export const usdNumber = (micros: Micros): number => Number(formatUsd(micros));

/** The project id a key is shown: the same for a key in every emulator instance. */
export const projectIdOf = (key: string): string => stableUuid('project', key);

export class BillingService {
  constructor(
    private readonly state: EmulatorState,
    private readonly sessions: SessionService,
  ) {}

  /** What the key can still spend at `now` (running tasks included). */
  available(project: Project, now: number): Micros {
    return availableBalance(this.state, this.sessions, project, now);
  }

  settled(project: Project): Micros {
    return settledBalance(project);
  }

  /**
   * 402 unless the key can pay `amount`; with no amount, unless anything at all is left. Judged on the
   * settled figure: running tasks are already bounded by their own maxCostUsd, and summing their cost so
   * far on every creation would make creating sessions cost O(active sessions).
   */
  assertCovers(project: Project, amount = 0): void {
    const available = this.settled(project);
    if (amount > 0 ? available < amount : available <= 0) throw insufficientCredits();
  }

  charge(project: Project, amount: Micros): void {
    project.spent += amount;
  }

  refund(project: Project, amount: Micros): void {
    project.credited += amount;
  }

  concurrencyLimitOf(project: Project): number {
    return project.concurrencyLimit ?? this.state.config.concurrencyLimit;
  }

  account(project: Project, now: number): AccountView {
    const total = this.available(project, now);
    return {
      name: null,
      totalCreditsBalanceUsd: usdNumber(total),
      // A pay-as-you-go account has no monthly allowance: everything it holds is bought credit.
      monthlyCreditsBalanceUsd: 0,
      additionalCreditsBalanceUsd: usdNumber(total),
      rateLimit: this.concurrencyLimitOf(project),
      planInfo: {
        planName: PLAN_NAME,
        subscriptionStatus: null,
        subscriptionId: null,
        subscriptionCurrentPeriodEnd: null,
        subscriptionCanceledAt: null,
      },
      projectId: projectIdOf(project.key),
    };
  }

  /** New sessions need something left to spend; so does a task handed to an existing session. */
  install(): void {
    this.sessions.hooks.beforeCreate.push((project) => this.assertCovers(project));
    this.sessions.hooks.validate.push((project, body) => {
      if (body.sessionId && body.task) this.assertCovers(project);
    });
  }
}
