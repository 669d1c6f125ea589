/**
 * W8's rooms (issue 23): `members` members, each in `layers` rooms of `roomSize`.
 * Layer l splits all members into members/roomSize rooms by a different permutation
 * (member·a + l mod members, a coprime with members), so that a member's rooms hold
 * different neighbours rather than the same 50 twenty times. a = 1 is left out: it would
 * put members 0–49 together, all in one generator process, whose reads then coalesce
 * (the kernel wakes one reader for 50 writes), so the one-room comparison would be
 * cheaper for a reason that is not the rooms. Rooms are numbered
 * l·(members/roomSize) + group; senders post in room (sender mod rooms).
 */
export interface RoomPlan {
  members: number;
  layers: number;
  roomSize: number;
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/** The l-th multiplier above 1 coprime with `members` (3, 7, 9, 11, … for 1,000). */
function multiplier(members: number, layer: number): number {
  let found = -1;
  for (let a = 3; ; a += 2) if (gcd(a, members) === 1 && ++found === layer) return a;
}

export const roomCount = (plan: RoomPlan) => plan.layers * Math.floor(plan.members / plan.roomSize);

export const roomName = (index: number) => `#w8r${index}x`;

/** The rooms of member `member` (0-based, across all generators), one per layer. */
export function roomsOf(plan: RoomPlan, member: number): string[] {
  const groups = Math.floor(plan.members / plan.roomSize);
  return Array.from({ length: plan.layers }, (_, layer) => {
    const place = (member * multiplier(plan.members, layer) + layer) % plan.members;
    return roomName(layer * groups + Math.floor(place / plan.roomSize));
  });
}

/** The room sender `sender` posts in. */
export const senderRoom = (plan: RoomPlan, sender: number) => roomName(sender % roomCount(plan));
