import { describe, expect, test } from "bun:test";
import { nickKey } from "../../../src/chat/people/nickname.ts";
import { codeOf, immediate, setup, setupWithStores } from "../chat-harness.ts";

describe("look-alike nicknames are one name", () => {
  test("the key folds case first: I, l, 1 and i read the same, as do O, o and 0, and rn reads as m", () => {
    for (const [a, b] of [
      ["alice", "ALlCE"],
      ["milo", "MIL0"],
      ["ivy", "lvy"],
      ["Ivy", "ivy"],
      ["victim", "VlCTIM"],
      ["troll", "TRO11"],
      ["troll", "troII"],
      ["modern", "MODERN"],
      ["modern", "modem"],
    ] as const)
      expect({ a, b, same: nickKey(a) === nickKey(b) }).toEqual({ a, b, same: true });
    for (const [a, b] of [
      ["alice", "alica"],
      ["bob", "rob"],
    ] as const)
      expect({ a, b, same: nickKey(a) === nickKey(b) }).toEqual({ a, b, same: false });
  });

  test("a present member's look-alike cannot join, in any case", () => {
    const { chat, join } = setup();
    join("victim");
    join("ivy");
    for (const nick of ["VlCTIM", "v1ctim", "lvy", "IVY"]) {
      const seat = immediate(chat.admit("10.0.0.2"));
      if (!seat.ok) throw new Error(seat.error.message);
      const joined = immediate(chat.join({ nick, transport: "web", seat: seat.value }, { enter() {}, deliver() {}, close() {} }));
      expect({ nick, code: joined.ok ? "ok" : joined.error.code }).toEqual({ nick, code: "nick-taken" });
      seat.value.release();
    }
  });

  test("a registered nickname's look-alikes are owned with it: ALlCE, MIL0 and lvy are refused to a stranger", async () => {
    const t = setupWithStores();
    for (const nick of ["alice", "milo", "ivy"]) {
      const owner = await t.join(nick);
      expect(await codeOf(t.chat.input(owner.member, "/register correct-horse"))).toBe("ok");
      owner.leave();
    }
    for (const nick of ["ALlCE", "MIL0", "lvy", "Ivy"]) {
      const stranger = await t.tryJoin(nick, undefined, "web", "203.0.113.5");
      expect({ nick, code: stranger.result.ok ? "ok" : stranger.result.error.code }).toEqual({ nick, code: "nick-owned" });
    }
  });

  test("a ban on a nickname keeps out its look-alikes, and survives a restart; /unban by a look-alike lifts it", async () => {
    const t = setupWithStores();
    expect(await codeOf(t.chat.moderation.ban(undefined, "tim", undefined, "spam"))).toBe("ok");
    expect(await codeOf(t.chat.moderation.ban(undefined, "troll"))).toBe("ok");
    t.restart();
    for (const nick of ["TIM", "tlm", "t1m", "TlM", "tro1l", "troII", "TRO11"]) {
      const back = await t.tryJoin(nick, undefined, "telnet", "127.0.0.1");
      expect({ nick, code: back.result.ok ? "ok" : back.result.error.code }).toEqual({ nick, code: "banned" });
    }
    // A second ban of a look-alike replaces the first: one ban, and one /unban lifts it for good.
    expect(await codeOf(t.chat.moderation.ban(undefined, "TlM", "1h"))).toBe("ok");
    expect(t.chat.moderation.bans().map((ban) => ban.target).sort()).toEqual(["TlM", "troll"]);
    expect(await codeOf(t.chat.moderation.unban(undefined, "t1m"))).toBe("ok");
    t.restart();
    expect(await codeOf((await t.tryJoin("tim", undefined, "telnet", "127.0.0.1")).result)).toBe("ok");
  });

  test("an /ignore holds for the ignored name's look-alikes", () => {
    const { chat, join } = setup();
    const alice = join("alice");
    const tim = join("tim");
    immediate(chat.input(alice.member, "/ignore tim"));
    chat.leave(tim.member, "quit");
    const back = join("TlM");
    immediate(chat.input(back.member, "it is me again"));
    expect(alice.sink.of("message")).toEqual([]);
  });

  test("a present look-alike of a banned nickname is cut off with it", async () => {
    const t = setupWithStores();
    const present = await t.join("VlCTIM", undefined, "telnet", "127.0.0.1");
    expect(await codeOf(t.chat.moderation.ban(undefined, "victim"))).toBe("ok");
    expect(present.sink.closedWith).toBe("You were banned by the console");
  });
});

describe("a mute cannot be slipped", () => {
  async function muted(nick: string) {
    const t = setupWithStores();
    const target = await t.join(nick, undefined, "telnet", "203.0.113.9");
    const bob = await t.join("bob");
    expect(await codeOf(t.chat.moderation.mute(undefined, nick))).toBe("ok");
    return { ...t, target, bob };
  }

  test("reconnecting in another case or as a look-alike keeps the mute", async () => {
    const t = await muted("tim");
    t.target.leave();
    for (const nick of ["TIM", "tlm", "T1M"]) {
      const back = await t.join(nick, undefined, "telnet", "203.0.113.9");
      expect({ nick, code: await codeOf(t.chat.input(back.member, "hello")) }).toEqual({ nick, code: "muted" });
      back.leave();
    }
  });

  test("a muted member cannot set an away text, and one set before is not shown to others", async () => {
    const t = setupWithStores();
    const target = await t.join("tim");
    const bob = await t.join("bob");
    expect(await codeOf(t.chat.input(target.member, "/away buy cheap pills"))).toBe("ok");
    expect(await codeOf(t.chat.moderation.mute(undefined, "tim"))).toBe("ok");
    await t.chat.input(bob.member, "/whois tim");
    expect(bob.sink.told.at(-1)).not.toContain("pills");
    await t.chat.input(bob.member, "/msg tim hi");
    expect(bob.sink.told.join("\n")).not.toContain("pills");
    const refused = await t.chat.input(target.member, "/away visit my site");
    expect(!refused.ok && refused.error).toEqual({ code: "muted", message: "You are muted: others would see an away text, so /away takes none until then." });
    // Back (no text) is allowed: it shows nothing.
    expect(await codeOf(t.chat.input(target.member, "/away"))).toBe("ok");
  });

  test("a muted member's /quit reason is dropped: the room sees a plain quit", async () => {
    const t = await muted("tim");
    expect(await codeOf(t.chat.input(t.target.member, "/quit visit my site"))).toBe("ok");
    const leave = t.bob.sink.of("leave").at(-1);
    expect(leave?.reason).toBe("quit");
  });
});
