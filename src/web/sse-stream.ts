import { flushAtEndOfTurn, joinChunks } from "../output/end-of-turn.ts";

/** A comment line: keeps proxies from closing a quiet stream and lets us notice dead ones. */
export const PING = new TextEncoder().encode(": ping\n\n");

/** Why a stream ended, for logs and metrics. */
export type StreamEnd = "closed" | "client-gone" | "lagging";

/**
 * One open `text/event-stream` response. Frames are bytes encoded once by the caller
 * and enqueued as they are, to as many streams as need them. The queue is bounded:
 * a reader that falls more than `maxBufferedBytes` behind is cut off (its browser
 * reconnects and catches up from history with `Last-Event-ID`).
 */
export class SseStream {
  readonly response: Response;
  #controller!: ReadableStreamDefaultController<Uint8Array>;
  #open = true;
  /** Frames sent this turn, not yet handed to the response. */
  #pending: Uint8Array[] = [];
  #pendingBytes = 0;
  /** Sizes of the chunks the response has not taken yet, oldest first. */
  #enqueued: number[] = [];

  constructor(
    private readonly maxBufferedBytes: number,
    private readonly onEnd: (stream: SseStream, why: StreamEnd) => void,
    signal?: AbortSignal,
  ) {
    const body = new ReadableStream<Uint8Array>(
      {
        start: (controller) => {
          this.#controller = controller;
        },
        cancel: () => this.#finish("client-gone"),
      },
      // Counted in chunks, not bytes: with a byte-sized high-water mark Bun keeps a buffer
      // that large per stream (measured: +50 KB of RSS per stream for a 50 KB first chunk).
      { highWaterMark: 1 },
    );
    signal?.addEventListener("abort", () => this.#finish("client-gone"), { once: true });
    this.response = new Response(body, {
      headers: {
        "Content-Type": "text/event-stream; charset=utf-8",
        "Cache-Control": "no-store, no-transform",
        "X-Accel-Buffering": "no",
      },
    });
  }

  get isOpen(): boolean {
    return this.#open;
  }

  /**
   * Queues a frame. Frames wait for the end of the event-loop turn and go to the
   * response as one chunk: each chunk costs Bun a pass through its stream machinery.
   */
  send(frame: Uint8Array): void {
    if (!this.#open) return;
    this.#pending.push(frame);
    this.#pendingBytes += frame.length;
    if (this.#pending.length === 1) flushAtEndOfTurn(this);
  }

  /** Hands the frames of this turn to the response; cuts the stream off if its reader lags too far behind. */
  flush(): void {
    if (!this.#open || this.#pending.length === 0) return;
    const chunk = joinChunks(this.#pending, this.#pendingBytes);
    this.#pending = [];
    this.#pendingBytes = 0;
    this.#controller.enqueue(chunk);
    if (this.#queuedBytes(chunk.length) > this.maxBufferedBytes) {
      // Erroring (not closing) drops the queue and the connection at once.
      this.#controller.error(new Error("SSE reader fell too far behind"));
      this.#finish("lagging");
    }
  }

  /**
   * Bytes still waiting in the response's queue, `added` just now. The queue counts
   * chunks (its desired size falls by one per chunk nobody took yet), and it is first
   * in, first out: so the waiting bytes are those of the newest chunks enqueued.
   */
  #queuedBytes(added: number): number {
    this.#enqueued.push(added);
    const waiting = 1 - (this.#controller.desiredSize ?? 1);
    if (this.#enqueued.length > waiting) this.#enqueued.splice(0, this.#enqueued.length - waiting);
    let bytes = 0;
    for (const size of this.#enqueued) bytes += size;
    return bytes;
  }

  /** Ends the stream after what is queued has been sent. */
  end(): void {
    this.flush();
    if (!this.#open) return;
    this.#controller.close();
    this.#finish("closed");
  }

  #finish(why: StreamEnd): void {
    if (!this.#open) return;
    this.#open = false;
    this.onEnd(this, why);
  }
}
