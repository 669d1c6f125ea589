/** @jsxImportSource @kitajs/html */
import { Rejoin } from "../../views/composer.tsx";
import { memberElementId, MemberItem, MemberList, MEMBERS_LISTED, type MemberEntry } from "../../views/member-list.tsx";
import { MessageItem } from "../../views/message-item.tsx";
import { MessageList } from "../../views/message-list.tsx";
import { RoomCount, roomCountId, RoomList, type RoomEntry } from "../../views/room-list.tsx";
import { sameNick, type Chat, type ChatEvent, type Member, type ModerationEvent, type RecordedEvent } from "../chat/index.ts";
import { html } from "./html.ts";
import { listedRooms } from "./listed-rooms.ts";
import { memberEntry, memberEntryAfter } from "./member-entry.ts";

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

/** Sets the page header's topic line (empty: no topic). */
function topicPartial(topic: string): string {
  return partial("#topic", "innerHTML", Bun.escapeHTML(topic));
}

/**
 * How long a rendering of a member list is used before its marks are checked again, when
 * no moderation or status event came meanwhile: only a timed mute ends without one.
 */
const MARKS_CHECKED_EVERY_MS = 1000;

/** A member entry's marks, to tell whether a cached rendering of the list still shows them. */
function marksOf(entry: MemberEntry): string {
  return `${entry.registered ? "r" : ""}${entry.op ? "o" : ""}${entry.muted ? "m" : ""}${entry.away === undefined ? "" : `a${entry.away}`}`;
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
   * whenever membership or a nickname changes) and the marks they were rendered with
   * (an operator made, a mute run out, someone away change no array): every stream
   * opening in that room shares one rendering.
   */
  readonly #memberLists = new WeakMap<readonly Member[], { marks: string; at: number; markChanges: number; lines: Uint8Array }>();
  /** The `#messages` lines of a redraw, by the history array they show (see `HistoryStore.recent`). */
  readonly #conversations = new WeakMap<readonly RecordedEvent[], Uint8Array>();
  /** Moderation and status events so far: each may change a mark, so cached member lists are checked again. */
  #markChanges = 0;
  /** The room-list lines, until the next join or leave changes a head count. */
  #roomList: Uint8Array | undefined;

  constructor(private readonly chat: Chat) {
    chat.observe((event) => {
      if (event.kind === "join" || event.kind === "leave") this.#roomList = undefined;
      if (event.kind === "moderation" || event.kind === "status") this.#markChanges++;
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
        case "moderation":
          frame = sseFrame(item + this.#moderated(event), { id: event.id });
          break;
        case "topic":
          frame = sseFrame(item + topicPartial(event.topic), { id: event.id });
          break;
        case "status":
          frame = sseFrame(this.#entryRedrawn(event.room, event.nick), { id: event.id });
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
   * The member list and topic of `room` and the room list; sent when a stream opens, as
   * any of them may have changed meanwhile (a replayed topic line does not set the header).
   */
  presence(room: string): FrameParts {
    return messageInParts([this.#memberListLines(room), this.#topicLines(room), this.#roomListLines()]);
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
   * the page was away is not in the history it redraws; the room's topic for the header;
   * the room list so the page can mark the new current room in it.
   */
  reset(nick: string, room: string, history: readonly RecordedEvent[], id: number): FrameParts {
    const whereAndWho = partial("#room", "innerHTML", Bun.escapeHTML(room)) + partial("#me", "innerHTML", Bun.escapeHTML(nick));
    return messageInParts(
      [
        this.#conversationLines(history),
        encoder.encode(dataLines(whereAndWho)),
        this.#topicLines(room),
        this.#memberListLines(room),
        this.#roomListLines(),
      ],
      { id },
    );
  }

  #topicLines(room: string): Uint8Array {
    return encoder.encode(dataLines(topicPartial(this.chat.topicOf(room)?.topic ?? "")));
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
    const entry = html(<MemberItem member={memberEntry(member, this.chat.now())} />);
    const next = members[index + 1];
    return next
      ? partial(`#${memberElementId(next.nick)}`, "beforebegin", entry)
      : partial("#members", "beforeend", entry);
  }

  #memberListLines(room: string): Uint8Array {
    const members = this.chat.membersOf(room);
    const now = this.chat.now();
    let cached = this.#memberLists.get(members);
    // A storm of streams opening in one room looks at the marks once a second, not once per stream.
    if (cached && cached.markChanges === this.#markChanges && now - cached.at < MARKS_CHECKED_EVERY_MS) return cached.lines;
    const entries = this.#listed(members);
    const marks = entries.map(marksOf).join("\0");
    const markChanges = this.#markChanges;
    if (cached?.marks !== marks) cached = { marks, at: now, markChanges, lines: encoder.encode(dataLines(this.#membersPartial(members, entries))) };
    else cached = { ...cached, at: now, markChanges };
    this.#memberLists.set(members, cached);
    return cached.lines;
  }

  #membersPartial(members: readonly Member[], entries = this.#listed(members)): string {
    return partial("#members", "innerHTML", html(<MemberList members={entries} total={members.length} />));
  }

  /** The entries of the members a page lists (see `MEMBERS_LISTED`). */
  #listed(members: readonly Member[]): MemberEntry[] {
    const now = this.chat.now();
    return members.slice(0, MEMBERS_LISTED).map((member) => memberEntry(member, now));
  }

  /** Redraws `nick`'s entry in the member list of `room`, if they are listed there. */
  #entryRedrawn(room: string, nick: string): string {
    const member = this.chat.membersOf(room).find((someone) => sameNick(someone.nick, nick));
    if (!member) return "";
    const entry = html(<MemberItem member={memberEntry(member, this.chat.now())} />);
    return partial(`#${memberElementId(member.nick)}`, "outerHTML", entry);
  }

  /**
   * What a moderation action changes in the member list of the room that saw it: whoever
   * it takes out leaves the list (they leave quietly, so no leave line follows to do it);
   * whoever it makes an operator, mutes or unmutes gets their entry redrawn.
   */
  #moderated(event: ModerationEvent): string {
    const members = this.chat.membersOf(event.room);
    switch (event.action) {
      case "kick":
        return members.some((member) => sameNick(member.nick, event.target)) ? memberRemoved(event.target) : "";
      case "ban": {
        // A ban also takes out whoever comes from the address banned with (or as) the target.
        const address = event.address ?? event.target;
        return members
          .filter((member) => sameNick(member.nick, event.target) || member.address === address)
          .map((member) => memberRemoved(member.nick))
          .join("");
      }
      case "unban":
        return "";
      case "op":
      case "deop":
      case "mute":
      case "unmute": {
        const member = members.find((someone) => sameNick(someone.nick, event.target));
        if (!member) return "";
        const entry = html(<MemberItem member={memberEntryAfter(member, event, this.chat.now())} />);
        return partial(`#${memberElementId(member.nick)}`, "outerHTML", entry);
      }
    }
  }
}
