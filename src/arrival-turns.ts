/**
 * Newcomers take turns with the members already in: a page, a join, a stream opening
 * each wait for a place among at most `perTurn` let in per turn of the event loop.
 *
 * Why: Bun runs the handler of every HTTP request that is ready before it gets back to
 * timers and immediates, where output is flushed (end-of-turn.ts) and other sockets are
 * read. In a storm of 5,000 web arrivals (W6) it ran 4,000-6,000 join handlers in one
 * go: the loop stood still for 1.0-1.4 s, and so did the chat of everyone already in
 * (their p99 2.4 s). Waiting here costs an arrival a turn or two; nobody is refused.
 */
export class ArrivalTurns {
  readonly #waiting: (() => void)[] = [];
  #scheduled = false;

  constructor(readonly perTurn = 16) {}

  /** Resolves when it is this arrival's turn (in a quiet server, at the end of this turn). */
  turn(): Promise<void> {
    const { promise, resolve } = Promise.withResolvers<void>();
    this.#waiting.push(resolve);
    if (!this.#scheduled) {
      this.#scheduled = true;
      setImmediate(this.#letIn);
    }
    return promise;
  }

  /** How many wait now (for /metrics). */
  get waiting(): number {
    return this.#waiting.length;
  }

  readonly #letIn = (): void => {
    for (const resolve of this.#waiting.splice(0, this.perTurn)) resolve();
    if (this.#waiting.length > 0) setImmediate(this.#letIn);
    else this.#scheduled = false;
  };
}
