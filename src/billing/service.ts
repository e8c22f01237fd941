// The account view of a key (GET /billing/account). Amounts stay integers of micro-USD; the account's
// decimal numbers exist only at the edge.
import type { AccountView } from '../contract/types.generated.js';
import type { Micros } from '../money.js';
import { formatUsd } from '../money.js';
import type { Concurrency } from '../sessions/concurrency.js';
import { stableUuid } from '../simulation/random.js';
import type { Project } from '../store/projects.js';
import type { Ledger } from './ledger.js';

export const PLAN_NAME = 'Pay As You Go';

/** Micro-USD → the plain JSON number the account view carries (exact: at most six decimals). */
export const usdNumber = (micros: Micros): number => Number(formatUsd(micros));

/** The project id a key is shown: the same for a key in every emulator instance. */
export const projectIdOf = (key: string): string => stableUuid('project', key);

export class BillingService {
  constructor(
    private readonly ledger: Ledger,
    private readonly concurrency: Concurrency,
  ) {}

  account(project: Project, now: number): AccountView {
    const total = this.ledger.available(project, now);
    return {
      name: null,
      totalCreditsBalanceUsd: usdNumber(total),
      // A pay-as-you-go account has no monthly allowance: everything it holds is bought credit.
      monthlyCreditsBalanceUsd: 0,
      additionalCreditsBalanceUsd: usdNumber(total),
      rateLimit: this.concurrency.limitOf(project),
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
}
