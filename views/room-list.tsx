/** @jsxImportSource @kitajs/html */
import { escapeHtml } from "@kitajs/html";

export interface RoomEntry {
  name: string;
  members: number;
}

/** The rooms a page lists, by name, and how many more there are. */
export interface RoomListing {
  readonly rooms: readonly RoomEntry[];
  readonly more: number;
}

export interface RoomListProps {
  rooms: readonly RoomEntry[];
  /** Rooms left out of the list (only the busiest are listed). */
  more?: number;
  /**
   * The viewer's room, marked `aria-current`. Only the page knows it: the list pushed over
   * SSE is rendered once for everyone, and page.js marks the current room there.
   */
  current?: string;
}

/** The element id of a room's head count, so a join or leave can update just that number. */
export function roomCountId(room: string): string {
  return "rc-" + Buffer.from(room).toString("hex");
}

/** What a room's head count shows. */
export function RoomCount({ members }: { members: number }) {
  return (
    <>
      {members}
      <span class="visually-hidden"> {members === 1 ? "person" : "people"}</span>
    </>
  );
}

/**
 * The items of `#rooms`: every room with its head count. Each is a submit button of the
 * surrounding room switcher form that types `/join #room` for you (one form for the list
 * keeps each entry small: pages get the whole list when they connect), so switching
 * works with and without JavaScript.
 */
export function RoomList({ rooms, current, more = 0 }: RoomListProps) {
  return (
    <>
      {rooms.map((room) => (
        <li class="room" data-room={escapeHtml(room.name)}>
          <button
            type="submit"
            name="text"
            value={escapeHtml(`/join ${room.name}`)}
            aria-current={room.name === current ? "true" : undefined}
          >
            <span class="room-name" safe>
              {room.name}
            </span>{" "}
            <span class="count" id={roomCountId(room.name)}>
              <RoomCount members={room.members} />
            </span>
          </button>
        </li>
      ))}
      {more > 0 ? (
        <li class="more">
          {more} more: <kbd>/rooms</kbd> lists them
        </li>
      ) : (
        ""
      )}
    </>
  );
}
