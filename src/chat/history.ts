import { isConversation, isVisibleTo, type RecordedEvent, type Viewer } from "./events.ts";

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
   * id below `beforeId` when given (to page backwards).
   */
  recent(viewer: Viewer, limit: number, beforeId?: number): RecordedEvent[];
  /**
   * Every event after `afterId` that `viewer` may see, oldest first (resuming a stream);
   * undefined when that is more than `limit` events, or more than the store still holds:
   * the caller must then start afresh rather than show a gap as if nothing were missing.
   */
  since(viewer: Viewer, afterId: number, limit: number): RecordedEvent[] | undefined;
  close(): void;
}

/** Keeps the newest `capacity` events in a ring; old ones fall off. */
export class MemoryHistory implements HistoryStore {
  readonly #ring: (RecordedEvent | undefined)[];
  #next = 0;
  #size = 0;

  constructor(readonly capacity = 10_000) {
    this.#ring = new Array(capacity);
  }

  append(event: RecordedEvent): void {
    this.#ring[this.#next] = event;
    this.#next = (this.#next + 1) % this.capacity;
    if (this.#size < this.capacity) this.#size++;
  }

  lastId(): number {
    return this.#at(this.#size - 1)?.id ?? 0;
  }

  recent(viewer: Viewer, limit: number, beforeId = Infinity): RecordedEvent[] {
    const found: RecordedEvent[] = [];
    for (let i = this.#size - 1; i >= 0 && found.length < limit; i--) {
      const event = this.#at(i)!;
      if (event.id < beforeId && isConversation(event) && isVisibleTo(event, viewer)) found.push(event);
    }
    return found.reverse();
  }

  since(viewer: Viewer, afterId: number, limit: number): RecordedEvent[] | undefined {
    const found: RecordedEvent[] = [];
    let i = this.#size - 1;
    for (; i >= 0; i--) {
      const event = this.#at(i)!;
      if (event.id <= afterId) break;
      if (!isVisibleTo(event, viewer)) continue;
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
