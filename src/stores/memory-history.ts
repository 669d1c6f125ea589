import {
  isConversation,
  isOneOf,
  isPartyTo,
  isPublicIn,
  isQuiet,
  isVisibleTo,
  type Identities,
  type PrivateEvent,
  type RecordedEvent,
  type TopicEvent,
  type Viewer,
} from "../chat/events.ts";
import type { SearchQuery } from "../chat/search/search-query.ts";
import { summaryFor, type ConversationSummary, type HistoryStore } from "./history-store.ts";
import { isFound, searchedAs } from "./searched.ts";
import { RecentByRoom } from "./recent-by-room.ts";
import { RoomTopics } from "./room-topics.ts";

/** Keeps the newest `capacity` events in a ring; old ones fall off. */
export class MemoryHistory implements HistoryStore {
  readonly #ring: (RecordedEvent | undefined)[];
  #next = 0;
  #size = 0;
  readonly #recentByRoom = new RecentByRoom();
  /** Kept apart from the ring: a topic outlives the 10,000 events after it. */
  readonly #topics = new RoomTopics();

  constructor(readonly capacity = 10_000) {
    this.#ring = new Array(capacity);
  }

  append(event: RecordedEvent): void {
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
    if (beforeId !== Infinity) return this.#newest(limit, (event) => event.id < beforeId && isPublicIn(event, viewer.room));
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

  conversation(a: Identities, b: Identities, limit: number, beforeId = Infinity): readonly PrivateEvent[] {
    const between = (event: RecordedEvent): event is PrivateEvent =>
      event.kind === "private" &&
      event.id < beforeId &&
      ((isOneOf(event.sender, a) && isOneOf(event.recipient, b)) || (isOneOf(event.sender, b) && isOneOf(event.recipient, a)));
    return this.#newest(limit, between) as PrivateEvent[];
  }

  conversations(who: Identities, limit: number): ConversationSummary[] {
    const found = new Map<string, ConversationSummary>();
    for (let i = this.#size - 1; i >= 0 && found.size < limit; i--) {
      const event = this.#at(i)!;
      if (event.kind !== "private" || !isPartyTo(event, who)) continue;
      const summary = summaryFor(who, event);
      if (!found.has(summary.with)) found.set(summary.with, summary);
    }
    return [...found.values()];
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

  search(viewer: Viewer, query: SearchQuery, limit: number, beforeId = Infinity): readonly RecordedEvent[] {
    const as = searchedAs(viewer, query);
    if (!as) return [];
    const found: RecordedEvent[] = [];
    for (let i = this.#size - 1; i >= 0 && found.length < limit; i--) {
      const event = this.#at(i)!;
      if (event.id < beforeId && isFound(event, as, query)) found.push(event);
    }
    return found;
  }

  close(): void {}

  /** The i-th oldest event held. */
  #at(i: number): RecordedEvent | undefined {
    if (i < 0 || i >= this.#size) return undefined;
    const start = (this.#next - this.#size + this.capacity) % this.capacity;
    return this.#ring[(start + i) % this.capacity];
  }
}
