import { isConversation, mentions, roomOf, sameNick, type Chat, type ChatEvent, type Member, type RecordedEvent } from "../chat/index.ts";
import { Hotlist } from "./hotlist.ts";
import type { RoomSwitch } from "./line-editor.ts";

/** What the view needs of the member's terminal. */
export interface ViewHost {
  /** Prints an event; `from` marks one from a room not in view (`[#dev] `). */
  show(event: ChatEvent, live: boolean, from?: string): void;
  say(text: string): void;
  promptChanged(): void;
  /** The terminal's height, when known: what a screenful is. */
  readonly rows: number | undefined;
}

/** Rows of a screenful when the terminal did not say, and rows kept for the header, the footer and the prompt. */
const DEFAULT_SCREENFUL = 20;
const ROWS_KEPT = 4;
/** Lines missed past a screenful counted one by one on a switch; past it, "1000+". */
const MORE_COUNTED = 1000;
/** Lines `/history` shows without a number. */
export const HISTORY_PAGE = 20;

/**
 * What a terminal shows of a member who is in several rooms at once: only the view (its
 * current room, or the conversation of `/query`) prints in full; of the other rooms, a
 * line that names the member, marked with its room, and a count in the hotlist. Switching
 * shows what was missed, a screenful, and `/history` pages further back.
 */
export class RoomView {
  /** "#room" or "@NICK": what prints in full. */
  #view = "";
  readonly #hotlist = new Hotlist();
  /** Where `/history` goes on from: the oldest line of the view shown (undefined: from the newest). */
  #oldestShown: number | undefined;
  /** Read before a switch asked for here: how far `room` was read, before the chat marks anything. */
  #switching: { room: string; readUpTo: number } | undefined;

  constructor(
    private readonly chat: Chat,
    private readonly host: ViewHost,
  ) {}

  /** What the prompt shows as where one is: the view, and the rooms with something unread. */
  where(member: Member): string {
    const hot = this.#hotlist.text(member.rooms);
    return `${this.#view || member.room}]${hot ? ` ${hot}` : ""}`;
  }

  /** The member entered `room` (it is in view now), shown `history` from its oldest. */
  entered(room: string, history: readonly RecordedEvent[]): void {
    this.#view = room;
    this.#oldestShown = history.find((event) => roomOf(event) === room)?.id;
    this.#hotlist.clear(room);
    this.host.promptChanged();
  }

  /** The member is in: what its other rooms hold unread (an owned nickname comes back to them) starts the hotlist. */
  joined(member: Member): void {
    for (const room of member.rooms) {
      if (room === this.#view) continue;
      const unread = this.chat.moves.unreadLines(member, room);
      this.#hotlist.start(room, unread.count, unread.mentioned);
    }
    this.host.promptChanged();
  }

  /** An event of any of the member's rooms, a private or a notice: printed, counted, or neither. */
  deliver(member: Member, event: ChatEvent): void {
    const room = event.kind === "system" ? undefined : roomOf(event);
    // Answers, notices and privates are the member's wherever it looks; a private reads as one.
    if (room === undefined || room === this.#view) return this.host.show(event, true);
    switch (event.kind) {
      case "message":
      case "action": {
        if (event.from === member.nick) return;
        const mentioned = mentions(event, member.nick);
        this.#hotlist.note(room, mentioned);
        this.host.promptChanged();
        if (mentioned) this.host.show(event, true, room);
        return;
      }
      case "moderation":
        if (sameNick(event.target, member.nick)) this.host.show(event, true, room);
        return;
      default:
        // Comings and goings, renames, topics of a room not in view: a topic is shown on switching to it, the rest not at all.
        return;
    }
  }

  /** Alt-1…9, Ctrl-N, Ctrl-P: one of the member's rooms in view (the chat answers with `viewing`). */
  switchTo(member: Member, to: RoomSwitch): void {
    const rooms = member.rooms;
    let target: string | undefined;
    if (typeof to === "number") {
      target = rooms[to - 1];
      if (!target) return this.host.say(`No room ${to}: you are in ${rooms.length} (${rooms.map((room, i) => `${i + 1}:${room}`).join(", ")}).`);
    } else {
      const here = rooms.indexOf(member.room);
      target = rooms[(here + (to === "next" ? 1 : -1) + rooms.length) % rooms.length]!;
    }
    if (target === this.#view) return;
    const membership = member.memberships.get(target);
    if (membership) this.#switching = { room: target, readUpTo: membership.readUpTo };
    const moved = this.chat.moves.view(member, target);
    this.#switching = undefined;
    if (!moved.ok) this.host.say(moved.error.message);
  }

  /** The chat says the member looks at `view` now: a header, and what it missed there. */
  viewing(member: Member, view: string): void {
    const switching = this.#switching?.room === view ? this.#switching : undefined;
    const readUpTo = switching?.readUpTo ?? member.memberships.get(view)?.readUpTo;
    this.#view = view;
    this.#oldestShown = undefined;
    this.#hotlist.clear(view);
    this.host.promptChanged();
    if (view.startsWith("@")) {
      this.host.say(`— talking with ${view.slice(1)} alone: what you type goes to them; /query alone goes back —`);
      const said = this.#conversation(member, view, this.#screenful());
      this.#oldestShown = said[0]?.id;
      for (const event of said) this.host.show(event, false);
      return;
    }
    this.#showMissed(member, view, readUpTo ?? this.chat.lastEventId);
  }

  /** `/history N`: `count` lines of the view older than those shown. */
  showOlder(member: Member, count: number): void {
    const room = this.#view;
    const older = room.startsWith("@") ? this.#conversation(member, room, count, this.#oldestShown) : this.#lines(member, room, count, this.#oldestShown);
    if (older.length === 0) return this.host.say(`Nothing older in ${room}.`);
    this.#oldestShown = older[0]!.id;
    this.host.say(`— ${older.length} older line${older.length === 1 ? "" : "s"} of ${room} —`);
    for (const event of older) this.host.show(event, false);
  }

  /** The lines of `room` newer than `readUpTo`, up to a screenful, and how many more there are. */
  #showMissed(member: Member, room: string, readUpTo: number): void {
    const screenful = this.#screenful();
    const missed = this.#lines(member, room, screenful + MORE_COUNTED).filter((event) => event.id > readUpTo);
    if (missed.length === 0) return this.host.say(`— ${room}: nothing new —`);
    const shown = missed.slice(-screenful);
    this.#oldestShown = shown[0]!.id;
    this.host.say(`— ${room}: ${missed.length} new —`);
    for (const event of shown) this.host.show(event, false);
    const more = missed.length - shown.length;
    if (more > 0) this.host.say(`— ${more >= MORE_COUNTED ? `${MORE_COUNTED}+` : more} more in ${room}: /history ${HISTORY_PAGE} shows older lines —`);
  }

  /** Lines that fit on the screen with the prompt and a header or two. */
  #screenful(): number {
    return Math.max(5, (this.host.rows ?? DEFAULT_SCREENFUL + ROWS_KEPT) - ROWS_KEPT);
  }

  /** Up to `limit` of the privates with the member named in `view` ("@NICK"), oldest first (before `beforeId`). */
  #conversation(member: Member, view: string, limit: number, beforeId?: number): readonly RecordedEvent[] {
    const other = this.chat.find(view.slice(1));
    return other ? this.chat.conversation(member, other.id, limit, beforeId) : [];
  }

  /** Up to `limit` of `room`'s conversation lines, oldest first (before event `beforeId`): never a private or a notice, which were seen live. */
  #lines(member: Member, room: string, limit: number, beforeId?: number): RecordedEvent[] {
    return this.chat.recent(member, limit, beforeId, room).filter((event) => roomOf(event) === room && isConversation(event));
  }
}
