import { isConversation, isVisibleTo, type RecordedEvent } from "./events.ts";

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
   * notices: no joins or leaves) that `nick` may see in `room`, oldest first, only those
   * with an id below `beforeId` when given (to page backwards).
   */
  recent(room: string, nick: string, limit: number, beforeId?: number): RecordedEvent[];
  /** Every event after `afterId` that `nick` may see in `room`, oldest first (resuming a stream). */
  since(room: string, nick: string, afterId: number): RecordedEvent[];
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

  recent(room: string, nick: string, limit: number, beforeId = Infinity): RecordedEvent[] {
    const found: RecordedEvent[] = [];
    for (let i = this.#size - 1; i >= 0 && found.length < limit; i--) {
      const event = this.#at(i)!;
      if (event.id < beforeId && isConversation(event) && isVisibleTo(event, nick, room)) found.push(event);
    }
    return found.reverse();
  }

  since(room: string, nick: string, afterId: number): RecordedEvent[] {
    const found: RecordedEvent[] = [];
    for (let i = this.#size - 1; i >= 0; i--) {
      const event = this.#at(i)!;
      if (event.id <= afterId) break;
      if (isVisibleTo(event, nick, room)) found.push(event);
    }
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
