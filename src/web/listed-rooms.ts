import type { RoomListing } from "../../views/room-list.tsx";
import { LOBBY, type Chat } from "../chat/index.ts";

/**
 * How many rooms the side panel lists. A page gets the whole list each time its stream
 * opens, so it must stay small however many rooms there are (188 rooms were 47 KB per
 * page); `/rooms` lists them all.
 */
export const LISTED_ROOMS = 20;

/** #lobby and the busiest other rooms, up to LISTED_ROOMS, sorted by name. */
export function listedRooms(chat: Chat): RoomListing {
  const all = chat.rooms();
  if (all.length <= LISTED_ROOMS) return { rooms: all, more: 0 };
  const listed = new Set(
    all
      .filter((room) => room.name !== LOBBY)
      .sort((a, b) => b.members - a.members)
      .slice(0, LISTED_ROOMS - 1)
      .map((room) => room.name),
  );
  listed.add(LOBBY);
  return { rooms: all.filter((room) => listed.has(room.name)), more: all.length - listed.size };
}

/** What identifies a listing's entries: when it changes, pages need the whole list again. */
export function listingKey(listing: RoomListing): string {
  return `${listing.rooms.map((room) => room.name).join(" ")} +${listing.more}`;
}
