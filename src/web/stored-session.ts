import { accountStamp, type Member } from "../chat/index.ts";
import type { StoredConversation, StoredSession } from "../stores/session-store.ts";

/**
 * What a web session comes back as after a restart or on another instance: the member's
 * nickname and identity, every room in the order joined (the current one named apart), how
 * far it had read each, its conversations with what is unread in them, and the account it
 * proved.
 */
export function storedSession(member: Member, conversations: readonly StoredConversation[]): StoredSession {
  const readUpTo: Record<string, number> = {};
  for (const { room, readUpTo: upTo } of member.memberships.values()) readUpTo[room] = upTo;
  const stored = {
    nick: member.nick,
    memberId: member.id,
    room: member.room,
    rooms: member.rooms,
    readUpTo,
    conversations: conversations.map(({ nick, unread }) => ({ nick, unread })),
  };
  return member.account ? { ...stored, provenAs: accountStamp(member.account) } : stored;
}
