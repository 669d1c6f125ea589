import type { RecordedEvent } from "../src/chat/events.ts";
import { Layout } from "./layout.tsx";
import { MemberList, type MemberEntry } from "./member-list.tsx";
import { MessageList } from "./message-list.tsx";

export interface ChatPageProps {
  nick: string;
  room: string;
  events: readonly RecordedEvent[];
  hasOlder: boolean;
  members: readonly MemberEntry[];
  /** Newest event id the page already reflects: the stream resumes after it. */
  after: number;
}

/**
 * The chat: history, live stream, member list and the input box. `#messages` holds the
 * SSE connection; unnamed messages are appended to it, `<hx-partial>` blocks inside them
 * update `#members` and `#room`, and the named event `bye` ends the stream for good.
 */
export function ChatPage({ nick, room, events, hasOlder, members, after }: ChatPageProps) {
  return (
    <Layout title={`${room} — Switchboard`}>
      <header class="top">
        <h1 id="room" safe>
          {room}
        </h1>
        <p class="me">
          You are{" "}
          <strong class="nick" safe>
            {nick}
          </strong>
        </p>
        <form method="post" action="/leave" class="leave">
          <button type="submit">Leave</button>
        </form>
      </header>
      <div class="chat">
        <main class="conversation">
          <ol
            id="messages"
            hx-sse:connect={`/events?after=${after}`}
            hx-sse:close="bye"
            hx-swap="beforeend"
            aria-live="polite"
            aria-label="Messages"
          >
            <MessageList events={events} hasOlder={hasOlder} />
          </ol>
          <Composer />
        </main>
        <aside class="people">
          <h2>Here now</h2>
          <ul id="members">
            <MemberList members={members} />
          </ul>
        </aside>
      </div>
    </Layout>
  );
}

/**
 * The input box. With htmx it posts in the background (204, app.js clears it; error
 * answers are appended to the message list); without JavaScript it is a plain form.
 */
export function Composer() {
  return (
    <form
      id="composer"
      method="post"
      action="/messages"
      hx-post="/messages"
      hx-target="#messages"
      hx-swap="beforeend"
      class="composer"
    >
      <label for="text" class="visually-hidden">
        Message
      </label>
      <input
        id="text"
        name="text"
        required
        autocomplete="off"
        autofocus
        placeholder="Message, or /help"
        enterkeyhint="send"
      />
      <button type="submit">Send</button>
    </form>
  );
}

/** Takes the place of the composer once the member has left or been disconnected. */
export function Rejoin() {
  return (
    <p id="composer" class="composer ended">
      You are no longer in the chat. <a href="/">Join again</a>
    </p>
  );
}
