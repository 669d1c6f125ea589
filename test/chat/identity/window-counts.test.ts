import { describe, expect, test } from "bun:test";
import { PasswordTries } from "../../../src/chat/identity/password-tries.ts";
import { WindowCounts } from "../../../src/chat/identity/window-counts.ts";
import { MemoryWindowCounts } from "../../../src/stores/memory-window-counts.ts";
import { FakeClock } from "../../helpers/fake-clock.ts";

const counted = { ok: true, value: true } as const;
const full = { ok: true, value: false } as const;

describe("counts over a window", () => {
  test("a key's window opens with its first count and ends after windowMs, whatever came later", () => {
    const clock = new FakeClock();
    const counts = new WindowCounts(clock, 60_000);
    expect(counts.take("a", 2)).toEqual(counted);
    clock.advance(59_000);
    expect(counts.take("a", 2)).toEqual(counted);
    expect(counts.take("a", 2)).toEqual(full);
    clock.advance(1000);
    expect(counts.take("a", 2)).toEqual(counted);
    expect(counts.take("a", 2)).toEqual(counted);
  });

  test("past maxKeys the oldest key is forgotten, so a flood of keys costs bounded memory", () => {
    const counts = new WindowCounts(new FakeClock(), 60_000, new MemoryWindowCounts(3));
    for (const key of ["a", "b", "c", "d"]) counts.take(key, 1);
    // a was forgotten: its count starts again (which forgets b, now the oldest).
    expect(["d", "c", "a"].map((key) => counts.take(key, 1))).toEqual([full, full, counted]);
  });

  test("counts of different names in one store are kept apart", () => {
    const store = new MemoryWindowCounts();
    const tries = new WindowCounts(new FakeClock(), 60_000, store, "tries");
    const made = new WindowCounts(new FakeClock(), 60_000, store, "made");
    expect(tries.take("x", 1)).toEqual(counted);
    expect(made.take("x", 1)).toEqual(counted);
    expect(tries.take("x", 1)).toEqual(full);
  });

  test("password tries count from their start, in any case of the nickname, and a right one clears them", () => {
    const tries = new PasswordTries(new FakeClock(), 3);
    const ready = { ok: true, value: undefined } as const;
    expect([tries.begin("alice"), tries.begin("ALICE"), tries.begin("Alice")]).toEqual([ready, ready, ready]);
    expect(tries.begin("alice")).toEqual({ ok: false, error: { code: "wrong-password", message: "Too many wrong passwords for alice; try again in a minute." } });
    expect(tries.begin("bob")).toEqual(ready);
    tries.succeeded("aLiCe");
    expect(tries.begin("alice")).toEqual(ready);
  });
});
