import { describe, expect, test } from "bun:test";
import { BanList, describeBans } from "../../../src/chat/moderation/ban-list.ts";
import type { Ban } from "../../../src/stores/ban-store.ts";
import { FakeClock } from "../../helpers/fake-clock.ts";

describe("the ban list", () => {
  test("a ban is found by its nickname in any case, by its address, and by either for /unban", () => {
    const bans = new BanList(new FakeClock());
    const troll: Ban = { target: "Troll", nick: "Troll", address: "203.0.113.9", by: "alice" };
    bans.add(troll);
    expect(bans.onNick("TROLL")).toBe(troll);
    expect(bans.onAddress("203.0.113.9")).toBe(troll);
    expect(bans.onAddress("203.0.113.10")).toBeUndefined();
    expect(bans.find("203.0.113.9")).toBe(troll);
    bans.remove("troll");
    expect(bans.list()).toEqual([]);
  });

  test("a ban of an address alone keeps no nickname out", () => {
    const bans = new BanList(new FakeClock());
    bans.add({ target: "203.0.113.9", address: "203.0.113.9", by: "the console" });
    expect(bans.onNick("203.0.113.9")).toBeUndefined();
    expect(bans.onAddress("203.0.113.9")).toBeDefined();
  });

  test("a ban that ended is in force no more", () => {
    const clock = new FakeClock();
    const bans = new BanList(clock);
    bans.add({ target: "troll", nick: "troll", by: "alice", until: clock.now() + 60_000 });
    bans.add({ target: "spammer", nick: "spammer", by: "alice" });
    clock.advance(59_999);
    expect(bans.onNick("troll")).toBeDefined();
    clock.advance(1);
    expect(bans.onNick("troll")).toBeUndefined();
    expect(bans.list().map((ban) => ban.target)).toEqual(["spammer"]);
  });

  test("/bans lists each ban with what it keeps out, for how long, by whom and why", () => {
    const now = Date.UTC(2026, 0, 1);
    expect(describeBans([], now)).toBe("No bans are in force.");
    expect(
      describeBans(
        [
          { target: "troll", nick: "troll", address: "203.0.113.9", by: "alice", reason: "flooding", until: now + 3_600_000 },
          { target: "198.51.100.7", address: "198.51.100.7", by: "the console" },
        ],
        now,
      ),
    ).toBe("2 bans in force:\n  troll and 203.0.113.9, for another 60 minutes, by alice: flooding\n  198.51.100.7, for good, by the console");
  });
});
