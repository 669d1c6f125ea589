import { afterEach, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Chat } from "../../src/chat/chat.ts";
import { LocalBackend } from "../../src/chat/cluster/local-backend.ts";
import type { Member } from "../../src/chat/people/member.ts";
import { SqliteAccounts } from "../../src/sqlite/sqlite-accounts.ts";
import { SqliteBans } from "../../src/sqlite/sqlite-bans.ts";
import { SqliteHistory } from "../../src/sqlite/sqlite-history.ts";
import { MemoryWindowCounts } from "../../src/stores/memory-window-counts.ts";
import { FakeSink } from "../chat/chat-harness.ts";
import { FakeClock } from "../helpers/fake-clock.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A chat on the SQLite file `path`, as `embeddedStorage` makes it: a server started (again). */
function server(path: string): { chat: Chat; stop: () => void } {
  const backend = new LocalBackend(new SqliteHistory(path), () => {}, new SqliteAccounts(path), new SqliteBans(path), new MemoryWindowCounts());
  const chat = new Chat({}, backend, new FakeClock());
  return { chat, stop: () => (chat.shutdown(), backend.close()) };
}

async function joinAs(chat: Chat, nick: string, password?: string): Promise<Member> {
  const seat = chat.admit("10.0.0.1");
  if (!seat.ok) throw new Error(seat.error.message);
  const joined = await chat.join({ nick, transport: "telnet", seat: seat.value, ...(password ? { proof: { password } } : {}) }, new FakeSink());
  if (!joined.ok) throw new Error(joined.error.message);
  return joined.value;
}

/** Lets fire-and-forget writes (and argon2) settle. */
const settled = () => Bun.sleep(20);

test("an owned nickname is back in all its rooms, the current one and its read state after a restart; a guest starts in #lobby", async () => {
  const dir = mkdtempSync(join(tmpdir(), "kept-rooms-"));
  dirs.push(dir);
  const path = join(dir, "chat.sqlite");
  const first = server(path);
  const alice = await joinAs(first.chat, "alice");
  expect(await first.chat.input(alice, "/register correct-horse")).toMatchObject({ ok: true });
  for (const room of ["#dev", "#ops", "#art"]) expect(first.chat.moves.join(alice, room).ok).toBe(true);
  expect(first.chat.moves.part(alice, "#ops").ok).toBe(true);
  expect(first.chat.moves.view(alice, "#dev").ok).toBe(true);
  const bob = await joinAs(first.chat, "bob");
  first.chat.moves.join(bob, "#art");
  await first.chat.say(bob, "while alice looks at #dev");
  const readArt = alice.memberships.get("#art")!.readUpTo;
  await settled();
  first.chat.leave(alice, "quit");
  await settled();
  first.stop();

  const second = server(path);
  const back = await joinAs(second.chat, "alice", "correct-horse");
  // In the order joined, as a terminal numbers its windows (Alt-1, Alt-2, …), whichever is current.
  expect(back.rooms).toEqual(["#lobby", "#dev", "#art"]);
  expect(back.room).toBe("#dev");
  expect(back.memberships.get("#art")!.readUpTo).toBe(readArt);
  expect(second.chat.moves.unread(back, "#art")).toBe(1);
  expect(second.chat.membersOf("#art").map((m) => m.nick)).toEqual(["alice"]);
  const guest = await joinAs(second.chat, "carol");
  expect(guest.rooms).toEqual(["#lobby"]);
  second.stop();
});

test("a kept room whose name is no longer valid is skipped, and no more than maxRoomsPerMember come back", async () => {
  const dir = mkdtempSync(join(tmpdir(), "kept-rooms-"));
  dirs.push(dir);
  const path = join(dir, "chat.sqlite");
  const accounts = new SqliteAccounts(path);
  const { hash } = { hash: await Bun.password.hash("correct-horse") };
  const rooms = [
    { name: "#lobby", readUpTo: 0 },
    { name: "#Not A Room", readUpTo: 0 },
    ...Array.from({ length: 60 }, (_, i) => ({ name: `#r${i}`, readUpTo: 0 })),
    { name: "#last", readUpTo: 0, current: true as const },
  ];
  accounts.save({ nick: "alice", passwordHash: hash, keys: [], rooms });
  accounts.close();
  const { chat, stop } = server(path);
  const alice = await joinAs(chat, "alice", "correct-horse");
  expect(alice.rooms.length).toBe(chat.options.maxRoomsPerMember);
  expect(alice.room).toBe("#last");
  expect(alice.rooms).not.toContain("#Not A Room");
  expect(alice.rooms.slice(0, 2)).toEqual(["#lobby", "#r0"]);
  stop();
});
