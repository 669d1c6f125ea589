import type { WindowCountStore } from "../../stores/window-count-store.ts";
import type { Clock } from "../clock.ts";
import { andThen, fail, ok, type Pending } from "../result.ts";
import { WindowCounts } from "./window-counts.ts";

/**
 * Tries at each nickname's password lately. The delay alone does not stop guesses made in
 * parallel from many connections: a try counts from the moment it starts (so a thousand
 * at once count as a thousand), a right password clears the count, and past `max` tries
 * in a minute the nickname takes no more until the minute is over (its owner included).
 * With a shared store, tries on every instance count together.
 */
export class PasswordTries {
  readonly #tries: WindowCounts;

  constructor(
    clock: Clock,
    private readonly max = 10,
    store?: WindowCountStore,
  ) {
    this.#tries = new WindowCounts(clock, 60_000, store, "password-tries");
  }

  /** Counts a try at `nick`; the refusal when it is one too many. */
  begin(nick: string): Pending<void> {
    return andThen(this.#tries.take(nick.toLowerCase(), this.max), (counted) =>
      counted ? ok(undefined) : fail("wrong-password", `Too many wrong passwords for ${nick}; try again in a minute.`),
    );
  }

  /** The try at `nick` proved it: its count starts again. */
  succeeded(nick: string): void {
    this.#tries.forget(nick.toLowerCase());
  }
}
