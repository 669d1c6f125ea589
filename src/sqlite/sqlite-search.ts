import type { Database, Statement } from "bun:sqlite";
import type { RecordedEvent, Viewer } from "../chat/events.ts";
import { nickKey } from "../chat/people/nickname.ts";
import { termsOf, type SearchQuery } from "../chat/search/search-query.ts";
import { partyKey } from "../stores/history-store.ts";
import { isSearched, searchedAs, type Searched } from "../stores/searched.ts";
import { partyKeys } from "./party-keys.ts";

/** A row of the events table, as `SqliteHistory` reads it. */
export interface EventRow {
  id: number;
  json: string;
}

/** How many old events are indexed at a time when a history file from before the index is opened. */
const BACKFILL_BATCH = 10_000;

/**
 * Full-text search of what was said, with SQLite's FTS5 beside the events, in the same
 * file and the same write. The index is contentless (the text is in `events` already; it
 * keeps only words), its rowid the event's id, its words read by `unicode61` with accents
 * removed, so `cafe` finds `Café`.
 *
 * Who may read a line is in the index too, so that one walk of it answers: `place` holds
 * a token for the line's room, or one for each party of a private, and `author` one for
 * its sender's nickname (its look-alike key). A search is its words AND the searcher's
 * places (AND the author for `from:`), newest first: FTS5 intersects the lists by
 * skipping, so a common word in rooms the searcher is not in costs next to nothing.
 */
export class SqliteSearch {
  readonly #insert: Statement;
  readonly #find: Statement<EventRow>;

  constructor(private readonly db: Database) {
    const columns = db.query<{ name: string }, []>("PRAGMA table_xinfo(said)").all().map((column) => column.name);
    if (columns.length && !columns.includes("place")) db.run("DROP TABLE said");
    db.run(`CREATE VIRTUAL TABLE IF NOT EXISTS said USING fts5(text, author, place, content='', contentless_delete=1,
      tokenize='unicode61 remove_diacritics 2')`);
    this.#insert = db.prepare("INSERT INTO said (rowid, text, author, place) VALUES ($id, $text, $author, $place)");
    this.#find = db.prepare(`SELECT events.id, events.json FROM said JOIN events ON events.id = said.rowid
      WHERE said MATCH $match AND said.rowid < $before ORDER BY said.rowid DESC LIMIT $limit`);
    this.#backfill();
  }

  /** Indexes what `event` says, if it says something. Runs in `SqliteHistory.append`, with the event's own write. */
  index(event: RecordedEvent): void {
    if (isIndexed(event)) this.#insert.run(indexed(event));
  }

  /** The rows `query` finds for `viewer` (see `HistoryStore.search`). */
  find(viewer: Viewer, query: SearchQuery, limit: number, beforeId = Number.MAX_SAFE_INTEGER): EventRow[] {
    const as = searchedAs(viewer, query);
    if (!as) return [];
    const places = (as.rooms ?? [as.room]).map(roomToken);
    if (query.room === undefined) places.push(...partyKeys(viewer).map(partyToken));
    const terms = [...query.words, ...query.phrases].map((term) => `"${termsOf(term).join(" ")}"`);
    const match = [
      ...terms,
      ...(query.from !== undefined ? [`author : ${authorToken(query.from)}`] : []),
      `place : (${places.join(" OR ")})`,
    ].join(" AND ");
    return this.#find.all({ match, before: beforeId, limit });
  }

  /** Indexes the events of a history file from before the index (or of a version without it), from where the index ends. */
  #backfill(): void {
    const from = this.db.query<{ id: number | null }, []>("SELECT max(rowid) AS id FROM said").get()?.id ?? 0;
    const batch = this.db.query<EventRow, [number]>(
      `SELECT id, json FROM events WHERE id > ? AND json_extract(json, '$.kind') IN ('message', 'action', 'private') ORDER BY id LIMIT ${BACKFILL_BATCH}`,
    );
    const write = this.db.transaction((rows: EventRow[]) => {
      for (const row of rows) this.index(JSON.parse(row.json) as RecordedEvent);
    });
    for (let after = from, rows = batch.all(after); rows.length > 0; after = rows.at(-1)!.id, rows = batch.all(after)) write(rows);
  }
}

/** One token an index column holds for a name: its UTF-8 in hex, so no name is cut into words or read as an operator. */
const token = (kind: string, name: string) => kind + Buffer.from(name, "utf8").toString("hex");
const roomToken = (room: string) => token("r", room);
const partyToken = (party: string) => token("p", party);
const authorToken = (nick: string) => token("a", nickKey(nick));

/**
 * Whether an event goes into the index: what was said, but for a private stored before
 * privates had parties (filed by nickname then), which no one may read now.
 */
function isIndexed(event: RecordedEvent): event is Searched {
  return isSearched(event) && (event.kind !== "private" || (event.sender !== undefined && event.recipient !== undefined));
}

/** An event's row in the index: its words, its author, and the places it may be read from. */
function indexed(event: Searched): { id: number; text: string; author: string; place: string } {
  const place = event.kind === "private" ? `${partyToken(partyKey(event.sender))} ${partyToken(partyKey(event.recipient))}` : roomToken(event.room);
  return { id: event.id, text: event.text, author: authorToken(event.from), place };
}
