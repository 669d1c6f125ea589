import { describe, expect, test } from "bun:test";
import { Chat } from "../../src/chat/chat.ts";
import { LocalBackend } from "../../src/chat/cluster/local-backend.ts";
import type { Transport } from "../../src/chat/events.ts";
import type { Proof } from "../../src/chat/identity/proof.ts";
import type { Member } from "../../src/chat/people/member.ts";
import type { Pending, Result } from "../../src/chat/result.ts";
import { MemoryAccounts } from "../../src/stores/memory-accounts.ts";
import { MemoryBans } from "../../src/stores/memory-bans.ts";
import { MemoryHistory } from "../../src/stores/memory-history.ts";
import { FakeClock } from "../helpers/fake-clock.ts";
import { FakeSink, immediate } from "./fake-member.ts";

/** A chat whose accounts and bans outlive it: `restart` makes a new chat on the same stores. */
function setup(options: ConstructorParameters<typeof Chat>[0] = {}) {
  const clock = new FakeClock();
  const accounts = new MemoryAccounts();
  const bans = new MemoryBans();
  const make = () => new Chat(options, new LocalBackend(new MemoryHistory(), () => {}, accounts, bans), clock);
  let chat = make();
  const tryJoin = async (nick: string, proof?: Proof, transport: Transport = "telnet", address = "10.0.0.1") => {
    const seat = chat.admit(address);
    if (!seat.ok) return { result: seat as Result<Member>, sink: new FakeSink(), leave() {} };
    const sink = new FakeSink();
    const result = await chat.join({ nick, transport, seat: seat.value, proof }, sink);
    if (!result.ok) seat.value.release();
    /** Leaves and gives the seat back, as a transport does when the connection ends. */
    const leave = () => {
      if (result.ok) chat.leave(result.value, "quit");
      seat.value.release();
    };
    return { result, sink, leave };
  };
  const join = async (nick: string, proof?: Proof, transport?: Transport, address?: string) => {
    const { result, sink, leave } = await tryJoin(nick, proof, transport, address);
    if (!result.ok) throw new Error(result.error.message);
    return { member: result.value, sink, leave };
  };
  return {
    get chat() {
      return chat;
    },
    clock,
    tryJoin,
    join,
    restart: () => (chat = make()),
  };
}

/** The refusal's code, or "ok". */
async function codeOf(pending: Pending<unknown>): Promise<string> {
  const result = await pending;
  return result.ok ? "ok" : result.error.code;
}

describe("owned nicknames", () => {
  test("a registered nickname needs its password; a look-alike is the same name; the right password lets its owner in", async () => {
    const t = setup();
    const alice = await t.join("alice");
    expect(await codeOf(t.chat.input(alice.member, "/register short"))).toBe("bad-arguments");
    expect(await codeOf(t.chat.input(alice.member, "/register correct-horse"))).toBe("ok");
    expect(alice.sink.told.at(-1)).toContain("alice is registered to you");
    t.chat.leave(alice.member, "quit");

    const intruder = await t.tryJoin("alice");
    expect(!intruder.result.ok && intruder.result.error.message).toBe(
      "The nickname alice is registered. If it is yours, type /identify PASSWORD; else pick another nickname.",
    );
    for (const other of ["ALICE", "a1ice"]) {
      const lookAlike = await t.tryJoin(other, undefined, "web");
      expect(!lookAlike.result.ok && lookAlike.result.error.code).toBe("nick-owned");
    }
    const wrong = await t.tryJoin("alice", { password: "battery-staple" });
    expect(!wrong.result.ok && wrong.result.error.message).toBe("Wrong password for alice.");
    // A wrong password is answered a second later (the fake clock's sleeps end at once).
    expect(t.clock.slept).toEqual([1000]);
    const back = await t.join("alice", { password: "correct-horse" });
    expect(back.member.account?.nick).toBe("alice");
  });

  test("/identify NICK PASSWORD takes the name; after a /nick away, the owner comes back to it without the password", async () => {
    const t = setup();
    const owner = await t.join("alice");
    await t.chat.input(owner.member, "/register correct-horse");
    t.chat.leave(owner.member, "quit");

    const guest = await t.join("guest1");
    expect(await codeOf(t.chat.input(guest.member, "/nick alice"))).toBe("nick-owned");
    expect(await codeOf(t.chat.input(guest.member, "/identify alice nope-nope"))).toBe("wrong-password");
    expect(await codeOf(t.chat.input(guest.member, "/identify alice correct-horse"))).toBe("ok");
    expect(guest.member.nick).toBe("alice");
    expect(guest.sink.told.at(-1)).toBe("You are identified as alice.");
    expect(await codeOf(t.chat.input(guest.member, "/nick away_for_lunch"))).toBe("ok");
    expect(guest.member.account).toBeUndefined();
    expect(await codeOf(t.chat.input(guest.member, "/nick Alice"))).toBe("ok");
    expect(guest.member.account?.nick).toBe("alice");
  });

  test("a password is one word; ten wrong ones in a minute, even at once, and the nickname takes no more tries for a while", async () => {
    const t = setup();
    const alice = await t.join("alice");
    const spaced = await t.chat.input(alice.member, "/register correct horse battery");
    expect(!spaced.ok && spaced.error.message).toBe("A password is one word, without spaces.");
    await t.chat.input(alice.member, "/register correct-horse");
    t.chat.leave(alice.member, "quit");
    const guesses = await Promise.all(
      Array.from({ length: 10 }, (_, i) => t.tryJoin("alice", { password: `guess-${i}-guess` }, "telnet", `10.0.1.${i}`)),
    );
    expect(guesses.map((g) => !g.result.ok && g.result.error.message)).toEqual(Array(10).fill("Wrong password for alice."));
    const owner = await t.tryJoin("alice", { password: "correct-horse" });
    expect(!owner.result.ok && owner.result.error.message).toBe("Too many wrong passwords for alice; try again in a minute.");
    t.clock.advance(60_000);
    expect(await codeOf((await t.tryJoin("alice", { password: "correct-horse" })).result)).toBe("ok");
  });

  test("/password changes it, /unregister frees the name for anyone", async () => {
    const t = setup();
    const alice = await t.join("alice");
    await t.chat.input(alice.member, "/register correct-horse");
    expect(await codeOf(t.chat.input(alice.member, "/register again-and-again"))).toBe("bad-arguments");
    expect(await codeOf(t.chat.input(alice.member, "/password tr0ub4dor-3"))).toBe("ok");
    t.chat.leave(alice.member, "quit");
    expect(await codeOf((await t.tryJoin("alice", { password: "correct-horse" })).result)).toBe("wrong-password");
    const back = await t.join("alice", { password: "tr0ub4dor-3" });
    expect(await codeOf(t.chat.input(back.member, "/unregister"))).toBe("ok");
    t.chat.leave(back.member, "quit");
    expect((await t.join("alice")).member.account).toBeUndefined();
  });

  test("an SSH key owns the free nickname it first came with; the same key proves it, another does not", async () => {
    const t = setup();
    const first = await t.join("carol", { key: "SHA256:first" }, "ssh");
    await Bun.sleep(0);
    expect(first.member.account?.keys).toEqual(["SHA256:first"]);
    expect(first.sink.told.at(-1)).toContain("The nickname carol is now yours");
    t.chat.leave(first.member, "quit");
    expect(await codeOf((await t.tryJoin("carol", { key: "SHA256:other" }, "ssh")).result)).toBe("key-owned");
    expect(await codeOf((await t.tryJoin("carol", undefined, "web")).result)).toBe("key-owned");
    expect((await t.join("carol", { key: "SHA256:first" }, "ssh")).member.account?.nick).toBe("carol");
  });

  test("one address makes at most 20 accounts an hour: keys and passwords together; joining goes on without one", async () => {
    const t = setup();
    for (let i = 0; i < 20; i++) {
      const visitor = await t.join(`visitor${i}`, { key: `SHA256:key${i}` }, "ssh", "198.51.100.7");
      await Bun.sleep(0);
      expect(visitor.member.account?.nick).toBe(`visitor${i}`);
      visitor.leave();
    }
    const one = await t.join("one_more", { key: "SHA256:more" }, "ssh", "198.51.100.7");
    await Bun.sleep(0);
    expect(one.member.account).toBeUndefined();
    expect(one.sink.told.at(-1)).toBe(
      "Your nickname could not be kept for your key: Too many nicknames were registered from your address in the last hour; try again later.",
    );
    expect(await codeOf(t.chat.input(one.member, "/register correct-horse"))).toBe("rate-limited");
    t.clock.advance(60 * 60 * 1000);
    expect(await codeOf(t.chat.input(one.member, "/register correct-horse"))).toBe("ok");
  });

  test("a registered member's ignores are kept for their next visit; a guest's last the session", async () => {
    const t = setup();
    const alice = await t.join("alice");
    await t.chat.input(alice.member, "/register correct-horse");
    await t.chat.input(alice.member, "/ignore troll");
    await Bun.sleep(0);
    expect(alice.sink.told.at(-1)).toContain("(kept for your next visit)");
    t.chat.leave(alice.member, "quit");
    const back = await t.join("alice", { password: "correct-horse" });
    expect(back.member.ignored).toEqual(["troll"]);
    const guest = await t.join("guest");
    await t.chat.input(guest.member, "/ignore troll");
    expect(guest.sink.told.at(-1)).not.toContain("kept");
  });
});

describe("moderation", () => {
  async function withOperator() {
    const t = setup();
    const alice = await t.join("alice");
    await t.chat.input(alice.member, "/register correct-horse");
    expect(await codeOf(t.chat.moderation.setOperator("alice", true))).toBe("ok");
    const troll = await t.join("troll", undefined, "telnet", "203.0.113.9");
    const bob = await t.join("bob");
    return { ...t, alice, troll, bob };
  }

  test("only registered nicknames can be operators, and operators cannot act on each other", async () => {
    const t = await withOperator();
    expect(await codeOf(t.chat.moderation.setOperator("bob", true))).toBe("nick-owned");
    expect(t.alice.sink.told.at(-1)).toContain("You are now an operator");
    expect(await codeOf(t.chat.input(t.bob.member, "/kick troll"))).toBe("not-allowed");
    expect(await codeOf(t.chat.input(t.alice.member, "/kick alice"))).toBe("bad-arguments");
    await t.chat.input(t.bob.member, "/register bobs-password");
    await t.chat.moderation.setOperator("bob", true);
    expect(await codeOf(t.chat.input(t.alice.member, "/ban bob"))).toBe("not-allowed");
    // The console can.
    expect(await codeOf(t.chat.moderation.kick(undefined, "bob", "enough"))).toBe("ok");
  });

  test("--op names operators: each is one once registered and proven; the console cannot take it away", async () => {
    const t = setup({ operators: ["Carol"] });
    // Not registered yet: a guest by that name is no operator.
    const carol = await t.join("carol");
    expect(carol.member.op).toBe(false);
    await t.chat.input(carol.member, "/register carols-password");
    expect(carol.member.op).toBe(true);
    expect(carol.sink.told.at(-1)).toContain("You are an operator (the server's --op names you).");
    const deop = await t.chat.moderation.setOperator("carol", false);
    expect(!deop.ok && deop.error.message).toBe("carol is an operator by the --op option: restart without it.");
    expect(await t.chat.owners.operators()).toEqual({ ok: true, value: ["carol (--op)"] });
    carol.leave();
    // Back with the password: an operator again.
    const back = await t.join("carol", { password: "carols-password" });
    expect(back.member.op).toBe(true);
  });

  test("a mute ends by itself after its duration; meanwhile the member reads but cannot send or rename", async () => {
    const t = await withOperator();
    await t.chat.input(t.alice.member, "/mute troll 10m flooding");
    expect(t.bob.sink.of("moderation").at(-1)).toMatchObject({ action: "mute", target: "troll", by: "alice", reason: "flooding" });
    const refused = immediate(t.chat.input(t.troll.member, "hello?"));
    expect(!refused.ok && refused.error.message).toBe("You are muted for another 10 minutes: you can read but not send.");
    expect(await codeOf(t.chat.input(t.troll.member, "/nick innocent"))).toBe("muted");
    expect(await codeOf(t.chat.input(t.troll.member, "/topic I am innocent"))).toBe("muted");
    await t.chat.input(t.bob.member, "still there?");
    expect(t.troll.sink.of("message").at(-1)?.text).toBe("still there?");
    // Leaving and coming back does not end it.
    t.chat.leave(t.troll.member, "quit");
    const back = await t.join("troll");
    expect(await codeOf(t.chat.input(back.member, "hello again"))).toBe("muted");
    t.clock.advance(10 * 60 * 1000);
    expect(await codeOf(t.chat.input(back.member, "hello again"))).toBe("ok");
  });

  test("a ban by nickname takes the member's address with it; it ends after its duration, or by /unban", async () => {
    const t = await withOperator();
    await t.chat.input(t.alice.member, "/ban troll 1h flooding");
    expect(t.troll.sink.closedWith).toBe("You were banned by alice: flooding");
    expect(t.bob.sink.of("moderation").at(-1)).toMatchObject({ action: "ban", target: "troll", address: "203.0.113.9" });
    expect(t.bob.sink.of("leave")).toHaveLength(0);
    expect(await codeOf((await t.tryJoin("troll2", undefined, "web", "203.0.113.9")).result)).toBe("banned");
    expect(await codeOf((await t.tryJoin("Troll", undefined, "web", "10.0.0.7")).result)).toBe("banned");
    // It outlives the process (the stores are kept; a new chat loads them).
    t.restart();
    expect(await codeOf((await t.tryJoin("troll")).result)).toBe("banned");
    t.clock.advance(60 * 60 * 1000);
    expect(await codeOf((await t.tryJoin("troll")).result)).toBe("ok");
  });

  test("a ban of a loopback member's nickname leaves the address alone: everyone on the machine would be out", async () => {
    const t = await withOperator();
    const local = await t.join("local_troll", undefined, "telnet", "127.0.0.1");
    await t.chat.input(t.alice.member, "/ban local_troll");
    expect(local.sink.closedWith).toBe("You were banned by alice");
    expect(await codeOf((await t.tryJoin("friend", undefined, "telnet", "127.0.0.1")).result)).toBe("ok");
    await t.chat.input(t.alice.member, "/bans");
    expect(t.alice.sink.told.at(-1)).toBe("1 ban in force:\n  local_troll, for good, by alice");
    expect(await codeOf(t.chat.input(t.alice.member, "/unban LOCAL_TROLL"))).toBe("ok");
    expect(t.chat.moderation.bans()).toEqual([]);
  });
});

describe("topics", () => {
  test("/topic and /nick take the member's tokens, as messages do: a flood of them is refused", async () => {
    const t = setup();
    const alice = await t.join("alice");
    const answers: string[] = [];
    for (let i = 0; i < 6; i++) answers.push(await codeOf(t.chat.input(alice.member, `/topic flood ${i}`)));
    for (let i = 0; i < 6; i++) answers.push(await codeOf(t.chat.input(alice.member, `/nick alice${i}`)));
    // The burst is 10 (`--msg-burst`): the rest wait for the rate.
    expect(answers.filter((code) => code === "ok")).toHaveLength(10);
    expect(answers.slice(10)).toEqual(["rate-limited", "rate-limited"]);
  });

  test("/topic sets what a room is about: told on entering, listed by /rooms, cleared with -", async () => {
    const t = setup();
    const alice = await t.join("alice");
    await t.chat.input(alice.member, "/topic Release on Friday");
    expect(alice.sink.of("topic").at(-1)).toMatchObject({ room: "#lobby", by: "alice", topic: "Release on Friday" });
    const bob = await t.join("bob");
    expect(bob.sink.told).toContain("Topic of #lobby: Release on Friday (set by alice)");
    await t.chat.input(bob.member, "/rooms");
    expect(bob.sink.told.at(-1)).toBe("Rooms: #lobby (2, you are here) Release on Friday");
    await t.chat.input(bob.member, "/topic");
    expect(bob.sink.told.at(-1)).toBe("Topic of #lobby: Release on Friday (set by alice)");
    await t.chat.input(bob.member, "/topic -");
    await t.chat.input(bob.member, "/topic");
    expect(bob.sink.told.at(-1)).toBe("#lobby has no topic. /topic TEXT sets one.");
  });
});
