import type { Clock } from "../chat/clock.ts";

/** Whether the link to Redis works, since when, and one log line per change (not one per failed command). */
export class LinkState {
  #up = true;
  #since: number;

  constructor(
    private readonly log: (line: string) => void,
    private readonly clock: Clock,
  ) {
    this.#since = clock.now();
  }

  get up(): boolean {
    return this.#up;
  }

  /** When the link last went up or down (ms since the epoch). */
  get since(): number {
    return this.#since;
  }

  /** The link failed (`why`); true if it was up until now. */
  markDown(why: string): boolean {
    if (!this.#up) return false;
    this.#up = false;
    this.#since = this.clock.now();
    this.log(`redis: link down (${why}); the chat is paused until it is back`);
    return true;
  }

  /** The link works again; true if it was down until now. */
  markUp(): boolean {
    if (this.#up) return false;
    const downFor = this.clock.now() - this.#since;
    this.#up = true;
    this.#since = this.clock.now();
    this.log(`redis: link up again after ${(downFor / 1000).toFixed(1)} s; the chat goes on`);
    return true;
  }
}
