import type { RedisClient } from "bun";
import type { Account, AccountStore } from "../stores/account-store.ts";
import { nicknameKeys } from "../stores/nickname-keys.ts";
import { KEYS } from "./scripts.ts";

/**
 * Owned nicknames in Redis, one hash field per nickname in lower case, and one per
 * look-alike key pointing to it (`nicknameKeys`): every instance checks the same owners.
 */
export class RedisAccounts implements AccountStore {
  /** Look-alike keys made again, once per process (see `#rekey`). */
  #rekeyed: Promise<void> | undefined;

  constructor(private readonly client: RedisClient) {}

  /** One round trip for a free nickname (most joins): both lookups go out together. */
  async find(nick: string): Promise<Account | undefined> {
    await this.#ready();
    const { name, lookAlike } = nicknameKeys(nick);
    const [exact, owner]: [string | null, string | null] = await Promise.all([
      this.client.send("HGET", [KEYS.accounts, name]),
      this.client.send("HGET", [KEYS.accountLooks, lookAlike]),
    ]);
    const json: string | null = exact ?? (owner === null ? null : await this.client.send("HGET", [KEYS.accounts, owner]));
    return json ? (JSON.parse(json) as Account) : undefined;
  }

  async save(account: Account): Promise<void> {
    await this.#ready();
    const { name, lookAlike } = nicknameKeys(account.nick);
    await this.client.send("HSET", [KEYS.accounts, name, JSON.stringify(account)]);
    await this.client.send("HSET", [KEYS.accountLooks, lookAlike, name]);
  }

  async delete(nick: string): Promise<void> {
    await this.#ready();
    const { name, lookAlike } = nicknameKeys(nick);
    await this.client.send("HDEL", [KEYS.accounts, name]);
    await this.client.send("HDEL", [KEYS.accountLooks, lookAlike]);
  }

  #ready(): Promise<void> {
    return (this.#rekeyed ??= this.#rekey().catch((error) => {
      this.#rekeyed = undefined;
      throw error;
    }));
  }

  /**
   * An older version computed look-alike keys otherwise (it folded `I` before lowercasing):
   * every account gets its key of today, and keys no name has today go. Idempotent, so
   * instances starting together may all do it.
   */
  async #rekey(): Promise<void> {
    const [names, looks]: [string[], string[]] = await Promise.all([
      this.client.send("HKEYS", [KEYS.accounts]),
      this.client.send("HKEYS", [KEYS.accountLooks]),
    ]);
    const stale = looks.filter((look) => nicknameKeys(look).lookAlike !== look);
    if (stale.length > 0) await this.client.send("HDEL", [KEYS.accountLooks, ...stale]);
    const missing = names.filter((name) => !looks.includes(nicknameKeys(name).lookAlike));
    if (missing.length > 0) await this.client.send("HSET", [KEYS.accountLooks, ...missing.flatMap((name) => [nicknameKeys(name).lookAlike, name])]);
  }

  /** Scans every account: for the console's `ops`, which is rare, on a few thousand accounts at most. */
  async operators(): Promise<Account[]> {
    const all: string[] = await this.client.send("HVALS", [KEYS.accounts]);
    return all.map((json) => JSON.parse(json) as Account).filter((account) => account.op);
  }
}
