import { Database } from "bun:sqlite";
import { describe, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RecordedEvent, Viewer } from "../../src/chat/events.ts";
import { matchedRanges, parseSearch } from "../../src/chat/search/search-query.ts";
import { SqliteHistory } from "../../src/sqlite/sqlite-history.ts";
import type { HistoryStore } from "../../src/stores/history-store.ts";
import { MemoryHistory } from "../../src/stores/memory-history.ts";

const ids = (events: readonly RecordedEvent[]) => events.map((event) => event.id);
const query = (text: string) => {
  const parsed = parseSearch(text);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value;
};
const privateLine = (id: number, from: string, to: string, text: string): RecordedEvent => ({
  kind: "private", id, at: id, from, to, text, sender: { id: `id-${from}` }, recipient: { id: `id-${to}` },
});

/** Lines in #dev and #ops, and privates between ann and bob, and between carl and dan. */
function filled(store: HistoryStore): HistoryStore {
  store.append({ kind: "message", id: 1, at: 1, room: "#dev", from: "ann", text: "Café crème at noon?" });
  store.append({ kind: "join", id: 2, at: 2, room: "#dev", nick: "cafe", transport: "web" });
  store.append({ kind: "message", id: 3, at: 3, room: "#dev", from: "bob", text: "the cafe is open, don't worry" });
  store.append({ kind: "message", id: 4, at: 4, room: "#ops", from: "carl", text: "cafe plans in ops" });
  store.append(privateLine(5, "ann", "bob", "our cafe secret"));
  store.append(privateLine(6, "carl", "dan", "their cafe secret"));
  store.append({ kind: "action", id: 7, at: 7, room: "#dev", from: "ann", text: "waves at the CAFÉ" });
  return store;
}

const bob: Viewer = { id: "id-bob", room: "#dev", rooms: ["#dev"] };

for (const [name, make] of [
  ["memory", () => new MemoryHistory()],
  ["sqlite", () => new SqliteHistory(":memory:")],
] as const) {
  describe(`searching the ${name} history`, () => {
    test("finds words whatever their case and accents, newest first, in the searcher's rooms and privates only", () => {
      const store = filled(make());
      expect(ids(store.search(bob, query("cafe"), 10))).toEqual([7, 5, 3, 1]);
      expect(ids(store.search(bob, query("CRÈME"), 10))).toEqual([1]);
      expect(ids(store.search(bob, query("creme cafe"), 10))).toEqual([1]);
      // dan's conversation with carl, and #ops, which bob is not in, are never found.
      expect(ids(store.search(bob, query("secret"), 10))).toEqual([5]);
      expect(ids(store.search({ id: "id-eve", room: "#dev", rooms: ["#dev"] }, query("secret"), 10))).toEqual([]);
    });

    test('phrases, from:, in: and pages', () => {
      const store = filled(make());
      expect(ids(store.search(bob, query('"cafe is open"'), 10))).toEqual([3]);
      expect(ids(store.search(bob, query('"open is cafe"'), 10))).toEqual([]);
      expect(ids(store.search(bob, query("cafe from:ANN"), 10))).toEqual([7, 5, 1]);
      expect(ids(store.search(bob, query("cafe in:#dev"), 10))).toEqual([7, 3, 1]);
      expect(ids(store.search(bob, query("cafe in:#ops"), 10))).toEqual([]);
      expect(ids(store.search(bob, query("cafe"), 2))).toEqual([7, 5]);
      expect(ids(store.search(bob, query("cafe"), 2, 5))).toEqual([3, 1]);
      // What a user types is words, never an FTS5 operator.
      expect(ids(store.search(bob, query('cafe OR NEAR( "* secret'), 10))).toEqual([]);
      expect(ids(store.search(bob, query("don't"), 10))).toEqual([3]);
    });
  });
}

test("a history file from before the index is indexed when opened", () => {
  const path = join(mkdtempSync(join(tmpdir(), "switchboard-search-")), "history.sqlite");
  filled(new SqliteHistory(path)).close();
  const raw = new Database(path);
  raw.run("DROP TABLE said");
  raw.close();
  const reopened = new SqliteHistory(path);
  expect(ids(reopened.search(bob, query("cafe"), 10))).toEqual([7, 5, 3, 1]);
  reopened.append({ kind: "message", id: 8, at: 8, room: "#dev", from: "ann", text: "cafe again" });
  expect(ids(reopened.search(bob, query("cafe"), 1))).toEqual([8]);
  reopened.close();
});

test("a search needs words: from: and in: only narrow one", () => {
  expect(parseSearch("from:ann").ok).toBe(false);
  expect(parseSearch("in:#dev").ok).toBe(false);
  expect(parseSearch("in:bad!room x").ok).toBe(false);
  expect(parseSearch('one "two three" from:bob in:#dev')).toEqual({
    ok: true,
    value: { words: ["one"], phrases: ["two three"], from: "bob", room: "#dev" },
  });
});

test("the words a search matched are found in the text as written, accents and case kept", () => {
  const text = "Café crème: the CAFE is open, cafeteria not";
  const marked = (q: string) => matchedRanges(text, query(q)).map(([start, end]) => text.slice(start, end));
  expect(marked("cafe")).toEqual(["Café", "CAFE"]);
  expect(marked('"the cafe is" creme')).toEqual(["crème", "the CAFE is"]);
  expect(marked("open nothing")).toEqual(["open"]);
});
