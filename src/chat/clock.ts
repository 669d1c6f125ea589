/** A timer set on a `Clock`: `cancel` calls it off (safe once it ran, and more than once). */
export interface Timer {
  cancel(): void;
}

/**
 * Time, as the whole server reads and waits on it: what the chat stamps on events, when
 * bans and mutes end, and every timer of every transport and store. Injected, so that a
 * test can fix time and move it by hand (see `test/helpers/fake-clock.ts`); nothing else
 * in `src/` reads the system's time or sets a timer of its own.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Runs `work` once, `ms` from now. */
  after(ms: number, work: () => void): Timer;
  /** Runs `work` every `ms`, until cancelled. */
  every(ms: number, work: () => void): Timer;
  /** Resolves `ms` from now. */
  sleep(ms: number): Promise<void>;
}

/**
 * The system's time. Its timers never keep the process up on their own: each guards
 * something that does (a socket, a stream, a listener), and a stopped server must not
 * wait 30 s for a grace period nobody needs any more.
 */
export const systemClock: Clock = {
  now: () => Date.now(),
  after(ms, work) {
    const timer = setTimeout(work, ms);
    timer.unref?.();
    return { cancel: () => clearTimeout(timer) };
  },
  every(ms, work) {
    const timer = setInterval(work, ms);
    timer.unref?.();
    return { cancel: () => clearInterval(timer) };
  },
  sleep: (ms) => Bun.sleep(ms),
};
