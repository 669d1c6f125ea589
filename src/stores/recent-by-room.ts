import { isConversation, roomOf, type RecordedEvent } from "../chat/events.ts";

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
