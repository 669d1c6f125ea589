import { describe, expect, test } from "bun:test";
import { Chat } from "../../src/chat/chat.ts";
import { LocalBackend } from "../../src/chat/cluster/local-backend.ts";
import type { Transport } from "../../src/chat/events.ts";
import { MemoryHistory } from "../../src/stores/memory-history.ts";
import { FakeClock } from "../helpers/fake-clock.ts";
import { FakeSink, immediate, tryJoin } from "./fake-member.ts";

function setup(options: ConstructorParameters<typeof Chat>[0] = {}) {
  const clock = new FakeClock();
  const chat = new Chat(options, new LocalBackend(new MemoryHistory()), clock);
  const join = (nick: string, transport: Transport = "telnet", paceInput = false) => {
    const sink = new FakeSink();
    const result = tryJoin(chat, nick, transport, sink, paceInput);
    if (!result.ok) throw new Error(result.error.message);
    return { member: result.value, sink };
  };
  return { chat, clock, join };
}

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
    expect(tryJoin(chat, "aiice").ok).toBe(true);
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

  test("the listener limit refuses one member too many with a reason", () => {
    const { chat, join } = setup({ maxClients: 2 });
    join("a");
    join("b");
    expect(chat.admission.isFull()).toBe(true);
    const third = tryJoin(chat, "c", "web");
    expect(third.ok).toBe(false);
    if (!third.ok) expect(third.error.code).toBe("server-full");
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

  test("a message over --max-line bytes is refused with a one-line reason and not sent", () => {
    const { chat, join } = setup({ maxLine: 10 });
    const alice = join("alice");
    const bob = join("bob");
    const refused = immediate(chat.input(alice.member, "ééééééé")); // 14 bytes
    expect(bob.sink.of("message")).toHaveLength(0);
    expect(refused.ok || refused.error.message).toMatch(/too long.*14 bytes.*10/);
    expect(alice.sink.told).toEqual([]);
  });

  test("a flood is rate limited after the burst and allowed again later", () => {
    const { chat, clock, join } = setup({ msgRate: 2, msgBurst: 3 });
    const alice = join("alice");
    const results = [0, 1, 2, 3, 4].map((i) => immediate(chat.input(alice.member, `m${i}`)));
    expect(alice.sink.of("message").map((e) => e.text)).toEqual(["m0", "m1", "m2"]);
    expect(results.map((r) => (r.ok ? "sent" : r.error.code))).toEqual(["sent", "sent", "sent", "rate-limited", "rate-limited"]);
    clock.advance(500);
    immediate(chat.input(alice.member, "later"));
    expect(alice.sink.of("message").at(-1)!.text).toBe("later");
  });

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

describe("commands", () => {
  test("/me is an action seen by the room", () => {
    const { chat, join } = setup();
    const alice = join("alice");
    const bob = join("bob");
    immediate(chat.input(alice.member, "/me waves"));
    expect(bob.sink.of("action")[0]).toMatchObject({ from: "alice", text: "waves" });
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

  test("private messages are replayed only to the two people involved", () => {
    const { chat, join } = setup();
    const alice = join("alice");
    const bob = join("bob");
    immediate(chat.input(alice.member, "/msg bob psst"));
    const carol = join("carol");
    expect(carol.sink.of("private")).toHaveLength(0);
    expect(carol.sink.entered[0]!.history.filter((e) => e.kind === "private")).toEqual([]);
    expect(chat.recent(alice.member).some((e) => e.kind === "private")).toBe(true);
    expect(chat.recent(bob.member).some((e) => e.kind === "private")).toBe(true);
    expect(chat.recent(carol.member).some((e) => e.kind === "private")).toBe(false);
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
    // The one who sent them still has both, under their new name.
    expect(chat.recent(dave.member).filter((e) => e.kind === "private")).toHaveLength(2);
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

  test("/away answers a private message with the reason; /away alone is back", () => {
    const { chat, join } = setup();
    const alice = join("alice");
    const bob = join("bob");
    immediate(chat.input(bob.member, "/away at lunch"));
    expect(bob.sink.told.at(-1)).toBe("You are marked away: at lunch");
    immediate(chat.input(alice.member, "/msg bob are you there?"));
    expect(alice.sink.told.at(-1)).toBe("bob is away: at lunch");
    // The message still reaches bob, to read when he is back.
    expect(bob.sink.of("private").map((e) => e.text)).toEqual(["are you there?"]);
    immediate(chat.input(bob.member, "/away"));
    expect(bob.sink.told.at(-1)).toBe("You are back.");
    const told = alice.sink.told.length;
    immediate(chat.input(alice.member, "/msg bob welcome back"));
    expect(alice.sink.told).toHaveLength(told);
    // The reason is cleaned as a message is (others see it), and a flood of /away is paced.
    immediate(chat.input(bob.member, "/away \u202egone\u001b[31m fishing"));
    expect(bob.sink.told.at(-1)).toBe("You are marked away: gone fishing");
    const answers = Array.from({ length: 12 }, (_, i) => immediate(chat.input(bob.member, `/away ${i}`)).ok);
    expect(answers.filter((answered) => !answered).length).toBeGreaterThan(0);
  });

  test("/whois says how someone is connected, where, how long idle, and whether away", () => {
    const { chat, clock, join } = setup();
    const alice = join("alice");
    const bob = join("bob", "web");
    immediate(chat.input(bob.member, "/join #dev"));
    clock.advance(125_000);
    immediate(chat.input(alice.member, "/whois BOB"));
    expect(alice.sink.told.at(-1)).toBe("bob: on web, in #dev, idle 2m 5s, nickname not registered");
    immediate(chat.input(bob.member, "/away back soon"));
    immediate(chat.input(alice.member, "/whois bob"));
    expect(alice.sink.told.at(-1)).toBe("bob: on web, in #dev, idle 0s, away: back soon, nickname not registered");
    const nobody = immediate(chat.input(alice.member, "/whois ghost"));
    expect(!nobody.ok && nobody.error.message).toBe("No one called ghost is here.");
  });

  test("/ignore hides someone's lines, live, private and in history, from that member only; /unignore shows them again", () => {
    const { chat, join } = setup();
    const alice = join("alice");
    const troll = join("troll");
    const carol = join("carol");
    immediate(chat.input(troll.member, "before the ignore"));
    immediate(chat.input(alice.member, "/ignore TROLL"));
    expect(alice.sink.told.at(-1)).toBe("You no longer see what TROLL says. /unignore TROLL to see it again.");
    immediate(chat.input(troll.member, "can you hear me"));
    immediate(chat.input(troll.member, "/me shouts"));
    immediate(chat.input(troll.member, "/msg alice psst"));
    immediate(chat.input(carol.member, "I can"));
    expect(alice.sink.events.filter((e) => "from" in e).map((e) => (e as { text: string }).text)).toEqual(["before the ignore", "I can"]);
    expect(carol.sink.of("message").map((e) => e.text)).toEqual(["before the ignore", "can you hear me", "I can"]);
    // Not in what she is shown of the past either: a move, a page load, a resume.
    expect(chat.recent(alice.member).map((e) => e.kind === "message" && e.text)).not.toContain("can you hear me");
    expect(chat.since(alice.member, 0)!.some((e) => "from" in e && e.from === "troll")).toBe(false);
    immediate(chat.input(alice.member, "/ignore"));
    expect(alice.sink.told.at(-1)).toBe("You ignore: troll");
    const self = immediate(chat.input(alice.member, "/ignore alice"));
    expect(!self.ok && self.error.message).toBe("You cannot ignore yourself.");
    immediate(chat.input(alice.member, "/unignore troll"));
    immediate(chat.input(troll.member, "back in view"));
    expect(alice.sink.of("message").at(-1)!.text).toBe("back in view");
    const again = immediate(chat.input(alice.member, "/unignore troll"));
    expect(!again.ok && again.error.message).toBe("You are not ignoring troll.");
  });

  test("/msg to nobody and a missing argument answer the sender only", () => {
    const { chat, join } = setup();
    const alice = join("alice");
    const bob = join("bob");
    const refusals = ["/msg ghost hi", "/msg bob"].map((line) => immediate(chat.input(alice.member, line)));
    expect(refusals.map((r) => !r.ok && r.error.message)).toEqual(["No one called ghost is here.", "Usage: /msg NICK TEXT..."]);
    expect(alice.sink.told).toEqual([]);
    expect(bob.sink.events.filter((e) => e.kind !== "join")).toEqual([]);
  });

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

  test("/who lists the room with each member's transport", () => {
    const { chat, join } = setup();
    const alice = join("alice");
    join("bob", "web");
    immediate(chat.input(alice.member, "/who"));
    expect(alice.sink.told.at(-1)).toBe("2 in #lobby: alice (telnet), bob (web)");
  });

  test("/help is generated from the command table", () => {
    const { chat, join } = setup();
    const alice = join("alice");
    immediate(chat.input(alice.member, "/help"));
    const help = alice.sink.told.at(-1)!;
    for (const usage of ["/nick NEW", "/me ACTION...", "/msg NICK TEXT...", "/who", "/quit [reason...]", "/join #ROOM"])
      expect(help).toContain(usage);
  });

  test("/help lists what works where it is typed; a terminal-only command says so on the web", () => {
    const { chat, join } = setup();
    const terminal = join("alice");
    const page = join("bob", "web");
    immediate(chat.input(terminal.member, "/help"));
    immediate(chat.input(page.member, "/help"));
    const [terminalHelp, pageHelp] = [terminal.sink.told.at(-1)!, page.sink.told.at(-1)!];
    expect(terminalHelp).toContain("/color on|off");
    expect(terminalHelp).toMatch(/\/quit \[reason\.\.\.\] +Leave the chat\. Also \/exit, \{quit\}\./);
    expect(pageHelp).not.toContain("/color");
    expect(pageHelp).not.toContain("/timestamps");
    expect(pageHelp).not.toContain("{quit}");
    expect(pageHelp).toMatch(/Leave the chat\. Also \/exit\.$/m);
    for (const line of ["/color off", "/timestamps off"]) {
      const refused = immediate(chat.input(page.member, line));
      expect(refused.ok || refused.error.message).toMatch(/^\/(color|timestamps) works only in a terminal\.$/);
    }
    expect(page.member.preferences).toEqual({});
  });

  test("/nick to the name one has already is answered, not silent", () => {
    const { chat, join } = setup();
    const alice = join("alice");
    expect(immediate(chat.input(alice.member, "/nick alice")).ok).toBe(true);
    expect(alice.sink.told.at(-1)).toBe("You are already alice.");
  });

  test("an unknown command and extra arguments are explained", () => {
    const { chat, join } = setup();
    const alice = join("alice");
    const refusals = ["/dance", "/who is here"].map((line) => immediate(chat.input(alice.member, line)));
    expect(refusals.map((r) => !r.ok && r.error.message)).toEqual(["Unknown command /dance. Type /help for the list.", "Usage: /who"]);
  });

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

  test("/join moves to another room, /part comes back, /rooms counts", () => {
    const { chat, join } = setup();
    const alice = join("alice");
    const bob = join("bob");
    immediate(chat.input(bob.member, "lobby talk"));
    immediate(chat.input(alice.member, "/join #Dev"));
    expect(alice.member.room).toBe("#dev");
    expect(alice.sink.entered.at(-1)).toEqual({ room: "#dev", history: [] });
    expect(bob.sink.of("leave")[0]).toMatchObject({ nick: "alice", reason: "moved to #dev" });
    const seenBefore = alice.sink.of("message").length;
    immediate(chat.input(bob.member, "not for alice"));
    expect(alice.sink.of("message")).toHaveLength(seenBefore);
    immediate(chat.input(bob.member, "/rooms"));
    expect(bob.sink.told.at(-1)).toBe("Rooms: #dev (1), #lobby (1, you are here)");
    immediate(chat.input(alice.member, "/part"));
    expect(alice.member.room).toBe("#lobby");
    expect(alice.sink.entered.at(-1)!.history.map((e) => "text" in e && e.text)).toEqual(["lobby talk", "not for alice"]);
    expect(chat.rooms().map((r) => r.name)).toEqual(["#lobby"]);
    const spaced = immediate(chat.input(alice.member, "/join bad room!"));
    expect(spaced.ok || spaced.error.message).toBe(
      "bad room! is not a room name: room names are # followed by 1–24 letters, digits, _ - or . (no spaces).",
    );
    const badName = immediate(chat.input(alice.member, "/join #b@d"));
    expect(badName.ok || badName.error.message).toContain("#b@d is not a room name");
  });
});

describe("leaving and stopping", () => {
  test("leave is announced once even if called twice", () => {
    const { chat, join } = setup();
    const alice = join("alice");
    const bob = join("bob");
    chat.leave(alice.member, "connection closed");
    chat.leave(alice.member, "connection closed");
    expect(bob.sink.of("leave")).toHaveLength(1);
    expect(chat.memberCount).toBe(1);
  });

  test("kick removes a member with a reason", () => {
    const { chat, join } = setup();
    const alice = join("alice");
    const bob = join("bob");
    immediate(chat.moderation.kick(undefined, "ALICE", "spam"));
    expect(alice.sink.closedWith).toBe("You were kicked by the console: spam");
    // One line in the room says it all: the leave that follows is not shown again.
    expect(bob.sink.of("moderation").map((e) => [e.action, e.target, e.by, e.reason])).toEqual([["kick", "alice", "the console", "spam"]]);
    expect(bob.sink.of("leave")).toHaveLength(0);
    expect(chat.memberCount).toBe(1);
    const nobody = chat.moderation.kick(undefined, "nobody", "");
    expect(!(nobody instanceof Promise) && !nobody.ok && nobody.error.code).toBe("no-such-nick");
  });

  test("announce reaches every room", () => {
    const { chat, join } = setup();
    const alice = join("alice");
    const bob = join("bob");
    immediate(chat.input(bob.member, "/join #other"));
    immediate(chat.announce("maintenance at noon"));
    for (const sink of [alice.sink, bob.sink]) expect(sink.of("notice").at(-1)!.text).toBe("maintenance at noon");
  });

  test("shutdown closes every member with the reason, once, and no one can join after", () => {
    const { chat, join } = setup();
    const alice = join("alice");
    const bob = join("bob", "web");
    const before = alice.sink.events.length;
    chat.shutdown();
    for (const sink of [alice.sink, bob.sink]) expect(sink.closedWith).toContain("shutting down");
    expect(alice.sink.events.length).toBe(before);
    expect(chat.memberCount).toBe(0);
    expect(tryJoin(chat, "late", "web").ok).toBe(false);
  });
});

describe("resuming", () => {
  test("since() returns exactly what came after an id, visible to the member", () => {
    const { chat, join } = setup();
    const alice = join("alice");
    const bob = join("bob");
    immediate(chat.input(alice.member, "one"));
    const mark = chat.lastEventId;
    immediate(chat.input(alice.member, "two"));
    immediate(chat.input(alice.member, "/msg bob private"));
    immediate(chat.input(alice.member, "three"));
    expect(chat.since(bob.member, mark)!.map((e) => ("text" in e ? e.text : e.kind))).toEqual(["two", "private", "three"]);
  });

  test("since() gives up, rather than skip, when more than a thousand events were missed", () => {
    const { chat, join } = setup({ msgRate: 1e6, msgBurst: 1e6 });
    const alice = join("alice");
    const mark = chat.lastEventId;
    for (let i = 0; i < 1000; i++) immediate(chat.input(alice.member, `m${i}`));
    expect(chat.since(alice.member, mark)).toHaveLength(1000);
    immediate(chat.input(alice.member, "one too many"));
    expect(chat.since(alice.member, mark)).toBeUndefined();
  });

  test("numbering continues from the history's last id", () => {
    const history = new MemoryHistory();
    const first = new Chat({}, new LocalBackend(history));
    tryJoin(first, "a");
    const second = new Chat({}, new LocalBackend(history));
    expect(second.lastEventId).toBe(first.lastEventId);
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

  test("the crowd line's words: names shown, the rest counted", async () => {
    const { describeCrowd } = await import("../../src/chat/rooms/crowds.ts");
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
