import type { RecordedEvent, TopicEvent } from "../chat/events.ts";

/**
 * How many rooms' topics are kept, newest set first: a topic outlives its room emptying
 * (for whoever comes next, and across restarts), so without a bound anyone could fill
 * memory and the store with topics of rooms no one is in.
 */
export const MAX_KEPT_TOPICS = 500;

/**
 * The newest topic of each room, as recorded, for the `MAX_KEPT_TOPICS` rooms whose topic
 * was set last. A cleared topic is no topic. `forgotten` hears each room whose topic went,
 * cleared or pushed out, so that a store can drop it too.
 */
export class RoomTopics {
  readonly #topics = new Map<string, TopicEvent>();

  constructor(private readonly forgotten: (room: string) => void = () => {}) {}

  /** Takes note of `event` if it sets or clears a topic; true when it did. */
  recorded(event: RecordedEvent): event is TopicEvent {
    if (event.kind !== "topic") return false;
    // Set anew, a topic is the newest: it moves to the end of the map's order.
    this.#topics.delete(event.room);
    if (!event.topic) {
      this.forgotten(event.room);
      return true;
    }
    this.#topics.set(event.room, event);
    if (this.#topics.size > MAX_KEPT_TOPICS) {
      const oldest = this.#topics.keys().next().value!;
      this.#topics.delete(oldest);
      this.forgotten(oldest);
    }
    return true;
  }

  get(room: string): TopicEvent | undefined {
    return this.#topics.get(room);
  }

  /** Oldest set first. */
  all(): TopicEvent[] {
    return [...this.#topics.values()];
  }
}
