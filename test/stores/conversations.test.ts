import { Database } from "bun:sqlite";
import { describe, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RecordedEvent } from "../../src/chat/events.ts";
import { SqliteHistory } from "../../src/sqlite/sqlite-history.ts";
import type { HistoryStore } from "../../src/stores/history-store.ts";
import { MemoryHistory } from "../../src/stores/memory-history.ts";

const ids = (events: readonly RecordedEvent[] | undefined) => events?.map((event) => event.id);
const said = (id: number, from: [string, string], to: [string, string]): RecordedEvent => ({
  kind: "private",
  id,
  at: id,
  from: from[1],
  to: to[1],
  text: `line ${id}`,
  sender: { id: from[0] },
  recipient: { id: to[0] },
});
const alice: [string, string] = ["id-alice", "alice"];
const bob: [string, string] = ["id-bob", "bob"];
const carol: [string, string] = ["id-carol", "carol"];

/** Two rooms' lines and privates among alice, bob and carol, bob renamed to bobby on the way. */
function filled(store: HistoryStore): HistoryStore {
  store.append({ kind: "message", id: 1, at: 1, room: "#lobby", from: "alice", text: "hi" });
  store.append(said(2, alice, bob));
  store.append({ kind: "message", id: 3, at: 3, room: "#dev", from: "bob", text: "dev" });
  store.append(said(4, bob, alice));
  store.append(said(5, carol, alice));
  store.append({ kind: "message", id: 6, at: 6, room: "#ops", from: "carol", text: "ops" });
  store.append(said(7, ["id-bob", "bobby"], alice));
  store.append(said(8, carol, bob));
  store.append({ kind: "notice", id: 9, at: 9, text: "to #dev", rooms: ["#dev"] });
  return store;
}

for (const [name, make] of [
  ["memory", () => new MemoryHistory()],
  ["sqlite", () => new SqliteHistory(":memory:")],
] as const) {
  describe(`${name} history`, () => {
    test("a room's history holds no privates, its pages neither", () => {
      const store = filled(make());
      expect(ids(store.recent({ id: "id-alice", room: "#lobby" }, 10))).toEqual([1]);
      expect(ids(store.recent({ id: "id-alice", room: "#lobby" }, 10, 8))).toEqual([1]);
      expect(ids(store.recent({ id: "id-bob", room: "#dev" }, 10))).toEqual([3, 9]);
    });

    test("a resume is the public events of every room of the viewer's and its own privates", () => {
      const store = filled(make());
      const rooms = ["#lobby", "#dev"];
      expect(ids(store.since({ id: "id-alice", room: "#lobby", rooms }, 0, 100))).toEqual([1, 2, 3, 4, 5, 7, 9]);
      expect(ids(store.since({ id: "id-alice", room: "#lobby" }, 0, 100))).toEqual([1, 2, 4, 5, 7]);
      expect(ids(store.since({ id: "id-carol", room: "#ops", rooms: ["#ops"] }, 4, 100))).toEqual([5, 6, 8]);
      expect(store.since({ id: "id-alice", room: "#lobby", rooms }, 0, 6)).toBeUndefined();
    });

    test("a conversation is the privates between two identities, oldest first, paged backwards", () => {
      const store = filled(make());
      expect(ids(store.conversation({ id: "id-alice" }, { id: "id-bob" }, 10))).toEqual([2, 4, 7]);
      expect(ids(store.conversation({ id: "id-bob" }, { id: "id-alice" }, 10))).toEqual([2, 4, 7]);
      expect(ids(store.conversation({ id: "id-alice" }, { id: "id-bob" }, 2))).toEqual([4, 7]);
      expect(ids(store.conversation({ id: "id-alice" }, { id: "id-bob" }, 2, 4))).toEqual([2]);
      expect(ids(store.conversation({ id: "id-alice" }, { id: "id-dora" }, 10))).toEqual([]);
    });

    test("conversations are whom one has privates with, newest first, named as last seen", () => {
      const store = filled(make());
      expect(store.conversations({ id: "id-alice" }, 10)).toEqual([
        { with: "id-bob", nick: "bobby", lastId: 7 },
        { with: "id-carol", nick: "carol", lastId: 5 },
      ]);
      expect(store.conversations({ id: "id-alice" }, 1)).toEqual([{ with: "id-bob", nick: "bobby", lastId: 7 }]);
      expect(store.conversations({ id: "id-bob" }, 10)).toEqual([
        { with: "id-carol", nick: "carol", lastId: 8 },
        { with: "id-alice", nick: "alice", lastId: 7 },
      ]);
      expect(store.conversations({ id: "id-dora" }, 10)).toEqual([]);
    });

    test("a member with an account's party has the privates of both its identities, and no one else's", () => {
      const store = filled(make());
      // alice proved an account mid-connection: what follows is filed under its party.
      const account: [string, string] = ["account:alice:1", "alice"];
      store.append(said(10, account, bob));
      store.append(said(11, bob, account));
      store.append(said(12, ["account:dora:1", "dora"], account));
      const both = { id: "id-alice", party: "account:alice:1" };
      expect(ids(store.conversation(both, { id: "id-bob" }, 10))).toEqual([2, 4, 7, 10, 11]);
      expect(ids(store.conversation({ id: "id-bob" }, both, 3))).toEqual([7, 10, 11]);
      expect(ids(store.conversation({ id: "id-bob" }, both, 2, 10))).toEqual([4, 7]);
      // Its next connection has the party alone; whoever else has the id alone, its lines alone.
      expect(ids(store.conversation({ id: "id-next", party: "account:alice:1" }, { id: "id-bob" }, 10))).toEqual([10, 11]);
      expect(ids(store.conversation({ id: "id-alice" }, { id: "id-bob" }, 10))).toEqual([2, 4, 7]);
      expect(ids(store.conversation({ id: "id-other", party: "account:alice:2" }, { id: "id-bob" }, 10))).toEqual([]);
      expect(store.conversations(both, 10)).toEqual([
        { with: "account:dora:1", nick: "dora", lastId: 12 },
        { with: "id-bob", nick: "bob", lastId: 11 },
        { with: "id-carol", nick: "carol", lastId: 5 },
      ]);
      expect(ids(store.since({ ...both, room: "#ops", rooms: ["#ops"] }, 3, 100))).toEqual([4, 5, 6, 7, 10, 11, 12]);
      expect(ids(store.since({ id: "id-next", party: "account:alice:1", room: "#ops", rooms: ["#ops"] }, 3, 100))).toEqual([6, 10, 11, 12]);
      expect(store.since({ ...both, room: "#ops", rooms: ["#ops"] }, 3, 6)).toBeUndefined();
    });

    test("a note between a member's two identities is listed once, and resumed once", () => {
      const store = make();
      store.append(said(1, ["id-alice", "alice"], ["account:alice:1", "alice"]));
      const both = { id: "id-alice", party: "account:alice:1" };
      expect(store.conversations(both, 10)).toEqual([{ with: "account:alice:1", nick: "alice", lastId: 1 }]);
      expect(ids(store.since({ ...both, room: "#lobby" }, 0, 10))).toEqual([1]);
      expect(ids(store.conversation(both, both, 10))).toEqual([1]);
    });
  });
}

test("a private filed under the old 'identity room' keys is in no conversation, no list and no resume", () => {
  const path = join(mkdtempSync(join(tmpdir(), "conversations-")), "chat.db");
  new SqliteHistory(path).close();
  // As a version before conversations wrote it: the parties' columns held "identity room".
  const db = new Database(path);
  const old = { ...said(1, alice, bob), sender: { id: "id-alice", room: "#lobby" }, recipient: { id: "id-bob", room: "#dev" } };
  db.run("INSERT INTO events (id, conversation, room, sender, target, json) VALUES (1, 1, NULL, 'id-alice #lobby', 'id-bob #dev', ?)", [JSON.stringify(old)]);
  db.close();
  const store = new SqliteHistory(path);
  expect(store.conversation({ id: "id-alice" }, { id: "id-bob" }, 10)).toEqual([]);
  expect(store.conversations({ id: "id-alice" }, 10)).toEqual([]);
  expect(store.since({ id: "id-alice", room: "#lobby" }, 0, 10)).toEqual([]);
  expect(store.recent({ id: "id-alice", room: "#lobby" }, 10)).toEqual([]);
  store.close();
});
