import type { Awaitable } from "./awaitable.ts";

/**
 * Counts per key over a window that opens with the key's first count ("ten in a
 * minute"): password tries at a nickname, accounts made from an address. Kept where every
 * instance counts alike, so that spreading tries over instances gains nothing: in this
 * process alone (`MemoryWindowCounts`), in Redis when instances share one. `now` is the
 * time, for a store that keeps no clock of its own.
 */
export interface WindowCountStore {
  /** Counts one more at `key` (a first count opens its window, `windowMs` long); its count now, this one included. */
  add(key: string, windowMs: number, now: number): Awaitable<number>;
  /** The count of `key` in its window (0 once the window is over). */
  count(key: string, now: number): Awaitable<number>;
  /** Forgets `key`'s count (a right password clears the tries). */
  delete(key: string): Awaitable<void>;
}
