import { terminalSafe } from "./terminal-text.ts";

/** What happened in a room not in view since it last was: others' lines, and whether one named the member. */
interface Activity {
  lines: number;
  mention: boolean;
}

/** Rooms the prompt names at most; the others are counted as "+N" (the input row must stay usable at 80 columns). */
const MAX_SHOWN = 4;
/** Characters of a room's name shown; a longer one is cut with "…". */
const NAME_SHOWN = 10;

/**
 * A terminal's hotlist, as irssi's `[Act: 2,5]` or WeeChat's: the rooms not in view where
 * others said something, how many lines, and a `!` where one of them named the member.
 * Counted from what the chat delivers (one map update per event), shown in the prompt.
 */
export class Hotlist {
  readonly #rooms = new Map<string, Activity>();

  /** Someone else said a line in `room`, not in view; `mention`: it named the member. */
  note(room: string, mention: boolean): void {
    const activity = this.#rooms.get(room);
    if (!activity) this.#rooms.set(room, { lines: 1, mention });
    else {
      activity.lines++;
      activity.mention ||= mention;
    }
  }

  /** What the chat counts unread in `room` when the member comes back to it (a reconnect): the hotlist starts from it. */
  start(room: string, lines: number, mention: boolean): void {
    if (lines > 0) this.#rooms.set(room, { lines, mention });
  }

  /** `room` is in view, or left: nothing is pending there. True when something was. */
  clear(room: string): boolean {
    return this.#rooms.delete(room);
  }

  /**
   * `[2:#dev 3, 3:#ops 1!]`: each active room by its number among `rooms` (the member's, in
   * join order: Alt-2 shows #dev), or "" when nothing is pending. Safe to print.
   */
  text(rooms: readonly string[]): string {
    if (this.#rooms.size === 0) return "";
    const entries: string[] = [];
    rooms.forEach((room, index) => {
      const activity = this.#rooms.get(room);
      if (activity) entries.push(`${index + 1}:${terminalSafe(shortName(room))} ${countText(activity.lines)}${activity.mention ? "!" : ""}`);
    });
    if (entries.length === 0) return "";
    const hidden = entries.length - MAX_SHOWN;
    return `[${entries.slice(0, MAX_SHOWN).join(", ")}${hidden > 0 ? `, +${hidden}` : ""}]`;
  }
}

function shortName(room: string): string {
  return room.length <= NAME_SHOWN ? room : `${room.slice(0, NAME_SHOWN - 1)}…`;
}

function countText(lines: number): string {
  return lines > 99 ? "99+" : String(lines);
}
