import type { Awaitable } from "../stores/awaitable.ts";
import { fail, ok, type Pending, type Result } from "./result.ts";

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
