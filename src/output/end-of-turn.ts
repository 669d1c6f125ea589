/** Something holding output back until the end of the event-loop turn. */
export interface Flushable {
  /** Sends what is held. Must not throw: one failing target must not stop the others. */
  flush(): void;
}

let pending: Flushable[] = [];
let scheduled = false;

function flushAll(): void {
  const due = pending;
  pending = [];
  scheduled = false;
  for (const target of due) target.flush();
}

/**
 * Flushes `target` once everything this turn of the event loop produced is queued.
 * Fan-out servers win by coalescing: when the server is busy, one turn handles many
 * inputs, and each socket then gets one write for all of them instead of one per event;
 * when it is idle, a turn is one event and nothing waits. Callers schedule a target at
 * most once per turn (they keep their own flag).
 */
export function flushAtEndOfTurn(target: Flushable): void {
  pending.push(target);
  if (scheduled) return;
  scheduled = true;
  setImmediate(flushAll);
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
