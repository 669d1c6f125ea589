import type { RedisClient } from "bun";
import type { FrameInlet, FrameOutlet } from "../chat/cluster/frame-outlet.ts";
import { KEYS } from "./scripts.ts";

/** What ends a stream on its channel: a frame is never empty. */
const END = "";

const decoder = new TextDecoder();

/**
 * The channels on which instances send each other the frames of a stream (see
 * `FrameOutlet`): one per stream, on this instance's subscriber connection, so that
 * PUBLISH answers 0 to the sender once the stream here closed.
 */
export class FrameChannels {
  readonly #inlets = new Map<string, (frame: string | undefined) => void>();
  #lastInlet = 0;

  constructor(
    private readonly instance: string,
    /** A connection in subscriber mode (the relay's). */
    private readonly listener: RedisClient,
    /** The connection for commands, to publish on. */
    private readonly commands: RedisClient,
  ) {}

  /** See `ChatBackend.openInlet`. */
  async open(onFrame: (frame: string | undefined) => void): Promise<FrameInlet> {
    const channel = KEYS.frames(this.instance, ++this.#lastInlet);
    this.#inlets.set(channel, onFrame);
    await this.listener.subscribe(channel, (message) => {
      if (message !== END) return void this.#inlets.get(channel)?.(message);
      this.#inlets.delete(channel);
      onFrame(undefined);
    });
    return {
      channel,
      close: () => {
        if (!this.#inlets.delete(channel)) return;
        this.listener.unsubscribe(channel).catch(() => {});
      },
    };
  }

  /** See `ChatBackend.outlet`. */
  outlet(channel: string): FrameOutlet {
    return new PublishedOutlet(this.commands, channel);
  }

  /** The subscriptions are gone (the link was lost): every stream fed here ends, and its page reconnects. */
  endAll(): void {
    const ending = [...this.#inlets.values()];
    this.#inlets.clear();
    for (const onFrame of ending) onFrame(undefined);
  }
}

/** Frames published, in order, on one connection, until nobody listens. */
class PublishedOutlet implements FrameOutlet {
  #open = true;

  constructor(
    private readonly commands: RedisClient,
    private readonly channel: string,
  ) {}

  get open(): boolean {
    return this.#open;
  }

  send(frame: Uint8Array): void {
    this.#publish(decoder.decode(frame));
  }

  end(): void {
    this.#publish(END);
    this.#open = false;
  }

  #publish(message: string): void {
    if (!this.#open) return;
    this.commands.send("PUBLISH", [this.channel, message]).then(
      (listeners) => Number(listeners) === 0 && (this.#open = false),
      () => (this.#open = false),
    );
  }
}
