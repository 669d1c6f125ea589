import type { ClientTags } from "../../chat/index.ts";
import type { Handled } from "../irc-client.ts";
import type { RegisteredClient } from "../irc-client.ts";
import { ERR, RPL } from "../numerics.ts";
import { roomNamed } from "./channel-commands.ts";
import type { IrcCommand } from "./command.ts";
import { MESSAGE_TARGETS } from "../welcome.ts";

const ACTION = /^\x01ACTION ?(.*?)\x01?$/s;

/** The client-only tags (`+name`) of what a client sent: the others are the server's to set. */
function clientTags(tags: Readonly<Record<string, string>> | undefined): ClientTags | undefined {
  if (!tags) return undefined;
  const own = Object.entries(tags).filter(([key]) => key.startsWith("+"));
  return own.length ? Object.fromEntries(own) : undefined;
}

/**
 * PRIVMSG and NOTICE: to a channel the client is in, or to a nickname on any transport.
 * CTCP ACTION is `/me`; other CTCP queries go unanswered (the web and telnet have no way
 * to answer them). A NOTICE is never answered with an error (RFC 2812 §3.3.2).
 */
function sending(notice: boolean): IrcCommand {
  const command = notice ? "NOTICE" : "PRIVMSG";
  return {
    run(irc, { params, tags }): Handled {
      const { client } = irc;
      const error = (...args: string[]) => void (notice || client.numeric(...(args as [string, ...string[]])));
      const [targets, raw] = params;
      if (!targets) return error(ERR.NORECIPIENT, `No recipient given (${command})`);
      if (!raw) return error(ERR.NOTEXTTOSEND, "No text to send");
      const ctcp = raw.startsWith("\x01");
      const action = ctcp ? ACTION.exec(raw) : null;
      if (ctcp && !action) return;
      const text = action ? action[1]! : raw;
      const named = targets.split(",").filter(Boolean);
      if (named.length > MESSAGE_TARGETS) return error(ERR.TOOMANYTARGETS, targets, `At most ${MESSAGE_TARGETS} targets`);
      for (const target of named) {
        const waited = sendTo(irc, target, text, { action: action !== null, notice, tags: clientTags(tags) }, error);
        if (waited) return waited;
      }
    },
  };
}

function sendTo(
  irc: RegisteredClient,
  target: string,
  text: string,
  how: { action: boolean; notice: boolean; tags?: ClientTags },
  error: (...args: string[]) => void,
): Handled {
  const { chat } = irc.client.context;
  let to = target;
  if (target.startsWith("#")) {
    const room = roomNamed(target);
    if (!room || chat.membersOf(room).length === 0) return error(ERR.NOSUCHCHANNEL, target, "No such channel");
    if (!irc.member.isIn(room)) return error(ERR.CANNOTSENDTOCHAN, target, "Cannot send to channel (join it first)");
    to = room;
  } else {
    const other = chat.find(target);
    if (!other) return error(ERR.NOSUCHNICK, target, "No such nick/channel");
    if (other.away !== undefined && !how.notice) irc.client.numeric(RPL.AWAY, other.nick, other.away);
    to = other.nick;
  }
  const sent = chat.send(irc.member, to, text, how);
  const refused = (why: string, code: string) => {
    if (code === "message-empty") return error(ERR.NOTEXTTOSEND, "No text to send");
    if (code === "no-such-nick") return error(ERR.NOSUCHNICK, target, why);
    if (code === "message-too-long") return error(ERR.INPUTTOOLONG, why);
    error(ERR.CANNOTSENDTOCHAN, target, why);
  };
  return irc.paced(sent, refused);
}

export const PRIVMSG = sending(false);
export const NOTICE = sending(true);

/**
 * A message of tags alone (IRCv3 message-tags: `+typing`, reactions). Taken, and not
 * passed on: the chat records what it passes on, and a line for each keystroke's typing
 * notice, which the web and telnet could not show, is not worth keeping; an error for
 * each would only clutter the client. (Tags on a PRIVMSG or NOTICE are passed on.)
 */
export const TAGMSG: IrcCommand = { run() {} };
