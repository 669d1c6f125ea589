import { describeBans } from "../moderation/ban-list.ts";
import { durationAndReason } from "../moderation/duration.ts";
import type { Member } from "../people/member.ts";
import { andThen, ok, type Pending } from "../result.ts";
import type { Command, CommandContext, CommandTarget } from "./command.ts";

/** A handler whose arguments are a target and `[duration] [reason]`, as /ban and /mute take them. */
function timed(
  act: (chat: CommandTarget, by: Member | undefined, target: string, duration: string | undefined, reason: string) => Pending<unknown>,
): (context: CommandContext) => Pending<unknown> {
  return ({ chat, member, args }) => {
    const [duration, reason] = durationAndReason(args[1] ?? "");
    return act(chat, member, args[0]!, duration, reason);
  };
}

/**
 * Keeping order, for operators and the console alike (the console names operators). What
 * was done shows as one line in the room it concerns; the console is told it was done.
 */
export const MODERATION_COMMANDS: readonly Command[] = [
  {
    name: "kick",
    for: "operators",
    params: ["NICK", "[reason...]"],
    help: "Remove a member from the chat (operators).",
    consoleDone: ([nick]) => `Kicked ${nick}.`,
    run: ({ chat, member, args }) => chat.moderation.kick(member, args[0]!, args[1]),
  },
  {
    name: "ban",
    for: "operators",
    params: ["NICK|ADDRESS", "[duration-and-reason...]"],
    usage: "/ban NICK|ADDRESS [duration] [reason]",
    help: "Keep someone out and cut their connections; for 30s, 10m, 2h, 1d, 1w, or for good (operators).",
    consoleDone: ([target]) => `Banned ${target}.`,
    run: timed((chat, by, target, duration, reason) => chat.moderation.ban(by, target, duration, reason)),
  },
  {
    name: "unban",
    for: "operators",
    params: ["NICK|ADDRESS"],
    help: "Lift a ban (operators).",
    consoleDone: ([target]) => `Lifted the ban on ${target}.`,
    run: ({ chat, member, args }) => chat.moderation.unban(member, args[0]!),
  },
  {
    name: "bans",
    for: "operators",
    params: [],
    help: "List the bans in force (operators).",
    run: ({ chat, reply }) => ok(reply(describeBans(chat.moderation.bans(), chat.now()))),
  },
  {
    name: "mute",
    for: "operators",
    params: ["NICK", "[duration-and-reason...]"],
    usage: "/mute NICK [duration] [reason]",
    help: "Let a member read but not send (operators).",
    consoleDone: ([nick]) => `Muted ${nick}.`,
    run: timed((chat, by, nick, duration, reason) => chat.moderation.mute(by, nick, duration, reason)),
  },
  {
    name: "unmute",
    for: "operators",
    params: ["NICK"],
    help: "Let a muted member send again (operators).",
    consoleDone: ([nick]) => `Unmuted ${nick}.`,
    run: ({ chat, member, args }) => chat.moderation.unmute(member, args[0]!),
  },
];

/** Operator rights: an account's, given and taken at the console only. */
export const OPERATOR_COMMANDS: readonly Command[] = [
  {
    name: "op",
    for: "console",
    params: ["NICK"],
    help: "Make a registered or key-owned nickname an operator.",
    consoleDone: ([nick]) => `${nick} is an operator.`,
    run: ({ chat, args }) => chat.moderation.setOperator(args[0]!, true),
  },
  {
    name: "deop",
    for: "console",
    params: ["NICK"],
    help: "Take operator rights away.",
    consoleDone: ([nick]) => `${nick} is no longer an operator.`,
    run: ({ chat, args }) => chat.moderation.setOperator(args[0]!, false),
  },
  {
    name: "ops",
    for: "console",
    params: [],
    help: "List the operators.",
    run: ({ chat, reply }) =>
      andThen(chat.owners.operators(), (nicks) => ok(reply(nicks.length ? `Operators: ${nicks.join(", ")}` : "No operators yet: op NICK makes one."))),
  },
];
