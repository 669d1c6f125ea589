/** @jsxImportSource @kitajs/html */
import type { RecordedEvent, SystemEvent } from "../src/chat/index.ts";
import { Composer, type RefusedLine } from "./composer.tsx";
import { Layout } from "./layout.tsx";
import { MemberList, type MemberEntry } from "./member-list.tsx";
import { MessageItem } from "./message-item.tsx";
import { MessageList } from "./message-list.tsx";
import { RoomList, type RoomListing } from "./room-list.tsx";

/** The id of the list's last item, so that `/#latest` shows the newest line without JavaScript. */
export const LATEST = "latest";

export interface ChatPageProps {
  nick: string;
  room: string;
  /** What the room is about (`/topic`); empty when it has none. */
  topic: string;
  events: readonly RecordedEvent[];
  /** Answers to this member that no live stream carried (forms posted without JavaScript). */
  answers: readonly SystemEvent[];
  hasOlder: boolean;
  /** `events` are the room's newest (not an older page, `/?before=`). */
  newest: boolean;
  /** The first members of the room (see `MEMBERS_LISTED`), of `memberCount`. */
  members: readonly MemberEntry[];
  memberCount: number;
  rooms: RoomListing;
  /** Newest event id the page already reflects: the stream resumes after it. */
  after: number;
  /** A line just refused (a form posted without JavaScript), back in the box with the reason. */
  refused?: RefusedLine;
}

/**
 * The chat: history, live stream, input box, and a side panel with the rooms and the
 * people here. `#messages` holds the SSE connection; unnamed messages are appended to it,
 * `<hx-partial>` blocks inside them update `#members`, `#rooms`, `#room` and `#topic`, and the named
 * event `bye` ends the stream for good.
 */
export function ChatPage({ nick, room, topic, events, answers, hasOlder, newest, members, memberCount, rooms, after, refused }: ChatPageProps) {
  return (
    <Layout title={`${room} — Switchboard`}>
      <header class="top">
        <div class="where">
          <h1 id="room" safe>
            {room}
          </h1>
          <p id="topic" class="topic" safe>
            {topic}
          </p>
        </div>
        <p id="whoami" class="me">
          You are{" "}
          <strong id="me" safe>
            {nick}
          </strong>
        </p>
        <form method="post" action="/leave" class="leave">
          <button type="submit">Leave</button>
        </form>
      </header>
      <div class="chat">
        <main class="conversation">
          <p id="connection" class="connection" role="status"></p>
          <ol
            id="messages"
            hx-sse:connect={`/events?after=${after}`}
            hx-sse:close="bye"
            // Keep streaming in a hidden tab: the title counts unread messages, and a tab
            // left in the background longer than the grace period would otherwise leave.
            hx-config="sse.pauseOnBackground:false"
            hx-swap="beforeend"
            aria-live="polite"
            aria-label="Messages"
            tabindex="0"
          >
            <MessageList events={events} hasOlder={hasOlder} newest={newest} />
            {answers.map((answer) => (
              <MessageItem event={answer} />
            ))}
            {/* Where a form posted without JavaScript comes back to (`/#latest`): the list's end, in view. */}
            <li id={LATEST} class="latest" aria-hidden="true"></li>
          </ol>
          <button id="jump" type="button" class="jump" hidden>
            New messages ↓
          </button>
          <Composer refused={refused} />
        </main>
        <SidePanel room={room} rooms={rooms} members={members} memberCount={memberCount} />
      </div>
    </Layout>
  );
}

/**
 * Rooms and people. A `<details>` so that a phone can fold it away (page.js folds it on
 * narrow screens; the stylesheet hides its summary on wide ones).
 */
function SidePanel({ room, rooms, members, memberCount }: Pick<ChatPageProps, "room" | "rooms" | "members" | "memberCount">) {
  return (
    <aside class="side" aria-label="Rooms and people">
      <details id="side" open>
        <summary>Rooms and people</summary>
        <h2 id="rooms-heading">Rooms</h2>
        <form id="room-switcher" method="post" action="/messages" hx-post="/messages" hx-target="#messages" hx-swap="beforeend">
          <ul id="rooms" aria-labelledby="rooms-heading">
            <RoomList rooms={rooms.rooms} more={rooms.more} current={room} />
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

/**
 * What the header and the side panel become once the member is out (left, kicked, banned):
 * nothing there still says "You are jill" or keeps head counts that no longer change.
 */
export function OutOfChat() {
  return (
    <p id="whoami" class="me">
      Not in the chat
    </p>
  );
}

/** The side panel of a page whose member is out: no rooms or people, which it would no longer keep up to date. */
export function OutOfChatSidePanel() {
  return (
    <details id="side" open>
      <summary>Rooms and people</summary>
      <p class="hint">You are no longer in the chat: join again to see the rooms and who is here.</p>
    </details>
  );
}
