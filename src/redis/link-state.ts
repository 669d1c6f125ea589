import type { Clock } from "../chat/clock.ts";
import { fail, type Result } from "../chat/result.ts";

/** Why the chat is paused while the link is down: the backend's `trouble`, and part of every refusal. */
export const PAUSED = "this server lost its link to Redis, which it shares with the other servers; nothing can be sent until it is back";

/** A refusal while the link is down; `then` says what became of what was asked. */
export function paused(then: string): Result<never> {
  return fail("chat-paused", `The chat is paused: ${PAUSED}. ${then}`);
}

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
