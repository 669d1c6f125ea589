/** @jsxImportSource @kitajs/html */
import { escapeHtml } from "@kitajs/html";
import type { RecordedEvent, SystemEvent } from "../src/chat/index.ts";
import { Composer, type RefusedLine } from "./composer.tsx";
import { Layout } from "./layout.tsx";
import { SearchBox } from "./search-page.tsx";
import type { MemberEntry } from "./member-list.tsx";
import { MessageItem } from "./message-item.tsx";
import { MessageList } from "./message-list.tsx";
import type { RoomListing } from "./room-list.tsx";
import { SidePanel, type ViewEntry } from "./side-panel.tsx";

/** The id of the list's last item, so that `/#latest` shows the newest line without JavaScript. */
export const LATEST = "latest";

export interface ChatPageProps {
  nick: string;
  /** What this tab shows: a room (`#dev`) or a conversation (`@bob`); where its lines go. */
  view: string;
  /** The member is not in the room shown: the page offers to join it instead of its conversation. */
  outside?: boolean;
  /** What the room is about (`/topic`); empty when it has none. */
  topic: string;
  events: readonly RecordedEvent[];
  /** Answers to this member that no live stream carried (forms posted without JavaScript). */
  answers: readonly SystemEvent[];
  hasOlder: boolean;
  /** `events` are the view's newest (not an older page, `?before=`). */
  newest: boolean;
  /** The first members of the room (see `MEMBERS_LISTED`), of `memberCount`. */
  members: readonly MemberEntry[];
  memberCount: number;
  rooms: RoomListing;
  /** The member's rooms and conversations, with what it has not read in each. */
  mine: readonly ViewEntry[];
  conversations: readonly ViewEntry[];
  /** Newest event id the page already reflects: the stream resumes after it. */
  after: number;
  /**
   * Set when `events` are only the view's lines after this id (`?after=`), which the tab
   * asking already holds the rest of; unset when they are the view's newest page.
   */
  continues?: number;
  /** A line just refused (a form posted without JavaScript), back in the box with the reason. */
  refused?: RefusedLine;
}

/**
 * The chat: one view's history, its live stream, the input box that writes to it, and a
 * side panel with the member's rooms and conversations, every room and the people here.
 * `#messages` holds the SSE connection for this view; unnamed messages are appended to
 * it, `<hx-partial>` blocks inside them update `#members`, `#rooms`, `#room` and
 * `#topic`, the named event `activity` tells of lines elsewhere (page.js counts them),
 * and `bye` ends the stream for good.
 */
export function ChatPage(props: ChatPageProps) {
  const { nick, view, outside, topic, events, answers, hasOlder, newest, after, continues, refused } = props;
  return (
    <Layout title={`${view} — Switchboard`}>
      <header class="top">
        <div class="where">
          <h1 id="room" safe>
            {view}
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
        {/* page.js shows it: notifications need JavaScript. */}
        <button id="notify" type="button" class="notify" aria-pressed="false" hidden>
          Notifications off
        </button>
        <SearchBox />
        <form method="post" action="/leave" class="leave">
          <button type="submit">Leave</button>
        </form>
      </header>
      <div class="chat">
        <main class="conversation">
          <p id="connection" class="connection" role="status"></p>
          {outside ? (
            <JoinRoom room={view} />
          ) : (
            <>
              <ol
                id="messages"
                data-view={escapeHtml(view)}
                data-continues={continues === undefined ? undefined : String(continues)}
                hx-sse:connect={`/events?after=${after}&view=${encodeURIComponent(view)}`}
                hx-sse:close="bye"
                // Keep streaming in a hidden tab: the title counts unread messages, and a tab
                // left in the background longer than the grace period would otherwise leave.
                hx-config="sse.pauseOnBackground:false"
                hx-swap="beforeend"
                aria-live="polite"
                aria-label="Messages"
                tabindex="0"
              >
                <MessageList events={events} hasOlder={hasOlder} newest={newest} view={view} />
                {answers.map((answer) => (
                  <MessageItem event={answer} />
                ))}
                {/* Where a form posted without JavaScript comes back to (`#latest`): the list's end, in view. */}
                <li id={LATEST} class="latest" aria-hidden="true"></li>
              </ol>
              <button id="jump" type="button" class="jump" hidden>
                New messages ↓
              </button>
              <Composer refused={refused} to={view} />
            </>
          )}
        </main>
        <SidePanel
          view={view}
          mine={props.mine}
          conversations={props.conversations}
          rooms={props.rooms}
          members={props.members}
          memberCount={props.memberCount}
        />
      </div>
    </Layout>
  );
}

/** A room the member is not in, at its address: a form to join it (a GET never joins). */
function JoinRoom({ room }: { room: string }) {
  return (
    <div class="outside">
      <p safe>You are not in {room}.</p>
      <form method="post" action="/messages" class="join-room">
        <input type="hidden" name="text" value={escapeHtml(`/join ${room}`)} />
        <button type="submit">
          Join <span safe>{room}</span>
        </button>
      </form>
    </div>
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
