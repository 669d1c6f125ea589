import { describe, expect, test } from "bun:test";
import { Chat } from "../../../src/chat/chat.ts";
import { LocalBackend } from "../../../src/chat/cluster/local-backend.ts";
import { describeCrowd } from "../../../src/chat/rooms/crowds.ts";
import { MemoryHistory } from "../../../src/stores/memory-history.ts";
import { FakeClock } from "../../helpers/fake-clock.ts";
import { FakeSink, immediate, setup, setupWithStores, tryJoin } from "../chat-harness.ts";

describe("moving between rooms", () => {
  test("a move costs a token, as a message does: a web hopper is refused, a terminal's hops wait their turn", () => {
    const { chat, clock, join } = setup({ msgRate: 1, msgBurst: 2 });
    const web = join("hopper", "web");
    const codes = ["/join #a", "/join #b", "/part"].map((line) => {
      const result = immediate(chat.input(web.member, line));
      return result.ok ? "ok" : result.error.code;
    });
    expect(codes).toEqual(["ok", "ok", "rate-limited"]);
    expect(web.member.room).toBe("#b");
    const terminal = join("typist", "telnet", true);
    for (const line of ["/join #a", "/join #b", "/join #c"]) immediate(chat.input(terminal.member, line));
    expect(terminal.member.room).toBe("#b");
    clock.advance(1000);
    expect(terminal.member.room).toBe("#c");
  });

  test("/join enters another room too, /part leaves it, /rooms counts; a room nobody is in is forgotten", () => {
    const { chat, join } = setup();
    const alice = join("alice");
    const bob = join("bob");
    immediate(chat.input(bob.member, "lobby talk"));
    immediate(chat.input(alice.member, "/join #Dev"));
    expect(alice.member.room).toBe("#dev");
    expect(alice.sink.entered.at(-1)).toEqual({ room: "#dev", history: [] });
    expect(bob.sink.of("leave")).toEqual([]);
    immediate(chat.input(bob.member, "still for alice"));
    expect(alice.sink.of("message").map((e) => e.text)).toEqual(["lobby talk", "still for alice"]);
    immediate(chat.input(bob.member, "/rooms"));
    expect(bob.sink.told.at(-1)).toBe("Rooms: #dev (1), #lobby (2, you are here)");
    immediate(chat.input(alice.member, "/part"));
    expect(alice.member.room).toBe("#lobby");
    expect(bob.sink.of("leave")).toEqual([]);
    expect(chat.rooms().map((r) => r.name)).toEqual(["#lobby"]);
    const spaced = immediate(chat.input(alice.member, "/join bad room!"));
    expect(spaced.ok || spaced.error.message).toBe(
      "bad room! is not a room name: room names are # followed by 1–24 letters, digits, _ - or . (no spaces).",
    );
    const badName = immediate(chat.input(alice.member, "/join #b@d"));
    expect(badName.ok || badName.error.message).toContain("#b@d is not a room name");
  });
});

describe("big rooms", () => {
  test("above the threshold, comings and goings are told once a second in one crowd line; small rooms stay exact", () => {
    const { chat, clock, join } = setup({ bigRoom: 3, maxPerAddress: 100 });
    const watcher = join("watcher");
    const early = [join("a1"), join("a2")];
    // Three members: still small, every join told on its own.
    expect(watcher.sink.of("join").filter((e) => !e.quiet).map((e) => e.nick)).toEqual(["watcher", "a1", "a2"]);
    const crowd = Array.from({ length: 8 }, (_, i) => join(`n${i}`));
    chat.leave(early[0]!.member, "quit");
    chat.leave(crowd[7]!.member, "quit");
    // Nothing told yet: quiet comings and goings reach no one on their own.
    expect(watcher.sink.of("crowd")).toEqual([]);
    expect(watcher.sink.of("join").map((e) => e.nick)).toEqual(["watcher", "a1", "a2"]);
    expect(watcher.sink.of("leave")).toEqual([]);
    // A stream resuming from before them is told them in the crowd line only, and they do
    // not count against its replay limit (a storm of thousands would force a redraw).
    expect(chat.since(watcher.member, 0)!.filter((e) => e.kind === "join" || e.kind === "leave").map((e) => e.nick)).toEqual(["watcher", "a1", "a2"]);
    clock.advance(1000);
    expect(chat.since(watcher.member, 0)!.filter((e) => e.kind === "crowd")).toHaveLength(1);
    const [line] = watcher.sink.of("crowd");
    expect(line).toMatchObject({ room: "#lobby", joinedCount: 8, joined: ["n0", "n1", "n2", "n3", "n4"], leftCount: 2, left: ["a1", "n7"] });
    expect(watcher.sink.of("crowd")).toHaveLength(1);
    // A second later with nothing new: no line.
    clock.advance(1000);
    expect(watcher.sink.of("crowd")).toHaveLength(1);
    // Back under the threshold the room is exact again.
    for (const member of crowd.slice(0, 7)) chat.leave(member.member, "quit");
    clock.advance(1000);
    join("late");
    expect(watcher.sink.of("join").at(-1)).toMatchObject({ nick: "late" });
    expect(watcher.sink.of("join").at(-1)!.quiet).toBeUndefined();
  });

  test("the crowd line's words: names shown, the rest counted", () => {
    const at = 0;
    expect(describeCrowd({ kind: "crowd", id: 1, at, room: "#lobby", joined: ["a", "b"], joinedCount: 37, left: ["x"], leftCount: 1 })).toBe(
      "37 joined #lobby: a, b and 35 more; 1 left: x",
    );
    expect(describeCrowd({ kind: "crowd", id: 1, at, room: "#dev", joined: [], joinedCount: 0, left: ["x", "y"], leftCount: 2 })).toBe(
      "2 left #dev: x, y",
    );
  });
});

describe("listings", () => {
  test("nicknames are listed in order, whatever their case, and numbers in them by value", () => {
    const { chat, join } = setup();
    for (const nick of ["guest10", "Bob", "guest2", "alice", "guest1"]) join(nick);
    expect(chat.membersOf("#lobby").map((m) => m.nick)).toEqual(["alice", "Bob", "guest1", "guest2", "guest10"]);
  });
});

describe("topics", () => {
  test("/topic sets what a room is about: told on entering, listed by /rooms, cleared with -", async () => {
    const t = setupWithStores();
    const alice = await t.join("alice");
    await t.chat.input(alice.member, "/topic Release on Friday");
    expect(alice.sink.of("topic").at(-1)).toMatchObject({ room: "#lobby", by: "alice", topic: "Release on Friday" });
    const bob = await t.join("bob");
    expect(bob.sink.told).toContain("Topic of #lobby: Release on Friday (set by alice)");
    await t.chat.input(bob.member, "/rooms");
    expect(bob.sink.told.at(-1)).toBe("Rooms: #lobby (2, you are here) Release on Friday");
    await t.chat.input(bob.member, "/topic");
    expect(bob.sink.told.at(-1)).toBe("Topic of #lobby: Release on Friday (set by alice)");
    await t.chat.input(bob.member, "/topic -");
    await t.chat.input(bob.member, "/topic");
    expect(bob.sink.told.at(-1)).toBe("#lobby has no topic. /topic TEXT sets one.");
  });
});

describe("topics kept", () => {
  test("a room's topic is kept while nobody is in it, and over a restart, for whoever comes next", () => {
    const history = new MemoryHistory();
    const first = new Chat({}, new LocalBackend(history), new FakeClock());
    const alice = tryJoin(first, "alice");
    if (!alice.ok) throw new Error(alice.error.message);
    immediate(first.input(alice.value, "/join #dev"));
    immediate(first.input(alice.value, "/topic Release on Friday"));
    immediate(first.input(alice.value, "/part"));
    expect(first.rooms().map((r) => r.name)).toEqual(["#lobby"]);
    expect(first.topicOf("#dev")).toMatchObject({ by: "alice", topic: "Release on Friday" });
    const second = new Chat({}, new LocalBackend(history), new FakeClock());
    const bobSink = new FakeSink();
    const bob = tryJoin(second, "bob", "telnet", bobSink);
    if (!bob.ok) throw new Error(bob.error.message);
    immediate(second.input(bob.value, "/join #dev"));
    expect(bobSink.told).toContain("Topic of #dev: Release on Friday (set by alice)");
  });
});
