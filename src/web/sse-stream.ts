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

  constructor(
    maxBufferedBytes: number,
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
      { highWaterMark: maxBufferedBytes, size: (chunk) => chunk?.byteLength ?? 0 },
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

  /** Queues a frame; false when the stream is closed or was just cut off for lagging. */
  send(frame: Uint8Array): boolean {
    if (!this.#open) return false;
    this.#controller.enqueue(frame);
    if ((this.#controller.desiredSize ?? 0) < 0) {
      // Erroring (not closing) drops the queue and the connection at once.
      this.#controller.error(new Error("SSE reader fell too far behind"));
      this.#finish("lagging");
      return false;
    }
    return true;
  }

  /** Ends the stream after what is queued has been sent. */
  end(): void {
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
