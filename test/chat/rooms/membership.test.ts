import { describe, expect, test } from "bun:test";
import { immediate, setup } from "../chat-harness.ts";

describe("membership", () => {
  test("a member is in its room from the newest event when it came in: what is newer happened while it was there", () => {
    const { chat, join } = setup();
    const alice = join("alice");
    immediate(chat.input(alice.member, "before bob"));
    const before = chat.lastEventId;
    const bob = join("bob");
    expect(bob.member.membership).toMatchObject({ room: "#lobby", since: before, readUpTo: undefined });
    expect(bob.sink.of("join")[0]!.id).toBeGreaterThan(before);
    immediate(chat.input(bob.member, "/join #dev"));
    // In #dev from just after its leave from #lobby.
    const leave = alice.sink.of("leave").at(-1)!;
    expect(leave).toMatchObject({ nick: "bob", reason: "moved to #dev" });
    expect(bob.member.membership).toMatchObject({ room: "#dev", since: leave.id });
  });

  test("a first visit to a room has nothing seen there; back in a room, the member is told the newest event when it left", () => {
    const { chat, join } = setup();
    const alice = join("alice");
    const bob = join("bob");
    immediate(chat.input(alice.member, "seen by bob"));
    const leftAt = chat.lastEventId;
    immediate(chat.input(bob.member, "/join #dev"));
    immediate(chat.input(alice.member, "said while bob was away"));
    const leftDevAt = chat.lastEventId;
    immediate(chat.input(bob.member, "/part"));
    expect(bob.sink.entered.map((e) => [e.room, e.seenUpTo])).toEqual([
      ["#lobby", undefined],
      ["#dev", undefined],
      ["#lobby", leftAt],
    ]);
    // What is newer is news to bob; what is not, he had seen.
    const history = bob.sink.entered.at(-1)!.history.filter((e) => e.kind === "message");
    expect(history.filter((e) => e.id > leftAt).map((e) => e.text)).toEqual(["said while bob was away"]);
    expect(history.filter((e) => e.id <= leftAt).map((e) => e.text)).toEqual(["seen by bob"]);
    // Back in #lobby, he reads it live again, and #dev is remembered in turn.
    expect(bob.member.membership.readUpTo).toBeUndefined();
    expect(bob.member.seenUpTo("#dev")).toBe(leftDevAt);
  });

  test("each visit counts: leaving a room again moves what was seen there on", () => {
    const { chat, join } = setup();
    const bob = join("bob");
    immediate(chat.input(bob.member, "/join #dev"));
    const first = bob.member.seenUpTo("#lobby")!;
    immediate(chat.input(bob.member, "/part"));
    immediate(chat.input(bob.member, "in the lobby again"));
    immediate(chat.input(bob.member, "/join #dev"));
    const second = bob.member.seenUpTo("#lobby")!;
    expect(second).toBeGreaterThan(first);
    immediate(chat.input(bob.member, "/part"));
    expect(bob.sink.entered.at(-1)).toMatchObject({ room: "#lobby", seenUpTo: second });
  });

  test("a member remembers the last 16 rooms it left: a 17th room back is a first visit again", () => {
    const { chat, join } = setup({ msgBurst: 20 });
    const visit = (nick: string, rooms: number) => {
      const member = join(nick);
      for (let i = 1; i <= rooms; i++) immediate(chat.input(member.member, `/join #r${i}`));
      immediate(chat.input(member.member, "/part"));
      return member.sink.entered.at(-1)!;
    };
    // Back in #lobby after 15 other rooms: 16 left, all remembered.
    expect(visit("sixteen", 15).seenUpTo).toBeNumber();
    // After 16 other rooms: 17 left, and #lobby, the oldest, is forgotten.
    expect(visit("seventeen", 16)).toEqual({ room: "#lobby", history: [] });
  });
});
