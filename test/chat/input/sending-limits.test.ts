import { describe, expect, test } from "bun:test";
import { TokenBucket } from "../../../src/chat/input/rate-limit.ts";
import { FakeClock } from "../../helpers/fake-clock.ts";
import { codeOf, immediate, setup, setupWithStores } from "../chat-harness.ts";

describe("sending limits", () => {
  test("a message over --max-line bytes is refused with a one-line reason and not sent", () => {
    const { chat, join } = setup({ maxLine: 10 });
    const alice = join("alice");
    const bob = join("bob");
    const refused = immediate(chat.input(alice.member, "ééééééé")); // 14 bytes
    expect(bob.sink.of("message")).toHaveLength(0);
    expect(refused.ok || refused.error.message).toMatch(/too long.*14 bytes.*10/);
    expect(alice.sink.told).toEqual([]);
  });

  test("a flood is rate limited after the burst and allowed again later", () => {
    const { chat, clock, join } = setup({ msgRate: 2, msgBurst: 3 });
    const alice = join("alice");
    const results = [0, 1, 2, 3, 4].map((i) => immediate(chat.input(alice.member, `m${i}`)));
    expect(alice.sink.of("message").map((e) => e.text)).toEqual(["m0", "m1", "m2"]);
    expect(results.map((r) => (r.ok ? "sent" : r.error.code))).toEqual(["sent", "sent", "sent", "rate-limited", "rate-limited"]);
    clock.advance(500);
    immediate(chat.input(alice.member, "later"));
    expect(alice.sink.of("message").at(-1)!.text).toBe("later");
  });

  test("/topic and /nick take the member's tokens, as messages do: a flood of them is refused", async () => {
    const t = setupWithStores();
    const alice = await t.join("alice");
    const answers: string[] = [];
    for (let i = 0; i < 6; i++) answers.push(await codeOf(t.chat.input(alice.member, `/topic flood ${i}`)));
    for (let i = 0; i < 6; i++) answers.push(await codeOf(t.chat.input(alice.member, `/nick alice${i}`)));
    // The burst is 10 (`--msg-burst`): the rest wait for the rate.
    expect(answers.filter((code) => code === "ok")).toHaveLength(10);
    expect(answers.slice(10)).toEqual(["rate-limited", "rate-limited"]);
  });

  test("--max-line counts the UTF-8 bytes of the cleaned text: at the limit a line goes, a byte over it does not", () => {
    const { chat, join } = setup({ maxLine: 10 });
    const alice = join("alice");
    const answers = [
      "ééééé", // 10 bytes
      "ééééé!", // 6 characters, 11 bytes
      "😀😀ab", // 4 characters, 10 bytes
      "\x1b[31mééééé\x1b[0m\u200b", // 10 bytes once the escapes and the zero-width space are gone
    ].map((line) => immediate(chat.input(alice.member, line)));
    expect(answers.map((r) => (r.ok ? "sent" : r.error.message))).toEqual([
      "sent",
      "Message too long (11 bytes; the limit is 10).",
      "sent",
      "sent",
    ]);
    expect(alice.sink.of("message").map((e) => e.text)).toEqual(["ééééé", "😀😀ab", "ééééé"]);
  });

  test("what others see of a member beside messages is held to --max-line too: a topic, an away mark, a quit or kick reason", () => {
    const { chat, join } = setup({ maxLine: 10 });
    const alice = join("alice");
    const bob = join("bob");
    const long = "x".repeat(11);
    const answers = [`/topic ${long}`, `/away ${long}`, `/quit ${long}`].map((line) => immediate(chat.input(alice.member, line)));
    expect(answers.map((r) => !r.ok && r.error.message)).toEqual([
      "Topic too long (11 bytes; the limit is 10).",
      "Away reason too long (11 bytes; the limit is 10).",
      "Quit reason too long (11 bytes; the limit is 10).",
    ]);
    // Refused, the quit did not happen.
    expect(chat.find("alice")).toBe(alice.member);
    expect(alice.sink.closedWith).toBeUndefined();
    const kick = immediate(chat.moderation.kick(undefined, "bob", long));
    expect(!kick.ok && kick.error.message).toBe("Reason too long (11 bytes; the limit is 10).");
    expect(bob.sink.closedWith).toBeUndefined();
  });

  test("every member has tokens of their own: one member's flood does not hold another back", () => {
    const { chat, join } = setup({ msgRate: 1, msgBurst: 2 });
    const alice = join("alice");
    const bob = join("bob");
    const flood = [0, 1, 2].map((i) => immediate(chat.input(alice.member, `flood ${i}`)).ok);
    expect(flood).toEqual([true, true, false]);
    expect(immediate(chat.input(bob.member, "my turn")).ok).toBe(true);
  });

  test("a muted member is told they are muted, whatever else is wrong with the line, and the refusals cost no tokens", () => {
    const { chat, join } = setup({ maxLine: 10, msgBurst: 1 });
    const troll = join("troll");
    immediate(chat.moderation.mute(undefined, "troll"));
    const refused = ["far too long for the limit", "short", "again"].map((line) => immediate(chat.input(troll.member, line)));
    expect(refused.map((r) => !r.ok && r.error.code)).toEqual(["muted", "muted", "muted"]);
    immediate(chat.moderation.unmute(undefined, "troll"));
    // Its one token is still there.
    expect(immediate(chat.input(troll.member, "sorry")).ok).toBe(true);
  });
});

describe("the token bucket", () => {
  test("it gives its burst at once, then one token every 1/rate seconds, and says how long until the next", () => {
    const clock = new FakeClock();
    const bucket = new TokenBucket(2, 3, clock);
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false]);
    expect(bucket.msUntilToken()).toBe(500);
    clock.advance(499);
    expect(bucket.take()).toBe(false);
    clock.advance(1);
    expect(bucket.msUntilToken()).toBe(0);
    expect([bucket.take(), bucket.take()]).toEqual([true, false]);
  });

  test("an idle bucket fills up to its burst and no further", () => {
    const clock = new FakeClock();
    const bucket = new TokenBucket(5, 3, clock);
    clock.advance(60_000);
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false]);
  });
});
