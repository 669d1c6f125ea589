import type { Awaitable } from "../../stores/awaitable.ts";
import { MemoryWindowCounts } from "../../stores/memory-window-counts.ts";
import type { WindowCountStore } from "../../stores/window-count-store.ts";
import type { Clock } from "../clock.ts";

/**
 * Counts per key over a window: what limits password tries and new accounts. The one seam
 * between those limits and where they are counted: this process alone, or a store every
 * instance shares (`WindowCountStore`), answering later. Adding returns the new count, so
 * a shared store can count and answer in one atomic step.
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

/** Counters kept in `store`, each kind under its own name. */
export function countersIn(store: WindowCountStore, clock: Clock): WindowCounters {
  return (name, windowMs) => ({
    add: (key) => store.add(`${name}:${key}`, windowMs, clock.now()),
    count: (key) => store.count(`${name}:${key}`, clock.now()),
    delete: (key) => store.delete(`${name}:${key}`),
  });
}

/** Counters in this process alone. */
export function countersHere(clock: Clock): WindowCounters {
  return countersIn(new MemoryWindowCounts(), clock);
}
