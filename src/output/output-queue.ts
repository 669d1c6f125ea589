import { flushAtEndOfTurn, joinChunks } from "./end-of-turn.ts";

/** The part of a Bun socket the output queue writes to. */
export interface ByteSink {
  /** Writes what it can right now and returns how many bytes that was (negative when closed). */
  write(bytes: Uint8Array): number;
  /** Sends FIN once everything written has gone out. */
  end(): void;
}

/**
 * A socket's pending output. Writes are held until the end of the event-loop turn and
 * then sent as one write (see `flushAtEndOfTurn`). Bun's `socket.write` takes only what
 * the kernel accepts and keeps nothing, so the rest waits here until `drain`. The queue
 * is capped: a client that stops reading must not grow server memory, so past
 * `maxBytes` the queue refuses and the owner drops the client.
 *
 * Chunks are held by reference (they are often one rendering shared by every socket),
 * and a partly written chunk is kept as a view of its unsent tail.
 */
export class OutputQueue {
  #chunks: Uint8Array[] = [];
  #queued = 0;
  /** A flush is due at the end of this turn. */
  #scheduled = false;
  /** The kernel buffer is full: the next flush comes with `drain`. */
  #blocked = false;
  #ending = false;
  #ended = false;

  constructor(
    private readonly socket: ByteSink,
    readonly maxBytes: number,
  ) {}

  /** Bytes not yet handed to the socket. */
  get queuedBytes(): number {
    return this.#queued;
  }

  /** Queues `bytes` behind what is waiting. False when that would pass the cap: the bytes were not taken. */
  write(bytes: Uint8Array): boolean {
    if (this.#ending || bytes.length === 0) return true;
    if (this.#queued + bytes.length > this.maxBytes) return false;
    this.#chunks.push(bytes);
    this.#queued += bytes.length;
    this.#schedule();
    return true;
  }

  /** Writes everything queued as one write (at the end of a turn, and on `drain`), then ends if asked to. */
  flush(): void {
    this.#scheduled = false;
    if (this.#queued > 0) {
      const pending = joinChunks(this.#chunks, this.#queued);
      const written = Math.max(0, this.socket.write(pending));
      if (written < pending.length) {
        this.#chunks = [pending.subarray(written)];
        this.#queued = pending.length - written;
        this.#blocked = true;
        return;
      }
      // Reused rather than replaced: a busy server flushes every socket every turn.
      this.#chunks.length = 0;
      this.#queued = 0;
    }
    this.#blocked = false;
    if (this.#ending) this.#end();
  }

  /** Ends the socket once the queue is empty (`end(data)` would truncate a large tail). */
  endWhenFlushed(): void {
    if (this.#ending) return;
    this.#ending = true;
    if (this.#queued === 0) this.#end();
    else this.#schedule();
  }

  #schedule(): void {
    if (this.#scheduled || this.#blocked) return;
    this.#scheduled = true;
    flushAtEndOfTurn(this);
  }

  #end(): void {
    if (this.#ended) return;
    this.#ended = true;
    this.socket.end();
  }
}
