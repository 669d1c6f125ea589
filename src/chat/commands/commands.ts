import type { Account } from "../../stores/account-store.ts";
import type { Transport } from "../events.ts";
import type { OwnedNicknames } from "../identity/owned-nicknames.ts";
import { describeBans } from "../moderation/ban-list.ts";
import { durationAndReason } from "../moderation/duration.ts";
import { identifyArguments } from "../identity/owners.ts";
import type { Moderation } from "../moderation/moderation.ts";
import type { Member } from "../people/member.ts";
import { parseSwitch, type DisplayPreferences } from "../people/preferences.ts";
import { andThen, fail, ok, type Pending, type Result } from "../result.ts";
import { LOBBY, validateRoomName } from "../rooms/room-name.ts";

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
  rooms(): readonly { name: string; members: number; topic?: string }[];
  ignore(member: Member, nick: string, on: boolean): Result<unknown>;
  identify(member: Member, nick: string, password: string): Pending<string>;
  setTopic(member: Member, topic: string): Pending<unknown>;
  /** `/away [reason]`: the reason as others will see it, or undefined for back. */
  setAway(member: Member, reason: string): Result<string | undefined>;
  /** Who owns which nickname: `/register`, `/password`, `/unregister`, `/keys`, `/whois`. */
  readonly owners: Pick<OwnedNicknames, "register" | "changePassword" | "unregister" | "changeKeys" | "find">;
  /** What operators may do: `/kick`, `/ban`, `/unban`, `/bans`, `/mute`, `/unmute`. */
  readonly moderation: Pick<Moderation, "kick" | "ban" | "unban" | "bans" | "mute" | "unmute">;
  topicOf(room: string): { readonly topic: string; readonly by: string } | undefined;
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
  /** What /help shows, when the parameters do not say it (the command parses its line itself). */
  readonly usage?: string;
  /** Only for operators: /help lists it to them alone. */
  readonly forOperators?: boolean;
  /** What `/help NAME` adds to the one-line help. */
  readonly more?: string;
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
    params: ["[command]"],
    help: "List the commands, or say more about one.",
    run: ({ member, args, reply }) => {
      if (!args[0]) return ok(reply(helpText(member.transport, member.op)));
      const command = byName.get(args[0].replace(/^\//, "").toLowerCase());
      if (!command) return fail("unknown-command", `Unknown command ${args[0]}. Type /help for the list.`);
      return ok(reply(`${usage(command)}  ${command.help}${command.more ? `\n${command.more}` : ""}`));
    },
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
    run: ({ chat, member, args, reply }) =>
      andThen(chat.setAway(member, args[0] ?? ""), (reason) => ok(reply(reason ? `You are marked away: ${reason}` : "You are back."))),
  },
  {
    name: "ignore",
    params: ["[nick]"],
    help: "Stop seeing what NICK says (for this session, or for good once registered); without a nickname, list whom you ignore.",
    run: ({ chat, member, args, reply }) => {
      const nick = args[0]?.trim();
      if (!nick) {
        const ignored = [...(member.ignoring ?? [])];
        return ok(reply(ignored.length ? `You ignore: ${ignored.join(", ")}` : "You ignore no one."));
      }
      const ignored = chat.ignore(member, nick, true);
      if (!ignored.ok) return ignored;
      const kept = member.account ? " (kept for your next visit)" : "";
      return ok(reply(`You no longer see what ${nick} says${kept}. /unignore ${nick} to see it again.`));
    },
  },
  {
    name: "unignore",
    params: ["NICK"],
    help: "See what NICK says again.",
    run: ({ chat, member, args, reply }) => {
      const nick = args[0]!;
      const unignored = chat.ignore(member, nick, false);
      return unignored.ok ? ok(reply(`You see what ${nick} says again.`)) : unignored;
    },
  },
  {
    name: "whois",
    params: ["NICK"],
    help: "Who someone is: how they are connected, their room, how long they have been idle.",
    run: ({ chat, member, args, reply }) => {
      const other = chat.find(args[0]!);
      if (!other) return fail("no-such-nick", `No one called ${args[0]} is here.`);
      return andThen(chat.owners.find(other.nick), (account) => ok(reply(describeMember(other, account, chat.now(), other === member))));
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
    help: "List the rooms, how many are in each, and their topics.",
    run: ({ chat, member, reply }) => {
      const listed = chat
        .rooms()
        .map((r) => `${r.name} (${r.members}${r.name === member.room ? ", you are here" : ""})${r.topic ? ` ${r.topic}` : ""}`);
      return ok(reply("Rooms: " + listed.join(", ")));
    },
  },
  {
    name: "topic",
    params: ["[text...]"],
    help: "Show this room's topic, or set it (/topic - clears it).",
    run: ({ chat, member, args, reply }) => {
      const text = args[0]?.trim();
      if (!text) {
        const topic = chat.topicOf(member.room);
        return ok(reply(topic ? `Topic of ${member.room}: ${topic.topic} (set by ${topic.by})` : `${member.room} has no topic. /topic TEXT sets one.`));
      }
      return chat.setTopic(member, text === "-" ? "" : text);
    },
  },
  {
    name: "register",
    // The rest of the line, so that a password with a space is told why, not shown the usage.
    params: ["PASSWORD"],
    restOfLine: true,
    help: "Make your nickname yours: from then on it needs its password (or your SSH key).",
    more:
      "Later, prove it with /identify NICK PASSWORD (telnet), the join form's password field (web), or your key or password over SSH.\n" +
      "Telnet is clear text: anyone on the network between you and the server can read what you type. Register and identify over SSH, or on the web over HTTPS.",
    run: ({ chat, member, args, reply }) =>
      andThen(chat.owners.register(member, args[0]!), (account) => {
        const warning = member.transport === "telnet" ? " (Telnet is clear text: next time, prefer SSH or the web over HTTPS for passwords.)" : "";
        const op = member.op ? " You are an operator (the server's --op names you)." : "";
        return ok(reply(`${account.nick} is registered to you: it now needs its password${account.keys.length ? " or your key" : ""}.${op}${warning}`));
      }),
  },
  {
    name: "identify",
    params: ["ARGS..."],
    usage: "/identify [NICK] PASSWORD",
    help: "Prove a registered nickname is yours, and take it.",
    run: ({ chat, member, args, reply }) => {
      const { nick = member.nick, password } = identifyArguments(args[0]!);
      return andThen(chat.identify(member, nick, password), (now) => ok(reply(`You are identified as ${now}.`)));
    },
  },
  {
    name: "password",
    params: ["NEW"],
    restOfLine: true,
    help: "Change the password of your registered nickname.",
    run: ({ chat, member, args, reply }) => andThen(chat.owners.changePassword(member, args[0]!), () => ok(reply("Password changed."))),
  },
  {
    name: "unregister",
    params: [],
    help: "Give up your registered nickname: anyone may use it after you.",
    run: ({ chat, member, reply }) => andThen(chat.owners.unregister(member), () => ok(reply(`${member.nick} is no longer registered.`))),
  },
  {
    name: "keys",
    params: ["[add|remove]", "[key...]"],
    help: "List the SSH keys that prove your nickname; add one (paste a .pub line) or remove one (its SHA256 fingerprint).",
    run: ({ chat, member, args, reply }) => {
      const [action, key] = args;
      if (!action) {
        const keys = member.account?.keys ?? [];
        if (!member.account) return fail("nick-owned", `${member.nick} is not registered: connect over SSH with a key, or /register PASSWORD.`);
        return ok(reply(keys.length ? `Keys of ${member.nick}:\n${keys.map((k) => `  ${k}`).join("\n")}` : `No SSH key proves ${member.nick}: /keys add LINE adds one.`));
      }
      if ((action !== "add" && action !== "remove") || !key) return fail("bad-arguments", "Usage: /keys, /keys add PUBLIC-KEY-LINE, /keys remove SHA256:…");
      return andThen(chat.owners.changeKeys(member, action, key), (account) =>
        ok(reply(`${action === "add" ? "Added" : "Removed"}; ${account.keys.length} key${account.keys.length === 1 ? "" : "s"} prove${account.keys.length === 1 ? "s" : ""} ${account.nick}.`)),
      );
    },
  },
  {
    name: "kick",
    params: ["NICK", "[reason...]"],
    help: "Remove a member from the chat (operators).",
    forOperators: true,
    run: ({ chat, member, args }) => chat.moderation.kick(member, args[0]!, args[1]),
  },
  {
    name: "ban",
    params: ["NICK|ADDRESS", "[duration-and-reason...]"],
    usage: "/ban NICK|ADDRESS [duration] [reason]",
    help: "Keep someone out and cut their connections; for 30s, 10m, 2h, 1d, 1w, or for good (operators).",
    forOperators: true,
    run: ({ chat, member, args }) => {
      const [duration, reason] = durationAndReason(args[1] ?? "");
      return chat.moderation.ban(member, args[0]!, duration, reason);
    },
  },
  {
    name: "unban",
    params: ["NICK|ADDRESS"],
    help: "Lift a ban (operators).",
    forOperators: true,
    run: ({ chat, member, args }) => chat.moderation.unban(member, args[0]!),
  },
  {
    name: "bans",
    params: [],
    help: "List the bans in force (operators).",
    forOperators: true,
    run: ({ chat, member, reply }) => (member.op ? ok(reply(describeBans(chat.moderation.bans(), chat.now()))) : fail("not-allowed", "/bans is for operators.")),
  },
  {
    name: "mute",
    params: ["NICK", "[duration-and-reason...]"],
    usage: "/mute NICK [duration] [reason]",
    help: "Let a member read but not send (operators).",
    forOperators: true,
    run: ({ chat, member, args }) => {
      const [duration, reason] = durationAndReason(args[1] ?? "");
      return chat.moderation.mute(member, args[0]!, duration, reason);
    },
  },
  {
    name: "unmute",
    params: ["NICK"],
    help: "Let a muted member send again (operators).",
    forOperators: true,
    run: ({ chat, member, args }) => chat.moderation.unmute(member, args[0]!),
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
  return command.usage ?? ["/" + command.name, ...command.params].join(" ");
}

/** Whether `command` means something on `transport`. */
function worksOn(command: Command, transport: Transport): boolean {
  return !command.on || command.on.includes(transport);
}

/** The /help text for a member on `transport`, generated from the table: only what works there (and is theirs). */
export function helpText(transport: Transport, op = false): string {
  const commands = COMMANDS.filter((c) => worksOn(c, transport) && (op || !c.forOperators));
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

/**
 * `/whois`'s answer: transport, room, idle time, away, whether the nickname is registered
 * (and proven), operator, muted; for a member of another instance, where it is.
 */
function describeMember(member: Member, account: Account | undefined, now: number, isYou: boolean): string {
  const parts = [`${member.nick}${isYou ? " (you)" : ""}: on ${member.transport}, in ${member.room}`];
  if (member.instance !== undefined) parts.push(`connected to ${member.instance}`);
  else parts.push(`idle ${idleFor(now - member.activeAt)}`);
  if (member.away !== undefined) parts.push(`away: ${member.away}`);
  parts.push(account ? `registered (${[account.passwordHash && "password", account.keys.length && "SSH key"].filter(Boolean).join(", ")})` : "nickname not registered");
  if (member.op) parts.push("operator");
  if (member.mutedUntil !== undefined && member.mutedUntil > now) parts.push("muted");
  return parts.join(", ");
}

/** `45s`, `12m 5s`, `3h 20m`. */
function idleFor(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m ${seconds % 60}s`;
  return `${Math.floor(seconds / 3600)}h ${Math.floor((seconds % 3600) / 60)}m`;
}
