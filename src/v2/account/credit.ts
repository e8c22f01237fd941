// v2 names the refusal for want of money with its own text (the InsufficientCreditsError default); the
// shared ledger raises v3's. The check and its order stay the ledger's, only the words change.
import { insufficientCredits } from '../../billing/ledger.js';
import { ApiError, detailError } from '../../http/errors.js';

export const V2_INSUFFICIENT_CREDITS = 'You have insufficient credits';

const V3_TEXT = (insufficientCredits().body as { detail: string }).detail;

/** Runs a creating call of a shared service, answering its 402 for credit in v2's words. */
export function inV2Words<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof ApiError && error.statusCode === 402 && (error.body as { detail?: unknown }).detail === V3_TEXT) {
      throw detailError(402, V2_INSUFFICIENT_CREDITS);
    }
    throw error;
  }
}
