/** Milliseconds since the epoch. Injected so tests can fix time. */
export type Clock = () => number;

export const systemClock: Clock = () => Date.now();

/** Runs `work` after `ms` milliseconds. Injected with the clock, so tests move both together. */
export type Scheduler = (ms: number, work: () => void) => void;

/** Real timers that do not keep the process alive on their own. */
export const systemScheduler: Scheduler = (ms, work) => {
  setTimeout(work, ms).unref?.();
};
