import { LocalBackend, type ChatBackend } from "../chat/index.ts";
import { RedisBackend } from "../redis/redis-backend.ts";
import { SqliteAccounts } from "../sqlite/sqlite-accounts.ts";
import { SqliteBans } from "../sqlite/sqlite-bans.ts";
import { SqliteHistory } from "../sqlite/sqlite-history.ts";
import { SqliteSessions } from "../sqlite/sqlite-sessions.ts";
import { MemoryWindowCounts } from "../stores/memory-window-counts.ts";
import type { SessionStore } from "../stores/session-store.ts";
import type { Config } from "./config.ts";

/** Where everything that outlives a process is kept: the chat's backend, and the web's sessions beside it. */
export interface Storage {
  readonly backend: ChatBackend;
  readonly sessions: SessionStore;
}

/**
 * The one place that picks the engines: Redis with `--redis` (shared by every instance),
 * else this process and its SQLite file. Rejects with a one-line reason when Redis cannot
 * be reached.
 */
export async function openStorage(config: Config, log: (line: string) => void): Promise<Storage> {
  if (!config.redis) return embeddedStorage(config, log);
  const backend = await RedisBackend.connect({ url: config.redis, log });
  return { backend, sessions: backend.sessions() };
}

/**
 * The chat alone, keeping its history, accounts, bans and web sessions in the SQLite file;
 * password tries and new accounts are counted in memory (a restart forgets them).
 */
export function embeddedStorage(config: Config, log: (line: string) => void): Storage {
  const backend = new LocalBackend(new SqliteHistory(config.db, log), log, new SqliteAccounts(config.db), new SqliteBans(config.db), new MemoryWindowCounts());
  return { backend, sessions: new SqliteSessions(config.db) };
}
