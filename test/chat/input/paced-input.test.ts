import { describe, expect, test } from "bun:test";
import { immediate, setup } from "../chat-harness.ts";

describe("paced input", () => {
  test("a paste over the burst is paced: every line goes out, in order, at the allowed rate", () => {
    const { chat, clock, join } = setup({ msgRate: 2, msgBurst: 3 });
    const alice = join("alice", "telnet", true);
    const bob = join("bob");
    const results = ["l1", "l2", "l3", "l4", "l5", "/who", "l6"].map((line) => immediate(chat.input(alice.member, line)));
    expect(results.every((r) => r.ok)).toBe(true);
    const heard = () => bob.sink.of("message").map((e) => e.text);
    expect(heard()).toEqual(["l1", "l2", "l3"]);
    clock.advance(499);
    expect(heard()).toEqual(["l1", "l2", "l3"]);
    clock.advance(1);
    expect(heard()).toEqual(["l1", "l2", "l3", "l4"]);
    // A command behind the paste waits its turn too, then answers at once.
    clock.advance(500);
    expect(heard()).toEqual(["l1", "l2", "l3", "l4", "l5"]);
    expect(alice.sink.told.at(-1)).toBe("2 in #lobby: alice (telnet), bob (telnet)");
    clock.advance(500);
    expect(heard()).toEqual(["l1", "l2", "l3", "l4", "l5", "l6"]);
    expect(alice.sink.told.filter((t) => t.startsWith("Slow down"))).toEqual([]);
  });

  test("past a bounded backlog a paced line is refused with the reason; the backlog still goes out", () => {
    const { chat, clock, join } = setup({ msgRate: 10, msgBurst: 1 });
    const alice = join("alice", "telnet", true);
    const results = Array.from({ length: 50 }, (_, i) => immediate(chat.input(alice.member, `m${i}`)));
    expect(results.filter((r) => r.ok)).toHaveLength(41);
    const refused = results.find((r) => !r.ok);
    expect(refused?.ok || refused?.error.message).toBe("Slow down: 40 lines are still waiting to be sent at 10 a second; the rest were dropped.");
    clock.advance(4000);
    expect(alice.sink.of("message").map((e) => e.text)).toEqual(Array.from({ length: 41 }, (_, i) => `m${i}`));
  });

  test("lines still waiting when a member leaves are not sent after", () => {
    const { chat, clock, join } = setup({ msgRate: 1, msgBurst: 1 });
    const alice = join("alice", "telnet", true);
    const bob = join("bob");
    for (const line of ["one", "two", "/quit bye", "three"]) immediate(chat.input(alice.member, line));
    clock.advance(1000);
    expect(bob.sink.of("message").map((e) => e.text)).toEqual(["one", "two"]);
    expect(bob.sink.of("leave").at(-1)?.reason).toBe("quit: bye");
    clock.advance(5000);
    expect(bob.sink.of("message").map((e) => e.text)).toEqual(["one", "two"]);
  });

  test("an empty line sends nothing and needs no answer", () => {
    const { chat, join } = setup();
    const alice = join("alice");
    expect(immediate(chat.input(alice.member, "   ")).ok).toBe(true);
    expect(alice.sink.of("message")).toHaveLength(0);
    expect(alice.sink.told).toEqual([]);
  });

  test("// sends a line that starts with a slash", () => {
    const { chat, join } = setup();
    const alice = join("alice");
    immediate(chat.input(alice.member, "//shrug"));
    expect(alice.sink.of("message")[0]!.text).toBe("/shrug");
  });
});
