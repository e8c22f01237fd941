// A change built and checked but not yet applied. Services return one from every operation that stores
// something; the HTTP layer renders the response from `record` first and calls `commit` last, so a
// request that fails anywhere before that point leaves nothing behind.
export interface Pending<T> {
  /** The record as it will be once committed. */
  readonly record: T;
  /** Applies the change. Only plain stores: it does no checks and cannot fail on input. */
  commit(): void;
}

export const pending = <T>(record: T, commit: () => void): Pending<T> => ({ record, commit });
