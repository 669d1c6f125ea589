import type { CrowdEvent } from "../events.ts";

/** How many names a crowd line shows of each side; the rest are counted. */
export const NAMES_SHOWN = 5;

/** What a big room's comings and goings add up to until its next crowd line. */
export interface Gathered {
  readonly joined: string[];
  joinedCount: number;
  readonly left: string[];
  leftCount: number;
}

/**
 * Where the comings and goings of big rooms are gathered for their crowd lines: in this
 * process (`Crowds`), or, with a shared backend, in one place for every instance, so that
 * a room gets one line a second, not one per instance. A shared one answers later.
 */
export interface CrowdGathering {
  /** Notes that `nick` joined `room` (or left it); true if it is the first since the last line, so this instance must tell the next one. */
  note(room: string, nick: string, left: boolean): boolean | Promise<boolean>;
  /** What `room` gathered since its last line, and a fresh start. */
  take(room: string): Gathered | undefined | Promise<Gathered | undefined>;
  /** The chat stops: what is gathered here is dropped. */
  clear(): void;
}

/**
 * The comings and goings of big rooms, gathered for one line per room per second: in a
 * room of n members, n joins announced one by one would cost n² deliveries.
 */
export class Crowds implements CrowdGathering {
  readonly #gathering = new Map<string, Gathered>();

  /** Notes that `nick` joined `room` (or left it); true if it is the first since the last line, so one must be scheduled. */
  note(room: string, nick: string, left: boolean): boolean {
    let gathered = this.#gathering.get(room);
    const first = !gathered;
    if (!gathered) {
      gathered = { joined: [], joinedCount: 0, left: [], leftCount: 0 };
      this.#gathering.set(room, gathered);
    }
    if (left) {
      if (gathered.left.length < NAMES_SHOWN) gathered.left.push(nick);
      gathered.leftCount++;
    } else {
      if (gathered.joined.length < NAMES_SHOWN) gathered.joined.push(nick);
      gathered.joinedCount++;
    }
    return first;
  }

  /** What `room` gathered since its last line, and a fresh start. */
  take(room: string): Gathered | undefined {
    const gathered = this.#gathering.get(room);
    this.#gathering.delete(room);
    return gathered;
  }

  clear(): void {
    this.#gathering.clear();
  }
}

/** The words of a crowd line, the same on every transport: "37 joined #lobby: alice, bob … and 32 more; 3 left: …". */
export function describeCrowd(event: CrowdEvent): string {
  const side = (verb: string, names: readonly string[], count: number) =>
    `${count} ${verb}: ${names.join(", ")}${count > names.length ? ` and ${count - names.length} more` : ""}`;
  const parts: string[] = [];
  if (event.joinedCount > 0) parts.push(side(`joined ${event.room}`, event.joined, event.joinedCount));
  if (event.leftCount > 0) parts.push(side(parts.length ? "left" : `left ${event.room}`, event.left, event.leftCount));
  return parts.join("; ");
}
