/** @jsxImportSource @kitajs/html */
import type { Chat } from "../chat/chat.ts";
import { sameNick, type ChatEvent, type RecordedEvent } from "../chat/events.ts";
import type { Member } from "../chat/member.ts";
import { Rejoin } from "../../views/composer.tsx";
import { MEMBERS_LISTED, MemberItem, MemberList, memberElementId } from "../../views/member-list.tsx";
import { MessageItem } from "../../views/message-item.tsx";
import { MessageList } from "../../views/message-list.tsx";
import { RoomCount, RoomList, roomCountId, type RoomEntry } from "../../views/room-list.tsx";
import { html } from "./html.ts";
import { listedRooms } from "./listed-rooms.ts";

const encoder = new TextEncoder();

/** The named SSE event that tells the page (`hx-sse:close="bye"`) not to reconnect. */
export const BYE_EVENT = "bye";

/**
 * Encodes one SSE message. Multi-line data becomes several `data:` lines (the client
 * joins them with "\n"). Without `id` the browser's last event id stays as it was.
 */
export function sseFrame(data: string, fields: { id?: number; event?: string } = {}): Uint8Array {
  return encoder.encode(fieldLines(fields) + dataLines(data) + "\n");
}

function fieldLines(fields: { id?: number; event?: string }): string {
  let text = fields.event ? `event: ${fields.event}\n` : "";
  if (fields.id !== undefined) text += `id: ${fields.id}\n`;
  return text;
}

function dataLines(data: string): string {
  let text = "";
  for (const line of data.split(/\r\n|\r|\n/)) text += `data: ${line}\n`;
  return text;
}

/**
 * One SSE message in parts, to be sent one after the other: the first holds the fields,
 * each holds one or more `data:` lines, the last ends the message. The client joins the
 * lines with "\n", which between partials is only whitespace. So a big part many pages
 * need (a room's member list) is rendered and encoded once, not once per page.
 */
export type FrameParts = readonly Uint8Array[];

const END_OF_MESSAGE = encoder.encode("\n");

function messageInParts(parts: readonly Uint8Array[], fields: { id?: number } = {}): FrameParts {
  const head = fieldLines(fields);
  return [...(head ? [encoder.encode(head)] : []), ...parts, END_OF_MESSAGE];
}

/**
 * An `<hx-partial>` block: htmx 4 turns `<hx-partial>` into `<template hx type="partial">`
 * (htmx.js #makeFragment), swaps its content into `hx-target` with `hx-swap`
 * (#processPartials), and skips the main swap when nothing else is left in the message
 * (#processMainSwap; hx-sse.js also adds `swapEmpty:false`). So one unnamed SSE message
 * can append a line to #messages AND refresh #members. User text never forms an
 * `<hx-` tag because it is escaped before it gets here.
 */
function partial(target: string, swap: string, content: string): string {
  return `<hx-partial hx-target="${target}" hx-swap="${swap}">${content}</hx-partial>`;
}

/** Removes one entry of the member list. */
function memberRemoved(nick: string): string {
  return partial(`#${memberElementId(nick)}`, "delete", "");
}

/**
 * Renders chat events as SSE frames for the web transport, once per event whatever the
 * number of recipients or tabs (a private event is shared by two members, a system
 * event by one member's tabs): the bytes are cached by event object.
 */
export class EventFrames {
  readonly #live = new WeakMap<ChatEvent, Uint8Array>();
  readonly #replay = new WeakMap<RecordedEvent, Uint8Array>();
  /**
   * The member-list lines of a room, by the room's sorted member array (a new array
   * whenever membership or a nickname changes): every stream opening in that room
   * shares one rendering.
   */
  readonly #memberLists = new WeakMap<readonly Member[], Uint8Array>();
  /** The `#messages` lines of a redraw, by the history array they show (see `HistoryStore.recent`). */
  readonly #conversations = new WeakMap<readonly RecordedEvent[], Uint8Array>();
  /** The room-list lines, until the next join or leave changes a head count. */
  #roomList: Uint8Array | undefined;

  constructor(private readonly chat: Chat) {
    chat.observe((event) => {
      if (event.kind === "join" || event.kind === "leave") this.#roomList = undefined;
    });
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
          frame = sseFrame(item + this.#memberAdded(event.room, event.nick), { id: event.id });
          break;
        case "leave":
          frame = sseFrame(item + memberRemoved(event.nick), { id: event.id });
          break;
        case "rename":
          frame = sseFrame(item + memberRemoved(event.from) + this.#memberAdded(event.room, event.to), { id: event.id });
          break;
        case "crowd":
          frame = sseFrame(item + this.#membersPartial(this.chat.membersOf(event.room)), { id: event.id });
          break;
        case "message":
        case "action":
        case "private":
        case "notice":
          frame = sseFrame(item, { id: event.id });
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

  /** The member list of `room` and the room list; sent when a stream opens, as either may have changed meanwhile. */
  presence(room: string): FrameParts {
    return messageInParts([this.#memberListLines(room), this.#roomListLines()]);
  }

  /**
   * The room list with head counts, as it is now: sent to every page when a room opens
   * or closes. Not cached by event: WebSessions throttles it (see there).
   */
  rooms(): Uint8Array {
    return Buffer.concat([this.#roomListLines(), END_OF_MESSAGE]);
  }

  /** New head counts of rooms every page already lists: a few bytes each, not the whole list. */
  roomCounts(rooms: readonly RoomEntry[]): Uint8Array {
    const counts = rooms.map((room) =>
      partial(`#${roomCountId(room.name)}`, "innerHTML", html(<RoomCount members={room.members} />)),
    );
    return sseFrame(counts.join(""));
  }

  /**
   * Redraws the whole view of member `nick`, showing `room` with `history`: used when the
   * member moved rooms, or a stream connects with no usable cursor. `id` is the event id
   * the redrawn view is current to. The nickname comes along because a rename made while
   * the page was away is not in the history it redraws; the room list so the page can
   * mark the new current room in it.
   */
  reset(nick: string, room: string, history: readonly RecordedEvent[], id: number): FrameParts {
    const whereAndWho = partial("#room", "innerHTML", Bun.escapeHTML(room)) + partial("#me", "innerHTML", Bun.escapeHTML(nick));
    return messageInParts(
      [this.#conversationLines(history), encoder.encode(dataLines(whereAndWho)), this.#memberListLines(room), this.#roomListLines()],
      { id },
    );
  }

  /** The lines that fill `#messages` with `history`, rendered once per history array (newcomers to a room share one). */
  #conversationLines(history: readonly RecordedEvent[]): Uint8Array {
    let lines = this.#conversations.get(history);
    if (!lines) {
      const list = html(<MessageList events={history} hasOlder={history.length >= this.chat.options.historyOnJoin} />);
      lines = encoder.encode(dataLines(partial("#messages", "innerHTML", list)));
      this.#conversations.set(history, lines);
    }
    return lines;
  }

  /**
   * The last words to a member's page: the reason, the composer swapped for a rejoin link,
   * then `bye`. When the session outlives the server (`comingBack`), only the reason: the
   * page reconnects by itself and carries on once the server is back.
   */
  closing(reason: string, at: number, comingBack = false): Uint8Array {
    const item = html(<MessageItem event={{ kind: "system", at, text: reason }} />);
    if (comingBack) return sseFrame(item);
    const frames = sseFrame(item + partial("#composer", "outerHTML", html(<Rejoin />)));
    const bye = sseFrame("", { event: BYE_EVENT });
    const both = new Uint8Array(frames.length + bye.length);
    both.set(frames);
    both.set(bye, frames.length);
    return both;
  }

  #roomListLines(): Uint8Array {
    if (!this.#roomList) {
      const { rooms, more } = listedRooms(this.chat);
      this.#roomList = encoder.encode(dataLines(partial("#rooms", "innerHTML", html(<RoomList rooms={rooms} more={more} />))));
    }
    return this.#roomList;
  }

  /**
   * Inserts `nick`'s entry where it sorts: before the entry of whoever follows it now.
   * Every page in the room shows the same list, so one rendering serves them all.
   */
  #memberAdded(room: string, nick: string): string {
    const members = this.chat.membersOf(room);
    const index = members.findIndex((member) => sameNick(member.nick, nick));
    const member = members[index];
    if (!member) return this.#membersPartial(members);
    const entry = html(<MemberItem member={{ nick: member.nick, transport: member.transport }} />);
    const next = members[index + 1];
    return next
      ? partial(`#${memberElementId(next.nick)}`, "beforebegin", entry)
      : partial("#members", "beforeend", entry);
  }

  #memberListLines(room: string): Uint8Array {
    const members = this.chat.membersOf(room);
    let lines = this.#memberLists.get(members);
    if (!lines) {
      lines = encoder.encode(dataLines(this.#membersPartial(members)));
      this.#memberLists.set(members, lines);
    }
    return lines;
  }

  #membersPartial(members: readonly Member[]): string {
    const entries = members.slice(0, MEMBERS_LISTED).map(({ nick, transport }) => ({ nick, transport }));
    return partial("#members", "innerHTML", html(<MemberList members={entries} total={members.length} />));
  }
}
