/** @jsxImportSource @kitajs/html */
import { escapeHtml } from "@kitajs/html";
import { MemberList, type MemberEntry } from "./member-list.tsx";
import { RoomList, type RoomListing } from "./room-list.tsx";

/** A room or conversation of the member's, as the side panel lists it. */
export interface ViewEntry {
  /** `#dev` or `@bob`. */
  name: string;
  /** `/r/dev` or `/dm/bob`. */
  href: string;
  /** Lines not read there (0 in the view shown). */
  unread: number;
  /** One of them names the member. */
  mentioned?: boolean;
}

export interface SidePanelProps {
  /** What the tab shows (`#dev`, `@bob`). */
  view: string;
  mine: readonly ViewEntry[];
  conversations: readonly ViewEntry[];
  rooms: RoomListing;
  members: readonly MemberEntry[];
  memberCount: number;
}

/**
 * The member's rooms and conversations, each a link to its address with its unread
 * count (page.js keeps the counts up from the stream's `activity` events); then every
 * room of the chat and the people of the room in view. A `<details>` so that a phone can
 * fold it away (page.js folds it on narrow screens; the stylesheet hides its summary on
 * wide ones).
 */
export function SidePanel({ view, mine, conversations, rooms, members, memberCount }: SidePanelProps) {
  return (
    <aside class="side" aria-label="Rooms and people">
      <details id="side" open>
        <summary>Rooms and people</summary>
        <h2 id="mine-heading">Your rooms</h2>
        <ul id="my-rooms" class="views" aria-labelledby="mine-heading">
          {mine.map((entry) => (
            <ViewLink entry={entry} current={entry.name === view} />
          ))}
        </ul>
        <h2 id="conversations-heading">Conversations</h2>
        <ul id="conversations" class="views" aria-labelledby="conversations-heading">
          {conversations.map((entry) => (
            <ViewLink entry={entry} current={entry.name.toLowerCase() === view.toLowerCase()} />
          ))}
        </ul>
        <h2 id="rooms-heading">All rooms</h2>
        <form id="room-switcher" method="post" action="/messages" hx-post="/messages" hx-target="#messages" hx-swap="beforeend">
          <ul id="rooms" aria-labelledby="rooms-heading">
            <RoomList rooms={rooms.rooms} more={rooms.more} current={view} />
          </ul>
        </form>
        <p class="hint">
          <kbd>/join #name</kbd> opens a new one.
        </p>
        <h2 id="members-heading">Here now</h2>
        <ul id="members" aria-labelledby="members-heading">
          <MemberList members={members} total={memberCount} />
        </ul>
      </details>
    </aside>
  );
}

/** One room or conversation: its link, its unread count and its mention mark (hidden when there is none). */
export function ViewLink({ entry, current }: { entry: ViewEntry; current: boolean }) {
  return (
    <li class={entry.mentioned ? "view mentioned" : "view"} data-view={escapeHtml(entry.name)}>
      <a href={escapeHtml(entry.href)} aria-current={current ? "page" : undefined}>
        <span class="view-name" safe>
          {entry.name}
        </span>{" "}
        <span class="mention-mark" hidden={!entry.mentioned}>
          @<span class="visually-hidden"> mentions you</span>
        </span>
        <span class="unread" data-count={String(entry.unread)} hidden={entry.unread === 0}>
          <span class="unread-count">{entry.unread}</span>
          <span class="visually-hidden"> unread</span>
        </span>
      </a>
    </li>
  );
}
