import { fail, ok } from "../result.ts";
import type { Command } from "./command.ts";

/** What only the server's console does: stop it, look at everyone, speak as the server. */
export const CONSOLE_COMMANDS: readonly Command[] = [
  {
    name: "stop",
    for: "console",
    params: [],
    help: "Tell everyone, then shut down.",
    run: ({ console, reply }) => {
      console.stop();
      return ok(reply("Stopping…"));
    },
  },
  {
    name: "who",
    for: "console",
    params: [],
    help: "List members with transport, room and address (or instance, for those of other instances).",
    run: ({ chat, reply }) => {
      const members = chat.allMembers();
      const lines = members.map(
        (m) => `  ${m.nick} (${m.transport}, ${m.room}, ${m.instance ? `on ${m.instance}` : m.address}${m.op ? ", operator" : ""})`,
      );
      const elsewhere = chat.remoteCount ? `, ${chat.remoteCount} of them on other instances` : "";
      return ok(reply([`${members.length} online${elsewhere}`, ...lines].join("\n")));
    },
  },
  {
    name: "rooms",
    for: "console",
    params: [],
    help: "List rooms with member counts and topics.",
    run: ({ chat, reply }) =>
      ok(reply(chat.rooms().map((room) => `  ${room.name} (${room.members})${room.topic ? `: ${room.topic}` : ""}`).join("\n"))),
  },
  {
    name: "say",
    for: "console",
    params: ["TEXT..."],
    help: "Announce to every room.",
    run: ({ chat, args }) => chat.announce(args[0]!),
  },
  {
    name: "watch",
    for: "console",
    params: ["on|off"],
    help: "Print every message with its sender's address as it passes.",
    run: ({ console, args, reply }) => {
      const [on] = args;
      if (on !== "on" && on !== "off") return fail("bad-arguments", `Usage: watch on|off (it is ${console.watching ? "on" : "off"})`);
      console.watch(on === "on");
      return ok(reply(`Watching messages: ${on}.`));
    },
  },
  {
    name: "help",
    for: "console",
    params: [],
    help: "List the console's commands.",
    run: ({ chat, reply }) => ok(reply(chat.help.consoleHelp())),
  },
];
