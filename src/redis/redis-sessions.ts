import type { RedisClient } from "bun";
import { SESSION_KEPT_MS, type SessionStore, type StoredSession } from "../stores/session-store.ts";
import { KEYS } from "./scripts.ts";

/**
 * Web sessions in Redis, so that any instance can serve any request of any session: a
 * page's POSTs and its stream may reach different instances, and a page whose instance
 * died carries on, as the same member, on another.
 */
export class RedisSessions implements SessionStore {
  constructor(private readonly client: RedisClient) {}

  async save(hash: string, session: StoredSession): Promise<void> {
    await this.client.send("SET", [KEYS.session(hash), JSON.stringify(session), "PX", String(SESSION_KEPT_MS)]);
  }

  async find(hash: string): Promise<StoredSession | undefined> {
    const json: string | null = await this.client.send("GET", [KEYS.session(hash)]);
    return json ? (JSON.parse(json) as StoredSession) : undefined;
  }

  async delete(hash: string): Promise<void> {
    await this.client.send("DEL", [KEYS.session(hash)]);
  }

  /** The connection is the backend's, closed with it. */
  close(): void {}
}
