import { nickKey } from "../people/nickname.ts";
import { andThen, fail, ok, type Pending } from "../result.ts";
import { fromStore } from "../store-answers.ts";
import type { WindowCounters } from "./window-counts.ts";

/** Tries at one nickname's password from one address in a minute. */
export const TRIES_PER_ADDRESS = 10;
/**
 * Tries at one nickname's password in an hour, from every address together: a guess spread
 * over many addresses stops here. Addresses that proved the nickname lately are not held
 * back by it, so it is no way to lock an owner out of their own name.
 */
export const TRIES_PER_NICKNAME = 100;
/** How long an address that proved a nickname is known as its owner's. */
const KNOWN_FOR_MS = 30 * 24 * 60 * 60_000;

/**
 * Tries at nicknames' passwords lately. The delay alone does not stop guesses made in
 * parallel from many connections: a try counts from the moment it starts (so a thousand
 * at once count as a thousand). Each address has `TRIES_PER_ADDRESS` a minute at each
 * nickname, and a right password clears its count; every address together has
 * `TRIES_PER_NICKNAME` an hour, except those that proved the nickname lately.
 */
export class PasswordTries {
  readonly #fromAddress;
  readonly #atNickname;
  readonly #known;

  constructor(
    counters: WindowCounters,
    private readonly log: (line: string) => void,
  ) {
    this.#fromAddress = counters("password-tries-from-address", 60_000);
    this.#atNickname = counters("password-tries-at-nickname", 60 * 60_000);
    this.#known = counters("password-proven-from", KNOWN_FOR_MS);
  }

  /** Counts a try at `nick` from `address`; the refusal when it is one too many. */
  begin(nick: string, address: string): Pending<void> {
    const here = `${nickKey(nick)} ${address}`;
    return andThen(this.#counted(() => this.#fromAddress.add(here)), (fromHere) => {
      if (fromHere > TRIES_PER_ADDRESS)
        return fail("wrong-password", `Too many wrong passwords for ${nick} from your address; try again in a minute.`);
      return andThen(this.#counted(() => this.#known.count(here)), (known) => {
        if (known > 0) return ok(undefined);
        return andThen(this.#counted(() => this.#atNickname.add(nickKey(nick))), (everywhere) =>
          everywhere > TRIES_PER_NICKNAME
            ? fail("wrong-password", `Too many wrong passwords for ${nick} lately, from many addresses; try again later.`)
            : ok(undefined),
        );
      });
    });
  }

  /** `address` proved `nick` (its password, or registering it): its count starts again, and it is known. */
  succeeded(nick: string, address: string): void {
    const here = `${nickKey(nick)} ${address}`;
    void this.#counted(() => this.#fromAddress.delete(here));
    void this.#counted(() => this.#known.add(here));
  }

  #counted<T>(work: () => T | Promise<T>): Pending<T> {
    return fromStore("password tries: cannot be counted", this.log, work);
  }
}
