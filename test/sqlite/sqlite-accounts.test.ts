import { afterEach, describe, expect, test } from "bun:test";
import { Database } from "bun:sqlite";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SqliteAccounts } from "../../src/sqlite/sqlite-accounts.ts";
import { SqliteBans } from "../../src/sqlite/sqlite-bans.ts";
import type { AccountStore } from "../../src/stores/account-store.ts";
import { MemoryAccounts } from "../../src/stores/memory-accounts.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempPath(): string {
  const dir = mkdtempSync(join(tmpdir(), "switchboard-accounts-"));
  dirs.push(dir);
  return join(dir, "chat.sqlite");
}

const stores: [string, () => AccountStore][] = [
  ["memory", () => new MemoryAccounts()],
  ["SQLite", () => new SqliteAccounts(tempPath())],
];

describe.each(stores)("accounts (%s)", (_name, make) => {
  test("found by the name in any case and by a look-alike; not by another name; gone once deleted", async () => {
    const store = make();
    await store.save({ nick: "alice", keys: ["SHA256:k"], passwordHash: "hash" });
    await store.save({ nick: "Bob0", keys: [] });
    expect((await store.find("ALICE"))?.nick).toBe("alice");
    expect((await store.find("a1ice"))?.nick).toBe("alice");
    expect((await store.find("bobO"))?.nick).toBe("Bob0");
    expect(await store.find("carol")).toBeUndefined();
    await store.save({ nick: "alice", keys: [], op: true });
    expect(await store.find("alice")).toEqual({ nick: "alice", keys: [], op: true });
    expect((await store.operators()).map((a) => a.nick)).toEqual(["alice"]);
    await store.delete("ALICE");
    expect(await store.find("alice")).toBeUndefined();
    expect(await store.find("a1ice")).toBeUndefined();
  });
});

test("accounts and bans outlive the process: a new connection to the file finds them", () => {
  const path = tempPath();
  const accounts = new SqliteAccounts(path);
  const bans = new SqliteBans(path);
  accounts.save({ nick: "alice", keys: [], passwordHash: "hash", ignoring: ["troll"] });
  bans.save({ target: "Troll", nick: "Troll", by: "alice", until: 123 });
  bans.save({ target: "203.0.113.9", address: "203.0.113.9", by: "the console" });
  accounts.close();
  bans.close();
  const again = new SqliteAccounts(path);
  const bansAgain = new SqliteBans(path);
  expect(again.find("Alice")).toEqual({ nick: "alice", keys: [], passwordHash: "hash", ignoring: ["troll"] });
  expect(bansAgain.all().map((b) => b.target).sort()).toEqual(["203.0.113.9", "Troll"]);
  bansAgain.delete("troll");
  expect(bansAgain.all().map((b) => b.target)).toEqual(["203.0.113.9"]);
  again.close();
  bansAgain.close();
});

test("a file from before look-alikes folded case first still works: its look-alike keys are recomputed on open", () => {
  const path = tempPath();
  // The old layout, as the old function filled it: `I` folded to `l` before lowercasing, a lowercase `i` kept.
  const old = new Database(path, { create: true, strict: true });
  old.run("CREATE TABLE accounts (nick TEXT PRIMARY KEY, skeleton TEXT NOT NULL, account TEXT NOT NULL, op INTEGER NOT NULL DEFAULT 0)");
  old.run("CREATE INDEX accounts_by_skeleton ON accounts (skeleton)");
  const insert = old.prepare("INSERT INTO accounts (nick, skeleton, account, op) VALUES (?, ?, ?, ?)");
  insert.run("alice", "alice", JSON.stringify({ nick: "alice", keys: [], passwordHash: "hash" }), 1);
  insert.run("milo", "mil0", JSON.stringify({ nick: "milo", keys: ["SHA256:k"] }), 0);
  insert.run("ivy", "ivy", JSON.stringify({ nick: "Ivy", keys: [], passwordHash: "hash" }), 0);
  old.close();
  const accounts = new SqliteAccounts(path);
  expect(["ALlCE", "MIL0", "lvy", "IVY", "1vy"].map((nick) => [nick, accounts.find(nick)?.nick])).toEqual([
    ["ALlCE", "alice"],
    ["MIL0", "milo"],
    ["lvy", "Ivy"],
    ["IVY", "Ivy"],
    ["1vy", "Ivy"],
  ]);
  expect(accounts.operators().map((a) => a.nick)).toEqual(["alice"]);
  accounts.close();
});
