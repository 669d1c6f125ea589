import type { Member } from "../people/member.ts";
import { nickKey } from "../people/nickname.ts";
import { andThen, fail, ok, type Pending } from "../result.ts";
import { fromStore } from "../store-answers.ts";
import type { WindowCounters } from "./window-counts.ts";

/** Accounts one address may make in an hour (passwords and SSH keys together); a name counts once. */
export const NEW_ACCOUNTS_PER_HOUR = 20;

/**
 * What keeps registering cheap for the server: argon2 is meant to be costly, so a member
 * hashes one password at a time (800 `/register` lines are one hash, not 800 queued in
 * front of every login); one name is registered once at a time; and the address's quota
 * is counted before anything is hashed.
 */
export class Registrations {
  /** Members (by id) with a password being hashed. */
  readonly #hashing = new Set<string>();
  /** Names (by `nickKey`) being registered right now. */
  readonly #registering = new Set<string>();
  /**
   * Accounts made from each address lately. Every SSH visitor with a key owns the name it
   * came with, so without a cap one client could take every name there is, and fill the disk.
   */
  readonly #made;
  /** "ADDRESS KEY": names an address made lately, which it is not charged for again. */
  readonly #named;

  constructor(
    counters: WindowCounters,
    private readonly log: (line: string) => void,
  ) {
    this.#made = counters("accounts-from-address", 60 * 60_000);
    this.#named = counters("accounts-named-from-address", 60 * 60_000);
  }

  /** Runs `work` (which hashes a password for `member`) unless one of theirs is still running. */
  oneAtATime<T>(member: Member, work: () => Pending<T>): Pending<T> {
    if (this.#hashing.has(member.id)) return fail("too-much-waiting", "Still working on the last one: wait for its answer.");
    this.#hashing.add(member.id);
    return this.#until(work, () => this.#hashing.delete(member.id));
  }

  /** Runs `work` (which registers `nick`) unless `nick`, or a look-alike, is being registered already. */
  onceAtATime<T>(nick: string, work: () => Pending<T>): Pending<T> {
    const key = nickKey(nick);
    if (this.#registering.has(key)) return fail("nick-taken", `${nick} is being registered right now.`);
    this.#registering.add(key);
    return this.#until(work, () => this.#registering.delete(key));
  }

  /** Charges `address` for a new account named `nick` (once per name); the refusal when its quota is used up. */
  charge(address: string, nick: string): Pending<void> {
    const named = `${address} ${nickKey(nick)}`;
    return andThen(this.#counted(() => this.#named.count(named)), (already) => {
      if (already > 0) return ok(undefined);
      return andThen(this.#counted(() => this.#made.add(address)), (made) => {
        if (made > NEW_ACCOUNTS_PER_HOUR)
          return fail("rate-limited", "Too many nicknames were registered from your address in the last hour; try again later.");
        return andThen(this.#counted(() => this.#named.add(named)), () => ok(undefined));
      });
    });
  }

  #until<T>(work: () => Pending<T>, done: () => void): Pending<T> {
    let answer: Pending<T>;
    try {
      answer = work();
    } catch (error) {
      done();
      throw error;
    }
    if (answer instanceof Promise) return answer.finally(done);
    done();
    return answer;
  }

  #counted<T>(work: () => T | Promise<T>): Pending<T> {
    return fromStore("accounts: new accounts cannot be counted", this.log, work);
  }
}
