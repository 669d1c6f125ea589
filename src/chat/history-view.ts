import type { ConversationSummary, HistoryStore } from "../stores/history-store.ts";
import { isConversation, roomOf, type Identities, type PrivateEvent, type RecordedEvent } from "./events.ts";
import { mentions } from "./mentions.ts";
import type { SearchQuery } from "./search/search-query.ts";
import type { Member } from "./people/member.ts";

/** Most missed events a resuming client is sent one by one; past that it redraws. */
const MAX_REPLAY = 1000;

/** Past this, unread lines are not counted one by one ("1000+"). */
export const UNREAD_COUNTED = 1000;

/** Most conversations listed for a member (`conversations`). */
export const CONVERSATIONS_LISTED = 100;

/** The history as one member may see it: their rooms', their own conversations, none of those they ignore. */
export class HistoryView {
  constructor(
    private readonly history: Pick<HistoryStore, "recent" | "since" | "conversation" | "conversations" | "search">,
    private readonly historyOnJoin: number,
    /** The member with a `Member.id`, here or on another instance: a conversation with them takes in their account's party too. */
    private readonly findById: (id: string) => Identities | undefined,
  ) {}

  /** The newest events of `room`, one of the member's (its current one by default), as `member` may see them (older pages with `beforeId`). */
  recent(member: Member, limit = this.historyOnJoin, beforeId?: number, room = member.room): readonly RecordedEvent[] {
    return withoutIgnored(member, this.history.recent({ id: member.id, room }, limit, beforeId));
  }

  /**
   * What `member` missed in all its rooms and its privates after event `afterId` (resuming
   * a stream), or undefined when that is too much to replay: the client should redraw from `recent`.
   */
  since(member: Member, afterId: number): readonly RecordedEvent[] | undefined {
    const missed = this.history.since({ id: member.id, party: member.party, room: member.room, rooms: member.rooms }, afterId, MAX_REPLAY);
    return missed && withoutIgnored(member, missed);
  }

  /**
   * The newest privates between `member` and `otherId` (a member's `id`, or a party a
   * `conversations` summary names), oldest first (older pages with `beforeId`). Each side
   * with all its identities: an owned nickname's lines are found under its account's
   * party and under the `id` of the connection it proved it in.
   */
  conversation(member: Member, otherId: string, limit = this.historyOnJoin, beforeId?: number): readonly PrivateEvent[] {
    const other = this.findById(otherId) ?? { id: otherId };
    return withoutIgnored(member, this.history.conversation(member, other, limit, beforeId)) as readonly PrivateEvent[];
  }

  /** What `query` finds that `member` may read: its rooms' lines and its own privates, newest first (older pages with `beforeId`). */
  search(member: Member, query: SearchQuery, limit: number, beforeId?: number): readonly RecordedEvent[] {
    const viewer = { id: member.id, party: member.party, room: member.room, rooms: member.rooms };
    return withoutIgnored(member, this.history.search(viewer, query, limit, beforeId));
  }

  /** Whom `member` has privates with, the newest conversation first (up to `CONVERSATIONS_LISTED`). */
  conversations(member: Member): readonly ConversationSummary[] {
    return this.history.conversations(member, CONVERSATIONS_LISTED);
  }

  /** How many lines of `room`'s conversation `member` has not read (after `afterId`), others' only, up to `UNREAD_COUNTED`. */
  unread(member: Member, room: string, afterId: number): number {
    return this.unreadLines(member, room, afterId).count;
  }

  /** `unread`, and whether one of those lines names the member (the page marks the room on first paint). */
  unreadLines(member: Member, room: string, afterId: number): UnreadLines {
    const missed = this.history.since({ id: member.id, room }, afterId, UNREAD_COUNTED);
    if (!missed) return { count: UNREAD_COUNTED, mentioned: false };
    let count = 0;
    let mentioned = false;
    for (const event of missed)
      if (isUnreadLine(event, room, member)) {
        count++;
        mentioned ||= mentions(event, member.nick);
      }
    return { count, mentioned };
  }

  /**
   * What `member` is shown on entering `room`. Read before anything changes: a store that
   * fails to read then costs the move, never a member half in and half out.
   */
  shownOnEntering(member: Member, room: string): readonly RecordedEvent[] {
    return withoutIgnored(member, this.history.recent({ id: member.id, room }, this.historyOnJoin));
  }
}

/** Lines of a room not read yet: how many, and whether one names the member. */
export interface UnreadLines {
  readonly count: number;
  readonly mentioned: boolean;
}

/** `events` but for the lines of those `member` ignores (the same array when they ignore no one). */
function withoutIgnored(member: Member, events: readonly RecordedEvent[]): readonly RecordedEvent[] {
  return !member.ignoresAnyone ? events : events.filter((event) => !member.ignores(event));
}

/** Whether `event` is a line of `room`'s conversation `member` would want to read: said by someone else, not ignored. */
export function isUnreadLine(event: RecordedEvent, room: string, member: Member): boolean {
  if (!isConversation(event) || roomOf(event) !== room) return false;
  return !("from" in event && event.from === member.nick) && !member.ignores(event);
}
