import type { RedisClient } from "bun";
import type { Ban, BanStore } from "../stores/ban-store.ts";
import { KEYS } from "./scripts.ts";

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
