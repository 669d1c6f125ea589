import type { Member, RecordedEvent } from "../../chat/index.ts";
import type { RegisteredClient } from "../irc-client.ts";
import { flavourOf } from "../irc-render.ts";
import { RPL } from "../numerics.ts";

/**
 * What NAMES and WHO put before a member's nickname (PREFIX=(ov)@+): `@` for an operator
 * (Switchboard's may kick anyone, in any room), `+` for a member who proved an owned
 * nickname (the page's "registered" mark). Both, highest first, for a client with
 * multi-prefix; else the highest only.
 */
export function prefixOf(member: Member, multi = true): string {
  const marks = member.marks();
  const prefixes = (marks.op ? "@" : "") + (marks.registered ? "+" : "");
  return multi ? prefixes : prefixes.slice(0, 1);
}

/**
 * The client is in `room` now: its JOIN, the topic (332/333), the names (353/366), then
 * the room's recent lines, with their times for a client that asked for server-time.
 */
export function entered(irc: RegisteredClient, room: string, history: readonly RecordedEvent[]): void {
  const { client } = irc;
  const extended = client.caps.has("extended-join");
  const params = extended ? [room, irc.member.account?.nick ?? "*", irc.user.realname] : [room];
  client.send({ source: irc.prefix, command: "JOIN", params });
  topicReply(irc, room, false);
  namesReply(irc, room);
  const flavour = flavourOf(client.caps);
  for (const event of history) client.sendBytes(client.context.rendering.bytesFor(event, flavour));
}

/** 332 and 333 for a room with a topic; 331 without, when `orNone` (TOPIC asked). */
export function topicReply(irc: RegisteredClient, room: string, orNone: boolean): void {
  const topic = irc.client.context.chat.topicOf(room);
  if (!topic?.topic) {
    if (orNone) irc.client.numeric(RPL.NOTOPIC, room, "No topic is set");
    return;
  }
  irc.client.numeric(RPL.TOPIC, room, topic.topic);
  irc.client.numeric(RPL.TOPICWHOTIME, room, topic.by, String(Math.floor(topic.at / 1000)));
}

/** 353 (as many as the names need) and 366: everyone in `room`, on every transport. */
export function namesReply(irc: RegisteredClient, room: string): void {
  const { client } = irc;
  const members = [...client.context.chat.membersOf(room)];
  if (irc.member.isIn(room) && !members.includes(irc.member)) members.push(irc.member);
  const multi = client.caps.has("multi-prefix");
  // userhost-in-names: each name as its source is written (nick!user@host).
  const full = client.caps.has("userhost-in-names");
  const names = members.map((member) => {
    // Each prefix is kept from here on: who leaves is no longer there to be looked up (see `ircContext`).
    const source = client.context.rendering.prefixOfMember(member);
    return prefixOf(member, multi) + (full ? source : member.nick);
  });
  const overhead = `:${client.context.serverName} 353 ${irc.nick} = ${room} :`.length;
  let line: string[] = [];
  let length = overhead;
  for (const name of names) {
    if (line.length > 0 && length + name.length + 1 > 510) {
      client.numeric(RPL.NAMREPLY, "=", room, line.join(" "));
      line = [];
      length = overhead;
    }
    line.push(name);
    length += name.length + 1;
  }
  if (line.length > 0) client.numeric(RPL.NAMREPLY, "=", room, line.join(" "));
  client.numeric(RPL.ENDOFNAMES, room, "End of /NAMES list");
}
