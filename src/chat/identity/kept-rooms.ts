import type { Account, KeptRoom } from "../../stores/account-store.ts";
import type { JoinRequest } from "../people/join-request.ts";
import type { Member } from "../people/member.ts";
import { sameNick } from "../people/nickname.ts";
import { andThen, ok, whenSettled } from "../result.ts";
import { validateRoomName } from "../rooms/room-name.ts";
import type { OwnedNicknames } from "./owned-nicknames.ts";

/** The rooms a member comes back into, the current one, and how far it had read each. */
export interface RoomsBack {
  readonly room: string;
  readonly rooms: readonly string[];
  readonly readUpTo: Readonly<Record<string, number>>;
}

/** What limits the rooms a member comes back into (`ChatOptions`, `Rooms`). */
interface RoomLimits {
  readonly maxRoomsPerMember: number;
  readonly maxRooms: number;
}

/** Whether `name` is a room name as the chat writes it: one kept before a rule changed may not be. */
function isRoomName(name: string): boolean {
  const valid = validateRoomName(name);
  return valid.ok && valid.value === name;
}

/**
 * What `account` remembers of its owner's rooms, as a member joining can be put back into
 * them: names no longer valid skipped, at most `maxRoomsPerMember` and none past
 * `maxRooms`, the current one among them. Undefined when it remembers none (an account
 * from before rooms were kept).
 */
export function roomsBack(account: Account | undefined, limits: RoomLimits, rooms: { get(name: string): unknown; count: number }): RoomsBack | undefined {
  const kept = (account?.rooms ?? []).filter((room) => isRoomName(room.name));
  const current = kept.find((room) => room.current) ?? kept.at(-1);
  if (!current) return undefined;
  const fits = (room: KeptRoom) => room !== current && (rooms.get(room.name) !== undefined || rooms.count < limits.maxRooms);
  const back = new Set([...kept.filter(fits).slice(0, limits.maxRoomsPerMember - 1), current]);
  const names = kept.filter((room) => back.has(room)).map((room) => room.name);
  return { room: current.name, rooms: names, readUpTo: Object.fromEntries(kept.filter((room) => back.has(room)).map((room) => [room.name, room.readUpTo])) };
}

/** What a joining member asks for, or else what its account remembers (a request that names its rooms wins: a kept web session). */
export function roomsAsked(
  request: JoinRequest,
  account: Account | undefined,
  limits: RoomLimits,
  rooms: { get(name: string): unknown; count: number },
): RoomsBack | undefined {
  if (request.room !== undefined || request.rooms !== undefined) {
    if (!request.readUpTo) return undefined;
    const room = request.room ?? request.rooms!.at(-1)!;
    return { room, rooms: request.rooms ?? [room], readUpTo: request.readUpTo };
  }
  return roomsBack(account, limits, rooms);
}

/** The member (just back in its rooms) had read them up to `readUpTo` (by room): its unread counts go on from there. */
export function readAgain(member: Member, readUpTo: Readonly<Record<string, number>>): void {
  for (const [name, upTo] of Object.entries(readUpTo)) {
    const membership = member.memberships.get(name);
    if (membership) membership.readUpTo = upTo;
  }
}

/** The member's rooms as its account keeps them: in the order joined, the current one marked. */
export function keptRooms(member: Member): KeptRoom[] {
  return [...member.memberships.values()].map(({ room, readUpTo }) =>
    room === member.room ? { name: room, readUpTo, current: true as const } : { name: room, readUpTo },
  );
}

/**
 * Keeps the rooms of members holding an account in it, for their next visit, without
 * making anyone wait (as their ignores are kept): while a write for a member is in flight,
 * only the newest of what it should write next is held, and written after it. A failure
 * is logged, not told: the join or part itself went through.
 */
export class RoomKeeper {
  /** Members (by identity) whose rooms are being written, and what to write after (if anything changed). */
  readonly #writing = new Map<string, KeptRoom[] | undefined>();

  constructor(
    private readonly owners: OwnedNicknames,
    private readonly log: (line: string) => void,
  ) {}

  /** Keeps where `member` is now (call it before it leaves its rooms, when it leaves the chat). */
  keep(member: Member): void {
    member.sink.roomsChanged?.();
    if (member.account) this.#write(member.id, member.nick, keptRooms(member));
  }

  #write(id: string, nick: string, rooms: KeptRoom[]): void {
    if (this.#writing.has(id)) return void this.#writing.set(id, rooms);
    this.#writing.set(id, undefined);
    const { owners } = this;
    // Read again first: the owner may have changed something else meanwhile, elsewhere.
    const written = andThen(owners.find(nick), (account) => (account && sameNick(account.nick, nick) ? owners.save({ ...account, rooms }) : ok(account)));
    void whenSettled(written, (result) => {
      if (!result.ok) this.log(`accounts: cannot keep the rooms of ${nick} (${result.error.message})`);
      const next = this.#writing.get(id);
      this.#writing.delete(id);
      if (next) this.#write(id, nick, next);
    });
  }
}
