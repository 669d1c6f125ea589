/**
 * Newcomers take turns with the members already in: a page, a join, a stream opening,
 * a terminal's greeting: each waits for a place among at most `perTurn` let in per turn of the event loop.
 *
 * Why: Bun runs the handler of every HTTP request that is ready before it gets back to
 * timers and immediates, where output is flushed (end-of-turn.ts) and other sockets are
 * read. In a storm of 5,000 web arrivals (W6) it ran 4,000-6,000 join handlers in one
 * go: the loop stood still for 1.0-1.4 s, and so did the chat of everyone already in
 * (their p99 2.4 s). Waiting here costs an arrival a turn or two; nobody is refused.
 *
 * Addresses take turns too: each has its own line, and the lines are served one arrival
 * at a time in rotation. A client flooding `GET /` then waits behind its own requests,
 * not in front of everyone else's.
 */
export class ArrivalTurns {
  /** Who waits, by address, in the order the addresses' turns come (see `#letIn`). */
  readonly #lines = new Map<string, (() => void)[]>();
  #waiting = 0;
  #scheduled = false;

  constructor(readonly perTurn = 16) {}

  /** Resolves when it is this arrival's turn (in a quiet server, at the end of this turn). */
  turn(from = ""): Promise<void> {
    const { promise, resolve } = Promise.withResolvers<void>();
    const line = this.#lines.get(from);
    if (line) line.push(resolve);
    else this.#lines.set(from, [resolve]);
    this.#waiting++;
    if (!this.#scheduled) {
      this.#scheduled = true;
      setImmediate(this.#letIn);
    }
    return promise;
  }

  /** How many wait now (for /metrics). */
  get waiting(): number {
    return this.#waiting;
  }

  readonly #letIn = (): void => {
    for (let letIn = 0; letIn < this.perTurn && this.#waiting > 0; letIn++) {
      // The address whose turn it is: first in the map. It goes to the back once served.
      const [from, line] = this.#lines.entries().next().value!;
      this.#lines.delete(from);
      line.shift()!();
      this.#waiting--;
      if (line.length > 0) this.#lines.set(from, line);
    }
    if (this.#waiting > 0) setImmediate(this.#letIn);
    else this.#scheduled = false;
  };
}
