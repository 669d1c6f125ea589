import { validateRoomName } from "../../chat/index.ts";
import type { Handled } from "../irc-client.ts";
import type { RegisteredClient } from "../irc-client.ts";
import { ERR, RPL } from "../numerics.ts";
import type { IrcCommand } from "./command.ts";
import { namesReply, topicReply } from "./channel-replies.ts";

/** A channel name as the chat spells its rooms (`#dev`), or undefined when it is not one (then 403). */
export function roomNamed(name: string): string | undefined {
  if (!name.startsWith("#")) return undefined;
  const valid = validateRoomName(name);
  return valid.ok ? valid.value : undefined;
}

/** Whether the room exists (someone is in it): an empty room is no channel. */
function exists(irc: RegisteredClient, room: string): boolean {
  return irc.client.context.chat.membersOf(room).length > 0;
}

function noSuchChannel(irc: RegisteredClient, name: string): void {
  irc.client.numeric(ERR.NOSUCHCHANNEL, name, "No such channel");
}

export const JOIN: IrcCommand = {
  minParams: 1,
  run(irc, { params }) {
    const { chat } = irc.client.context;
    if (params[0] === "0") return PART.run(irc, { command: "PART", params: [irc.member.rooms.join(",")] });
    for (const name of params[0]!.split(",").filter(Boolean)) {
      const room = roomNamed(name);
      if (!room) {
        noSuchChannel(irc, name);
        continue;
      }
      if (irc.member.isIn(room)) continue;
      const joined = chat.moves.join(irc.member, room);
      // Over the rate: this line waits, and the channels joined already are passed by next time.
      const waited = irc.paced(joined, (why, code) =>
        irc.client.numeric(code === "too-many-rooms" ? ERR.TOOMANYCHANNELS : ERR.NOSUCHCHANNEL, name, why),
      );
      if (waited) return waited;
    }
  },
};

export const PART: IrcCommand = {
  minParams: 1,
  run(irc, { params }) {
    const { chat } = irc.client.context;
    const reason = params[1] ?? "";
    for (const name of params[0]!.split(",").filter(Boolean)) {
      const room = roomNamed(name);
      if (!room || !exists(irc, room)) {
        noSuchChannel(irc, name);
        continue;
      }
      if (!irc.member.isIn(room)) {
        irc.client.numeric(ERR.NOTONCHANNEL, name, "You're not on that channel");
        continue;
      }
      const parted = chat.moves.part(irc.member, room, reason);
      if (parted.ok) {
        irc.client.send({ source: irc.prefix, command: "PART", params: reason ? [room, reason] : [room] });
        continue;
      }
      const waited = irc.paced(parted, (why) => irc.client.numeric(ERR.CANNOTSENDTOCHAN, name, why));
      if (waited) return waited;
    }
  },
};

export const TOPIC: IrcCommand = {
  minParams: 1,
  run(irc, { params }): Handled {
    const { chat } = irc.client.context;
    const name = params[0]!;
    const room = roomNamed(name);
    if (!room || !exists(irc, room)) return noSuchChannel(irc, name);
    if (!irc.member.isIn(room)) return irc.client.numeric(ERR.NOTONCHANNEL, name, "You're not on that channel");
    if (params.length < 2) return topicReply(irc, room, true);
    const set = chat.setTopic(irc.member, params[1]!, room);
    const refused = (why: string) => irc.client.numeric(ERR.CHANOPRIVSNEEDED, name, why);
    return irc.paced(set, refused);
  },
};

export const NAMES: IrcCommand = {
  run(irc, { params }) {
    if (!params[0]) return irc.client.numeric(RPL.ENDOFNAMES, "*", "End of /NAMES list");
    for (const name of params[0].split(",").filter(Boolean)) {
      const room = roomNamed(name);
      if (room && exists(irc, room)) namesReply(irc, room);
      else irc.client.numeric(RPL.ENDOFNAMES, name, "End of /NAMES list");
    }
  },
};

export const LIST: IrcCommand = {
  run(irc, { params }) {
    const { client } = irc;
    const asked = params[0] ? new Set(params[0].split(",").map((name) => roomNamed(name))) : undefined;
    client.numeric(RPL.LISTSTART, "Channel", "Users  Name");
    for (const room of client.context.chat.rooms()) {
      if (room.members === 0 || (asked && !asked.has(room.name))) continue;
      client.numeric(RPL.LIST, room.name, String(room.members), room.topic ?? "");
    }
    client.numeric(RPL.LISTEND, "End of /LIST");
  },
};

export const KICK: IrcCommand = {
  minParams: 2,
  run(irc, { params }): Handled {
    const { chat } = irc.client.context;
    const [name, nick, reason = ""] = params as [string, string, string?];
    const room = roomNamed(name);
    if (!room || !exists(irc, room)) return noSuchChannel(irc, name);
    if (!irc.member.isIn(room)) return irc.client.numeric(ERR.NOTONCHANNEL, name, "You're not on that channel");
    const target = chat.find(nick);
    if (!target?.isIn(room)) return irc.client.numeric(ERR.USERNOTINCHANNEL, nick, name, "They aren't on that channel");
    if (!irc.member.op) return irc.client.numeric(ERR.CHANOPRIVSNEEDED, name, "You're not an operator");
    const kicked = chat.moderation.kick(irc.member, target.nick, reason, room);
    const refused = (why: string) => irc.client.numeric(ERR.CHANOPRIVSNEEDED, name, why);
    return irc.paced(kicked, refused);
  },
};

export const MODE: IrcCommand = {
  minParams: 1,
  run(irc, { params }): Handled {
    const { client } = irc;
    const [target, modes] = params as [string, string?];
    if (!target.startsWith("#")) {
      if (target.toLowerCase() !== irc.nick.toLowerCase()) return client.numeric(ERR.USERSDONTMATCH, "Can't change mode for other users");
      if (!modes) return client.numeric(RPL.UMODEIS, irc.member.op ? "+o" : "+");
      // irssi and others ask for +i on connecting: every member is listed to everyone here,
      // so there is nothing to change, and no error worth showing on every connect.
      if (/^[+-]i$/.test(modes)) return;
      return client.numeric(ERR.UMODEUNKNOWNFLAG, "Unknown MODE flag");
    }
    const room = roomNamed(target);
    if (!room || !exists(irc, room)) return noSuchChannel(irc, target);
    if (!modes) {
      // +n: only members of a room may send to it. Nothing else is a mode in Switchboard.
      client.numeric(RPL.CHANNELMODEIS, room, "+n");
      return client.numeric(RPL.CREATIONTIME, room, String(Math.floor(client.context.created.getTime() / 1000)));
    }
    if (/^[+]?b$/.test(modes)) {
      for (const ban of client.context.chat.moderation.bans())
        client.numeric(RPL.BANLIST, room, ban.nick ? `${ban.nick}!*@*` : `*!*@${ban.address}`, ban.by);
      return client.numeric(RPL.ENDOFBANLIST, room, "End of channel ban list");
    }
    return client.numeric(ERR.CHANOPRIVSNEEDED, room, "Switchboard rooms have no modes to change (operators use /kick, /ban, /mute)");
  },
};
