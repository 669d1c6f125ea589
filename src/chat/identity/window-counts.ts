import type { Awaitable } from "../../stores/awaitable.ts";
import type { Clock } from "../clock.ts";

/**
 * Counts per key over a window: what limits password tries and new accounts. The one seam
 * between those limits and where they are counted: this process alone (`WindowCounts`),
 * or a store every instance shares, answering later. Adding returns the new count, so a
 * shared store can count and answer in one atomic step.
 */
export interface WindowCounter {
  /** Counts one more at `key`; its count in the window, this one included. */
  add(key: string): Awaitable<number>;
  /** The count of `key` in its window now (0 once the window is over). */
  count(key: string): Awaitable<number>;
  delete(key: string): Awaitable<void>;
}

/** Makes a counter: `name` tells one kind of count from another (a shared store keeps them apart by it). */
export type WindowCounters = (name: string, windowMs: number) => WindowCounter;

/** Counters in this process alone. */
export function countersHere(clock: Clock): WindowCounters {
  return (_name, windowMs) => new WindowCounts(clock, windowMs);
}

/**
 * Counts per key over a window that opens with the key's first count: "ten in a minute".
 * Bounded: past `maxKeys`, the oldest key is forgotten (a flood of keys costs memory once).
 */
export class WindowCounts implements WindowCounter {
  readonly #counts = new Map<string, { count: number; since: number }>();

  constructor(
    private readonly clock: Clock,
    readonly windowMs: number,
    private readonly maxKeys = 10_000,
  ) {}

  count(key: string): number {
    const entry = this.#counts.get(key);
    return entry && this.clock.now() - entry.since < this.windowMs ? entry.count : 0;
  }

  add(key: string): number {
    const now = this.clock.now();
    let entry = this.#counts.get(key);
    if (!entry || now - entry.since >= this.windowMs) this.#counts.set(key, (entry = { count: 1, since: now }));
    else entry.count++;
    if (this.#counts.size > this.maxKeys) this.#counts.delete(this.#counts.keys().next().value!);
    return entry.count;
  }

  delete(key: string): void {
    this.#counts.delete(key);
  }
}
