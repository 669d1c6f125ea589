import { whenSettled, type Chat, type Pending } from "../chat/index.ts";
import { describeBans } from "../chat/moderation/ban-list.ts";
import { durationAndReason } from "../chat/moderation/duration.ts";
import { splitFirst } from "../chat/text.ts";

interface ConsoleCommand {
  name: string;
  params: string;
  help: string;
  run(args: string): string | undefined;
}

/**
 * The operator's console on standard input: `stop`, `who`, `rooms`, `say TEXT`, the
 * moderation commands (`kick`, `ban`, `unban`, `bans`, `mute`, `unmute`, `op`, `deop`,
 * `ops`), `watch on|off` and `help`. Answers are written with `print`.
 */
export function createConsole(chat: Chat, stop: () => void, print: (line: string) => void) {
  /** Prints `done` once `pending` succeeded, or the refusal. */
  const report = (pending: Pending<unknown>, done: string): undefined => {
    void whenSettled(pending, (result) => print(result.ok ? done : result.error.message));
    return undefined;
  };
  let watching: boolean = false;
  chat.observe((event) => {
    if (!watching || (event.kind !== "message" && event.kind !== "action")) return;
    const sender = chat.find(event.from);
    const from = sender?.instance ? `on ${sender.instance}` : (sender?.address ?? "gone");
    print(`[watch] ${event.room} ${event.from} (${from}): ${event.kind === "action" ? `* ${event.text}` : event.text}`);
  });

  const commands: ConsoleCommand[] = [
    { name: "stop", params: "", help: "tell everyone, then shut down", run: () => (stop(), "Stopping…") },
    {
      name: "who",
      params: "",
      help: "list members with transport, room and address (or instance, for those of other instances)",
      run: () => {
        const members = chat.allMembers();
        const lines = members.map(
          (m) => `  ${m.nick} (${m.transport}, ${m.room}, ${m.instance ? `on ${m.instance}` : m.address}${m.op ? ", operator" : ""})`,
        );
        const elsewhere = chat.remoteCount ? `, ${chat.remoteCount} of them on other instances` : "";
        return [`${members.length} online${elsewhere}`, ...lines].join("\n");
      },
    },
    {
      name: "rooms",
      params: "",
      help: "list rooms with member counts and topics",
      run: () =>
        chat
          .rooms()
          .map((room) => `  ${room.name} (${room.members})${room.topic ? `: ${room.topic}` : ""}`)
          .join("\n"),
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
      name: "kick",
      params: "NICK [reason]",
      help: "remove a member (they may come back)",
      run: (args) => {
        const [nick = "", reason = ""] = splitFirst(args);
        if (!nick) return "Usage: kick NICK [reason]";
        return report(chat.moderation.kick(undefined, nick, reason), `Kicked ${nick}.`);
      },
    },
    {
      name: "ban",
      params: "NICK|ADDRESS [duration] [reason]",
      help: "keep a nickname (and a present member's address) or an address out; 30s, 10m, 2h, 1d, 1w or for good",
      run: (args) => {
        const [target = "", rest = ""] = splitFirst(args);
        if (!target) return "Usage: ban NICK|ADDRESS [duration] [reason]";
        const [duration, reason] = durationAndReason(rest);
        return report(chat.moderation.ban(undefined, target, duration, reason), `Banned ${target}.`);
      },
    },
    {
      name: "unban",
      params: "NICK|ADDRESS",
      help: "lift a ban",
      run: (args) => (args ? report(chat.moderation.unban(undefined, args), `Lifted the ban on ${args}.`) : "Usage: unban NICK|ADDRESS"),
    },
    {
      name: "bans",
      params: "",
      help: "list the bans in force",
      run: () => describeBans(chat.moderation.bans(), chat.now()),
    },
    {
      name: "mute",
      params: "NICK [duration] [reason]",
      help: "let a member read but not send",
      run: (args) => {
        const [nick = "", rest = ""] = splitFirst(args);
        if (!nick) return "Usage: mute NICK [duration] [reason]";
        const [duration, reason] = durationAndReason(rest);
        return report(chat.moderation.mute(undefined, nick, duration, reason), `Muted ${nick}.`);
      },
    },
    {
      name: "unmute",
      params: "NICK",
      help: "let a muted member send again",
      run: (args) => (args ? report(chat.moderation.unmute(undefined, args), `Unmuted ${args}.`) : "Usage: unmute NICK"),
    },
    {
      name: "op",
      params: "NICK",
      help: "make a registered or key-owned nickname an operator",
      run: (args) => (args ? report(chat.moderation.setOperator(args, true), `${args} is an operator.`) : "Usage: op NICK"),
    },
    {
      name: "deop",
      params: "NICK",
      help: "take operator rights away",
      run: (args) => (args ? report(chat.moderation.setOperator(args, false), `${args} is no longer an operator.`) : "Usage: deop NICK"),
    },
    {
      name: "ops",
      params: "",
      help: "list the operators",
      run: () => {
        void whenSettled(chat.owners.operators(), (found) => {
          if (!found.ok) return print(found.error.message);
          print(found.value.length ? `Operators: ${found.value.join(", ")}` : "No operators yet: op NICK makes one.");
        });
        return undefined;
      },
    },
    {
      name: "watch",
      params: "on|off",
      help: "print every message with its sender's address as it passes",
      run: (args) => {
        if (args !== "on" && args !== "off") return `Usage: watch on|off (it is ${watching ? "on" : "off"})`;
        watching = args === "on";
        return `Watching messages: ${args}.`;
      },
    },
    {
      name: "help",
      params: "",
      help: "list console commands",
      run: () => commands.map((c) => `  ${`${c.name} ${c.params}`.trim().padEnd(38)} ${c.help}`).join("\n"),
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
