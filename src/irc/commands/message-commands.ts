import type { Handled } from "../irc-connection.ts";
import type { IrcMember } from "../irc-member.ts";
import { ERR, RPL } from "../numerics.ts";
import { roomNamed } from "./channel-commands.ts";
import type { IrcCommand } from "./command.ts";

const ACTION = /^\x01ACTION ?(.*?)\x01?$/s;

/**
 * PRIVMSG and NOTICE: to a channel the client is in, or to a nickname on any transport.
 * CTCP ACTION is `/me`; other CTCP queries go unanswered (the web and telnet have no way
 * to answer them). A NOTICE is never answered with an error (RFC 2812 §3.3.2).
 */
function sending(notice: boolean): IrcCommand {
  const command = notice ? "NOTICE" : "PRIVMSG";
  return {
    run(irc, { params }): Handled {
      const { client } = irc;
      const error = (...args: string[]) => void (notice || client.numeric(...(args as [string, ...string[]])));
      const [targets, raw] = params;
      if (!targets) return error(ERR.NORECIPIENT, `No recipient given (${command})`);
      if (!raw) return error(ERR.NOTEXTTOSEND, "No text to send");
      const ctcp = raw.startsWith("\x01");
      const action = ctcp ? ACTION.exec(raw) : null;
      if (ctcp && !action) return;
      const text = action ? action[1]! : raw;
      for (const target of targets.split(",").filter(Boolean)) {
        const waited = sendTo(irc, target, text, { action: action !== null, notice }, error);
        if (waited) return waited;
      }
    },
  };
}

function sendTo(
  irc: IrcMember,
  target: string,
  text: string,
  how: { action: boolean; notice: boolean },
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
  if (sent instanceof Promise) return sent.then((result) => void (result.ok || refused(result.error.message, result.error.code)));
  return irc.paced(sent, refused);
}

export const PRIVMSG = sending(false);
export const NOTICE = sending(true);
