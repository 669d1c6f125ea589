import type { Database, Statement } from "bun:sqlite";
import { systemClock, type Clock, type Timer } from "../chat/clock.ts";
import { isConversation, isQuiet, type Identities, type PrivateEvent, type RecordedEvent, type TopicEvent, type Viewer } from "../chat/events.ts";
import { partyKey, summaryFor, type ConversationSummary, type HistoryStore } from "../stores/history-store.ts";
import { RecentByRoom } from "../stores/recent-by-room.ts";
import { RoomTopics } from "../stores/room-topics.ts";
import type { SearchQuery } from "../chat/search/search-query.ts";
import { openDatabase } from "./database.ts";
import { identityKeys, partyKeys } from "./party-keys.ts";
import { SqliteSearch, type EventRow } from "./sqlite-search.ts";
import { watchForRemoval } from "./removal-watch.ts";

type Row = EventRow;

/** How many events read lately are kept as objects, to be handed out again rather than parsed again. */
const PARSED_KEPT = 5000;

/**
 * A notice row (room and sender NULL) belongs to the rooms it names (`NoticeEvent.rooms`:
 * those there were when it was said), or to every room if it names none, as one stored
 * before they were kept. `rooms` is the SQL of the rooms asked about (a JSON array's
 * `json_each`). Only notice rows get this far, and they are few: looking into their JSON
 * costs next to nothing. (`events.json`, not `json`: inside json_each that names its own column.)
 */
const noticeIn = (rooms: string) =>
  `(json_type(json, '$.rooms') IS NULL OR EXISTS (SELECT 1 FROM json_each(events.json, '$.rooms') WHERE value IN (${rooms})))`;
const NOTICE_IN_ROOM = noticeIn("$room");
const ROOMS = "SELECT value FROM json_each($rooms)";

/**
 * History in an SQLite file, so it survives restarts (and `kill -9`: each event is
 * committed to the WAL before it is broadcast). `:memory:` keeps nothing.
 */
export class SqliteHistory implements HistoryStore {
  readonly #db: Database;
  readonly #insert: Statement;
  readonly #recentInRoom: Statement<Row>;
  readonly #since: Statement<Row>;
  readonly #conversation: Statement<Row>;
  readonly #conversations: Statement<Row>;
  readonly #recentByRoom = new RecentByRoom();
  /** Events read lately, by id, oldest first (see `#events`). */
  readonly #parsed = new Map<number, RecordedEvent>();
  readonly #topics = new RoomTopics((room) => this.#forgetTopic?.run({ room }));
  /** Each room's topic, beside the events: finding it among millions of events would cost a scan at every start. */
  readonly #saveTopic: Statement;
  #forgetTopic: Statement | undefined;
  readonly #search: SqliteSearch;
  #watch: Timer | undefined;

  /** `log` hears of trouble no write reports: the file removed while the server runs. */
  constructor(path: string, log: (line: string) => void = () => {}, clock: Clock = systemClock) {
    this.#db = openDatabase(path);
    this.#db.run(`CREATE TABLE IF NOT EXISTS events (
      id INTEGER PRIMARY KEY,
      conversation INTEGER NOT NULL,
      room TEXT,
      sender TEXT,
      target TEXT,
      json TEXT NOT NULL
    )`);
    // A join or leave in a big room is told in the next crowd line, not on its own: a
    // resume skips it without counting it against its limit. (Added after the table was.)
    if (!this.#db.query<{ name: string }, []>("PRAGMA table_info(events)").all().some((column) => column.name === "quiet"))
      this.#db.run("ALTER TABLE events ADD COLUMN quiet INTEGER NOT NULL DEFAULT 0");
    // recent() asks for a room's conversation only; joins and leaves far outnumber it.
    this.#db.run("CREATE INDEX IF NOT EXISTS events_room_conversation ON events (room, conversation, id)");
    this.#insert = this.#db.prepare(
      "INSERT INTO events (id, conversation, quiet, room, sender, target, json) VALUES ($id, $conversation, $quiet, $room, $sender, $target, $json)",
    );
    // A room's history is what everyone in the room sees (shared, see RecentByRoom): its
    // lines and the notices, each the end of an index walk, stopped at the limit. No
    // privates: they belong to no room (see `conversation`).
    this.#recentInRoom = this.#db.prepare(`SELECT id, json FROM (
        SELECT * FROM (SELECT id, json FROM events WHERE room = $room AND conversation = 1 AND id < $before ORDER BY id DESC LIMIT $limit)
        UNION ALL
        SELECT * FROM (SELECT id, json FROM events WHERE room IS NULL AND conversation = 1 AND sender IS NULL AND id < $before
          AND ${NOTICE_IN_ROOM} ORDER BY id DESC LIMIT $limit)
      ) ORDER BY id DESC LIMIT $limit`);
    // A private's sender and target columns hold its parties' identities (`partyKey`).
    // Rows from before conversations hold "identity room" there, and rows from before
    // identities a nickname: no key matches either, so no one inherits them.
    // Each of these (rowid, which is `id`, included) walks one party's privates from an id
    // (a resume), and the pair's the privates between two (a conversation's page).
    this.#db.run("CREATE INDEX IF NOT EXISTS events_sender ON events (sender) WHERE sender IS NOT NULL");
    this.#db.run("CREATE INDEX IF NOT EXISTS events_target ON events (target) WHERE target IS NOT NULL");
    this.#db.run("CREATE INDEX IF NOT EXISTS events_pair ON events (sender, target, id) WHERE sender IS NOT NULL");
    // A resume wants the few events after an id that it will show: those of the member's
    // rooms (but for quiet ones: a storm of arrivals leaves thousands), the notices, and
    // its privates. Each is an index walk from the id, stopped at the limit.
    this.#db.run("CREATE INDEX IF NOT EXISTS events_room_shown ON events (room, quiet, id)");
    this.#since = this.#db.prepare(`SELECT id, json FROM (
        SELECT * FROM (SELECT id, json FROM events WHERE room IN (${ROOMS}) AND quiet = 0 AND id > $after ORDER BY id LIMIT $limit)
        UNION ALL
        SELECT * FROM (SELECT id, json FROM events WHERE room IS NULL AND sender IS NULL AND quiet = 0 AND id > $after
          AND ${noticeIn(ROOMS)} ORDER BY id LIMIT $limit)
        UNION ALL
        SELECT * FROM (SELECT id, json FROM events WHERE sender = $id AND id > $after ORDER BY id LIMIT $limit)
        UNION ALL
        SELECT * FROM (SELECT id, json FROM events WHERE sender = $party AND id > $after ORDER BY id LIMIT $limit)
        UNION ALL
        SELECT * FROM (SELECT id, json FROM events WHERE target = $id AND sender NOT IN ($id, $party) AND id > $after ORDER BY id LIMIT $limit)
        UNION ALL
        SELECT * FROM (SELECT id, json FROM events WHERE target = $party AND sender NOT IN ($id, $party) AND id > $after ORDER BY id LIMIT $limit)
      ) ORDER BY id LIMIT $limit`);
    this.#conversation = this.#db.prepare(`SELECT id, json FROM (
        SELECT * FROM (SELECT id, json FROM events WHERE sender = $a AND target = $b AND id < $before ORDER BY id DESC LIMIT $limit)
        UNION
        SELECT * FROM (SELECT id, json FROM events WHERE sender = $b AND target = $a AND id < $before ORDER BY id DESC LIMIT $limit)
      ) ORDER BY id DESC LIMIT $limit`);
    // The newest private with each other party (SQLite gives a bare column of max()'s row).
    this.#conversations = this.#db.prepare(`SELECT max(id) AS id, json FROM (
        SELECT target AS other, max(id) AS id, json FROM events WHERE sender IN ($id, $party) GROUP BY target
        UNION ALL
        SELECT sender AS other, max(id) AS id, json FROM events WHERE target IN ($id, $party) GROUP BY sender
      ) GROUP BY other ORDER BY id DESC LIMIT $limit`);
    this.#db.run("CREATE TABLE IF NOT EXISTS topics (room TEXT PRIMARY KEY, json TEXT NOT NULL)");
    this.#saveTopic = this.#db.prepare("INSERT INTO topics (room, json) VALUES ($room, $json) ON CONFLICT (room) DO UPDATE SET json = $json");
    this.#forgetTopic = this.#db.prepare("DELETE FROM topics WHERE room = $room");
    const kept = this.#db.query<{ json: string }, []>("SELECT json FROM topics").all().map((row) => JSON.parse(row.json) as TopicEvent);
    // Oldest first, so that the newest are those kept (see `MAX_KEPT_TOPICS`).
    for (const topic of kept.sort((a, b) => a.id - b.id)) this.#topics.recorded(topic);
    this.#search = new SqliteSearch(this.#db);
    if (path !== ":memory:") this.#watch = watchForRemoval(path, log, clock);
  }

  append(event: RecordedEvent): void {
    const parties = event.kind === "private" ? [partyKey(event.sender), partyKey(event.recipient)] : undefined;
    this.#insert.run({
      id: event.id,
      conversation: isConversation(event) ? 1 : 0,
      quiet: isQuiet(event) ? 1 : 0,
      room: "room" in event ? event.room : null,
      sender: parties?.[0] ?? null,
      target: parties?.[1] ?? null,
      json: JSON.stringify(event),
    });
    this.#search.index(event);
    this.#recentByRoom.recorded(event);
    if (this.#topics.recorded(event) && event.topic) this.#saveTopic.run({ room: event.room, json: JSON.stringify(event) });
  }

  topics(): readonly TopicEvent[] {
    return this.#topics.all();
  }

  lastId(): number {
    const row = this.#db.query<{ id: number | null }, []>("SELECT max(id) AS id FROM events").get();
    return row?.id ?? 0;
  }

  recent(viewer: Viewer, limit: number, beforeId?: number): readonly RecordedEvent[] {
    // Newest first from the query.
    const read = (before: number) => this.#events(this.#recentInRoom.all({ room: viewer.room, before, limit })).reverse();
    if (beforeId !== undefined) return read(beforeId);
    return this.#recentByRoom.get(viewer.room, limit, () => read(Number.MAX_SAFE_INTEGER));
  }

  since(viewer: Viewer, afterId: number, limit: number): RecordedEvent[] | undefined {
    const rooms = JSON.stringify(viewer.rooms ?? [viewer.room]);
    // One more than asked for tells "exactly `limit`" from "more than that".
    const rows = this.#since.all({ rooms, ...identityKeys(viewer), after: afterId, limit: limit + 1 });
    if (rows.length > limit) return undefined;
    return this.#events(rows);
  }

  conversation(a: Identities, b: Identities, limit: number, beforeId = Number.MAX_SAFE_INTEGER): readonly PrivateEvent[] {
    // One walk of the pair's index for each pair of identities (four at most), each stopped at the limit.
    const rows = new Map<number, Row>();
    for (const one of partyKeys(a))
      for (const other of partyKeys(b))
        for (const row of this.#conversation.all({ a: one, b: other, before: beforeId, limit })) rows.set(row.id, row);
    const newest = [...rows.values()].sort((x, y) => y.id - x.id).slice(0, limit);
    return this.#events(newest).reverse() as PrivateEvent[];
  }

  conversations(who: Identities, limit: number): ConversationSummary[] {
    const found = new Map<string, ConversationSummary>();
    for (const event of this.#events(this.#conversations.all({ ...identityKeys(who), limit }))) {
      // A note between the member's two identities is listed under each: once is enough.
      const summary = summaryFor(who, event as PrivateEvent);
      if (!found.has(summary.with)) found.set(summary.with, summary);
    }
    return [...found.values()];
  }

  /**
   * The events of `rows`. One read lately is handed out again, not parsed again: a
   * thousand streams resuming after a restart then share its objects, and so each
   * transport's rendering of it.
   */
  #events(rows: Row[]): RecordedEvent[] {
    return rows.map(({ id, json }) => {
      let event = this.#parsed.get(id);
      if (!event) {
        event = JSON.parse(json) as RecordedEvent;
        this.#parsed.set(id, event);
        if (this.#parsed.size > PARSED_KEPT) this.#parsed.delete(this.#parsed.keys().next().value!);
      }
      return event;
    });
  }

  search(viewer: Viewer, query: SearchQuery, limit: number, beforeId?: number): readonly RecordedEvent[] {
    return this.#events(this.#search.find(viewer, query, limit, beforeId));
  }

  close(): void {
    this.#watch?.cancel();
    this.#db.close();
  }
}
