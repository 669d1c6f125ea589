import { flushAtEndOfTurn, joinChunks } from "../output/end-of-turn.ts";

/** A comment line: keeps proxies from closing a quiet stream and lets us notice dead ones. */
export const PING = new TextEncoder().encode(": ping\n\n");

/** Why a stream ended, for logs and metrics. */
export type StreamEnd = "closed" | "client-gone" | "lagging";

/** Who hears that a stream ended (a method, not a closure per stream: there may be 10,000 streams). */
export interface StreamOwner {
  streamEnded(stream: SseStream, why: StreamEnd): void;
}

/**
 * One open `text/event-stream` response. Frames are bytes encoded once by the caller
 * and written as they are, to as many streams as need them.
 *
 * The body is a direct stream: each turn's frames go straight into Bun's sink for the
 * connection, with no JavaScript queue, reader or promise per chunk in between. The
 * sink keeps what the socket cannot take yet, and says so (its write returns a promise
 * until it has drained). What it keeps is bounded: a reader that falls more than
 * `maxBufferedBytes` behind is cut off, and its browser reconnects and catches up from
 * history with `Last-Event-ID`.
 */
export class SseStream implements Bun.DirectUnderlyingSource {
  /** The stream is its response body's own source (see `pull` and `cancel`). */
  readonly type = "direct";
  readonly response: Response;
  /** Bun's sink for this response, from the moment Bun starts sending the body. */
  #sink: ReadableStreamDirectController | undefined;
  #open = true;
  /** end() was called before Bun asked for the body. */
  #ending = false;
  /** Frames sent this turn, not yet handed to the sink. */
  #pending: Uint8Array[] = [];
  #pendingBytes = 0;
  /** Bytes written since the sink last said it was backed up, while it still is. */
  #backlog = 0;
  #waitingForDrain = false;

  /**
   * `dropConnection` closes the connection from the server's side (Bun.serve's request
   * timeout does it quietly); without one, a lagging stream is closed with an error,
   * which Bun also logs.
   */
  constructor(
    private readonly maxBufferedBytes: number,
    private readonly owner: StreamOwner,
    private readonly dropConnection?: () => void,
  ) {
    // With "DOM" in tsconfig's lib, ReadableStream's constructor type has no direct overload.
    const body = new ReadableStream(this as unknown as UnderlyingDefaultSource<Uint8Array>);
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

  /** Direct source: Bun.serve calls this once; returning without closing keeps the stream open. */
  pull(sink: ReadableStreamDirectController): void {
    this.#sink = sink;
    this.flush();
    if (this.#ending) this.end();
  }

  /** Direct source: the client went away (tab closed, connection cut, idle timeout). */
  cancel(): void {
    this.#finish("client-gone");
  }

  /** Queues the parts of one message (see `EventFrames.reset`), in order. */
  sendParts(parts: readonly Uint8Array[]): void {
    for (const part of parts) this.send(part);
  }

  /**
   * Queues a frame. Frames wait for the end of the event-loop turn and go to the sink
   * as one write: each write costs a pass through Bun's sink and, when the socket is
   * free, one segment.
   */
  send(frame: Uint8Array): void {
    if (!this.#open) return;
    this.#pending.push(frame);
    this.#pendingBytes += frame.length;
    if (this.#pending.length === 1) flushAtEndOfTurn(this);
  }

  /** Writes the frames of this turn; cuts the stream off if its reader lags too far behind. */
  flush(): void {
    const sink = this.#sink;
    if (!this.#open || !sink || this.#pending.length === 0) return;
    const chunk = joinChunks(this.#pending, this.#pendingBytes);
    // Reused rather than replaced: a busy server flushes every stream every turn.
    this.#pending.length = 0;
    this.#pendingBytes = 0;
    const written = sink.write(chunk);
    const flushed = sink.flush();
    const drained = typeof written !== "number" ? written : typeof flushed !== "number" ? flushed : undefined;
    if (!drained && !this.#waitingForDrain) return;
    this.#backlog += chunk.length;
    if (this.#backlog > this.maxBufferedBytes) return this.#cutOff(sink);
    if (drained && !this.#waitingForDrain) {
      this.#waitingForDrain = true;
      drained.then(
        () => {
          this.#waitingForDrain = false;
          this.#backlog = 0;
        },
        () => this.#finish("client-gone"),
      );
    }
  }

  /** Ends the stream after what is queued has been sent. */
  end(): void {
    if (!this.#open) return;
    if (!this.#sink) {
      this.#ending = true;
      return;
    }
    this.flush();
    if (!this.#open) return;
    this.#sink.end();
    this.#finish("closed");
  }

  /** Writes nothing more, and has the connection dropped with what the sink holds. */
  #cutOff(sink: ReadableStreamDirectController): void {
    this.#finish("lagging");
    if (this.dropConnection) this.dropConnection();
    else sink.close(new Error("SSE reader fell too far behind"));
  }

  #finish(why: StreamEnd): void {
    if (!this.#open) return;
    this.#open = false;
    this.#pending.length = 0;
    this.owner.streamEnded(this, why);
  }
}
