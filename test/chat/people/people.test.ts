import { describe, expect, test } from "bun:test";
import { immediate, setup, tryJoin } from "../chat-harness.ts";

describe("joining", () => {
  test("everyone in the room sees a join, including the newcomer, with increasing ids", () => {
    const { join } = setup();
    const alice = join("alice");
    const bob = join("bob", "web");
    const joins = alice.sink.of("join");
    expect(joins.map((e) => [e.nick, e.transport])).toEqual([
      ["alice", "telnet"],
      ["bob", "web"],
    ]);
    expect(joins[1]!.id).toBeGreaterThan(joins[0]!.id);
    expect(bob.sink.of("join").at(-1)!.nick).toBe("bob");
  });

  test("nicknames are unique case-insensitively and refused with a reason", () => {
    const { chat, join } = setup();
    join("Alice");
    const taken = tryJoin(chat, "aLICE", "web");
    expect(taken.ok).toBe(false);
    if (!taken.ok) {
      expect(taken.error.code).toBe("nick-taken");
      expect(taken.error.message).toContain("taken");
    }
  });

  test.each([
    ["alice", "aIice"],
    ["aIice", "a1ice"],
    ["bob0", "bobO"],
    ["Bobo", "b0b0"],
    ["morn", "mom"],
  ])("with %p here, the look-alike %p is refused", (here, lookalike) => {
    const { chat, join } = setup();
    join(here);
    const refused = tryJoin(chat, lookalike);
    expect(refused.ok || refused.error.message).toBe(
      `The nickname ${lookalike} looks too much like ${here}, who is here; please pick another.`,
    );
  });

  test("names that only share letters are not look-alikes, and one may change the case of one's own", () => {
    const { chat, join } = setup();
    const alice = join("alice");
    expect(tryJoin(chat, "allie").ok).toBe(true);
    expect(tryJoin(chat, "alicia").ok).toBe(true);
    expect(immediate(chat.input(alice.member, "/nick ALICE")).ok).toBe(true);
    expect(tryJoin(chat, "alice").ok).toBe(false);
  });

  test.each(["", "a b", "seventeen_chars_x", "<img>", "ünï", "tab\there"])("nickname %p is refused", (nick) => {
    const { chat } = setup();
    const result = tryJoin(chat, nick);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe("nick-invalid");
  });

  test.each(["a", "Bob_the-2nd.x", "sixteen_chars_xx"])("nickname %p is accepted", (nick) => {
    const { chat } = setup();
    expect(tryJoin(chat, nick).ok).toBe(true);
  });

  test("a newcomer is handed the recent conversation (no joins) before its own join", () => {
    const { chat, join } = setup({ historyOnJoin: 3 });
    const alice = join("alice");
    for (const text of ["one", "two", "three", "four"]) immediate(chat.input(alice.member, text));
    const bob = join("bob");
    expect(bob.sink.entered).toHaveLength(1);
    const { room, history } = bob.sink.entered[0]!;
    expect(room).toBe("#lobby");
    expect(history.map((e) => (e.kind === "message" ? e.text : e.kind))).toEqual(["two", "three", "four"]);
    expect(bob.sink.events.map((e) => e.kind)).toEqual(["join"]);
  });
});

describe("renaming", () => {
  test("/nick renames, tells the room, and frees the old name", () => {
    const { chat, join } = setup();
    const alice = join("alice");
    const bob = join("bob");
    immediate(chat.input(alice.member, "/nick Alicia"));
    expect(bob.sink.of("rename")[0]).toMatchObject({ from: "alice", to: "Alicia" });
    expect(chat.find("alicia")).toBe(alice.member);
    expect(chat.find("alice")).toBeUndefined();
    const taken = immediate(chat.input(bob.member, "/nick alicia"));
    expect(taken.ok || taken.error.message).toContain("taken");
    immediate(chat.input(alice.member, "/nick ALICIA"));
    expect(alice.member.nick).toBe("ALICIA");
  });

  test("/nick to the name one has already is answered, not silent", () => {
    const { chat, join } = setup();
    const alice = join("alice");
    expect(immediate(chat.input(alice.member, "/nick alice")).ok).toBe(true);
    expect(alice.sink.told.at(-1)).toBe("You are already alice.");
  });
});

describe("leaving and stopping", () => {
  test.each(["/quit", "{quit}", "/quit gone fishing"])("%s leaves, tells the room and closes", (line) => {
    const { chat, join } = setup();
    const alice = join("alice");
    const bob = join("bob");
    immediate(chat.input(alice.member, line));
    expect(alice.sink.closedWith).toBe("Goodbye!");
    const leave = bob.sink.of("leave")[0]!;
    expect(leave.nick).toBe("alice");
    expect(leave.reason).toBe(line.includes("fishing") ? "quit: gone fishing" : "quit");
    expect(chat.find("alice")).toBeUndefined();
  });

  test("leave is announced once even if called twice", () => {
    const { chat, join } = setup();
    const alice = join("alice");
    const bob = join("bob");
    chat.leave(alice.member, "connection closed");
    chat.leave(alice.member, "connection closed");
    expect(bob.sink.of("leave")).toHaveLength(1);
    expect(chat.memberCount).toBe(1);
  });

  test("shutdown closes every member with the reason, once, and no one can join after", () => {
    const { chat, join } = setup();
    const alice = join("alice");
    const bob = join("bob", "web");
    const before = alice.sink.events.length;
    chat.shutdown();
    for (const sink of [alice.sink, bob.sink]) expect(sink.closedWith).toContain("shutting down");
    // Not their doing: a transport may keep their place for when the server is back.
    for (const sink of [alice.sink, bob.sink]) expect(sink.closedFor).toBe("shutdown");
    expect(alice.sink.events.length).toBe(before);
    expect(chat.memberCount).toBe(0);
    expect(tryJoin(chat, "late", "web").ok).toBe(false);
  });
});

describe("what the member list shows", () => {
  test("a member's marks changing (away, registered, operator) is one status event to each of their rooms, none to others; no event when nothing changed", async () => {
    const { chat, join } = setup();
    const alice = join("alice");
    const bob = join("bob");
    const elsewhere = join("carol");
    immediate(chat.input(elsewhere.member, "/join #dev"));
    immediate(chat.input(elsewhere.member, "/part #lobby"));
    immediate(chat.input(bob.member, "/away lunch"));
    immediate(chat.input(bob.member, "/away lunch"));
    immediate(chat.input(bob.member, "/away"));
    await chat.input(bob.member, "/register bobs-password");
    await chat.moderation.setOperator("bob", true);
    expect(alice.sink.of("status").map((e) => [e.nick, e.marks])).toEqual([
      ["bob", { away: "lunch" }],
      ["bob", {}],
      ["bob", { registered: true }],
      ["bob", { registered: true, op: true }],
    ]);
    expect(elsewhere.sink.of("status")).toEqual([]);
  });

  test("a rename carries the marks with it, even when they change by it: no status event of its own", async () => {
    const { chat, join } = setup();
    const alice = join("alice");
    const bob = join("bob");
    await chat.input(bob.member, "/register bobs-password");
    // Away from his registered nickname, he is no longer marked registered.
    await chat.input(bob.member, "/nick robert");
    expect(bob.member.account).toBeUndefined();
    expect(alice.sink.events.filter((e) => e.kind === "status" || e.kind === "rename").map((e) => e.kind)).toEqual(["status", "rename"]);
  });
});
