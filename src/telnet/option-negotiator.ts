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

const STATE = 0b011;
const ASKED = 0b100;
const REFUSED = 0b1000;

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
  /**
   * One byte per (side, option): the Q state in the low bits, ASKED and REFUSED above.
   * Made on the first negotiation: nc clients never negotiate, and a server holds
   * thousands of them.
   */
  #flags: Uint8Array | undefined;

  constructor(
    /** Options we agree to enable on our side when asked (DO x -> WILL x). */
    private readonly acceptUs: ReadonlySet<number>,
    /** Options we agree to let the client enable (WILL x -> DO x). */
    private readonly acceptHim: ReadonlySet<number>,
  ) {}

  /** Whether `option` is enabled on `side`. */
  isEnabled(side: OptionSide, option: number): boolean {
    return this.#state(side, option) === Q.Yes;
  }

  /** Asks for `option` on `side` (IAC WILL / IAC DO), unless it was asked for before or is on. */
  request(side: OptionSide, option: number, reply: number[]): void {
    if (this.#has(side, option, ASKED) || this.#state(side, option) !== Q.No) return;
    this.#mark(side, option, ASKED);
    this.#setState(side, option, Q.WantYes);
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
    const accepted = (side === "us" ? this.acceptUs : this.acceptHim).has(option);
    switch (this.#state(side, option)) {
      case Q.No:
        if (!enable) return undefined;
        if (accepted) {
          this.#setState(side, option, Q.Yes);
          reply.push(IAC, yes, option);
          return { side, option, enabled: true };
        }
        if (!this.#has(side, option, REFUSED)) reply.push(IAC, no, option);
        this.#mark(side, option, REFUSED);
        return undefined;
      case Q.Yes:
        if (enable) return undefined;
        this.#setState(side, option, Q.No);
        reply.push(IAC, no, option);
        return { side, option, enabled: false };
      case Q.WantYes:
        // The answer to our own request: agreed or refused, it is not answered back.
        this.#setState(side, option, enable ? Q.Yes : Q.No);
        return enable ? { side, option, enabled: true } : undefined;
    }
    return undefined;
  }

  #index(side: OptionSide, option: number): number {
    return (side === "us" ? 0 : 256) + option;
  }

  #state(side: OptionSide, option: number): Q {
    return ((this.#flags?.[this.#index(side, option)] ?? 0) & STATE) as Q;
  }

  #has(side: OptionSide, option: number, flag: number): boolean {
    return ((this.#flags?.[this.#index(side, option)] ?? 0) & flag) !== 0;
  }

  #setState(side: OptionSide, option: number, state: Q): void {
    const flags = (this.#flags ??= new Uint8Array(512));
    const i = this.#index(side, option);
    flags[i] = (flags[i]! & ~STATE) | state;
  }

  #mark(side: OptionSide, option: number, flag: number): void {
    const flags = (this.#flags ??= new Uint8Array(512));
    flags[this.#index(side, option)]! |= flag;
  }
}
