import type { RecordedEvent, TopicEvent } from "../chat/events.ts";

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
