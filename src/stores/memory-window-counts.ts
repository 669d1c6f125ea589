import type { WindowCountStore } from "./window-count-store.ts";

/**
 * Window counts in this process (see `WindowCountStore`). Bounded: past `maxKeys`, the
 * oldest key is forgotten (a flood of keys costs memory once).
 */
export class MemoryWindowCounts implements WindowCountStore {
  readonly #counts = new Map<string, { count: number; until: number }>();

  constructor(private readonly maxKeys = 10_000) {}

  add(key: string, windowMs: number, now: number): number {
    let entry = this.#counts.get(key);
    if (!entry || now >= entry.until) {
      this.#counts.delete(key);
      this.#counts.set(key, (entry = { count: 0, until: now + windowMs }));
      if (this.#counts.size > this.maxKeys) this.#counts.delete(this.#counts.keys().next().value!);
    }
    return ++entry.count;
  }

  count(key: string, now: number): number {
    const entry = this.#counts.get(key);
    return entry && now < entry.until ? entry.count : 0;
  }

  delete(key: string): void {
    this.#counts.delete(key);
  }
}
