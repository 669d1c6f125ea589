/** The reading side of a socket: Bun's TCP socket has both. */
export interface PausableSource {
  /** Stops reading: the client's further bytes wait in the kernel (TCP backpressure). */
  pause(): void;
  resume(): void;
}

export interface InputPacerLimits {
  /** Bytes handled per connection per event-loop turn. */
  readonly inputSlice: number;
  /** Bytes received but not yet handled past which the client is refused. */
  readonly maxHeldInput: number;
}

/**
 * Hands one connection's input on a slice at a time, so that no client can hold the event
 * loop: a slice is handled at once, and the rest of a read waits for a later turn (one
 * slice per connection per turn, so connections with a backlog take turns fairly). While
 * a backlog waits the socket is paused, so the client's further bytes stay in the kernel
 * rather than in server memory. Bytes are handed on exactly in the order they came.
 */
export class InputPacer {
  /** Received and not yet handed on, oldest first. */
  #held: Uint8Array[] = [];
  #heldBytes = 0;
  #scheduled = false;
  #stopped = false;
  /** Runs once the backlog is handled (the client ended after sending it). */
  #whenIdle: (() => void) | undefined;

  /** `handle` must not throw: it also runs from a timer, where nothing would catch it. */
  constructor(
    private readonly source: PausableSource,
    private readonly handle: (bytes: Uint8Array) => void,
    private readonly limits: InputPacerLimits,
  ) {}

  /** Bytes arrived. False when holding them would pass `maxHeld`: the caller should cut the client off. */
  receive(chunk: Uint8Array): boolean {
    if (this.#stopped) return true;
    if (!this.#scheduled) {
      // Mostly a read is small, and is handled whole right away.
      if (chunk.length <= this.limits.inputSlice) {
        this.handle(chunk);
        return true;
      }
      this.handle(chunk.subarray(0, this.limits.inputSlice));
      if (this.#stopped) return true;
      chunk = chunk.subarray(this.limits.inputSlice);
    }
    if (this.#heldBytes + chunk.length > this.limits.maxHeldInput) return false;
    // A copy: the read buffer is Bun's, and nothing says it is not reused.
    this.#held.push(chunk.slice());
    this.#heldBytes += chunk.length;
    if (!this.#scheduled) {
      this.#scheduled = true;
      this.source.pause();
      setImmediate(this.#next);
    }
    return true;
  }

  /** Runs `work` once everything received so far has been handed on (at once if it has). */
  whenIdle(work: () => void): void {
    if (this.#scheduled) this.#whenIdle = work;
    else work();
  }

  /** Hands on nothing more. Reading resumes, so what the client still sends is read and dropped, not left waiting. */
  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#held = [];
    this.#heldBytes = 0;
    this.#whenIdle = undefined;
    if (this.#scheduled) this.source.resume();
  }

  /** One turn's slice of the backlog. */
  readonly #next = (): void => {
    if (this.#stopped) return;
    let budget = this.limits.inputSlice;
    while (budget > 0 && this.#held.length > 0) {
      const first = this.#held[0]!;
      const part = first.subarray(0, budget);
      if (part.length === first.length) this.#held.shift();
      else this.#held[0] = first.subarray(part.length);
      this.#heldBytes -= part.length;
      budget -= part.length;
      this.handle(part);
      if (this.#stopped) return;
    }
    if (this.#heldBytes > 0) return void setImmediate(this.#next);
    this.#scheduled = false;
    this.source.resume();
    const whenIdle = this.#whenIdle;
    this.#whenIdle = undefined;
    whenIdle?.();
  };
}
