import type { Member } from "../people/member.ts";
import type { PresenceChange, Whereabouts } from "./backend.ts";

/** Where `member` is, as the other instances list them (marks only when there are some). */
export function whereabouts(member: Member, room = member.room): Whereabouts {
  const marks = member.marks();
  const where = { nick: member.nick, room, transport: member.transport };
  return marks.registered || marks.op || marks.away !== undefined ? { ...where, marks } : where;
}

/** `member` is where it is now (a join, a rename, new marks): what every instance lists it as. */
export function presenceOf(member: Member): PresenceChange {
  return { member: member.id, now: whereabouts(member) };
}
