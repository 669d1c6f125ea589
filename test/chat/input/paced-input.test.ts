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

  test("the backlog is bounded in size too: 16 KiB of waiting lines, however few", () => {
    const { chat, clock, join } = setup({ msgRate: 10, msgBurst: 1 });
    const alice = join("alice", "telnet", true);
    const line = (i: number) => `${i}`.padEnd(2048, "x");
    const results = Array.from({ length: 10 }, (_, i) => immediate(chat.input(alice.member, line(i))));
    // The first goes at once; eight of 2 KiB wait; the ninth would pass 16 KiB.
    expect(results.map((r) => r.ok)).toEqual([true, true, true, true, true, true, true, true, true, false]);
    const refused = results[9]!;
    expect(refused.ok || refused.error.message).toBe("Slow down: 8 lines are still waiting to be sent at 10 a second; the rest were dropped.");
    clock.advance(1000);
    expect(alice.sink.of("message").map((e) => e.text)).toEqual(Array.from({ length: 9 }, (_, i) => line(i)));
  });

  test("the backlog's size is counted in UTF-8 bytes: a paste of multi-byte text waits no more than 16 KiB", () => {
    const { chat, join } = setup({ msgRate: 10, msgBurst: 1 });
    const alice = join("alice", "telnet", true);
    // 680 three-byte characters: 2,040 bytes a line, though 680 characters long.
    const line = (i: number) => `${i}${"日".repeat(679)}`;
    const results = Array.from({ length: 10 }, (_, i) => immediate(chat.input(alice.member, line(i))));
    expect(results.map((r) => r.ok)).toEqual([true, true, true, true, true, true, true, true, true, false]);
  });

  test("a waiting line refused when its turn comes is told as an error, and the lines behind it still go out in order", () => {
    const { chat, clock, join } = setup({ msgRate: 1, msgBurst: 1 });
    const alice = join("alice", "telnet", true);
    const bob = join("bob");
    for (const line of ["one", "two", "/whois ghost", "three"]) expect(immediate(chat.input(alice.member, line)).ok).toBe(true);
    clock.advance(1000);
    expect(alice.sink.of("system").at(-1)).toMatchObject({ text: "No one called ghost is here.", error: true });
    expect(bob.sink.of("message").map((e) => e.text)).toEqual(["one", "two"]);
    clock.advance(1000);
    expect(bob.sink.of("message").map((e) => e.text)).toEqual(["one", "two", "three"]);
  });

  test("once the backlog has gone out, a line within the rate goes out at once again", () => {
    const { chat, clock, join } = setup({ msgRate: 1, msgBurst: 2 });
    const alice = join("alice", "telnet", true);
    for (const line of ["one", "two", "three"]) immediate(chat.input(alice.member, line));
    clock.advance(1000);
    expect(alice.sink.of("message")).toHaveLength(3);
    clock.advance(5000);
    immediate(chat.input(alice.member, "now"));
    expect(alice.sink.of("message").at(-1)!.text).toBe("now");
    expect(clock.pending).toBe(0);
  });

  test("a member who left with lines waiting is dropped with them: another member's paced lines still flow, and nothing stays scheduled", () => {
    const { chat, clock, join } = setup({ msgRate: 1, msgBurst: 1 });
    const alice = join("alice", "telnet", true);
    const bob = join("bob", "ssh", true);
    const carol = join("carol");
    for (const line of ["a1", "a2", "a3"]) immediate(chat.input(alice.member, line));
    for (const line of ["b1", "b2", "b3"]) immediate(chat.input(bob.member, line));
    // The connection closed: no /quit, the transport says she left.
    chat.leave(alice.member, "connection closed");
    clock.advance(3000);
    expect(carol.sink.of("message").map((e) => e.text)).toEqual(["a1", "b1", "b2", "b3"]);
    expect(clock.pending).toBe(0);
    const late = immediate(chat.input(alice.member, "still there?"));
    expect(!late.ok && late.error.message).toBe("You are not in the chat.");
  });

  test("a line from someone no longer in the chat, or whose nickname someone else has now, is refused", () => {
    const { chat, join } = setup();
    const alice = join("alice");
    chat.leave(alice.member, "connection closed");
    const newcomer = join("alice", "web");
    const stale = immediate(chat.input(alice.member, "it is me"));
    expect(!stale.ok && stale.error).toEqual({ code: "not-in-chat", message: "You are not in the chat." });
    expect(newcomer.sink.of("message")).toEqual([]);
  });
});
