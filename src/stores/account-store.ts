import type { Awaitable } from "./awaitable.ts";

/**
 * A nickname someone owns: by a password (`/register`), by SSH keys (the first key that
 * came with the name when it was free), or both. Replaced whole on every change.
 */
export interface Account {
  /** The nickname as registered (its case). */
  readonly nick: string;
  /** argon2id, from `Bun.password`; absent for an account owned by keys only. */
  readonly passwordHash?: string;
  /** SHA256 fingerprints of the SSH keys that prove it (`SHA256:…`, as OpenSSH shows them). */
  readonly keys: readonly string[];
  /** Set at the console (`op NICK`): may kick, ban and mute. */
  readonly op?: boolean;
  /**
   * Registered from a client while the `--op` option named it and it was free: the option
   * does not make it an operator, now or after a restart, until the console's `op`.
   */
  readonly unconfirmed?: true;
  /** Nicknames (lower case) its owner ignores, kept between visits. */
  readonly ignoring?: readonly string[];
  /**
   * Whom its owner's private messages are filed under (`Party.id`), made with the account
   * and kept through every change: the same name registered again after `/unregister` is
   * someone else, who never sees them. Absent in accounts from before: see `accountParty`.
   */
  readonly party?: string;
  /** The rooms its owner was in, in the order joined, kept between visits (absent in accounts from before). */
  readonly rooms?: readonly KeptRoom[];
}

/** A room an account's owner was in when it last joined or left one, and how far it had read there. */
export interface KeptRoom {
  readonly name: string;
  /** `Membership.readUpTo`: the newest event read there. */
  readonly readUpTo: number;
  /** The room it was in last (its current room). */
  readonly current?: true;
}

/**
 * Where accounts are kept: the SQLite file alone, Redis when instances share. `find`
 * answers for the nickname in any case, and for a look-alike of it (the same `nickKey`,
 * see `nicknameKeys`): both are the owner's, as they would be taken if the owner were here.
 */
export interface AccountStore {
  find(nick: string): Awaitable<Account | undefined>;
  save(account: Account): Awaitable<void>;
  delete(nick: string): Awaitable<void>;
  /** Accounts with operator rights (the console's `ops`). */
  operators(): Awaitable<Account[]>;
}
