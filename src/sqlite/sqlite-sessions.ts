import type { Database, Statement } from "bun:sqlite";
import { systemClock, type Clock } from "../chat/clock.ts";
import { SESSION_KEPT_MS, type SessionStore, type StoredSession } from "../stores/session-store.ts";
import { openDatabase } from "./database.ts";

interface Row {
  nick: string;
  member_id: string;
  room: string;
  room_since: number;
}

/**
 * Web sessions in the history's SQLite file, so that an open page carries on as the same
 * member after a restart. A connection of its own to the same file (WAL allows it).
 */
export class SqliteSessions implements SessionStore {
  readonly #db: Database;
  readonly #save: Statement;
  readonly #find: Statement<Row>;
  readonly #delete: Statement;

  constructor(path: string, readonly clock: Clock = systemClock) {
    this.#db = openDatabase(path);
    this.#db.run(`CREATE TABLE IF NOT EXISTS web_sessions (
      token_hash TEXT PRIMARY KEY,
      nick TEXT NOT NULL,
      member_id TEXT NOT NULL,
      room TEXT NOT NULL,
      room_since INTEGER NOT NULL,
      saved_at INTEGER NOT NULL
    )`);
    this.#db.run("DELETE FROM web_sessions WHERE saved_at < ?", [this.clock.now() - SESSION_KEPT_MS]);
    this.#save = this.#db.prepare(
      `INSERT INTO web_sessions (token_hash, nick, member_id, room, room_since, saved_at)
       VALUES ($hash, $nick, $memberId, $room, $roomSince, $savedAt)
       ON CONFLICT (token_hash) DO UPDATE SET nick = $nick, member_id = $memberId, room = $room,
         room_since = $roomSince, saved_at = $savedAt`,
    );
    this.#find = this.#db.prepare("SELECT nick, member_id, room, room_since FROM web_sessions WHERE token_hash = $hash");
    this.#delete = this.#db.prepare("DELETE FROM web_sessions WHERE token_hash = $hash");
  }

  save(hash: string, { nick, memberId, room, roomSince }: StoredSession): void {
    this.#save.run({ hash, nick, memberId, room, roomSince, savedAt: this.clock.now() });
  }

  find(hash: string): StoredSession | undefined {
    const row = this.#find.get({ hash });
    return row ? { nick: row.nick, memberId: row.member_id, room: row.room, roomSince: row.room_since } : undefined;
  }

  delete(hash: string): void {
    this.#delete.run({ hash });
  }

  close(): void {
    this.#db.close();
  }
}
