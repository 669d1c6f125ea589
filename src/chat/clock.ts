/** Milliseconds since the epoch. Injected so tests can fix time. */
export type Clock = () => number;

export const systemClock: Clock = () => Date.now();
