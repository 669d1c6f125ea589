import { describe, expect, test } from "bun:test";
import { codeOf, setupWithStores } from "../chat-harness.ts";

describe("registering costs the server one hash at a time", () => {
  test("a second /register or /password while one is hashing is told to wait; 800 at once hash once", async () => {
    const t = setupWithStores({ msgBurst: 1000 });
    const guest = await t.join("guest");
    const flood = Array.from({ length: 800 }, () => t.chat.input(guest.member, "/register correct-horse"));
    const answers = await Promise.all(flood.map(async (answer) => {
      const result = await answer;
      return result.ok ? "ok" : result.error.message;
    }));
    expect(answers[0]).toBe("ok");
    expect(new Set(answers.slice(1))).toEqual(new Set(["Still working on the last one: wait for its answer."]));
    const first = t.chat.input(guest.member, "/password battery-staple");
    const second = await t.chat.input(guest.member, "/password tr0ub4dor-3");
    expect(!second.ok && second.error).toEqual({ code: "too-much-waiting", message: "Still working on the last one: wait for its answer." });
    expect(await codeOf(first)).toBe("ok");
    expect(await codeOf(t.chat.input(guest.member, "/password tr0ub4dor-3"))).toBe("ok");
  });

  test("/register and /password take a token, as a message does", async () => {
    const t = setupWithStores({ msgRate: 1, msgBurst: 1 });
    const guest = await t.join("guest");
    expect(await codeOf(t.chat.input(guest.member, "hello"))).toBe("ok");
    expect(await codeOf(t.chat.input(guest.member, "/register correct-horse"))).toBe("rate-limited");
    t.clock.advance(1000);
    expect(await codeOf(t.chat.input(guest.member, "/register correct-horse"))).toBe("ok");
    expect(await codeOf(t.chat.input(guest.member, "/password battery-staple"))).toBe("rate-limited");
  });

  test("the address's quota is checked before hashing, and one name counts once against it", async () => {
    const t = setupWithStores();
    const same = await t.join("same", undefined, "telnet", "198.51.100.7");
    // Registered, given up and registered again, 25 times: one name, one account of the quota.
    for (let i = 0; i < 25; i++) {
      expect({ i, code: await codeOf(t.chat.input(same.member, "/register correct-horse")) }).toEqual({ i, code: "ok" });
      t.clock.advance(1000);
      expect(await codeOf(t.chat.input(same.member, "/unregister"))).toBe("ok");
    }
    for (let i = 1; i < 20; i++) {
      const visitor = await t.join(`visitor${i}`, { key: `SHA256:key${i}` }, "ssh", "198.51.100.7");
      await Bun.sleep(0);
      expect(visitor.member.account?.nick).toBe(`visitor${i}`);
      visitor.leave();
    }
    const late = await t.join("late", undefined, "telnet", "198.51.100.7");
    // Refused at once: nothing was hashed for it.
    const refused = t.chat.input(late.member, "/register correct-horse");
    expect(refused instanceof Promise).toBe(false);
    expect(await codeOf(refused)).toBe("rate-limited");
    expect(await codeOf(t.chat.input(same.member, "/register correct-horse"))).toBe("ok");
  });

  test("a name is registered once at a time: a second registration while the first hashes is refused", async () => {
    const t = setupWithStores();
    const first = await t.join("dup");
    const registering = t.chat.input(first.member, "/register correct-horse");
    expect(await codeOf(t.chat.input(first.member, "/nick elsewhere"))).toBe("ok");
    const second = await t.join("dup", undefined, "telnet", "10.0.0.2");
    const refused = await t.chat.input(second.member, "/register battery-staple");
    expect(!refused.ok && refused.error).toEqual({ code: "nick-taken", message: "dup is being registered right now." });
    expect(await codeOf(registering)).toBe("bad-arguments");
    expect(await codeOf(t.chat.input(second.member, "/register battery-staple"))).toBe("ok");
  });
});

describe("password tries are counted per address", () => {
  test("an address that used up its tries at alice does not lock alice out from her own", async () => {
    const t = setupWithStores();
    const alice = await t.join("alice");
    await t.chat.input(alice.member, "/register correct-horse");
    alice.leave();
    const guesses = await Promise.all(
      Array.from({ length: 10 }, (_, i) => t.tryJoin("alice", { password: `guess-${i}-guess` }, "telnet", "203.0.113.66")),
    );
    expect(guesses.map((g) => !g.result.ok && g.result.error.message)).toEqual(Array(10).fill("Wrong password for alice."));
    const more = await t.tryJoin("alice", { password: "correct-horse" }, "web", "203.0.113.66");
    expect(!more.result.ok && more.result.error.message).toBe("Too many wrong passwords for alice from your address; try again in a minute.");
    expect(await codeOf((await t.tryJoin("alice", { password: "correct-horse" }, "web", "10.0.0.1")).result)).toBe("ok");
  });
});
