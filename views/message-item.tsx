/** @jsxImportSource @kitajs/html */
import { escapeHtml, type Children } from "@kitajs/html";
import { describeCrowd, describeModeration, describeTopic, type ChatEvent } from "../src/chat/index.ts";
import { LinkedText } from "./linked-text.tsx";
import { Nick } from "./nick.tsx";
import { SystemText } from "./system-text.tsx";

/** `<time>` with the machine-readable instant; page.js rewrites the label to the reader's time zone. */
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
 * What a line says after its time. Every kind of line is a time, then this: the
 * stylesheet puts the times in one column and this beside them, so they line up whatever
 * the kind of line.
 */
function Content({ children }: { children: Children }) {
  return <span class="content">{children}</span>;
}

/** What someone typed: escaped, with its web addresses as links. */
function Said({ text }: { text: string }) {
  return (
    <span class="text">
      <LinkedText text={text} />
    </span>
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
          <Time at={event.at} />{" "}
          <Content>
            <Nick nick={event.from} /> <Said text={event.text} />
          </Content>
        </li>
      );
    case "action":
      return (
        <li class="event action" id={`e${event.id}`} data-from={escapeHtml(event.from)}>
          <Time at={event.at} />{" "}
          <Content>
            * <Nick nick={event.from} /> <Said text={event.text} />
          </Content>
        </li>
      );
    case "private":
      return (
        <li class="event private" id={`e${event.id}`} data-from={escapeHtml(event.from)}>
          <Time at={event.at} />{" "}
          <Content>
            <Nick nick={event.from} /> → <Nick nick={event.to} /> <span class="tag">(private)</span>{" "}
            {event.action ? "* " : ""}
            <Said text={event.action ? `${event.from} ${event.text}` : event.text} />
          </Content>
        </li>
      );
    case "join":
      return (
        <li class="event join" id={`e${event.id}`}>
          <Time at={event.at} />{" "}
          <Content>
            →{" "}
            <span class="nick" safe>
              {event.nick}
            </span>{" "}
            joined{" "}
            <span class="room" safe>
              {event.room}
            </span>{" "}
            <span class="tag">({event.transport})</span>
          </Content>
        </li>
      );
    case "leave":
      return (
        <li class="event leave" id={`e${event.id}`}>
          <Time at={event.at} />{" "}
          <Content>
            ←{" "}
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
          </Content>
        </li>
      );
    case "crowd":
      return (
        <li class="event crowd" id={`e${event.id}`}>
          <Time at={event.at} />{" "}
          <Content>
            <span safe>{describeCrowd(event)}</span>
          </Content>
        </li>
      );
    case "rename":
      return (
        <li class="event rename" id={`e${event.id}`} data-from={escapeHtml(event.from)} data-to={escapeHtml(event.to)}>
          <Time at={event.at} />{" "}
          <Content>
            <span class="nick" safe>
              {event.from}
            </span>{" "}
            is now known as{" "}
            <span class="nick" safe>
              {event.to}
            </span>
          </Content>
        </li>
      );
    case "notice":
      return (
        <li class="event notice" id={`e${event.id}`}>
          <Time at={event.at} />{" "}
          <Content>
            <span class="tag">Server:</span> <Said text={event.text} />
          </Content>
        </li>
      );
    case "moderation":
      return (
        <li class="event moderation" id={`e${event.id}`}>
          <Time at={event.at} />{" "}
          <Content>
            <span safe>{describeModeration(event)}</span>
          </Content>
        </li>
      );
    case "topic":
      return (
        <li class="event topic" id={`e${event.id}`}>
          <Time at={event.at} />{" "}
          <Content>
            <span safe>{describeTopic(event)}</span>
          </Content>
        </li>
      );
    case "status":
      // For the member list (see EventFrames): no line.
      return "";
    case "system":
      return (
        <li class={event.error ? "event system error" : "event system"}>
          <Time at={event.at} />{" "}
          <Content>
            <span class="text">
              <SystemText text={event.text} emphasis={event.emphasis} />
            </span>
          </Content>
        </li>
      );
  }
}

/** A refusal from a background request (htmx appends it to the list), optionally with a way back in. */
export function ErrorLine({ text, rejoin }: { text: string; rejoin: boolean }) {
  return (
    <li class="event system error">
      <Content>
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
      </Content>
    </li>
  );
}
