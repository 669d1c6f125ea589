import type { Clock } from "./clock.ts";

/**
 * A token bucket: `rate` messages per second on average, up to `burst` at once, so a
 * short paste goes through while a flood is refused.
 */
export class TokenBucket {
  #tokens: number;
  #updatedAt: number;

  constructor(
    readonly rate: number,
    readonly burst: number,
    private readonly clock: Clock,
  ) {
    this.#tokens = burst;
    this.#updatedAt = clock();
  }

  /** Takes one token if there is one. */
  take(): boolean {
    const now = this.clock();
    const elapsed = Math.max(0, now - this.#updatedAt) / 1000;
    this.#tokens = Math.min(this.burst, this.#tokens + elapsed * this.rate);
    this.#updatedAt = now;
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }
}
