import { isOneOf, type Identities, type PrivateEvent, type RecordedEvent, type TopicEvent, type Viewer } from "../chat/events.ts";
import type { SearchQuery } from "../chat/search/search-query.ts";

/**
 * Where recorded events are kept. `MemoryHistory` is the simplest; `SqliteHistory` keeps
 * them in a file, and the Redis backend keeps a `MemoryHistory` copy of its stream.
 */
export interface HistoryStore {
  /** Records an event. Ids arrive in increasing order. */
  append(event: RecordedEvent): void;
  /** The newest id recorded, 0 when empty: the chat continues numbering from it. */
  lastId(): number;
  /**
   * Up to `limit` of the newest conversation events of `viewer.room` (messages, actions,
   * notices, topics: no joins or leaves, and no privates, which belong to no room), oldest
   * first, only those with an id below `beforeId` when given (to page backwards). The
   * array (and its events) may be shared with other viewers: read it, never change it.
   */
  recent(viewer: Viewer, limit: number, beforeId?: number): readonly RecordedEvent[];
  /**
   * Every event after `afterId` that `viewer` may see (the public events of all its
   * `rooms`, and its own privates), oldest first (resuming a stream), but for quiet joins
   * and leaves (a big room's crowd line tells those); undefined when that is more than
   * `limit` events, or more than the store still holds: the caller must then start afresh
   * rather than show a gap as if nothing were missing.
   */
  since(viewer: Viewer, afterId: number, limit: number): RecordedEvent[] | undefined;
  /** Up to `limit` of the newest privates between `a` and `b` (any of the identities of each), oldest first, below `beforeId` when given. */
  conversation(a: Identities, b: Identities, limit: number, beforeId?: number): readonly PrivateEvent[];
  /** Up to `limit` of those `who` has privates with, the newest conversation first. */
  conversations(who: Identities, limit: number): ConversationSummary[];
  /**
   * Up to `limit` of what `viewer` may read (its rooms' lines, its own privates) that
   * `query` finds, newest first, below `beforeId` when given (the next page).
   */
  search(viewer: Viewer, query: SearchQuery, limit: number, beforeId?: number): readonly RecordedEvent[];
  /** Each room's topic as last set (`TopicEvent`), however long ago: a room keeps it while empty, and over a restart. */
  topics(): readonly TopicEvent[];
  close(): void;
}

/** What the chat reads of its backend's history (synchronously: a shared one answers from its copy). */
export type HistoryReads = Pick<HistoryStore, "recent" | "since" | "topics" | "conversation" | "conversations" | "search">;

/** One of a member's conversations, as `HistoryStore.conversations` lists them. */
export interface ConversationSummary {
  /** The other's party (`Party.id`): a `Member.id`, or an account's party. */
  readonly with: string;
  /** The other's nickname in the newest private between them. */
  readonly nick: string;
  /** The id of the newest private between them. */
  readonly lastId: number;
}

/** The summary of `event`'s conversation as `who`, one of its parties, lists it. */
export function summaryFor(who: Identities, event: PrivateEvent): ConversationSummary {
  const sent = isOneOf(event.sender, who);
  return { with: sent ? event.recipient.id : event.sender.id, nick: sent ? event.to : event.from, lastId: event.id };
}

/**
 * Whose a private is, as the stores file it: its party's id. (Privates stored before
 * conversations were filed as "identity room", which no key matches now: no room shows them.)
 */
export function partyKey({ id }: { readonly id: string }): string {
  return id;
}
