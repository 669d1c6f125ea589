/** @jsxImportSource @kitajs/html */
import { isConversation, type RecordedEvent } from "../src/chat/index.ts";
import { MessageItem } from "./message-item.tsx";

export interface MessageListProps {
  events: readonly RecordedEvent[];
  /** True when older events may exist before the first one shown. */
  hasOlder: boolean;
  /** This is the newest page of a room (not an older one): when nothing has been said there, it says so. */
  newest?: boolean;
}

/**
 * The items of `#messages` for a page of history, oldest first, led by a link that
 * loads the page before it (a plain link without JavaScript, an in-place fetch with htmx).
 */
export function MessageList({ events, hasOlder, newest = false }: MessageListProps) {
  const first = events[0];
  const silent = newest && !hasOlder && !events.some(isConversation);
  return (
    <>
      {hasOlder && first ? <OlderLink before={first.id} /> : ""}
      {silent ? <NothingSaid /> : ""}
      {events.map((event) => (
        <MessageItem event={event} />
      ))}
    </>
  );
}

/** Replaces itself with the previous page of history. */
function OlderLink({ before }: { before: number }) {
  return (
    <li id="older" class="older">
      <a href={`/?before=${before}`} hx-get={`/history?before=${before}`} hx-target="#older" hx-swap="outerHTML">
        Load older messages
      </a>
    </li>
  );
}

/**
 * The hint in a room where nothing has been said yet, which a newcomer would otherwise
 * see as an empty log. The stylesheet hides it once a line of conversation comes after it.
 */
function NothingSaid() {
  return <li class="placeholder">Nothing has been said here yet. Type /help for the commands.</li>;
}
