import { accountStamp, type Member } from "../chat/index.ts";
import type { StoredSession } from "../stores/session-store.ts";

/**
 * What a web session comes back as after a restart or on another instance: the member's
 * nickname and identity, every room in the order joined (the current one named apart), how
 * far it had read each, and the account it proved.
 */
export function storedSession(member: Member, roomSince: number): StoredSession {
  const readUpTo: Record<string, number> = {};
  for (const { room, readUpTo: upTo } of member.memberships.values()) readUpTo[room] = upTo;
  const stored = { nick: member.nick, memberId: member.id, room: member.room, roomSince, rooms: member.rooms, readUpTo };
  return member.account ? { ...stored, provenAs: accountStamp(member.account) } : stored;
}
