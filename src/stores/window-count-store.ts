import type { Awaitable } from "./awaitable.ts";

/**
 * Counts per key over a window that opens with the key's first count ("ten in a
 * minute"): password tries at a nickname, accounts made from an address. Kept where every
 * instance counts alike, so that spreading tries over instances gains nothing: in this
 * process alone (`MemoryWindowCounts`), in Redis when instances share one.
 */
export interface WindowCountStore {
  /**
   * Counts one for `key`, unless it has `max` already in its window (opened by its first
   * count, `windowMs` long; `now` is the time, for a store that keeps no clock of its
   * own); whether it was counted.
   */
  take(key: string, max: number, windowMs: number, now: number): Awaitable<boolean>;
  /** Forgets `key`'s count (a right password clears the tries). */
  forget(key: string): Awaitable<void>;
}
