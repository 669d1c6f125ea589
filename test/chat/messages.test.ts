import { describe, expect, test } from "bun:test";
import { immediate, setup } from "./chat-harness.ts";

describe("talking", () => {
  test("a message reaches everyone in the room, the sender too, with nick and time", () => {
    const { chat, clock, join } = setup();
    const alice = join("alice");
    const bob = join("bob");
    clock.advance(60_000);
    immediate(chat.input(alice.member, "hello bob"));
    for (const sink of [alice.sink, bob.sink]) {
      const [message] = sink.of("message");
      expect(message).toMatchObject({ from: "alice", text: "hello bob", room: "#lobby", at: clock.now() });
    }
  });

  test("escape sequences, control characters and bidi overrides never enter a message", () => {
    const { chat, join } = setup();
    const alice = join("alice");
    immediate(chat.input(alice.member, "a\x1b[2Jb\x07c\u202ed\x1b]0;title\x07e\x9b31mf\x00g"));
    expect(alice.sink.of("message")[0]!.text).toBe("abcdefg");
  });

  test("invisible characters never enter a message, but emoji keep their joiners", () => {
    const { chat, join } = setup();
    const alice = join("alice");
    const family = "👨\u200d👩\u200d👧";
    immediate(chat.input(alice.member, `\ufeffa\u200bb\u200dc\u2028d\u2029e\u200ef\u2060g\u00adh\u3164 ${family}\u200d`));
    expect(alice.sink.of("message")[0]!.text).toBe(`abcdefgh ${family}`);
  });

  test("/me is an action seen by the room", () => {
    const { chat, join } = setup();
    const alice = join("alice");
    const bob = join("bob");
    immediate(chat.input(alice.member, "/me waves"));
    expect(bob.sink.of("action")[0]).toMatchObject({ from: "alice", text: "waves" });
  });

  test("announce reaches every room", () => {
    const { chat, join } = setup();
    const alice = join("alice");
    const bob = join("bob");
    immediate(chat.input(bob.member, "/join #other"));
    immediate(chat.announce("maintenance at noon"));
    for (const sink of [alice.sink, bob.sink]) expect(sink.of("notice").at(-1)!.text).toBe("maintenance at noon");
  });

  test("an announcement belongs to the history of the rooms there were, not of rooms made later", () => {
    // Issue 22: a console `say` showed in the history of every room created after it.
    const { chat, join } = setup();
    const alice = join("alice");
    const bob = join("bob");
    immediate(chat.input(bob.member, "/join #dev"));
    immediate(chat.announce("maintenance at noon"));
    immediate(chat.input(alice.member, "/join #later"));
    const notices = (member: typeof alice.member) => chat.recent(member).filter((e) => e.kind === "notice");
    expect(notices(alice.member)).toEqual([]);
    expect(notices(bob.member).map((e) => e.text)).toEqual(["maintenance at noon"]);
    immediate(chat.input(alice.member, "/join #lobby"));
    expect(notices(alice.member).map((e) => e.text)).toEqual(["maintenance at noon"]);
  });
});

describe("private messages", () => {
  test("a private message reaches its recipient whatever room it is in, and is in no room's history", () => {
    const { chat, join } = setup();
    const alice = join("alice");
    const bob = join("bob");
    immediate(chat.input(bob.member, "/join #dev"));
    immediate(chat.input(bob.member, "/part #lobby"));
    immediate(chat.input(alice.member, "/msg bob over here"));
    expect(bob.sink.of("private").map((e) => e.text)).toEqual(["over here"]);
    expect(chat.recent(bob.member).some((e) => e.kind === "private")).toBe(false);
    // Back in #lobby, it is not shown again: no room has it.
    immediate(chat.input(bob.member, "/join #lobby"));
    expect(bob.sink.entered.at(-1)!.history.some((e) => e.kind === "private")).toBe(false);
    expect(chat.recent(bob.member, 50, undefined, "#dev").some((e) => e.kind === "private")).toBe(false);
  });

  test("/msg reaches only the recipient and the sender", () => {
    const { chat, join } = setup();
    const alice = join("alice");
    const bob = join("bob");
    const carol = join("carol");
    immediate(chat.input(alice.member, "/msg BOB psst secret"));
    expect(bob.sink.of("private")[0]).toMatchObject({ from: "alice", to: "bob", text: "psst secret" });
    expect(alice.sink.of("private")).toHaveLength(1);
    expect(carol.sink.of("private")).toHaveLength(0);
  });

  test("private messages are replayed to the two people involved only, in no room's history", () => {
    const { chat, join } = setup();
    const alice = join("alice");
    const bob = join("bob");
    immediate(chat.input(alice.member, "/msg bob psst"));
    const carol = join("carol");
    expect(carol.sink.of("private")).toHaveLength(0);
    expect(carol.sink.entered[0]!.history.filter((e) => e.kind === "private")).toEqual([]);
    // A stream resuming gets it, for the two only; a room's history never has it.
    expect(chat.since(alice.member, 0)!.some((e) => e.kind === "private")).toBe(true);
    expect(chat.since(bob.member, 0)!.some((e) => e.kind === "private")).toBe(true);
    expect(chat.since(carol.member, 0)!.some((e) => e.kind === "private")).toBe(false);
    for (const someone of [alice, bob, carol]) expect(chat.recent(someone.member).some((e) => e.kind === "private")).toBe(false);
  });

  test("whoever takes a nickname later never sees the privates of the one who had it", () => {
    const { chat, join } = setup();
    const dave = join("dave");
    const erin = join("erin", "web");
    immediate(chat.input(dave.member, "/msg erin for erin only"));
    immediate(chat.input(erin.member, "/msg dave and back"));
    chat.leave(erin.member, "left");
    const newcomer = join("erin");
    const renamer = join("mallory");
    immediate(chat.input(dave.member, "/nick dave2"));
    immediate(chat.input(renamer.member, "/nick dave"));
    for (const someone of [newcomer, renamer]) {
      expect(someone.sink.entered[0]!.history.filter((e) => e.kind === "private")).toEqual([]);
      expect(chat.recent(someone.member).filter((e) => e.kind === "private")).toEqual([]);
      expect(chat.since(someone.member, 0)!.filter((e) => e.kind === "private")).toEqual([]);
    }
    // The one who sent them still has both, under their new name, in their conversation.
    expect(chat.conversation(dave.member, erin.member.id).map((e) => e.text)).toEqual(["for erin only", "and back"]);
    expect(chat.conversation(renamer.member, erin.member.id)).toEqual([]);
    // A private to "erin" now reaches the newcomer, and only as new.
    immediate(chat.input(dave.member, "/msg erin hello stranger"));
    expect(newcomer.sink.of("private").map((e) => e.text)).toEqual(["hello stranger"]);
  });

  test("/reply answers whoever last sent a private message, by who they are, not their old name", () => {
    const { chat, join } = setup();
    const alice = join("alice");
    const bob = join("bob");
    const carol = join("carol");
    const first = immediate(chat.input(bob.member, "/reply anyone?"));
    expect(!first.ok && first.error.message).toBe("No one has sent you a private message yet.");
    immediate(chat.input(alice.member, "/msg bob psst"));
    immediate(chat.input(carol.member, "/msg bob me too"));
    // The last sender is carol; she renames before bob answers.
    immediate(chat.input(carol.member, "/nick caro"));
    immediate(chat.input(bob.member, "/r got it"));
    expect(carol.sink.of("private").at(-1)).toMatchObject({ from: "bob", to: "caro", text: "got it" });
    expect(alice.sink.of("private").map((e) => e.text)).toEqual(["psst"]);
    // Someone else taking the old name is not answered; once carol has left, bob is told so.
    chat.leave(carol.member, "quit");
    join("carol");
    const gone = immediate(chat.input(bob.member, "/reply still there?"));
    expect(!gone.ok && gone.error.message).toBe("Whoever last sent you a private message has left.");
  });
});

describe("counting", () => {
  test("the chat counts messages said, joins and leaves for /metrics; what is refused is not counted", () => {
    const { chat, join } = setup({ maxLine: 10 });
    const alice = join("alice");
    const bob = join("bob");
    immediate(chat.input(alice.member, "hello"));
    immediate(chat.input(alice.member, "/me waves"));
    immediate(chat.input(alice.member, "/msg bob psst"));
    immediate(chat.input(alice.member, "far too long to send"));
    chat.leave(bob.member, "quit");
    expect(chat.stats).toEqual({ messages: 3, joins: 2, leaves: 1, handovers: 0 });
  });
});
