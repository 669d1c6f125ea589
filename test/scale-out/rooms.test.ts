import { afterEach, expect, test } from "bun:test";
import { Chat } from "../../src/chat/chat.ts";
import type { Member } from "../../src/chat/people/member.ts";
import { RedisBackend } from "../../src/redis/redis-backend.ts";
import { FakeSink } from "../chat/chat-harness.ts";
import { useRedis } from "../helpers/redis-server.ts";
import { describeWithRedis } from "./cluster.ts";

const redis = useRedis();
const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});

/** An instance on the redis-server at `url`: a chat with its own Redis backend, in this process. */
async function instance(url: string, name: string): Promise<{ chat: Chat; backend: RedisBackend }> {
  const backend = await RedisBackend.connect({ url, log: () => {}, instance: `rooms-${name}` });
  const chat = new Chat({ msgRate: 1000, msgBurst: 1000 }, backend);
  stops.push(async () => (chat.shutdown(), await backend.close()));
  return { chat, backend };
}

/** Two instances on one real redis-server. */
async function twoInstances(): Promise<[Chat, Chat]> {
  const { url } = await redis.start();
  return [(await instance(url, "A")).chat, (await instance(url, "B")).chat];
}

const listedIn = (chat: Chat, room: string, nick: string) => chat.membersOf(room).some((m) => m.nick === nick);

async function joinAs(chat: Chat, nick: string, sink = new FakeSink(), password?: string): Promise<Member> {
  const seat = chat.admit("10.0.0.1");
  if (!seat.ok) throw new Error(seat.error.message);
  const joined = await chat.join({ nick, transport: "telnet", seat: seat.value, ...(password ? { proof: { password } } : {}) }, sink);
  if (!joined.ok) throw new Error(joined.error.message);
  return joined.value;
}

async function eventually(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await Bun.sleep(10);
  if (!check()) throw new Error(`never: ${what}`);
}

const ROOMS = ["#dev", "#ops"];

describeWithRedis("rooms across instances", () => {
  test("a member in three rooms on A gets each room's messages sent on B exactly once", async () => {
    const [a, b] = await twoInstances();
    const sink = new FakeSink();
    const alice = await joinAs(a, "alice", sink);
    for (const room of ROOMS) expect((await a.moves.join(alice, room)).ok).toBe(true);
    const bob = await joinAs(b, "bob");
    for (const room of ROOMS) expect((await b.moves.join(bob, room)).ok).toBe(true);
    for (const room of ["#lobby", ...ROOMS]) {
      b.moves.view(bob, room);
      expect((await b.say(bob, `hello ${room}`)).ok).toBe(true);
    }
    // And a line in a room alice is not in, which must not reach her.
    expect((await b.moves.join(bob, "#art")).ok).toBe(true);
    expect((await b.say(bob, "hello #art")).ok).toBe(true);
    await eventually(() => sink.of("message").some((m) => m.text === "hello #ops"), "alice hears #ops");
    await Bun.sleep(100);
    const heard = sink.of("message").map((m) => `${m.room} ${m.text}`);
    expect(heard).toEqual(["#lobby hello #lobby", "#dev hello #dev", "#ops hello #ops"]);
  });

  test("a member of B parting one room is still listed in the others on A", async () => {
    const [a, b] = await twoInstances();
    const alice = await joinAs(a, "alice");
    const bob = await joinAs(b, "bob");
    for (const room of ROOMS) expect((await b.moves.join(bob, room)).ok).toBe(true);
    await eventually(() => a.membersOf("#ops").some((m) => m.nick === "bob"), "bob listed in #ops on A");
    expect((await b.moves.part(bob, "#ops")).ok).toBe(true);
    await eventually(() => !a.membersOf("#ops").some((m) => m.nick === "bob"), "bob gone from #ops on A");
    for (const room of ["#lobby", "#dev"]) expect(a.membersOf(room).map((m) => m.nick)).toContain("bob");
    expect(alice.rooms).toEqual(["#lobby"]);
  });

  test("an owned nickname comes back into all its rooms, and its read state, after reconnecting to the other instance", async () => {
    const [a, b] = await twoInstances();
    const alice = await joinAs(a, "alice");
    expect(await a.input(alice, "/register correct-horse")).toMatchObject({ ok: true });
    await eventually(() => alice.account !== undefined, "alice registered");
    for (const room of ROOMS) expect((await a.moves.join(alice, room)).ok).toBe(true);
    a.moves.view(alice, "#dev");
    const readOps = alice.memberships.get("#ops")!.readUpTo;
    a.quit(alice, "");
    await Bun.sleep(200);
    const back = await joinAs(b, "alice", new FakeSink(), "correct-horse");
    expect([...back.rooms].sort()).toEqual(["#dev", "#lobby", "#ops"]);
    expect(back.room).toBe("#dev");
    expect(back.memberships.get("#ops")!.readUpTo).toBe(readOps);
    await eventually(() => ["#dev", "#ops"].every((room) => a.membersOf(room).some((m) => m.nick === "alice")), "alice listed in her rooms on A");
  });

  test("an instance starting later lists a member of another in all its rooms (the roll call), and one stopping takes it out of each, one leave per room", async () => {
    const { url } = await redis.start();
    const a = await instance(url, "A");
    const b = await instance(url, "B");
    const bob = await joinAs(b.chat, "bob");
    for (const room of ROOMS) expect((await b.chat.moves.join(bob, room)).ok).toBe(true);
    const c = await instance(url, "C");
    for (const room of ["#lobby", ...ROOMS]) expect(listedIn(c.chat, room, "bob")).toBe(true);
    const sink = new FakeSink();
    const alice = await joinAs(a.chat, "alice", sink);
    for (const room of ROOMS) expect((await a.chat.moves.join(alice, room)).ok).toBe(true);
    await b.backend.close();
    await eventually(() => ["#lobby", ...ROOMS].every((room) => !listedIn(a.chat, room, "bob") && !listedIn(c.chat, room, "bob")), "bob gone everywhere");
    expect(sink.of("leave").filter((e) => e.nick === "bob").map((e) => e.room).sort()).toEqual(["#dev", "#lobby", "#ops"]);
  });

  /** alice on instance A in every room, #dev in view, as B lists her; and a seat on B for her to come back to. */
  async function aliceInRoomsOnA() {
    const [a, b] = await twoInstances();
    const alice = await joinAs(a, "alice");
    for (const room of ROOMS) expect((await a.moves.join(alice, room)).ok).toBe(true);
    a.moves.view(alice, "#dev");
    await eventually(() => listedIn(b, "#ops", "alice"), "alice listed in #ops on B");
    const seat = b.admit("10.0.0.1");
    if (!seat.ok) throw new Error(seat.error.message);
    return { a, b, alice, seat };
  }

  test("a member handed over to another instance (its page came back there) keeps every room, as both instances list it", async () => {
    const { a, b, alice, seat } = await aliceInRoomsOnA();
    const sink = new FakeSink();
    const moved = await b.comeBack({ nick: "alice", transport: "telnet", seat: seat.value, identity: alice.id, room: alice.room }, sink);
    if (!moved.ok) throw new Error(moved.error.message);
    expect([...moved.value.rooms].sort()).toEqual(["#dev", "#lobby", "#ops"]);
    expect(sink.entered.map((e) => e.room).sort()).toEqual(["#dev", "#lobby", "#ops"]);
    await Bun.sleep(100);
    for (const chat of [a, b]) for (const room of ["#lobby", ...ROOMS]) expect(chat.membersOf(room).filter((m) => m.nick === "alice").length).toBe(1);
  });

  test("a member handed over keeps its current room, not the one it joined last, and what it had read", async () => {
    const { a, b, alice, seat } = await aliceInRoomsOnA();
    const readUpTo = { "#ops": alice.memberships.get("#ops")!.readUpTo - 1 };
    const moved = await b.comeBack({ nick: "alice", transport: "telnet", seat: seat.value, identity: alice.id, room: alice.room, readUpTo }, new FakeSink());
    if (!moved.ok) throw new Error(moved.error.message);
    expect(moved.value.room).toBe("#dev");
    // Its windows keep their numbers: the rooms in the order joined.
    expect(moved.value.rooms).toEqual(["#lobby", ...ROOMS]);
    expect(moved.value.memberships.get("#ops")!.readUpTo).toBe(readUpTo["#ops"]);
  });
});
