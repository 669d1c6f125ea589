import type { Clock } from "../clock.ts";
import { fail, type Result } from "../result.ts";
import { WindowCounts } from "./window-counts.ts";

/**
 * Tries at each nickname's password lately. The delay alone does not stop guesses made in
 * parallel from many connections: a try counts from the moment it starts (so a thousand
 * at once count as a thousand), a right password clears the count, and past `max` tries
 * in a minute the nickname takes no more until the minute is over (its owner included).
 */
export class PasswordTries {
  readonly #tries: WindowCounts;

  constructor(
    clock: Clock,
    private readonly max = 10,
  ) {
    this.#tries = new WindowCounts(clock, 60_000);
  }

  /** Counts a try at `nick`; the refusal when it is one too many. */
  begin(nick: string): Result<never> | undefined {
    const key = nick.toLowerCase();
    if (this.#tries.count(key) >= this.max)
      return fail("wrong-password", `Too many wrong passwords for ${nick}; try again in a minute.`);
    this.#tries.add(key);
    return undefined;
  }

  /** The try at `nick` proved it: its count starts again. */
  succeeded(nick: string): void {
    this.#tries.delete(nick.toLowerCase());
  }
}
