import { Database, type Statement } from "bun:sqlite";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { isConversation, type RecordedEvent } from "../chat/events.ts";
import type { HistoryStore } from "../chat/history.ts";

interface Row {
  json: string;
}

/** Most events a resuming stream is sent at once; older gaps are better served by "load older". */
const MAX_SINCE = 1000;

/**
 * History in an SQLite file, so it survives restarts (and `kill -9`: each event is
 * committed to the WAL before it is broadcast). `:memory:` keeps nothing.
 */
export class SqliteHistory implements HistoryStore {
  readonly #db: Database;
  readonly #insert: Statement;
  readonly #recent: Statement<Row>;
  readonly #since: Statement<Row>;

  constructor(path: string) {
    if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
    this.#db = new Database(path, { create: true, strict: true });
    this.#db.run("PRAGMA journal_mode = WAL");
    this.#db.run("PRAGMA synchronous = NORMAL");
    this.#db.run(`CREATE TABLE IF NOT EXISTS events (
      id INTEGER PRIMARY KEY,
      conversation INTEGER NOT NULL,
      room TEXT,
      sender TEXT,
      target TEXT,
      json TEXT NOT NULL
    )`);
    // recent() asks for a room's conversation only; joins and leaves far outnumber it.
    this.#db.run("CREATE INDEX IF NOT EXISTS events_room_conversation ON events (room, conversation, id)");
    this.#insert = this.#db.prepare(
      "INSERT INTO events (id, conversation, room, sender, target, json) VALUES ($id, $conversation, $room, $sender, $target, $json)",
    );
    // Visible to a member in a room: the room's events, every notice (room NULL, no
    // target), and the privates they sent or received (stored lowercased).
    const visible = "(room = $room OR (room IS NULL AND (target IS NULL OR sender = $nick OR target = $nick)))";
    this.#recent = this.#db.prepare(
      `SELECT json FROM events WHERE id < $before AND conversation = 1 AND ${visible} ORDER BY id DESC LIMIT $limit`,
    );
    // A resume wants the few events after an id: a walk of the primary key from there,
    // which the planner would otherwise trade for the room index and scan the whole room.
    this.#since = this.#db.prepare(
      `SELECT json FROM events NOT INDEXED WHERE id > $after AND ${visible} ORDER BY id ASC LIMIT ${MAX_SINCE}`,
    );
  }

  append(event: RecordedEvent): void {
    const isPrivate = event.kind === "private";
    this.#insert.run({
      id: event.id,
      conversation: isConversation(event) ? 1 : 0,
      room: "room" in event ? event.room : null,
      sender: isPrivate ? event.from.toLowerCase() : null,
      target: isPrivate ? event.to.toLowerCase() : null,
      json: JSON.stringify(event),
    });
  }

  lastId(): number {
    const row = this.#db.query<{ id: number | null }, []>("SELECT max(id) AS id FROM events").get();
    return row?.id ?? 0;
  }

  recent(room: string, nick: string, limit: number, beforeId = Number.MAX_SAFE_INTEGER): RecordedEvent[] {
    const rows = this.#recent.all({ room, nick: nick.toLowerCase(), before: beforeId, limit });
    return rows.reverse().map((row) => JSON.parse(row.json) as RecordedEvent);
  }

  since(room: string, nick: string, afterId: number): RecordedEvent[] {
    return this.#since.all({ room, nick: nick.toLowerCase(), after: afterId }).map((row) => JSON.parse(row.json) as RecordedEvent);
  }

  close(): void {
    this.#db.close();
  }
}
