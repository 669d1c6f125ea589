import type { RedisClient } from "bun";
import type { Clock } from "../chat/clock.ts";
import type { EventPayload } from "./event-payload.ts";
import { fieldsOf, type StreamEntry } from "./redis-replies.ts";
import { KEYS } from "./scripts.ts";

/**
 * How long an instance keeps what it recorded, in case Redis loses it before every
 * instance has read it: far longer than instances take to read the stream.
 */
const KEPT_FOR_LOSS_MS = 10_000;

/** How many events' `u` an instance remembers, to skip copies recorded again. */
const SEEN_KEPT = 10_000;

/** An event this instance recorded lately, which Redis answered for. */
interface Recorded {
  readonly payload: EventPayload;
  readonly id: number;
  /** When Redis answered (ms since the epoch). */
  readonly at: number;
}

/** What this instance recorded lately, oldest first (see `KEPT_FOR_LOSS_MS`), to record again what Redis lost. */
export class RecentlyRecorded {
  #recent: Recorded[] = [];
  /** Where the entries of `#recent` still kept begin. */
  #start = 0;

  constructor(
    private readonly commands: RedisClient,
    private readonly clock: Clock,
    private readonly log: (line: string) => void,
  ) {}

  /** Redis has just answered `id` for `payload`. */
  keep(payload: EventPayload, id: number): void {
    const recent = this.#recent;
    const at = this.clock.now();
    recent.push({ payload, id, at });
    while (recent[this.#start]!.at < at - KEPT_FOR_LOSS_MS) this.#start++;
    // Expired ones are cut off now and then, not one by one: each cut moves all the rest.
    if (this.#start > 1024 && this.#start * 2 > recent.length) {
      recent.splice(0, this.#start);
      this.#start = 0;
    }
  }

  /**
   * Events recorded lately (their senders were told they went out) that Redis no longer
   * has: it lost them with its data, maybe before every instance had read them. They are
   * recorded again (`publish`), in their order, so that what was accepted is delivered; an
   * instance that read them before the loss skips the copies (by `u`, see `SeenEvents`).
   */
  async recordLostAgain(publish: (payload: EventPayload) => Promise<number>): Promise<void> {
    const recent = this.#recent.slice(this.#start);
    if (recent.length === 0) return;
    const kept: StreamEntry[] = await this.commands.send("XRANGE", [KEYS.events, `${recent[0]!.id}-0`, "+"]);
    const present = new Set(kept.map(([, flat]) => fieldsOf(flat).p).filter(Boolean).map((p) => (JSON.parse(p!) as EventPayload).u));
    const lost = recent.filter(({ payload }) => !present.has(payload.u));
    if (lost.length > 0) this.log(`redis: ${lost.length} events were lost with Redis's data; recorded again`);
    this.#recent = [];
    this.#start = 0;
    for (const { payload } of lost) this.keep(payload, await publish(payload));
  }
}

/** The `u` of the events read lately, oldest first: a copy recorded again is skipped. */
export class SeenEvents {
  readonly #seen = new Set<string>();

  /** True the first time `u` is read, false for a copy; remembers it. */
  firstTime(u: string): boolean {
    if (this.#seen.has(u)) return false;
    this.#seen.add(u);
    // A Set iterates in insertion order: the first is the oldest.
    if (this.#seen.size > SEEN_KEPT) this.#seen.delete(this.#seen.values().next().value!);
    return true;
  }
}
