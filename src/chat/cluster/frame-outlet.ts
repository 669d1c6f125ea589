/**
 * Where the frames of a member's stream go when another instance holds that stream (a
 * second tab whose requests reach another instance). The member lives on one instance,
 * whose transport renders what it is sent once, as for its own streams, and hands the
 * bytes here; the other instance writes them to its stream as they come, in order.
 * The chat neither reads nor makes the bytes.
 */
export interface FrameOutlet {
  /** Sends one frame on. */
  send(frame: Uint8Array): void;
  /** False once nobody listens there any more: the stream closed, or its instance is gone. */
  readonly open: boolean;
  /** The member's session ended here: the stream there ends too. */
  end(): void;
}

/** A channel this instance opened to receive the frames of a stream another instance renders (see `FrameOutlet`). */
export interface FrameInlet {
  /** What the other instance names to send there. */
  readonly channel: string;
  /** Stops listening: the stream here closed (the other instance's outlet then reads as closed). */
  close(): void;
}
