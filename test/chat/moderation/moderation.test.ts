import { describe, expect, test } from "bun:test";
import { codeOf, immediate, setup, setupWithStores } from "../chat-harness.ts";

describe("moderation", () => {
  async function withOperator() {
    const t = setupWithStores();
    const alice = await t.join("alice");
    await t.chat.input(alice.member, "/register correct-horse");
    expect(await codeOf(t.chat.moderation.setOperator("alice", true))).toBe("ok");
    const troll = await t.join("troll", undefined, "telnet", "203.0.113.9");
    const bob = await t.join("bob");
    return { ...t, alice, troll, bob };
  }

  test("kick removes a member with a reason", () => {
    const { chat, join } = setup();
    const alice = join("alice");
    const bob = join("bob");
    immediate(chat.moderation.kick(undefined, "ALICE", "spam"));
    expect(alice.sink.closedWith).toBe("You were kicked by the console: spam");
    // One line in the room says it all: the leave that follows is not shown again.
    expect(bob.sink.of("moderation").map((e) => [e.action, e.target, e.by, e.reason])).toEqual([["kick", "alice", "the console", "spam"]]);
    expect(bob.sink.of("leave")).toHaveLength(0);
    expect(chat.memberCount).toBe(1);
    const nobody = chat.moderation.kick(undefined, "nobody", "");
    expect(!(nobody instanceof Promise) && !nobody.ok && nobody.error.code).toBe("no-such-nick");
  });

  test("an address ban holds however the address is written, and for a whole range", async () => {
    const t = await withOperator();
    await t.chat.input(t.alice.member, "/ban 192.0.2.2 1h");
    expect(await codeOf((await t.tryJoin("mapped", undefined, "web", "::ffff:192.0.2.2")).result)).toBe("banned");
    await t.chat.input(t.alice.member, "/ban FD00::2 1h");
    expect(await codeOf((await t.tryJoin("six", undefined, "web", "fd00:0:0::2")).result)).toBe("banned");
    await t.chat.input(t.alice.member, "/ban 198.51.100.0/24 1h");
    expect(await codeOf((await t.tryJoin("ranged", undefined, "telnet", "198.51.100.77")).result)).toBe("banned");
    expect(await codeOf((await t.tryJoin("outside", undefined, "telnet", "198.51.101.1")).result)).toBe("ok");
    expect(t.chat.moderation.bans().map((ban) => ban.target)).toEqual(["192.0.2.2", "fd00::2", "198.51.100.0/24"]);
    expect(await codeOf(t.chat.input(t.alice.member, "/unban fd00:0::2"))).toBe("ok");
  });

  test("no one bans this machine's own addresses, and an operator bans no address another operator is at", async () => {
    const t = await withOperator();
    expect(await codeOf(t.chat.input(t.alice.member, "/ban 127.0.0.1 1h"))).toBe("bad-arguments");
    expect(await codeOf(t.chat.input(t.alice.member, "/ban 127.0.0.0/8"))).toBe("bad-arguments");
    expect(await codeOf(t.chat.moderation.ban(undefined, "::1"))).toBe("bad-arguments");
    const opthree = await t.join("opthree", undefined, "telnet", "198.51.100.3");
    await t.chat.input(opthree.member, "/register opthree-pass");
    await t.chat.moderation.setOperator("opthree", true);
    const bystander = await t.join("bystander", undefined, "telnet", "198.51.100.3");
    const refused = await t.chat.input(t.alice.member, "/ban 198.51.100.0/24");
    expect(!refused.ok && refused.error.message).toBe("opthree, an operator, connects from 198.51.100.0/24: only the console can ban it.");
    // By nickname, the bystander goes alone: the address an operator shares stays open.
    expect(await codeOf(t.chat.input(t.alice.member, "/ban bystander"))).toBe("ok");
    expect(bystander.sink.closedWith).toContain("banned");
    expect(opthree.sink.closedWith).toBeUndefined();
    expect(t.chat.moderation.bans().find((ban) => ban.target === "bystander")?.address).toBeUndefined();
    // The console may.
    expect(await codeOf(t.chat.moderation.ban(undefined, "198.51.100.0/24"))).toBe("ok");
    expect(opthree.sink.closedWith).toContain("banned");
  });

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

  test("--op names operators registered at start: each is one once proven; the console cannot take it away", async () => {
    const log: string[] = [];
    const t = setupWithStores({}, (line) => log.push(line));
    const carol = await t.join("carol");
    await t.chat.input(carol.member, "/register carols-password");
    carol.leave();
    // The server starts again with --op naming the registered nickname: an operator by it, without a warning.
    t.restart({ operators: ["Carol"] });
    expect(log.filter((line) => line.startsWith("warning:"))).toEqual([]);
    const back = await t.join("carol", { password: "carols-password" });
    expect(back.member.op).toBe(true);
    const deop = await t.chat.moderation.setOperator("carol", false);
    expect(!deop.ok && deop.error.message).toBe("carol is an operator by the --op option: restart without it.");
    expect(await t.chat.owners.operators()).toEqual({ ok: true, value: ["carol (--op)"] });
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

  test("a mute without a duration lasts until /unmute, and holds under a look-alike of the nickname", async () => {
    const t = await withOperator();
    await t.chat.input(t.alice.member, "/mute troll");
    const refused = immediate(t.chat.input(t.troll.member, "hello?"));
    expect(!refused.ok && refused.error.message).toBe("You are muted until an operator unmutes you: you can read but not send.");
    t.troll.leave();
    const lookAlike = await t.join("tr0ll");
    expect(await codeOf(t.chat.input(lookAlike.member, "it is not me"))).toBe("muted");
    expect(await codeOf(t.chat.input(t.alice.member, "/unmute TR0LL"))).toBe("ok");
    expect(t.bob.sink.of("moderation").at(-1)).toMatchObject({ action: "unmute", target: "tr0ll", by: "alice" });
    expect(await codeOf(t.chat.input(lookAlike.member, "thanks"))).toBe("ok");
    const again = await t.chat.input(t.alice.member, "/unmute tr0ll");
    expect(!again.ok && again.error.message).toBe("tr0ll is not muted.");
  });

  test("a mute and a ban on a nickname hold in every case of it and under its look-alikes", async () => {
    const t = await withOperator();
    await t.chat.input(t.alice.member, "/mute troll");
    t.troll.leave();
    for (const nick of ["TROLL", "TRO1L", "tr0ll"]) {
      const back = await t.join(nick);
      expect({ nick, sent: await codeOf(t.chat.input(back.member, "it is not me")) }).toEqual({ nick, sent: "muted" });
      back.leave();
    }
    const quiet = await t.join("alIce_fan");
    await t.chat.input(t.alice.member, "/ban alIce_fan");
    // A nickname ban alone (loopback keeps its address): every case and look-alike is out.
    for (const nick of ["ALICE_FAN", "a1Ice_fan", "aIIce_fan"])
      expect({ nick, joined: await codeOf((await t.tryJoin(nick, undefined, "telnet", "127.0.0.1")).result) }).toEqual({ nick, joined: "banned" });
    expect(quiet.sink.closedWith).toBe("You were banned by alice");
  });

  test("a ban of an address keeps out and cuts everyone from it, whatever their nickname", async () => {
    const t = await withOperator();
    const friend = await t.join("friend", undefined, "web", "203.0.113.9");
    expect(await codeOf(t.chat.input(t.alice.member, "/ban 203.0.113.9 1d"))).toBe("ok");
    expect([t.troll.sink.closedWith, friend.sink.closedWith]).toEqual(["You were banned by alice", "You were banned by alice"]);
    expect(t.bob.sink.closedWith).toBeUndefined();
    expect(await codeOf((await t.tryJoin("newcomer", undefined, "web", "203.0.113.9")).result)).toBe("banned");
    // The address is banned, not the nicknames.
    expect(await codeOf((await t.tryJoin("troll", undefined, "web", "10.0.0.8")).result)).toBe("ok");
  });

  test("a ban of what is neither a nickname nor an address, or for a duration that is none, is refused and bans nothing", async () => {
    const t = await withOperator();
    const answers = await Promise.all(["/ban no*such", "/ban troll 0m", "/ban troll 1y oops"].map((line) => t.chat.input(t.alice.member, line)));
    expect(answers.map((r) => !r.ok && r.error.message)).toEqual([
      "no*such is neither a nickname nor an address.",
      "A duration must be longer than zero.",
      false,
    ]);
    // "1y" is no duration, so it is the start of the reason: that ban is for good.
    expect(t.chat.moderation.bans().map((ban) => [ban.target, ban.until, ban.reason])).toEqual([["troll", undefined, "1y oops"]]);
  });
});

