/**
 * A member's place in one room: which room, from which event on, and up to which event it
 * has read there (its unread lines are the room's conversation after `readUpTo`).
 */
export class Membership {
  constructor(
    readonly room: string,
    /** The id of the newest event when the member came in: what is newer happened while it was there. */
    readonly since: number,
    /** The newest event the member has read here; what is newer is unread. Only grows (see `read`). */
    public readUpTo: number = since,
  ) {}

  /** The member has read the room up to event `upTo`. */
  read(upTo: number): void {
    if (upTo > this.readUpTo) this.readUpTo = upTo;
  }
}

/** The current room of a member in none (see `Memberships.roomless`). */
export const NO_ROOM = "";

/** How many rooms a member's last visits are remembered for, after it left them. */
const ROOMS_REMEMBERED = 16;

/**
 * The rooms a member is in, in the order it joined them (a terminal's windows 1, 2, …), and
 * the one it is in now: where what it types goes, and what a terminal shows in full. A
 * member is always in at least one room while in the chat, and `current` is one of them;
 * but a `roomless` one (an IRC client) starts in none and may leave them all, and its
 * `current` is `NO_ROOM` then.
 */
export class Memberships {
  readonly #rooms = new Map<string, Membership>();
  #current: string;
  /** Whom the member talks with alone (`/query`), by identity: what it types goes to them. */
  #talkingTo: string | undefined;
  /** Rooms left lately, oldest first: back in one, a member is shown only what it missed. */
  #left: Membership[] | undefined;

  constructor(
    room: string,
    since: number,
    others: readonly string[] = [],
    /** May be in no room: IRC clients start so, and /part their last channel (the IRC habit). */
    readonly roomless = false,
  ) {
    this.#current = room;
    // In the order given (a terminal's window numbers), the current one wherever it is in it.
    for (const name of [...others, room])
      if (name !== NO_ROOM && !this.#rooms.has(name)) this.#rooms.set(name, new Membership(name, since));
  }

  get current(): string {
    return this.#current;
  }

  /** The identity of whom the member talks with alone, if it does (see `converse`). */
  get talkingTo(): string | undefined {
    return this.#talkingTo;
  }

  /** What the member types goes to the member `id` alone now (`/query`), or to its current room again. */
  converse(id: string | undefined): void {
    this.#talkingTo = id;
  }

  get size(): number {
    return this.#rooms.size;
  }

  /** The rooms, in the order they were joined. */
  names(): string[] {
    return [...this.#rooms.keys()];
  }

  values(): IterableIterator<Membership> {
    return this.#rooms.values();
  }

  has(room: string): boolean {
    return this.#rooms.has(room);
  }

  get(room: string): Membership | undefined {
    return this.#rooms.get(room);
  }

  /** In `room` from event `since` on (kept as it was if already there), and it is the current one. */
  add(room: string, since: number): void {
    if (!this.#rooms.has(room)) {
      if (this.#left) this.#left = this.#left.filter((past) => past.room !== room);
      this.#rooms.set(room, new Membership(room, since));
    }
    this.view(room, since);
  }

  /**
   * `room` (one of the member's) is the current one now, and no conversation is in view.
   * The room it was in has been read up to `lastId`: it was in view until now.
   */
  view(room: string, lastId: number): void {
    if (!this.#rooms.has(room)) return;
    this.#rooms.get(this.#current)?.read(lastId);
    this.#current = room;
    this.#talkingTo = undefined;
  }

  /**
   * Out of `room` when `lastId` was the newest event: remembered for a return. The current
   * room moves to the one joined last, unless it was none left (then it stays, for the
   * member leaving the chat; a roomless member is in `NO_ROOM`).
   */
  remove(room: string, lastId: number): boolean {
    const leaving = this.#rooms.get(room);
    if (!leaving) return false;
    this.#rooms.delete(room);
    leaving.read(lastId);
    this.#left = [...(this.#left ?? []).filter((past) => past.room !== room), leaving].slice(-ROOMS_REMEMBERED);
    if (this.#current === room && this.#rooms.size > 0) this.#current = [...this.#rooms.keys()].at(-1)!;
    else if (this.#current === room && this.roomless) this.#current = NO_ROOM;
    return true;
  }

  /** The newest event id when the member last left `room`, if it has been there and is not now. */
  seenUpTo(room: string): number | undefined {
    return this.#left?.find((past) => past.room === room)?.readUpTo;
  }
}
