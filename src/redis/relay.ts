import type { RedisClient } from "bun";
import type { Timer } from "../chat/clock.ts";
import type { RelayedRequest } from "../chat/cluster/backend.ts";
import { fail, type Result } from "../chat/result.ts";
import { errorText } from "./error-text.ts";
import { paused } from "./link-state.ts";
import type { FrameChannels } from "./frame-channels.ts";
import type { PartContext } from "./part-context.ts";
import { KEYS } from "./scripts.ts";

/** How long a request relayed to another instance waits for its answer. */
const RELAY_TIMEOUT_MS = 5000;

const NO_ANSWER = "The server your page is connected to did not answer; please try again.";

/** A request on the relay channel of the instance it is for. */
type RelayRequest = { id: number; from: string; request: RelayedRequest };

/** A message on an instance's relay channel: a request for it, or the answer to one it sent. */
type RelayMessage = RelayRequest | { id: number; answer: Result<unknown> };

/**
 * Requests of members relayed, over pub/sub, to the instance they are connected to (a
 * browser's POST may reach any instance). Each instance listens on a channel of its own,
 * for requests for its members and for the answers to those it sent.
 */
export class Relay {
  /** Requests relayed to other instances, by id, until answered. */
  readonly #relays = new Map<number, { settle: (answer: Result<unknown>) => void; timer: Timer }>();
  #lastRelay = 0;

  constructor(
    private readonly context: PartContext,
    /** A connection in subscriber mode, for the relay channel. */
    private readonly listener: RedisClient,
    /** Stream channels on the same connection: lost with its subscriptions. */
    private readonly frames: Pick<FrameChannels, "endAll">,
  ) {}

  /** See `ChatBackend.relay`. */
  send(instance: string, request: RelayedRequest): Promise<Result<unknown>> {
    const { commands, clock } = this.context;
    if (!this.context.link.up) return Promise.resolve(paused("Yours was not sent."));
    const id = ++this.#lastRelay;
    const message: RelayMessage = { id, from: this.context.instance, request };
    return new Promise((settle) => {
      const timer = clock.after(RELAY_TIMEOUT_MS, () => this.#answered(id, fail("chat-paused", NO_ANSWER)));
      this.#relays.set(id, { settle, timer });
      commands.send("PUBLISH", [KEYS.relay(instance), JSON.stringify(message)]).then(
        // No one listens there: that instance is gone, and its members with it.
        (listeners: number) => listeners === 0 && this.#answered(id, fail("not-in-chat", "You are not in the chat.")),
        (error) => {
          this.context.lost(error);
          this.#answered(id, paused("Yours was not sent."));
        },
      );
    });
  }

  /** Listens on this instance's relay channel: requests for its members, answers to its own. */
  async listen(): Promise<void> {
    await this.listener.subscribe(KEYS.relay(this.context.instance), (text) => {
      let message: RelayMessage;
      try {
        message = JSON.parse(text);
      } catch {
        return;
      }
      if ("answer" in message) this.#answered(message.id, message.answer);
      else void this.#answer(message);
    });
  }

  /** Listens again after the link came back: a Redis that restarted has forgotten the subscription too. */
  async listenAgain(): Promise<void> {
    this.frames.endAll();
    await this.listener.unsubscribe().catch(() => {});
    if (!this.listener.connected) await this.listener.connect();
    await this.listen();
  }

  async #answer({ id, from, request }: RelayRequest): Promise<void> {
    let answer: Result<unknown>;
    try {
      answer = (await this.context.host()?.relayed(request)) ?? fail("not-in-chat", "You are not in the chat.");
    } catch (error) {
      this.context.log(`redis: relayed request failed (${errorText(error)})`);
      answer = fail("chat-paused", NO_ANSWER);
    }
    // The answer says whether it was sent; what was sent is not carried back.
    const reply: RelayMessage = { id, answer: answer.ok ? { ok: true, value: undefined } : answer };
    await this.context.commands.send("PUBLISH", [KEYS.relay(from), JSON.stringify(reply)]).catch((error) => this.context.lost(error));
  }

  #answered(id: number, answer: Result<unknown>): void {
    const pending = this.#relays.get(id);
    if (!pending) return;
    this.#relays.delete(id);
    pending.timer.cancel();
    pending.settle(answer);
  }
}
