// What the official-client suites share: each subtest gets its own API key (its own project) and a
// client, and fails on any contract problem the responses it caused raised; `rejection` awaits a call
// that must fail with the client's error class.
import t from 'tap';
import type { Test } from 'tap';
import type { FetchWatch, Violation } from '../helpers/contract-check.js';

export async function rejection<E extends Error>(promise: Promise<unknown>, errorClass: abstract new (...args: never[]) => E): Promise<E> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof errorClass)) throw new Error(`expected a ${errorClass.name}, got ${String(error)}`);
  return error;
}

export interface SdkHarness<Client> {
  /** The client for an API key. */
  client(key: string): Client;
  /** Prefix of each subtest's API key. */
  keyPrefix: string;
  /** The document the responses are checked against, as its name reads in messages. */
  document: string;
  watch: FetchWatch;
  /** Responses that are expected despite the document (called on purpose). */
  expected?: (problem: Violation) => boolean;
}

/** `sdkTest(name, body)`: one subtest with its own key and client, checked against the document. */
export function sdkTests<Client>(harness: SdkHarness<Client>): (name: string, body: (t: Test, client: Client, key: string) => Promise<void>) => void {
  let keys = 0;
  return (name, body) => {
    t.test(name, async (t) => {
      const key = `${harness.keyPrefix}-${++keys}`;
      const client = harness.client(key);
      const before = harness.watch.problems.length;
      const calls = harness.watch.calls.length;
      try {
        await body(t, client, key);
      } finally {
        const problems = harness.watch.problems.slice(before).filter((p) => !harness.expected?.(p));
        t.same(problems, [], `every response the client received matched ${harness.document} (${harness.watch.calls.length - calls} requests)`);
      }
    });
  };
}
