import { describe, expect, test } from "bun:test";
import { PasswordTries } from "../../../src/chat/identity/password-tries.ts";
import { WindowCounts } from "../../../src/chat/identity/window-counts.ts";
import { FakeClock } from "../../helpers/fake-clock.ts";

describe("counts over a window", () => {
  test("a key's window opens with its first count and ends after windowMs, whatever came later", () => {
    const clock = new FakeClock();
    const counts = new WindowCounts(clock, 60_000);
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
    const counts = new WindowCounts(new FakeClock(), 60_000, 3);
    for (const key of ["a", "b", "c", "d"]) counts.add(key);
    expect(["a", "b", "c", "d"].map((key) => counts.count(key))).toEqual([0, 1, 1, 1]);
  });

  test("password tries count from their start, in any case of the nickname, and a right one clears them", () => {
    const tries = new PasswordTries(new FakeClock(), 3);
    expect([tries.begin("alice"), tries.begin("ALICE"), tries.begin("Alice")]).toEqual([undefined, undefined, undefined]);
    expect(tries.begin("alice")).toEqual({ ok: false, error: { code: "wrong-password", message: "Too many wrong passwords for alice; try again in a minute." } });
    expect(tries.begin("bob")).toBeUndefined();
    tries.succeeded("aLiCe");
    expect(tries.begin("alice")).toBeUndefined();
  });
});
