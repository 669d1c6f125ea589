/** @jsxImportSource @kitajs/html */
import { OutOfChat, OutOfChatSidePanel } from "../../views/chat-page.tsx";
import { Rejoin } from "../../views/composer.tsx";
import { MessageItem } from "../../views/message-item.tsx";
import { MessageList } from "../../views/message-list.tsx";
import type { Chat, ChatEvent, RecordedEvent } from "../chat/index.ts";
import { html } from "./html.ts";
import { hxPartial } from "./hx-partial.ts";
import { MemberListCache } from "./member-list-cache.ts";
import { entryRedrawn, memberAdded, memberRemoved, moderated, wholeMemberList } from "./member-list-changes.tsx";
import { RoomListFrames } from "./room-list-frames.tsx";
import { dataPart, messageInParts, sseFrame, type FrameParts } from "./sse-frame.ts";
import { viewName, type View } from "./view.ts";

/** The member list of a view that has none (a conversation). */
const NO_MEMBERS = dataPart(hxPartial("#members", "innerHTML", ""));

/** The named SSE event that tells the page (`hx-sse:close="bye"`) not to reconnect. */
export const BYE_EVENT = "bye";

/** The named SSE event of a line said in a view the tab does not show (see `EventFrames.activity`). */
export const ACTIVITY_EVENT = "activity";

/** Sets the page header's topic line (empty: no topic). */
function topicPartial(topic: string): string {
  return hxPartial("#topic", "innerHTML", Bun.escapeHTML(topic));
}

/**
 * Renders chat events as SSE frames for the web transport, once per event whatever the
 * number of recipients or tabs (a private event is shared by two members, a system
 * event by one member's tabs): the bytes are cached by event object.
 */
export class EventFrames {
  /** The room list and its head counts, which pages are sent apart from any event too. */
  readonly roomList: RoomListFrames;
  readonly #live = new WeakMap<ChatEvent, Uint8Array>();
  readonly #replay = new WeakMap<RecordedEvent, Uint8Array>();
  readonly #activity = new WeakMap<RecordedEvent, Uint8Array>();
  readonly #memberLists: MemberListCache;
  /** The `#messages` lines of a redraw, by the history array they show (see `HistoryStore.recent`). */
  readonly #conversations = new WeakMap<readonly RecordedEvent[], Uint8Array>();

  constructor(private readonly chat: Chat) {
    this.#memberLists = new MemberListCache(chat);
    this.roomList = new RoomListFrames(chat);
  }

  /**
   * An event as it happens. Membership changes also add or remove that one entry of the
   * member list (not the whole list: in a room of n pages that would be n² bytes per
   * burst of joins), which is why replays use `replay` instead: a stream that catches up
   * gets the whole list once (`presence`).
   */
  live(event: ChatEvent): Uint8Array {
    let frame = this.#live.get(event);
    if (!frame) {
      const item = html(<MessageItem event={event} />);
      switch (event.kind) {
        case "join":
          frame = sseFrame(item + memberAdded(this.chat, event.room, event.nick), { id: event.id });
          break;
        case "leave":
          frame = sseFrame(item + memberRemoved(event.nick), { id: event.id });
          break;
        case "rename":
          frame = sseFrame(item + memberRemoved(event.from) + memberAdded(this.chat, event.room, event.to), { id: event.id });
          break;
        case "crowd":
          frame = sseFrame(item + wholeMemberList(this.chat, this.chat.membersOf(event.room)), { id: event.id });
          break;
        case "message":
        case "action":
        case "private":
        case "notice":
          frame = sseFrame(item, { id: event.id });
          break;
        case "moderation":
          frame = sseFrame(item + moderated(this.chat, event), { id: event.id });
          break;
        case "topic":
          frame = sseFrame(item + topicPartial(event.topic), { id: event.id });
          break;
        case "status":
          frame = sseFrame(entryRedrawn(this.chat, event.room, event.nick), { id: event.id });
          break;
        case "system":
          frame = sseFrame(item);
          break;
      }
      this.#live.set(event, frame);
    }
    return frame;
  }

  /** A past event sent again to a stream that is catching up. */
  replay(event: RecordedEvent): Uint8Array {
    let frame = this.#replay.get(event);
    if (!frame) {
      frame = sseFrame(html(<MessageItem event={event} />), { id: event.id });
      this.#replay.set(event, frame);
    }
    return frame;
  }

  /**
   * A line said where a tab is not looking (another room, a private with someone else), as
   * the named event `activity`: the page bumps that room's or conversation's unread count,
   * and works out itself whether it names its member (a mention) and whether to notify.
   * Plain text in JSON, rendered once for every tab of every recipient; its id keeps the
   * page's cursor moving.
   */
  activity(event: RecordedEvent & { kind: "message" | "action" | "private" }): Uint8Array {
    let frame = this.#activity.get(event);
    if (!frame) {
      const where = event.kind === "private" ? { to: event.to } : { room: event.room };
      // < > & as JSON escapes: the stream holds no markup of anyone's, even in data read as text.
      const data = JSON.stringify({ kind: event.kind, ...where, from: event.from, text: event.text }).replace(/[<>&]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
      frame = sseFrame(data, { id: event.id, event: ACTIVITY_EVENT });
      this.#activity.set(event, frame);
    }
    return frame;
  }

  /**
   * The member list and topic of `room` and the room list; sent when a stream opens, as
   * any of them may have changed meanwhile (a replayed topic line does not set the header).
   */
  presence(view: View): FrameParts {
    return messageInParts([this.#memberLinesOf(view), this.#topicLines(view), this.roomList.lines()]);
  }

  /**
   * Redraws the whole view of member `nick`, showing `room` with `history`: used when the
   * member moved rooms, or a stream connects with no usable cursor. `id` is the event id
   * the redrawn view is current to. The nickname comes along because a rename made while
   * the page was away is not in the history it redraws; the room's topic for the header;
   * the room list so the page can mark the new current room in it.
   */
  reset(nick: string, view: View, history: readonly RecordedEvent[], id: number): FrameParts {
    const whereAndWho = hxPartial("#room", "innerHTML", Bun.escapeHTML(viewName(view))) + hxPartial("#me", "innerHTML", Bun.escapeHTML(nick));
    return messageInParts(
      [
        this.#conversationLines(history),
        dataPart(whereAndWho),
        this.#topicLines(view),
        this.#memberLinesOf(view),
        this.roomList.lines(),
      ],
      { id },
    );
  }

  #topicLines(view: View): Uint8Array {
    return dataPart(topicPartial(view.room === undefined ? "" : (this.chat.topicOf(view.room)?.topic ?? "")));
  }

  /** The room's member list; a conversation's view lists no one (its two people are in its name). */
  #memberLinesOf(view: View): Uint8Array {
    return view.room === undefined ? NO_MEMBERS : this.#memberLists.lines(view.room);
  }

  /** The lines that fill `#messages` with `history`, rendered once per history array (newcomers to a room share one). */
  #conversationLines(history: readonly RecordedEvent[]): Uint8Array {
    let lines = this.#conversations.get(history);
    if (!lines) {
      const list = html(<MessageList events={history} hasOlder={history.length >= this.chat.options.historyOnJoin} newest />);
      lines = dataPart(hxPartial("#messages", "innerHTML", list));
      this.#conversations.set(history, lines);
    }
    return lines;
  }

  /**
   * The last words to a member's page: the reason, the composer swapped for a rejoin link
   * (with `nick` for the join form), the header and side panel for "not in the chat", then `bye`. When the session outlives the server (`comingBack`), only the reason: the
   * page reconnects by itself and carries on once the server is back.
   */
  closing(reason: string, at: number, comingBack = false, nick?: string): Uint8Array {
    const item = html(<MessageItem event={{ kind: "system", at, text: reason }} />);
    if (comingBack) return sseFrame(item);
    const out =
      hxPartial("#composer", "outerHTML", html(<Rejoin nick={nick} />)) +
      hxPartial("#whoami", "outerHTML", html(<OutOfChat />)) +
      hxPartial("#side", "outerHTML", html(<OutOfChatSidePanel />));
    const frames = sseFrame(item + out);
    const bye = sseFrame("", { event: BYE_EVENT });
    const both = new Uint8Array(frames.length + bye.length);
    both.set(frames);
    both.set(bye, frames.length);
    return both;
  }
}
