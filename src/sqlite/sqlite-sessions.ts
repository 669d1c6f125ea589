import type { Database, Statement } from "bun:sqlite";
import { systemClock, type Clock } from "../chat/clock.ts";
import { SESSION_KEPT_MS, type SessionStore, type StoredSession } from "../stores/session-store.ts";
import { openDatabase } from "./database.ts";

interface Row {
  nick: string;
  member_id: string;
  room: string;
  proven_as: string | null;
  /** `{ rooms, readUpTo, conversations }` as JSON, or NULL for a session with none of them (or from before). */
  rooms: string | null;
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
      saved_at INTEGER NOT NULL
    )`);
    const columns = () => this.#db.query<{ name: string }, []>("PRAGMA table_info(web_sessions)").all().map((column) => column.name);
    // The id a page had shown its room from, which nothing reads any more: a table from before loses it.
    if (columns().includes("room_since")) this.#db.run("ALTER TABLE web_sessions DROP COLUMN room_since");
    // What the session proved (added after the table was): a session kept without it is a guest's.
    if (!columns().includes("proven_as"))
      this.#db.run("ALTER TABLE web_sessions ADD COLUMN proven_as TEXT");
    // Every room and the read state (added after the table was, too): a session without them comes back into `room` alone.
    if (!columns().includes("rooms"))
      this.#db.run("ALTER TABLE web_sessions ADD COLUMN rooms TEXT");
    this.#db.run("DELETE FROM web_sessions WHERE saved_at < ?", [this.clock.now() - SESSION_KEPT_MS]);
    this.#save = this.#db.prepare(
      `INSERT INTO web_sessions (token_hash, nick, member_id, room, proven_as, rooms, saved_at)
       VALUES ($hash, $nick, $memberId, $room, $provenAs, $rooms, $savedAt)
       ON CONFLICT (token_hash) DO UPDATE SET nick = $nick, member_id = $memberId, room = $room,
         proven_as = $provenAs, rooms = $rooms, saved_at = $savedAt`,
    );
    this.#find = this.#db.prepare("SELECT nick, member_id, room, proven_as, rooms FROM web_sessions WHERE token_hash = $hash");
    this.#delete = this.#db.prepare("DELETE FROM web_sessions WHERE token_hash = $hash");
  }

  save(hash: string, { nick, memberId, room, provenAs, rooms, readUpTo, conversations }: StoredSession): void {
    const kept = rooms || readUpTo || conversations ? JSON.stringify({ rooms, readUpTo, conversations }) : null;
    this.#save.run({ hash, nick, memberId, room, provenAs: provenAs ?? null, rooms: kept, savedAt: this.clock.now() });
  }

  find(hash: string): StoredSession | undefined {
    const row = this.#find.get({ hash });
    if (!row) return undefined;
    const kept = row.rooms === null ? {} : (JSON.parse(row.rooms) as Pick<StoredSession, "rooms" | "readUpTo" | "conversations">);
    const session: StoredSession = { nick: row.nick, memberId: row.member_id, room: row.room, ...kept };
    return row.proven_as === null ? session : { ...session, provenAs: row.proven_as };
  }

  delete(hash: string): void {
    this.#delete.run({ hash });
  }

  close(): void {
    this.#db.close();
  }
}
