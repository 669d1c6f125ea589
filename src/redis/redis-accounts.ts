import type { RedisClient } from "bun";
import type { Account, AccountStore } from "../stores/account-store.ts";
import type { Ban, BanStore } from "../chat/moderation/bans.ts";
import { nickSkeleton } from "../chat/people/nickname.ts";
import { KEYS } from "./scripts.ts";

/**
 * Owned nicknames in Redis, one hash field per nickname in lower case, and one per
 * skeleton pointing to it (look-alikes): every instance checks the same owners.
 */
export class RedisAccounts implements AccountStore {
  constructor(private readonly client: RedisClient) {}

  /** One round trip for a free nickname (most joins): both lookups go out together. */
  async find(nick: string): Promise<Account | undefined> {
    const [exact, lookAlike]: [string | null, string | null] = await Promise.all([
      this.client.send("HGET", [KEYS.accounts, nick.toLowerCase()]),
      this.client.send("HGET", [KEYS.accountLooks, nickSkeleton(nick)]),
    ]);
    const json: string | null = exact ?? (lookAlike === null ? null : await this.client.send("HGET", [KEYS.accounts, lookAlike]));
    return json ? (JSON.parse(json) as Account) : undefined;
  }

  async save(account: Account): Promise<void> {
    const name = account.nick.toLowerCase();
    await this.client.send("HSET", [KEYS.accounts, name, JSON.stringify(account)]);
    await this.client.send("HSET", [KEYS.accountLooks, nickSkeleton(account.nick), name]);
  }

  async delete(nick: string): Promise<void> {
    await this.client.send("HDEL", [KEYS.accounts, nick.toLowerCase()]);
    await this.client.send("HDEL", [KEYS.accountLooks, nickSkeleton(nick)]);
  }

  /** Scans every account: for the console's `ops`, which is rare, on a few thousand accounts at most. */
  async operators(): Promise<Account[]> {
    const all: string[] = await this.client.send("HVALS", [KEYS.accounts]);
    return all.map((json) => JSON.parse(json) as Account).filter((account) => account.op);
  }
}

/** Bans in Redis: an instance that starts later keeps out whom the others banned. */
export class RedisBans implements BanStore {
  constructor(private readonly client: RedisClient) {}

  async all(): Promise<Ban[]> {
    const all: string[] = await this.client.send("HVALS", [KEYS.bans]);
    return all.map((json) => JSON.parse(json) as Ban);
  }

  async save(ban: Ban): Promise<void> {
    await this.client.send("HSET", [KEYS.bans, ban.target.toLowerCase(), JSON.stringify(ban)]);
  }

  async delete(target: string): Promise<void> {
    await this.client.send("HDEL", [KEYS.bans, target.toLowerCase()]);
  }
}
