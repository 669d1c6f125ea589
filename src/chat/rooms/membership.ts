/**
 * A member's place in a room: which room, from which event on, and up to which event it
 * has read there. Today a member is in one room at a time, and has read everything of it
 * while there (`readUpTo` is set when it leaves); several rooms at once, each with its
 * unread count, is this relation held for each room.
 */
export class Membership {
  constructor(
    readonly room: string,
    /** The id of the newest event when the member came in: what is newer happened while it was there. */
    readonly since: number,
    /** The newest event the member has seen here; undefined while it reads the room live. */
    readonly readUpTo?: number,
  ) {}

  /** The same membership, left when `lastId` was the newest event. */
  leftAt(lastId: number): Membership {
    return new Membership(this.room, this.since, lastId);
  }
}
