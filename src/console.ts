import { whenSettled } from "./chat/backend.ts";
import type { Chat } from "./chat/chat.ts";

interface ConsoleCommand {
  name: string;
  params: string;
  help: string;
  run(args: string): string | undefined;
}

/**
 * The operator's console on standard input: `stop`, `who`, `kick NICK [reason]`,
 * `say TEXT`, `help`. Answers are written with `print`.
 */
export function createConsole(chat: Chat, stop: () => void, print: (line: string) => void) {
  const commands: ConsoleCommand[] = [
    { name: "stop", params: "", help: "tell everyone, then shut down", run: () => (stop(), "Stopping…") },
    {
      name: "who",
      params: "",
      help: "list members with transport, room and address (or instance, for those of other instances)",
      run: () => {
        const members = chat.allMembers();
        const lines = members.map((m) => `  ${m.nick} (${m.transport}, ${m.room}, ${m.instance ? `on ${m.instance}` : m.address})`);
        const elsewhere = chat.remoteCount ? `, ${chat.remoteCount} of them on other instances` : "";
        return [`${members.length} online${elsewhere}`, ...lines].join("\n");
      },
    },
    {
      name: "kick",
      params: "NICK [reason]",
      help: "remove a member",
      run: (args) => {
        const [nick = "", ...reason] = args.split(/\s+/);
        if (!nick) return "Usage: kick NICK [reason]";
        const elsewhere = chat.find(nick)?.instance;
        if (elsewhere) return `${nick} is connected to ${elsewhere}; kick them from its console.`;
        return chat.kick(nick, reason.join(" ")) ? `Kicked ${nick}.` : `No one called ${nick} is here.`;
      },
    },
    {
      name: "say",
      params: "TEXT",
      help: "announce to every room",
      run: (args) => {
        if (!args) return "Usage: say TEXT";
        void whenSettled(chat.announce(args), (said) => {
          if (!said.ok) print(said.error.message);
        });
        return undefined;
      },
    },
    {
      name: "help",
      params: "",
      help: "list console commands",
      run: () => commands.map((c) => `  ${`${c.name} ${c.params}`.trim().padEnd(20)} ${c.help}`).join("\n"),
    },
  ];

  /** Runs one console line. */
  return function handleLine(line: string): void {
    const [, name = "", args = ""] = /^\s*(\S*)\s*(.*?)\s*$/.exec(line) ?? [];
    if (!name) return;
    const command = commands.find((c) => c.name === name.toLowerCase());
    const answer = command ? command.run(args) : `Unknown command "${name}". Type help.`;
    if (answer) print(answer);
  };
}
