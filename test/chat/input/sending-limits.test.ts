import { describe, expect, test } from "bun:test";
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
});
