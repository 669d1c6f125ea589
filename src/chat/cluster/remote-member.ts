import type { RemotePresence } from "./backend.ts";
import { Member, type MemberSink } from "../people/member.ts";
import { systemClock } from "../clock.ts";
import { TokenBucket } from "../input/rate-limit.ts";

/** Where a member of another instance is "delivered" here: nowhere, since its own instance delivers. */
const NOWHERE: MemberSink = { enter() {}, deliver() {}, close() {} };

/** A member of another instance never sends through this one. */
const SENDS_NOTHING = new TokenBucket(0, 0, { ...systemClock, now: () => 0 });

/** A member connected to `instance`, as this instance lists it. */
export function remoteMember(presence: RemotePresence, instance: string): Member {
  const member = new Member(presence.id, presence.nick, presence.transport, instance, presence.room, NOWHERE, SENDS_NOTHING, false);
  member.instance = instance;
  member.listedMarks = presence.marks;
  member.away = presence.marks?.away;
  member.op = presence.marks?.op === true;
  return member;
}
