import type { Clock, Timer } from "../chat/index.ts";

/**
 * How long a connection saying goodbye (shutdown included) may take to flush what it was
 * sent before it is cut, on every transport: time enough for a client on a slow link, and
 * a stop is never held up for longer by one that stopped reading.
 */
export const CLOSE_GRACE_MS = 2000;

/** "done" when `work` settles within `ms`, else "late"; the timer does not outlive the answer. */
export async function withinCloseGrace(work: Promise<unknown>, clock: Clock, ms = CLOSE_GRACE_MS): Promise<"done" | "late"> {
  let timer: Timer | undefined;
  const late = new Promise<"late">((resolve) => (timer = clock.after(ms, () => resolve("late"))));
  try {
    return await Promise.race([work.then(() => "done" as const), late]);
  } finally {
    timer?.cancel();
  }
}
