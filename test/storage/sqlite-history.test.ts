import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RecordedEvent } from "../../src/chat/events.ts";
import { MemoryHistory, type HistoryStore } from "../../src/chat/history.ts";
import { SqliteHistory } from "../../src/storage/sqlite-history.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempPath(): string {
  const dir = mkdtempSync(join(tmpdir(), "switchboard-history-"));
  dirs.push(dir);
  return join(dir, "nested", "history.sqlite");
}

const events: RecordedEvent[] = [
  { kind: "join", id: 1, at: 1, room: "#lobby", nick: "alice", transport: "telnet" },
  { kind: "message", id: 2, at: 2, room: "#lobby", from: "alice", text: "hello" },
  { kind: "message", id: 3, at: 3, room: "#dev", from: "bob", text: "elsewhere" },
  { kind: "private", id: 4, at: 4, from: "Alice", to: "Bob", text: "psst" },
  { kind: "notice", id: 5, at: 5, text: "maintenance" },
  { kind: "action", id: 6, at: 6, room: "#lobby", from: "alice", text: "waves" },
];

// Both stores must answer the same questions the same way.
for (const [name, make] of [
  ["memory", () => new MemoryHistory()],
  ["sqlite", () => new SqliteHistory(tempPath())],
] as const) {
  describe(`${name} history`, () => {
    function filled(): HistoryStore {
      const store: HistoryStore = make();
      for (const event of events) store.append(event);
      return store;
    }
    const ids = (list: RecordedEvent[]) => list.map((e) => e.id);

    test("recent is the newest visible conversation, oldest first, without joins and leaves", () => {
      const store = filled();
      expect(ids(store.recent("#lobby", "carol", 10))).toEqual([2, 5, 6]);
      expect(ids(store.recent("#lobby", "carol", 2))).toEqual([5, 6]);
      expect(ids(store.recent("#lobby", "BOB", 10))).toEqual([2, 4, 5, 6]);
      expect(ids(store.recent("#dev", "bob", 10))).toEqual([3, 4, 5]);
    });

    test("recent pages backwards from an id", () => {
      expect(ids(filled().recent("#lobby", "carol", 10, 5))).toEqual([2]);
    });

    test("since is everything visible after an id, joins and leaves too", () => {
      const store = filled();
      expect(ids(store.since("#lobby", "alice", 0))).toEqual([1, 2, 4, 5, 6]);
      expect(ids(store.since("#lobby", "alice", 2))).toEqual([4, 5, 6]);
      expect(ids(store.since("#lobby", "alice", 6))).toEqual([]);
    });

    test("lastId is the newest id, 0 when empty", () => {
      expect(make().lastId()).toBe(0);
      expect(filled().lastId()).toBe(6);
    });

    test("events come back exactly as they went in", () => {
      expect(filled().recent("#lobby", "bob", 10)).toEqual(events.filter((e) => [2, 4, 5, 6].includes(e.id)));
    });
  });
}

test("sqlite history survives reopening the file", () => {
  const path = tempPath();
  const first = new SqliteHistory(path);
  for (const event of events) first.append(event);
  first.close();
  const second = new SqliteHistory(path);
  expect(second.lastId()).toBe(6);
  expect(second.recent("#lobby", "x", 1)[0]).toEqual(events[5]!);
});
