import { describe, expect, test } from "bun:test";
import { codeOf, FINGERPRINT, KEY, setupWithStores } from "../chat-harness.ts";

describe("owned nicknames", () => {
  test("a registered nickname needs its password; a look-alike is the same name; the right password lets its owner in", async () => {
    const t = setupWithStores();
    const alice = await t.join("alice");
    expect(await codeOf(t.chat.input(alice.member, "/register short"))).toBe("bad-arguments");
    expect(await codeOf(t.chat.input(alice.member, "/register correct-horse"))).toBe("ok");
    expect(alice.sink.told.at(-1)).toContain("alice is registered to you");
    t.chat.leave(alice.member, "quit");

    const intruder = await t.tryJoin("alice");
    expect(!intruder.result.ok && intruder.result.error.message).toBe(
      "The nickname alice is registered. If it is yours, type its password (or /identify PASSWORD); else pick another nickname.",
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
    const t = setupWithStores();
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

  test("a password is one word; ten wrong ones in a minute from one address, even at once, and it takes no more tries from there for a while", async () => {
    const t = setupWithStores();
    const alice = await t.join("alice");
    const spaced = await t.chat.input(alice.member, "/register correct horse battery");
    expect(!spaced.ok && spaced.error.message).toBe("A password is one word, without spaces.");
    await t.chat.input(alice.member, "/register correct-horse");
    t.chat.leave(alice.member, "quit");
    const guesses = await Promise.all(
      Array.from({ length: 10 }, (_, i) => t.tryJoin("alice", { password: `guess-${i}-guess` }, "telnet", "10.0.1.9")),
    );
    expect(guesses.map((g) => !g.result.ok && g.result.error.message)).toEqual(Array(10).fill("Wrong password for alice."));
    const again = await t.tryJoin("alice", { password: "correct-horse" }, "telnet", "10.0.1.9");
    expect(!again.result.ok && again.result.error.message).toBe("Too many wrong passwords for alice from your address; try again in a minute.");
    t.clock.advance(60_000);
    expect(await codeOf((await t.tryJoin("alice", { password: "correct-horse" }, "telnet", "10.0.1.9")).result)).toBe("ok");
  });

  test("/password changes it, /unregister frees the name for anyone", async () => {
    const t = setupWithStores();
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
    const t = setupWithStores();
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
    const t = setupWithStores();
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
    const t = setupWithStores();
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

  test("/keys lists the keys that prove a nickname, adds a pasted one and removes one, never the only proof left", async () => {
    const t = setupWithStores();
    const guest = await t.join("guest");
    const unowned = await t.chat.input(guest.member, "/keys");
    expect(!unowned.ok && unowned.error.message).toBe("guest is not registered: connect over SSH with a key, or /register PASSWORD.");
    const carol = await t.join("carol", { key: "SHA256:first" }, "ssh");
    await Bun.sleep(0);
    const answers = [];
    for (const line of [
      "/keys",
      `/keys add ${KEY}`,
      `/keys add ${KEY}`,
      "/keys remove first",
      `/keys remove ${FINGERPRINT}`,
      "/keys remove SHA256:nope",
      "/keys rotate",
    ])
      answers.push(await t.chat.input(carol.member, line));
    expect(answers.map((r) => (r.ok ? "ok" : r.error.message))).toEqual([
      "ok",
      "ok",
      `${FINGERPRINT} is already one of your keys.`,
      "ok",
      "That is the only thing proving your nickname: set a /password first, or /unregister.",
      "SHA256:nope is not one of your keys: /keys lists them.",
      "Usage: /keys, /keys add PUBLIC-KEY-LINE, /keys remove SHA256:…",
    ]);
    expect(carol.sink.told.slice(-3)).toEqual(["Keys of carol:\n  SHA256:first", "Added; 2 keys prove carol.", "Removed; 1 key proves carol."]);
    // The key kept proves the nickname; the one removed no longer does.
    carol.leave();
    expect(await codeOf((await t.tryJoin("carol", { key: "SHA256:first" }, "ssh")).result)).toBe("key-owned");
    expect((await t.join("carol", { key: FINGERPRINT }, "ssh")).member.account?.keys).toEqual([FINGERPRINT]);
  });

  test("/register on a nickname a key owns gives it a password too, for telnet and the web", async () => {
    const t = setupWithStores();
    const carol = await t.join("carol", { key: "SHA256:first" }, "ssh");
    await Bun.sleep(0);
    expect(await codeOf(t.chat.input(carol.member, "/register carols-password"))).toBe("ok");
    expect(carol.sink.told.at(-1)).toBe("carol is registered to you: it now needs its password or your key.");
    carol.leave();
    expect(await codeOf((await t.tryJoin("carol", undefined, "web")).result)).toBe("nick-owned");
    expect((await t.join("carol", { password: "carols-password" }, "web")).member.account?.keys).toEqual(["SHA256:first"]);
  });
});

