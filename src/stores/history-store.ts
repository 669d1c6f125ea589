import { isConversation, isPublicIn, isQuiet, isVisibleTo, roomOf, type RecordedEvent, type TopicEvent, type Viewer } from "../chat/events.ts";

/**
 * Where recorded events are kept. The in-memory store below is the simplest; a durable
 * store implements the same interface.
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

/** The newest topic of each room, as recorded. A cleared topic is no topic. */
export class RoomTopics {
  readonly #topics = new Map<string, TopicEvent>();

  /** Takes note of `event` if it sets or clears a topic; true when it did. */
  recorded(event: RecordedEvent): event is TopicEvent {
    if (event.kind !== "topic") return false;
    if (event.topic) this.#topics.set(event.room, event);
    else this.#topics.delete(event.room);
    return true;
  }

  all(): TopicEvent[] {
    return [...this.#topics.values()];
  }
}

/**
 * Each room's newest conversation as everyone there sees it (privates aside), read once
 * and shared until the room says something new. A storm of arrivals in one room then
 * costs one read, and every arrival holds the very same event objects, whose renderings
 * each transport already shares.
 */
export class RecentByRoom {
  readonly #rooms = new Map<string, { limit: number; events: readonly RecordedEvent[] }>();

  /** The newest `limit` conversation events of `room` visible to all there, from `read` unless held. */
  get(room: string, limit: number, read: () => readonly RecordedEvent[]): readonly RecordedEvent[] {
    const held = this.#rooms.get(room);
    if (held && held.limit === limit) return held.events;
    const events = read();
    this.#rooms.set(room, { limit, events });
    return events;
  }

  /** `event` was recorded: the rooms it shows in are read again next time. */
  recorded(event: RecordedEvent): void {
    if (!isConversation(event) || event.kind === "private") return;
    const room = roomOf(event);
    if (room === undefined) this.#rooms.clear();
    else this.#rooms.delete(room);
  }
}

/** Merges two runs of events (each oldest first) into the newest `limit`, oldest first. */
export function newestOf(a: readonly RecordedEvent[], b: readonly RecordedEvent[], limit: number): RecordedEvent[] {
  return [...a, ...b].sort((x, y) => x.id - y.id).slice(-limit);
}

/** Keeps the newest `capacity` events in a ring; old ones fall off. */
export class MemoryHistory implements HistoryStore {
  readonly #ring: (RecordedEvent | undefined)[];
  #next = 0;
  #size = 0;
  readonly #recentByRoom = new RecentByRoom();
  /** How many privates the ring holds per party (`id room`): most viewers have none, and need no scan. */
  readonly #privates = new Map<string, number>();
  /** Kept apart from the ring: a topic outlives the 10,000 events after it. */
  readonly #topics = new RoomTopics();

  constructor(readonly capacity = 10_000) {
    this.#ring = new Array(capacity);
  }

  append(event: RecordedEvent): void {
    const dropped = this.#size === this.capacity ? this.#ring[this.#next] : undefined;
    if (dropped?.kind === "private") this.#countPrivate(dropped, -1);
    if (event.kind === "private") this.#countPrivate(event, 1);
    this.#ring[this.#next] = event;
    this.#next = (this.#next + 1) % this.capacity;
    if (this.#size < this.capacity) this.#size++;
    this.#recentByRoom.recorded(event);
    this.#topics.recorded(event);
  }

  topics(): readonly TopicEvent[] {
    return this.#topics.all();
  }

  lastId(): number {
    return this.#at(this.#size - 1)?.id ?? 0;
  }

  recent(viewer: Viewer, limit: number, beforeId = Infinity): readonly RecordedEvent[] {
    if (beforeId !== Infinity || this.#privates.has(partyKey(viewer))) {
      return this.#newest(limit, (event) => event.id < beforeId && isVisibleTo(event, viewer));
    }
    return this.#recentByRoom.get(viewer.room, limit, () => this.#newest(limit, (event) => isPublicIn(event, viewer.room)));
  }

  /** The newest `limit` conversation events that pass `wanted`, oldest first. */
  #newest(limit: number, wanted: (event: RecordedEvent) => boolean): RecordedEvent[] {
    const found: RecordedEvent[] = [];
    for (let i = this.#size - 1; i >= 0 && found.length < limit; i--) {
      const event = this.#at(i)!;
      if (isConversation(event) && wanted(event)) found.push(event);
    }
    return found.reverse();
  }

  #countPrivate(event: Extract<RecordedEvent, { kind: "private" }>, by: 1 | -1): void {
    for (const key of new Set([partyKey(event.sender), partyKey(event.recipient)])) {
      const count = (this.#privates.get(key) ?? 0) + by;
      if (count > 0) this.#privates.set(key, count);
      else this.#privates.delete(key);
    }
  }

  since(viewer: Viewer, afterId: number, limit: number): RecordedEvent[] | undefined {
    const found: RecordedEvent[] = [];
    let i = this.#size - 1;
    for (; i >= 0; i--) {
      const event = this.#at(i)!;
      if (event.id <= afterId) break;
      if (isQuiet(event) || !isVisibleTo(event, viewer)) continue;
      if (found.length === limit) return undefined;
      found.push(event);
    }
    // Reached the oldest event held without reaching `afterId`: older ones fell off the ring.
    if (i < 0 && this.#size === this.capacity && afterId < this.#at(0)!.id - 1) return undefined;
    return found.reverse();
  }

  close(): void {}

  /** The i-th oldest event held. */
  #at(i: number): RecordedEvent | undefined {
    if (i < 0 || i >= this.#size) return undefined;
    const start = (this.#next - this.#size + this.capacity) % this.capacity;
    return this.#ring[(start + i) % this.capacity];
  }
}

/** Who sees a private where: one member in one room (room names cannot hold a space). */
export function partyKey({ id, room }: Viewer): string {
  return `${id} ${room}`;
}
