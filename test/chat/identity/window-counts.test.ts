import { describe, expect, test } from "bun:test";
import { PasswordTries, TRIES_PER_ADDRESS, TRIES_PER_NICKNAME } from "../../../src/chat/identity/password-tries.ts";
import { countersHere, countersIn } from "../../../src/chat/identity/window-counts.ts";
import { fail, ok } from "../../../src/chat/result.ts";
import { MemoryWindowCounts } from "../../../src/stores/memory-window-counts.ts";
import { FakeClock } from "../../helpers/fake-clock.ts";

describe("counts over a window", () => {
  test("a key's window opens with its first count and ends after windowMs, whatever came later", () => {
    const clock = new FakeClock();
    const counts = countersHere(clock)("tries", 60_000);
    counts.add("a");
    clock.advance(59_000);
    counts.add("a");
    expect(counts.count("a")).toBe(2);
    clock.advance(1000);
    expect(counts.count("a")).toBe(0);
    counts.add("a");
    expect(counts.count("a")).toBe(1);
  });

  test("past maxKeys the oldest key is forgotten, so a flood of keys costs bounded memory", () => {
    const counts = countersIn(new MemoryWindowCounts(3), new FakeClock())("tries", 60_000);
    for (const key of ["a", "b", "c", "d"]) counts.add(key);
    expect(["a", "b", "c", "d"].map((key) => counts.count(key))).toEqual([0, 1, 1, 1]);
  });

  test("counts of different names in one store are kept apart", () => {
    const counters = countersIn(new MemoryWindowCounts(), new FakeClock());
    const tries = counters("tries", 60_000);
    const made = counters("made", 60_000);
    tries.add("x");
    tries.add("x");
    made.add("x");
    expect([tries.count("x"), made.count("x")]).toEqual([2, 1]);
  });

  test("password tries count from their start, per address, in any case or look-alike of the nickname; a right one clears the address's", async () => {
    const tries = new PasswordTries(countersHere(new FakeClock()), () => {});
    const from = (nick: string, address = "203.0.113.66") => tries.begin(nick, address);
    for (let i = 0; i < TRIES_PER_ADDRESS; i++) expect(await from(i % 2 ? "alice" : "ALlCE")).toEqual(ok(undefined));
    expect(await from("Alice")).toEqual(fail("wrong-password", "Too many wrong passwords for Alice from your address; try again in a minute."));
    // Another address, or another nickname, is counted apart.
    expect(await from("alice", "10.0.0.1")).toEqual(ok(undefined));
    expect(await from("bob")).toEqual(ok(undefined));
    tries.succeeded("alice", "203.0.113.66");
    expect(await from("alice")).toEqual(ok(undefined));
  });

  test("a guess spread over many addresses stops at the nickname's hourly cap; an address that proved it lately still gets in", async () => {
    const clock = new FakeClock();
    const tries = new PasswordTries(countersHere(clock), () => {});
    tries.succeeded("alice", "10.0.0.1");
    for (let i = 0; i < TRIES_PER_NICKNAME; i++) expect(await tries.begin("alice", `198.51.${i >> 8}.${i & 255}`)).toEqual(ok(undefined));
    expect(await tries.begin("alice", "192.0.2.1")).toEqual(
      fail("wrong-password", "Too many wrong passwords for alice lately, from many addresses; try again later."),
    );
    expect(await tries.begin("alice", "10.0.0.1")).toEqual(ok(undefined));
    clock.advance(60 * 60_000);
    expect(await tries.begin("alice", "192.0.2.1")).toEqual(ok(undefined));
  });
});
