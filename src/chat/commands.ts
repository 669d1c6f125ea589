import type { Pending } from "./backend.ts";
import { fail, ok, type Result } from "./errors.ts";
import { sameNick, type Transport } from "./events.ts";
import type { Member } from "./member.ts";
import { parseSwitch, type DisplayPreferences } from "./preferences.ts";
import { validateRoomName, LOBBY } from "./room-name.ts";

/**
 * The chat as commands see it: what they may ask of it. `Chat` is one; this file does
 * not import it, so the chat can run commands without the two depending on each other.
 */
export interface CommandTarget {
  rename(member: Member, nick: string): Pending<unknown>;
  say(member: Member, text: string, action?: boolean): Pending<unknown>;
  whisper(member: Member, to: string, text: string): Pending<unknown>;
  answerPrivately(member: Member, text: string): Pending<unknown>;
  moveTo(member: Member, room: string): Result<unknown>;
  quit(member: Member, reason: string): Result<unknown>;
  tell(member: Member, text: string): void;
  membersOf(room: string): readonly Member[];
  find(nick: string): Member | undefined;
  /** The chat's clock (ms since the epoch). */
  now(): number;
  rooms(): readonly { name: string; members: number }[];
}

/** What a command handler gets: its arguments already checked against the table. */
export interface CommandContext {
  readonly chat: CommandTarget;
  readonly member: Member;
  /** One entry per parameter; the last takes the rest of the line when it ends in "...". */
  readonly args: readonly string[];
  reply(text: string): void;
}

export interface Command {
  readonly name: string;
  readonly aliases?: readonly string[];
  /** Parameters as shown in the usage: `NICK`, `[reason...]` (optional), `TEXT...` (rest of line). */
  readonly params: readonly string[];
  /** The last parameter takes the rest of the line, although its usage shows one word. */
  readonly restOfLine?: boolean;
  readonly help: string;
  /** The transports it means something on; every one when absent. */
  readonly on?: readonly Transport[];
  run(context: CommandContext): Pending<unknown>;
}

/** Where display settings only a terminal has mean something. */
const TERMINALS: readonly Transport[] = ["telnet", "ssh"];

/** Every user command, in the order /help lists them. */
export const COMMANDS: readonly Command[] = [
  {
    name: "help",
    params: [],
    help: "List the commands.",
    run: ({ member, reply }) => ok(reply(helpText(member.transport))),
  },
  {
    name: "nick",
    params: ["NEW"],
    help: "Change your nickname.",
    run: ({ chat, member, args, reply }) => {
      if (member.nick === args[0]) return ok(reply(`You are already ${member.nick}.`));
      return chat.rename(member, args[0]!);
    },
  },
  {
    name: "me",
    params: ["ACTION..."],
    help: "Describe what you are doing: /me waves.",
    run: ({ chat, member, args }) => chat.say(member, args[0]!, true),
  },
  {
    name: "msg",
    aliases: ["m", "tell"],
    params: ["NICK", "TEXT..."],
    help: "Send a private message.",
    run: ({ chat, member, args }) => chat.whisper(member, args[0]!, args[1]!),
  },
  {
    name: "reply",
    aliases: ["r"],
    params: ["TEXT..."],
    help: "Answer privately whoever last sent you a private message.",
    run: ({ chat, member, args }) => chat.answerPrivately(member, args[0]!),
  },
  {
    name: "away",
    params: ["[reason...]"],
    help: "Say you are away (a private message to you is answered with the reason); without one, you are back.",
    run: ({ member, args, reply }) => {
      const reason = args[0]?.trim();
      member.away = reason || undefined;
      return ok(reply(reason ? `You are marked away: ${reason}` : "You are back."));
    },
  },
  {
    name: "ignore",
    params: ["[nick]"],
    help: "Stop seeing what NICK says (for this session); without a nickname, list whom you ignore.",
    run: ({ member, args, reply }) => {
      const nick = args[0]?.trim();
      if (!nick) {
        const ignored = [...(member.ignoring ?? [])];
        return ok(reply(ignored.length ? `You ignore: ${ignored.join(", ")}` : "You ignore no one."));
      }
      if (sameNick(nick, member.nick)) return fail("bad-arguments", "You cannot ignore yourself.");
      (member.ignoring ??= new Set()).add(nick.toLowerCase());
      return ok(reply(`You no longer see what ${nick} says. /unignore ${nick} to see it again.`));
    },
  },
  {
    name: "unignore",
    params: ["NICK"],
    help: "See what NICK says again.",
    run: ({ member, args, reply }) => {
      const nick = args[0]!;
      if (!member.ignoring?.delete(nick.toLowerCase())) return fail("bad-arguments", `You are not ignoring ${nick}.`);
      if (member.ignoring.size === 0) member.ignoring = undefined;
      return ok(reply(`You see what ${nick} says again.`));
    },
  },
  {
    name: "whois",
    params: ["NICK"],
    help: "Who someone is: how they are connected, their room, how long they have been idle.",
    run: ({ chat, member, args, reply }) => {
      const other = chat.find(args[0]!);
      if (!other) return fail("no-such-nick", `No one called ${args[0]} is here.`);
      return ok(reply(describeMember(other, chat.now(), other === member)));
    },
  },
  {
    name: "who",
    aliases: ["names"],
    params: [],
    help: "List the members of this room and how they are connected.",
    run: ({ chat, member, reply }) => {
      const members = chat.membersOf(member.room);
      const names = members.map((m) => `${m.nick} (${m.transport})`).join(", ");
      return ok(reply(`${members.length} in ${member.room}: ${names}`));
    },
  },
  {
    name: "join",
    params: ["#ROOM"],
    // "#bad room!" is a bad name, not one word too many: the answer says what is wrong with it.
    restOfLine: true,
    help: "Enter a room, creating it if needed.",
    run: ({ chat, member, args }) => {
      const room = validateRoomName(args[0]!);
      return room.ok ? chat.moveTo(member, room.value) : room;
    },
  },
  {
    name: "part",
    params: [],
    help: `Leave this room for ${LOBBY}.`,
    run: ({ chat, member }) => {
      if (member.room === LOBBY) return fail("not-a-member", `You are in ${LOBBY}; /quit leaves the chat.`);
      return chat.moveTo(member, LOBBY);
    },
  },
  {
    name: "rooms",
    aliases: ["list"],
    params: [],
    help: "List the rooms and how many are in each.",
    run: ({ chat, member, reply }) => {
      const listed = chat.rooms().map((r) => `${r.name} (${r.members}${r.name === member.room ? ", you are here" : ""})`);
      return ok(reply("Rooms: " + listed.join(", ")));
    },
  },
  {
    name: "color",
    aliases: ["colour"],
    params: ["on|off"],
    help: "Colours for nicknames and mentions in your terminal.",
    on: TERMINALS,
    run: (context) => setPreference(context, "colour", "Colours"),
  },
  {
    name: "timestamps",
    params: ["on|off"],
    help: "Show or hide the time before each line.",
    on: TERMINALS,
    run: (context) => setPreference(context, "timestamps", "Timestamps"),
  },
  {
    name: "quit",
    aliases: ["exit"],
    params: ["[reason...]"],
    help: "Leave the chat.",
    run: ({ chat, member, args }) => chat.quit(member, args[0] ?? ""),
  },
];

function setPreference({ member, args, reply }: CommandContext, key: keyof DisplayPreferences, label: string): Result<boolean> {
  const on = parseSwitch(args[0]!);
  if (!on.ok) return on;
  member.preferences = { ...member.preferences, [key]: on.value };
  reply(`${label} ${on.value ? "on" : "off"}.`);
  return on;
}

const byName = new Map<string, Command>(
  COMMANDS.flatMap((command) => [command.name, ...(command.aliases ?? [])].map((name) => [name, command])),
);

export function usage(command: Command): string {
  return ["/" + command.name, ...command.params].join(" ");
}

/** Whether `command` means something on `transport`. */
function worksOn(command: Command, transport: Transport): boolean {
  return !command.on || command.on.includes(transport);
}

/** The /help text for a member on `transport`, generated from the table: only what works there. */
export function helpText(transport: Transport): string {
  const commands = COMMANDS.filter((c) => worksOn(c, transport));
  const width = Math.max(...commands.map((c) => usage(c).length));
  const lines = commands.map((c) => {
    const also = (c.aliases ?? []).map((alias) => `/${alias}`);
    // A terminal's classic way out; a page has its Leave button.
    if (c.name === "quit" && transport !== "web") also.push("{quit}");
    return `  ${usage(c).padEnd(width)}  ${c.help}${also.length ? ` Also ${also.join(", ")}.` : ""}`;
  });
  return ["Commands:", ...lines, "Anything else is sent to the room; start with // to send a line beginning with /."].join("\n");
}

/** Parses `/name args...`, checks the arguments against the table, and runs the command. */
export function runCommand(chat: CommandTarget, member: Member, line: string): Pending<unknown> {
  const [, name = "", rest = ""] = /^\/(\S*)\s*(.*)$/s.exec(line) ?? [];
  const command = byName.get(name.toLowerCase());
  if (!command) return fail("unknown-command", `Unknown command /${name}. Type /help for the list.`);
  if (!worksOn(command, member.transport))
    return fail("not-here", `/${command.name} works only in a terminal.`);
  const params = command.restOfLine ? [...command.params.slice(0, -1), `${command.params.at(-1)}...`] : command.params;
  const args = splitArgs(rest, params);
  if (!args) return fail("bad-arguments", `Usage: ${usage(command)}`);
  return command.run({ chat, member, args, reply: (text) => chat.tell(member, text) });
}

/** Splits `rest` into one value per parameter, or undefined when the count is wrong. */
function splitArgs(rest: string, params: readonly string[]): string[] | undefined {
  const args: string[] = [];
  let remaining = rest.trim();
  for (const param of params) {
    const optional = param.startsWith("[");
    const greedy = param.replace("]", "").endsWith("...");
    if (!remaining) {
      if (optional) break;
      return undefined;
    }
    if (greedy) {
      args.push(remaining);
      remaining = "";
    } else {
      const [word = "", tail = ""] = remaining.split(/\s+(.*)/s);
      args.push(word);
      remaining = tail.trim();
    }
  }
  return remaining ? undefined : args;
}

/** `/whois`'s answer: transport, room, idle time, away; for a member of another instance, where it is. */
function describeMember(member: Member, now: number, isYou: boolean): string {
  const parts = [`${member.nick}${isYou ? " (you)" : ""}: on ${member.transport}, in ${member.room}`];
  if (member.instance !== undefined) parts.push(`connected to ${member.instance}`);
  else parts.push(`idle ${idleFor(now - member.activeAt)}`);
  if (member.away !== undefined) parts.push(`away: ${member.away}`);
  // Nicknames cannot be registered yet (issue 14, item 2): said plainly, not left out.
  parts.push("nickname not registered");
  return parts.join(", ");
}

/** `45s`, `12m 5s`, `3h 20m`. */
function idleFor(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m ${seconds % 60}s`;
  return `${Math.floor(seconds / 3600)}h ${Math.floor((seconds % 3600) / 60)}m`;
}
