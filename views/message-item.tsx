/** @jsxImportSource @kitajs/html */
import { escapeHtml } from "@kitajs/html";
import type { ChatEvent } from "../src/chat/events.ts";
import { Nick } from "./nick.tsx";

/** `<time>` with the machine-readable instant; app.js rewrites the label to the reader's time zone. */
function Time({ at }: { at: number }) {
  const date = new Date(at);
  const label = `${String(date.getUTCHours()).padStart(2, "0")}:${String(date.getUTCMinutes()).padStart(2, "0")}`;
  return (
    <time datetime={date.toISOString()} safe>
      {label}
    </time>
  );
}

/**
 * One line of the conversation. The page renders history with it and the SSE stream
 * pushes exactly the same markup, so a reload shows what the stream showed.
 */
export function MessageItem({ event }: { event: ChatEvent }) {
  switch (event.kind) {
    case "message":
      return (
        <li class="event message" id={`e${event.id}`} data-from={escapeHtml(event.from)}>
          <Time at={event.at} /> <Nick nick={event.from} />{" "}
          <span class="text" safe>
            {event.text}
          </span>
        </li>
      );
    case "action":
      return (
        <li class="event action" id={`e${event.id}`} data-from={escapeHtml(event.from)}>
          <Time at={event.at} /> * <Nick nick={event.from} />{" "}
          <span class="text" safe>
            {event.text}
          </span>
        </li>
      );
    case "private":
      return (
        <li class="event private" id={`e${event.id}`} data-from={escapeHtml(event.from)}>
          <Time at={event.at} /> <Nick nick={event.from} /> → <Nick nick={event.to} />{" "}
          <span class="tag">(private)</span>{" "}
          <span class="text" safe>
            {event.text}
          </span>
        </li>
      );
    case "join":
      return (
        <li class="event join" id={`e${event.id}`}>
          <Time at={event.at} /> →{" "}
          <span class="nick" safe>
            {event.nick}
          </span>{" "}
          joined{" "}
          <span class="room" safe>
            {event.room}
          </span>{" "}
          <span class="tag">
            ({event.transport})
          </span>
        </li>
      );
    case "leave":
      return (
        <li class="event leave" id={`e${event.id}`}>
          <Time at={event.at} /> ←{" "}
          <span class="nick" safe>
            {event.nick}
          </span>{" "}
          left{" "}
          <span class="room" safe>
            {event.room}
          </span>{" "}
          <span class="tag" safe>
            ({event.reason})
          </span>
        </li>
      );
    case "rename":
      return (
        <li class="event rename" id={`e${event.id}`} data-from={escapeHtml(event.from)} data-to={escapeHtml(event.to)}>
          <Time at={event.at} />{" "}
          <span class="nick" safe>
            {event.from}
          </span>{" "}
          is now known as{" "}
          <span class="nick" safe>
            {event.to}
          </span>
        </li>
      );
    case "notice":
      return (
        <li class="event notice" id={`e${event.id}`}>
          <Time at={event.at} /> <span class="tag">Server:</span>{" "}
          <span class="text" safe>
            {event.text}
          </span>
        </li>
      );
    case "system":
      return (
        <li class={event.error ? "event system error" : "event system"}>
          <Time at={event.at} />{" "}
          <span class="text" safe>
            {event.text}
          </span>
        </li>
      );
  }
}

/** A refusal from a background request (htmx appends it to the list), optionally with a way back in. */
export function ErrorLine({ text, rejoin }: { text: string; rejoin: boolean }) {
  return (
    <li class="event system error">
      <span class="text" safe>
        {text}
      </span>
      {rejoin ? (
        <>
          {" "}
          <a href="/">Join again</a>
        </>
      ) : (
        ""
      )}
    </li>
  );
}
