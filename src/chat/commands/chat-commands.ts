import type { Transport } from "../events.ts";
import type { Member } from "../people/member.ts";
import { parseSwitch, type DisplayPreferences } from "../people/preferences.ts";
import { andThen, fail, ok, type Result } from "../result.ts";
import type { Command, CommandContext } from "./command.ts";
import { describeMember } from "./describe-member.ts";

/** Where display settings only a terminal has mean something. */
const TERMINALS: readonly Transport[] = ["telnet", "ssh"];

/** What every member may do in the chat, in the order /help lists them (identity and moderation aside). */
export const CHAT_COMMANDS: readonly Command[] = [
  {
    name: "help",
    for: "members",
    params: ["[command]"],
    help: "List the commands, or say more about one.",
    run: ({ chat, member, args, reply }) =>
      args[0] ? andThen(chat.help.helpOn(args[0], member), (text) => ok(reply(text))) : ok(reply(chat.help.helpFor(member.transport, member.op))),
  },
  {
    name: "nick",
    for: "members",
    params: ["NEW"],
    help: "Change your nickname.",
    run: ({ chat, member, args, reply }) => {
      if (member.nick === args[0]) return ok(reply(`You are already ${member.nick}.`));
      return chat.rename(member, args[0]!);
    },
  },
  {
    name: "me",
    for: "members",
    params: ["ACTION..."],
    help: "Describe what you are doing: /me waves.",
    run: ({ chat, member, args }) => chat.say(member, args[0]!, true),
  },
  {
    name: "msg",
    aliases: ["m", "tell"],
    for: "members",
    params: ["NICK", "TEXT..."],
    help: "Send a private message.",
    run: ({ chat, member, args }) => chat.whisper(member, args[0]!, args[1]!),
  },
  {
    name: "reply",
    aliases: ["r"],
    for: "members",
    params: ["TEXT..."],
    help: "Answer privately whoever last sent you a private message.",
    run: ({ chat, member, args }) => chat.answerPrivately(member, args[0]!),
  },
  {
    name: "away",
    for: "members",
    params: ["[reason...]"],
    help: "Say you are away (a private message to you is answered with the reason); without one, you are back.",
    run: ({ chat, member, args, reply }) => {
      const wasAway = member.away !== undefined;
      return andThen(chat.setAway(member, args[0] ?? ""), (reason) =>
        ok(reply(reason ? `You are marked away: ${reason}` : wasAway ? "You are back." : "You were not away.")),
      );
    },
  },
  {
    name: "ignore",
    for: "members",
    params: ["[nick]"],
    help: "Stop seeing what NICK says (for this session, or for good once registered); without a nickname, list whom you ignore.",
    run: ({ chat, member, args, reply }) => {
      const nick = args[0]?.trim();
      if (!nick) {
        const ignored = member.ignored;
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
    for: "members",
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
    for: "members",
    params: ["NICK"],
    help: "Who someone is: how they are connected, their room, how long they have been idle.",
    run: ({ chat, member, args, reply }) => {
      const other = chat.find(args[0]!);
      if (!other) return fail("no-such-nick", `No one called ${args[0]} is here.`);
      return andThen(chat.owners.find(other.nick), (account) => ok(reply(describeMember(other, account, chat.now(), other === member))));
    },
  },
];

/** Display settings, after identity and moderation in /help. */
export const DISPLAY_COMMANDS: readonly Command[] = [
  {
    name: "color",
    aliases: ["colour"],
    for: "members",
    params: ["on|off"],
    help: "Colours for nicknames and mentions in your terminal.",
    on: TERMINALS,
    run: (context) => setPreference(context, "colour", "Colours"),
  },
  {
    name: "timestamps",
    for: "members",
    params: ["on|off"],
    help: "Show or hide the time before each line.",
    on: TERMINALS,
    run: (context) => setPreference(context, "timestamps", "Timestamps"),
  },
  {
    name: "quit",
    aliases: ["exit"],
    for: "members",
    params: ["[reason...]"],
    help: "Leave the chat.",
    run: ({ chat, member, args }) => chat.quit(member, args[0] ?? ""),
  },
];

function setPreference({ member, args, reply }: CommandContext<Member>, key: keyof DisplayPreferences, label: string): Result<boolean> {
  const on = parseSwitch(args[0]!);
  if (!on.ok) return on;
  member.prefer({ [key]: on.value });
  reply(`${label} ${on.value ? "on" : "off"}.`);
  return on;
}
