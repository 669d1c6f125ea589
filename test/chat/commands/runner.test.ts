import { describe, expect, test } from "bun:test";
import type { Command, ConsoleControls } from "../../../src/chat/commands/command.ts";
import { COMMANDS } from "../../../src/chat/commands/table.ts";
import type { Transport } from "../../../src/chat/events.ts";
import type { Member } from "../../../src/chat/people/member.ts";
import { fail, ok } from "../../../src/chat/result.ts";
import { codeOf, immediate, setup } from "../chat-harness.ts";

/** `/roll SIDES [times]`: a new command is this row and its handler, nothing else. */
const ROLL: Command = {
  name: "roll",
  aliases: ["dice"],
  for: "members",
  params: ["SIDES", "[times]"],
  help: "Roll a die with SIDES sides.",
  more: "The dice are loaded: every roll comes up SIDES.",
  run: ({ member, args, reply }) => {
    const [sides, times = "1"] = args;
    return ok(reply(`${member.nick} rolls ${times}d${sides}: ${Array(Number(times)).fill(sides).join(" ")}`));
  },
};

/** A row for operators (and so for the console too), whose handler answers only once it is done. */
const HUSH: Command = {
  name: "hush",
  for: "operators",
  params: ["NICK"],
  help: "Ask someone to be quiet (operators).",
  consoleDone: ([nick]) => `Hushed ${nick}.`,
  run: ({ chat, args, reply }) =>
    Promise.resolve(chat.find(args[0]!) ? ok(reply(`Asking ${args[0]} to hush…`)) : fail("no-such-nick", `No one called ${args[0]} is here.`)),
};

/** A row for the console alone. */
const SHOUT: Command = {
  name: "shout",
  for: "console",
  params: ["TEXT..."],
  help: "print TEXT in capitals",
  run: ({ args, reply }) => ok(reply(args[0]!.toUpperCase())),
};

/** A row that means something in a terminal only. */
const BEEP: Command = {
  name: "beep",
  for: "members",
  params: [],
  on: ["telnet", "ssh"],
  help: "Ring your terminal's bell.",
  run: ({ reply }) => ok(reply("Beep.")),
};

/** A chat whose table is the usual one and the rows above: the runner checks, the chat runs them. */
function withRows() {
  const t = setup({}, [...COMMANDS, ROLL, HUSH, SHOUT, BEEP]);
  const run = (member: Member, line: string) => immediate(t.chat.input(member, line));
  const controls: ConsoleControls = { stop() {}, watch() {}, watching: false };
  const printed: string[] = [];
  const runConsole = (line: string) => t.chat.runConsole(line, controls, (text) => printed.push(text));
  return { ...t, run, runConsole, printed };
}

describe("a new row of the table", () => {
  test.each<Transport>(["telnet", "ssh", "web"])("a member on %s runs it by its name or its alias", (transport) => {
    const { join, run } = withRows();
    const alice = join("alice", transport);
    expect(run(alice.member, "/roll 6 3").ok).toBe(true);
    expect(run(alice.member, "/DICE 20").ok).toBe(true);
    expect(alice.sink.told).toEqual(["alice rolls 3d6: 6 6 6", "alice rolls 1d20: 20"]);
  });

  test.each<Transport>(["telnet", "ssh", "web"])("on %s it is in /help, and /help NAME gives its usage, help and more", (transport) => {
    const { join, run } = withRows();
    const alice = join("alice", transport);
    run(alice.member, "/help");
    expect(alice.sink.told.at(-1)).toMatch(/^ {2}\/roll SIDES \[times\] +Roll a die with SIDES sides\. Also \/dice\.$/m);
    run(alice.member, "/help roll");
    expect(alice.sink.told.at(-1)).toBe("/roll SIDES [times]  Roll a die with SIDES sides.\nThe dice are loaded: every roll comes up SIDES.");
  });

  test("a missing or an extra argument is answered with its usage, and the handler does not run", () => {
    const { join, run } = withRows();
    const alice = join("alice");
    const refusals = ["/roll", "/roll 6 2 again"].map((line) => run(alice.member, line));
    expect(refusals.map((r) => !r.ok && r.error.code)).toEqual(["bad-arguments", "bad-arguments"]);
    expect(refusals.map((r) => !r.ok && r.error.message)).toEqual(["Usage: /roll SIDES [times]", "Usage: /roll SIDES [times]"]);
    expect(alice.sink.told).toEqual([]);
  });
});

describe("who may run a row", () => {
  test("a row for operators is refused to a member who is not one, with the standard line, and left out of their /help", () => {
    const { join, run } = withRows();
    const bob = join("bob");
    join("troll");
    const refused = run(bob.member, "/hush troll");
    expect(!refused.ok && refused.error).toEqual({ code: "not-allowed", message: "/hush is for operators; the server's console makes them." });
    expect(bob.sink.told).toEqual([]);
    run(bob.member, "/help");
    expect(bob.sink.told.at(-1)).not.toContain("/hush");
  });

  test("a row for operators runs for an operator, and is in their /help", async () => {
    const { chat, join } = withRows();
    const olga = join("olga");
    join("troll");
    expect(await codeOf(chat.input(olga.member, "/register olgas-password"))).toBe("ok");
    expect(await codeOf(chat.moderation.setOperator("olga", true))).toBe("ok");
    expect(await codeOf(chat.input(olga.member, "/hush troll"))).toBe("ok");
    expect(olga.sink.told.at(-1)).toBe("Asking troll to hush…");
    await chat.input(olga.member, "/help");
    expect(olga.sink.told.at(-1)).toContain("/hush NICK");
  });

  test("the console runs a row for operators, and prints its consoleDone only once the handler has succeeded", async () => {
    const { join, runConsole, printed } = withRows();
    join("troll");
    runConsole("hush troll");
    // The handler answers later: what it did is not printed before it is done.
    expect(printed).toEqual(["Asking troll to hush…"]);
    await Bun.sleep(0);
    expect(printed).toEqual(["Asking troll to hush…", "Hushed troll."]);
  });

  test("at the console a refusal is printed instead of consoleDone, and a wrong count of arguments gets the usage without a slash", async () => {
    const { runConsole, printed } = withRows();
    runConsole("hush ghost");
    await Bun.sleep(0);
    expect(printed).toEqual(["No one called ghost is here."]);
    runConsole("hush");
    runConsole("hush two names");
    expect(printed.slice(1)).toEqual(["Usage: hush NICK", "Usage: hush NICK"]);
  });

  test("a row for the console is unknown to members and not in their /help; the console runs it and lists it", () => {
    const { chat, join, run, runConsole, printed } = withRows();
    const alice = join("alice");
    const unknown = run(alice.member, "/shout hello");
    expect(!unknown.ok && unknown.error.message).toBe("Unknown command /shout. Type /help for the list.");
    const helpOn = immediate(chat.help.helpOn("shout", alice.member));
    expect(!helpOn.ok && helpOn.error.code).toBe("unknown-command");
    run(alice.member, "/help");
    expect(alice.sink.told.at(-1)).not.toContain("shout");
    runConsole("shout hello there");
    expect(printed).toEqual(["HELLO THERE"]);
    const consoleHelp = chat.help.consoleHelp();
    expect(consoleHelp).toMatch(/^ {2}shout TEXT\.\.\. +print TEXT in capitals$/m);
    expect(consoleHelp).toMatch(/^ {2}hush NICK +Ask someone to be quiet \(operators\)\.$/m);
    // A member's row is not the console's.
    expect(consoleHelp).not.toContain("roll");
    runConsole("roll 6");
    expect(printed.at(-1)).toBe('Unknown command "roll". Type help.');
  });

  test("a row for terminals works on telnet and ssh; on the web it works only in a terminal, and is not in the web's /help", () => {
    const { join, run } = withRows();
    for (const transport of ["telnet", "ssh"] as const) {
      const member = join(`on_${transport}`, transport);
      expect(run(member.member, "/beep").ok).toBe(true);
      expect(member.sink.told).toEqual(["Beep."]);
      run(member.member, "/help");
      expect(member.sink.told.at(-1)).toContain("/beep");
    }
    const page = join("on_web", "web");
    const refused = run(page.member, "/beep");
    expect(!refused.ok && refused.error).toEqual({ code: "not-here", message: "/beep works only in a terminal." });
    run(page.member, "/help");
    expect(page.sink.told.at(-1)).not.toContain("/beep");
  });
});

describe("the table's rows", () => {
  test("an unknown command and extra arguments are explained", () => {
    const { chat, join } = setup();
    const alice = join("alice");
    const refusals = ["/dance", "/who is here"].map((line) => immediate(chat.input(alice.member, line)));
    expect(refusals.map((r) => !r.ok && r.error.message)).toEqual(["Unknown command /dance. Type /help for the list.", "Usage: /who"]);
  });
});
