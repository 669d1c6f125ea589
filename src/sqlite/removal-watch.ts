import { statSync } from "node:fs";
import type { Clock, Timer } from "../chat/clock.ts";

/** How often the file is checked for still being there: a stat, which costs microseconds. */
const REMOVAL_CHECK_MS = 2000;

/**
 * An open file that is deleted (or its folder) keeps taking writes without an error,
 * and everything is gone at the next start. Nothing reports that, so it is looked for:
 * `log` hears of it once. Cancel the timer when the file is closed.
 */
export function watchForRemoval(path: string, log: (line: string) => void, clock: Clock): Timer {
  const inode = statSync(path).ino;
  const watch = clock.every(REMOVAL_CHECK_MS, () => {
    if (statSync(path, { throwIfNoEntry: false })?.ino === inode) return;
    watch.cancel();
    log(`history: ${path} was removed or replaced while running; what is written from now on is lost at the next start`);
  });
  return watch;
}
