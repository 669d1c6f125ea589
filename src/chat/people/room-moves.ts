import type { ChatCore } from "../core.ts";
import type { UnreadLines } from "../history-view.ts";
import type { SendingLimits } from "../input/sending-limits.ts";
import { fail, ok, type Result } from "../result.ts";
import { LOBBY } from "../rooms/room-name.ts";
import type { Member } from "./member.ts";
import type { People } from "./people.ts";

const NONE_UNREAD: UnreadLines = { count: 0, mentioned: false };

/**
 * Members going into rooms and out of them, one room at a time: a member is in several at
 * once, and one of them is its current room. Each room sees one join and one leave; moving
 * between rooms one is in changes nothing for anyone else.
 */
export class RoomMoves {
  constructor(
    private readonly core: ChatCore,
    private readonly limits: SendingLimits,
    /** Whose `keeper` keeps an owned nickname's rooms in its account, at each move. */
    private readonly people?: Pick<People, "keeper">,
  ) {}

  /** `/join ROOM` (already validated): into it too, creating it if need be, and it is the current room. */
  join(member: Member, room: string): Result<void> {
    const { core } = this;
    if (member.isIn(room)) return ok(core.rooms.view(member, room));
    const { maxRoomsPerMember, maxRooms } = core.options;
    if (member.memberships.size >= maxRoomsPerMember)
      return fail("too-many-rooms", `You are in ${maxRoomsPerMember} rooms, as many as one may be in: /part one first.`);
    if (!core.rooms.get(room) && core.rooms.count >= maxRooms)
      return fail("too-many-rooms", `There are ${maxRooms} rooms, as many as the chat holds: join one of them (/rooms lists them).`);
    // Others could not be told: a member would be in a room here and not elsewhere.
    if (core.paused) return fail("chat-paused", core.paused);
    // A line in a room and in its history: joining costs a token, as a message does.
    const paced = this.limits.paced(member);
    if (paced) return paced;
    core.rooms.enter(member, room, core.history.shownOnEntering(member, room));
    this.people?.keeper.keep(member);
    return ok(undefined);
  }

  /**
   * `/part [ROOM] [reason]`: out of one room (the current one without `room`). The member
   * is left in its other rooms, or in #lobby when it had no other (a roomless one in none).
   */
  part(member: Member, room: string, rawReason = ""): Result<void> {
    const { core } = this;
    if (!member.isIn(room)) return fail("not-a-member", `You are not in ${room}.`);
    const last = member.memberships.size === 1 && !member.memberships.roomless;
    if (last && room === LOBBY) return fail("not-a-member", `You are only in ${LOBBY}; /quit leaves the chat.`);
    const reason = this.limits.checkShown(rawReason, "Part reason");
    if (!reason.ok) return reason;
    if (core.paused) return fail("chat-paused", core.paused);
    const paced = this.limits.paced(member);
    if (paced) return paced;
    // Never in no room: #lobby first, then out of the last other.
    if (last) core.rooms.enter(member, LOBBY, core.history.shownOnEntering(member, LOBBY));
    const shown = reason.value && !this.limits.muted(member);
    core.rooms.exit(member, room, shown ? `left: ${reason.value}` : "left");
    // Out of the room before its leave is published, the member is not told it: told here.
    core.tell(member, `You left ${room}.`);
    this.people?.keeper.keep(member);
    return ok(undefined);
  }

  /** The member looks at `room`, one of its own, now (a terminal's switch, the room a page posts to). */
  view(member: Member, room: string): Result<void> {
    if (!member.isIn(room)) return fail("not-a-member", `You are not in ${room}: /join ${room} first.`);
    const was = member.room;
    this.core.rooms.view(member, room);
    // The room left is read now: kept as such, once per switch (not for each line posted to the room in view).
    if (member.room !== was) this.people?.keeper.keep(member);
    return ok(undefined);
  }

  /** The member has read `room` up to event `upTo` (see `Membership.readUpTo`). */
  read(member: Member, room: string, upTo = this.core.lastId): void {
    member.memberships.get(room)?.read(upTo);
    member.sink.roomsChanged?.();
  }

  /** How many lines of `room`'s conversation the member has not read: none in the room in view. */
  unread(member: Member, room: string): number {
    return this.unreadLines(member, room).count;
  }

  /** `unread`, and whether one of those lines names the member. */
  unreadLines(member: Member, room: string): UnreadLines {
    const membership = member.memberships.get(room);
    if (!membership || (member.room === room && member.memberships.talkingTo === undefined)) return NONE_UNREAD;
    return this.core.history.unreadLines(member, room, membership.readUpTo);
  }

  /** `/query NICK`: what the member types goes to `other` alone now; without one, to its current room again. */
  converse(member: Member, other: Member | undefined): Result<void> {
    const { memberships } = member;
    if (!other) {
      if (memberships.talkingTo === undefined) return fail("not-a-member", "You are not talking with anyone alone: /query NICK does.");
      memberships.converse(undefined);
      member.sink.viewing?.(member.room);
      return ok(undefined);
    }
    if (other === member) return fail("no-such-nick", "That is you: /query another nickname.");
    memberships.view(member.room, this.core.lastId);
    memberships.converse(other.id);
    member.sink.viewing?.(`@${other.nick}`);
    return ok(undefined);
  }
}
