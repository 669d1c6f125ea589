/** @jsxImportSource @kitajs/html */
import { isConversation, type RecordedEvent } from "../src/chat/index.ts";
import { MessageItem } from "./message-item.tsx";

export interface MessageListProps {
  events: readonly RecordedEvent[];
  /** True when older events may exist before the first one shown. */
  hasOlder: boolean;
  /** This is the newest page of a room (not an older one): when nothing has been said there, it says so. */
  newest?: boolean;
  /** The view the list is of (`#dev`, `@bob`), for the link to its older page; the current room without it. */
  view?: string;
}

/**
 * The items of `#messages` for a page of history, oldest first, led by a link that
 * loads the page before it (a plain link without JavaScript, an in-place fetch with htmx).
 */
export function MessageList({ events, hasOlder, newest = false, view }: MessageListProps) {
  const first = events[0];
  const silent = newest && !hasOlder && !events.some(isConversation);
  return (
    <>
      {hasOlder && first ? <OlderLink before={first.id} view={view} /> : ""}
      {silent ? <NothingSaid /> : ""}
      {events.map((event) => (
        <MessageItem event={event} />
      ))}
    </>
  );
}

/** Replaces itself with the previous page of history. */
function OlderLink({ before, view }: { before: number; view?: string }) {
  const page = view === undefined ? "/" : view.startsWith("@") ? `/dm/${encodeURIComponent(view.slice(1))}` : `/r/${encodeURIComponent(view.slice(1))}`;
  const of = view === undefined ? "" : `&view=${encodeURIComponent(view)}`;
  return (
    <li id="older" class="older">
      <a href={`${page}?before=${before}`} hx-get={`/history?before=${before}${of}`} hx-target="#older" hx-swap="outerHTML">
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
