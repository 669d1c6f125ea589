import type { Database, Statement } from "bun:sqlite";
import { statSync } from "node:fs";
import { isConversation, type RecordedEvent, type Viewer } from "../chat/events.ts";
import { newestOf, partyKey, RecentByRoom, type HistoryStore } from "../chat/history.ts";
import { openDatabase } from "./database.ts";

interface Row {
  json: string;
}

/** How often the history file is checked for still being there: a stat, which costs microseconds. */
const REMOVAL_CHECK_MS = 2000;

/**
 * History in an SQLite file, so it survives restarts (and `kill -9`: each event is
 * committed to the WAL before it is broadcast). `:memory:` keeps nothing.
 */
export class SqliteHistory implements HistoryStore {
  readonly #db: Database;
  readonly #insert: Statement;
  readonly #recent: Statement<Row>;
  readonly #recentInRoom: Statement<Row>;
  readonly #recentPrivates: Statement<Row>;
  readonly #since: Statement<Row>;
  readonly #recentByRoom = new RecentByRoom();
  #watch: ReturnType<typeof setInterval> | undefined;

  /** `log` hears of trouble no write reports: the file removed while the server runs. */
  constructor(path: string, log: (line: string) => void = () => {}) {
    this.#db = openDatabase(path);
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
    // sender), and the privates they sent or received while in that room. A private's
    // sender and target columns hold "identity room" keys (see `partyKey`); rows from
    // before identities hold a nickname there, which no key matches: no one inherits them.
    const visible = "(room = $room OR (room IS NULL AND (sender IS NULL OR sender = $party OR target = $party)))";
    this.#recent = this.#db.prepare(
      `SELECT json FROM events WHERE id < $before AND conversation = 1 AND ${visible} ORDER BY id DESC LIMIT $limit`,
    );
    // A newcomer's view is what everyone in the room sees (shared, see RecentByRoom) plus
    // their own privates, which most have none of: two partial indexes find those at once.
    this.#db.run("CREATE INDEX IF NOT EXISTS events_sender ON events (sender) WHERE sender IS NOT NULL");
    this.#db.run("CREATE INDEX IF NOT EXISTS events_target ON events (target) WHERE target IS NOT NULL");
    this.#recentInRoom = this.#db.prepare(
      "SELECT json FROM events WHERE conversation = 1 AND (room = $room OR (room IS NULL AND sender IS NULL)) ORDER BY id DESC LIMIT $limit",
    );
    this.#recentPrivates = this.#db.prepare(
      "SELECT json FROM events WHERE sender = $party OR target = $party ORDER BY id DESC LIMIT $limit",
    );
    // A resume wants the few events after an id: a walk of the primary key from there,
    // which the planner would otherwise trade for the room index and scan the whole room.
    this.#since = this.#db.prepare(
      `SELECT json FROM events NOT INDEXED WHERE id > $after AND ${visible} ORDER BY id ASC LIMIT $limit`,
    );
    if (path !== ":memory:") this.#watchForRemoval(path, log);
  }

  append(event: RecordedEvent): void {
    const isPrivate = event.kind === "private";
    this.#insert.run({
      id: event.id,
      conversation: isConversation(event) ? 1 : 0,
      room: "room" in event ? event.room : null,
      sender: isPrivate ? partyKey(event.sender) : null,
      target: isPrivate ? partyKey(event.recipient) : null,
      json: JSON.stringify(event),
    });
    this.#recentByRoom.recorded(event);
  }

  lastId(): number {
    const row = this.#db.query<{ id: number | null }, []>("SELECT max(id) AS id FROM events").get();
    return row?.id ?? 0;
  }

  recent(viewer: Viewer, limit: number, beforeId?: number): readonly RecordedEvent[] {
    if (beforeId !== undefined) return parsed(this.#recent.all({ room: viewer.room, party: partyKey(viewer), before: beforeId, limit }));
    const everyone = this.#recentByRoom.get(viewer.room, limit, () => parsed(this.#recentInRoom.all({ room: viewer.room, limit })));
    const privates = this.#recentPrivates.all({ party: partyKey(viewer), limit });
    return privates.length === 0 ? everyone : newestOf(everyone, parsed(privates), limit);
  }

  since(viewer: Viewer, afterId: number, limit: number): RecordedEvent[] | undefined {
    // One more than asked for tells "exactly `limit`" from "more than that".
    const rows = this.#since.all({ room: viewer.room, party: partyKey(viewer), after: afterId, limit: limit + 1 });
    if (rows.length > limit) return undefined;
    return rows.map((row) => JSON.parse(row.json) as RecordedEvent);
  }

  close(): void {
    clearInterval(this.#watch);
    this.#db.close();
  }

  /**
   * An open file that is deleted (or its folder) keeps taking writes without an error,
   * and everything is gone at the next start. Nothing reports that, so it is looked for.
   */
  #watchForRemoval(path: string, log: (line: string) => void): void {
    const inode = statSync(path).ino;
    this.#watch = setInterval(() => {
      if (statSync(path, { throwIfNoEntry: false })?.ino === inode) return;
      clearInterval(this.#watch);
      log(`history: ${path} was removed or replaced while running; what is written from now on is lost at the next start`);
    }, REMOVAL_CHECK_MS);
    this.#watch.unref?.();
  }
}

/** Rows read newest first, as events oldest first. */
function parsed(rows: Row[]): RecordedEvent[] {
  return rows.reverse().map((row) => JSON.parse(row.json) as RecordedEvent);
}
