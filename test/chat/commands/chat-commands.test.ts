import { describe, expect, test } from "bun:test";
import { immediate, setup } from "../chat-harness.ts";

describe("chat commands", () => {
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

  test("the away answer comes after the sender's own private message, not before it", () => {
    // Issue 22: the sender saw "bob is away" above the line they had just sent.
    const { chat, join } = setup();
    const alice = join("alice");
    const bob = join("bob");
    immediate(chat.input(bob.member, "/away at lunch"));
    immediate(chat.input(alice.member, "/msg bob are you there?"));
    const seen = alice.sink.events.filter((e) => e.kind === "private" || e.kind === "system").map((e) => e.text);
    expect(seen.slice(-2)).toEqual(["are you there?", "bob is away: at lunch"]);
  });

  test("/away when not away says so, rather than \"You are back.\"", () => {
    const { chat, join } = setup();
    const bob = join("bob");
    immediate(chat.input(bob.member, "/away"));
    expect(bob.sink.told.at(-1)).toBe("You were not away.");
  });

  test("/reply after a private message to yourself goes to the last other sender, or says there is none", () => {
    const { chat, join } = setup();
    const alice = join("alice");
    const bob = join("bob");
    immediate(chat.input(alice.member, "/msg alice a note to self"));
    const none = immediate(chat.input(alice.member, "/reply hello?"));
    expect(!none.ok && none.error.message).toBe("No one has sent you a private message yet.");
    immediate(chat.input(bob.member, "/msg alice hi"));
    immediate(chat.input(alice.member, "/msg alice another note"));
    immediate(chat.input(alice.member, "/reply hi bob"));
    expect(bob.sink.of("private").map((e) => e.text)).toEqual(["hi", "hi bob"]);
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
    expect(alice.sink.told.at(-1)).toBe("You ignore: TROLL");
    const self = immediate(chat.input(alice.member, "/ignore alice"));
    expect(!self.ok && self.error.message).toBe("You cannot ignore yourself.");
    immediate(chat.input(alice.member, "/unignore troll"));
    immediate(chat.input(troll.member, "back in view"));
    expect(alice.sink.of("message").at(-1)!.text).toBe("back in view");
    const again = immediate(chat.input(alice.member, "/unignore troll"));
    expect(!again.ok && again.error.message).toBe("You are not ignoring troll.");
  });

  test("/ignore takes only a nickname, at most 100 of them, each change paid with a token", () => {
    const { chat, clock, join } = setup({ msgRate: 1000, msgBurst: 1000 });
    const alice = join("alice");
    const word = immediate(chat.input(alice.member, `/ignore ${"x".repeat(2000)}`));
    expect(!word.ok && word.error.code).toBe("bad-arguments");
    expect(alice.member.ignored).toEqual([]);
    for (let i = 0; i < 100; i++) immediate(chat.input(alice.member, `/ignore n${i}`));
    const over = immediate(chat.input(alice.member, "/ignore one_more"));
    expect(!over.ok && over.error.message).toBe("You ignore 100 people already; /unignore someone first.");
    expect(alice.member.ignored.length).toBe(100);
    clock.advance(1000);
    const slow = setup({ msgRate: 1, msgBurst: 2 });
    const bob = slow.join("bob");
    const answers = ["a1", "a2", "a3"].map((nick) => immediate(slow.chat.input(bob.member, `/ignore ${nick}`)));
    expect(answers.map((a) => (a.ok ? "ok" : a.error.code))).toEqual(["ok", "ok", "rate-limited"]);
  });

  test("an ignore follows the one ignored through /nick, and matches look-alikes of the name", () => {
    const { chat, join } = setup();
    const alice = join("alice");
    const troll = join("troll");
    immediate(chat.input(alice.member, "/ignore troll"));
    immediate(chat.input(troll.member, "/nick nice_guy"));
    immediate(chat.input(troll.member, "still me"));
    expect(alice.sink.of("message").map((e) => e.text)).not.toContain("still me");
    expect(alice.member.ignored).toEqual(["nice_guy"]);
    // Someone else taking the old name is not ignored: the ignore went with the person.
    const other = join("troll");
    immediate(chat.input(other.member, "a newcomer"));
    expect(alice.sink.of("message").map((e) => e.text)).toContain("a newcomer");
    immediate(chat.input(alice.member, "/ignore B0B"));
    const bob = join("bob");
    immediate(chat.input(bob.member, "a look-alike of B0B"));
    expect(alice.sink.of("message").map((e) => e.text)).not.toContain("a look-alike of B0B");
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
    // Nor does /help describe one there, as if it worked.
    const helpOn = immediate(chat.input(page.member, "/help color"));
    expect(helpOn.ok || helpOn.error.message).toBe("/color works only in a terminal.");
    expect(immediate(chat.input(terminal.member, "/help color")).ok).toBe(true);
  });
});

describe("/whois in full", () => {
  test("/whois says who is you, how the nickname is proven, operator and muted, and long idle times in hours", async () => {
    const { chat, clock, join } = setup();
    const olga = join("olga");
    join("troll");
    await chat.input(olga.member, "/register olgas-password");
    await chat.moderation.setOperator("olga", true);
    immediate(chat.moderation.mute(undefined, "troll", "1d"));
    clock.advance(3 * 3_600_000 + 20 * 60_000);
    immediate(chat.input(olga.member, "/whois olga"));
    expect(olga.sink.told.at(-1)).toBe("olga (you): on telnet, in #lobby, idle 0s, registered (password), operator");
    immediate(chat.input(olga.member, "/whois troll"));
    expect(olga.sink.told.at(-1)).toBe("troll: on telnet, in #lobby, idle 3h 20m, nickname not registered, muted");
  });
});

describe("display settings", () => {
  test("/color and /timestamps set what a terminal shows, and say so; anything but on or off is refused", () => {
    const { chat, join } = setup();
    const alice = join("alice", "ssh");
    immediate(chat.input(alice.member, "/colour off"));
    immediate(chat.input(alice.member, "/timestamps ON"));
    expect(alice.member.preferences).toEqual({ colour: false, timestamps: true });
    expect(alice.sink.told).toEqual(["Colours off.", "Timestamps on."]);
    const refused = immediate(chat.input(alice.member, "/color maybe"));
    expect(!refused.ok && refused.error.message).toBe("Say on or off, not maybe.");
    expect(alice.member.preferences).toEqual({ colour: false, timestamps: true });
  });
});
