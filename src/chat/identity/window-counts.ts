import { MemoryWindowCounts } from "../../stores/memory-window-counts.ts";
import type { WindowCountStore } from "../../stores/window-count-store.ts";
import type { Clock } from "../clock.ts";
import type { Pending } from "../result.ts";
import { fromStore } from "../store-answers.ts";

/**
 * Counts per key over a window that opens with the key's first count: "ten in a minute".
 * The counts are kept in `store`, shared by every instance when they share one; `name`
 * keeps this count's keys apart from the others' there.
 */
export class WindowCounts {
  constructor(
    private readonly clock: Clock,
    readonly windowMs: number,
    private readonly store: WindowCountStore = new MemoryWindowCounts(),
    private readonly name = "",
  ) {}

  /** Counts one for `key` unless it has `max` in its window already; whether it was counted (refused when the store fails). */
  take(key: string, max: number): Pending<boolean> {
    // The store's own failure is logged where it happens (a Redis link going down is, once).
    return fromStore(`counts: ${this.name}`, () => {}, () => this.store.take(this.#key(key), max, this.windowMs, this.clock.now()));
  }

  /** Forgets `key`'s count; a store that fails to (it is logged there) leaves it to expire. */
  forget(key: string): void {
    try {
      const forgotten = this.store.forget(this.#key(key));
      if (forgotten instanceof Promise) forgotten.catch(() => {});
    } catch {
      // Left to expire with its window.
    }
  }

  #key(key: string): string {
    return this.name ? `${this.name}:${key}` : key;
  }
}
