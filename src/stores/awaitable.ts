import { fail, ok, type Result } from "../chat/result.ts";
import type { Pending } from "../chat/cluster/backend.ts";

/** A value now (this process decides), or later (a shared store answers over the network). */
export type Awaitable<T> = T | Promise<T>;

const STORE_UNAVAILABLE = "The server cannot read or save nicknames and bans right now (its storage is failing); try again later.";

/**
 * What the accounts or bans store answers, as a result: a failure (a full disk, Redis out
 * of reach) is logged as `what` and refused in words the member can act on.
 */
export function fromStore<T>(what: string, log: (line: string) => void, work: () => Awaitable<T>): Pending<T> {
  const failed = (error: unknown): Result<never> => {
    log(`${what} (${error instanceof Error ? error.message : String(error)})`);
    return fail("store-unavailable", STORE_UNAVAILABLE);
  };
  try {
    const answer = work();
    return answer instanceof Promise ? answer.then(ok, failed) : ok(answer);
  } catch (error) {
    return failed(error);
  }
}
