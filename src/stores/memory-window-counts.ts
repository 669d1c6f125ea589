import type { WindowCountStore } from "./window-count-store.ts";

/**
 * Window counts in this process (see `WindowCountStore`). Bounded: past `maxKeys`, the
 * oldest key is forgotten (a flood of keys costs memory once).
 */
export class MemoryWindowCounts implements WindowCountStore {
  readonly #counts = new Map<string, { count: number; since: number }>();

  constructor(private readonly maxKeys = 10_000) {}

  take(key: string, max: number, windowMs: number, now: number): boolean {
    const entry = this.#counts.get(key);
    if (!entry || now - entry.since >= windowMs) {
      if (max <= 0) return false;
      this.#counts.delete(key);
      this.#counts.set(key, { count: 1, since: now });
      if (this.#counts.size > this.maxKeys) this.#counts.delete(this.#counts.keys().next().value!);
      return true;
    }
    if (entry.count >= max) return false;
    entry.count++;
    return true;
  }

  forget(key: string): void {
    this.#counts.delete(key);
  }
}
