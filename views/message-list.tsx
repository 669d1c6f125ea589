/** @jsxImportSource @kitajs/html */
import type { RecordedEvent } from "../src/chat/index.ts";
import { MessageItem } from "./message-item.tsx";

export interface MessageListProps {
  events: readonly RecordedEvent[];
  /** True when older events may exist before the first one shown. */
  hasOlder: boolean;
}

/**
 * The items of `#messages` for a page of history, oldest first, led by a link that
 * loads the page before it (a plain link without JavaScript, an in-place fetch with htmx).
 */
export function MessageList({ events, hasOlder }: MessageListProps) {
  const first = events[0];
  return (
    <>
      {hasOlder && first ? <OlderLink before={first.id} /> : ""}
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
