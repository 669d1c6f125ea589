/** The part of a Bun socket the output queue writes to. */
export interface ByteSink {
  /** Writes what it can right now and returns how many bytes that was (negative when closed). */
  write(bytes: Uint8Array): number;
  /** Sends FIN once everything written has gone out. */
  end(): void;
}

/**
 * A socket's pending output. Bun's `socket.write` takes only what the kernel accepts
 * and keeps nothing, so the rest waits here until `drain`. The queue is capped: a client
 * that stops reading must not grow server memory, so past `maxBytes` the queue refuses
 * and the owner drops the client.
 *
 * Chunks are held by reference (they are often one rendering shared by every socket),
 * and a partly written chunk is kept as a view of its unsent tail.
 */
export class OutputQueue {
  readonly #chunks: Uint8Array[] = [];
  #queued = 0;
  #ending = false;
  #ended = false;

  constructor(
    private readonly socket: ByteSink,
    readonly maxBytes: number,
  ) {}

  /** Bytes waiting for the socket to drain. */
  get queuedBytes(): number {
    return this.#queued;
  }

  /**
   * Sends `bytes` now if nothing is waiting, else queues them behind what is (order
   * is kept). False when the queue would pass its cap: the bytes were not taken.
   */
  write(bytes: Uint8Array): boolean {
    if (this.#ending || bytes.length === 0) return true;
    if (this.#queued === 0) {
      const written = Math.max(0, this.socket.write(bytes));
      if (written === bytes.length) return true;
      bytes = bytes.subarray(written);
    }
    if (this.#queued + bytes.length > this.maxBytes) return false;
    this.#chunks.push(bytes);
    this.#queued += bytes.length;
    return true;
  }

  /** Called on `drain`: writes what is queued, as one write, then ends if asked to. */
  flush(): void {
    if (this.#queued > 0) {
      // One syscall for the whole backlog instead of one per event.
      const pending = this.#chunks.length === 1 ? this.#chunks[0]! : Buffer.concat(this.#chunks, this.#queued);
      const written = Math.max(0, this.socket.write(pending));
      this.#chunks.length = 0;
      this.#queued = 0;
      if (written < pending.length) {
        this.#chunks.push(pending.subarray(written));
        this.#queued = pending.length - written;
        return;
      }
    }
    if (this.#ending) this.#end();
  }

  /** Ends the socket once the queue is empty (`end(data)` would truncate a large tail). */
  endWhenFlushed(): void {
    if (this.#ending) return;
    this.#ending = true;
    if (this.#queued === 0) this.#end();
  }

  #end(): void {
    if (this.#ended) return;
    this.#ended = true;
    this.socket.end();
  }
}
