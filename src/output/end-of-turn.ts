/** Something holding output back until the end of the event-loop turn. */
export interface Flushable {
  /** Sends what is held. Should not throw; if it does, the others are flushed anyway. */
  flush(): void;
}

/** Targets of the round being flushed, and how far it got. */
let round: Flushable[] = [];
let next = 0;
/** Targets scheduled since that round began: the next round. */
let pending: Flushable[] = [];
let scheduled = false;

/**
 * Targets flushed before the event loop gets to read input again. A round over 1,000
 * sockets takes ~8 ms of writes here; in slices, a message that arrives meanwhile is
 * queued at once, so the sockets not yet written send it in the same write as the
 * message before (fewer writes in all), and the rest get it in the next round.
 */
const SLICE = 64;

function flushSlice(): void {
  if (next >= round.length) {
    round = pending;
    pending = [];
    next = 0;
  }
  const end = Math.min(round.length, next + SLICE);
  while (next < end) {
    const target = round[next++]!;
    try {
      target.flush();
    } catch (error) {
      // A bug in one target's flush must not stop everyone's output (nor this loop's schedule).
      console.error(`output flush failed: ${String(error)}`);
    }
  }
  if (next < round.length || pending.length > 0) setImmediate(flushSlice);
  else scheduled = false;
}

/**
 * Flushes `target` once everything this turn of the event loop produced is queued.
 * Fan-out servers win by coalescing: when the server is busy, one turn handles many
 * inputs, and each socket then gets one write for all of them instead of one per event;
 * when it is idle, a turn is one event and nothing waits. Callers schedule a target at
 * most once until it has flushed (they keep their own flag).
 */
export function flushAtEndOfTurn(target: Flushable): void {
  pending.push(target);
  if (scheduled) return;
  scheduled = true;
  setImmediate(flushSlice);
}

let lastParts: readonly Uint8Array[] = [];
let lastJoined: Uint8Array = new Uint8Array(0);

/**
 * Joins `parts` into one buffer. In a broadcast most sockets hold the very same chunks
 * (one rendering shared by all), so the last result is reused when the parts are the
 * same objects: one copy per turn instead of one per socket.
 */
export function joinChunks(parts: readonly Uint8Array[], length: number): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  if (parts.length === lastParts.length && parts.every((part, i) => part === lastParts[i])) return lastJoined;
  lastJoined = Buffer.concat(parts, length);
  lastParts = parts.slice();
  return lastJoined;
}
