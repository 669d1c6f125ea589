import { isVisibleTo, type RecordedEvent, type Viewer } from "../chat/events.ts";
import { matchesText, type SearchQuery } from "../chat/search/search-query.ts";
import { sameNick } from "../chat/people/nickname.ts";

/** What is searched: what people said (messages, actions, privates), not comings and goings. */
export type Searched = RecordedEvent & { readonly kind: "message" | "action" | "private" };

export function isSearched(event: RecordedEvent): event is Searched {
  return event.kind === "message" || event.kind === "action" || event.kind === "private";
}

/**
 * The viewer a search reads as: `query.room` alone when it names one of the viewer's
 * rooms (no privates then), else every room of the viewer's; undefined when it names a
 * room the viewer is not in, where nothing may be found.
 */
export function searchedAs(viewer: Viewer, query: SearchQuery): Viewer | undefined {
  if (query.room === undefined) return viewer;
  const rooms = viewer.rooms ?? [viewer.room];
  return rooms.includes(query.room) ? { ...viewer, room: query.room, rooms: [query.room] } : undefined;
}

/** Whether `event` is what `query` finds for `viewer`, found in memory (see `MemoryHistory.search`). */
export function isFound(event: RecordedEvent, viewer: Viewer, query: SearchQuery): event is Searched {
  if (!isSearched(event) || !isVisibleTo(event, viewer)) return false;
  if (query.room !== undefined && event.kind === "private") return false;
  if (query.from !== undefined && !sameNick(event.from, query.from)) return false;
  return matchesText(event.text, query);
}
