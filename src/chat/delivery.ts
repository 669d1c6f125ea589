import { isOneOf, type RecordedEvent } from "./events.ts";
import type { Roster } from "./people/roster.ts";
import type { Rooms } from "./rooms/rooms.ts";

/**
 * Hands an event to those of this instance who get it: a room's members, the two people
 * of a private message, everyone for a notice. Each transport then renders it once.
 */
export function deliver(event: RecordedEvent, roster: Roster, rooms: Rooms): void {
  switch (event.kind) {
    case "join":
    case "leave":
      // A quiet one reaches no one: the room's crowd line tells it (n of them to n members is n²).
      if (event.quiet) return;
      rooms.get(event.room)?.broadcast(event);
      return;
    case "crowd":
      // The line goes with the room's listing as it is now, on every instance that lists it.
      rooms.get(event.room)?.relist();
      rooms.get(event.room)?.broadcast(event);
      return;
    case "topic":
      // Live here; the history keeps it for the next start (`HistoryStore.topics`).
      rooms.keepTopic(event);
      rooms.get(event.room)?.broadcast(event);
      return;
    case "moderation":
      // A quiet one completes an earlier line (see `ModerationEvent.quiet`): it only takes effect.
      if (!event.quiet) rooms.get(event.room)?.broadcast(event);
      return;
    case "rename":
      roster.followRename(event.from, event.to);
      rooms.get(event.room)?.broadcast(event);
      return;
    case "message":
    case "action":
    case "status":
      rooms.get(event.room)?.broadcast(event);
      return;
    case "private": {
      // Found by nickname, checked by identity: both are still here, as themselves.
      const to = roster.find(event.to);
      const from = roster.find(event.from);
      const fromHere = from !== undefined && isOneOf(event.sender, from);
      if (to && isOneOf(event.recipient, to) && !to.ignores(event)) {
        // A note to oneself is no one to /reply to; `/reply` finds the sender by its `Member.id`.
        if (from !== to) to.heardFrom(fromHere ? from.id : event.sender.id);
        to.sink.deliver(event);
      }
      if (fromHere && from !== to) from.sink.deliver(event);
      return;
    }
    case "notice":
      for (const member of roster.values()) member.sink.deliver(event);
      return;
  }
}
