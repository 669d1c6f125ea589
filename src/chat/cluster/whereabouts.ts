import type { Member } from "../people/member.ts";
import type { PresenceChange, Whereabouts } from "./backend.ts";

/** Where `member` is, as the other instances list them (every room, marks and party only when there are more, or some). */
export function whereabouts(member: Member): Whereabouts {
  const marks = member.marks();
  const { rooms, party } = member;
  const where = {
    nick: member.nick,
    room: member.room,
    transport: member.transport,
    ...(rooms.length > 1 ? { rooms } : {}),
    ...(party !== undefined ? { party } : {}),
  };
  return marks.registered || marks.op || marks.away !== undefined ? { ...where, marks } : where;
}

/** `member` is where it is now (a join, a rename, new marks): what every instance lists it as. */
export function presenceOf(member: Member): PresenceChange {
  return { member: member.id, now: whereabouts(member) };
}

/**
 * A member listed as `where` leaves the chat without its instance (it died, or the member
 * never came back): one leave in each of its rooms, each with where it is left, the last
 * one gone.
 */
export function departures(where: Whereabouts): { room: string; now: Whereabouts | null }[] {
  const rooms = where.rooms ?? [where.room];
  return rooms.map((room, i) => {
    const left = rooms.slice(i + 1);
    return { room, now: left.length === 0 ? null : { ...where, room: left.at(-1)!, rooms: left } };
  });
}
