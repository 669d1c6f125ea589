import { Database } from "bun:sqlite";
import { afterEach, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SqliteSessions } from "../../src/sqlite/sqlite-sessions.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempPath(): string {
  const dir = mkdtempSync(join(tmpdir(), "switchboard-session-rooms-"));
  dirs.push(dir);
  return join(dir, "switchboard.sqlite");
}

const wendy = { nick: "wendy", memberId: "id-wendy", room: "#dev" };

test("a web session keeps every room and how far it read each, and its conversations, over a restart", () => {
  const path = tempPath();
  const first = new SqliteSessions(path);
  const conversations = [{ nick: "bob", unread: 2 }, { nick: "yves", unread: 0 }];
  first.save("h1", { ...wendy, rooms: ["#lobby", "#ops", "#dev"], readUpTo: { "#lobby": 40, "#ops": 12, "#dev": 42 }, conversations });
  first.save("h2", wendy);
  first.close();
  const second = new SqliteSessions(path);
  expect(second.find("h1")).toEqual({ ...wendy, rooms: ["#lobby", "#ops", "#dev"], readUpTo: { "#lobby": 40, "#ops": 12, "#dev": 42 }, conversations });
  expect(second.find("h2")).toEqual(wendy);
  second.close();
});

test("a file from before rooms were kept opens, and its sessions come back into their one room", () => {
  const path = tempPath();
  const db = new Database(path);
  db.run(`CREATE TABLE web_sessions (token_hash TEXT PRIMARY KEY, nick TEXT NOT NULL, member_id TEXT NOT NULL,
    room TEXT NOT NULL, room_since INTEGER NOT NULL, saved_at INTEGER NOT NULL, proven_as TEXT)`);
  db.run("INSERT INTO web_sessions VALUES ('old', 'wendy', 'id-wendy', '#dev', 42, ?, NULL)", [Date.now()]);
  db.close();
  const sessions = new SqliteSessions(path);
  expect(sessions.find("old")).toEqual(wendy);
  // And it takes sessions as they are kept now.
  sessions.save("new", { ...wendy, rooms: ["#lobby", "#dev"] });
  expect(sessions.find("new")).toEqual({ ...wendy, rooms: ["#lobby", "#dev"] });
  sessions.close();
});
