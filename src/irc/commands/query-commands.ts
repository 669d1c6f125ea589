import type { Member } from "../../chat/index.ts";
import type { Handled } from "../irc-connection.ts";
import { userOf } from "../irc-context.ts";
import type { IrcMember } from "../irc-member.ts";
import { hasWildcards, maskMatcher } from "../masks.ts";
import { ERR, RPL } from "../numerics.ts";
import { motd } from "../welcome.ts";
import { roomNamed } from "./channel-commands.ts";
import { prefixOf } from "./channel-replies.ts";
import type { IrcCommand } from "./command.ts";

/** The user name and realname shown for `member`: what an IRC member registered with, else its nickname and transport. */
function identityOf(irc: IrcMember, member: Member): { user: string; realname: string } {
  const user = irc.client.context.users.get(member.id);
  return { user: userOf(member.nick, user), realname: user?.realname ?? `${member.nick} on ${member.transport}` };
}

/** One 352: `channel user host server nick flags :hops realname`. H or G (away), `*` and `@` for an operator. */
function whoReply(irc: IrcMember, member: Member, channel: string): void {
  const { user, realname } = identityOf(irc, member);
  const flags = (member.away === undefined ? "H" : "G") + (member.op ? "*" : "") + prefixOf(member, irc.client.caps.has("multi-prefix"));
  irc.client.numeric(RPL.WHOREPLY, channel, user, member.transport, irc.client.context.serverName, member.nick, flags, `0 ${realname}`);
}

export const WHO: IrcCommand = {
  run(irc, { params }) {
    const { chat } = irc.client.context;
    const mask = params[0] ?? "*";
    const room = roomNamed(mask);
    if (room) {
      for (const member of chat.membersOf(room)) whoReply(irc, member, room);
    } else if (!hasWildcards(mask)) {
      const member = chat.find(mask);
      if (member) whoReply(irc, member, "*");
    } else {
      const matches = maskMatcher(mask);
      for (const member of chat.allMembers()) if (matches(member.nick)) whoReply(irc, member, "*");
    }
    irc.client.numeric(RPL.ENDOFWHO, mask, "End of /WHO list");
  },
};

export const WHOIS: IrcCommand = {
  minParams: 1,
  run(irc, { params }) {
    const { client } = irc;
    const { chat, serverName } = client.context;
    // `WHOIS server nick` asks a server about a nick: there is one server.
    const nick = params[1] ?? params[0]!;
    const member = chat.find(nick);
    if (!member) {
      client.numeric(ERR.NOSUCHNICK, nick, "No such nick/channel");
      return client.numeric(RPL.ENDOFWHOIS, nick, "End of /WHOIS list");
    }
    const { user, realname } = identityOf(irc, member);
    client.numeric(RPL.WHOISUSER, member.nick, user, member.transport, "*", realname);
    const rooms = member.rooms.map((room) => prefixOf(member, irc.client.caps.has("multi-prefix")) + room);
    if (rooms.length) client.numeric(RPL.WHOISCHANNELS, member.nick, rooms.join(" "));
    client.numeric(RPL.WHOISSERVER, member.nick, serverName, `Switchboard, on ${member.transport}`);
    if (member.away !== undefined) client.numeric(RPL.AWAY, member.nick, member.away);
    if (member.op) client.numeric(RPL.WHOISOPERATOR, member.nick, "is a Switchboard operator");
    if (member.account) client.numeric(RPL.WHOISACCOUNT, member.nick, member.account.nick, "is logged in as");
    if (member.isLocal) {
      const idle = Math.max(0, Math.floor((chat.now() - member.activeAt) / 1000));
      client.numeric(RPL.WHOISIDLE, member.nick, String(idle), String(Math.floor(client.context.created.getTime() / 1000)), "seconds idle, signon time");
    }
    client.numeric(RPL.ENDOFWHOIS, member.nick, "End of /WHOIS list");
  },
};

export const USERHOST: IrcCommand = {
  minParams: 1,
  run(irc, { params }) {
    const { chat } = irc.client.context;
    const replies = params.slice(0, 5).flatMap((nick) => {
      const member = chat.find(nick);
      if (!member) return [];
      const { user } = identityOf(irc, member);
      return [`${member.nick}${member.op ? "*" : ""}=${member.away === undefined ? "+" : "-"}${user}@${member.transport}`];
    });
    irc.client.numeric(RPL.USERHOST, replies.join(" "));
  },
};

export const ISON: IrcCommand = {
  minParams: 1,
  run(irc, { params }) {
    const { chat } = irc.client.context;
    const here = params.flatMap((param) => param.split(" ")).flatMap((nick) => chat.find(nick)?.nick ?? []);
    irc.client.numeric(RPL.ISON, here.join(" "));
  },
};

export const AWAY: IrcCommand = {
  run(irc, { params }): Handled {
    const { chat } = irc.client.context;
    const reason = params[0] ?? "";
    const set = chat.setAway(irc.member, reason);
    if (!set.ok) return irc.paced(set, (why) => irc.client.numeric(ERR.INPUTTOOLONG, why));
    if (reason) irc.client.numeric(RPL.NOWAWAY, "You have been marked as being away");
    else irc.client.numeric(RPL.UNAWAY, "You are no longer marked as being away");
  },
};

export const MOTD: IrcCommand = { run: (irc) => motd(irc.client) };
