import type { Database, Statement } from "bun:sqlite";
import type { RecordedEvent, Viewer } from "../chat/events.ts";
import { termsOf, type SearchQuery } from "../chat/search/search-query.ts";
import { isSearched, searchedAs } from "../stores/searched.ts";
import { identityKeys } from "./party-keys.ts";

/** A row of the events table, as `SqliteHistory` reads it. */
export interface EventRow {
  id: number;
  json: string;
}

/**
 * Full-text search of what was said, with SQLite's FTS5 beside the events, in the same
 * file and the same write: a contentless index (the text is in `events` already; the
 * index keeps only its words), rowid the event's id, words read by `unicode61` with
 * accents removed, so `cafe` finds `Café`. Found rows are read back from `events`, newest
 * first, and kept only where the searcher may read them.
 */
export class SqliteSearch {
  readonly #insert: Statement;
  readonly #find: Statement<EventRow>;

  constructor(private readonly db: Database) {
    db.run(`CREATE VIRTUAL TABLE IF NOT EXISTS said USING fts5(text, content='', contentless_delete=1,
      tokenize='unicode61 remove_diacritics 2')`);
    // A history from before the index (or written by a version without it) is indexed once, from where the index ends.
    db.run(`INSERT INTO said (rowid, text) SELECT id, json_extract(json, '$.text') FROM events
      WHERE id > coalesce((SELECT max(rowid) FROM said), 0) AND json_extract(json, '$.kind') IN ('message', 'action', 'private')`);
    this.#insert = db.prepare("INSERT INTO said (rowid, text) VALUES ($id, $text)");
    // Newest first through the index, each match kept where the searcher may read it: a
    // room of theirs, or a private of theirs (sender and target hold the parties' keys).
    this.#find = db.prepare(`SELECT events.id, events.json FROM said JOIN events ON events.id = said.rowid
      WHERE said MATCH $match AND said.rowid < $before
        AND (events.room IN (SELECT value FROM json_each($rooms))
          OR ($privates AND (events.sender IN ($id, $party) OR events.target IN ($id, $party))))
        AND ($from IS NULL OR json_extract(events.json, '$.from') = $from COLLATE NOCASE)
      ORDER BY said.rowid DESC LIMIT $limit`);
  }

  /** Indexes what `event` says, if it says something. Runs in `SqliteHistory.append`, with the event's own write. */
  index(event: RecordedEvent): void {
    if (isSearched(event)) this.#insert.run({ id: event.id, text: event.text });
  }

  /** The rows `query` finds for `viewer` (see `HistoryStore.search`). */
  find(viewer: Viewer, query: SearchQuery, limit: number, beforeId = Number.MAX_SAFE_INTEGER): EventRow[] {
    const as = searchedAs(viewer, query);
    const match = matchExpression(query);
    if (!as || !match) return [];
    return this.#find.all({
      match,
      before: beforeId,
      rooms: JSON.stringify(as.rooms ?? [as.room]),
      privates: query.room === undefined ? 1 : 0,
      ...identityKeys(viewer),
      from: query.from ?? null,
      limit,
    });
  }
}

/** The FTS5 query: each word and phrase quoted (so nothing a user types is an operator), all of them required. */
function matchExpression(query: SearchQuery): string | undefined {
  const quoted = [...query.words, ...query.phrases].map((term) => `"${termsOf(term).join(" ").replaceAll('"', '""')}"`);
  return quoted.length ? quoted.join(" AND ") : undefined;
}
