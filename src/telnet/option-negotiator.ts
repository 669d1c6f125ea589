import { DO, DONT, IAC, TIMING_MARK, WILL, WONT } from "./telnet-codes.ts";

/** Which end of the connection an option is enabled on: ours (WILL/WONT) or the client's (DO/DONT). */
export type OptionSide = "us" | "him";

/** An option that was switched on or off by the latest negotiation. */
export interface OptionChange {
  readonly side: OptionSide;
  readonly option: number;
  readonly enabled: boolean;
}

/** RFC 1143 states. There is no WANTNO: this server never asks to switch an option off. */
const enum Q {
  No,
  Yes,
  WantYes,
}

/**
 * Telnet option negotiation by RFC 1143's Q method, so that no exchange can loop:
 * a refusal (WONT/DONT) is never answered with a refusal, an answer to our own request
 * is not answered again, and each option is asked for at most once per connection.
 *
 * Options outside the accepted sets are refused (DO x -> WONT x, WILL x -> DONT x), once
 * per option: a confused client repeating a request cannot start a ping-pong.
 * DO TIMING-MARK is answered WONT TIMING-MARK every time, since each Ctrl-C of the Debian
 * client waits for that answer before it shows any more output.
 */
export class OptionNegotiator {
  readonly #state = { us: new Uint8Array(256), him: new Uint8Array(256) };
  readonly #asked = { us: new Uint8Array(256), him: new Uint8Array(256) };
  readonly #refused = { us: new Uint8Array(256), him: new Uint8Array(256) };

  constructor(
    /** Options we agree to enable on our side when asked (DO x -> WILL x). */
    private readonly acceptUs: ReadonlySet<number>,
    /** Options we agree to let the client enable (WILL x -> DO x). */
    private readonly acceptHim: ReadonlySet<number>,
  ) {}

  /** Whether `option` is enabled on `side`. */
  isEnabled(side: OptionSide, option: number): boolean {
    return this.#state[side][option] === Q.Yes;
  }

  /** Asks for `option` on `side` (IAC WILL / IAC DO), unless it was asked for before or is on. */
  request(side: OptionSide, option: number, reply: number[]): void {
    if (this.#asked[side][option] || this.#state[side][option] !== Q.No) return;
    this.#asked[side][option] = 1;
    this.#state[side][option] = Q.WantYes;
    reply.push(IAC, side === "us" ? WILL : DO, option);
  }

  /** Handles IAC `verb` `option` from the client; appends any answer to `reply`. */
  receive(verb: number, option: number, reply: number[]): OptionChange | undefined {
    if (verb === DO && option === TIMING_MARK) {
      reply.push(IAC, WONT, TIMING_MARK);
      return undefined;
    }
    const side: OptionSide = verb === DO || verb === DONT ? "us" : "him";
    const enable = verb === DO || verb === WILL;
    const [yes, no] = side === "us" ? [WILL, WONT] : [DO, DONT];
    const states = this.#state[side];
    const accepted = (side === "us" ? this.acceptUs : this.acceptHim).has(option);
    switch (states[option]) {
      case Q.No:
        if (!enable) return undefined;
        if (accepted) {
          states[option] = Q.Yes;
          reply.push(IAC, yes, option);
          return { side, option, enabled: true };
        }
        if (!this.#refused[side][option]) reply.push(IAC, no, option);
        this.#refused[side][option] = 1;
        return undefined;
      case Q.Yes:
        if (enable) return undefined;
        states[option] = Q.No;
        reply.push(IAC, no, option);
        return { side, option, enabled: false };
      case Q.WantYes:
        // The answer to our own request: agreed or refused, it is not answered back.
        states[option] = enable ? Q.Yes : Q.No;
        return enable ? { side, option, enabled: true } : undefined;
    }
    return undefined;
  }
}
