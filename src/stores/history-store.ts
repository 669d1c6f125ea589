import type { RecordedEvent, TopicEvent, Viewer } from "../chat/events.ts";

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
   * Up to `limit` of the newest conversation events (messages, actions, privates,
   * notices: no joins or leaves) that `viewer` may see, oldest first, only those with an
   * id below `beforeId` when given (to page backwards). The array (and its events) may be
   * shared with other viewers: read it, never change it.
   */
  recent(viewer: Viewer, limit: number, beforeId?: number): readonly RecordedEvent[];
  /**
   * Every event after `afterId` that `viewer` may see, oldest first (resuming a stream),
   * but for quiet joins and leaves (a big room's crowd line tells those);
   * undefined when that is more than `limit` events, or more than the store still holds:
   * the caller must then start afresh rather than show a gap as if nothing were missing.
   */
  since(viewer: Viewer, afterId: number, limit: number): RecordedEvent[] | undefined;
  /** Each room's topic as last set (`TopicEvent`), however long ago: a room keeps it while empty, and over a restart. */
  topics(): readonly TopicEvent[];
  close(): void;
}

/** Merges two runs of events (each oldest first) into the newest `limit`, oldest first. */
export function newestOf(a: readonly RecordedEvent[], b: readonly RecordedEvent[], limit: number): RecordedEvent[] {
  return [...a, ...b].sort((x, y) => x.id - y.id).slice(-limit);
}

/**
 * Whose a private is, as the stores file it: the member's identity. (Privates stored before
 * conversations were filed as "identity room", which no key matches now: no room shows them.)
 */
export function partyKey({ id }: { readonly id: string }): string {
  return id;
}
