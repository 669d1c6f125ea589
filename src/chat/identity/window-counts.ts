import type { Clock } from "../clock.ts";

/**
 * Counts per key over a window that opens with the key's first count: "ten in a minute".
 * Bounded: past `maxKeys`, the oldest key is forgotten (a flood of keys costs memory once).
 */
export class WindowCounts {
  readonly #counts = new Map<string, { count: number; since: number }>();

  constructor(
    private readonly clock: Clock,
    readonly windowMs: number,
    private readonly maxKeys = 10_000,
  ) {}

  /** The count of `key` in its window now (0 once the window is over). */
  count(key: string): number {
    const entry = this.#counts.get(key);
    return entry && this.clock.now() - entry.since < this.windowMs ? entry.count : 0;
  }

  add(key: string): void {
    const now = this.clock.now();
    const entry = this.#counts.get(key);
    if (!entry || now - entry.since >= this.windowMs) this.#counts.set(key, { count: 1, since: now });
    else entry.count++;
    if (this.#counts.size > this.maxKeys) this.#counts.delete(this.#counts.keys().next().value!);
  }

  delete(key: string): void {
    this.#counts.delete(key);
  }
}
