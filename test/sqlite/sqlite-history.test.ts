import { Database } from "bun:sqlite";
import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { PrivateEvent, RecordedEvent } from "../../src/chat/events.ts";
import { SqliteHistory } from "../../src/sqlite/sqlite-history.ts";
import type { HistoryStore } from "../../src/stores/history-store.ts";
import { MAX_KEPT_TOPICS } from "../../src/stores/room-topics.ts";
import { MemoryHistory } from "../../src/stores/memory-history.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempPath(): string {
  const dir = mkdtempSync(join(tmpdir(), "switchboard-history-"));
  dirs.push(dir);
  return join(dir, "nested", "history.sqlite");
}

const alice = { id: "id-alice", room: "#lobby" };
const bob = { id: "id-bob", room: "#dev" };
const carol = { id: "id-carol", room: "#lobby" };
const ids = (list: readonly RecordedEvent[] | undefined) => list?.map((e) => e.id);

const events: RecordedEvent[] = [
  { kind: "join", id: 1, at: 1, room: "#lobby", nick: "alice", transport: "telnet" },
  { kind: "message", id: 2, at: 2, room: "#lobby", from: "alice", text: "hello" },
  { kind: "message", id: 3, at: 3, room: "#dev", from: "bob", text: "elsewhere" },
  // Alice to Bob: in no room, in their conversation alone (the rooms are as stored before conversations).
  {
    kind: "private",
    id: 4,
    at: 4,
    from: "Alice",
    to: "Bob",
    text: "psst",
    sender: { id: "id-alice", room: "#lobby" },
    recipient: { id: "id-bob", room: "#dev" },
  },
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
    test("recent is the newest visible conversation, oldest first, without joins and leaves", () => {
      const store = filled();
      expect(ids(store.recent(carol, 10))).toEqual([2, 5, 6]);
      expect(ids(store.recent(carol, 2))).toEqual([5, 6]);
      expect(ids(store.recent(alice, 10))).toEqual([2, 5, 6]);
      expect(ids(store.recent(bob, 10))).toEqual([3, 5]);
    });

    test("a private is in no room's history, but in its two people's resumes, not in their nicknames'", () => {
      const store = filled();
      expect(ids(store.recent({ ...alice, room: "#dev" }, 10))).toEqual([3, 5]);
      expect(ids(store.recent({ ...bob, room: "#lobby" }, 10))).toEqual([2, 5, 6]);
      expect(ids(store.since({ ...bob, room: "#lobby" }, 0, 100))).toEqual([1, 2, 4, 5, 6]);
      expect(ids(store.since(bob, 0, 100))).toEqual([3, 4, 5]);
      // Someone else who later took the name "Bob" is someone else.
      expect(ids(store.recent({ id: "id-new-bob", room: "#dev" }, 10))).toEqual([3, 5]);
      expect(ids(store.since({ id: "id-new-bob", room: "#dev" }, 0, 100))).toEqual([3, 5]);
    });

    test("a notice said to some rooms is in their history and resumes only, and one stored without rooms in every room's", () => {
      const store = filled();
      store.append({ kind: "notice", id: 7, at: 7, text: "to the rooms there were", rooms: ["#lobby"] });
      expect(ids(store.recent(carol, 10))).toEqual([2, 5, 6, 7]);
      expect(ids(store.recent({ id: "id-dora", room: "#dev" }, 10))).toEqual([3, 5]);
      expect(ids(store.recent({ id: "id-dora", room: "#dev" }, 10, 8))).toEqual([3, 5]);
      expect(ids(store.recent(carol, 10, 8))).toEqual([2, 5, 6, 7]);
      expect(ids(store.since({ id: "id-dora", room: "#dev" }, 4, 10))).toEqual([5]);
      expect(ids(store.since(carol, 4, 10))).toEqual([5, 6, 7]);
    });

    test("recent pages backwards from an id", () => {
      expect(ids(filled().recent(carol, 10, 5))).toEqual([2]);
    });

    test("since is everything visible after an id, joins and leaves too", () => {
      const store = filled();
      expect(ids(store.since(alice, 0, 100))).toEqual([1, 2, 4, 5, 6]);
      expect(ids(store.since(alice, 2, 100))).toEqual([4, 5, 6]);
      expect(ids(store.since(alice, 6, 100))).toEqual([]);
    });

    test("since says so, rather than leave a gap, when more than the limit was missed", () => {
      const store = filled();
      expect(ids(store.since(alice, 0, 5))).toEqual([1, 2, 4, 5, 6]);
      expect(store.since(alice, 0, 4)).toBeUndefined();
      expect(ids(store.since(alice, 1, 4))).toEqual([2, 4, 5, 6]);
    });

    test("lastId is the newest id, 0 when empty", () => {
      expect(make().lastId()).toBe(0);
      expect(filled().lastId()).toBe(6);
    });

    test("events come back exactly as they went in", () => {
      expect(filled().recent(alice, 10)).toEqual(events.filter((e) => [2, 5, 6].includes(e.id)));
      expect(filled().conversation({ id: "id-bob" }, { id: "id-alice" }, 10)).toEqual([events[3] as PrivateEvent]);
    });

    test("since skips a big room's quiet comings and goings, and does not count them", () => {
      const store = filled();
      for (let id = 7; id < 17; id++) store.append({ kind: "join", id, at: id, room: "#lobby", nick: `n${id}`, transport: "web", quiet: true });
      store.append({ kind: "crowd", id: 17, at: 17, room: "#lobby", joined: ["n7"], joinedCount: 10, left: [], leftCount: 0 });
      expect(ids(store.since(alice, 6, 1))).toEqual([17]);
    });

    test("newcomers to a room share one reading until the room says something new", () => {
      const store = filled();
      const dave = { id: "id-dave", room: "#lobby" };
      const first = store.recent(carol, 10);
      expect(store.recent(dave, 10)).toBe(first);
      // Another room's line, a join, or someone else's private changes nothing here.
      store.append({ kind: "message", id: 7, at: 7, room: "#dev", from: "bob", text: "still elsewhere" });
      store.append({ kind: "join", id: 8, at: 8, room: "#lobby", nick: "dave", transport: "web" });
      expect(store.recent(dave, 10)).toBe(first);
      store.append({ kind: "message", id: 9, at: 9, room: "#lobby", from: "carol", text: "hi dave" });
      expect(ids(store.recent(dave, 10))).toEqual([2, 5, 6, 9]);
      // A notice goes to every room.
      store.append({ kind: "notice", id: 10, at: 10, text: "restart soon" });
      expect(ids(store.recent(dave, 10))).toEqual([2, 5, 6, 9, 10]);
      expect(ids(store.recent(bob, 10))).toEqual([3, 5, 7, 10]);
      // A private is in no room's reading: everyone there still shares it.
      const shared = store.recent(dave, 10);
      store.append({ kind: "private", id: 11, at: 11, from: "carol", to: "dave", text: "psst", sender: carol, recipient: dave });
      expect(store.recent(dave, 10)).toBe(shared);
      expect(store.recent(carol, 10)).toBe(shared);
      expect(ids(store.recent(alice, 10))).toEqual([2, 5, 6, 9, 10]);
      expect(ids(store.recent({ ...dave, room: "#dev" }, 10))).toEqual([3, 5, 7, 10]);
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
  expect(second.recent(carol, 1)[0]).toEqual(events[5]!);
});

test("a file from before quiet events were marked opens, and its events resume as before", () => {
  const path = tempPath();
  new SqliteHistory(path).close();
  const db = new Database(path);
  db.run("DROP TABLE events");
  db.run("CREATE TABLE events (id INTEGER PRIMARY KEY, conversation INTEGER NOT NULL, room TEXT, sender TEXT, target TEXT, json TEXT NOT NULL)");
  db.run("INSERT INTO events (id, conversation, room, json) VALUES (1, 1, '#lobby', ?)", [JSON.stringify(events[1])]);
  db.close();
  const store = new SqliteHistory(path);
  expect(ids(store.since(carol, 0, 10))).toEqual([2]);
  store.append(events[5]!);
  expect(ids(store.recent(carol, 10))).toEqual([2, 6]);
  store.close();
});

test("a private stored before identities (by nickname) is seen by no one who later takes the name", () => {
  const path = tempPath();
  new SqliteHistory(path).close();
  const db = new Database(path);
  const legacy = { kind: "private", id: 1, at: 1, from: "dave", to: "erin", text: "old secret" };
  db.run("INSERT INTO events (id, conversation, room, sender, target, json) VALUES (1, 1, NULL, 'dave', 'erin', ?)", [
    JSON.stringify(legacy),
  ]);
  db.close();
  const store = new SqliteHistory(path);
  // Identities are UUIDs: no one's is a nickname.
  for (const id of [crypto.randomUUID(), crypto.randomUUID()]) {
    expect(store.recent({ id, room: "#lobby" }, 10)).toEqual([]);
    expect(store.since({ id, room: "#lobby" }, 0, 10)).toEqual([]);
    expect(store.conversations({ id }, 10)).toEqual([]);
  }
  store.close();
});

test("the memory history says a resume is too far back once the events after it fell off", () => {
  const store = new MemoryHistory(3);
  for (const event of events) store.append(event);
  expect(ids(store.since(carol, 3, 100))).toEqual([5, 6]);
  expect(store.since(carol, 2, 100)).toBeUndefined();
});

test("the memory history forgets a private that fell off, in its conversation too", () => {
  const store = new MemoryHistory(3);
  const dave = { id: "id-dave", room: "#lobby" };
  store.append({ kind: "private", id: 1, at: 1, from: "carol", to: "dave", text: "psst", sender: carol, recipient: dave });
  store.append({ kind: "message", id: 2, at: 2, room: "#lobby", from: "carol", text: "hi" });
  expect(ids(store.conversation(carol, dave, 10))).toEqual([1]);
  store.append({ kind: "message", id: 3, at: 3, room: "#lobby", from: "carol", text: "and" });
  store.append({ kind: "message", id: 4, at: 4, room: "#lobby", from: "carol", text: "bye" });
  expect(ids(store.conversation(carol, dave, 10))).toEqual([]);
  expect(store.conversations(dave, 10)).toEqual([]);
  expect(ids(store.recent(dave, 10))).toEqual([2, 3, 4]);
  expect(store.recent(dave, 10)).toBe(store.recent(carol, 10));
});

test("the topics of the 500 rooms set last are kept, in memory and in the file; older ones and cleared ones go", () => {
  const path = tempPath();
  const first = new SqliteHistory(path);
  for (let i = 1; i <= MAX_KEPT_TOPICS + 20; i++)
    first.append({ kind: "topic", id: i, at: i, room: `#r${i}`, topic: `topic ${i}`, by: "alice" });
  first.append({ kind: "topic", id: 1000, at: 1000, room: "#r100", topic: "", by: "alice" });
  const rooms = (store: SqliteHistory) => store.topics().map((topic) => topic.room);
  expect(rooms(first)).toHaveLength(MAX_KEPT_TOPICS - 1);
  expect(rooms(first)).not.toContain("#r20");
  expect(rooms(first)).toContain("#r21");
  expect(rooms(first)).not.toContain("#r100");
  first.close();
  const db = new Database(path);
  expect(db.query<{ n: number }, []>("SELECT count(*) AS n FROM topics").get()!.n).toBe(MAX_KEPT_TOPICS - 1);
  db.close();
  const second = new SqliteHistory(path);
  expect(rooms(second).sort()).toEqual(rooms(first).sort());
  second.close();
});
