import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { COMMANDS, ok, type Command } from "../../src/chat/index.ts";
import { parseConfig } from "../../src/main/config.ts";
import { createConsole } from "../../src/main/console.ts";
import { startSwitchboard, type Switchboard } from "../../src/main/switchboard.ts";
import { clientKey, ssh, sshClient, sshKeygen } from "../ssh/ssh-client.ts";
import { TestClient } from "../telnet/test-client.ts";
import { TestBrowser } from "../web/helpers.ts";

/** A command a member may run: one row and its handler. */
const SHOUT: Command = {
  name: "shout",
  for: "members",
  params: ["TEXT..."],
  help: "Say it louder.",
  run: ({ chat, member, args }) => chat.say(member, args[0]!.toUpperCase()),
};

/** A command for operators, which the console may run too. */
const HEADCOUNT: Command = {
  name: "headcount",
  for: "operators",
  params: [],
  help: "How many are in the chat (operators).",
  run: ({ chat, reply }) => ok(reply(`${chat.allMembers().length} in the chat`)),
};

let stop: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stop?.();
  stop = undefined;
});

function start(dir: string): Switchboard {
  const defaults = parseConfig([], {});
  if (defaults === "help") throw new Error("unreachable");
  const config = { ...defaults, host: "127.0.0.1", httpPort: 0, telnetPort: 0, sshPort: 0, sshHostKey: join(dir, "host_key"), db: ":memory:" };
  const switchboard = startSwitchboard(config, () => {}, undefined, [...COMMANDS, SHOUT, HEADCOUNT]);
  stop = async () => {
    await switchboard.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  return switchboard;
}

describe.skipIf(!ssh || !sshKeygen)("a new command", () => {
  test("is one table row and its handler: telnet, SSH, the web and the console have it at once, with its help, usage and rights", async () => {
    const dir = mkdtempSync(join(tmpdir(), "switchboard-command-"));
    const server = start(dir);
    const tom = await TestClient.joinAs(server.telnetPort, "tom");
    const alice = sshClient(server.sshPort!, "alice", clientKey(dir));
    await alice.waitFor(/You are alice\./, "alice to be in over SSH");
    const wendy = new TestBrowser(new URL(server.httpUrl).origin);
    await wendy.join("wendy");
    const wendyStream = await wendy.stream();

    // Typed on telnet, seen on SSH and the web.
    tom.line("/shout hello everyone");
    await alice.waitFor(/tom\S*> HELLO EVERYONE/, "the shout on SSH");
    await wendyStream.waitFor("HELLO EVERYONE");

    // /help lists it everywhere, and /help NAME tells its usage.
    alice.type("/help shout\r");
    await alice.waitFor(/\/shout TEXT\.\.\. +Say it louder\./, "its help on SSH");
    tom.line("/help");
    await tom.waitFor(/\/shout TEXT\.\.\.\s+Say it louder\./);

    // Its arguments are checked by the table: without one, the usage comes back.
    const bare = await wendy.say("/shout");
    expect(bare.status).toBe(400);
    expect(await bare.text()).toContain("Usage: /shout TEXT...");

    // An operators' row is refused to a member who is not one, with the same words as every other.
    const refused = await wendy.say("/headcount");
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain("/headcount is for operators");
    tom.line("/help");
    await tom.waitFor(/Anything else is sent to the room/);
    expect(tom.text).not.toContain("/headcount");

    // The console may run it, and is answered there.
    const printed: string[] = [];
    const consoleLine = createConsole(server.chat, () => {}, (line) => printed.push(line));
    consoleLine("headcount");
    expect(printed).toEqual(["3 in the chat"]);
    consoleLine("help");
    expect(printed.at(-1)).toContain("headcount");
    // A members' row is not the console's.
    consoleLine("shout hi");
    expect(printed.at(-1)).toBe('Unknown command "shout". Type help.');

    alice.type("/quit\r");
    tom.close();
    await wendy.closeStreams();
  });
});
