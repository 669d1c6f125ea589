import { describe, expect, test } from "bun:test";
import type { ConsoleControls } from "../../../src/chat/commands/command.ts";
import { codeOf, immediate, setup } from "../chat-harness.ts";

/** The console's controls, recording what they were asked. */
class FakeControls implements ConsoleControls {
  stops = 0;
  watching = false;
  readonly watched: boolean[] = [];

  stop(): void {
    this.stops++;
  }

  watch(on: boolean): void {
    this.watching = on;
    this.watched.push(on);
  }
}

/** A chat with a console: `run` types a line at it; what it printed is in `printed`. */
function withConsole() {
  const t = setup();
  const controls = new FakeControls();
  const printed: string[] = [];
  const run = (line: string) => t.chat.runConsole(line, controls, (text) => printed.push(text));
  return { ...t, controls, printed, run };
}

describe("the console's commands", () => {
  test("stop asks the controls to stop the server, and says so", () => {
    const { controls, printed, run } = withConsole();
    run("stop");
    expect(controls.stops).toBe(1);
    expect(printed).toEqual(["Stopping…"]);
  });

  test("who lists every member with transport, room and address, and marks operators", async () => {
    const { chat, join, printed, run } = withConsole();
    const olga = join("olga");
    const bob = join("bob", "web");
    immediate(chat.input(bob.member, "/join #dev"));
    await chat.input(olga.member, "/register olgas-password");
    await chat.moderation.setOperator("olga", true);
    run("who");
    expect(printed).toEqual(["2 online\n  bob (web, #dev, 10.0.0.1)\n  olga (telnet, #lobby, 10.0.0.1, operator)"]);
  });

  test("rooms lists every room with its member count and topic", () => {
    const { chat, join, printed, run } = withConsole();
    const alice = join("alice");
    join("bob");
    const carol = join("carol");
    immediate(chat.input(alice.member, "/topic Release on Friday"));
    immediate(chat.input(carol.member, "/join #dev"));
    run("rooms");
    // carol is in both: #lobby is not left for #dev.
    expect(printed).toEqual(["  #dev (1)\n  #lobby (3): Release on Friday"]);
  });

  test("say announces to every room and prints nothing more; without text it gets the usage", () => {
    const { chat, join, printed, run } = withConsole();
    const alice = join("alice");
    const bob = join("bob");
    immediate(chat.input(bob.member, "/join #dev"));
    run("say maintenance   at noon");
    for (const sink of [alice.sink, bob.sink]) expect(sink.of("notice").map((e) => e.text)).toEqual(["maintenance   at noon"]);
    expect(printed).toEqual([]);
    run("say");
    expect(printed).toEqual(["Usage: say TEXT..."]);
    expect(alice.sink.of("notice")).toHaveLength(1);
  });

  test("watch on and off set the controls; anything else gets the usage and what it is now", () => {
    const { controls, printed, run } = withConsole();
    run("watch on");
    expect(controls.watching).toBe(true);
    run("watch maybe");
    run("watch off");
    run("watch");
    expect(controls.watched).toEqual([true, false]);
    expect(printed).toEqual(["Watching messages: on.", "Usage: watch on|off (it is on)", "Watching messages: off.", "Usage: watch on|off"]);
  });

  test("help lists what the console may run: its own commands and the operators', none of the members' only", () => {
    const { printed, run } = withConsole();
    run("help");
    const help = printed.join("\n");
    for (const name of ["stop", "who", "rooms", "say TEXT...", "watch on|off", "help", "kick NICK [reason...]", "ban NICK|ADDRESS [duration] [reason]", "op NICK", "deop NICK", "ops"])
      expect(help).toMatch(new RegExp(`^  ${name.replace(/[.|[\]]/g, "\\$&")} `, "m"));
    for (const memberOnly of ["nick", "msg", "quit", "/"]) expect(help).not.toMatch(new RegExp(`^  ${memberOnly}`, "m"));
  });

  test("an unknown command is named, an empty line does nothing, and names are read in any case", () => {
    const { join, printed, run } = withConsole();
    join("alice");
    run("dance");
    run("   ");
    run("WHO");
    expect(printed).toEqual(['Unknown command "dance". Type help.', "1 online\n  alice (telnet, #lobby, 10.0.0.1)"]);
  });

  test("op makes a registered nickname an operator, ops lists them, deop takes it away; each says what it did", async () => {
    const { chat, join, printed, run } = withConsole();
    const olga = join("olga");
    run("ops");
    run("op olga");
    await Bun.sleep(0);
    expect(printed).toEqual(["No operators yet: op NICK makes one.", "olga is not registered: only a registered or key-owned nickname can be an operator."]);
    expect(await codeOf(chat.input(olga.member, "/register olgas-password"))).toBe("ok");
    printed.length = 0;
    run("op olga");
    await Bun.sleep(0);
    expect(olga.member.op).toBe(true);
    run("ops");
    await Bun.sleep(0);
    run("deop olga");
    await Bun.sleep(0);
    expect(olga.member.op).toBe(false);
    expect(printed).toEqual(["olga is an operator.", "Operators: olga", "olga is no longer an operator."]);
  });

  test("kick, mute and ban at the console say what they did once done, and refusals are printed", () => {
    const { join, printed, run } = withConsole();
    const troll = join("troll");
    join("spammer");
    run("mute troll 10m");
    run("kick troll flooding");
    run("kick troll");
    run("ban spammer 1h");
    expect(printed).toEqual(["Muted troll.", "Kicked troll.", "No one called troll is here.", "Banned spammer."]);
    expect(troll.sink.closedWith).toBe("You were kicked by the console: flooding");
  });
});
