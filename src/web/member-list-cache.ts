import type { MemberEntry } from "../../views/member-list.tsx";
import type { Chat, Member } from "../chat/index.ts";
import { listedEntries } from "./member-entry.ts";
import { memberListPartial } from "./member-list-changes.tsx";
import { dataPart } from "./sse-frame.ts";

/**
 * How long a rendering of a member list is used before its marks are checked again, when
 * no moderation or status event came meanwhile: only a timed mute ends without one.
 */
const MARKS_CHECKED_EVERY_MS = 1000;

/** A member entry's marks, to tell whether a cached rendering of the list still shows them. */
function marksOf(entry: MemberEntry): string {
  return `${entry.registered ? "r" : ""}${entry.op ? "o" : ""}${entry.muted ? "m" : ""}${entry.away === undefined ? "" : `a${entry.away}`}`;
}

/** The whole member list of each room as SSE data lines, rendered once for every stream that opens there. */
export class MemberListCache {
  /**
   * The member-list lines of a room, by the room's sorted member array (a new array
   * whenever membership or a nickname changes) and the marks they were rendered with
   * (an operator made, a mute run out, someone away change no array): every stream
   * opening in that room shares one rendering.
   */
  readonly #byMembers = new WeakMap<readonly Member[], { marks: string; at: number; markChanges: number; lines: Uint8Array }>();
  /** Moderation and status events so far: each may change a mark, so cached member lists are checked again. */
  #markChanges = 0;

  constructor(private readonly chat: Chat) {
    chat.observe((event) => {
      if (event.kind === "moderation" || event.kind === "status") this.#markChanges++;
    });
  }

  /** The lines that fill `#members` with the members of `room`, as they are now. */
  lines(room: string): Uint8Array {
    const members = this.chat.membersOf(room);
    const now = this.chat.now();
    let cached = this.#byMembers.get(members);
    // A storm of streams opening in one room looks at the marks once a second, not once per stream.
    if (cached && cached.markChanges === this.#markChanges && now - cached.at < MARKS_CHECKED_EVERY_MS) return cached.lines;
    const entries = listedEntries(members, now);
    const marks = entries.map(marksOf).join("\0");
    const markChanges = this.#markChanges;
    if (cached?.marks !== marks) cached = { marks, at: now, markChanges, lines: dataPart(memberListPartial(members, entries)) };
    else cached = { ...cached, at: now, markChanges };
    this.#byMembers.set(members, cached);
    return cached.lines;
  }
}
