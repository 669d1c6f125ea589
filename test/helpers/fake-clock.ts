import type { Clock, Timer } from "../../src/chat/clock.ts";

/**
 * A clock that only moves when told to (`advance`), with timers that fire as it passes
 * them, in the order they are due. Sleeps end at once without moving it: a test does not
 * wait out a delay that only spaces out guesses; `slept` says what was asked for.
 */
export class FakeClock implements Clock {
  #now: number;
  #timers: { at: number; every?: number; work: () => void; cancelled: boolean }[] = [];
  /** Every `sleep` asked for, in ms, in order. */
  readonly slept: number[] = [];

  constructor(start = Date.UTC(2026, 0, 1, 12, 0)) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  after(ms: number, work: () => void): Timer {
    return this.#set(ms, work);
  }

  every(ms: number, work: () => void): Timer {
    return this.#set(ms, work, Math.max(1, ms));
  }

  sleep(ms: number): Promise<void> {
    this.slept.push(ms);
    return Promise.resolve();
  }

  /** Timers not yet run nor cancelled. */
  get pending(): number {
    return this.#timers.filter((t) => !t.cancelled).length;
  }

  /** Moves time on by `ms`, running each timer due on the way at its own time. */
  advance(ms: number): void {
    const until = this.#now + ms;
    for (;;) {
      const due = this.#timers.filter((t) => !t.cancelled && t.at <= until).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.#now = Math.max(this.#now, due.at);
      if (due.every) due.at += due.every;
      else due.cancelled = true;
      due.work();
    }
    this.#timers = this.#timers.filter((t) => !t.cancelled);
    this.#now = until;
  }

  #set(ms: number, work: () => void, every?: number): Timer {
    const timer = { at: this.#now + Math.max(0, ms), every, work, cancelled: false };
    this.#timers.push(timer);
    return { cancel: () => (timer.cancelled = true) };
  }
}
